/* page_karte — お客様カルテ: everything about one tap on one screen. */
#include <string.h>

#include "base/html.h"
#include "domain/role.h"
#include "domain/tapinfo.h"
#include "web/web.h"

static void row(buf_t *b, const char *th, const char *td)
{
    html_open(b, "tr", NULL);
    html_elem(b, "th", th, "scope", "row", NULL);
    html_elem(b, "td", td && *td ? td : "—", NULL);
    html_close(b, "tr");
}

static void empty_panel(buf_t *b, const char *id, const char *title)
{
    html_open(b, "section", "id", id, "class", "panel", NULL);
    html_elem(b, "h2", title, NULL);
    html_elem(b, "p", "まだデータがありません（今後のリリースで表示されます）。", "class", "empty", NULL);
    html_close(b, "section");
}

int page_karte(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_karte k;
    if (app_karte_get(&rq->ctx, rq->param, &k, &e))
        return web_fail(rq, rs, &e);
    char title[64];
    str_fmt(title, sizeof title, "お客様カルテ %s", k.tap_no);
    web_page_begin(rq, rs, title, NAV_RECEPTION);
    buf_t *b = &rs->body;
    bool can_edit = app_can(&rq->ctx, PERM_CUSTOMER_EDIT);
    const app_occupancy *cur = k.nocc && !k.occ[0].end_on[0] ? &k.occ[0] : NULL;

    html_open(b, "h1", NULL);
    html_textf(b, "お客様カルテ 水栓番号 %s", k.tap_no);
    if (cur) {
        html_text(b, "　");
        html_elem(b, "span", cur->who.name, "class", "h1-name", NULL);
    }
    html_close(b, "h1");

    html_open(b, "div", "class", "karte-grid", NULL);
    /* Tap */
    html_open(b, "section", "id", "tap", "class", "panel", NULL);
    html_elem(b, "h2", "水栓", NULL);
    html_open(b, "table", "class", "kv", NULL);
    char addr[512], dia[16], route[48];
    str_fmt(addr, sizeof addr, "%s%s", k.area_name, k.address);
    str_fmt(dia, sizeof dia, "%lldmm", (long long)k.diameter);
    str_fmt(route, sizeof route, "%s ／ %lld", k.route, (long long)k.route_order);
    row(b, "給水場所", addr);
    row(b, "町丁目コード", k.area_code);
    row(b, "口径", dia);
    row(b, "用途", tapinfo_label(TAPINFO_USES, k.use_code));
    row(b, "下水道", tapinfo_label(TAPINFO_SEWERS, k.sewer));
    row(b, "検針区／順路", route);
    html_open(b, "tr", NULL);
    html_elem(b, "th", "状態", "scope", "row", NULL);
    html_open(b, "td", NULL);
    char cls[48];
    str_fmt(cls, sizeof cls, "state state-%s", k.status);
    html_elem(b, "span", tapinfo_label(TAPINFO_STATUSES, k.status), "class", cls, NULL);
    html_close(b, "td");
    html_close(b, "tr");
    html_close(b, "table");
    if (can_edit) {
        char href[48];
        str_fmt(href, sizeof href, "/taps/%s/edit", k.tap_no);
        html_elem(b, "a", "水栓情報を変更", "href", href, "id", "edit-tap", "class", "action", NULL);
    }
    html_close(b, "section");

    /* Current customer */
    html_open(b, "section", "id", "customer", "class", "panel", NULL);
    html_elem(b, "h2", "現在の使用者", NULL);
    if (cur) {
        html_open(b, "table", "class", "kv", NULL);
        row(b, "氏名", cur->who.name);
        row(b, "カナ氏名", cur->who.kana);
        row(b, "電話番号", cur->who.phone);
        char mail[512];
        if (cur->who.mail_address[0])
            str_fmt(mail, sizeof mail, "〒%s %s", cur->who.postal, cur->who.mail_address);
        else
            str_copy(mail, sizeof mail, "給水場所と同じ");
        row(b, "送付先", mail);
        html_open(b, "tr", NULL);
        html_elem(b, "th", "開栓日", "scope", "row", NULL);
        html_open(b, "td", NULL);
        web_date(rq, rs, cur->start_on);
        html_close(b, "td");
        html_close(b, "tr");
        row(b, "備考", cur->who.notes);
        html_close(b, "table");
        if (can_edit) {
            char href[80];
            str_fmt(href, sizeof href, "/customers/%lld/edit?tap=%s", (long long)cur->who.customer_id, k.tap_no);
            html_elem(b, "a", "お客様情報を変更", "href", href, "id", "edit-customer", "class", "action", NULL);
        }
    } else {
        html_elem(b, "p", "現在の使用者はいません（閉栓中）。", "class", "empty", NULL);
    }
    html_close(b, "section");

    /* Occupancy history */
    html_open(b, "section", "id", "occupancies", "class", "panel wide", NULL);
    html_elem(b, "h2", "使用者の履歴", NULL);
    html_open(b, "table", "class", "list", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">使用者</th><th scope=\"col\">カナ氏名</th><th scope=\"col\">電話番号</th>"
                "<th scope=\"col\">開栓日</th><th scope=\"col\">閉栓日</th><th scope=\"col\">状態</th></tr></thead><tbody>");
    for (size_t i = 0; i < k.nocc; i++) {
        const app_occupancy *o = &k.occ[i];
        html_open(b, "tr", NULL);
        html_elem(b, "td", o->who.name, NULL);
        html_elem(b, "td", o->who.kana, NULL);
        html_elem(b, "td", o->who.phone, "class", "num", NULL);
        html_open(b, "td", NULL);
        web_date(rq, rs, o->start_on);
        html_close(b, "td");
        html_open(b, "td", NULL);
        web_date(rq, rs, o->end_on[0] ? o->end_on : NULL);
        html_close(b, "td");
        html_open(b, "td", NULL);
        html_elem(b, "span", o->end_on[0] ? "閉栓" : "使用中", "class",
                  o->end_on[0] ? "state state-closed" : "state state-active", NULL);
        html_close(b, "td");
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    html_close(b, "section");

    empty_panel(b, "readings", "検針履歴");
    empty_panel(b, "bills", "調定履歴");
    empty_panel(b, "payments", "収納履歴");
    html_close(b, "div");
    web_page_end(rq, rs);
    app_karte_free(&k);
    return 0;
}
