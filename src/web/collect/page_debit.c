/* page_debit — 口座振替 (direct debit) on screen, so that a collection clerk
 * need not use the command line: the menu (/collections/debit) with the
 * request form (依頼データを作成: a 全銀協 91 file sent as a download), the
 * result upload (振替結果を取り込む) and the recent requests; the result of an
 * upload; and one request (/collections/debit/<id>) with its figures by
 * result code and the bills that did not go through.
 *
 * Making a request and reading a result are PERM_JOB_RUN (係長+): the forms
 * are shown only to those who may use them.  The rules (which bills, the
 * same file again while a request awaits its result, a result taken whole
 * or not at all) are app_debit's. */
#include "web/web.h"

#include <jansson.h>

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/collect/app_debit.h"
#include "app/app_form.h"
#include "base/date.h"
#include "base/html.h"
#include "domain/calendar.h"
#include "domain/role.h"
#include "domain/zengin.h"
#include "web/collect/collect_nav.h"

enum {
    DEBIT_RECENT = 50,      /* requests listed on the menu */
    DEBIT_MAX_ROWS = 500,   /* failed items listed on a request's page */
};

static const char *attempt_label(int64_t attempt)
{
    return attempt >= 2 ? "再振替" : "1回目";
}

static bool awaiting(const char *status)
{
    return strcmp(status, "sent") == 0;
}

static void status_cell(buf_t *b, const char *status)
{
    html_open(b, "td", NULL);
    if (awaiting(status))
        html_elem(b, "span", "結果待ち", "class", "state state-pending", NULL);
    else
        html_elem(b, "span", "取込済", "class", "state state-approved", NULL);
    html_close(b, "td");
}

/* How a bill is collected after its debit failed (bills.collect). */
static const char *collect_label(const char *collect)
{
    if (strcmp(collect, "retry") == 0)
        return "再振替";
    if (strcmp(collect, "slip") == 0)
        return "納付書";
    return "—";
}

static void count_cell(buf_t *b, long long n)
{
    html_open(b, "td", "class", "num", NULL);
    html_textf(b, "%lld件", n);
    html_close(b, "td");
}

static void yen_cell(web_resp *rs, long long yen)
{
    html_open(&rs->body, "td", "class", "num", NULL);
    web_yen(rs, yen);
    html_close(&rs->body, "td");
}

/* ---- GET /collections/debit: the forms and the recent requests -------- */

static void export_form(web_req *rq, web_resp *rs, const err_t *e, bool focus)
{
    buf_t *b = &rs->body;
    char next[11];
    date_format_iso(calendar_add_business_days(date_today_jst(), 1), next);
    html_elem(b, "h2", "依頼データを作成", "id", "export-h", NULL);
    web_form_error(rs, e);
    html_open(b, "form", "method", "post", "action", "/collections/debit/export", "class", "grid", "id", "export-form",
              "aria-labelledby", "export-h", NULL);
    web_csrf_field(rq, rs);
    bool bad = e && strcmp(e->field, "date") == 0;   /* then web_input points at the error instead */
    web_input(rs, "引落日", "date", e ? web_form_or(rq, "date") : next, e, "type", "date", "required", "",
              "aria-describedby", bad ? NULL : "export-hint", "autofocus", focus ? "" : NULL, NULL);
    bool retry = e && web_form(rq, "retry");
    html_open(b, "div", "class", "field", NULL);
    html_open(b, "label", NULL);
    html_open(b, "input", "type", "checkbox", "id", "f-retry", "name", "retry", "value", "1", "checked",
              retry ? "" : NULL, NULL);
    html_text(b, " 再振替（振替不能で再振替に回った調定だけ）");
    html_close(b, "label");
    html_close(b, "div");
    html_open(b, "div", "class", "buttons", NULL);
    html_elem(b, "button", "依頼データを作成", "type", "submit", "id", "export-submit", NULL);
    html_close(b, "div");
    html_close(b, "form");
    html_elem(b, "p",
              "引落日は金融機関の営業日です。口座振替の登録があり、納期限が引落日以前で未納額のある調定を依頼します"
              "（結果待ちの依頼にある調定と納付書に回した調定を除きます）。依頼ファイル（全銀協フォーマット・Shift_JIS）を"
              "ダウンロードします。結果待ちの同じ引落日・回をもう一度作成すると、同じファイルを作り直します（二重に依頼しません）。",
              "class", "hint", "id", "export-hint", NULL);
}

