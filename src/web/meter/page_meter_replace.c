/* page_meter_replace — 検定満了による取替 (docs/meters.md): the plan
 * (GET /meters/plan: filters, counts by month and diameter, the meters in
 * route order; /meters/plan.csv the same as CSV; /meters/plan/order.pdf
 * the replacement order of one route to a contractor) and the result of a
 * replacement (GET and POST /meters/replace), which goes through the one
 * exchange (app/meter/app_meter_replace.h). */
#include <stdlib.h>
#include <string.h>

#include "app/meter/app_meter_replace.h"
#include "app/account/app_staff.h"
#include "base/csv.h"
#include "base/date.h"
#include "base/html.h"
#include "report/meter_order_pdf.h"
#include "report/meter_plan_csv.h"
#include "web/meter/meter_nav.h"
#include "web/meter/meter_widgets.h"
#include "web/web_list.h"

#define PLAN_SHOWN 500   /* rows on the screen; the CSV and the order have all */

/* The filter from the query; the period defaults to this month and the eleven after it. */
static app_meter_plan_in plan_in(web_req *rq, char from[8], char to[8])
{
    civil_date t = date_today_jst();
    str_fmt(from, 8, "%04d-%02d", t.y, t.m);
    int m = t.m + 11, y = t.y + (m - 1) / 12;
    str_fmt(to, 8, "%04d-%02d", y, (m - 1) % 12 + 1);
    const char *f = web_query(rq, "from"), *u = web_query(rq, "to");
    return (app_meter_plan_in){f && *f ? f : from, u && *u ? u : to, web_query(rq, "route"),
                               web_query(rq, "diameter")};
}

static void hidden(buf_t *b, const char *name, const char *v)
{
    html_open(b, "input", "type", "hidden", "name", name, "value", v ? v : "", NULL);
}

static void filter_form(web_resp *rs, const app_meter_plan_in *in, const err_t *e)
{
    buf_t *b = &rs->body;
    html_open(b, "form", "method", "get", "action", "/meters/plan", "class", "grid", "role", "search", NULL);
    web_input(rs, "検定満了（から）", "from", in->from, e, "type", "month", "required", "", NULL);
    web_input(rs, "検定満了（まで）", "to", in->to, e, "type", "month", "required", "", NULL);
    web_input(rs, "検針区", "route", in->route ? in->route : "", e, "autocomplete", "off", NULL);
    web_meter_diameter_select(rs, in->diameter ? in->diameter : "", "すべての口径", e);
    html_elem(b, "button", "表示する", "type", "submit", NULL);
    html_close(b, "form");
}

static void months_table(web_resp *rs, const app_meter_plan *p)
{
    buf_t *b = &rs->body;
    html_open(b, "table", "class", "list", "id", "plan-months", NULL);
    html_raw(b, "<caption>検定満了の月別・口径別の個数</caption><thead><tr><th scope=\"col\">満了月</th>"
                "<th scope=\"col\" class=\"num\">口径</th><th scope=\"col\" class=\"num\">個数</th></tr></thead><tbody>");
    for (size_t i = 0; i < p->nmonths; i++) {
        html_open(b, "tr", NULL);
        html_elem(b, "td", p->months[i].month, NULL);
        html_open(b, "td", "class", "num", NULL);
        html_textf(b, "%lldmm", (long long)p->months[i].diameter);
        html_close(b, "td");
        web_meter_count_cell(rs, p->months[i].count);
        html_close(b, "tr");
    }
    html_raw(b, "</tbody><tfoot><tr><th scope=\"row\" colspan=\"2\">計</th>");
    web_meter_count_cell(rs, p->total);
    html_raw(b, "</tr></tfoot>");
    html_close(b, "table");
}

