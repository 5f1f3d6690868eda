/* arrears_nav — the sub-navigation shared by the 滞納 screens (滞納整理簿,
 * 督促・催告), so that each lists the same links (arrears_nav.c). */
#ifndef SUIDO_ARREARS_NAV_H
#define SUIDO_ARREARS_NAV_H

#include "web/web.h"

/* <nav class="subnav"> with the links the user may open; current (a path)
 * is marked aria-current="page". */
void web_arrears_subnav(web_req *rq, web_resp *rs, const char *current);

#endif
