/* alloc — how money received is spread over bills and over services (消込の
 *規則, pure).
 *
 * A bill's total is split into three parts for the books: water and sewer
 * (each net of tax) and the consumption tax.  The bill stores water and sewer
 * charges with their tax included, an adjustment (a leak reduction, ≤ 0) and
 * the tax they contain; alloc_bill_parts turns that into the three parts.  A
 * payment that covers only part of a bill is split in proportion to what is
 * still owed on each part, so that the last yen of a bill always makes every
 * part whole and the parts of all payments add up to the bill's parts.
 *
 * Ownership: outputs are the caller's. */
#ifndef SUIDO_ALLOC_H
#define SUIDO_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

typedef struct alloc_parts {
    int64_t water, sewer, tax;   /* yen; water and sewer net of tax */
} alloc_parts;

/* The parts of a bill: the adjustment is shared by water and sewer in
 * proportion to their charges, the tax in proportion to the gross of each;
 * water + sewer + tax = water_yen + sewer_yen + adjust_yen. */
void alloc_bill_parts(int64_t water_yen, int64_t sewer_yen, int64_t adjust_yen, int64_t tax_yen, alloc_parts *out);

static inline int64_t alloc_parts_sum(const alloc_parts *p) { return p->water + p->sewer + p->tax; }

/* The parts of amount yen paid on a bill whose parts are whole and of which
 * paid has been allocated before: in proportion to what is owed on each part
 * (whole − paid), the yen left by rounding going to the largest fractions
 * (water first on a tie).  When amount is all that is owed, out is exactly
 * what is owed.  0 < amount ≤ owed; -1 otherwise (out zeroed). */
int alloc_split(const alloc_parts *whole, const alloc_parts *paid, int64_t amount, alloc_parts *out);

/* Spread amount over bills in the order given (oldest first), each taking at
 * most its balance: take[i] is what bill i gets, the return value what is
 * left over (credit, 過誤納).  Balances ≤ 0 take nothing; amount ≥ 0. */
int64_t alloc_plan(const int64_t *balances, size_t n, int64_t amount, int64_t *take);

/* The date rule for money: a payment's date (収納日: cash at the counter, a
 * slip paid at an agent, a card sale, a debit's 引落日, a refund) may not be
 * after today in Japan, so a debit result cannot be read before its debit
 * date either.  True when on ≤ today. */
bool alloc_money_date_ok(civil_date on, civil_date today);

#endif