static void import_form(web_req *rq, web_resp *rs, const err_t *e, bool focus)
{
    buf_t *b = &rs->body;
    html_elem(b, "h2", "振替結果を取り込む", "id", "import-h", NULL);
    web_form_error(rs, e);
    html_open(b, "form", "method", "post", "action", "/collections/debit/import", "enctype", "multipart/form-data",
              "class", "grid", "id", "import-form", "aria-labelledby", "import-h", NULL);
    web_csrf_field(rq, rs);
    bool bad = e && strcmp(e->field, "file") == 0;
    html_open(b, "div", "class", bad ? "field invalid" : "field", NULL);
    html_elem(b, "label", "振替結果ファイル", "for", "import-file", NULL);
    html_open(b, "input", "type", "file", "id", "import-file", "name", "file", "accept", ".txt,.dat,text/plain",
              "required", "", "aria-invalid", bad ? "true" : NULL, "aria-describedby", bad ? "form-error" : NULL,
              "autofocus", focus ? "" : NULL, NULL);
    html_close(b, "div");
    html_open(b, "div", "class", "buttons", NULL);
    html_elem(b, "button", "取り込む", "type", "submit", "id", "import-submit", NULL);
    html_close(b, "div");
    html_close(b, "form");
    html_elem(b, "p",
              "金融機関から届いた振替結果ファイルです。振替済は入金として計上し、振替不能は理由を記録して再振替または"
              "納付書に回します。誤りが1件でもあればファイル全体を取り込みません。同じファイルは二度取り込めません。",
              "class", "hint", NULL);
}

static void batches_table(web_req *rq, web_resp *rs, const app_debit_batch *rows, size_t n)
{
    buf_t *b = &rs->body;
    html_elem(b, "h2", "最近の依頼", "id", "batches-h", NULL);
    if (n == 0) {
        html_elem(b, "p", "口座振替の依頼はまだありません。", "class", "empty", "id", "debit-batches-empty", NULL);
        return;
    }
    html_open(b, "table", "class", "list", "id", "debit-batches", "aria-labelledby", "batches-h", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\" class=\"num\">依頼番号</th><th scope=\"col\">引落日</th>"
                "<th scope=\"col\">回</th><th scope=\"col\" class=\"num\">件数</th><th scope=\"col\" class=\"num\">金額</th>"
                "<th scope=\"col\">状態</th><th scope=\"col\">明細</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        const app_debit_batch *x = &rows[i];
        char rid[32], href[48], label[48];
        str_fmt(rid, sizeof rid, "batch-%lld", (long long)x->id);
        str_fmt(href, sizeof href, "/collections/debit/%lld", (long long)x->id);
        str_fmt(label, sizeof label, "依頼 %lld の明細", (long long)x->id);
        html_open(b, "tr", "id", rid, NULL);
        html_open(b, "td", "class", "num", NULL);
        html_textf(b, "%lld", (long long)x->id);
        html_close(b, "td");
        html_open(b, "td", NULL);
        web_date(rq, rs, x->debit_on);
        html_close(b, "td");
        html_elem(b, "td", attempt_label(x->attempt), NULL);
        count_cell(b, x->records);
        yen_cell(rs, x->amount);
        status_cell(b, x->status);
        html_open(b, "td", NULL);
        html_elem(b, "a", "明細", "href", href, "aria-label", label, NULL);
        html_close(b, "td");
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
}

/* The menu; export_e / import_e: a refused form (shown next to it); status:
 * a message of what happened (or NULL). */
static int menu_page(web_req *rq, web_resp *rs, const err_t *export_e, const err_t *import_e, const char *status)
{
    err_t le;
    err_clear(&le);
    app_debit_batch *rows = NULL;
    size_t n = 0;
    if (app_debit_batches(&rq->ctx, DEBIT_RECENT, &rows, &n, &le))
        return web_fail(rq, rs, &le);
    web_page_begin(rq, rs, "口座振替", NAV_COLLECTION);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "口座振替", NULL);
    web_collect_subnav(rq, rs, "/collections/debit");
    if (status)
        html_elem(b, "p", status, "class", "flash", "role", "status", "id", "debit-status", NULL);
    if (app_can(&rq->ctx, PERM_JOB_RUN)) {
        export_form(rq, rs, export_e, !import_e);
        import_form(rq, rs, import_e, import_e != NULL);
    } else {
        html_elem(b, "p",
                  "依頼データの作成と振替結果の取込は係長が行います。依頼の一覧と結果は閲覧できます。口座振替の登録は"
                  "お客様カルテの「口座振替」から行います。",
                  "class", "note", "id", "debit-chief-note", NULL);
    }
    batches_table(rq, rs, rows, n);
    free(rows);
    web_page_end(rq, rs);
    const err_t *e = export_e ? export_e : import_e;
    if (e)
        rs->status = web_status_for(e->code);
    return 0;
}

