/* page_workorder — 開栓・閉栓の作業: the day's work orders by route (a page
 * that prints as the crew's sheet), and an order's completion form with the
 * meter reading found (a closing's final reading issues the final bill). */
#include "web/web.h"
#include "web/web_internal.h"

#include <stdlib.h>
#include <string.h>

#include "app/account/app_staff.h"
#include "app/arrears/app_stoppage.h"
#include "app/reception/app_reception.h"
#include "base/html.h"
#include "domain/calendar.h"
#include "domain/role.h"
#include "domain/stoppage.h"
#include "report/workorder_pdf.h"

static const char *kind_label(const char *k)
{
    return strcmp(k, "open") == 0 ? "開栓" : strcmp(k, "close") == 0 ? "閉栓" : strcmp(k, "stoppage") == 0 ? "給水停止"
         : strcmp(k, "reopen") == 0 ? "停止解除（再開栓）" : k;
}

static const char *status_label(const char *s)
{
    return strcmp(s, "open") == 0 ? "未完了" : strcmp(s, "done") == 0 ? "完了" : strcmp(s, "cancelled") == 0 ? "取消" : s;
}

#define WO_DAYS 7       /* the window the list opens on: today and the six days after */
#define WO_MAX_DAYS 31

/* "/workorders?from=...&days=...&route=..." into h. */
static void window_href(buf_t *h, const char *from, int days, const char *route)
{
    buf_reset(h);
    buf_printf(h, "/workorders?from=%s&days=%d", from, days);
    if (route && *route) {
        buf_puts(h, "&route=");
        web_percent_encode(h, route);
    }
}

