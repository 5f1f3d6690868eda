/* stats_registry_store — taps and customers as of a day (水栓数・使用者数,
 * issue 22 item 1, docs/statistics.md 「水栓・使用者統計」), by use and
 * diameter.
 *
 * A tap counts when it was registered by the end of the day (created_at <
 * end_s) or had a customer by then (a tap entered or migrated after it was
 * in use: its first occupancy started on or before the day), and is not
 * 撤去 (status removed; the registry keeps no history of a tap's status,
 * use or diameter, so these are today's).  It is in use (使用中) when an
 * occupancy covers the day (start_on <= day, and end_on NULL or after it:
 * on the day a customer leaves the tap counts for the next one).
 *
 * cube: key the use code; label the diameter (decimal text); v[] as enum
 * stats_registry_col; and last a row keyed STATS_RG_CUSTOMERS_KEY whose
 * v[0] is the distinct customers of the taps in use on the day (one
 * customer of two taps is one).  One pass over taps and occupancies
 * each. */
#ifndef SUIDO_STATS_REGISTRY_STORE_H
#define SUIDO_STATS_REGISTRY_STORE_H

#include "store/stats/stats_store.h"

enum stats_registry_col { STATS_RG_TAPS, STATS_RG_IN_USE, STATS_RG_IDLE, STATS_RG_NCOLS };
#define STATS_RG_CUSTOMERS_KEY "*"

/* day "YYYY-MM-DD"; end_s the first second after it (Unix seconds as
 * decimal text).  Ordered by use and diameter (the customers' row first). */
int stats_registry_store_cube(db_conn *c, const char *day, const char *end_s, stats_store_row **rows, size_t *n,
                              err_t *e);

#endif
