/* cmd_import — `suido import DIR [--dry-run] [--mapping FILE] [--report
 * FILE.pdf|.xlsx]`: a directory in the interchange format (or a legacy
 * export through a mapping) into an empty database, with its review report
 * (移行結果確認表) kept; `suido import report RUN --out FILE.pdf|.xlsx`
 * writes a kept report again (docs/interchange.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "app/interchange/app_ic_review.h"
#include "report/ic_review_doc.h"

static const char USAGE[] =
    "使い方: suido import DIR [--dry-run] [--mapping FILE] [--report FILE.pdf|FILE.xlsx]\n"
    "       suido import report RUN --out FILE.pdf|FILE.xlsx\n\n"
    "移行用の形式 suido-interchange/1（docs/interchange.md）のディレクトリを、空のデータベース\n"
    "（suido migrate だけを済ませたもの）に取り込みます。全行を検査し（項目、キーの重複、ファイル間の参照、\n"
    "manifest.json の行数・金額の合計・SHA-256）、誤りはすべて「ファイル:行: 項目: 内容」で表示します。\n"
    "誤りが一つでもあれば何も保存しません。全体が一つのトランザクションなので、途中で止まっても\n"
    "データベースは空のままです（もう一度実行してください）。個人情報は暗号化して保存します。\n"
    "職員のパスワードは移りません: 取り込み後に suido user password で設定してください。\n"
    "結果は移行結果確認表（件数・金額の年度別集計、管理合計との照合、抽出確認、相違の一覧）として\n"
    "データベースに残ります（画面: 管理 → データ移行）。\n"
    "  --dry-run        検査だけを行い、何も保存しない（移行結果確認表は残ります）\n"
    "  --mapping FILE   DIR にある旧システムの出力（固定長または CSV、CP932 か UTF-8）を対応表 FILE\n"
    "                   （suido-mapping/1）で移行用の形式に変換して取り込む（変換はメモリ上だけで行います）\n"
    "  --report FILE    移行結果確認表を FILE に書き出す（拡張子 .pdf か .xlsx）\n"
    "  report RUN --out FILE   記録された実行 RUN の移行結果確認表を書き出す\n";

/* FILE.pdf or FILE.xlsx: true with *pdf set. */
static bool doc_kind(const char *path, bool *pdf)
{
    size_t n = strlen(path);
    *pdf = n > 4 && strcmp(path + n - 4, ".pdf") == 0;
    if (*pdf || (n > 5 && strcmp(path + n - 5, ".xlsx") == 0))
        return true;
    fprintf(stderr, "移行結果確認表のファイル名は .pdf か .xlsx で終えてください: %s\n", path);
    return false;
}

static int write_report(cli_session *s, int64_t id, const char *path)
{
    bool pdf;
    if (!doc_kind(path, &pdf))
        return 2;
    ic_run_row run;
    ic_run_item_row *items = NULL;
    size_t n = 0;
    err_t e;
    err_clear(&e);
    if (app_ic_run(&s->ctx, id, &run, &items, &n, &e)) {
        cli_err("移行結果確認表を読めません", &e);
        return 1;
    }
    ic_review_doc d = {&run, items, n, s->ctx.actor.username, date_now_unix()};
    char msg[256] = "";
    int rc = pdf ? ic_review_pdf_write(&d, path, msg, sizeof msg) : ic_review_xlsx_write(&d, path, msg, sizeof msg);
    free(items);
    if (rc) {
        fprintf(stderr, "%s\n", msg);
        return 1;
    }
    fprintf(stderr, "移行結果確認表（実行 No.%lld）を %s に書き出しました\n", (long long)id, path);
    return 0;
}

static int report_cmd(const cli_opts *o)
{
    long long id = 0;
    const char *out = cli_get(o, "out");
    if (!str_to_i64(o->args[1], &id) || id < 1 || !out) {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    int rc = write_report(&s, id, out);
    cli_close(&s);
    return rc;
}

int cmd_import(int argc, char **argv)
{
    static const char *const FLAGS[] = {"help", "dry-run", NULL};
    static const char *const ALLOWED[] = {"help", "dry-run", "mapping", "report", "out", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, FLAGS, &o) || !cli_only(&o, ALLOWED))
        return 2;
    if (cli_has(&o, "help")) {
        fputs(USAGE, stdout);
        return 0;
    }
    if (o.nargs == 2 && strcmp(o.args[0], "report") == 0)
        return report_cmd(&o);
    bool pdf;
    const char *report = cli_get(&o, "report");
    if (o.nargs != 1 || cli_has(&o, "out")) {
        fputs(USAGE, stderr);
        return 2;
    }
    if (report && !doc_kind(report, &pdf))
        return 2;
    bool dry = cli_has(&o, "dry-run");
    /* An import writes every page of the new database once: SQLite's page
     * cache in one region of huge pages, not a malloc and a page fault per
     * page (see app.h), as a month's billing run does. */
    if (!dry)
        app_batch_process();
    cli_session s;
    if (!cli_open(&s, true, true))
        return 1;
    app_ic_result r;
    err_t e;
    err_clear(&e);
    int64_t run = 0;
    int rc = app_ic_review_import(&s.ctx, o.args[0], cli_get(&o, "mapping"), dry, stderr, &run, &r, &e);
    if (r.errors)
        fputs(r.errors, stderr);
    if (run)
        fprintf(stderr, "移行結果確認表: 実行 No.%lld（suido import report %lld --out FILE.pdf で書き出せます）\n",
                (long long)run, (long long)run);
    int doc = run && report ? write_report(&s, run, report) : 0;
    cli_close(&s);
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
    return doc ? 1 : 0;
}
