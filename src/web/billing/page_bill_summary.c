/* page_bill_summary — 調定集計表 (/billing/summary?cycle=): the current bills
 * of a cycle by use and diameter, water and sewer apart, beside the previous
 * cycle and the same cycle last year; as CSV (.csv?encoding=) and Excel
 * (.xlsx).  Columns from report/bill_summary_cols. */
#include <stdlib.h>
#include <string.h>

#include "app/account/app_staff.h"
#include "app/billing/app_bill_report.h"
#include "base/csv.h"
#include "base/date.h"
#include "base/html.h"
#include "report/bill_summary_cols.h"
#include "report/bill_summary_csv.h"
#include "report/bill_summary_xlsx.h"
#include "web/web.h"

static void cycle_of(web_req *rq, char cycle[8])
{
    const char *c = web_query(rq, "cycle");
    err_t e;
    err_clear(&e);
    if (c && *c)
        str_copy(cycle, 8, c);
    else
        app_bill_due_cycle(&rq->ctx, cycle, &e);
}

static void summary_row(web_resp *rs, const app_bill_report_row *x)
{
    buf_t *b = &rs->body;
    bool total = !x->use_code[0], sub = !total && x->diameter == 0;
    char dia[16];
    long long v[BILL_SUMMARY_NVALS];
    html_open(b, "tr", "class", total ? "total" : sub ? "subtotal" : NULL, NULL);
    html_elem(b, "th", app_bill_report_use_label(x), "scope", "row", NULL);
    bill_summary_diameter(x, dia);
    html_elem(b, "td", dia, "class", "num", NULL);
    bill_summary_values(x, v);
    for (int k = 0; k < BILL_SUMMARY_NVALS; k++) {
        const char *cls = BILL_SUMMARY_DIFF[k] ? (v[k] < 0 ? "num down" : v[k] > 0 ? "num up" : "num") : "num";
        html_open(b, "td", "class", cls, NULL);
        if (BILL_SUMMARY_DIFF[k] && v[k] > 0)
            html_text(b, "+");
        if (BILL_SUMMARY_YEN[k])
            web_yen(rs, v[k]);
        else {
            char t[32];
            str_thousands(v[k], t);
            html_text(b, t);
        }
        html_close(b, "td");
    }
    html_close(b, "tr");
}

int page_bill_summary(web_req *rq, web_resp *rs)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    char cycle[8], href[96];
    cycle_of(rq, cycle);
    app_bill_report r;
    int rc = app_bill_report_get(&rq->ctx, cycle, &r, &e);
    if (rc && e.code != ERR_INVALID)
        return web_fail(rq, rs, &e);
    if (rc)
        rs->status = 400;
    web_page_begin(rq, rs, "調定集計表", NAV_BILLING);
    html_elem(b, "h1", "調定集計表", NULL);
    html_open(b, "p", "class", "no-print", NULL);
    str_fmt(href, sizeof href, "/billing?cycle=%s", cycle);
    html_elem(b, "a", "調定処理に戻る", "href", href, NULL);
    html_close(b, "p");
    html_open(b, "form", "method", "get", "action", "/billing/summary", "class", "inline no-print", "id",
              "summary-form", NULL);
    web_form_error(rs, rc ? &e : NULL);
    web_input(rs, "検針周期", "cycle", cycle, rc ? &e : NULL, "required", "", "pattern", "[0-9]{4}-[0-9]{2}",
              "placeholder", "2026-11", NULL);
    html_elem(b, "button", "表示", "type", "submit", NULL);
    html_close(b, "form");
    if (rc) {
        web_page_end(rq, rs);
        return 0;
    }
    html_open(b, "p", "id", "summary-cycles", NULL);
    html_textf(b, "%s 周期の調定（現在有効な調定）。比較: 前回 %s 周期、前年同期 %s 周期。", r.cycle, r.prev_cycle,
               r.last_year_cycle);
    html_close(b, "p");
    html_open(b, "p", "class", "no-print", "id", "summary-downloads", NULL);
    str_fmt(href, sizeof href, "/billing/summary.csv?cycle=%s&encoding=utf8bom", r.cycle);
    html_elem(b, "a", "CSV（UTF-8）", "href", href, "id", "summary-csv", NULL);
    html_text(b, "　");
    str_fmt(href, sizeof href, "/billing/summary.csv?cycle=%s&encoding=cp932", r.cycle);
    html_elem(b, "a", "CSV（Shift_JIS）", "href", href, NULL);
    html_text(b, "　");
    str_fmt(href, sizeof href, "/billing/summary.xlsx?cycle=%s", r.cycle);
    html_elem(b, "a", "Excel", "href", href, "id", "summary-xlsx", NULL);
    html_text(b, "　");
    html_elem(b, "button", "印刷", "type", "button", "data-print", "", "id", "summary-print", NULL);
    html_close(b, "p");
    if (r.n == 0 && r.total.prev.bills == 0 && r.total.last_year.bills == 0) {
        html_elem(b, "p", "この周期の調定はまだありません。", "class", "empty", "id", "summary-empty", NULL);
    } else {
        html_open(b, "div", "class", "table-wide", "tabindex", "0", "role", "region", "aria-label", "調定集計表（横にスクロールできます）", NULL);
        html_open(b, "table", "class", "list", "id", "bill-summary", NULL);
        html_elem(b, "caption", "用途・口径別の調定件数・水量・金額", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">用途</th><th scope=\"col\" class=\"num\">口径(mm)</th>");
        for (int k = 0; k < BILL_SUMMARY_NVALS; k++)
            html_elem(b, "th", BILL_SUMMARY_TITLES[k], "scope", "col", "class", "num", NULL);
        html_raw(b, "</tr></thead><tbody>");
        for (size_t i = 0; i < r.n; i++)
            summary_row(rs, &r.rows[i]);
        html_raw(b, "</tbody><tfoot>");
        summary_row(rs, &r.total);
        html_raw(b, "</tfoot>");
        html_close(b, "table");
        html_close(b, "div");
    }
    app_bill_report_free(&r);
    web_page_end(rq, rs);
    return 0;
}

