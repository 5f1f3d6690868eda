/* cmd_bank — `suido bank import|show`: the bank master (金融機関・支店) from
 * the npm zengin-code data. */
#include <stdio.h>
#include <string.h>

#include "app/collect/app_bank.h"
#include "cli/cli.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido bank import [--from DIR]   金融機関・支店コードを zengin-code のデータで入れ替えます。\n"
    "      DIR: zengin-code パッケージのディレクトリ（既定: 設定 bank.data、なければ\n"
    "      node_modules/zengin-code）。もう一度実行すると差分（追加・変更・削除）だけ反映します。\n"
    "  suido bank show CODE [BRANCH]    金融機関（と支店）の名称・カナを表示します。\n";

static int exit_code(int rc)
{
    return rc == ERR_INVALID ? 2 : rc ? 1 : 0;
}

static int sub_import(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {"from", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed) || o.nargs) {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_bank_counts c;
    int rc = app_bank_import(&s.ctx, cli_get(&o, "from"), &c, &e);
    if (rc)
        cli_err("金融機関データを取り込めません", &e);
    else
        printf("金融機関 %lld 件・支店 %lld 件（追加 %lld、変更 %lld、削除 %lld）\n", (long long)c.banks,
               (long long)c.branches, (long long)c.added, (long long)c.changed, (long long)c.removed);
    cli_close(&s);
    return exit_code(rc);
}

static int sub_show(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed) || o.nargs < 1 || o.nargs > 2) {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_bank_info b;
    int rc = app_bank_lookup(&s.ctx, o.args[0], o.nargs > 1 ? o.args[1] : NULL, &b, &e);
    if (rc)
        cli_err("金融機関を表示できません", &e);
    else {
        printf("%s %s（%s）\n", b.code, b.name, b.kana);
        if (b.branch[0])
            printf("%s %s（%s）\n", b.branch, b.branch_name, b.branch_kana);
    }
    cli_close(&s);
    return exit_code(rc);
}

int cmd_bank(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "help") == 0) {
        fputs(USAGE, argc < 1 ? stderr : stdout);
        return argc < 1 ? 2 : 0;
    }
    if (strcmp(argv[0], "import") == 0)
        return sub_import(argc - 1, argv + 1);
    if (strcmp(argv[0], "show") == 0)
        return sub_show(argc - 1, argv + 1);
    fprintf(stderr, "不明なサブコマンドです: bank %s\n\n%s", argv[0], USAGE);
    return 2;
}
