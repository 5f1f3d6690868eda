/* arrears_nav — the 滞納 screens' sub-navigation (see arrears_nav.h). */
#include "web/arrears/arrears_nav.h"

#include "domain/role.h"
#include "web/web_subnav.h"

void web_arrears_subnav(web_req *rq, web_resp *rs, const char *current)
{
    static const web_subnav_link LINKS[] = {
        {"/arrears", "滞納整理簿", PERM_PAYMENT_POST},
        {"/arrears/dunning", "督促・催告・停止予告", PERM_CUSTOMER_VIEW},
        {"/arrears/pledges", "分納誓約", PERM_PAYMENT_POST},
        {"/arrears/stoppage", "給水停止", PERM_CUSTOMER_VIEW},
        {"/arrears/limitation", "時効管理", PERM_PAYMENT_POST},
        {"/arrears/writeoffs", "不納欠損", PERM_PAYMENT_POST},
    };
    web_subnav(rq, rs, "滞納のメニュー", LINKS, sizeof LINKS / sizeof LINKS[0], current);
}