int page_bill_summary_csv(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    char cycle[8];
    cycle_of(rq, cycle);
    const char *enc = web_query(rq, "encoding");
    int encoding = csv_encoding_parse(enc && *enc ? enc : "utf8bom");
    if (encoding < 0) {
        err_field(&e, "encoding", "文字コードは utf8bom・cp932・utf8 のいずれかを指定してください。");
        return web_fail(rq, rs, &e);
    }
    app_bill_report r;
    if (app_bill_report_get(&rq->ctx, cycle, &r, &e))
        return web_fail(rq, rs, &e);
    bool ok = bill_summary_csv_write(&r, encoding, &rs->body);
    app_bill_report_free(&r);
    if (!ok) {
        buf_reset(&rs->body);
        err_set(&e, ERR_INTERNAL, NULL, NULL, "調定集計表を文字コード変換できませんでした。");
        return web_fail(rq, rs, &e);
    }
    rs->content_type = encoding == CSV_CP932 ? "text/csv; charset=Shift_JIS" : "text/csv; charset=utf-8";
    char disp[96];
    str_fmt(disp, sizeof disp, "attachment; filename=\"bill-summary-%s.csv\"", cycle);
    web_header(rs, "Content-Disposition", disp);
    return 0;
}

typedef struct xlsx_arg { const app_bill_report *r; const char *by; int64_t at; } xlsx_arg;

static int write_xlsx(const void *arg, const char *path, char *msg, size_t msgsz)
{
    const xlsx_arg *a = arg;
    return bill_summary_xlsx_write(a->r, a->by, a->at, path, msg, msgsz);
}

int page_bill_summary_xlsx(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    char cycle[8];
    cycle_of(rq, cycle);
    app_bill_report r;
    if (app_bill_report_get(&rq->ctx, cycle, &r, &e))
        return web_fail(rq, rs, &e);
    char by[128];
    app_staff_display_name(&rq->ctx, rq->ctx.actor.username, by, sizeof by);
    xlsx_arg a = {&r, by, date_now_unix()};
    char name[64];
    str_fmt(name, sizeof name, "bill-summary-%s.xlsx", cycle);
    int rc = web_send_document(rq, rs, write_xlsx, &a, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               "attachment", name, "調定集計表を作成できませんでした。");
    app_bill_report_free(&r);
    return rc;
}
