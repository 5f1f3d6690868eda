/* bill_segment — a bill period cut by days into segments of one tariff and
 * one diameter (日割り, pure: no I/O).
 *
 * A period (the days after the previous reading up to this reading) may
 * hold a tariff change (split by days when [billing] tariff_change = days)
 * and a change of the tap's diameter (a 改造 completed, a meter of another
 * diameter set: always split).  Each segment is priced on the whole volume
 * at its tariff and diameter, and the charges are weighted by the days of
 * each (bill_calc).  The day of a change belongs to the segment after it;
 * a diameter change dated on the reading closing the period takes effect
 * with the next period (not split: the period is billed at the old
 * diameter), and one dated on or before the first billed day leaves the
 * whole period at the new diameter.  Only the latest diameter change on or
 * before the reading is considered (two changes within one period are
 * priced as the latter).
 *
 * Ownership: everything by value; the tariffs are the caller's. */
#ifndef SUIDO_BILL_SEGMENT_H
#define SUIDO_BILL_SEGMENT_H

#include <stdint.h>

#include "domain/tariff.h"

#define BILL_SEGMENTS_MAX 3

typedef struct bill_segment {
    const tariff *t;     /* the tariff of these days */
    int diameter;        /* the tap's diameter on these days (mm; 0 in bill_calc: the bill's diameter) */
    int64_t days;        /* days of the period in this segment (> 0) */
} bill_segment;

typedef struct bill_segments_in {
    int64_t from, to;    /* the period as bill_period: from is the day before the first billed day, to the reading day */
    const tariff *t;     /* the tariff in force on to */
    const tariff *t_old; /* the tariff in force on from + 1 when a tariff change is split by days (NULL: no split) */
    int64_t t_from;      /* the day t took effect (with t_old) */
    int diameter;        /* the tap's diameter on the reading day, as the registry has it */
    int64_t dia_from;    /* the day of the tap's latest diameter change on or before to (0: none) */
    int dia_old;         /* the diameter before that change */
} bill_segments_in;

/* The period's segments in date order into seg; returns their number (1 ..
 * BILL_SEGMENTS_MAX).  1: not split (seg[0] holds the tariff, the diameter
 * the whole period is billed at, and the period's days, 0 for an empty
 * period).  The days of the segments add up to to - from. */
int bill_segments_of(const bill_segments_in *in, bill_segment seg[BILL_SEGMENTS_MAX]);

#endif
