/* works_receipt_store — what the collections ledger paid on works charges
 * (works_payments, migration 29: one row per payment and charge, a
 * reversal's rows negative) and the charges' paid amounts; the payments of
 * an application for its page.  No personal data.
 *
 * Ownership: rows filled by value; lists are malloc'd arrays (free()). */
#ifndef SUIDO_WORKS_RECEIPT_STORE_H
#define SUIDO_WORKS_RECEIPT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

typedef struct works_receipt_row {
    int64_t id, payment_id, application_id, charge_id;
    char kind[12];                /* "kanyukin" | "fee" */
    int64_t amount, tax;          /* yen, the tax contained in amount */
    char posted_on[11];
    int64_t created_at;
} works_receipt_row;

int works_receipt_store_insert(db_conn *c, const works_receipt_row *r, err_t *e);
/* The rows of one payment, in id order. */
int works_receipt_store_of_payment(db_conn *c, int64_t payment_id, works_receipt_row **rows, size_t *n, err_t *e);
/* The tax already received on a charge (Σ works_payments.tax). */
int works_receipt_store_tax_paid(db_conn *c, int64_t charge_id, int64_t *tax, err_t *e);
/* Add delta (negative: a reversal) to a charge's paid_yen. */
int works_receipt_store_add_paid(db_conn *c, int64_t charge_id, int64_t delta, err_t *e);

/* The id of the application numbered number (ERR_NOTFOUND, e untouched,
 * when there is none). */
int works_receipt_store_app_by_number(db_conn *c, const char *number, int64_t *id, err_t *e);

/* A payment of an application, for its page: the payments row and what of
 * it went to the application's charges. */
typedef struct works_receipt_payment {
    int64_t payment_id, amount, reverses, reversed_by;
    char channel[12], paid_on[11], posted_on[11], ref[96], receipt_no[24];
    int64_t kanyukin, fees;       /* yen to each */
} works_receipt_payment;
/* Oldest first. */
int works_receipt_store_list(db_conn *c, int64_t application_id, works_receipt_payment **rows, size_t *n,
                             err_t *e);

#endif
