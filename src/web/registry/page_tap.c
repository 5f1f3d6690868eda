/* page_tap — new tap with its first customer, and tap edit. */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/html.h"
#include "domain/tapinfo.h"
#include "web/web.h"
#include "app/registry/app_customer.h"

/* A select over a tapinfo table. */
static void code_select(web_resp *rs, const char *label, const char *name, const char *sel, const tapinfo_code *t,
                        const err_t *e)
{
    const char *codes[16], *labels[16];
    size_t n = 0;
    for (; t[n].code && n < 16; n++) {
        codes[n] = t[n].code;
        labels[n] = t[n].label;
    }
    web_select(rs, label, name, sel, codes, labels, n, e);
}

static void tap_fields(web_req *rq, web_resp *rs, const app_tap_input *in, bool with_status, const err_t *e)
{
    app_area *areas = NULL;
    size_t na = 0;
    err_t ae;
    app_area_list(&rq->ctx, &areas, &na, &ae);
    const char **codes = calloc(na + 1, sizeof *codes), **labels = calloc(na + 1, sizeof *labels);
    char (*lab)[128] = calloc(na + 1, sizeof *lab);
    if (codes && labels && lab) {
        for (size_t i = 0; i < na; i++) {
            str_fmt(lab[i], sizeof lab[i], "%s %s", areas[i].code, areas[i].name);
            codes[i] = areas[i].code;
            labels[i] = lab[i];
        }
        web_select(rs, "町丁目", "area_code", in->area_code, codes, labels, na, e);
    }
    free(codes);
    free(labels);
    free(lab);
    free(areas);
    web_input(rs, "給水場所（町丁目に続く番地・建物）", "address", in->address, e, "required", "", "maxlength", "100",
              "placeholder", "3番12号 コーポ桜 203号室", NULL);
    const char *dcodes[12], *dlabels[12];
    char dl[12][12], dc[12][8];
    size_t nd = 0;
    for (; TAPINFO_DIAMETERS[nd] && nd < 12; nd++) {
        str_fmt(dc[nd], sizeof dc[nd], "%d", TAPINFO_DIAMETERS[nd]);
        str_fmt(dl[nd], sizeof dl[nd], "%dmm", TAPINFO_DIAMETERS[nd]);
        dcodes[nd] = dc[nd];
        dlabels[nd] = dl[nd];
    }
    web_select(rs, "口径", "diameter", in->diameter, dcodes, dlabels, nd, e);
    code_select(rs, "用途", "use_code", in->use_code, TAPINFO_USES, e);
    code_select(rs, "下水道", "sewer", in->sewer, TAPINFO_SEWERS, e);
    web_input(rs, "検針区", "route", in->route, e, "required", "", "maxlength", "8", "pattern", "[A-Za-z0-9]{1,8}", NULL);
    web_input(rs, "順路", "route_order", in->route_order, e, "required", "", "inputmode", "numeric", NULL);
    if (with_status)
        code_select(rs, "状態", "status", in->status, TAPINFO_STATUSES, e);
}

static void new_form(web_req *rq, web_resp *rs, const app_tap_input *t, const app_customer_input *c,
                     const char *start_on, const err_t *e)
{
    web_page_begin(rq, rs, "新規水栓の登録", NAV_RECEPTION);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "新規水栓・使用者の登録", NULL);
    web_form_error(rs, e);
    html_open(b, "form", "method", "post", "action", "/taps/new", "class", "grid", NULL);
    web_csrf_field(rq, rs);
    html_open(b, "fieldset", NULL);
    html_elem(b, "legend", "水栓", NULL);
    web_input(rs, "水栓番号（空欄なら自動採番）", "tap_no", t->tap_no, e, "inputmode", "numeric", "maxlength", "8",
              "pattern", "[0-9]{8}", "autofocus", "", NULL);
    tap_fields(rq, rs, t, false, e);
    html_close(b, "fieldset");
    html_open(b, "fieldset", NULL);
    html_elem(b, "legend", "使用者", NULL);
    web_input(rs, "開栓日", "start_on", start_on, e, "type", "date", "required", "", NULL);
    web_input(rs, "氏名（名称）", "name", c->name, e, "required", "", "maxlength", "60", NULL);
    web_input(rs, "カナ氏名", "kana", c->kana, e, "required", "", "maxlength", "80", NULL);
    web_input(rs, "電話番号", "phone", c->phone, e, "type", "tel", "inputmode", "tel", NULL);
    web_input(rs, "送付先郵便番号", "postal", c->postal, e, "inputmode", "numeric", "placeholder", "400-0001", NULL);
    web_input(rs, "送付先住所（給水場所と同じなら空欄）", "mail_address", c->mail_address, e, "maxlength", "120", NULL);
    html_open(b, "div", "class", "field", NULL);
    html_elem(b, "label", "備考", "for", "f-notes", NULL);
    html_elem(b, "textarea", c->notes, "id", "f-notes", "name", "notes", "rows", "3", "maxlength", "1000", NULL);
    html_close(b, "div");
    html_close(b, "fieldset");
    html_open(b, "div", "class", "buttons", NULL);
    html_elem(b, "button", "登録する (Alt+K)", "type", "submit", "accesskey", "k", NULL);
    html_elem(b, "a", "取り消す (Esc)", "href", "/", "class", "cancel", NULL);
    html_close(b, "div");
    html_close(b, "form");
    web_page_end(rq, rs);
}

