/* cmd_check — `suido check run|list`: the consistency lists (漏れ防止,
 * docs/consistency.md) on the command line and as the monthly job. */
#include <stdio.h>
#include <string.h>

#include "app/checks/app_checks.h"
#include "cli/cli.h"
#include "base/csv.h"
#include "report/check_csv.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido check run [--cycle YYYY-MM]\n"
    "      漏れ防止の点検の各一覧の件数を表示します（既定は最新の調定周期）。月次の定時処理です。\n"
    "  suido check list NAME [--cycle YYYY-MM] [--csv FILE]\n"
    "      一覧 NAME（no-sewer, sewer-zero, child-sewer, diameter, no-customer, estimated, under-base）の\n"
    "      水栓を1行ずつ（水栓番号 調定番号 値1 値2）表示します。--csv は CSV（UTF-8 BOM）に書きます。\n"
    "終了コード: 0 成功、1 エラー、2 引数の誤り。\n";

static int exit_code(int rc)
{
    return rc == ERR_INVALID ? 2 : rc ? 1 : 0;
}

static int sub_run(const cli_opts *o)
{
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_check_counts c;
    int rc = app_check_counts_get(&s.ctx, cli_get(o, "cycle"), &c, &e);
    if (rc)
        cli_err("点検できません", &e);
    else {
        printf("周期 %s\n", c.cycle[0] ? c.cycle : "（調定なし）");
        for (int k = 0; k < CHECK__MAX; k++)
            printf("%-12s %8lld  %s\n", check_kind_get(k)->code, (long long)c.n[k], check_kind_get(k)->label);
    }
    cli_close(&s);
    return exit_code(rc);
}

static int sub_list(const cli_opts *o)
{
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_check_list l;
    int rc = app_check_list_get(&s.ctx, o->args[0], cli_get(o, "cycle"), 1000000, &l, &e);
    const char *csv = cli_get(o, "csv");
    if (rc)
        cli_err("点検の一覧を作れません", &e);
    else if (csv) {
        buf_t b;
        buf_init(&b, 0);
        FILE *f = NULL;
        if (!check_csv_write(&l, CSV_UTF8_BOM, &b) || !(f = fopen(csv, "wb")) || fwrite(b.data, 1, b.len, f) != b.len) {
            fprintf(stderr, "ファイルを書けません: %s\n", csv);
            rc = ERR_IO;
        }
        if (f && fclose(f) != 0 && !rc) {
            fprintf(stderr, "ファイルを書けません: %s\n", csv);
            rc = ERR_IO;
        }
        buf_free(&b);
        if (!rc)
            printf("%s: %s %lld 件（周期 %s）\n", csv, l.info->label, (long long)l.total, l.cycle);
    } else
        for (size_t i = 0; i < l.n; i++)
            printf("%s\t%lld\t%s\t%s\n", l.rows[i].tap_no, (long long)l.rows[i].bill_id, l.rows[i].a, l.rows[i].b);
    app_check_list_free(&l);
    cli_close(&s);
    return exit_code(rc);
}

int cmd_check(int argc, char **argv)
{
    static const char *const flags[] = {"help", NULL};
    static const char *const allowed[] = {"cycle", "csv", "help", NULL};
    bool help = argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "help") == 0);
    if (argc < 1 || help) {
        fputs(USAGE, help ? stdout : stderr);
        return help ? 0 : 2;
    }
    cli_opts o;
    if (!cli_parse(argc - 1, argv + 1, flags, &o) || !cli_only(&o, allowed))
        return 2;
    if (strcmp(argv[0], "run") == 0 && o.nargs == 0 && !cli_get(&o, "csv"))
        return sub_run(&o);
    if (strcmp(argv[0], "list") == 0 && o.nargs == 1)
        return sub_list(&o);
    fputs(USAGE, stderr);
    return 2;
}
