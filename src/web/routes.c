/* routes — the staff server's route table: method, path pattern, handler,
 * permission, flags.  A new screen is a row here and a handler. */
#include "web/web.h"

#include "domain/role.h"

const web_route WEB_ROUTES[] = {
    /* public */
    {"GET", "/healthz", page_healthz, PERM_NONE, WEB_PUBLIC},
    {"GET", "/static/*", page_static, PERM_NONE, WEB_PUBLIC},
    {"GET", "/login", page_login_form, PERM_NONE, WEB_PUBLIC},
    {"POST", "/login", page_login_submit, PERM_NONE, WEB_PUBLIC},
    {"POST", "/api/v1/login", api_login, PERM_NONE, WEB_PUBLIC | WEB_API},
    /* any logged-in user */
    {"POST", "/logout", page_logout, PERM_NONE, WEB_ALLOW_MUST_CHANGE},
    {"GET", "/password", page_password_form, PERM_NONE, WEB_ALLOW_MUST_CHANGE},
    {"POST", "/password", page_password_submit, PERM_NONE, WEB_ALLOW_MUST_CHANGE},
    {"POST", "/api/v1/logout", api_logout, PERM_NONE, WEB_API | WEB_ALLOW_MUST_CHANGE},
    {"GET", "/", page_home, PERM_NONE, 0},
    /* 受付: taps and customers */
    {"GET", "/customers", page_customer_search, PERM_CUSTOMER_VIEW, 0},
    {"GET", "/customers.csv", page_customer_csv, PERM_CUSTOMER_EXPORT, 0},
    {"GET", "/karte/*", page_karte, PERM_CUSTOMER_VIEW, 0},
    {"GET", "/taps/new", page_tap_new_form, PERM_CUSTOMER_EDIT, 0},
    {"POST", "/taps/new", page_tap_new_submit, PERM_CUSTOMER_EDIT, 0},
    {"GET", "/taps/*/edit", page_tap_edit_form, PERM_CUSTOMER_EDIT, 0},
    {"POST", "/taps/*/edit", page_tap_edit_submit, PERM_CUSTOMER_EDIT, 0},
    {"GET", "/customers/*/edit", page_customer_edit_form, PERM_CUSTOMER_EDIT, 0},
    {"POST", "/customers/*/edit", page_customer_edit_submit, PERM_CUSTOMER_EDIT, 0},
    {"GET", "/api/v1/customers", api_customers, PERM_CUSTOMER_VIEW, WEB_API},
    {"GET", "/api/v1/taps/*", api_tap, PERM_CUSTOMER_VIEW, WEB_API},
    /* 管理 */
    {"GET", "/admin/users", page_users, PERM_USER_ADMIN, 0},
    {"GET", "/admin/users/new", page_user_new_form, PERM_USER_ADMIN, 0},
    {"POST", "/admin/users/new", page_user_new_submit, PERM_USER_ADMIN, 0},
    {"POST", "/admin/users/*", page_user_action, PERM_USER_ADMIN, 0},
    {"GET", "/approvals", page_approvals, PERM_APPROVE, 0},
    {"POST", "/approvals/*", page_approval_decide, PERM_APPROVE, 0},
    {"GET", "/audit", page_audit, PERM_AUDIT_VIEW, 0},
};

const size_t WEB_NROUTES = sizeof WEB_ROUTES / sizeof WEB_ROUTES[0];
