/* page_estimate — 認定 on a screen of its own (GET /taps/<no>/estimate): the
 * day and the reason, then the usage it would record and what it is based
 * on, shown before anything is written; "この水量で認定する" posts to
 * /reading/estimate (page_reading_queue.c), which records it. */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/html.h"
#include "domain/reading_cause.h"
#include "web/web.h"
#include "app/reading/app_reading.h"

static void cause_select(web_resp *rs, const char *chosen, const err_t *e)
{
    const char *C[READING_CAUSE__MAX], *CL[READING_CAUSE__MAX];
    for (int i = 0; i < READING_CAUSE__MAX; i++) {
        C[i] = reading_cause_code(i);
        CL[i] = reading_cause_label(i);
    }
    web_select(rs, "検針できなかった理由", "cause", chosen, C, CL, READING_CAUSE__MAX, e);
}

static void ask_form(web_req *rq, web_resp *rs, const char *tap_no, const char *read_on, const char *cause,
                     const err_t *e)
{
    buf_t *b = &rs->body;
    char action[48], back[32];
    str_fmt(action, sizeof action, "/taps/%s/estimate", tap_no);
    str_fmt(back, sizeof back, "/karte/%s", tap_no);
    web_form_error(rs, e);
    html_open(b, "form", "method", "get", "action", action, "class", "grid", "id", "estimate-ask", NULL);
    web_input(rs, "認定日（検針予定日）", "read_on", read_on, e, "type", "date", "required", "", "autofocus", "", NULL);
    cause_select(rs, cause, e);
    html_open(b, "div", "class", "buttons", NULL);
    html_elem(b, "button", "認定する水量を確認", "type", "submit", NULL);
    html_elem(b, "a", "取り消す (Esc)", "href", back, "class", "cancel", NULL);
    html_close(b, "div");
    html_close(b, "form");
}

