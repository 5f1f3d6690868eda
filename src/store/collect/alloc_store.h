/* alloc_store — allocations: which payment paid how much of which bill
 * (amount and its water, sewer and tax parts; kind "payment", "setoff",
 * "reversal").  Rows are never deleted: a reversal adds negated rows.
 * Each insert also adds its rows to allocation_days (the allocations summed
 * by day posted, channel and bill cycle, read by the 収納統計) in the same
 * transaction: their sums are gathered and written once, by db_commit just
 * before the COMMIT, in the order of their keys (at once outside a
 * transaction), so that two writers of one day never deadlock on them;
 * alloc_store_days_rebuild fills that table afresh from the allocations
 * (after an import), dropping what the transaction had gathered.
 *
 * Ownership: rows filled by value; lists are malloc'd arrays (free()). */
#ifndef SUIDO_ALLOC_STORE_H
#define SUIDO_ALLOC_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct alloc_row {
    int64_t id, payment_id, bill_id, amount, water_yen, sewer_yen, tax_yen;
    char kind[16];          /* "payment", "setoff", "after_writeoff" (不納欠損後の収入) */
    char posted_on[11], created_by[64];
    int64_t created_at;
    /* Optional, for allocation_days: the payment's channel and the bill's
     * cycle when the caller has them at hand; when every row of an insert
     * has both, its sums are made without looking them up. */
    char channel[24], cycle[8];
} alloc_row;
int alloc_store_insert(db_conn *c, const alloc_row *a, err_t *e);
int alloc_store_insert_many(db_conn *c, const alloc_row *rows, size_t n, err_t *e);
int alloc_store_days_rebuild(db_conn *c, err_t *e);
int alloc_store_list_payment(db_conn *c, int64_t payment_id, alloc_row **rows, size_t *n, err_t *e);
/* Sums of what has been allocated to a bill (amount and parts). */
int alloc_store_sums_bill(db_conn *c, int64_t bill_id, int64_t *amount, int64_t *water, int64_t *sewer,
                          int64_t *tax, err_t *e);

#endif