int page_debit(web_req *rq, web_resp *rs)
{
    return menu_page(rq, rs, NULL, NULL, NULL);
}

/* ---- POST /collections/debit/export: the request file as a download --- */

int page_debit_export(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    const char *date = web_form_or(rq, "date");
    bool retry = web_form(rq, "retry") != NULL;
    /* the file comes back in memory and goes straight out: bank data never sits in a file */
    buf_t data;
    buf_init(&data, 0);
    app_debit_export_out out;
    int rc = app_debit_export_data(&rq->ctx, date, retry, &data, &out, &e);
    if (rc || out.batch_id == 0) {
        buf_free(&data);
        if (rc && e.code != ERR_INVALID && e.code != ERR_CONFLICT)
            return web_fail(rq, rs, &e);
        if (rc) {
            if (!e.field[0])
                str_copy(e.field, sizeof e.field, "date");
            return menu_page(rq, rs, &e, NULL, NULL);
        }
        char msg[256];
        str_fmt(msg, sizeof msg, "引落日 %s（%s）の対象の調定はありません。依頼データは作成していません。", date,
                attempt_label(out.attempt));
        return menu_page(rq, rs, NULL, NULL, msg);
    }
    civil_date d;
    char iso[11] = "";
    if (date_parse(date, &d))
        date_format_iso(d, iso);
    char name[64];
    str_fmt(name, sizeof name, "kouza-%.4s%.2s%.2s-%lld.txt", iso, iso + 5, iso + 8, (long long)out.attempt);
    buf_reset(&rs->body);
    buf_append(&rs->body, data.data, data.len);
    buf_free(&data);
    if (rs->body.failed) {
        buf_reset(&rs->body);
        err_set(&e, ERR_INTERNAL, NULL,
                "依頼データを送れませんでした。同じ引落日でもう一度作成すると、同じファイルを作り直します。",
                "%s: out of memory", name);
        return web_fail(rq, rs, &e);
    }
    rs->content_type = "text/plain; charset=Shift_JIS";
    char disp[160];
    str_fmt(disp, sizeof disp, "attachment; filename=\"%s\"", name);
    web_header(rs, "Content-Disposition", disp);
    return 0;
}

/* ---- POST /collections/debit/import: the bank's result ---------------- */

static void sum_row(web_resp *rs, const char *label, const char *id, long long n, const long long *yen)
{
    buf_t *b = &rs->body;
    html_open(b, "tr", "id", id, NULL);
    html_elem(b, "th", label, "scope", "row", NULL);
    count_cell(b, n);
    if (yen)
        yen_cell(rs, *yen);
    else
        html_elem(b, "td", "", "class", "num", NULL);
    html_close(b, "tr");
}

