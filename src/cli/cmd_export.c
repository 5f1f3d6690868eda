/* cmd_export — `suido export DIR --reason TEXT`: everything in the
 * interchange format (docs/interchange.md). */
#include <stdio.h>

#include "cli/cli.h"
#include "app/interchange/app_interchange.h"

static const char USAGE[] =
    "使い方: suido export DIR --reason TEXT\n\n"
    "すべてのデータを移行用の形式 suido-interchange/1（docs/interchange.md）で DIR に書き出します。\n"
    "一つの読み取りスナップショットから書くので、動いているシステムからでも整合した内容になります。\n"
    "DIR はまだない名前か空のディレクトリ（0700 で作成）。ファイルは 0600 で作成します。\n"
    "個人情報（氏名・住所・電話・口座番号など）が平文で含まれます。安全な場所に保管し、\n"
    "用が済んだら確実に消去してください。出力は理由とともに監査ログに残ります。\n"
    "  --reason TEXT  出力の理由（必須。例: 「新システムへの移行」）\n";

int cmd_export(int argc, char **argv)
{
    static const char *const FLAGS[] = {"help", NULL};
    static const char *const ALLOWED[] = {"help", "reason", NULL};
    cli_opts o;
    int status;
    if (!cli_one_path(argc, argv, USAGE, FLAGS, ALLOWED, &o, &status))
        return status;
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    app_ic_result r;
    err_t e;
    err_clear(&e);
    int rc = app_interchange_export(&s.ctx, o.args[0], cli_get(&o, "reason"), stderr, &r, &e);
    cli_close(&s);
    if (rc) {
        cli_err("書き出せません", &e);
        return 1;
    }
    int64_t total = 0;
    for (int f = 0; f < IC_FILE__COUNT; f++)
        total += r.rows[f];
    printf("exported %lld rows in %d files to %s\n", (long long)total, IC_FILE__COUNT, o.args[0]);
    fprintf(stderr, "警告: %s には個人情報が平文で含まれます。安全な場所に保管し、用が済んだら消去してください。\n",
            o.args[0]);
    return 0;
}
