/* page_daily — 収納日計表 on screen (/collections/daily), its PDF and Excel
 * downloads, and the accounting journal (仕訳) CSV for the finance system. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/collect/app_daily.h"
#include "base/csv.h"
#include "base/html.h"
#include "report/daily_pdf.h"
#include "report/daily_xlsx.h"
#include "web/collect/collect_nav.h"
#include "web/web.h"

/* The date asked for, or today (JST) when none was given. */
static const char *date_param(web_req *rq, char today[11])
{
    const char *d = web_query(rq, "date");
    if (d && *d)
        return d;
    date_format_iso(date_today_jst(), today);
    return today;
}

static void yen_cell(buf_t *b, long long v, bool bold)
{
    char s[32];
    str_thousands(v, s);
    html_open(b, "td", "class", "num", NULL);
    if (bold)
        html_elem(b, "strong", s, NULL);
    else
        html_text(b, s);
    html_close(b, "td");
}

static void table_row(buf_t *b, const char *label, const daily_line *l, bool bold, bool counts)
{
    html_open(b, "tr", NULL);
    html_open(b, "th", "scope", "row", NULL);
    if (bold)
        html_elem(b, "strong", label, NULL);
    else
        html_text(b, label);
    html_close(b, "th");
    if (counts) {
        yen_cell(b, l->count, bold);
        yen_cell(b, l->reversals, bold);
    } else {
        html_elem(b, "td", "", NULL);
        html_elem(b, "td", "", NULL);
    }
    long long v[6] = {l->amount, l->water, l->sewer, l->tax, l->credit, l->suspense};
    for (int i = 0; i < 6; i++)
        yen_cell(b, v[i], bold);
    html_close(b, "tr");
}

