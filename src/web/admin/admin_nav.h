/* admin_nav — the sub-navigation shared by the 管理 screens (職員アカウント,
 * 検針端末, 運用, データ移行, 承認依頼, 監査ログ), so that every one of them
 * lists the same links (admin_nav.c), each shown to the roles that may open it.
 *
 * Ownership: writes into rs->body; nothing is returned. */
#ifndef SUIDO_ADMIN_NAV_H
#define SUIDO_ADMIN_NAV_H

#include "web/web.h"

/* <nav class="subnav"> with the links the user may open; current (a path)
 * is marked aria-current="page". */
void web_admin_subnav(web_req *rq, web_resp *rs, const char *current);

#endif
