/* stage_store — the facts that place one tap's debt on the arrears path:
 * its oldest overdue open bill, the furthest notice sent for a bill still
 * open (its step, deadline and stoppage date), whether the supply is
 * stopped, and whether an active instalment pledge covers one of its bills.
 * One statement of indexed lookups (bills_tap, bill_open's key, notices by
 * bill, pledge_bills by bill).
 *
 * Ownership: out is filled by value. */
#ifndef SUIDO_STAGE_STORE_H
#define SUIDO_STAGE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

typedef struct stage_row {
    char oldest_due[11];        /* "" when nothing is overdue */
    int64_t step;               /* the furthest notice: 0 督促, 1 催告, 2 予告; -1 none */
    char deadline[11], stop_on[11];
    char stopped_on[11];        /* "" unless stopped */
    bool pledged;
} stage_row;
/* today "YYYY-MM-DD": bills due before it are overdue. */
int stage_store_tap(db_conn *c, int64_t tap_id, const char *today, stage_row *out, err_t *e);

#endif
