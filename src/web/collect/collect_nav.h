/* collect_nav — the sub-navigation shared by the 収納 screens (取込, 口座振替,
 * 未消込, 収納日計表), so that every one of them lists the same links
 * (collect_nav.c), and the one page two of them share. */
#ifndef SUIDO_COLLECT_NAV_H
#define SUIDO_COLLECT_NAV_H

#include "web/web.h"

/* <nav class="subnav"> with the links the user may open; current (a path)
 * is marked aria-current="page". */
void web_collect_subnav(web_req *rq, web_resp *rs, const char *current);

/* The figures of a debit result read, from the JSON kept when it was read
 * (defined in page_debit.c; GET /collections/imports/<id> of kind "debit"). */
int web_debit_result_page(web_req *rq, web_resp *rs, const char *json);

#endif
