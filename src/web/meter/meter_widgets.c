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
