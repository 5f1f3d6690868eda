/* home_store — the counts of the day's work on the home page: web
 * applications not yet handled, held readings, open suspense payments (and
 * their sum), pending approvals, and the work orders of a day.  One
 * statement of counts, each through its table's status or day index.
 *
 * Ownership: out is filled by value. */
#ifndef SUIDO_HOME_STORE_H
#define SUIDO_HOME_STORE_H

#include <stdint.h>

#include "store/db.h"

typedef struct home_counts {
    int64_t applications, held, suspense, suspense_yen, approvals, orders_open, orders_day;
} home_counts;
/* day "YYYY-MM-DD": the day whose work orders are counted. */
int home_store_counts(db_conn *c, const char *day, home_counts *out, err_t *e);

#endif
