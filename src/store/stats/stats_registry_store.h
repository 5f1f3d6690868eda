/* stats_registry_store — customers and taps as of a day (給水件数・使用者,
 * issue 22 item 1), by use or by diameter.
 *
 * A tap counts when it was registered by the end of the day (created_at <
 * end_s) or had a customer by then (a tap entered or migrated after it was
 * in use: its first occupancy started on or before the day), and is not
 * 撤去 (status removed; the registry keeps no history of a tap's status or
 * use, so both are today's).  It is in use (使用中)
 * when an occupancy covers the day (start_on <= day, and end_on NULL or
 * after it: the day a customer leaves counts for the next one), and then
 * has exactly one customer (使用者).  v[] (enum stats_registry_col):
 *   taps, in_use, idle (taps − in_use), customers (distinct customers of
 *   the taps in use of the row: one customer with taps of two uses counts
 *   in each).
 * key: the use code (by use; key2 0) or "" (by diameter; key2 the tap's
 * diameter today).  One pass over taps and occupancies. */
#ifndef SUIDO_STATS_REGISTRY_STORE_H
#define SUIDO_STATS_REGISTRY_STORE_H

#include "store/stats/stats_store_row.h"

enum stats_registry_col { STATS_RG_TAPS, STATS_RG_IN_USE, STATS_RG_IDLE, STATS_RG_CUSTOMERS, STATS_RG_NCOLS };

/* day "YYYY-MM-DD"; end_s the first second after it (Unix seconds).
 * Ordered by the key. */
int stats_registry_store_by_use(db_conn *c, const char *day, int64_t end_s, stats_store_row **rows, size_t *n,
                                err_t *e);
int stats_registry_store_by_diameter(db_conn *c, const char *day, int64_t end_s, stats_store_row **rows, size_t *n,
                                     err_t *e);
/* The distinct customers of every tap in use on day (the total of the
 * customers column, which is not the sum of the rows). */
int stats_registry_store_customers(db_conn *c, const char *day, int64_t end_s, int64_t *out, err_t *e);

#endif
