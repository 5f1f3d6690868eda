/* cmd_migrate — `suido migrate`. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_migrate(int argc, char **argv)
{
    static const char *const FLAGS[] = {"help", NULL};
    static const char *const ALLOWED[] = {"help", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, FLAGS, &o) || !cli_only(&o, ALLOWED))
        return 2;
    if (cli_has(&o, "help")) {
        puts("使い方: suido migrate\n\nデータベースのスキーマを最新の版にします（何度実行しても安全です）。\n"
             "鍵ファイルが無ければ作成します（mode 0600）。");
        return 0;
    }
    cli_session s;
    if (!cli_open(&s, true, true))
        return 1;
    int cur = 0, latest = 0;
    err_t e;
    err_clear(&e);
    app_schema_version(&s.ctx, &cur, &latest, &e);
    printf("schema version %d (latest %d)\n", cur, latest);
    cli_close(&s);
    return 0;
}
