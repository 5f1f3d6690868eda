/* collect_nav — the 収納 screens' sub-navigation (see collect_nav.h). */
#include "web/collect/collect_nav.h"

#include <string.h>

#include "base/html.h"
#include "domain/role.h"

void web_collect_subnav(web_req *rq, web_resp *rs, const char *current)
{
    static const struct { const char *href, *label; int perm; } LINKS[] = {
        {"/collections", "取込", PERM_CUSTOMER_VIEW},
        {"/collections/debit", "口座振替", PERM_PAYMENT_POST},
        {"/collections/suspense", "未消込", PERM_CUSTOMER_VIEW},
        {"/collections/daily", "収納日計表", PERM_PAYMENT_POST},
    };
    buf_t *b = &rs->body;
    html_open(b, "nav", "class", "subnav", "aria-label", "収納のメニュー", NULL);
    for (size_t i = 0; i < sizeof LINKS / sizeof LINKS[0]; i++)
        if (app_can(&rq->ctx, LINKS[i].perm))
            html_elem(b, "a", LINKS[i].label, "href", LINKS[i].href, "aria-current",
                      strcmp(LINKS[i].href, current) == 0 ? "page" : NULL, NULL);
    html_close(b, "nav");
}
