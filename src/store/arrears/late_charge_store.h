/* late_charge_store — late charges (延滞金・督促手数料) owed apart from the
 * bills (late_charges, migration 26), what was paid on each
 * (late_charge_payments), and what the assessment reads: a bill's dated
 * allocations and the 督促 letters that cover a bill.
 *
 * Ownership: rows are filled by value; lists are malloc'd arrays (free()). */
#ifndef SUIDO_LATE_CHARGE_STORE_H
#define SUIDO_LATE_CHARGE_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct late_charge_row {
    int64_t id;
    char kind[12];              /* "surcharge", "fee" */
    char service[8];            /* "water", "sewer"; "" for a fee */
    int64_t bill_id, letter_id, tap_id, customer_id, amount;
    char basis[4096];           /* the computation's parts (JSON); "" for a fee */
    char assessed_on[11], due_on[11];
    int64_t payment_id, paid_yen;
    char status[12];            /* "open", "paid", "waived", "cancelled" */
    char waived_reason[200], closed_by[64], created_by[64];
    int64_t created_at;
    char tap_no[16], cycle[8];  /* joined on reads */
} late_charge_row;

/* Insert; *id 0 (nothing written) when the charge exists already (a bill's
 * surcharge of a service, a letter's fee; a cancelled one does not count). */
int late_charge_store_insert(db_conn *c, const late_charge_row *r, int64_t *id, err_t *e);
/* ERR_NOTFOUND (e untouched) when there is no such charge. */
int late_charge_store_get(db_conn *c, int64_t id, late_charge_row *out, err_t *e);
/* The fee of a letter, not cancelled (ERR_NOTFOUND, e untouched, when none). */
int late_charge_store_of_letter(db_conn *c, int64_t letter_id, late_charge_row *out, err_t *e);
/* Open charges of a tap (tap_id > 0) or of a customer (tap_id 0), oldest first. */
int late_charge_store_open(db_conn *c, int64_t tap_id, int64_t customer_id, late_charge_row **rows, size_t *n,
                           err_t *e);
/* The charges a payment created (payment_id), any status. */
int late_charge_store_of_payment(db_conn *c, int64_t payment_id, late_charge_row **rows, size_t *n, err_t *e);
/* Add delta to what is paid and set the status ("paid" or "open"). */
int late_charge_store_add_paid(db_conn *c, int64_t id, int64_t delta, const char *status, err_t *e);
/* Close an open charge unpaid: status "waived" or "cancelled" (ERR_CONFLICT
 * when it is not open with nothing paid). */
int late_charge_store_close(db_conn *c, int64_t id, const char *status, const char *reason, const char *by,
                            err_t *e);

typedef struct late_charge_pay_row {
    int64_t id, payment_id, charge_id, amount;
    char posted_on[11];
    int64_t created_at;
} late_charge_pay_row;
int late_charge_store_pay_insert(db_conn *c, const late_charge_pay_row *r, err_t *e);
int late_charge_store_pays_of_payment(db_conn *c, int64_t payment_id, late_charge_pay_row **rows, size_t *n,
                                      err_t *e);

/* The bills payment_id allocated to (kind payment) that are due before its
 * 収納日 and now paid in full (current, nothing left): the bills the payment
 * completed late, by id.  One indexed statement: an on-time payment costs
 * no more. */
int late_charge_store_completed_late(db_conn *c, int64_t payment_id, int64_t **ids, size_t *n, err_t *e);

/* The same for many payments at once (an import's batch): the pairs
 * (payment, bill completed late) of the payments pids[0..n) (ascending),
 * ordered by payment and bill; LATE_CHARGE_STORE_IN ids a statement. */
#define LATE_CHARGE_STORE_IN 64
typedef struct late_charge_done {
    int64_t payment_id, bill_id;
} late_charge_done;
int late_charge_store_completed_late_many(db_conn *c, const int64_t *pids, size_t n, late_charge_done **rows,
                                          size_t *nrows, err_t *e);

/* A bill's allocations as the assessment needs them: the day the money was
 * paid (payments.paid_on; a set-off's posted_on) and the parts, without the
 * reversed payments and their reversals. */
typedef struct late_charge_alloc {
    char paid_on[11];
    int64_t water, sewer, tax;
} late_charge_alloc;
int late_charge_store_allocs(db_conn *c, int64_t bill_id, late_charge_alloc **rows, size_t *n, err_t *e);
/* The same for the distinct bills ids[0..n): each row with its bill
 * (bill_id), a bill's rows together and in late_charge_store_allocs' order. */
typedef struct late_charge_bill_alloc {
    int64_t bill_id;
    late_charge_alloc a;
} late_charge_bill_alloc;
int late_charge_store_allocs_many(db_conn *c, const int64_t *ids, size_t n, late_charge_bill_alloc **rows,
                                  size_t *nrows, err_t *e);

/* The 督促 letters (step 'tokusoku') with a fee that cover a bill. */
typedef struct late_charge_letter {
    int64_t id, tap_id, customer_id, fee, amount, first_bill;
    char deadline[11], status[12];
} late_charge_letter;
int late_charge_store_letters_of_bill(db_conn *c, int64_t bill_id, late_charge_letter **rows, size_t *n,
                                      err_t *e);
/* The same for the distinct bills ids[0..n): a bill's letters together, by
 * letter id. */
typedef struct late_charge_bill_letter {
    int64_t bill_id;
    late_charge_letter l;
} late_charge_bill_letter;
int late_charge_store_letters_many(db_conn *c, const int64_t *ids, size_t n, late_charge_bill_letter **rows,
                                   size_t *nrows, err_t *e);
/* A letter (any step) and the ids of its bills, by bill id. */
int late_charge_store_letter(db_conn *c, int64_t letter_id, late_charge_letter *out, int64_t **bills, size_t *nb,
                             err_t *e);

/* Whom a charge's slip is addressed to: the tap number, its area's name and
 * place of use (sealed), the customer's sealed name, postal code and
 * mailing address (each string malloc'd: late_charge_store_addressee_free). */
typedef struct late_charge_addressee {
    char tap_no[16], area_name[64];
    char *name_enc, *postal_enc, *mail_enc, *address_enc;
} late_charge_addressee;
int late_charge_store_addressee(db_conn *c, int64_t tap_id, int64_t customer_id, late_charge_addressee *out,
                                err_t *e);
void late_charge_store_addressee_free(late_charge_addressee *a);

#endif
