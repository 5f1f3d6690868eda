/* page_meter_show — one meter: its particulars, where it is now, and its
 * whole history (GET /meters/<serial>). */
#include <string.h>

#include "app/meter/app_meter_stock.h"
#include "base/html.h"
#include "base/date.h"
#include "domain/meter/meter_status.h"
#include "domain/role.h"
#include "web/meter/meter_nav.h"
#include "web/meter/meter_widgets.h"

static void dl_row(buf_t *b, const char *term, const char *value)
{
    html_elem(b, "dt", term, NULL);
    html_elem(b, "dd", value, NULL);
}

static void details(web_req *rq, web_resp *rs, const app_meter_info *m)
{
    buf_t *b = &rs->body;
    char t[64];
    html_open(b, "dl", "class", "details", "id", "meter", NULL);
    dl_row(b, "メーター番号", m->serial);
    str_fmt(t, sizeof t, "%lldmm", (long long)m->diameter);
    dl_row(b, "口径", t);
    dl_row(b, "メーカー", m->maker);
    dl_row(b, "型式", m->model);
    dl_row(b, "製造ロット", m->lot);
    str_fmt(t, sizeof t, "%lld桁", (long long)m->digits);
    dl_row(b, "桁数", t);
    html_elem(b, "dt", "検定満了", NULL);
    html_open(b, "dd", NULL);
    web_date(rq, rs, m->certified_until);
    if (m->expired)
        html_elem(b, "span", "満了", "class", "state state-held", NULL);
    html_close(b, "dd");
    html_elem(b, "dt", "状態", NULL);
    html_open(b, "dd", NULL);
    html_elem(b, "span", m->status_label, "class", "state", "id", "status", NULL);
    html_close(b, "dd");
    html_elem(b, "dt", "所在", NULL);
    html_open(b, "dd", "id", "where", NULL);
    if (m->tap_no[0] && strcmp(m->status, "installed") == 0) {
        char href[40];
        str_fmt(href, sizeof href, "/karte/%s", m->tap_no);
        html_elem(b, "a", m->where, "href", href, NULL);
    } else {
        html_text(b, m->where);
    }
    html_close(b, "dd");
    html_close(b, "dl");
}

static void actions(web_req *rq, web_resp *rs, const app_meter_info *m)
{
    if (!app_can(&rq->ctx, PERM_METER))
        return;
    char href[64];
    buf_t *b = &rs->body;
    if (strcmp(m->status, "stock") == 0) {
        str_fmt(href, sizeof href, "/meters/issue?serial=%s", m->serial);
        html_elem(b, "a", "このメーターを庫出する", "href", href, "class", "button", NULL);
    } else if (strcmp(m->status, "issued") == 0) {
        str_fmt(href, sizeof href, "/meters/return?serial=%s", m->serial);
        html_elem(b, "a", "このメーターの返却を受ける", "href", href, "class", "button", NULL);
    }
}

/* 修理・検定・廃棄, and back to 在庫: where the meter may go from here. */
static void move_form(web_req *rq, web_resp *rs, const app_meter_info *m, const err_t *e)
{
    static const char *const CODES[] = {"repair", "testing", "scrapped", "stock"};
    static const char *const LABELS[] = {"修理", "検定", "廃棄", "在庫（修理済・検定合格）"};
    const char *codes[4], *labels[4];
    size_t n = 0;
    int from = meter_status_parse(m->status);
    for (size_t i = 0; from >= 0 && i < 4; i++) {
        char why[256];
        if (meter_transition_ok((meter_status)from, (meter_status)meter_status_parse(CODES[i]), why, sizeof why)) {
            codes[n] = CODES[i];
            labels[n++] = LABELS[i];
        }
    }
    if (!n || !app_can(&rq->ctx, PERM_METER))
        return;
    buf_t *b = &rs->body;
    char action[48];
    str_fmt(action, sizeof action, "/meters/%s/move", m->serial);
    html_open(b, "form", "method", "post", "action", action, "class", "grid", "id", "move", NULL);
    html_open(b, "fieldset", NULL);
    html_elem(b, "legend", "修理・検定・廃棄", NULL);
    web_form_error(rs, e);
    web_csrf_field(rq, rs);
    web_select(rs, "移す先", "to", web_form(rq, "to") ? web_form(rq, "to") : codes[0], codes, labels, n, e);
    char today[11];
    date_format_iso(date_today_jst(), today);
    web_input(rs, "日付", "on", web_form(rq, "on") ? web_form(rq, "on") : today, e, "type", "date", "required", "",
              NULL);
    web_input(rs, "新しい検定満了年月（検定から在庫に戻すとき）", "expiry", web_form_or(rq, "expiry"), e, "type", "month",
              NULL);
    web_input(rs, "備考", "note", web_form_or(rq, "note"), e, "maxlength", "100", NULL);
    html_elem(b, "button", "移す", "type", "submit", NULL);
    html_close(b, "fieldset");
    html_close(b, "form");
}