static void plan_table(web_req *rq, web_resp *rs, const app_meter_plan *p)
{
    buf_t *b = &rs->body;
    html_open(b, "table", "class", "list", "id", "plan", NULL);
    html_raw(b, "<caption>取替対象（検針区・順路順）</caption><thead><tr><th scope=\"col\">検針区</th>"
                "<th scope=\"col\" class=\"num\">順路</th><th scope=\"col\">水栓番号</th><th scope=\"col\">メーター番号</th>"
                "<th scope=\"col\" class=\"num\">口径</th><th scope=\"col\">メーカー</th><th scope=\"col\">検定満了</th>"
                "<th scope=\"col\">取替</th></tr></thead><tbody>");
    for (size_t i = 0; i < p->n; i++) {
        const app_meter_plan_item *m = &p->items[i];
        char href[64];
        html_open(b, "tr", NULL);
        html_elem(b, "td", m->route, NULL);
        web_meter_count_cell(rs, m->route_order);
        html_open(b, "td", NULL);
        str_fmt(href, sizeof href, "/karte/%s", m->tap_no);
        html_elem(b, "a", m->tap_no, "href", href, NULL);
        html_close(b, "td");
        html_open(b, "td", NULL);
        str_fmt(href, sizeof href, "/meters/%s", m->serial);
        html_elem(b, "a", m->serial, "href", href, NULL);
        html_close(b, "td");
        html_open(b, "td", "class", "num", NULL);
        html_textf(b, "%lldmm", (long long)m->diameter);
        html_close(b, "td");
        html_elem(b, "td", m->maker, NULL);
        html_open(b, "td", NULL);
        web_date(rq, rs, m->certified_until);
        html_close(b, "td");
        html_open(b, "td", NULL);
        str_fmt(href, sizeof href, "/meters/replace?tap=%s", m->tap_no);
        html_elem(b, "a", "結果入力", "href", href, NULL);
        html_close(b, "td");
        html_close(b, "tr");
    }
    if (!p->n)
        html_raw(b, "<tr><td colspan=\"8\">この条件で検定満了となる設置中のメーターはありません。</td></tr>");
    html_raw(b, "</tbody>");
    html_close(b, "table");
    if ((int64_t)p->n < p->total) {
        html_open(b, "p", NULL);
        html_textf(b, "先頭の %zu 件を表示しています（全 %lld 件は CSV か取替指示書で）。", p->n, (long long)p->total);
        html_close(b, "p");
    }
}

/* The exports of the plan shown: CSV, and the order of one route to a contractor. */
static void export_forms(web_resp *rs, const app_meter_plan_in *in)
{
    buf_t *b = &rs->body;
    html_open(b, "form", "method", "get", "action", "/meters/plan.csv", "class", "inline", NULL);
    hidden(b, "from", in->from);
    hidden(b, "to", in->to);
    hidden(b, "route", in->route);
    hidden(b, "diameter", in->diameter);
    html_elem(b, "button", "CSV で出力", "type", "submit", NULL);
    html_close(b, "form");
    html_elem(b, "h2", "取替指示書（検針区ごと、工事事業者あて）", NULL);
    html_open(b, "form", "method", "get", "action", "/meters/plan/order.pdf", "class", "grid", NULL);
    hidden(b, "from", in->from);
    hidden(b, "to", in->to);
    hidden(b, "diameter", in->diameter);
    web_input(rs, "検針区", "route", in->route ? in->route : "", NULL, "id", "order-route", "required", "", NULL);
    web_input(rs, "工事事業者の指定番号", "contractor", "", NULL, "required", "", "autocomplete", "off", NULL);
    html_elem(b, "button", "取替指示書（PDF）", "type", "submit", NULL);
    html_close(b, "form");
}

int page_meter_plan(web_req *rq, web_resp *rs)
{
    char from[8], to[8];
    app_meter_plan_in in = plan_in(rq, from, to);
    err_t e;
    err_clear(&e);
    app_meter_plan p;
    int rc = app_meter_plan_get(&rq->ctx, &in, PLAN_SHOWN, &p, &e);
    if (rc && rc != ERR_INVALID)
        return web_fail(rq, rs, &e);
    web_page_begin(rq, rs, "取替計画（検定満了）", NAV_METER);
    html_elem(&rs->body, "h1", "取替計画（検定満了）", NULL);
    web_meter_subnav(rq, rs, "/meters/plan");
    web_form_error(rs, rc ? &e : NULL);
    filter_form(rs, &in, rc ? &e : NULL);
    if (!rc) {
        months_table(rs, &p);
        plan_table(rq, rs, &p);
        export_forms(rs, &in);
        app_meter_plan_free(&p);
    } else {
        rs->status = 400;
    }
    web_page_end(rq, rs);
    return 0;
}

int page_meter_plan_csv(web_req *rq, web_resp *rs)
{
    int encoding = web_list_csv_encoding(rq, rs);
    if (encoding < 0)
        return 0;
    char from[8], to[8];
    app_meter_plan_in in = plan_in(rq, from, to);
    err_t e;
    err_clear(&e);
    app_meter_plan p;
    if (app_meter_plan_get(&rq->ctx, &in, 0, &p, &e))
        return web_fail(rq, rs, &e);
    bool ok = meter_plan_csv_write(&p, encoding, &rs->body);
    app_meter_plan_free(&p);
    return web_list_csv_done(rq, rs, ok, encoding, "meter-plan", "meter plan");
}

static int write_order(const void *arg, const char *path, char *msg, size_t msgsz)
{
    return meter_order_pdf_write(arg, path, msg, msgsz);
}

