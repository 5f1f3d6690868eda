/* cmd_import — `suido import DIR [--dry-run]`: a directory in the
 * interchange format into an empty database (docs/interchange.md). */
#include <stdio.h>

#include "cli/cli.h"
#include "app/interchange/app_interchange.h"

static const char USAGE[] =
    "使い方: suido import DIR [--dry-run]\n\n"
    "移行用の形式 suido-interchange/1（docs/interchange.md）のディレクトリを、空のデータベース\n"
    "（suido migrate だけを済ませたもの）に取り込みます。全行を検査し（項目、キーの重複、ファイル間の参照、\n"
    "manifest.json の行数・金額の合計・SHA-256）、誤りはすべて「ファイル:行: 項目: 内容」で表示します。\n"
    "誤りが一つでもあれば何も保存しません。全体が一つのトランザクションなので、途中で止まっても\n"
    "データベースは空のままです（もう一度実行してください）。個人情報は暗号化して保存します。\n"
    "職員のパスワードは移りません: 取り込み後に suido user password で設定してください。\n"
    "  --dry-run  検査だけを行い、何も保存しない\n";

int cmd_import(int argc, char **argv)
{
    static const char *const FLAGS[] = {"help", "dry-run", NULL};
    static const char *const ALLOWED[] = {"help", "dry-run", NULL};
    cli_opts o;
    int status;
    if (!cli_one_path(argc, argv, USAGE, FLAGS, ALLOWED, &o, &status))
        return status;
    cli_session s;
    if (!cli_open(&s, true, true))
        return 1;
    bool dry = cli_has(&o, "dry-run");
    app_ic_result r;
    err_t e;
    err_clear(&e);
    int rc = app_interchange_import(&s.ctx, o.args[0], dry, stderr, &r, &e);
    cli_close(&s);
    if (r.errors)
        fputs(r.errors, stderr);
    if (rc) {
        if (r.nerrors)
            fprintf(stderr, "誤り %lld 件\n", (long long)r.nerrors);
        cli_err(dry ? "検査で誤りが見つかりました" : "取り込めません", &e);
        app_interchange_result_free(&r);
        return 1;
    }
    app_interchange_result_free(&r);
    int64_t total = 0;
    for (int f = 0; f < IC_FILE__COUNT; f++)
        total += r.rows[f];
    printf("%s %lld rows from %s\n", dry ? "checked (dry run, nothing stored)" : "imported", (long long)total, o.args[0]);
    return 0;
}