/* One day's orders (rows[0..n)), under its heading with its sheet's link. */
static void day_table(web_req *rq, web_resp *rs, const char *day, const char *route, const app_work_order *rows,
                      size_t n)
{
    buf_t *b = &rs->body;
    char hid[24];
    str_fmt(hid, sizeof hid, "day-%s", day);
    html_open(b, "h2", "class", "wo-day", "id", hid, NULL);
    web_date(rq, rs, day);
    civil_date d;
    if (date_parse(day, &d)) {
        static const char *const WD[] = {"日", "月", "火", "水", "木", "金", "土"};
        html_textf(b, "（%s）", WD[calendar_weekday(d)]);
    }
    html_textf(b, " %zu件", n);
    html_close(b, "h2");
    if (!n) {
        html_elem(b, "p", "この日の作業はありません。", "class", "empty", NULL);
        return;
    }
    buf_t h;
    buf_init(&h, 256);
    buf_printf(&h, "/workorders.pdf?day=%s&route=", day);
    web_percent_encode(&h, route ? route : "");
    char label[64];
    str_fmt(label, sizeof label, "%.10s の作業票（PDF）", day);
    html_open(b, "p", "class", "noprint", NULL);
    html_elem(b, "a", label, "href", buf_cstr(&h), "class", "action wo-pdf", NULL);
    html_close(b, "p");
    buf_free(&h);
    char tid[24];
    str_fmt(tid, sizeof tid, "workorders-%s", day);
    html_open(b, "table", "class", "list workorders", "id", tid, "aria-labelledby", hid, NULL);
    html_raw(b, "<thead><tr><th scope=\"col\" class=\"num\">作業番号</th><th scope=\"col\">作業</th>"
                "<th scope=\"col\">検針区／順路</th><th scope=\"col\">水栓番号</th><th scope=\"col\">メーター番号</th>"
                "<th scope=\"col\">給水場所</th><th scope=\"col\">使用者</th><th scope=\"col\">電話番号</th>"
                "<th scope=\"col\">前回指針</th><th scope=\"col\">状態</th><th scope=\"col\" class=\"num\">指針</th>"
                "<th scope=\"col\">作業者</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        const app_work_order *w = &rows[i];
        char id[32], href[40];
        str_fmt(id, sizeof id, "wo-%lld", (long long)w->id);
        str_fmt(href, sizeof href, "/workorders/%lld", (long long)w->id);
        html_open(b, "tr", "id", id, NULL);
        html_open(b, "td", "class", "num", NULL);
        char num[24];
        str_fmt(num, sizeof num, "%lld", (long long)w->id);
        html_elem(b, "a", num, "href", href, NULL);
        html_close(b, "td");
        html_open(b, "td", NULL);
        html_text(b, kind_label(w->kind));
        if (w->urgent) {
            html_text(b, " ");
            html_elem(b, "span", "至急", "class", "urgent", NULL);
        }
        html_close(b, "td");
        html_open(b, "td", NULL);
        html_textf(b, "%s ／ %lld", w->route, (long long)w->route_order);
        html_close(b, "td");
        html_elem(b, "td", w->tap_no, NULL);
        html_elem(b, "td", w->meter_no[0] ? w->meter_no : "—", NULL);
        html_elem(b, "td", w->address, NULL);
        html_elem(b, "td", w->customer_name, NULL);
        html_elem(b, "td", w->phone, NULL);
        html_open(b, "td", NULL);
        if (w->last_reading >= 0) {
            html_textf(b, "%lld（", (long long)w->last_reading);
            web_date(rq, rs, w->last_read_on);
            html_text(b, "）");
        } else {
            html_text(b, "—");
        }
        html_close(b, "td");
        if (w->result[0]) {
            char st[64];
            str_fmt(st, sizeof st, "%s（%s）", status_label(w->status), stoppage_result_label(w->result));
            html_elem(b, "td", st, NULL);
        } else {
            html_elem(b, "td", status_label(w->status), NULL);
        }
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

/* GET /workorders?from=&days=&route= (day= is the same as from=): the
 * orders of a window of days, today and the six after by default, under a
 * heading per day, with 前へ/次へ moving the window. */
int page_workorders(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    civil_date today = date_today_jst(), from = today;
    const char *route = web_query(rq, "route");
    const char *fq = web_query(rq, "from");
    if (!fq || !*fq)
        fq = web_query(rq, "day");
    int64_t days = WO_DAYS;
    const char *dq = web_query(rq, "days");
    if (dq && *dq && (!web_digits_param(dq, &days) || days < 1 || days > WO_MAX_DAYS)) {
        err_field(&e, "days", "表示する日数は 1 から 31 までの数で指定してください。");
        days = WO_DAYS;
    }
    if (fq && *fq && !date_parse(fq, &from)) {
        err_field(&e, "from", "日付は YYYY-MM-DD の形式で入力してください。");
        from = today;
    }
    char a[11], z[11];
    date_format_iso(from, a);
    date_format_iso(date_from_days(date_to_days(from) + days - 1), z);
    app_work_order *rows = NULL;
    size_t n = 0;
    int64_t overdue = 0;
    err_t le;
    err_clear(&le);
    if (app_workorder_list_range(&rq->ctx, a, z, route, &rows, &n, &overdue, &le))
        return web_fail(rq, rs, &le);
    web_page_begin(rq, rs, "開栓・閉栓の作業", NAV_RECEPTION);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "開栓・閉栓の作業", NULL);
    web_form_error(rs, e.code ? &e : NULL);
    html_open(b, "form", "method", "get", "action", "/workorders", "class", "inline noprint", NULL);
    web_input(rs, "最初の日", "from", a, e.code ? &e : NULL, "type", "date", NULL);
    char dv[8];
    str_fmt(dv, sizeof dv, "%lld", (long long)days);
    web_input(rs, "日数", "days", dv, e.code ? &e : NULL, "inputmode", "numeric", "maxlength", "2", "size", "3", NULL);
    web_input(rs, "検針区（空欄はすべて）", "route", route ? route : "", NULL, "maxlength", "8", NULL);
    html_elem(b, "button", "表示", "type", "submit", NULL);
    html_close(b, "form");

    buf_t h;
    buf_init(&h, 256);
    char prev[11], next[11], tiso[11];
    date_format_iso(date_from_days(date_to_days(from) - days), prev);
    date_format_iso(date_from_days(date_to_days(from) + days), next);
    date_format_iso(today, tiso);
    html_open(b, "nav", "class", "pager noprint", "aria-label", "作業日の切り替え", NULL);
    window_href(&h, prev, (int)days, route);
    char pl[48], nl[48];
    str_fmt(pl, sizeof pl, "← 前へ（%lld日）", (long long)days);
    str_fmt(nl, sizeof nl, "次へ（%lld日） →", (long long)days);
    html_elem(b, "a", pl, "href", buf_cstr(&h), "rel", "prev", "id", "wo-prev", NULL);
    html_open(b, "span", "id", "wo-window", NULL);
    web_date(rq, rs, a);
    html_text(b, " 〜 ");
    web_date(rq, rs, z);
    html_close(b, "span");
    window_href(&h, next, (int)days, route);
    html_elem(b, "a", nl, "href", buf_cstr(&h), "rel", "next", "id", "wo-next", NULL);
    if (strcmp(a, tiso) != 0) {
        window_href(&h, tiso, (int)days, route);
        html_elem(b, "a", "今日から", "href", buf_cstr(&h), "id", "wo-today", NULL);
    }
    html_close(b, "nav");
    if (overdue > 0) {
        /* still open from before the window: the crew must not lose them */
        html_open(b, "p", "class", "notice", "id", "wo-overdue", NULL);
        html_textf(b, "これより前の日の未完了の作業が %lld件 あります。", (long long)overdue);
        civil_date back = date_from_days(date_to_days(from) - WO_MAX_DAYS);
        char biso[11];
        date_format_iso(back, biso);
        window_href(&h, biso, WO_MAX_DAYS, route);
        html_elem(b, "a", "前の31日を表示", "href", buf_cstr(&h), NULL);
        html_close(b, "p");
    }
    html_open(b, "p", "class", "hint noprint", NULL);
    html_textf(b, "%lld日間の作業 %zu件。", (long long)days, n);
    html_text(b, "日ごとの作業票（PDF）は検針区・順路の順で、メーター番号・前回指針と、指針・作業者を記入する欄があります。");
    html_close(b, "p");
    buf_free(&h);

    size_t i = 0;
    for (int64_t k = 0; k < days; k++) {
        char day[11];
        date_format_iso(date_from_days(date_to_days(from) + k), day);
        size_t j = i;
        while (j < n && strcmp(rows[j].due_on, day) == 0)
            j++;
        day_table(rq, rs, day, route, rows + i, j - i);
        i = j;
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
    html_open(b, "h1", NULL);
    html_text(b, title);
    if (w->urgent) {
        html_text(b, " ");
        html_elem(b, "span", "至急", "class", "urgent", "id", "wo-urgent", NULL);
    }
    html_close(b, "h1");
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
    static const char *const K[] = {"メーター番号", "給水場所", "使用者", "電話番号", "状態"};
    const char *V[] = {w->meter_no, w->address, w->customer_name, w->phone, status_label(w->status)};
    for (size_t i = 0; i < 5; i++) {
        html_open(b, "tr", NULL);
        html_elem(b, "th", K[i], "scope", "row", NULL);
        html_elem(b, "td", V[i] && *V[i] ? V[i] : "—", NULL);
        html_close(b, "tr");
    }
    html_open(b, "tr", NULL);
    html_elem(b, "th", "前回指針", "scope", "row", NULL);
    html_open(b, "td", "id", "wo-last-reading", NULL);
    if (w->last_reading >= 0) {
        html_textf(b, "%lld（", (long long)w->last_reading);
        web_date(rq, rs, w->last_read_on);
        html_text(b, " 検針）");
    } else {
        html_text(b, "—");
    }
    html_close(b, "td");
    html_close(b, "tr");
    if (strcmp(w->kind, "close") == 0) {
        html_open(b, "tr", NULL);
        html_elem(b, "th", "精算方法", "scope", "row", NULL);
        html_elem(b, "td", strcmp(w->settle, "debit") == 0 ? "口座振替" : "納付書", NULL);
        html_close(b, "tr");
    }
    html_close(b, "table");
    bool stoppage = strcmp(w->kind, "stoppage") == 0 || strcmp(w->kind, "reopen") == 0;
    if (stoppage && strcmp(w->status, "open") == 0 && app_can(&rq->ctx, PERM_CUSTOMER_EDIT)) {
        char action[40];
        str_fmt(action, sizeof action, "/workorders/%lld", (long long)w->id);
        html_elem(b, "h2", "作業の結果", NULL);
        html_open(b, "form", "method", "post", "action", action, "class", "grid", "id", "workorder-form", NULL);
        web_csrf_field(rq, rs);
        static const char *const SC[] = {"stopped", "absent", "paid"};
        static const char *const SL[] = {"停止済（給水を停止した）", "不在（停止できなかった）", "納付済で中止"};
        static const char *const RC[] = {"reopened"};
        static const char *const RL[] = {"再開済（給水を再開した）"};
        bool stop = strcmp(w->kind, "stoppage") == 0;
        web_select(rs, "結果", "result", web_form_or(rq, "result"), stop ? SC : RC, stop ? SL : RL, stop ? 3 : 1, e);
        web_input(rs, "作業メモ", "note", web_form_or(rq, "note"), e, "maxlength", "200", NULL);
        html_elem(b, "button", "結果を記録する (Alt+K)", "type", "submit", "accesskey", "k", "id", "workorder-submit", NULL);
        html_close(b, "form");
        html_elem(b, "p", stop ? "停止済にすると水栓は「休止（給水停止）」になり、検針の対象から外れます。不在のときは候補に戻ります。"
                               : "再開済にすると水栓は使用中に戻ります。",
                  "class", "hint", NULL);
    } else if (stoppage) {
        if (w->note[0]) {
            html_open(b, "p", "id", "wo-result", NULL);
            html_textf(b, "結果：%s（%s）", w->note, w->done_by);
            html_close(b, "p");
        }
    } else if (strcmp(w->status, "open") == 0 && app_can(&rq->ctx, PERM_CUSTOMER_EDIT)) {
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
    if (!web_path_id(rq, rs, "ページが見つかりません。", &id))
        return 0;
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
    if (!web_path_id(rq, rs, "ページが見つかりません。", &id))
        return 0;
    if (web_form(rq, "result")) {
        /* a stoppage or reopening order's result */
        if (app_stoppage_result(&rq->ctx, id, web_form_or(rq, "result"), web_form_or(rq, "note"), &e)) {
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
        err_t e2;
        err_clear(&e2);
        char loc[48], flash[160];
        str_fmt(loc, sizeof loc, "/workorders/%lld", (long long)id);
        str_fmt(flash, sizeof flash, "作業 %lld の結果を記録しました。", (long long)id);
        if (app_workorder_get(&rq->ctx, id, &w, &e2) == 0) {
            str_fmt(loc, sizeof loc, "/karte/%s", w.tap_no);
            str_fmt(flash, sizeof flash, "水栓 %s の%s作業 %lld の結果「%s」を記録しました。", w.tap_no, kind_label(w.kind),
                    (long long)id, web_form_or(rq, "result")[0] == 's' ? "停止済"
                                   : web_form_or(rq, "result")[0] == 'a' ? "不在"
                                   : web_form_or(rq, "result")[0] == 'p' ? "納付済で中止" : "再開済");
            app_work_order_free(&w);
        }
        return web_redirect(rq, rs, loc, flash);
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
    char by[128];
    app_staff_display_name(&rq->ctx, rq->ctx.actor.username, by, sizeof by);
    workorder_sheet s = {.day = day, .route = route ? route : "", .utility = app_utility_name(&rq->ctx),
                         .printed_by = by, .printed_at = date_now_unix(), .rows = rows, .n = n};
    char name[64];
    str_fmt(name, sizeof name, "sagyo-%.10s.pdf", day);
    int rc = web_send_document(rq, rs, write_sheet, &s, "application/pdf", "inline", name,
                               "作業票を作れませんでした。");
    app_work_orders_free(rows, n);
    return rc;
}
