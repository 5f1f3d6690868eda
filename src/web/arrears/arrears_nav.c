/* arrears_nav — the 滞納 screens' sub-navigation (see arrears_nav.h). */
#include "web/arrears/arrears_nav.h"

#include <string.h>

#include "base/html.h"
#include "domain/role.h"

void web_arrears_subnav(web_req *rq, web_resp *rs, const char *current)
{
    static const struct { const char *href, *label; int perm; } LINKS[] = {
        {"/arrears", "滞納整理簿", PERM_PAYMENT_POST},
        {"/arrears/dunning", "督促・催告・停止予告", PERM_CUSTOMER_VIEW},
        {"/arrears/pledges", "分納誓約", PERM_PAYMENT_POST},
        {"/arrears/stoppage", "給水停止", PERM_CUSTOMER_VIEW},
        {"/arrears/limitation", "時効管理", PERM_PAYMENT_POST},
        {"/arrears/writeoffs", "不納欠損", PERM_PAYMENT_POST},
    };
    buf_t *b = &rs->body;
    html_open(b, "nav", "class", "subnav", "aria-label", "滞納のメニュー", NULL);
    for (size_t i = 0; i < sizeof LINKS / sizeof LINKS[0]; i++)
        if (app_can(&rq->ctx, LINKS[i].perm))
            html_elem(b, "a", LINKS[i].label, "href", LINKS[i].href, "aria-current",
                      strcmp(LINKS[i].href, current) == 0 ? "page" : NULL, NULL);
    html_close(b, "nav");
}
