/* app_home — the day's work on the home page, for the person logged in:
 * only what their role may act on is counted (conventions of app/app.h).
 *
 * Ownership: out is filled by value. */
#ifndef SUIDO_APP_HOME_H
#define SUIDO_APP_HOME_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "app/checks/app_checks.h"

typedef struct app_home {
    bool reception, reading, payments, approvals, billing;   /* which parts the role sees */
    bool checks;                     /* the consistency lists (担当・係長) */
    app_check_counts check;          /* their counts for the newest billed cycle */
    char today[11];
    int64_t applications;            /* ウェブ申込 not yet handled */
    int64_t orders_today, orders_open;   /* today's work orders, and of them not done */
    int64_t held;                    /* readings held for a decision */
    int64_t suspense, suspense_yen;  /* 未消込 */
    int64_t approvals_pending, approvals_mine;   /* 承認待ち, and those this person may decide */
    char cycle[8];                   /* the cycle due for billing */
    char run_status[16];             /* its newest run's status ("" none) */
    int64_t run_billed;
} app_home;
int app_home_get(app_ctx *ctx, app_home *out, err_t *e);

#endif
