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
    {"GET", "/reception", page_reception, PERM_CUSTOMER_VIEW, 0},
    {"GET", "/taps/*/reception", page_reception_form, PERM_CUSTOMER_EDIT, 0},
    {"POST", "/taps/*/reception", page_reception_submit, PERM_CUSTOMER_EDIT, 0},
    {"POST", "/reception/requests/*/cancel", page_reception_cancel, PERM_CUSTOMER_EDIT, 0},
    {"GET", "/reception/applications", page_applications, PERM_CUSTOMER_VIEW, 0},
    {"GET", "/reception/applications/*", page_application, PERM_CUSTOMER_VIEW, 0},
    {"POST", "/reception/applications/*/convert", page_application_convert, PERM_CUSTOMER_EDIT, 0},
    {"POST", "/reception/applications/*/reject", page_application_reject, PERM_CUSTOMER_EDIT, 0},
    {"GET", "/workorders", page_workorders, PERM_CUSTOMER_VIEW, 0},
    {"GET", "/workorders.pdf", page_workorders_pdf, PERM_CUSTOMER_VIEW, 0},
    {"GET", "/workorders/*", page_workorder, PERM_CUSTOMER_VIEW, 0},
    {"POST", "/workorders/*", page_workorder_submit, PERM_CUSTOMER_EDIT, 0},
    {"GET", "/taps/new", page_tap_new_form, PERM_CUSTOMER_EDIT, 0},
    {"POST", "/taps/new", page_tap_new_submit, PERM_CUSTOMER_EDIT, 0},
    {"GET", "/taps/*/edit", page_tap_edit_form, PERM_CUSTOMER_EDIT, 0},
    {"POST", "/taps/*/edit", page_tap_edit_submit, PERM_CUSTOMER_EDIT, 0},
    {"GET", "/customers/*/edit", page_customer_edit_form, PERM_CUSTOMER_EDIT, 0},
    {"POST", "/customers/*/edit", page_customer_edit_submit, PERM_CUSTOMER_EDIT, 0},
    {"GET", "/api/v1/customers", api_customers, PERM_CUSTOMER_VIEW, WEB_API},
    {"GET", "/api/v1/taps/*", api_tap, PERM_CUSTOMER_VIEW, WEB_API},
    {"POST", "/taps/*/contacts", page_contact_add, PERM_CUSTOMER_EDIT, 0},
    {"POST", "/taps/*/mail-checked", page_contact_mail_checked, PERM_CUSTOMER_EDIT, 0},
    /* 検針 */
    {"GET", "/reading", page_reading, PERM_READING_ENTER, 0},
    {"POST", "/reading/schedule", page_reading_schedule, PERM_READING_CONFIRM, 0},
    {"POST", "/reading/route-defs", page_reading_route_save, PERM_READING_CONFIRM, 0},
    {"GET", "/reading/routes/*", page_reading_route, PERM_READING_ENTER, 0},
    {"POST", "/reading/routes/*", page_reading_route_submit, PERM_READING_ENTER, 0},
    {"GET", "/reading/held", page_reading_held, PERM_READING_ENTER, 0},
    {"POST", "/reading/held/*", page_reading_held_action, PERM_READING_CONFIRM, 0},
    {"POST", "/reading/estimate", page_reading_estimate, PERM_READING_CONFIRM, 0},
    {"GET", "/reading/import", page_reading_import_form, PERM_READING_ENTER, 0},
    {"POST", "/reading/import", page_reading_import_submit, PERM_READING_ENTER, WEB_UPLOAD},
    {"GET", "/reading/imports/*", page_reading_import_result, PERM_READING_ENTER, 0},
    {"GET", "/reading/rejects", page_reading_rejects, PERM_READING_CONFIRM, 0},
    {"POST", "/reading/rejects/*", page_reading_reject_resolve, PERM_READING_CONFIRM, 0},
    {"GET", "/reading/leaks", page_reading_leaks, PERM_READING_ENTER, 0},
    {"GET", "/reading/leaks/*/notice", page_reading_leak_notice, PERM_READING_ENTER, 0},
    {"GET", "/taps/*/meter", page_meter_form, PERM_CUSTOMER_EDIT, 0},
    {"POST", "/taps/*/meter", page_meter_submit, PERM_CUSTOMER_EDIT, 0},
    {"POST", "/taps/*/note", page_reader_note_submit, PERM_READING_ENTER, 0},
    {"GET", "/m", page_reader_redirect, PERM_NONE, WEB_PUBLIC},
    {"GET", "/m/", page_reader_shell, PERM_NONE, WEB_PUBLIC},
    {"GET", "/m/sw.js", page_reader_sw, PERM_NONE, WEB_PUBLIC},
    {"GET", "/api/v1/me", api_me, PERM_NONE, WEB_API | WEB_DEVICE},
    {"GET", "/api/v1/routes", api_routes, PERM_READING_ENTER, WEB_API | WEB_DEVICE},
    {"GET", "/api/v1/routes/*/list", api_route_list, PERM_READING_ENTER, WEB_API | WEB_DEVICE},
    {"GET", "/api/v1/routes/*/list.csv", api_route_csv, PERM_READING_ENTER, WEB_API | WEB_DEVICE},
    {"POST", "/api/v1/readings", api_reading_post, PERM_READING_ENTER, WEB_API | WEB_DEVICE},
    {"POST", "/api/v1/readings/batch", api_reading_batch, PERM_READING_ENTER, WEB_API | WEB_DEVICE | WEB_UPLOAD},
    {"POST", "/api/v1/readings/import", api_reading_import, PERM_READING_ENTER, WEB_API | WEB_DEVICE | WEB_UPLOAD},
    {"GET", "/api/v1/readings/imports/*/refusals.csv", api_reading_import_refusals, PERM_READING_ENTER, WEB_API | WEB_DEVICE},
    {"GET", "/api/v1/readings/held", api_readings_held, PERM_READING_ENTER, WEB_API},
    {"POST", "/api/v1/readings/estimate", api_reading_estimate, PERM_READING_CONFIRM, WEB_API},
    {"POST", "/api/v1/readings/*/confirm", api_reading_confirm, PERM_READING_CONFIRM, WEB_API},
    {"POST", "/api/v1/readings/*/reread", api_reading_reread, PERM_READING_CONFIRM, WEB_API},
    {"GET", "/api/v1/taps/*/readings", api_tap_readings, PERM_CUSTOMER_VIEW, WEB_API},
    /* 調定 */
    {"GET", "/billing", page_billing, PERM_CUSTOMER_VIEW, 0},
    {"POST", "/billing/run", page_billing_run, PERM_JOB_RUN, 0},
    {"GET", "/billing/skips", page_billing_skips, PERM_CUSTOMER_VIEW, 0},
    {"POST", "/billing/skips/confirm", page_billing_skip_confirm, PERM_APPROVE, 0},
    {"GET", "/bills/*/slip.pdf", page_bill_slip, PERM_CUSTOMER_VIEW, 0},
    {"POST", "/bills/*/slip-reissue", page_bill_slip_reissue, PERM_CUSTOMER_EDIT, 0},
    {"GET", "/bills/*", page_bill, PERM_CUSTOMER_VIEW, 0},
    {"POST", "/bills/*", page_bill_request, PERM_BILL_CORRECT, 0},
    {"POST", "/taps/*/final", page_bill_final, PERM_CUSTOMER_EDIT, 0},
    {"POST", "/taps/*/sewer", page_tap_sewer, PERM_CUSTOMER_EDIT, 0},
    {"GET", "/tariffs", page_tariffs, PERM_CUSTOMER_VIEW, 0},
    {"POST", "/tariffs", page_tariff_load, PERM_TARIFF_ADMIN, WEB_UPLOAD},
    {"GET", "/tariffs/*", page_tariff, PERM_CUSTOMER_VIEW, 0},
    {"GET", "/api/v1/taps/*/bills", api_tap_bills, PERM_CUSTOMER_VIEW, WEB_API},
    {"GET", "/api/v1/bills/*", api_bill, PERM_CUSTOMER_VIEW, WEB_API},
    /* 収納 */
    {"GET", "/collections", page_collect, PERM_CUSTOMER_VIEW, 0},
    {"POST", "/collections/agent", page_collect_agent, PERM_PAYMENT_POST, WEB_UPLOAD},
    {"POST", "/collections/card", page_collect_card, PERM_PAYMENT_POST, WEB_UPLOAD},
    {"GET", "/collections/imports/*", page_import_result, PERM_PAYMENT_POST, 0},
    {"GET", "/collections/debit", page_debit, PERM_PAYMENT_POST, 0},
    {"POST", "/collections/debit/export", page_debit_export, PERM_JOB_RUN, 0},
    {"POST", "/collections/debit/import", page_debit_import, PERM_JOB_RUN, WEB_UPLOAD},
    {"GET", "/collections/debit/*", page_debit_batch, PERM_PAYMENT_POST, 0},
    {"GET", "/collections/suspense", page_suspense, PERM_CUSTOMER_VIEW, 0},
    {"POST", "/collections/suspense/*", page_suspense_resolve, PERM_PAYMENT_POST, 0},
    {"GET", "/taps/*/counter", page_counter_form, PERM_PAYMENT_POST, 0},
    {"POST", "/taps/*/counter", page_counter_submit, PERM_PAYMENT_POST, 0},
    {"GET", "/payments/*/receipt.pdf", page_receipt_pdf, PERM_CUSTOMER_VIEW, 0},
    {"GET", "/payments/*/counter", page_counter_result, PERM_PAYMENT_POST, 0},
    {"GET", "/collections/daily", page_daily, PERM_PAYMENT_POST, 0},
    {"GET", "/collections/daily.pdf", page_daily_pdf, PERM_PAYMENT_POST, 0},
    {"GET", "/collections/daily.xlsx", page_daily_xlsx, PERM_PAYMENT_POST, 0},
    {"GET", "/collections/journal.csv", page_journal_csv, PERM_PAYMENT_POST, 0},
    {"GET", "/taps/*/mandate", page_mandate, PERM_CUSTOMER_VIEW, 0},
    {"POST", "/taps/*/mandate", page_mandate_submit, PERM_PAYMENT_POST, 0},
    {"POST", "/taps/*/setoff", page_tap_setoff, PERM_PAYMENT_POST, 0},
    {"POST", "/taps/*/refund", page_tap_refund, PERM_PAYMENT_POST, 0},
    {"GET", "/api/v1/taps/*/account", api_tap_account, PERM_CUSTOMER_VIEW, WEB_API},
    /* 管理 */
    {"GET", "/admin/devices", page_devices, PERM_USER_ADMIN, 0},
    {"POST", "/admin/devices", page_device_issue, PERM_USER_ADMIN, 0},
    {"POST", "/admin/devices/*", page_device_revoke, PERM_USER_ADMIN, 0},
    {"GET", "/admin/users", page_users, PERM_USER_ADMIN, 0},
    {"GET", "/admin/users/new", page_user_new_form, PERM_USER_ADMIN, 0},
    {"POST", "/admin/users/new", page_user_new_submit, PERM_USER_ADMIN, 0},
    {"POST", "/admin/users/*", page_user_action, PERM_USER_ADMIN, 0},
    {"GET", "/approvals", page_approvals, PERM_APPROVE, 0},
    {"POST", "/approvals/*", page_approval_decide, PERM_APPROVE, 0},
    {"GET", "/audit", page_audit, PERM_AUDIT_VIEW, 0},
};

const size_t WEB_NROUTES = sizeof WEB_ROUTES / sizeof WEB_ROUTES[0];

static const web_body_limit BODY_LIMITS[] = {
    /* a handheld's day (hundreds of readings); files go to /import, streamed */
    {api_reading_batch, "reading.max_batch_bytes", 4 * 1048576LL,
     "大きなデータは CSV ファイルで POST /api/v1/readings/import に送ってください (send large data as CSV to "
     "/api/v1/readings/import)"},
};

const web_body_limit *web_route_body_limit(const web_route *rt)
{
    for (size_t i = 0; rt && i < sizeof BODY_LIMITS / sizeof BODY_LIMITS[0]; i++)
        if (BODY_LIMITS[i].handler == rt->handler)
            return &BODY_LIMITS[i];
    return NULL;
}
