/* web_subnav — the sub-navigation under a business area's heading (収納, 滞納,
 * 工事, メーター管理 …): a <nav class="subnav"> of the links the user's role may
 * follow, the current screen marked aria-current="page".
 *
 * Ownership: writes into rs->body; links are the caller's (usually static). */
#ifndef SUIDO_WEB_SUBNAV_H
#define SUIDO_WEB_SUBNAV_H

#include <stddef.h>

#include "web/web.h"

typedef struct web_subnav_link {
    const char *href, *label;
    int perm;                      /* shown only to a role with this permission */
} web_subnav_link;

/* aria_label names the menu for screen readers (e.g. 「収納のメニュー」). */
void web_subnav(web_req *rq, web_resp *rs, const char *aria_label, const web_subnav_link *links, size_t n,
                const char *current);

#endif
