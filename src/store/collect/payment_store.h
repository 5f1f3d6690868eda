/* payment_store — money received: payments (a reversal is a new payment
 * with negated ledger rows; rows are never deleted), and the figures of a
 * tap's account.  Where the money went is in alloc_store.h and
 * credit_store.h; unmatched payments in suspense_store.h, flash reports in
 * flash_store.h, the result files read in import_file_store.h (schema:
 * migration 6).
 *
 * Ownership: rows are filled by value; lists are malloc'd arrays (free()). */
#ifndef SUIDO_PAYMENT_STORE_H
#define SUIDO_PAYMENT_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct payment_row {
    int64_t id, tap_id, customer_id, bill_id, amount, file_id, line, reverses, reversed_by;
    char channel[12], status[12], paid_on[11], posted_on[11], ref[96], receipt_no[24], note[160];
    char created_by[64];
    int64_t created_at;
    char tap_no[16], bill_cycle[8];   /* joined on reads ("" when none) */
    int64_t allocated, credited;      /* sums of its ledger rows (list reads) */
} payment_row;

/* *id 0 (and nothing written) when (channel, ref) exists already. */
int payment_store_insert(db_conn *c, const payment_row *p, int64_t *id, err_t *e);
int payment_store_get(db_conn *c, int64_t id, payment_row *out, err_t *e);
/* ERR_NOTFOUND (e untouched) when (channel, ref) is unknown. */
int payment_store_find_ref(db_conn *c, const char *channel, const char *ref, payment_row *out, err_t *e);
/* Imports: insert many payments, up to DB_CHUNK_MAX rows per statement
 * (db_chunk), and set each row's id; a row whose (channel, ref) exists
 * already (in the table, or earlier in rows) is not written and keeps id 0.
 * The rows may be of several channels.  PAYMENT_STORE_BATCH: the rows a
 * caller gathers before writing them (a few statements' worth). */
#define PAYMENT_STORE_BATCH (DB_CHUNK_MAX * 4)
int payment_store_insert_many(db_conn *c, payment_row *rows, size_t n, err_t *e);
/* The id of the payment (channel, ref), 0 when none (cheaper than find_ref). */
int payment_store_exists(db_conn *c, const char *channel, const char *ref, int64_t *id, err_t *e);
/* A payment in suspense is resolved: it now belongs to the tap/customer/bill. */
int payment_store_set_posted(db_conn *c, int64_t id, int64_t tap_id, int64_t customer_id, int64_t bill_id,
                             err_t *e);
int payment_store_set_reversed(db_conn *c, int64_t id, int64_t reversal_id, err_t *e);
/* A tap's payments, newest first, with what each allocated and credited. */
int payment_store_list_tap(db_conn *c, int64_t tap_id, size_t limit, payment_row **rows, size_t *n, err_t *e);
/* Payments of a 計上日, oldest first. */
int payment_store_list_day(db_conn *c, const char *posted_on, payment_row **rows, size_t *n, err_t *e);

/* The figures of a tap's account (current bills only). */
typedef struct account_sums {
    int64_t billed, paid, overdue, open_bills, pending;
    int64_t overdue_bills;    /* current bills past their due date with a balance */
} account_sums;
int account_store_sums(db_conn *c, int64_t tap_id, const char *today, account_sums *out, err_t *e);

#endif
