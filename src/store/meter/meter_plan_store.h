/* meter_plan_store — the replacement plan (検定満了による取替計画): the
 * installed meters whose certification expires in a period, with their tap,
 * route and diameter (the partial index meters_expiry, migration 38), and
 * their count by month of expiry.
 *
 * Ownership: lists are malloc'd arrays, free(). */
#ifndef SUIDO_METER_PLAN_STORE_H
#define SUIDO_METER_PLAN_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

/* from..to: days YYYY-MM-DD (both included); route "" any; diameter 0 any. */
typedef struct meter_plan_filter {
    const char *from, *to, *route;
    int64_t diameter;
} meter_plan_filter;

typedef struct meter_plan_row {
    char tap_no[16], route[16];
    int64_t route_order;
    char serial[24], maker[64];
    int64_t diameter, digits;
    char certified_until[11], installed_on[11];
} meter_plan_row;
/* By route, round order and tap; at most limit rows (0: all). */
int meter_plan_store_list(db_conn *c, const meter_plan_filter *f, int64_t limit, meter_plan_row **rows, size_t *n,
                          err_t *e);

typedef struct meter_plan_month {
    char month[8];   /* YYYY-MM */
    int64_t diameter, count;
} meter_plan_month;
/* Counts by month of expiry and diameter, in that order. */
int meter_plan_store_months(db_conn *c, const meter_plan_filter *f, meter_plan_month **rows, size_t *n, err_t *e);

#endif
