/* suspense_store — payments that could not be matched to a bill (suspense),
 * each with the payment joined on reads; a resolved or cancelled item keeps
 * its row with the resolution.
 *
 * Ownership: rows filled by value; lists are malloc'd arrays (free()). */
#ifndef SUIDO_SUSPENSE_STORE_H
#define SUIDO_SUSPENSE_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"
#include "store/collect/payment_store.h"

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
/* The list screen: one page of the items of a status whose payment was
 * paid between from and to (YYYY-MM-DD, inclusive), through channel ("" for
 * any), of an amount between min and max yen.  Open items come in the order
 * of the day paid (index payments_suspense), the others newest payment
 * first (index suspense_status).  Each row also carries its payment's bill
 * (the candidate the item names) as it is now. */
typedef struct suspense_filter {
    const char *status;      /* "open", "resolved", "cancelled" */
    const char *from, *to;   /* inclusive */
    const char *channel;     /* "" any */
    int64_t min, max;        /* yen, inclusive */
} suspense_filter;
typedef struct suspense_item {
    suspense_row s;
    char bill_status[12];    /* the candidate bill's status ("" when the payment names none) */
    int64_t bill_total, bill_paid;
} suspense_item;
int suspense_store_page(db_conn *c, const suspense_filter *f, int64_t limit, int64_t offset, suspense_item **rows,
                        size_t *n, err_t *e);
/* How many items the filter finds and their sum (yen). */
int suspense_store_count(db_conn *c, const suspense_filter *f, int64_t *count, int64_t *sum, err_t *e);
/* status "resolved" (with the bill, person and note) or "cancelled". */
int suspense_store_close(db_conn *c, int64_t id, const char *status, int64_t bill_id, const char *by,
                         const char *note, int64_t at, err_t *e);

#endif
