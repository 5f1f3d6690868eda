/* ledger_store — read-only sums of the collections ledger (payments,
 * allocations, credits, suspense of migration 6; late_charge_payments of
 * migration 26; works_payments and works refunds of migration 29) by
 * accounting day (計上日)
 * and channel, for the daily totals (日計表) and the accounting journal
 * (仕訳); and the per-bill detail of a day's allocations.
 *
 * Every sum is grouped by the payment's channel: an allocation or a credit
 * belongs to the channel of the payment it came from.
 *
 * Ownership: lists are malloc'd arrays freed with free(). */
#ifndef SUIDO_LEDGER_STORE_H
#define SUIDO_LEDGER_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

/* What a ledger_sum row adds up. */
enum ledger_src {
    LEDGER_PAY,      /* payments: count, reversals, amount, suspense_in */
    LEDGER_ALLOC,    /* allocations by kind: count, amount, water, sewer, tax */
    LEDGER_CREDIT,   /* credits by kind: count, amount */
    LEDGER_SUS_OUT,  /* money of resolved suspense allocated or credited that day: amount */
    LEDGER_LATE,     /* late_charge_payments (延滞金・督促手数料 paid; a reversal negative): count, amount */
    LEDGER_WORKS,    /* works_payments by kind (加入金・工事手数料 paid; a reversal negative): count, amount, tax */
    LEDGER_WORKS_REFUND,   /* works_refund_items of refunds paid out that day, by kind (channel
                              "works_refund"): count, amount, tax */
};

typedef struct ledger_sum {
    char posted_on[11];       /* 計上日 */
    char channel[16];         /* the payment's channel */
    int src;                  /* enum ledger_src */
    char kind[16];            /* allocations.kind / credits.kind; "" otherwise */
    int64_t count, reversals, amount, suspense_in, water, sewer, tax;
} ledger_sum;

/* Every sum of the days from..to (YYYY-MM-DD, inclusive), ordered by day. */
int ledger_store_sums(db_conn *c, const char *from, const char *to, ledger_sum **rows, size_t *n, err_t *e);

/* One bill's share of a day's allocations (set-offs included). */
typedef struct ledger_bill {
    char posted_on[11], channel[16], kind[16], tap_no[16], cycle[8];
    int64_t bill_id, amount, water, sewer, tax;
} ledger_bill;
/* The allocations of the days from..to, one row per (day, channel, kind,
 * bill), ordered by day, channel, tap. */
int ledger_store_bills(db_conn *c, const char *from, const char *to, ledger_bill **rows, size_t *n, err_t *e);

#endif
