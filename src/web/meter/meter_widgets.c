/* meter_widgets — see meter_widgets.h. */
#include "web/meter/meter_widgets.h"

#include <string.h>

#include "base/html.h"
#include "domain/tapinfo.h"
#include "web/meter/meter_nav.h"

void web_meter_diameter_select(web_resp *rs, const char *selected, const char *first_label, const err_t *e)
{
    const char *codes[16], *labels[16];
    char dc[16][8], dl[16][12];
    size_t n = 0;
    if (first_label) {
        codes[n] = "";
        labels[n++] = first_label;
    }
    for (size_t i = 0; TAPINFO_DIAMETERS[i] && n < 16; i++, n++) {
        str_fmt(dc[n], sizeof dc[n], "%d", TAPINFO_DIAMETERS[i]);
        str_fmt(dl[n], sizeof dl[n], "%dmm", TAPINFO_DIAMETERS[i]);
        codes[n] = dc[n];
        labels[n] = dl[n];
    }
    web_select(rs, "口径", "diameter", selected ? selected : "", codes, labels, n, e);
}

void web_meter_count_cell(web_resp *rs, long long v)
{
    char t[32];
    str_thousands(v, t);
    html_elem(&rs->body, "td", t, "class", "num", NULL);
}

bool web_meter_stock_page_begin(web_req *rq, web_resp *rs, const char *title, const char *current, const err_t *fe,
                                app_meter_stock_row **rows, size_t *n)
{
    err_t e;
    err_clear(&e);
    if (app_meter_stock(&rq->ctx, rows, n, &e)) {
        web_fail(rq, rs, &e);
        return false;
    }
    web_page_begin(rq, rs, title, NAV_METER);
    html_elem(&rs->body, "h1", title, NULL);
    web_meter_subnav(rq, rs, current);
    web_form_error(rs, fe);
    return true;
}

void web_meter_error_line(web_resp *rs, const char *what, const err_t *e)
{
    html_open(&rs->body, "p", "class", "form-error", "role", "alert", NULL);
    html_textf(&rs->body, "%s: %s", what, e->user[0] ? e->user : err_default_user(e->code));
    html_close(&rs->body, "p");
}

void web_meter_confirm_diameter(web_req *rq, web_resp *rs, const err_t *e)
{
    buf_t *b = &rs->body;
    const char *cd = web_form(rq, "confirm_diameter");
    bool bad = e && e->code && strcmp(e->field, "confirm_diameter") == 0;
    html_open(b, "div", "class", bad ? "field check invalid" : "field check", NULL);
    html_open(b, "input", "type", "checkbox", "id", "f-confirm_diameter", "name", "confirm_diameter", "value", "1",
              "checked", cd && *cd ? "" : NULL, "aria-invalid", bad ? "true" : NULL, NULL);
    html_elem(b, "label", "口径を変更する（新メーターの口径が水栓の登録口径と違うとき、取替日から変更）", "for",
              "f-confirm_diameter", NULL);
    html_close(b, "div");
}
