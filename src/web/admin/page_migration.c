/* page_migration — 管理 → データ移行 (/admin/migration): the imports and dry
 * runs kept with their review report (移行結果確認表), newest first, and one
 * run's report (/admin/migration/ID): counts and money per file and fiscal
 * year, the control totals of the legacy export beside what was read, the
 * samples side by side (legacy ↔ suido, personal columns masked) and every
 * difference; ?format=pdf|xlsx gives the same as a document.  Read-only;
 * PERM_USER_ADMIN (app_ic_runs, app_ic_run).  The imports themselves run at
 * the command line (`suido import`). */
#include <stdlib.h>
#include <string.h>

#include "app/account/app_staff.h"
#include "app/interchange/app_ic_review.h"
#include "base/date.h"
#include "base/html.h"
#include "report/ic_review_doc.h"
#include "web/web.h"
#include "web/admin/admin_nav.h"

#define RECENT 50

static void ts_cell(buf_t *b, int64_t t)
{
    char s[20];
    date_format_ts_jst(t, s);
    html_elem(b, "td", s, NULL);
}

static void result_span(buf_t *b, const char *result)
{
    html_elem(b, "span", app_ic_result_label(result), "class",
              strcmp(result, "ok") == 0 ? "state state-ok" : "state state-failed", NULL);
}

int page_migration(web_req *rq, web_resp *rs)
{
    ic_run_row *runs = NULL;
    size_t n = 0;
    err_t e;
    err_clear(&e);
    if (app_ic_runs(&rq->ctx, RECENT, &runs, &n, &e))
        return web_fail(rq, rs, &e);
    web_page_begin(rq, rs, "データ移行", NAV_ADMIN);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "データ移行（移行結果確認表）", NULL);
    web_admin_subnav(rq, rs, "/admin/migration");
    html_open(b, "table", "class", "list", "id", "runs", NULL);
    html_elem(b, "caption", "取込と検査の記録（新しい順）", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">No.</th><th scope=\"col\">開始</th><th scope=\"col\">種別</th>"
                "<th scope=\"col\">実行者</th><th scope=\"col\">取込元</th><th scope=\"col\">結果</th>"
                "<th scope=\"col\" class=\"num\">読んだ行</th><th scope=\"col\" class=\"num\">誤り</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        const ic_run_row *r = &runs[i];
        char id[24], href[64], rows[32], errs[32];
        str_fmt(id, sizeof id, "%lld", (long long)r->id);
        str_fmt(href, sizeof href, "/admin/migration/%lld", (long long)r->id);
        html_open(b, "tr", "class", strcmp(r->result, "ok") ? "failed" : NULL, NULL);
        html_open(b, "th", "scope", "row", NULL);
        html_elem(b, "a", id, "href", href, NULL);
        html_close(b, "th");
        ts_cell(b, r->started_at);
        html_elem(b, "td", app_ic_kind_label(r->kind), NULL);
        html_elem(b, "td", r->run_by, NULL);
        html_open(b, "td", NULL);
        html_elem(b, "code", r->source, NULL);
        if (r->mapping[0]) {
            html_raw(b, "<br>");
            html_textf(b, "対応表 %s", r->mapping);
        }
        html_close(b, "td");
        html_open(b, "td", NULL);
        result_span(b, r->result);
        html_close(b, "td");
        str_thousands(r->rows_read, rows);
        str_thousands(r->errors, errs);
        html_elem(b, "td", rows, "class", "num", NULL);
        html_elem(b, "td", errs, "class", "num", NULL);
        html_close(b, "tr");
    }
    if (!n)
        html_raw(b, "<tr><td colspan=\"8\">記録がありません</td></tr>");
    html_raw(b, "</tbody>");
    html_close(b, "table");
    html_elem(b, "p",
              "取込はコマンドで行います: suido import DIR [--mapping FILE] [--dry-run]。検査だけ（--dry-run）でも"
              "記録が残ります。手順は docs/interchange.md を参照してください。",
              "class", "hint", NULL);
    free(runs);
    web_page_end(rq, rs);
    return 0;
}

static const char *name_label(const char *name)
{
    if (strcmp(name, "rows") == 0)
        return "件数";
    if (strcmp(name, "from") == 0)
        return "管理合計の出所";
    return name;
}

