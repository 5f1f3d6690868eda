/* page_meter_stock — メーター管理's home: the stock by diameter with the
 * reorder points and the shortfall, the search of meters, the reorder
 * point form (GET /meters, POST /meters/reorder). */
#include <stdlib.h>
#include <string.h>

#include "app/meter/app_meter_stock.h"
#include "base/html.h"
#include "domain/role.h"
#include "web/meter/meter_nav.h"
#include "web/meter/meter_widgets.h"

static void stock_table(web_resp *rs, const app_meter_stock_row *r, size_t n)
{
    buf_t *b = &rs->body;
    html_open(b, "table", "class", "list", "id", "stock", NULL);
    html_raw(b, "<caption>口径別の在庫</caption><thead><tr><th scope=\"col\">口径</th>"
                "<th scope=\"col\" class=\"num\">在庫</th><th scope=\"col\" class=\"num\">庫出中</th>"
                "<th scope=\"col\" class=\"num\">設置中</th><th scope=\"col\" class=\"num\">撤去品</th>"
                "<th scope=\"col\" class=\"num\">修理・検定中</th><th scope=\"col\" class=\"num\">発注残</th>"
                "<th scope=\"col\" class=\"num\">発注点</th>"
                "<th scope=\"col\">不足</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        html_open(b, "tr", NULL);
        html_open(b, "th", "scope", "row", NULL);
        html_textf(b, "%lldmm", (long long)r[i].diameter);
        html_close(b, "th");
        web_meter_count_cell(rs, r[i].in_store);
        web_meter_count_cell(rs, r[i].issued);
        web_meter_count_cell(rs, r[i].installed);
        web_meter_count_cell(rs, r[i].removed);
        web_meter_count_cell(rs, r[i].repair);
        web_meter_count_cell(rs, r[i].on_order);
        if (r[i].reorder_point >= 0)
            web_meter_count_cell(rs, r[i].reorder_point);
        else
            html_elem(b, "td", "未設定", "class", "num", NULL);
        html_open(b, "td", NULL);
        if (r[i].shortfall > 0) {
            char t[48];
            str_fmt(t, sizeof t, "不足 %lld 個", (long long)r[i].shortfall);
            html_elem(b, "span", t, "class", "state state-held", NULL);
        }
        html_close(b, "td");
        html_close(b, "tr");
    }
    if (!n)
        html_raw(b, "<tr><td colspan=\"9\">メーターはまだ登録されていません。</td></tr>");
    html_raw(b, "</tbody>");
    html_close(b, "table");
}

/* Where the meters lent are: by contractor and diameter. */
static void held_table(web_req *rq, web_resp *rs)
{
    app_meter_held *h = NULL;
    size_t n = 0;
    err_t e;
    err_clear(&e);
    if (app_meter_held_list(&rq->ctx, &h, &n, &e)) {
        web_meter_error_line(rs, "庫出先別の表を読めません", &e);
        return;
    }
    buf_t *b = &rs->body;
    html_open(b, "table", "class", "list", "id", "by-contractor", NULL);
    html_raw(b, "<caption>庫出先別（工事事業者が持っているメーター）</caption><thead><tr><th scope=\"col\">指定番号</th>"
                "<th scope=\"col\">工事事業者</th><th scope=\"col\" class=\"num\">口径</th>"
                "<th scope=\"col\" class=\"num\">個数</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        html_open(b, "tr", NULL);
        html_elem(b, "td", h[i].contractor_no, NULL);
        html_elem(b, "td", h[i].contractor_name, NULL);
        html_open(b, "td", "class", "num", NULL);
        html_textf(b, "%lldmm", (long long)h[i].diameter);
        html_close(b, "td");
        web_meter_count_cell(rs, h[i].count);
        html_close(b, "tr");
    }
    if (!n)
        html_raw(b, "<tr><td colspan=\"4\">庫出中のメーターはありません。</td></tr>");
    html_raw(b, "</tbody>");
    html_close(b, "table");
    free(h);
}

static void search_form(web_req *rq, web_resp *rs, const err_t *e)
{
    static const char *const CODES[] = {"", "stock", "issued", "installed", "removed", "repair", "testing", "scrapped"};
    static const char *const LABELS[] = {"すべて", "在庫", "庫出（貸出）", "設置", "撤去", "修理", "検定", "廃棄"};
    buf_t *b = &rs->body;
    html_open(b, "form", "method", "get", "action", "/meters", "class", "filters", "role", "search", NULL);
    web_input(rs, "メーター番号（前方一致）", "q", web_query(rq, "q"), e, "maxlength", "20", "autocomplete", "off", NULL);
    web_select(rs, "状態", "status", web_query(rq, "status") ? web_query(rq, "status") : "", CODES, LABELS, 8, e);
    web_meter_diameter_select(rs, web_query(rq, "diameter"), "すべて", e);
    html_elem(b, "button", "検索", "type", "submit", NULL);
    html_close(b, "form");
}