int page_tap_new_form(web_req *rq, web_resp *rs)
{
    char today[11];
    date_format_iso(date_today_jst(), today);
    app_tap_input t = {.tap_no = "", .area_code = "", .address = "", .diameter = "13", .use_code = "household",
                       .sewer = "self", .route = "", .route_order = "", .status = "active"};
    app_customer_input c = {.name = "", .kana = "", .phone = "", .postal = "", .mail_address = "", .notes = ""};
    new_form(rq, rs, &t, &c, today, NULL);
    return 0;
}

static void read_tap(web_req *rq, app_tap_input *t)
{
    t->tap_no = web_form_or(rq, "tap_no");
    t->area_code = web_form_or(rq, "area_code");
    t->address = web_form_or(rq, "address");
    t->diameter = web_form_or(rq, "diameter");
    t->use_code = web_form_or(rq, "use_code");
    t->sewer = web_form_or(rq, "sewer");
    t->route = web_form_or(rq, "route");
    t->route_order = web_form_or(rq, "route_order");
    t->status = web_form_or(rq, "status");
    t->version = web_form_or(rq, "version");
}

int page_tap_new_submit(web_req *rq, web_resp *rs)
{
    app_tap_input t;
    read_tap(rq, &t);
    app_customer_input c = {
        .name = web_form_or(rq, "name"), .kana = web_form_or(rq, "kana"), .phone = web_form_or(rq, "phone"),
        .postal = web_form_or(rq, "postal"), .mail_address = web_form_or(rq, "mail_address"),
        .notes = web_form_or(rq, "notes"),
    };
    const char *start_on = web_form_or(rq, "start_on");
    err_t e;
    err_clear(&e);
    char tap_no[16];
    if (app_tap_create(&rq->ctx, &t, &c, start_on, tap_no, &e)) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT)
            return web_fail(rq, rs, &e);
        rs->status = e.code == ERR_CONFLICT ? 409 : 422;
        new_form(rq, rs, &t, &c, start_on, &e);
        return 0;
    }
    char loc[32], flash[256];
    str_fmt(loc, sizeof loc, "/karte/%s", tap_no);
    str_fmt(flash, sizeof flash, "水栓 %s を登録しました（%s）。", tap_no, c.name);
    return web_redirect(rq, rs, loc, flash);
}

static void edit_form(web_req *rq, web_resp *rs, const char *tap_no, const app_tap_input *t, const err_t *e)
{
    web_page_begin(rq, rs, "水栓情報の変更", NAV_RECEPTION);
    buf_t *b = &rs->body;
    html_open(b, "h1", NULL);
    html_textf(b, "水栓情報の変更 %s", tap_no);
    html_close(b, "h1");
    web_form_error(rs, e);
    char action[48], back[32];
    str_fmt(action, sizeof action, "/taps/%s/edit", tap_no);
    str_fmt(back, sizeof back, "/karte/%s", tap_no);
    html_open(b, "form", "method", "post", "action", action, "class", "grid", NULL);
    web_csrf_field(rq, rs);
    html_open(b, "input", "type", "hidden", "name", "version", "value", t->version, NULL);
    tap_fields(rq, rs, t, true, e);
    html_open(b, "div", "class", "buttons", NULL);
    html_elem(b, "button", "更新する (Alt+K)", "type", "submit", "accesskey", "k", NULL);
    html_elem(b, "a", "取り消す (Esc)", "href", back, "class", "cancel", NULL);
    html_close(b, "div");
    html_close(b, "form");
    web_page_end(rq, rs);
}

int page_tap_edit_form(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_karte k;
    if (app_karte_get(&rq->ctx, rq->param, &k, &e))
        return web_fail(rq, rs, &e);
    char dia[16], order[24], ver[24];
    str_fmt(dia, sizeof dia, "%lld", (long long)k.diameter);
    str_fmt(order, sizeof order, "%lld", (long long)k.route_order);
    str_fmt(ver, sizeof ver, "%lld", (long long)k.version);
    app_tap_input t = {.area_code = k.area_code, .address = k.address, .diameter = dia, .use_code = k.use_code,
                       .sewer = k.sewer, .route = k.route, .route_order = order, .status = k.status, .version = ver};
    edit_form(rq, rs, k.tap_no, &t, NULL);
    app_karte_free(&k);
    return 0;
}

int page_tap_edit_submit(web_req *rq, web_resp *rs)
{
    app_tap_input t;
    read_tap(rq, &t);
    err_t e;
    err_clear(&e);
    if (app_tap_update(&rq->ctx, rq->param, &t, &e)) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT)
            return web_fail(rq, rs, &e);
        rs->status = e.code == ERR_CONFLICT ? 409 : 422;
        edit_form(rq, rs, rq->param, &t, &e);
        return 0;
    }
    char loc[32], flash[128];
    str_fmt(loc, sizeof loc, "/karte/%s", rq->param);
    str_fmt(flash, sizeof flash, "水栓 %s の情報を更新しました。", rq->param);
    return web_redirect(rq, rs, loc, flash);
}