/* The figures by 振替結果コード (counts and amounts '0'..'9'). */
static void codes_table(web_resp *rs, const char *id, const int64_t count[10], const int64_t amount[10])
{
    buf_t *b = &rs->body;
    html_open(b, "table", "class", "list", "id", id, NULL);
    html_raw(b, "<caption>振替結果コードごとの件数と金額</caption><thead><tr><th scope=\"col\">コード</th>"
                "<th scope=\"col\">結果</th><th scope=\"col\" class=\"num\">件数</th>"
                "<th scope=\"col\" class=\"num\">金額</th></tr></thead><tbody>");
    for (int k = 0; k < 10; k++) {
        if (!count[k])
            continue;
        const char *text = zengin_result_text((char)('0' + k));
        char rid[16];
        str_fmt(rid, sizeof rid, "%s-%d", id, k);
        html_open(b, "tr", "id", rid, NULL);
        html_open(b, "td", NULL);
        html_textf(b, "%d", k);
        html_close(b, "td");
        html_elem(b, "td", text ? text : "（規格にないコード）", NULL);
        count_cell(b, count[k]);
        yen_cell(rs, amount[k]);
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
}

/* The integer figures of a debit result, one table for writing and reading
 * them back, so that the two directions cannot drift apart. */
static const struct { const char *key; size_t off; } DEBIT_FIGURES[] = {
#define FIGURE(f) {#f, offsetof(app_debit_import_out, f)}
    FIGURE(batch_id),     FIGURE(file_id),       FIGURE(attempt),  FIGURE(records),
    FIGURE(done_count),   FIGURE(done_amount),   FIGURE(suspense), FIGURE(failed_count),
    FIGURE(failed_amount), FIGURE(to_retry),     FIGURE(to_slip),
#undef FIGURE
};
#define NFIGURES (sizeof DEBIT_FIGURES / sizeof DEBIT_FIGURES[0])

/* The figures of a debit result as JSON (malloc'd; NULL when out of memory), and back. */
static char *debit_json(const app_debit_import_out *o, const char *name)
{
    json_t *j = json_object(), *codes = json_array(), *amounts = json_array();
    if (!j || !codes || !amounts) {
        json_decref(j);
        json_decref(codes);
        json_decref(amounts);
        return NULL;
    }
    for (int i = 0; i < 10; i++) {
        json_array_append_new(codes, json_integer(o->code_count[i]));
        json_array_append_new(amounts, json_integer(o->code_amount[i]));
    }
    json_object_set_new(j, "name", json_string(name ? name : ""));
    json_object_set_new(j, "debit_on", json_string(o->debit_on));
    for (size_t k = 0; k < NFIGURES; k++)
        json_object_set_new(j, DEBIT_FIGURES[k].key,
                            json_integer(*(const int64_t *)(const void *)((const char *)o + DEBIT_FIGURES[k].off)));
    json_object_set_new(j, "code_count", codes);
    json_object_set_new(j, "code_amount", amounts);
    char *out = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return out;
}

static bool debit_parse(const char *text, app_debit_import_out *o, char *name, size_t namesz)
{
    memset(o, 0, sizeof *o);
    json_t *j = json_loads(text ? text : "", 0, NULL);
    if (!json_is_object(j)) {
        json_decref(j);
        return false;
    }
    for (size_t k = 0; k < NFIGURES; k++)
        *(int64_t *)(void *)((char *)o + DEBIT_FIGURES[k].off) =
            json_integer_value(json_object_get(j, DEBIT_FIGURES[k].key));
    const char *v = json_string_value(json_object_get(j, "debit_on"));
    str_copy(o->debit_on, sizeof o->debit_on, v ? v : "");
    v = json_string_value(json_object_get(j, "name"));
    str_copy(name, namesz, v ? v : "");
    for (size_t i = 0; i < 10; i++) {
        o->code_count[i] = json_integer_value(json_array_get(json_object_get(j, "code_count"), i));
        o->code_amount[i] = json_integer_value(json_array_get(json_object_get(j, "code_amount"), i));
    }
    json_decref(j);
    return true;
}

static int result_page(web_req *rq, web_resp *rs, const app_debit_import_out *o, const char *name)
{
    web_page_begin(rq, rs, "振替結果の取込", NAV_COLLECTION);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "振替結果の取込", NULL);
    web_collect_subnav(rq, rs, "/collections/debit");
    html_open(b, "p", "class", "flash", "role", "status", "id", "import-result", NULL);
    html_textf(b, "%s を取り込みました（依頼 %lld、引落日 %s・%s、%lld件）。振替済 %lld件、振替不能 %lld件。",
               name && *name ? name : "振替結果ファイル", (long long)o->batch_id, o->debit_on,
               attempt_label(o->attempt), (long long)o->records, (long long)o->done_count,
               (long long)o->failed_count);
    html_close(b, "p");
    long long all = o->done_amount + o->failed_amount, done = o->done_amount, failed = o->failed_amount;
    html_open(b, "table", "class", "list", "id", "debit-summary", NULL);
    html_raw(b, "<caption>振替結果の件数と金額</caption><thead><tr><th scope=\"col\">区分</th>"
                "<th scope=\"col\" class=\"num\">件数</th><th scope=\"col\" class=\"num\">金額</th></tr></thead><tbody>");
    sum_row(rs, "全件", "sum-records", o->records, &all);
    sum_row(rs, "振替済（入金を計上）", "sum-done", o->done_count, &done);
    sum_row(rs, "うち未消込（調定が変わっていたもの）", "sum-suspense", o->suspense, NULL);
    sum_row(rs, "振替不能", "sum-failed", o->failed_count, &failed);
    sum_row(rs, "うち再振替へ", "sum-retry", o->to_retry, NULL);
    sum_row(rs, "うち納付書へ", "sum-slip", o->to_slip, NULL);
    html_raw(b, "</tbody>");
    html_close(b, "table");
    codes_table(rs, "debit-codes", o->code_count, o->code_amount);
    char href[48];
    str_fmt(href, sizeof href, "/collections/debit/%lld", (long long)o->batch_id);
    html_open(b, "p", "class", "actions", NULL);
    html_elem(b, "a", "依頼の明細（振替不能の調定）を見る", "href", href, "class", "action", "id", "batch-link", NULL);
    if (o->suspense) {
        html_text(b, "　");
        html_elem(b, "a", "未消込の入金を処理する", "href", "/collections/suspense", "class", "action", NULL);
    }
    html_text(b, "　");
    html_elem(b, "a", "口座振替に戻る", "href", "/collections/debit", "class", "action", NULL);
    html_close(b, "p");
    web_page_end(rq, rs);
    return 0;
}

