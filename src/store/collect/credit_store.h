/* credit_store — the customers' credit (credits: overpayments, set-offs,
 * refunds, reversals, corrections; kept by tap) and the refund requests
 * awaiting approval (refund_requests).
 *
 * Ownership: rows filled by value; lists are malloc'd arrays (free()). */
#ifndef SUIDO_CREDIT_STORE_H
#define SUIDO_CREDIT_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

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

typedef struct refund_row {
    int64_t id, tap_id, customer_id, amount, approval_id, requested_at;
    char method[12], reason[512], status[12], requested_by[64];
} refund_row;
int refund_store_insert(db_conn *c, const refund_row *r, err_t *e);
int refund_store_by_approval(db_conn *c, int64_t approval_id, refund_row *out, err_t *e);
int refund_store_set_status(db_conn *c, int64_t id, const char *status, err_t *e);

#endif