static void found_table(web_resp *rs, const app_meter_item *m, size_t n)
{
    buf_t *b = &rs->body;
    html_open(b, "table", "class", "list", "id", "found", NULL);
    html_raw(b, "<caption>検索結果</caption><thead><tr><th scope=\"col\">メーター番号</th>"
                "<th scope=\"col\" class=\"num\">口径</th><th scope=\"col\">メーカー</th><th scope=\"col\">ロット</th>"
                "<th scope=\"col\">状態</th><th scope=\"col\">所在</th><th scope=\"col\">検定満了</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        char href[48];
        str_fmt(href, sizeof href, "/meters/%s", m[i].serial);
        html_open(b, "tr", NULL);
        html_open(b, "td", NULL);
        html_elem(b, "a", m[i].serial, "href", href, NULL);
        html_close(b, "td");
        html_open(b, "td", "class", "num", NULL);
        html_textf(b, "%lldmm", (long long)m[i].diameter);
        html_close(b, "td");
        html_elem(b, "td", m[i].maker, NULL);
        html_elem(b, "td", m[i].lot, NULL);
        html_elem(b, "td", m[i].status_label, NULL);
        html_elem(b, "td", m[i].where, NULL);
        html_elem(b, "td", m[i].certified_until, NULL);
        html_close(b, "tr");
    }
    if (!n)
        html_raw(b, "<tr><td colspan=\"7\">該当するメーターはありません。</td></tr>");
    html_raw(b, "</tbody>");
    html_close(b, "table");
}

static void reorder_form(web_req *rq, web_resp *rs, const err_t *e)
{
    buf_t *b = &rs->body;
    html_open(b, "form", "method", "post", "action", "/meters/reorder", "class", "grid", "id", "reorder", NULL);
    html_open(b, "fieldset", NULL);
    html_elem(b, "legend", "発注点の設定", NULL);
    web_csrf_field(rq, rs);
    web_meter_diameter_select(rs, web_form(rq, "diameter"), NULL, e);
    web_input(rs, "発注点（個）", "point", web_form_or(rq, "point"), e, "inputmode", "numeric", "required", "", NULL);
    html_elem(b, "button", "発注点を保存", "type", "submit", NULL);
    html_close(b, "fieldset");
    html_close(b, "form");
}

static void stock_page(web_req *rq, web_resp *rs, const err_t *fe)
{
    app_meter_stock_row *rows = NULL;
    size_t n = 0;
    if (!web_meter_stock_page_begin(rq, rs, "メーター管理", "/meters", fe, &rows, &n))
        return;
    stock_table(rs, rows, n);
    free(rows);
    held_table(rq, rs);
    search_form(rq, rs, fe);
    const char *q = web_query(rq, "q"), *st = web_query(rq, "status"), *dia = web_query(rq, "diameter");
    if ((q && *q) || (st && *st) || (dia && *dia)) {
        app_meter_item *m = NULL;
        size_t nm = 0;
        err_t e;
        err_clear(&e);
        if (app_meter_find(&rq->ctx, q, st, dia, &m, &nm, &e))
            web_form_error(rs, &e);
        else
            found_table(rs, m, nm);
        free(m);
    }
    if (app_can(&rq->ctx, PERM_METER))
        reorder_form(rq, rs, fe);
    web_page_end(rq, rs);
}

int page_meters(web_req *rq, web_resp *rs)
{
    stock_page(rq, rs, NULL);
    return 0;
}

int page_meter_reorder(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    if (app_meter_reorder_set(&rq->ctx, web_form(rq, "diameter"), web_form(rq, "point"), &e)) {
        if (e.code != ERR_INVALID)
            return web_fail(rq, rs, &e);
        stock_page(rq, rs, &e);
        rs->status = web_status_for(e.code);
        return 0;
    }
    char flash[96];
    str_fmt(flash, sizeof flash, "口径 %smm の発注点を %s 個にしました。", web_form_or(rq, "diameter"),
            web_form_or(rq, "point"));
    return web_redirect(rq, rs, "/meters", flash);
}
