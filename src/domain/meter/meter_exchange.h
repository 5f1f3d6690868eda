/* meter_exchange — the usage of a period in which the meter was exchanged
 * (メーター取替), and whether its parts fit (pure: no I/O).
 *
 * The period's usage is the old meter's part (its final dial less its
 * previous reading) plus the new meter's part (its dial now less its start
 * dial) less the test flush (試験通水量: water run through the new meter at
 * its setting, never the customer's).  Two incidents are behind the rules:
 *   - 福岡市 2024: the parts were not added (211 cases: only the new
 *     meter's part billed) and the test-flush deduction was skipped (72):
 *     the sum is made here, once, and the flush is always taken off;
 *   - 玉野市 2025: a setting error at an exchange (the new start dial entered
 *     as the old meter's reading) made the next reading look like a meter
 *     that went round, 9,756 m³ and a ¥4.39M debit.  A meter set in this
 *     period cannot have gone round: a dial below its start dial is a
 *     setting error, and the reading is held, never billed as a rollover.
 * A part not known yet (the old meter's final dial held) or a flush larger
 * than what passed the new meter holds the reading as well: the parts do
 * not fit, and a person settles them.
 *
 * The reasons a held reading shows are reading_check's (exchange_start,
 * exchange_flush, exchange_old).  Ownership: everything by value. */
#ifndef SUIDO_METER_EXCHANGE_H
#define SUIDO_METER_EXCHANGE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct meter_exchange_in {
    int digits;          /* the new meter's digits (4..6) */
    int64_t start;       /* its start dial (取付指針) */
    int64_t flush_m3;    /* 試験通水量 at its setting (>= 0) */
    int64_t old_m3;      /* the old meters' parts, added up (accepted final dials) */
    bool old_pending;    /* an old meter's final dial is held: its part is not known */
} meter_exchange_in;

enum meter_exchange_fault {
    MX_FITS,             /* the parts fit */
    MX_BELOW_START,      /* the new dial is below its start dial (玉野) */
    MX_FLUSH_OVER,       /* the flush is more than the new meter's part */
    MX_OLD_PENDING,      /* the old meter's part is held */
    MX__COUNT
};

typedef struct meter_exchange_out {
    int64_t new_m3;      /* the new meter's part (value - start; what it would be round the dial when below) */
    int64_t usage;       /* old part + new part - flush (never below 0) */
    int fault;           /* enum meter_exchange_fault */
} meter_exchange_out;

/* The period's usage at the new meter's dial value (0 .. 10^digits - 1). */
void meter_exchange_usage(const meter_exchange_in *in, int64_t value, meter_exchange_out *out);

#endif
