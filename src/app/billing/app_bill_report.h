/* app_bill_report — what the 係長 sees around a billing run (/billing):
 * the cycle that is due, how ready a cycle is to be billed, and the
 * 調定集計表 of a cycle beside the previous cycle and the same cycle a year
 * before.  Conventions of app/app.h; reading these needs PERM_CUSTOMER_VIEW.
 *
 * Ownership: app_bill_ready is filled by value; app_bill_report.rows is
 * malloc'd and freed by app_bill_report_free. */
#ifndef SUIDO_BILLING_APP_BILL_REPORT_H
#define SUIDO_BILLING_APP_BILL_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

/* The cycle to bill now: of the cycles whose reading has begun (the last
 * three), the oldest whose newest billing run is not done (none, running,
 * interrupted, failed), else the newest; the current month when no reading
 * is scheduled yet.  Found from the schedule and the runs alone (cheap
 * enough for the home page); the readiness check says what is left. */
int app_bill_due_cycle(app_ctx *ctx, char out[8], err_t *e);
/* The same, with the status of the cycle's newest run ("" when none) and
 * how many it billed. */
int app_bill_cycle_state(app_ctx *ctx, char cycle[8], char status[16], int64_t *billed, err_t *e);

/* The open cycles: of the last three whose reading has begun, those whose
 * newest billing run is not done, oldest first (at most max, each 8 bytes). */
int app_bill_open_cycles(app_ctx *ctx, char (*out)[8], size_t max, size_t *n, err_t *e);

/* A cycle's readiness for a run of a route group ("all", "odd", "even",
 * "monthly"), in taps: taps = read + held + unread; of the read, estimated
 * were 認定 and billed already have a current bill; to_bill = read - billed
 * is what a run would bill now (less what it must skip). */
typedef struct app_bill_ready {
    char cycle[8], grp[12];
    char from_on[11], to_on[11];   /* the reading window of the group's routes ("" when none) */
    int64_t routes, taps, read, held, unread, estimated, billed, to_bill;
    bool window_over;              /* today is past the window */
} app_bill_ready;
/* ERR_INVALID naming "cycle" or "group" on bad input. */
int app_bill_readiness(app_ctx *ctx, const char *cycle, const char *grp, app_bill_ready *out, err_t *e);

/* The figures of one line of the 調定集計表. */
typedef struct app_bill_figures {
    int64_t bills, estimated, usage, sewer_bills, sewer_usage;
    int64_t water_yen, sewer_yen, adjust_yen, tax_yen, total_yen;
} app_bill_figures;
/* A use and diameter (a subtotal of a use: diameter 0; the grand total:
 * use_code "" and diameter 0) in the cycle, the previous one and last year. */
typedef struct app_bill_report_row {
    char use_code[16];
    int64_t diameter;
    app_bill_figures cur, prev, last_year;
} app_bill_report_row;
typedef struct app_bill_report {
    char cycle[8], prev_cycle[8], last_year_cycle[8];
    char utility[128];
    app_bill_report_row *rows;     /* by use then diameter, each use closed by its subtotal */
    size_t n;
    app_bill_report_row total;
} app_bill_report;
/* The 調定集計表 of the current bills of a cycle.  The previous cycle is
 * the same group's last one: two months back when the cycle reads routes
 * read every other month, else one. */
int app_bill_report_get(app_ctx *ctx, const char *cycle, app_bill_report *out, err_t *e);
void app_bill_report_free(app_bill_report *r);
/* The Japanese label of a row's use ("合計" for the grand total). */
const char *app_bill_report_use_label(const app_bill_report_row *r);

#endif