static void section_table(buf_t *b, const char *section, const ic_run_item_row *items, size_t n)
{
    static const char *const HEADS[][6] = {
        {"ファイル", "年度", "項目", "値", NULL},
        {"ファイル", "項目", "旧システムの管理合計", "読んだ値", "照合", NULL},
        {"ファイル", "No.", "列", "旧システム", "suido", NULL},
        {"箇所", "内容", NULL},
    };
    int k = strcmp(section, "count") == 0 ? 0 : strcmp(section, "control") == 0 ? 1 : strcmp(section, "sample") == 0 ? 2 : 3;
    char id[32];
    str_fmt(id, sizeof id, "review-%s", section);
    html_open(b, "table", "class", "list", "id", id, NULL);
    html_elem(b, "caption", app_ic_section_label(section), NULL);
    html_raw(b, "<thead><tr>");
    int ncols = 0;
    for (; HEADS[k][ncols]; ncols++)
        html_elem(b, "th", HEADS[k][ncols], "scope", "col", NULL);
    html_raw(b, "</tr></thead><tbody>");
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        const ic_run_item_row *it = &items[i];
        if (strcmp(it->section, section) != 0)
            continue;
        shown++;
        char fy[32], v[32];
        ic_review_doc_fy(it, fy, sizeof fy);
        html_open(b, "tr", "class", it->differs ? "failed" : NULL, NULL);
        if (k == 3) {
            html_elem(b, "th", it->name, "scope", "row", NULL);
            html_elem(b, "td", it->loaded, NULL);
            html_close(b, "tr");
            continue;
        }
        html_elem(b, "th", it->file[0] ? app_ic_file_label(it->file) : "", "scope", "row", NULL);
        long long num = 0;
        if (k == 0) {
            html_elem(b, "td", fy, NULL);
            html_elem(b, "td", name_label(it->name), NULL);
            str_to_i64(it->loaded, &num);
            str_thousands(num, v);
            html_elem(b, "td", v, "class", "num", NULL);
        } else if (k == 1) {
            html_elem(b, "td", name_label(it->name), NULL);
            bool from = strcmp(it->name, "from") == 0;
            html_elem(b, "td", from && !it->legacy[0] ? "（なし）" : it->legacy, "class", from ? NULL : "num", NULL);
            html_elem(b, "td", it->loaded, "class", "num", NULL);
            html_elem(b, "td", from ? "" : it->differs ? "相違" : it->legacy[0] ? "一致" : "—", NULL);
        } else {
            html_elem(b, "td", fy, NULL);
            html_elem(b, "td", it->name, NULL);
            html_elem(b, "td", it->legacy, NULL);
            html_elem(b, "td", it->loaded, NULL);
        }
        html_close(b, "tr");
    }
    if (!shown) {
        char cols[8];
        str_fmt(cols, sizeof cols, "%d", ncols);
        html_open(b, "tr", NULL);
        html_elem(b, "td", k == 3 ? "相違はありません" : "ありません", "colspan", cols, NULL);
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
}

static void fact(buf_t *b, const char *dt, const char *dd)
{
    html_elem(b, "dt", dt, NULL);
    html_elem(b, "dd", dd && *dd ? dd : "—", NULL);
}

static int doc_pdf(const void *arg, const char *path, char *msg, size_t msgsz)
{
    return ic_review_pdf_write(arg, path, msg, msgsz);
}

static int doc_xlsx(const void *arg, const char *path, char *msg, size_t msgsz)
{
    return ic_review_xlsx_write(arg, path, msg, msgsz);
}

int page_migration_run(web_req *rq, web_resp *rs)
{
    int64_t id = 0;
    if (!web_path_id(rq, rs, "移行の記録が見つかりません。", &id))
        return 0;
    ic_run_row run;
    ic_run_item_row *items = NULL;
    size_t n = 0;
    err_t e;
    err_clear(&e);
    if (app_ic_run(&rq->ctx, id, &run, &items, &n, &e))
        return web_fail(rq, rs, &e);
    const char *format = web_query(rq, "format");
    if (format && (strcmp(format, "pdf") == 0 || strcmp(format, "xlsx") == 0)) {
        char by[128], name[64];
        app_staff_display_name(&rq->ctx, rq->ctx.actor.username, by, sizeof by);
        ic_review_doc d = {&run, items, n, by, date_now_unix()};
        bool pdf = format[0] == 'p';
        str_fmt(name, sizeof name, "migration-%lld.%s", (long long)id, format);
        int rc = pdf ? web_send_document(rq, rs, doc_pdf, &d, "application/pdf", "inline", name,
                                         "移行結果確認表を作成できませんでした。")
                     : web_send_document(rq, rs, doc_xlsx, &d,
                                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                         "attachment", name, "移行結果確認表を作成できませんでした。");
        free(items);
        return rc;
    }
    char title[64];
    str_fmt(title, sizeof title, "移行結果確認表 No.%lld", (long long)id);
    web_page_begin(rq, rs, title, NAV_ADMIN);
    buf_t *b = &rs->body;
    html_elem(b, "h1", title, NULL);
    web_admin_subnav(rq, rs, "/admin/migration");
    html_open(b, "dl", "class", "facts", "id", "run", NULL);
    char a[20], z[20], rows[32], errs[32];
    date_format_ts_jst(run.started_at, a);
    date_format_ts_jst(run.finished_at, z);
    str_thousands(run.rows_read, rows);
    str_thousands(run.errors, errs);
    fact(b, "開始", a);
    fact(b, "終了", z);
    fact(b, "種別", app_ic_kind_label(run.kind));
    fact(b, "実行者", run.run_by);
    fact(b, "取込元", run.source);
    fact(b, "対応表", run.mapping);
    html_elem(b, "dt", "結果", NULL);
    html_open(b, "dd", NULL);
    result_span(b, run.result);
    html_close(b, "dd");
    fact(b, "読んだ行", rows);
    fact(b, "誤り", errs);
    if (run.message[0])
        fact(b, "内容", run.message);
    html_close(b, "dl");
    char pdf[64], xlsx[64];
    str_fmt(pdf, sizeof pdf, "/admin/migration/%lld?format=pdf", (long long)id);
    str_fmt(xlsx, sizeof xlsx, "/admin/migration/%lld?format=xlsx", (long long)id);
    html_open(b, "p", "class", "actions", NULL);
    html_elem(b, "a", "PDF で印刷", "href", pdf, "class", "button", NULL);
    html_raw(b, " ");
    html_elem(b, "a", "Excel（XLSX）", "href", xlsx, "class", "button", NULL);
    html_close(b, "p");
    section_table(b, "diff", items, n);
    section_table(b, "control", items, n);
    section_table(b, "count", items, n);
    section_table(b, "sample", items, n);
    html_elem(b, "p", "抽出確認では、氏名・住所・電話番号などの個人情報を「＊＊＊」で伏せています。", "class", "hint", NULL);
    html_open(b, "p", NULL);
    html_elem(b, "a", "データ移行の一覧へ", "href", "/admin/migration", NULL);
    html_close(b, "p");
    free(items);
    web_page_end(rq, rs);
    return 0;
}
