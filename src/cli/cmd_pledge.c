/* cmd_pledge — `suido arrears pledges --check [--as-of DAY]`: the breach
 * check of the instalment pledges (分納誓約) as a batch, the same as
 * app_pledge_check; idempotent (only active pledges move). */
#include <stdio.h>
#include <string.h>

#include "app/arrears/app_pledge.h"
#include "cli/cli.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido arrears pledges --check [--as-of YYYY-MM-DD]\n"
    "      履行中の分納誓約を基準日（既定: 今日）で確認します。納付日から猶予（設定 [arrears]\n"
    "      pledge_grace_days 営業日、既定 5）を過ぎて未納の回がある誓約は「不履行」、全回納付済みの\n"
    "      誓約は「完了」になります。何度実行しても結果は同じです。\n"
    "  終了コード: 0 成功、1 エラー、2 引数の誤り。\n";

int cli_arrears_pledges(int argc, char **argv)
{
    static const char *const flags[] = {"help", "check", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o))
        return 2;
    if (cli_has(&o, "help")) {
        fputs(USAGE, stdout);
        return 0;
    }
    static const char *const allowed[] = {"check", "as-of", NULL};
    if (!cli_only(&o, allowed) || o.nargs || !cli_has(&o, "check")) {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_pledge_check_summary sum;
    int rc = app_pledge_check(&s.ctx, cli_get(&o, "as-of"), &sum, &e);
    int status = 0;
    if (rc == ERR_INVALID && strcmp(e.field, "as_of") == 0) {
        fprintf(stderr, "--as-of: %s\n", e.user);
        status = 2;
    } else if (rc) {
        cli_err("分納誓約を確認できません", &e);
        status = rc == ERR_INVALID ? 2 : 1;
    } else {
        printf("pledges as of %s: checked %lld, breached %lld, kept %lld\n", sum.as_of, (long long)sum.checked,
               (long long)sum.breached, (long long)sum.kept);
    }
    cli_close(&s);
    return status;
}
