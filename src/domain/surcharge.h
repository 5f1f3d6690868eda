/* surcharge — 延滞金 (the late charge on an unpaid bill), exactly as
 * docs/arrears.md says.  Pure: no I/O, no database.
 *
 * The charge runs from the day after the due date through the day of the
 * payment that clears the principal, both counted.  The first-month rate
 * applies through the day on which one month has elapsed
 * (surcharge_first_month_end), the later rate after it; the rate of a day is
 * that of the rates period in force on that day.  The base of a day is the
 * principal still unpaid at its start, cut down to whole ¥1,000, and 0 while
 * that principal is under ¥2,000.  Each stretch of days with one base, one
 * rate and one calendar year gives base × rate/100 × days / 365 (365 in leap
 * years too), fractions of a yen dropped; stretches of base 0 are not listed.
 * The parts' sum is cut down to ¥100, and a result under ¥1,000 is 0.
 *
 * Payments, as this module defines them:
 *  - they are taken in date order whatever order they are given in; payments
 *    on the same day add up;
 *  - a payment reduces the base from the day after its date, so a payment on
 *    or before the due date is not late: it only lowers the principal on
 *    which the charge runs;
 *  - whatever is paid beyond the principal is ignored here (the principal
 *    never falls below 0; an overpayment is the collections' business);
 *  - the charge ends on the day of the payment that clears the principal;
 *    later payments change nothing;
 *  - when the payments do not clear the principal, the charge runs through
 *    the last payment's date (the charge accrued by then); `unpaid` says how
 *    much principal is still open.
 * Limits: principal 1..999,999,999,999 yen, at most SURCHARGE_MAX_PAYMENTS
 * payments of 1 yen or more, a span of at most 100 years.  Intermediates
 * are 128-bit, so nothing overflows.
 *
 * Ownership: surcharge_result is a plain struct filled by value (large:
 * allocate it, or keep one on a stack); it points nowhere and needs no
 * freeing.  surcharge_json appends to the caller's writer. */
#ifndef SUIDO_SURCHARGE_H
#define SUIDO_SURCHARGE_H

#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "domain/surcharge_rates.h"

#define SURCHARGE_MAX_PAYMENTS 64
#define SURCHARGE_MAX_PRINCIPAL INT64_C(999999999999)
/* A part per calendar year (100), per payment, per rates period, and the
 * first month's boundary fit with room to spare. */
#define SURCHARGE_MAX_PARTS 400

typedef struct surcharge_payment {
    civil_date date;
    int64_t yen;
} surcharge_payment;

typedef struct surcharge_part {
    civil_date from, to;   /* both counted */
    int64_t base;          /* yen, a multiple of 1,000 */
    char rate[16];         /* percent per year, as the rates file writes it */
    int64_t rate_milli;    /* the same in thousandths of a percent */
    int first_month;       /* 1: the first month's rate, 0: the later rate */
    int64_t days;
    int64_t yen;           /* base × rate × days / (100 × 365), cut to the yen */
} surcharge_part;

typedef struct surcharge_result {
    int64_t surcharge;     /* the charge: the parts' sum cut to ¥100, 0 under ¥1,000 */
    int64_t parts_sum;     /* the parts' sum before those cuts */
    int64_t unpaid;        /* principal the payments leave open (0 when cleared) */
    int nparts;
    surcharge_part parts[SURCHARGE_MAX_PARTS];
} surcharge_result;

/* The last day of the first-month rate for a bill due on due: one month
 * elapsed from the day after it (民法143条) — the day before the same day
 * of the next month, or the last day of the next month when it has no such
 * day (due 01-30 -> 02-28/29; due 11-30 -> 12-31). */
civil_date surcharge_first_month_end(civil_date due);

/* Compute the charge on principal due on due, paid by the payments given
 * (in any order).  Returns 0, or -1 with a Japanese message in err: a
 * principal or payment out of range, an invalid date, no payments, a span
 * over 100 years, a day the rates do not cover (the message names it). */
int surcharge_compute(const surcharge_rates *rates, int64_t principal, civil_date due,
                      const surcharge_payment *payments, size_t npayments, surcharge_result *out, char *err,
                      size_t errsz);

/* The result as `suido arrears surcharge` prints it: {"surcharge": yen,
 * "parts": [{"from","to","base","rate","days","yen"}, …]}, appended to w as
 * a value. */
struct jsonw;
void surcharge_json(struct jsonw *w, const surcharge_result *r);

#endif
