/* app_home — see app_home.h. */
#include "app/app_home.h"

#include <stdlib.h>
#include <string.h>

#include "app/app_approval.h"
#include "app/billing/app_bill_report.h"
#include "base/date.h"
#include "domain/role.h"
#include "store/home_store.h"

int app_home_get(app_ctx *ctx, app_home *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    date_format_iso(date_today_jst(), out->today);
    out->reception = app_can(ctx, PERM_CUSTOMER_EDIT);
    out->reading = app_can(ctx, PERM_READING_ENTER);
    out->payments = app_can(ctx, PERM_PAYMENT_POST);
    out->approvals = app_can(ctx, PERM_APPROVE);
    out->billing = app_can(ctx, PERM_JOB_RUN);
    out->checks = app_can(ctx, PERM_BILL_CORRECT);
    home_counts h;
    int rc = home_store_counts(ctx->db, out->today, &h, e);
    if (rc)
        return rc;
    if (out->reception) {
        out->applications = h.applications;
        out->orders_today = h.orders_day;
        out->orders_open = h.orders_open;
    }
    if (out->reading)
        out->held = h.held;
    if (out->payments) {
        out->suspense = h.suspense;
        out->suspense_yen = h.suspense_yen;
    }
    if (out->approvals) {
        app_approval *as = NULL;
        size_t n = 0;
        if ((rc = app_approval_list(ctx, "pending", &as, &n, e)))
            return rc;
        out->approvals_pending = (int64_t)n;
        for (size_t i = 0; i < n; i++)
            out->approvals_mine += as[i].can_decide;
        free(as);
    }
    if (out->billing)
        rc = app_bill_cycle_state(ctx, out->cycle, out->run_status, &out->run_billed, e);
    if (!rc && out->checks)
        rc = app_check_counts_recent(ctx, &out->check, e);
    return rc;
}
