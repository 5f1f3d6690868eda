/* meter_nav — the sub-menu of the メーター管理 screens (web/meter/); the
 * widgets they share are meter_widgets.h.
 *
 * Ownership: nothing is allocated that outlives a call. */
#ifndef SUIDO_METER_NAV_H
#define SUIDO_METER_NAV_H

#include "web/web.h"

/* The sub-menu; current is the href of the page shown. */
void web_meter_subnav(web_req *rq, web_resp *rs, const char *current);
#endif
