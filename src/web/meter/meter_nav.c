/* meter_nav — see meter_nav.h. */
#include "web/meter/meter_nav.h"

#include <string.h>

#include "base/html.h"
#include "web/web_subnav.h"
#include "domain/role.h"
#include "domain/tapinfo.h"

void web_meter_subnav(web_req *rq, web_resp *rs, const char *current)
{
    static const web_subnav_link LINKS[] = {
        {"/meters", "在庫", PERM_METER_VIEW},
        {"/meters/receive", "庫入", PERM_METER},
        {"/meters/issue", "庫出", PERM_METER},
        {"/meters/return", "返却", PERM_METER},
        {"/meters/stocktake", "棚卸", PERM_METER_VIEW},
    };
    web_subnav(rq, rs, "メーター管理のメニュー", LINKS, sizeof LINKS / sizeof LINKS[0], current);
}

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
