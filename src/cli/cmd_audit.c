/* cmd_audit — `suido audit verify`. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int cmd_audit(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "--help") == 0 || (argc > 1 && strcmp(argv[1], "--help") == 0)) {
        puts("使い方: suido audit verify\n\n監査ログのハッシュチェーンを先頭から検証します。\n"
             "改ざん・欠落がなければ終了コード 0、見つかれば最初の行 (seq) を表示して終了コード 1。");
        return argc < 1 ? 2 : 0;
    }
    if (strcmp(argv[0], "verify") != 0 || argc > 1) {
        fprintf(stderr, "使い方: suido audit verify\n");
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    app_audit_report rep;
    err_t e;
    err_clear(&e);
    int rc = app_audit_verify(&s.ctx, &rep, &e);
    cli_close(&s);
    if (rc) {
        cli_err("検証できません", &e);
        return 2;
    }
    if (rep.bad_seq) {
        printf("audit chain BROKEN at seq %lld: %s (%lld rows verified before it)\n", (long long)rep.bad_seq,
               rep.problem, (long long)rep.rows_checked);
        return 1;
    }
    printf("audit chain OK (%lld rows)\n", (long long)rep.rows_checked);
    return 0;
}
