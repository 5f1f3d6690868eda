/* meter_nav — pieces shared by the メーター管理 screens (web/meter/):
 * the area's sub-menu, the diameter <select>, a right-aligned count cell.
 *
 * Ownership: nothing is allocated that outlives a call. */
#ifndef SUIDO_METER_NAV_H
#define SUIDO_METER_NAV_H

#include "web/web.h"

/* The sub-menu; current is the href of the page shown. */
void web_meter_subnav(web_req *rq, web_resp *rs, const char *current);
/* 口径 as a <select> of the meter diameters (name "diameter"); first_label
 * non-NULL adds an empty first choice with that label. */
void web_meter_diameter_select(web_resp *rs, const char *selected, const char *first_label, const err_t *e);
/* <td class="num">1,234</td> */
void web_meter_count_cell(web_resp *rs, long long v);

#endif
