/* page_meter — install or replace the meter at a tap (the old meter's final
 * dial and the new meter's start dial), and the reader's note on the tap. */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/html.h"
#include "domain/tapinfo.h"
#include "web/meter/meter_widgets.h"
#include "web/web.h"
#include "app/reading/app_reading.h"

/* The form; 0, or -1 when the tap is unknown (or its meters unreadable) and
 * rs holds that answer (404 naming the tap, or the error's status). */
static int meter_form(web_req *rq, web_resp *rs, const char *tap_no, const err_t *e)
{
    err_t le;
    err_clear(&le);
    app_meter *m = NULL;
    size_t n = 0;
    if (app_meter_list_tap(&rq->ctx, tap_no, &m, &n, &le)) {
        web_fail(rq, rs, &le);
        return -1;
    }
    const app_meter *cur = n && strcmp(m[0].status, "installed") == 0 ? &m[0] : NULL;
    char title[64];
    str_fmt(title, sizeof title, "メーター%s 水栓番号 %s", cur ? "取替" : "設置", tap_no);
    web_page_begin(rq, rs, title, NAV_METER);
    buf_t *b = &rs->body;
    html_elem(b, "h1", title, NULL);
    web_form_error(rs, e);
    char action[48], back[40], today[11];
    str_fmt(action, sizeof action, "/taps/%s/meter", tap_no);
    str_fmt(back, sizeof back, "/karte/%s", tap_no);
    date_format_iso(date_today_jst(), today);
    html_open(b, "form", "method", "post", "action", action, "class", "grid", NULL);
    web_csrf_field(rq, rs);
    web_input(rs, "取替日", "on", web_form(rq, "on") ? web_form(rq, "on") : today, e, "type", "date", "required", "",
              "autofocus", "", NULL);
    if (cur) {
        char lab[96];
        str_fmt(lab, sizeof lab, "旧メーター %s の取外し指針（%lld桁）", cur->meter_no, (long long)cur->digits);
        web_input(rs, lab, "old_final", web_form_or(rq, "old_final"), e, "inputmode", "numeric", "required", "", NULL);
    }
    html_open(b, "fieldset", NULL);
    html_elem(b, "legend", "新しいメーター", NULL);
    web_input(rs, "メーター番号", "meter_no", web_form_or(rq, "meter_no"), e, "required", "", "maxlength", "20",
              "pattern", "[A-Z0-9-]{4,20}", NULL);
    web_input(rs, "メーカー", "maker", web_form_or(rq, "maker"), e, "maxlength", "30", NULL);
    const char *dcodes[12], *dlabels[12];
    char dl[12][12], dc[12][8];
    size_t nd = 0;
    for (; TAPINFO_DIAMETERS[nd] && nd < 12; nd++) {
        str_fmt(dc[nd], sizeof dc[nd], "%d", TAPINFO_DIAMETERS[nd]);
        str_fmt(dl[nd], sizeof dl[nd], "%dmm", TAPINFO_DIAMETERS[nd]);
        dcodes[nd] = dc[nd];
        dlabels[nd] = dl[nd];
    }
    char curdia[8];
    str_fmt(curdia, sizeof curdia, "%lld", (long long)(cur ? cur->diameter : 13));
    web_select(rs, "口径", "diameter", web_form(rq, "diameter") ? web_form(rq, "diameter") : curdia, dcodes, dlabels,
               nd, e);
    static const char *const DIG[] = {"4", "5", "6"};
    static const char *const DIG_L[] = {"4桁", "5桁", "6桁"};
    web_select(rs, "桁数", "digits", web_form(rq, "digits") ? web_form(rq, "digits") : "4", DIG, DIG_L, 3, e);
    web_input(rs, "検定満了日（空欄なら取替日の8年後）", "certified_until", web_form_or(rq, "certified_until"), e, "type",
              "date", NULL);
    web_input(rs, "取付指針", "start_value", web_form(rq, "start_value") ? web_form(rq, "start_value") : "0", e,
              "inputmode", "numeric", "required", "", NULL);
    web_meter_confirm_diameter(rq, rs, e);
    html_close(b, "fieldset");
    html_elem(b, "button", cur ? "取替を登録" : "設置を登録", "type", "submit", NULL);
    html_elem(b, "a", "キャンセル", "href", back, "class", "cancel", NULL);
    html_close(b, "form");
    if (n) {
        html_open(b, "table", "class", "list", "id", "meters", NULL);
        html_raw(b, "<caption>この水栓のメーター</caption><thead><tr><th scope=\"col\">メーター番号</th>"
                    "<th scope=\"col\">メーカー</th><th scope=\"col\" class=\"num\">口径</th>"
                    "<th scope=\"col\" class=\"num\">桁数</th><th scope=\"col\">設置日</th><th scope=\"col\">撤去日</th>"
                    "<th scope=\"col\">検定満了</th></tr></thead><tbody>");
        for (size_t i = 0; i < n; i++) {
            html_open(b, "tr", NULL);
            html_elem(b, "td", m[i].meter_no, NULL);
            html_elem(b, "td", m[i].maker, NULL);
            html_open(b, "td", "class", "num", NULL);
            html_textf(b, "%lldmm", (long long)m[i].diameter);
            html_close(b, "td");
            html_open(b, "td", "class", "num", NULL);
            html_textf(b, "%lld", (long long)m[i].digits);
            html_close(b, "td");
            html_elem(b, "td", m[i].installed_on, NULL);
            html_elem(b, "td", m[i].removed_on, NULL);
            html_open(b, "td", NULL);
            html_text(b, m[i].certified_until);
            if (m[i].expired && strcmp(m[i].status, "installed") == 0)
                html_elem(b, "span", "満了", "class", "state state-held", NULL);
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    free(m);
    web_page_end(rq, rs);
    return 0;
}

int page_meter_form(web_req *rq, web_resp *rs)
{
    meter_form(rq, rs, rq->param, NULL);
    return 0;   /* the form, or the refusal meter_form put in rs */
}

int page_meter_submit(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_meter_input m = {.meter_no = web_form_or(rq, "meter_no"), .maker = web_form_or(rq, "maker"),
                         .diameter = web_form_or(rq, "diameter"), .digits = web_form_or(rq, "digits"),
                         .certified_until = web_form_or(rq, "certified_until")};
    const char *cd = web_form(rq, "confirm_diameter");
    if (app_meter_replace(&rq->ctx, rq->param, web_form(rq, "on"), web_form(rq, "old_final"), &m,
                          web_form(rq, "start_value"), cd && *cd, &e)) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT)
            return web_fail(rq, rs, &e);
        if (meter_form(rq, rs, rq->param, &e) == 0)
            rs->status = web_status_for(e.code);
        return 0;
    }
    char loc[40], flash[128];
    str_fmt(loc, sizeof loc, "/karte/%s", rq->param);
    str_fmt(flash, sizeof flash, "水栓 %s にメーター %s を登録しました。", rq->param, m.meter_no);
    return web_redirect(rq, rs, loc, flash);
}

int page_reader_note_submit(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    if (app_reader_note_set(&rq->ctx, rq->param, web_form_or(rq, "note"), &e))
        return web_fail(rq, rs, &e);
    char loc[40];
    str_fmt(loc, sizeof loc, "/karte/%s", rq->param);
    return web_redirect(rq, rs, loc, "検針メモを保存しました。");
}
