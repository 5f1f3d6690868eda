/* collect_nav — the 収納 screens' sub-navigation (see collect_nav.h). */
#include "web/collect/collect_nav.h"

#include "domain/role.h"
#include "web/web_subnav.h"

void web_collect_subnav(web_req *rq, web_resp *rs, const char *current)
{
    static const web_subnav_link LINKS[] = {
        {"/collections", "取込", PERM_CUSTOMER_VIEW},
        {"/collections/debit", "口座振替", PERM_PAYMENT_POST},
        {"/collections/suspense", "未消込", PERM_CUSTOMER_VIEW},
        {"/collections/daily", "収納日計表", PERM_PAYMENT_POST},
    };
    web_subnav(rq, rs, "収納のメニュー", LINKS, sizeof LINKS / sizeof LINKS[0], current);
}
