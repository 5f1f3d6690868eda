/* payment_store — money received and where it went: payments, allocations
 * to bills, the customers' credit, suspense, flash reports (速報), the result
 * files read, and refund requests (schema: migration 6).
 *
 * Rows are never deleted: a reversal is a new payment with negated ledger
 * rows; a resolved suspense item keeps its row with the resolution.
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
/* Imports: insert many payments, PAYMENT_STORE_BATCH rows per statement,
 * and set each row's id; a row whose (channel, ref) exists already (in the
 * table, or earlier in rows) is not written and keeps id 0. */
#define PAYMENT_STORE_BATCH 32
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

typedef struct alloc_row {
    int64_t id, payment_id, bill_id, amount, water_yen, sewer_yen, tax_yen;
    char kind[12];          /* "payment", "setoff", "reversal" */
    char posted_on[11], created_by[64];
    int64_t created_at;
} alloc_row;
int alloc_store_insert(db_conn *c, const alloc_row *a, err_t *e);
int alloc_store_insert_many(db_conn *c, const alloc_row *rows, size_t n, err_t *e);
int alloc_store_list_payment(db_conn *c, int64_t payment_id, alloc_row **rows, size_t *n, err_t *e);
/* Sums of what has been allocated to a bill (amount and parts). */
int alloc_store_sums_bill(db_conn *c, int64_t bill_id, int64_t *amount, int64_t *water, int64_t *sewer,
                          int64_t *tax, err_t *e);

typedef struct credit_row {
    int64_t id, customer_id, tap_id, payment_id, amount, bill_id, approval_id;
    char kind[12];          /* "over", "setoff", "refund", "reversal", "correction" */
    char posted_on[11], note[160], created_by[64];
    int64_t created_at;
} credit_row;
int credit_store_insert(db_conn *c, const credit_row *r, err_t *e);
/* Credit is kept by tap (the customer paying there is on each row). */
int credit_store_balance(db_conn *c, int64_t tap_id, int64_t *balance, err_t *e);
/* Net credit per source payment at a tap (> 0 only), oldest first:
 * rows[i].payment_id, rows[i].amount, rows[i].customer_id. */
int credit_store_sources(db_conn *c, int64_t tap_id, credit_row **rows, size_t *n, err_t *e);
/* The payments that paid a bill and stand (not reversed), newest first:
 * rows[i].payment_id, .customer_id (the payment's), .amount (net yen
 * allocated to the bill). */
int credit_store_payers_of_bill(db_conn *c, int64_t bill_id, credit_row **rows, size_t *n, err_t *e);
/* Net credit left by one payment, and whether any of it was refunded. */
int credit_store_of_payment(db_conn *c, int64_t payment_id, int64_t *net, int64_t *refunded, err_t *e);

typedef struct suspense_row {
    int64_t id, payment_id, resolved_bill, resolved_at;
    char reason[32], detail[256], status[12], resolved_by[64], note[160];
    payment_row p;          /* the payment (joined on reads) */
} suspense_row;
int suspense_store_insert(db_conn *c, int64_t payment_id, const char *reason, const char *detail, int64_t *id,
                          err_t *e);
int suspense_store_get(db_conn *c, int64_t id, suspense_row *out, err_t *e);
int suspense_store_by_payment(db_conn *c, int64_t payment_id, suspense_row *out, err_t *e);
int suspense_store_list(db_conn *c, const char *status, suspense_row **rows, size_t *n, err_t *e);
/* status "resolved" (with the bill, person and note) or "cancelled". */
int suspense_store_close(db_conn *c, int64_t id, const char *status, int64_t bill_id, const char *by,
                         const char *note, int64_t at, err_t *e);

typedef struct flash_row {
    int64_t id, bill_id, amount, file_id;
    char channel[12], ref[96], paid_on[11], status[12];
} flash_row;
int flash_store_insert(db_conn *c, const flash_row *f, err_t *e);
int flash_store_find(db_conn *c, const char *channel, const char *ref, flash_row *out, err_t *e);
int flash_store_set_status(db_conn *c, int64_t id, const char *status, err_t *e);

/* Result files: ERR_NOTFOUND (e untouched) when the hash is new. */
typedef struct import_file_row {
    int64_t id, records, amount, posted, suspense, imported_at;
    char kind[16], name[256], sha256[65], imported_by[64];
} import_file_row;
int import_file_store_find(db_conn *c, const char *sha256, import_file_row *out, err_t *e);
int import_file_store_insert(db_conn *c, const import_file_row *f, int64_t *id, err_t *e);
int import_file_store_finish(db_conn *c, int64_t id, int64_t records, int64_t amount, int64_t posted,
                             int64_t suspense, err_t *e);

typedef struct refund_row {
    int64_t id, tap_id, customer_id, amount, approval_id, requested_at;
    char method[12], reason[512], status[12], requested_by[64];
} refund_row;
int refund_store_insert(db_conn *c, const refund_row *r, err_t *e);
int refund_store_by_approval(db_conn *c, int64_t approval_id, refund_row *out, err_t *e);
int refund_store_set_status(db_conn *c, int64_t id, const char *status, err_t *e);

/* The figures of a tap's account (current bills only). */
typedef struct account_sums {
    int64_t billed, paid, overdue, open_bills, pending;
} account_sums;
int account_store_sums(db_conn *c, int64_t tap_id, const char *today, account_sums *out, err_t *e);

#endif