int page_debit_import(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_debit_import_out out;
    const char *data = rq->upload.data ? rq->upload.data : "";
    const char *name = rq->upload_name[0] ? rq->upload_name : "upload";
    int rc = app_debit_import(&rq->ctx, name, data, rq->upload.len, &out, &e);
    if (rc && e.code != ERR_INVALID && e.code != ERR_CONFLICT)
        return web_fail(rq, rs, &e);
    if (rc) {
        char msg[sizeof e.user];
        str_fmt(msg, sizeof msg, "取り込みませんでした（何も登録していません）。%s", e.user);
        str_copy(e.user, sizeof e.user, msg);
        str_copy(e.field, sizeof e.field, "file");
        return menu_page(rq, rs, NULL, &e, NULL);
    }
    /* the figures kept, the answer a redirect to them: a reload reads nothing again */
    const char *shown = rq->upload_name[0] ? rq->upload_name : "";
    char *json = debit_json(&out, shown);
    int kept = json ? app_import_result_put(&rq->ctx, out.file_id, "debit", json, NULL) : -1;
    free(json);
    if (kept != 0)
        return result_page(rq, rs, &out, shown);
    char to[48];
    str_fmt(to, sizeof to, "/collections/imports/%lld", (long long)out.file_id);
    return web_redirect(rq, rs, to, NULL);
}

int web_debit_result_page(web_req *rq, web_resp *rs, const char *json)
{
    app_debit_import_out o;
    char name[128];
    if (!debit_parse(json, &o, name, sizeof name)) {
        err_t e;
        err_set(&e, ERR_INTERNAL, NULL, NULL, "debit import result unreadable");
        return web_fail(rq, rs, &e);
    }
    return result_page(rq, rs, &o, name);
}

/* ---- GET /collections/debit/<id>: one request ------------------------- */

static void batch_head(web_req *rq, web_resp *rs, const app_debit_batch *x)
{
    buf_t *b = &rs->body;
    html_open(b, "table", "class", "kv", "id", "batch-head", NULL);
    html_raw(b, "<tbody><tr><th scope=\"row\">引落日</th><td>");
    web_date(rq, rs, x->debit_on);
    html_raw(b, "</td></tr><tr><th scope=\"row\">回</th>");
    html_elem(b, "td", attempt_label(x->attempt), NULL);
    html_raw(b, "</tr><tr><th scope=\"row\">件数</th><td>");
    html_textf(b, "%lld件", (long long)x->records);
    html_raw(b, "</td></tr><tr><th scope=\"row\">金額</th><td>");
    web_yen(rs, x->amount);
    html_raw(b, "</td></tr><tr><th scope=\"row\">状態</th>");
    status_cell(b, x->status);
    html_raw(b, "</tr></tbody>");
    html_close(b, "table");
}

/* 依頼ファイルを再作成: the same date and attempt again (the app writes the
 * same file while the request awaits its result). */
static void reexport_form(web_req *rq, web_resp *rs, const app_debit_batch *x)
{
    buf_t *b = &rs->body;
    html_open(b, "form", "method", "post", "action", "/collections/debit/export", "class", "inline", "id",
              "reexport-form", NULL);
    web_csrf_field(rq, rs);
    html_open(b, "input", "type", "hidden", "name", "date", "value", x->debit_on, NULL);
    if (x->attempt >= 2)
        html_open(b, "input", "type", "hidden", "name", "retry", "value", "1", NULL);
    html_elem(b, "button", "依頼ファイルを再作成", "type", "submit", "id", "reexport-submit", NULL);
    html_close(b, "form");
}

