/* meter_nav — see meter_nav.h. */
#include "web/meter/meter_nav.h"

#include <string.h>

#include "base/html.h"
#include "web/web_subnav.h"
#include "domain/role.h"

void web_meter_subnav(web_req *rq, web_resp *rs, const char *current)
{
    static const web_subnav_link LINKS[] = {
        {"/meters", "在庫", PERM_METER_VIEW},
        {"/meters/receive", "庫入", PERM_METER},
        {"/meters/issue", "庫出", PERM_METER},
        {"/meters/return", "返却", PERM_METER},
        {"/meters/stocktake", "棚卸", PERM_METER_VIEW},
        {"/meters/plan", "取替計画", PERM_METER_VIEW},
        {"/meters/replace", "取替結果", PERM_METER},
    };
    web_subnav(rq, rs, "メーター管理のメニュー", LINKS, sizeof LINKS / sizeof LINKS[0], current);
}