static void daily_table_html(buf_t *b, const app_daily *d)
{
    const daily_table *t = &d->t;
    html_open(b, "table", "class", "list", "id", "daily-table", NULL);
    html_open(b, "caption", NULL);
    html_textf(b, "計上日 %s の収納（単位：円）", d->date);
    html_close(b, "caption");
    html_raw(b, "<thead><tr><th scope=\"col\">区分</th><th scope=\"col\" class=\"num\">件数</th>"
                "<th scope=\"col\" class=\"num\">うち取消</th><th scope=\"col\" class=\"num\">収納額</th>"
                "<th scope=\"col\" class=\"num\">水道料金</th><th scope=\"col\" class=\"num\">下水道使用料</th>"
                "<th scope=\"col\" class=\"num\">消費税等</th><th scope=\"col\" class=\"num\">過誤納</th>"
                "<th scope=\"col\" class=\"num\">未消込</th></tr></thead><tbody>");
    for (size_t i = 0; i < t->n; i++)
        table_row(b, app_daily_row_label(t->rows[i].channel), &t->rows[i], false, true);
    html_raw(b, "</tbody><tfoot>");
    table_row(b, "収納計", &t->receipts, true, true);
    table_row(b, "過誤納充当", &t->setoff, false, true);
    table_row(b, "合計", &t->grand, true, false);
    html_raw(b, "</tfoot>");
    html_close(b, "table");
    char v1[32], v2[32], v3[32], v4[32];
    html_open(b, "dl", "class", "facts", "id", "daily-movements", NULL);
    html_elem(b, "dt", "未消込", NULL);
    str_thousands(t->suspense_in, v1);
    str_thousands(t->suspense_out, v2);
    html_open(b, "dd", NULL);
    html_textf(b, "発生 %s 円、消込 %s 円", v1, v2);
    html_close(b, "dd");
    html_elem(b, "dt", "過誤納", NULL);
    str_thousands(t->credit_over, v1);
    str_thousands(t->credit_reversal, v2);
    str_thousands(t->credit_setoff, v3);
    str_thousands(t->credit_refund, v4);
    html_open(b, "dd", NULL);
    html_textf(b, "発生 %s 円、取消 %s 円、充当 %s 円、還付 %s 円（%lld 件）", v1, v2, v3, v4, (long long)t->refund_count);
    html_close(b, "dd");
    html_elem(b, "dt", "延滞金・督促手数料", NULL);
    str_thousands(t->receipts.late, v1);
    html_open(b, "dd", "id", "daily-late", NULL);
    html_textf(b, "収納 %s 円（%lld 件）", v1, (long long)t->late_count);
    html_close(b, "dd");
    /* works receipts (工事): money in apart from water and sewer */
    html_elem(b, "dt", "加入金（工事）", NULL);
    str_thousands(t->receipts.kanyukin, v1);
    str_thousands(t->receipts.kanyukin_tax, v2);
    html_open(b, "dd", "id", "daily-kanyukin", NULL);
    html_textf(b, "収納 %s 円（うち消費税等 %s 円）", v1, v2);
    html_close(b, "dd");
    html_elem(b, "dt", "工事手数料", NULL);
    str_thousands(t->receipts.works_fee, v1);
    str_thousands(t->receipts.works_fee_tax, v2);
    html_open(b, "dd", "id", "daily-works-fee", NULL);
    html_textf(b, "収納 %s 円（うち消費税等 %s 円。加入金と合わせて明細 %lld 件）", v1, v2, (long long)t->works_count);
    html_close(b, "dd");
    html_elem(b, "dt", "工事の還付", NULL);
    str_thousands(t->works_refund_kanyukin, v1);
    str_thousands(t->works_refund_fee, v2);
    html_open(b, "dd", "id", "daily-works-refund", NULL);
    html_textf(b, "加入金 %s 円、工事手数料 %s 円（明細 %lld 件。払出しのため検算の外）", v1, v2,
               (long long)t->works_refund_count);
    html_close(b, "dd");
    const daily_line *aw = &t->after_writeoff;   /* already in the rows above */
    html_elem(b, "dt", "不納欠損後の収入", NULL);
    str_thousands(aw->amount, v1);
    str_thousands(aw->water, v2);
    str_thousands(aw->sewer, v3);
    str_thousands(aw->tax, v4);
    html_open(b, "dd", "id", "daily-after-writeoff", NULL);
    html_textf(b, "%s 円（水道料金 %s 円、下水道使用料 %s 円、消費税等 %s 円、%lld 件。上の収納額の内数）", v1, v2, v3, v4,
               (long long)aw->count);
    html_close(b, "dd");
    html_close(b, "dl");
    str_thousands(t->check_in, v1);
    str_thousands(t->check_out, v2);
    if (t->balanced) {
        html_open(b, "p", "id", "daily-check", "class", "ok", NULL);
        html_textf(b, "検算：収納額 %s 円 ＝ 水道料金＋下水道使用料＋消費税等＋過誤納＋未消込＋延滞金・督促手数料＋加入金＋工事手数料 %s 円（一致）", v1, v2);
    } else {
        str_thousands(t->check_in - t->check_out, v3);
        html_open(b, "p", "id", "daily-check", "class", "error", "role", "alert", NULL);
        html_textf(b, "検算：収納額 %s 円と消込等 %s 円が一致しません（差額 %s 円）。システム管理者に連絡してください。", v1, v2,
                   v3);
    }
    html_close(b, "p");
}

