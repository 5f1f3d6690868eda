/* cmd_mandate — `suido mandate add|list|end`: direct-debit mandates
 * (口座振替依頼書) of a tap. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/collect/app_mandate.h"
#include "cli/cli.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido mandate add --tap NO --bank 金融機関 --branch 支店 --type 1|2|9 --account 口座番号\n"
    "                    --holder 口座名義カナ [--from YYYY-MM-DD]\n"
    "      口座振替を登録します（預金種目 1 普通・2 当座・9 その他）。登録中の口座振替は\n"
    "      新しい振替開始日の前日で終わります。\n"
    "  suido mandate list --tap NO      水栓の口座振替の一覧（口座番号は下3桁のみ表示）\n"
    "  suido mandate end --tap NO --on YYYY-MM-DD   口座振替を終了します（その日まで振替）。\n";

static int exit_code(int rc)
{
    return rc == ERR_INVALID ? 2 : rc ? 1 : 0;
}

static int sub_add(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {"tap", "bank", "branch", "type", "account", "holder", "from", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed))
        return 2;
    if (!cli_get(&o, "tap") || !cli_get(&o, "bank") || !cli_get(&o, "branch") || !cli_get(&o, "type") ||
        !cli_get(&o, "account") || !cli_get(&o, "holder")) {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    app_mandate_in in = {.tap_no = cli_get(&o, "tap"), .bank = cli_get(&o, "bank"), .branch = cli_get(&o, "branch"),
                         .account_type = cli_get(&o, "type"), .account = cli_get(&o, "account"),
                         .holder = cli_get(&o, "holder"), .start_on = cli_get(&o, "from")};
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    int rc = app_mandate_add(&s.ctx, &in, &id, &e);
    if (rc)
        cli_err("口座振替を登録できません", &e);
    else
        printf("口座振替 %lld を登録しました。\n", (long long)id);
    cli_close(&s);
    return exit_code(rc);
}

static int sub_list(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {"tap", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed))
        return 2;
    if (!cli_get(&o, "tap")) {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_mandate *rows = NULL;
    size_t n = 0;
    int rc = app_mandate_list(&s.ctx, cli_get(&o, "tap"), &rows, &n, &e);
    if (rc)
        cli_err("口座振替を表示できません", &e);
    else if (n == 0)
        puts("口座振替の登録はありません。");
    for (size_t i = 0; i < n; i++) {
        const app_mandate *m = &rows[i];
        printf("%lld\t%s\t%s %s\t%s %s\t%s\t%s\t%s\t%s〜%s\n", (long long)m->id, m->status, m->bank, m->bank_name,
               m->branch, m->branch_name, app_mandate_type_label(m->account_type), m->account_masked, m->holder,
               m->start_on, m->end_on);
    }
    free(rows);
    cli_close(&s);
    return exit_code(rc);
}

static int sub_end(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {"tap", "on", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed))
        return 2;
    if (!cli_get(&o, "tap") || !cli_get(&o, "on")) {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    int rc = app_mandate_end(&s.ctx, cli_get(&o, "tap"), cli_get(&o, "on"), &e);
    if (rc)
        cli_err("口座振替を終了できません", &e);
    else
        printf("口座振替を %s で終了しました。\n", cli_get(&o, "on"));
    cli_close(&s);
    return exit_code(rc);
}

int cmd_mandate(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "help") == 0) {
        fputs(USAGE, argc < 1 ? stderr : stdout);
        return argc < 1 ? 2 : 0;
    }
    if (strcmp(argv[0], "add") == 0)
        return sub_add(argc - 1, argv + 1);
    if (strcmp(argv[0], "list") == 0)
        return sub_list(argc - 1, argv + 1);
    if (strcmp(argv[0], "end") == 0)
        return sub_end(argc - 1, argv + 1);
    fprintf(stderr, "不明なサブコマンドです: mandate %s\n\n%s", argv[0], USAGE);
    return 2;
}
