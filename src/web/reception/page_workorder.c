/* page_workorder — 開栓・閉栓の作業: the day's work orders by route (a page
 * that prints as the crew's sheet), and an order's completion form with the
 * meter reading found (a closing's final reading issues the final bill). */
#include "web/web.h"

#include <stdlib.h>
#include <string.h>

#include "app/reception/app_reception.h"
#include "base/html.h"
#include "domain/role.h"
#include "report/workorder_pdf.h"

static const char *kind_label(const char *k)
{
    return strcmp(k, "open") == 0 ? "開栓" : strcmp(k, "close") == 0 ? "閉栓" : k;
}

static const char *status_label(const char *s)
{
    return strcmp(s, "open") == 0 ? "未完了" : strcmp(s, "done") == 0 ? "完了" : strcmp(s, "cancelled") == 0 ? "取消" : s;
}

int page_workorders(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    char today[11];
    date_format_iso(date_today_jst(), today);
    const char *day = web_query(rq, "day");
    const char *route = web_query(rq, "route");
    if (!day || !*day)
        day = today;
    app_work_order *rows = NULL;
    size_t n = 0;
    if (app_workorder_list(&rq->ctx, day, route, &rows, &n, &e)) {
        if (e.code != ERR_INVALID)
            return web_fail(rq, rs, &e);
        day = today;
        err_t e2;
        err_clear(&e2);
        if (app_workorder_list(&rq->ctx, day, route, &rows, &n, &e2))
            return web_fail(rq, rs, &e2);
    }
    web_page_begin(rq, rs, "開栓・閉栓の作業", NAV_RECEPTION);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "開栓・閉栓の作業", NULL);
    web_form_error(rs, e.code ? &e : NULL);
    html_open(b, "form", "method", "get", "action", "/workorders", "class", "inline noprint", NULL);
    web_input(rs, "作業日", "day", day, e.code ? &e : NULL, "type", "date", NULL);
    web_input(rs, "検針区（空欄はすべて）", "route", route ? route : "", NULL, "maxlength", "8", NULL);
    html_elem(b, "button", "表示", "type", "submit", NULL);
    html_close(b, "form");
    char pdf[96];
    str_fmt(pdf, sizeof pdf, "/workorders.pdf?day=%s&route=%s", day, route ? route : "");
    html_open(b, "p", "class", "hint noprint", NULL);
    html_elem(b, "a", "作業票（PDF）", "href", pdf, "id", "workorders-pdf", "class", "action", NULL);
    html_text(b, "　検針区・順路の順に、指針と作業者を記入する欄があります。この画面をそのまま印刷することもできます。");
    html_close(b, "p");
    html_open(b, "h2", NULL);
    web_date(rq, rs, day);
    html_textf(b, " の作業 %zu件", n);
    html_close(b, "h2");
    if (!n) {
        html_elem(b, "p", "この日の作業はありません。", "class", "empty", NULL);
    } else {
        html_open(b, "table", "class", "list", "id", "workorders", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\" class=\"num\">作業番号</th><th scope=\"col\">作業</th>"
                    "<th scope=\"col\">検針区／順路</th><th scope=\"col\">水栓番号</th><th scope=\"col\">給水場所</th>"
                    "<th scope=\"col\">使用者</th><th scope=\"col\">電話番号</th><th scope=\"col\">状態</th>"
                    "<th scope=\"col\" class=\"num\">指針</th><th scope=\"col\">作業者</th></tr></thead><tbody>");
        for (size_t i = 0; i < n; i++) {
            const app_work_order *w = &rows[i];
            char id[32], href[40];
            str_fmt(id, sizeof id, "wo-%lld", (long long)w->id);
            str_fmt(href, sizeof href, "/workorders/%lld", (long long)w->id);
            html_open(b, "tr", "id", id, NULL);
            html_open(b, "td", "class", "num", NULL);
            char label[24];
            str_fmt(label, sizeof label, "%lld", (long long)w->id);
            html_elem(b, "a", label, "href", href, NULL);
            html_close(b, "td");
            html_elem(b, "td", kind_label(w->kind), NULL);
            html_open(b, "td", NULL);
            html_textf(b, "%s ／ %lld", w->route, (long long)w->route_order);
            html_close(b, "td");
            html_elem(b, "td", w->tap_no, NULL);
            html_elem(b, "td", w->address, NULL);
            html_elem(b, "td", w->customer_name, NULL);
            html_elem(b, "td", w->phone, NULL);
            html_elem(b, "td", status_label(w->status), NULL);
            html_open(b, "td", "class", "num", NULL);
            if (w->reading >= 0)
                html_textf(b, "%lld", (long long)w->reading);
            html_close(b, "td");
            html_elem(b, "td", w->done_by, NULL);
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    app_work_orders_free(rows, n);
    web_page_end(rq, rs);
    return 0;
}

static void order_page(web_req *rq, web_resp *rs, const app_work_order *w, const err_t *e)
{
    char title[64];
    str_fmt(title, sizeof title, "%s作業 %lld", kind_label(w->kind), (long long)w->id);
    web_page_begin(rq, rs, title, NAV_RECEPTION);
    buf_t *b = &rs->body;
    html_elem(b, "h1", title, NULL);
    web_form_error(rs, e);
    html_open(b, "table", "class", "kv", "id", "workorder", NULL);
    html_open(b, "tr", NULL);
    html_elem(b, "th", "水栓番号", "scope", "row", NULL);
    html_open(b, "td", NULL);
    char karte[32];
    str_fmt(karte, sizeof karte, "/karte/%s", w->tap_no);
    html_elem(b, "a", w->tap_no, "href", karte, NULL);
    html_close(b, "td");
    html_close(b, "tr");
    html_open(b, "tr", NULL);
    html_elem(b, "th", "作業日", "scope", "row", NULL);
    html_open(b, "td", NULL);
    web_date(rq, rs, w->due_on);
    html_close(b, "td");
    html_close(b, "tr");
    static const char *const K[] = {"給水場所", "使用者", "電話番号", "状態"};
    const char *V[] = {w->address, w->customer_name, w->phone, status_label(w->status)};
    for (size_t i = 0; i < 4; i++) {
        html_open(b, "tr", NULL);
        html_elem(b, "th", K[i], "scope", "row", NULL);
        html_elem(b, "td", V[i] && *V[i] ? V[i] : "—", NULL);
        html_close(b, "tr");
    }
    if (strcmp(w->kind, "close") == 0) {
        html_open(b, "tr", NULL);
        html_elem(b, "th", "精算方法", "scope", "row", NULL);
        html_elem(b, "td", strcmp(w->settle, "debit") == 0 ? "口座振替" : "納付書", NULL);
        html_close(b, "tr");
    }
    html_close(b, "table");
    if (strcmp(w->status, "open") == 0 && app_can(&rq->ctx, PERM_CUSTOMER_EDIT)) {
        char action[40];
        str_fmt(action, sizeof action, "/workorders/%lld", (long long)w->id);
        html_elem(b, "h2", "作業の完了", NULL);
        html_open(b, "form", "method", "post", "action", action, "class", "grid", "id", "workorder-form", NULL);
        web_csrf_field(rq, rs);
        web_input(rs, strcmp(w->kind, "close") == 0 ? "メーターの指針（最終指針）" : "メーターの指針（開栓時）", "reading",
                  web_form_or(rq, "reading"), e, "inputmode", "numeric", "required", "", "autofocus", "", NULL);
        web_input(rs, "作業メモ", "note", web_form_or(rq, "note"), e, "maxlength", "200", NULL);
        html_elem(b, "button", "完了にする (Alt+K)", "type", "submit", "accesskey", "k", "id", "workorder-submit", NULL);
        html_close(b, "form");
        if (strcmp(w->kind, "close") == 0)
            html_elem(b, "p", "完了にすると、最終指針で中止精算の調定を作り、使用者の使用期間を終えます。", "class", "hint",
                      NULL);
    } else if (w->reading >= 0) {
        html_open(b, "p", NULL);
        html_textf(b, "指針 %lld（%s）", (long long)w->reading, w->done_by);
        if (w->bill_id > 0) {
            char href[40];
            str_fmt(href, sizeof href, "/bills/%lld", (long long)w->bill_id);
            html_text(b, "　");
            html_elem(b, "a", "中止精算の調定", "href", href, "id", "final-bill", NULL);
        }
        html_close(b, "p");
    }
    web_page_end(rq, rs);
}

int page_workorder(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id;
    if (!web_id_param(rq->param, &id)) {
        err_set(&e, ERR_NOTFOUND, NULL, "ページが見つかりません。", "bad work order id");
        return web_fail(rq, rs, &e);
    }
    app_work_order w;
    if (app_workorder_get(&rq->ctx, id, &w, &e))
        return web_fail(rq, rs, &e);
    order_page(rq, rs, &w, NULL);
    app_work_order_free(&w);
    return 0;
}

int page_workorder_submit(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id;
    if (!web_id_param(rq->param, &id)) {
        err_set(&e, ERR_NOTFOUND, NULL, "ページが見つかりません。", "bad work order id");
        return web_fail(rq, rs, &e);
    }
    app_workorder_done done;
    if (app_workorder_complete(&rq->ctx, id, web_form_or(rq, "reading"), web_form_or(rq, "note"), &done, &e)) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT)
            return web_fail(rq, rs, &e);
        app_work_order w;
        err_t e2;
        err_clear(&e2);
        if (app_workorder_get(&rq->ctx, id, &w, &e2))
            return web_fail(rq, rs, &e2);
        rs->status = e.code == ERR_CONFLICT ? 409 : 422;
        order_page(rq, rs, &w, &e);
        app_work_order_free(&w);
        return 0;
    }
    app_work_order w;
    err_t e3;
    err_clear(&e3);
    char loc[48], flash[256];
    str_fmt(loc, sizeof loc, "/workorders/%lld", (long long)id);
    if (app_workorder_get(&rq->ctx, id, &w, &e3) == 0) {
        str_fmt(loc, sizeof loc, "/karte/%s", w.tap_no);
        app_work_order_free(&w);
    }
    if (done.bill_id > 0)
        str_fmt(flash, sizeof flash, "作業 %lld を完了しました。中止精算の調定 %lld（%lld 円）を作りました。", (long long)id,
                (long long)done.bill_id, (long long)done.total_yen);
    else if (done.reading.status == READING_HELD)
        str_fmt(flash, sizeof flash,
                "作業 %lld を完了しました。最終指針は確認待ち（保留）です。検針の保留一覧で確認してから、"
                "調定の画面で中止精算を作ってください。",
                (long long)id);
    else
        str_fmt(flash, sizeof flash, "作業 %lld を完了しました。", (long long)id);
    return web_redirect(rq, rs, loc, flash);
}

static int write_sheet(const void *arg, const char *path, char *msg, size_t msgsz)
{
    return workorder_pdf_write(arg, path, msg, msgsz);
}

int page_workorders_pdf(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    char today[11];
    date_format_iso(date_today_jst(), today);
    const char *day = web_query(rq, "day");
    const char *route = web_query(rq, "route");
    if (!day || !*day)
        day = today;
    app_work_order *rows = NULL;
    size_t n = 0;
    if (app_workorder_list(&rq->ctx, day, route, &rows, &n, &e))
        return web_fail(rq, rs, &e);
    workorder_sheet s = {.day = day, .route = route ? route : "", .utility = app_utility_name(&rq->ctx),
                         .printed_by = rq->ctx.actor.username, .printed_at = date_now_unix(), .rows = rows, .n = n};
    char name[64];
    str_fmt(name, sizeof name, "sagyo-%.10s.pdf", day);
    int rc = web_send_document(rq, rs, write_sheet, &s, "application/pdf", "inline", name,
                               "作業票を作れませんでした。");
    app_work_orders_free(rows, n);
    return rc;
}
