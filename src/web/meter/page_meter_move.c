/* page_meter_move — the forms that move meters: 庫入 of a delivered lot,
 * 庫出 to a designated contractor, 返却 (GET and POST /meters/receive,
 * /meters/issue, /meters/return).  Each form is a row of FORMS: its fields
 * as typed are kept when it is refused, the field at fault marked. */
#include <string.h>

#include "app/meter/app_meter_stock.h"
#include "base/date.h"
#include "base/html.h"
#include "web/meter/meter_nav.h"
#include "web/meter/meter_widgets.h"

typedef struct move_field {
    const char *name, *label;
    const char *type;        /* "text", "date", "month", "diameter" (the select) */
    bool required;
    const char *placeholder;
} move_field;

typedef struct move_form {
    const char *path, *title, *button;
    move_field fields[10];   /* ended by a NULL name */
} move_form;

enum { FORM_RECEIVE, FORM_ISSUE, FORM_RETURN };

static const move_form FORMS[] = {
    [FORM_RECEIVE] = {"/meters/receive", "庫入（納入されたメーターを在庫にする）", "庫入する",
                      {{"diameter", "口径", "diameter", true, NULL},
                       {"maker", "メーカー", "text", true, NULL},
                       {"model", "型式", "text", false, NULL},
                       {"serials", "メーター番号の範囲（例: A1000-A1099）", "text", true, "A1000-A1099"},
                       {"expiry", "検定満了年月（空欄なら庫入の月の8年後）", "month", false, "2034-03"},
                       {"lot", "製造ロット", "text", false, NULL},
                       {"digits", "桁数（空欄なら口径から: 25mm まで4桁、75mm まで5桁、ほか6桁）", "text", false, NULL},
                       {"received_on", "庫入日", "date", true, NULL},
                       {"order", "発注番号（発注に対する納入のとき）", "text", false, NULL},
                       {NULL, NULL, NULL, false, NULL}}},
    [FORM_ISSUE] = {"/meters/issue", "庫出（工事事業者への貸出）", "庫出する",
                    {{"serial", "メーター番号", "text", true, NULL},
                     {"to", "庫出先の指定番号", "text", true, NULL},
                     {"on", "庫出日", "date", true, NULL},
                     {NULL, NULL, NULL, false, NULL}}},
    [FORM_RETURN] = {"/meters/return", "返却（庫出したメーターを在庫に戻す）", "返却を受ける",
                     {{"serial", "メーター番号", "text", true, NULL},
                      {"on", "返却日", "date", true, NULL},
                      {"note", "備考", "text", false, NULL},
                      {NULL, NULL, NULL, false, NULL}}},
};

static void render(web_req *rq, web_resp *rs, int which, const err_t *e)
{
    const move_form *f = &FORMS[which];
    web_page_begin(rq, rs, f->title, NAV_METER);
    buf_t *b = &rs->body;
    html_elem(b, "h1", f->title, NULL);
    web_meter_subnav(rq, rs, f->path);
    web_form_error(rs, e);
    char today[11];
    date_format_iso(date_today_jst(), today);
    html_open(b, "form", "method", "post", "action", f->path, "class", "grid", NULL);
    web_csrf_field(rq, rs);
    bool focused = false;   /* the first input gets the focus */
    for (const move_field *m = f->fields; m->name; m++) {
        const char *v = web_form(rq, m->name);
        if (strcmp(m->type, "diameter") == 0) {
            web_meter_diameter_select(rs, v ? v : "13", NULL, e);
            continue;
        }
        if (!v)
            v = strcmp(m->type, "date") == 0 ? today : web_query(rq, m->name);
        web_input(rs, m->label, m->name, v ? v : "", e, "type", strcmp(m->type, "text") == 0 ? NULL : m->type,
                  "required", m->required ? "" : NULL, "placeholder", m->placeholder, "autofocus", focused ? NULL : "",
                  "autocomplete", "off", NULL);
        focused = true;
    }
    html_elem(b, "button", f->button, "type", "submit", NULL);
    html_elem(b, "a", "キャンセル", "href", "/meters", "class", "cancel", NULL);
    html_close(b, "form");
    web_page_end(rq, rs);
}

/* A refused form: again with what was typed (400/409), or the error page. */
static int refused(web_req *rq, web_resp *rs, int which, const err_t *e)
{
    if (e->code != ERR_INVALID && e->code != ERR_CONFLICT)
        return web_fail(rq, rs, e);
    render(rq, rs, which, e);
    rs->status = web_status_for(e->code);
    return 0;
}

int page_meter_receive_form(web_req *rq, web_resp *rs)
{
    render(rq, rs, FORM_RECEIVE, NULL);
    return 0;
}

int page_meter_issue_form(web_req *rq, web_resp *rs)
{
    render(rq, rs, FORM_ISSUE, NULL);
    return 0;
}

int page_meter_return_form(web_req *rq, web_resp *rs)
{
    render(rq, rs, FORM_RETURN, NULL);
    return 0;
}

int page_meter_receive_submit(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_meter_receive_input in = {.diameter = web_form(rq, "diameter"), .maker = web_form(rq, "maker"),
                                  .model = web_form(rq, "model"), .serials = web_form(rq, "serials"),
                                  .expiry = web_form(rq, "expiry"), .lot = web_form(rq, "lot"),
                                  .digits = web_form(rq, "digits"), .received_on = web_form(rq, "received_on"),
                                  .order = web_form(rq, "order")};
    app_meter_receive_result r;
    if (app_meter_receive(&rq->ctx, &in, &r, &e))
        return refused(rq, rs, FORM_RECEIVE, &e);
    char flash[160];
    str_fmt(flash, sizeof flash, "庫入 %lld: %s〜%s の %lld 個を在庫にしました。", (long long)r.receipt_id, r.first, r.last,
            (long long)r.count);
    return web_redirect(rq, rs, "/meters", flash);
}

int page_meter_issue_submit(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    char name[256];
    const char *serial = web_form_or(rq, "serial");
    if (app_meter_issue(&rq->ctx, serial, web_form(rq, "to"), web_form(rq, "on"), name, sizeof name, &e))
        return refused(rq, rs, FORM_ISSUE, &e);
    char loc[48], flash[400];
    str_fmt(loc, sizeof loc, "/meters/%s", serial);
    str_fmt(flash, sizeof flash, "メーター %s を %s に庫出しました。", serial, name);
    return web_redirect(rq, rs, loc, flash);
}

int page_meter_return_submit(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    const char *serial = web_form_or(rq, "serial");
    if (app_meter_return(&rq->ctx, serial, web_form(rq, "on"), web_form(rq, "note"), &e))
        return refused(rq, rs, FORM_RETURN, &e);
    char loc[48], flash[160];
    str_fmt(loc, sizeof loc, "/meters/%s", serial);
    str_fmt(flash, sizeof flash, "メーター %s の返却を受け、在庫に戻しました。", serial);
    return web_redirect(rq, rs, loc, flash);
}
