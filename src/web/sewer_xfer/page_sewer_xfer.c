/* page_sewer_xfer — 他市町下水データ (/billing/sewer-export): pick the
 * operator, the cycle and the layout; the file (or its 送付書) comes back as
 * a download of the POST (app_sewer_export records a new batch, so it is
 * never a GET).  Below the form, the files made lately.
 * docs/sewer_transfer.md describes the files. */
#include <stdlib.h>
#include <string.h>

#include "app/sewer_xfer/app_sewer_xfer.h"
#include "base/html.h"
#include "report/sewer_xfer_pdf.h"
#include "web/web.h"

static const char *const FORMAT_CODES[] = {"csv", "fixed"};
static const char *const FORMAT_LABELS[] = {"CSV（UTF-8）", "固定長（220 バイト・シフトJIS）"};
static const char *const MODE_CODES[] = {"first", "corrections"};
static const char *const MODE_LABELS[] = {"当初分（作成済みなら同じファイルを再作成）", "訂正分（前回までの送付との差分）"};

typedef struct form_vals { const char *op, *cycle, *format, *mode, *batch; } form_vals;

static void history(web_req *rq, web_resp *rs)
{
    buf_t *b = &rs->body;
    app_sewer_batch *rows = NULL;
    size_t n = 0;
    err_t e;
    err_clear(&e);
    if (app_sewer_batches(&rq->ctx, 50, &rows, &n, &e))
        return;
    html_elem(b, "h2", "作成済みのデータ", "id", "sewer-history-title", NULL);
    if (n == 0)
        html_elem(b, "p", "まだ作成していません。", "class", "empty", NULL);
    else {
        html_open(b, "table", "class", "list", "id", "sewer-history", "aria-labelledby", "sewer-history-title", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">作成日</th><th scope=\"col\">送付先</th><th scope=\"col\">調定年月</th>"
                    "<th scope=\"col\" class=\"num\">送付回</th><th scope=\"col\" class=\"num\">件数</th>"
                    "<th scope=\"col\" class=\"num\">上水 m³</th><th scope=\"col\" class=\"num\">汚水 m³</th>"
                    "<th scope=\"col\">作成者</th></tr></thead><tbody>");
        for (size_t i = 0; i < n; i++) {
            char t[32];
            html_open(b, "tr", NULL);
            html_elem(b, "td", rows[i].created_on, NULL);
            html_elem(b, "td", rows[i].operator_label, NULL);
            html_elem(b, "td", rows[i].cycle, NULL);
            str_fmt(t, sizeof t, "%lld", (long long)rows[i].batch_no);
            html_elem(b, "td", t, "class", "num", NULL);
            str_thousands(rows[i].records, t);
            html_elem(b, "td", t, "class", "num", NULL);
            str_thousands(rows[i].water_m3, t);
            html_elem(b, "td", t, "class", "num", NULL);
            str_thousands(rows[i].sewer_m3, t);
            html_elem(b, "td", t, "class", "num", NULL);
            html_elem(b, "td", rows[i].created_by, NULL);
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    free(rows);
}

static int form_page(web_req *rq, web_resp *rs, const form_vals *v, const err_t *e)
{
    buf_t *b = &rs->body;
    web_page_begin(rq, rs, "他市町下水データ", NAV_BILLING);
    html_open(b, "p", "class", "no-print", NULL);
    html_elem(b, "a", "調定処理に戻る", "href", "/billing", NULL);
    html_close(b, "p");
    html_elem(b, "h1", "他市町下水データ", NULL);
    html_elem(b, "p",
              "下水道を他の市町が受け持つ水栓の、周期ごとの使用水量・汚水量のデータと送付書を作ります。"
              "データには使用者の氏名と使用場所が含まれます（作成は監査ログに記録されます）。",
              "class", "hint", NULL);
    html_open(b, "form", "method", "post", "action", "/billing/sewer-export", "id", "sewer-form", NULL);
    web_csrf_field(rq, rs);
    web_form_error(rs, e);
    const app_sewer_operator *ops = app_sewer_operators();
    const char *codes[8], *labels[8];
    size_t n = 0;
    for (; ops[n].code && n < 8; n++) {
        codes[n] = ops[n].code;
        labels[n] = ops[n].label;
    }
    web_select(rs, "送付先（下水道事業者）", "operator", v->op, codes, labels, n, e);
    web_input(rs, "調定年月（検針周期）", "cycle", v->cycle, e, "required", "", "pattern", "[0-9]{4}-[0-9]{2}",
              "placeholder", "2026-11", NULL);
    web_select(rs, "形式", "format", v->format, FORMAT_CODES, FORMAT_LABELS, 2, e);
    web_select(rs, "作成するもの", "mode", v->mode, MODE_CODES, MODE_LABELS, 2, e);
    web_input(rs, "送付回（再作成する回。空欄は第1回）", "batch", v->batch, e, "inputmode", "numeric", "pattern", "[0-9]*",
              NULL);
    html_elem(b, "button", "データを作成", "type", "submit", "name", "doc", "value", "file", "id", "sewer-file", NULL);
    html_text(b, " ");
    html_elem(b, "button", "送付書（PDF）を作成", "type", "submit", "name", "doc", "value", "transmittal", "id",
              "sewer-transmittal", NULL);
    html_close(b, "form");
    history(rq, rs);
    web_page_end(rq, rs);
    return 0;
}

int page_sewer_export_form(web_req *rq, web_resp *rs)
{
    const char *op = web_query(rq, "operator"), *cycle = web_query(rq, "cycle");
    form_vals v = {op ? op : "", cycle ? cycle : "", "csv", "first", ""};
    return form_page(rq, rs, &v, NULL);
}

typedef struct pdf_arg { sewer_xfer_pdf_in in; } pdf_arg;

static int write_pdf(const void *arg, const char *path, char *msg, size_t msgsz)
{
    return sewer_xfer_pdf_write(&((const pdf_arg *)arg)->in, path, msg, msgsz);
}

int page_sewer_export(web_req *rq, web_resp *rs)
{
    form_vals v = {web_form_or(rq, "operator"), web_form_or(rq, "cycle"), web_form_or(rq, "format"),
                   web_form_or(rq, "mode"), web_form_or(rq, "batch")};
    err_t e;
    err_clear(&e);
    long long batch = 0;
    if (*v.batch && (!str_to_i64(v.batch, &batch) || batch < 1 || batch > 99)) {
        err_field(&e, "batch", "送付回は 1〜99 の数字で入力してください（空欄は第1回）。");
        rs->status = 400;
        return form_page(rq, rs, &v, &e);
    }
    if (strcmp(v.mode, "first") != 0 && strcmp(v.mode, "corrections") != 0) {
        err_field(&e, "mode", "作成するものを選んでください。");
        rs->status = 400;
        return form_page(rq, rs, &v, &e);
    }
    app_sewer_export_in in = {.operator_code = v.op, .cycle = v.cycle, .format = v.format,
                              .corrections = strcmp(v.mode, "corrections") == 0, .batch_no = batch};
    app_sewer_export_out x;
    int rc = app_sewer_export(&rq->ctx, &in, &x, &e);
    if (rc && (e.code == ERR_INVALID || e.code == ERR_NOTFOUND)) {
        rs->status = e.code == ERR_INVALID ? 400 : 404;
        return form_page(rq, rs, &v, &e);
    }
    if (rc)
        return web_fail(rq, rs, &e);
    if (!x.batch_no) {
        app_sewer_export_free(&x);
        char to[96], msg[200];
        str_fmt(to, sizeof to, "/billing/sewer-export?operator=%s&cycle=%s", v.op, v.cycle);
        str_fmt(msg, sizeof msg, "%s %s: 前回までの送付から差分はありません。データは作っていません。", x.operator_label,
                v.cycle);
        return web_redirect(rq, rs, to, msg);
    }
    bool fixed = strcmp(v.format, "fixed") == 0;
    char name[96];
    str_fmt(name, sizeof name, "sewer-%s-%s-%02lld.%s", v.op, v.cycle, (long long)x.batch_no, fixed ? "txt" : "csv");
    int r = 0;
    if (strcmp(web_form_or(rq, "doc"), "transmittal") == 0) {
        pdf_arg a = {{.x = &x, .utility = app_utility_name(&rq->ctx), .cycle = v.cycle, .format = v.format,
                      .file_name = name}};
        char pdf[96];
        str_fmt(pdf, sizeof pdf, "sewer-%s-%s-%02lld.pdf", v.op, v.cycle, (long long)x.batch_no);
        r = web_send_document(rq, rs, write_pdf, &a, "application/pdf", "attachment", pdf, "送付書を作成できませんでした。");
    } else {
        buf_append(&rs->body, x.file.data, x.file.len);
        rs->content_type = fixed ? "text/plain; charset=Shift_JIS" : "text/csv; charset=utf-8";
        char disp[160];
        str_fmt(disp, sizeof disp, "attachment; filename=\"%s\"", name);
        web_header(rs, "Content-Disposition", disp);
    }
    app_sewer_export_free(&x);
    return r;
}
