/* stats_collect_store — the 収納 statistics' queries (統計,
 * docs/statistics.md 「収納統計」).  Every amount is of the bills'
 * allocations (what payments and set-offs paid of the bills), never of
 * money still in suspense or credit.
 *
 * - the allocation cube: the allocations posted in from..to (days), by
 *   channel (the payment's; "setoff" for 過誤納充当), the month posted
 *   ("YYYY-MM") and the bill's cycle: v[0] allocations, v[1] amount;
 * - the allocations posted in from..to by their bill's cycle: v[0]
 *   allocations, v[1] yen (the year's collections for the rates, and what
 *   was allocated to earlier bills after the period);
 * - the carry-over (繰越調定額) at day fy_start of the bills of cycles
 *   before fy_cycle — what was unpaid of each at that day: its total, less
 *   what is paid now, plus what was allocated to it since — of which the
 *   open bills' part is in the open bills below (by cycle), this reads the
 *   bills written off since fy_start and not open now, by cycle: v[0]
 *   bills, v[1] total − paid now (a bill paid in full adds nothing: paid
 *   never exceeds the total); what was allocated since is the previous
 *   query's;
 * - the write-offs (不納欠損) decided in from..to, by the bill's cycle:
 *   v[0] bills, v[1] yen (water + sewer written off);
 * - the open bills now, by due day (key) and cycle (label): v[0] bills,
 *   v[1] unpaid yen;
 * - the current bills of the cycles first..last by cycle: v[0] bills,
 *   v[1] total yen (調定額).
 * Keys are in the rows' key; labels are "" (but the open bills' cycle).  No personal data.
 *
 * Ownership: arrays returned through pointer-to-pointer are malloc'd
 * (free()). */
#ifndef SUIDO_STATS_COLLECT_STORE_H
#define SUIDO_STATS_COLLECT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "store/stats/stats_store.h"

typedef struct stats_alloc_cell {
    char channel[16];
    char month[8];     /* posted */
    char cycle[8];     /* the bill's */
    int64_t allocations, amount;
} stats_alloc_cell;

int stats_collect_store_allocs(db_conn *c, const char *from, const char *to, stats_alloc_cell **rows, size_t *n,
                               err_t *e);
int stats_collect_store_carry_written_off(db_conn *c, const char *fy_start, const char *fy_cycle,
                                          stats_store_row **rows, size_t *n, err_t *e);
int stats_collect_store_paid_by_cycle(db_conn *c, const char *from, const char *to, stats_store_row **rows,
                                      size_t *n, err_t *e);
int stats_collect_store_writeoffs(db_conn *c, const char *from, const char *to, stats_store_row **rows, size_t *n,
                                  err_t *e);
int stats_collect_store_open(db_conn *c, stats_store_row **rows, size_t *n, err_t *e);
int stats_collect_store_billed(db_conn *c, const char *first, const char *last, stats_store_row **rows, size_t *n,
                               err_t *e);

#endif