int page_daily(web_req *rq, web_resp *rs)
{
    buf_t *b = &rs->body;
    char today[11];
    const char *date = date_param(rq, today);
    err_t e;
    err_clear(&e);
    app_daily *d = malloc(sizeof *d);
    int rc = d ? app_daily_totals(&rq->ctx, date, d, &e) : err_set(&e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (rc && e.code != ERR_INVALID) {
        free(d);
        return web_fail(rq, rs, &e);
    }
    if (rc)
        rs->status = 422;   /* the form again, with the date named */
    web_page_begin(rq, rs, "収納日計表", NAV_COLLECTION);
    html_elem(b, "h1", "収納日計表", NULL);
    web_collect_subnav(rq, rs, "/collections/daily");
    html_open(b, "form", "method", "get", "action", "/collections/daily", "class", "inline", "id", "daily-form", NULL);
    web_form_error(rs, rc ? &e : NULL);
    web_input(rs, "計上日", "date", date, rc ? &e : NULL, "type", "date", "required", "", NULL);
    html_elem(b, "button", "表示", "type", "submit", NULL);
    html_close(b, "form");
    if (!rc) {
        buf_t h;
        buf_init(&h, 0);
        html_open(b, "p", "class", "export", NULL);
        buf_printf(&h, "/collections/daily.pdf?date=%s", d->date);
        html_elem(b, "a", "日計表（PDF）", "href", buf_cstr(&h), NULL);
        html_text(b, "　");
        buf_reset(&h);
        buf_printf(&h, "/collections/daily.xlsx?date=%s", d->date);
        html_elem(b, "a", "日計表（Excel）", "href", buf_cstr(&h), "download", "", NULL);
        html_close(b, "p");
        buf_free(&h);
        daily_table_html(b, d);
        /* the journal of a period, for the finance system */
        html_elem(b, "h2", "仕訳データ（財務会計システム向け）", "id", "journal", NULL);
        html_open(b, "form", "method", "get", "action", "/collections/journal.csv", "class", "inline",
                  "aria-labelledby", "journal", NULL);
        web_input(rs, "開始日", "from", d->date, NULL, "type", "date", "required", "", NULL);
        web_input(rs, "終了日", "to", d->date, NULL, "type", "date", "required", "", NULL);
        static const char *const codes[] = {"utf8bom", "cp932", "utf8"};
        static const char *const labels[] = {"UTF-8（BOM付き）", "Shift_JIS（CP932）", "UTF-8（BOMなし）"};
        web_select(rs, "文字コード", "encoding", "utf8bom", codes, labels, 3, NULL);
        html_elem(b, "button", "CSV出力", "type", "submit", NULL);
        html_close(b, "form");
        html_elem(b, "p", "計上日・区分・勘定科目ごとに借方と貸方の金額を出力します。科目は設定ファイルの [journal] で指定します。",
                  "class", "note", NULL);
    }
    free(d);
    web_page_end(rq, rs);
    return 0;
}

static int write_pdf(const void *d, const char *path, char *msg, size_t msgsz)
{
    return daily_pdf_write(d, path, msg, msgsz);
}

static int write_xlsx(const void *d, const char *path, char *msg, size_t msgsz)
{
    return daily_xlsx_write(d, path, msg, msgsz);
}

static int download(web_req *rq, web_resp *rs, web_doc_writer fn, const char *type, const char *ext)
{
    char today[11];
    err_t e;
    err_clear(&e);
    app_daily *d = malloc(sizeof *d);
    int rc = d ? app_daily_totals(&rq->ctx, date_param(rq, today), d, &e)
               : err_set(&e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (rc)
        rc = web_fail(rq, rs, &e);
    else {
        char name[64];
        str_fmt(name, sizeof name, "daily-%s.%s", d->date, ext);
        rc = web_send_document(rq, rs, fn, d, type, strcmp(ext, "pdf") == 0 ? "inline" : "attachment", name,
                               "日計表を作成できませんでした。");
    }
    free(d);
    return rc;
}

int page_daily_pdf(web_req *rq, web_resp *rs)
{
    return download(rq, rs, write_pdf, "application/pdf", "pdf");
}

int page_daily_xlsx(web_req *rq, web_resp *rs)
{
    return download(rq, rs, write_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "xlsx");
}

int page_journal_csv(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    const char *from = web_query(rq, "from"), *to = web_query(rq, "to"), *enc = web_query(rq, "encoding");
    if (app_journal(&rq->ctx, from, to, &rs->body, enc, NULL, &e)) {
        buf_reset(&rs->body);
        return web_fail(rq, rs, &e);
    }
    rs->content_type = enc && csv_encoding_parse(enc) == CSV_CP932 ? "text/csv; charset=Shift_JIS"
                                                                  : "text/csv; charset=utf-8";
    char disp[96];
    str_fmt(disp, sizeof disp, "attachment; filename=\"journal-%.10s-%.10s.csv\"", from, to);
    web_header(rs, "Content-Disposition", disp);
    return 0;
}