static void failed_table(web_resp *rs, const app_debit_item *rows, size_t n, size_t failed)
{
    buf_t *b = &rs->body;
    html_elem(b, "h2", "振替不能の調定", "id", "failed-h", NULL);
    if (failed == 0) {
        html_elem(b, "p", "振替不能の調定はありません。", "class", "empty", "id", "batch-failed-empty", NULL);
        return;
    }
    html_open(b, "table", "class", "list", "id", "batch-failed", "aria-labelledby", "failed-h", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">水栓番号</th><th scope=\"col\" class=\"num\">調定番号</th>"
                "<th scope=\"col\" class=\"num\">金額</th><th scope=\"col\">結果</th><th scope=\"col\">回収方法</th>"
                "</tr></thead><tbody>");
    size_t shown = 0;
    for (size_t i = 0; i < n && shown < DEBIT_MAX_ROWS; i++) {
        const app_debit_item *it = &rows[i];
        if (!it->result[0] || strcmp(it->result, "0") == 0)
            continue;
        shown++;
        char karte[48], bill[48], rid[40];
        str_fmt(karte, sizeof karte, "/karte/%s", it->tap_no);
        str_fmt(bill, sizeof bill, "/bills/%lld", (long long)it->bill_id);
        str_fmt(rid, sizeof rid, "item-%lld", (long long)it->bill_id);
        html_open(b, "tr", "id", rid, NULL);
        html_open(b, "td", NULL);
        html_elem(b, "a", it->tap_no, "href", karte, NULL);
        html_close(b, "td");
        html_open(b, "td", "class", "num", NULL);
        html_open(b, "a", "href", bill, NULL);
        html_textf(b, "%lld", (long long)it->bill_id);
        html_close(b, "a");
        html_close(b, "td");
        yen_cell(rs, it->amount);
        html_open(b, "td", NULL);
        html_textf(b, "%s %s", it->result, it->result_text);
        html_close(b, "td");
        html_elem(b, "td", collect_label(it->collect), NULL);
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    if (failed > shown) {
        html_open(b, "p", "class", "note", "id", "batch-failed-more", NULL);
        html_textf(b, "ほかに %zu件あります（先頭の %zu件を表示しています）。全件はシステム管理者が suido debit items で出力できます。",
                   failed - shown, shown);
        html_close(b, "p");
    }
}

int page_debit_batch(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    if (!web_path_id(rq, rs, "その口座振替の依頼はありません。", &id))
        return 0;
    app_debit_batch x;
    app_debit_item *rows = NULL;
    size_t n = 0;
    if (app_debit_items(&rq->ctx, id, &x, &rows, &n, &e))
        return web_fail(rq, rs, &e);
    char title[64];
    str_fmt(title, sizeof title, "口座振替の依頼 %lld", (long long)x.id);
    web_page_begin(rq, rs, title, NAV_COLLECTION);
    buf_t *b = &rs->body;
    html_elem(b, "h1", title, NULL);
    web_collect_subnav(rq, rs, "");
    html_open(b, "p", NULL);
    html_elem(b, "a", "口座振替に戻る", "href", "/collections/debit", NULL);
    html_close(b, "p");
    batch_head(rq, rs, &x);
    if (awaiting(x.status)) {
        html_elem(b, "p", "金融機関からの振替結果を待っています。結果が届いたら口座振替の画面から取り込みます。", "id",
                  "batch-awaiting", NULL);
        if (app_can(&rq->ctx, PERM_JOB_RUN)) {
            reexport_form(rq, rs, &x);
            html_elem(b, "p", "依頼ファイルをなくしたときは、同じ内容のファイルを作り直せます（依頼は増えません）。", "class",
                      "hint", NULL);
        } else
            html_elem(b, "p", "依頼ファイルの再作成は係長が行います。", "class", "note", NULL);
    } else {
        int64_t cc[10] = {0}, ca[10] = {0};
        size_t failed = 0;
        for (size_t i = 0; i < n; i++) {
            const char *r = rows[i].result;
            if (r[0] < '0' || r[0] > '9' || r[1])
                continue;
            cc[r[0] - '0']++;
            ca[r[0] - '0'] += rows[i].amount;
            failed += r[0] != '0';
        }
        codes_table(rs, "batch-codes", cc, ca);
        failed_table(rs, rows, n, failed);
    }
    free(rows);
    web_page_end(rq, rs);
    return 0;
}