static void preview(web_req *rq, web_resp *rs, const char *tap_no, const char *cause, const app_estimate_preview *p)
{
    buf_t *b = &rs->body;
    html_open(b, "section", "class", "panel", "id", "estimate-preview", NULL);
    html_elem(b, "h2", "認定の内容（まだ記録していません）", NULL);
    html_open(b, "table", "class", "kv", NULL);
    html_open(b, "tr", NULL);
    html_elem(b, "th", "認定日", "scope", "row", NULL);
    html_open(b, "td", NULL);
    web_date(rq, rs, p->read_on);
    html_close(b, "td");
    html_close(b, "tr");
    html_open(b, "tr", NULL);
    html_elem(b, "th", "理由", "scope", "row", NULL);
    html_elem(b, "td", reading_cause_label(reading_cause_parse(cause)), NULL);
    html_close(b, "tr");
    html_open(b, "tr", NULL);
    html_elem(b, "th", "認定する使用水量", "scope", "row", NULL);
    html_open(b, "td", "id", "estimate-usage", "class", "strong", NULL);
    html_textf(b, "%lld m³（%lld日分", (long long)p->usage, (long long)p->days);
    if (p->prev_read_on[0]) {
        html_text(b, "、前回検針 ");
        web_date(rq, rs, p->prev_read_on);
        html_text(b, " から");
    }
    html_text(b, "）");
    html_close(b, "td");
    html_close(b, "tr");
    html_open(b, "tr", NULL);
    html_elem(b, "th", "請求額の見込み", "scope", "row", NULL);
    html_open(b, "td", "id", "estimate-amount", NULL);
    if (p->priced) {
        web_yen(rs, p->total_yen);
        if (p->prev_total_yen) {
            html_text(b, "（前回の請求額 ");
            web_yen(rs, p->prev_total_yen);
            html_text(b, "）");
        }
    } else {
        html_text(b, p->unpriced[0] ? p->unpriced : "この認定だけでは料金を計算できません。");
    }
    html_close(b, "td");
    html_close(b, "tr");
    html_open(b, "tr", NULL);
    html_elem(b, "th", "算定の方法", "scope", "row", NULL);
    html_elem(b, "td", p->last_year ? "前年同期の使用水量を日数で按分" : "直近の検針（最大3回）の1日あたり平均 × 日数", NULL);
    html_close(b, "tr");
    html_close(b, "table");
    if (p->nbasis) {
        html_open(b, "table", "class", "list", "id", "estimate-basis", NULL);
        html_raw(b, "<caption>直近の検針</caption><thead><tr><th scope=\"col\">検針日</th><th scope=\"col\" class=\"num\">日数</th>"
                    "<th scope=\"col\" class=\"num\">使用水量</th></tr></thead><tbody>");
        for (int i = 0; i < p->nbasis; i++) {
            html_open(b, "tr", NULL);
            html_open(b, "td", NULL);
            web_date(rq, rs, p->basis[i].read_on);
            html_close(b, "td");
            html_open(b, "td", "class", "num", NULL);
            html_textf(b, "%lld", (long long)p->basis[i].days);
            html_close(b, "td");
            html_open(b, "td", "class", "num", NULL);
            html_textf(b, "%lld m³", (long long)p->basis[i].usage);
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    if (p->replaces_held)
        html_elem(b, "p", "この周期の保留中の検針は、認定で置き換えます（記録は残ります）。", "class", "notice", NULL);
    char back[48];
    str_fmt(back, sizeof back, "/taps/%s/estimate", tap_no);
    html_open(b, "form", "method", "post", "action", "/reading/estimate", "id", "estimate-form", NULL);
    web_csrf_field(rq, rs);
    html_open(b, "input", "type", "hidden", "name", "tap_no", "value", tap_no, NULL);
    html_open(b, "input", "type", "hidden", "name", "read_on", "value", p->read_on, NULL);
    html_open(b, "input", "type", "hidden", "name", "cause", "value", cause, NULL);
    html_open(b, "input", "type", "hidden", "name", "back", "value", "karte", NULL);
    html_open(b, "div", "class", "buttons", NULL);
    html_elem(b, "button", "この水量で認定する", "type", "submit", "autofocus", "", NULL);
    html_elem(b, "a", "やり直す (Esc)", "href", back, "class", "cancel", NULL);
    html_close(b, "div");
    html_close(b, "form");
    html_close(b, "section");
}

int page_tap_estimate(web_req *rq, web_resp *rs)
{
    const char *tap_no = web_tap_param(rq->param);
    if (!tap_no) {
        err_t e;
        err_set(&e, ERR_NOTFOUND, NULL, "水栓番号が見つかりません。", "bad tap param");
        return web_fail(rq, rs, &e);
    }
    const char *read_on = web_query(rq, "read_on");
    const char *cause = web_query(rq, "cause");
    char today[11];
    date_format_iso(date_today_jst(), today);
    err_t e;
    err_clear(&e);
    bool asked = read_on && cause;
    app_reading_out out;
    app_estimate_preview pv;
    if (asked && app_reading_estimate_preview(&rq->ctx, tap_no, read_on, cause, &out, &pv, &e) == 0 &&
        out.status == READING_REFUSED)
        err_set(&e, ERR_INVALID, "read_on", out.message, "estimate refused");
    if (e.code && e.code != ERR_INVALID)
        return web_fail(rq, rs, &e);
    if (e.code)
        rs->status = 422;
    char title[64];
    str_fmt(title, sizeof title, "使用水量の認定 %s", tap_no);
    web_page_begin(rq, rs, title, NAV_READING);
    buf_t *b = &rs->body;
    html_open(b, "h1", NULL);
    html_textf(b, "使用水量の認定（水栓番号 %s）", tap_no);
    html_close(b, "h1");
    html_elem(b, "p", "検針できなかったときに、規則に従って使用水量を認定します。確認の画面で水量を見てから記録します。",
              "class", "hint", NULL);
    if (asked && !e.code)
        preview(rq, rs, tap_no, cause, &pv);
    else
        ask_form(rq, rs, tap_no, read_on ? read_on : today, cause ? cause : "", &e);
    web_page_end(rq, rs);
    return 0;
}
