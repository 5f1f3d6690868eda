/* admin_nav — the 管理 screens' sub-navigation (see admin_nav.h). */
#include "web/admin/admin_nav.h"

#include "domain/role.h"
#include "web/web_subnav.h"

void web_admin_subnav(web_req *rq, web_resp *rs, const char *current)
{
    static const web_subnav_link LINKS[] = {
        {"/admin/users", "職員アカウント", PERM_USER_ADMIN},
        {"/admin/devices", "検針端末", PERM_USER_ADMIN},
        {"/admin/operations", "運用", PERM_USER_ADMIN},
        {"/admin/migration", "データ移行", PERM_USER_ADMIN},
        {"/approvals", "承認依頼", PERM_APPROVE},
        {"/audit", "監査ログ", PERM_AUDIT_VIEW},
    };
    web_subnav(rq, rs, "管理のメニュー", LINKS, sizeof LINKS / sizeof LINKS[0], current);
}