static void history(web_req *rq, web_resp *rs, const app_meter_info *m)
{
    buf_t *b = &rs->body;
    html_open(b, "table", "class", "list", "id", "history", NULL);
    html_raw(b, "<caption>履歴</caption><thead><tr><th scope=\"col\">日付</th><th scope=\"col\">状態</th>"
                "<th scope=\"col\">所在</th><th scope=\"col\">根拠</th><th scope=\"col\">備考</th>"
                "<th scope=\"col\">処理者</th><th scope=\"col\">処理日時</th></tr></thead><tbody>");
    for (size_t i = 0; i < m->nevents; i++) {
        const app_meter_event *v = &m->events[i];
        html_open(b, "tr", NULL);
        html_open(b, "td", NULL);
        if (v->on_date[0])
            web_date(rq, rs, v->on_date);
        html_close(b, "td");
        html_open(b, "td", NULL);
        if (v->from_label[0])
            html_textf(b, "%s → %s", v->from_label, v->to_label);
        else
            html_text(b, v->to_label);
        html_close(b, "td");
        html_elem(b, "td", v->where, NULL);
        html_elem(b, "td", v->ref, NULL);
        html_elem(b, "td", v->note, NULL);
        html_elem(b, "td", v->done_by, NULL);
        html_elem(b, "td", v->done_at, NULL);
        html_close(b, "tr");
    }
    if (!m->nevents)
        html_raw(b, "<tr><td colspan=\"7\">履歴はありません。</td></tr>");
    html_raw(b, "</tbody>");
    html_close(b, "table");
}

/* The page; 0, or -1 when there is no such meter (rs holds the 404). */
static int show(web_req *rq, web_resp *rs, const char *serial, const err_t *fe)
{
    err_t e;
    err_clear(&e);
    app_meter_info m;
    if (app_meter_show(&rq->ctx, serial, &m, &e)) {
        web_fail(rq, rs, &e);
        return -1;
    }
    char title[64];
    str_fmt(title, sizeof title, "メーター %s", m.serial);
    web_page_begin(rq, rs, title, NAV_METER);
    html_elem(&rs->body, "h1", title, NULL);
    web_meter_subnav(rq, rs, "");
    details(rq, rs, &m);
    actions(rq, rs, &m);
    move_form(rq, rs, &m, fe);
    history(rq, rs, &m);
    app_meter_info_free(&m);
    web_page_end(rq, rs);
    return 0;
}

int page_meter_show(web_req *rq, web_resp *rs)
{
    show(rq, rs, rq->param, NULL);
    return 0;   /* the page, or the refusal show put in rs */
}

int page_meter_move(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    if (app_meter_move(&rq->ctx, rq->param, web_form(rq, "to"), web_form(rq, "on"), web_form(rq, "expiry"),
                       web_form(rq, "note"), &e)) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT)
            return web_fail(rq, rs, &e);
        if (show(rq, rs, rq->param, &e) == 0)
            rs->status = web_status_for(e.code);
        return 0;
    }
    char loc[48], flash[96];
    str_fmt(loc, sizeof loc, "/meters/%s", rq->param);
    str_fmt(flash, sizeof flash, "メーター %s を移しました。", rq->param);
    return web_redirect(rq, rs, loc, flash);
}
