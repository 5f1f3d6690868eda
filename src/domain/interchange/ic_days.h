/* ic_days — the 収納統計's daily sums of allocations (allocation_days:
 * derived, not carried by the format), added up by the importer as it reads
 * allocations.csv, so that the table is loaded from a few thousand sums
 * instead of rebuilt from the loaded tables after the files (a join of every
 * allocation with its payment and its bill, then a sort: a serial step of
 * about 12 s of CPU at 120,000 taps × 5 years).
 *
 * The grouping is the store's (alloc_store_days_rebuild): the allocation's
 * posted_on, its channel — 'setoff' for a set-off, else its payment's
 * channel — and its bill's cycle; per group the allocations and the sum of
 * their amounts.  An allocation's row names its payment by (channel, ref)
 * and its bill by (tap_no, cycle, seq), so the row alone has the key.
 *
 * The sums own copies of their texts; ic_days_free releases everything. */
#ifndef SUIDO_IC_DAYS_H
#define SUIDO_IC_DAYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/interchange/ic_keymap.h"

typedef struct ic_day {
    const char *posted_on, *channel, *cycle;   /* the group's key (owned by the ic_days) */
    int64_t allocations, amount;
} ic_day;

typedef struct ic_days {
    ic_keymap groups;   /* the key joined by IC_KEY_SEP → index into v */
    ic_day *v;
    size_t n, cap;
} ic_days;

void ic_days_init(ic_days *d);
/* One allocation (kind "setoff" counts under the channel "setoff").  false
 * when out of memory. */
bool ic_days_add(ic_days *d, const char *posted_on, const char *kind, const char *payment_channel,
                 const char *bill_cycle, int64_t amount);
/* The sums in the order of their keys (posted_on, channel, cycle, each by
 * its bytes), as the store's rebuild inserts them; no ic_days_add after. */
void ic_days_sort(ic_days *d);
void ic_days_free(ic_days *d);

#endif