int page_meter_plan_order(web_req *rq, web_resp *rs)
{
    char from[8], to[8];
    app_meter_plan_in in = plan_in(rq, from, to);
    err_t e;
    err_clear(&e);
    app_meter_order_doc d;
    if (app_meter_replace_order(&rq->ctx, &in, web_query(rq, "contractor"), &d, &e))
        return web_fail(rq, rs, &e);
    char by[128], name[64];
    app_staff_display_name(&rq->ctx, rq->ctx.actor.username, by, sizeof by);
    meter_order_sheet s = {.doc = &d, .utility = app_utility_name(&rq->ctx), .printed_by = by,
                           .printed_at = date_now_unix()};
    str_fmt(name, sizeof name, "torikae-%s.pdf", d.route);
    int rc = web_send_document(rq, rs, write_order, &s, "application/pdf", "inline", name,
                               "取替指示書を作れませんでした。");
    app_meter_order_doc_free(&d);
    return rc;
}

/* ---- the result ---------------------------------------------------------- */

static void result_form(web_req *rq, web_resp *rs, const err_t *e)
{
    static const struct { const char *name, *label, *type; } FIELDS[] = {
        {"tap", "水栓番号", NULL},
        {"on", "取替日", "date"},
        {"old_final", "旧メーターの取外し指針", "number"},
        {"serial", "新メーター番号（工事事業者に庫出したもの）", NULL},
        {"contractor", "工事事業者の指定番号（空欄: 庫出先を問わない）", NULL},
        {"new_start", "新メーターの取付指針", "number"},
        {"flush", "試験通水量（m³、なければ 0）", "number"},
    };
    web_page_begin(rq, rs, "取替結果の入力", NAV_METER);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "取替結果の入力", NULL);
    web_meter_subnav(rq, rs, "/meters/replace");
    web_form_error(rs, e);
    char today[11];
    date_format_iso(date_today_jst(), today);
    html_open(b, "form", "method", "post", "action", "/meters/replace", "class", "grid", NULL);
    web_csrf_field(rq, rs);
    for (size_t i = 0; i < sizeof FIELDS / sizeof FIELDS[0]; i++) {
        const char *v = web_form(rq, FIELDS[i].name);
        if (!v)
            v = web_query(rq, FIELDS[i].name);
        if (!v && FIELDS[i].type && strcmp(FIELDS[i].type, "date") == 0)
            v = today;
        bool required = strcmp(FIELDS[i].name, "contractor") != 0;
        web_input(rs, FIELDS[i].label, FIELDS[i].name, v ? v : "", e, "type", FIELDS[i].type, "required",
                  required ? "" : NULL, "min", FIELDS[i].type && strcmp(FIELDS[i].type, "number") == 0 ? "0" : NULL,
                  "autofocus", i == 0 ? "" : NULL, "autocomplete", "off", NULL);
    }
    web_meter_confirm_diameter(rq, rs, e);
    html_elem(b, "button", "取替を登録する", "type", "submit", NULL);
    html_elem(b, "a", "キャンセル", "href", "/meters/plan", "class", "cancel", NULL);
    html_close(b, "form");
    web_page_end(rq, rs);
}

int page_meter_replace_form(web_req *rq, web_resp *rs)
{
    result_form(rq, rs, NULL);
    return 0;
}

int page_meter_replace_submit(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_meter_result_in in = {.tap = web_form(rq, "tap"), .on = web_form(rq, "on"),
                              .old_final = web_form(rq, "old_final"), .serial = web_form(rq, "serial"),
                              .new_start = web_form(rq, "new_start"), .flush = web_form(rq, "flush"),
                              .contractor = web_form(rq, "contractor"),
                              .confirm_diameter = web_form(rq, "confirm_diameter")};
    app_meter_exchange_done d;
    if (app_meter_replace_result(&rq->ctx, &in, &d, &e)) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT)
            return web_fail(rq, rs, &e);
        result_form(rq, rs, &e);
        rs->status = web_status_for(e.code);
        return 0;
    }
    char loc[48], flash[400], dia[96] = "";
    if (d.old_diameter != d.new_diameter)
        str_fmt(dia, sizeof dia, "口径を %lldmm から %lldmm に変更しました。", (long long)d.old_diameter,
                (long long)d.new_diameter);
    str_fmt(loc, sizeof loc, "/karte/%s", web_form_or(rq, "tap"));
    str_fmt(flash, sizeof flash, "水栓 %s のメーターを %s から %s に取り替えました。%s%s", web_form_or(rq, "tap"),
            d.old_no[0] ? d.old_no : "（なし）", d.new_no, dia,
            d.final_held ? "旧メーターの取外し指針は確認待ち（保留）です。" : "");
    return web_redirect(rq, rs, loc, flash);
}
