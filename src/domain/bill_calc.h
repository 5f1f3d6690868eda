/* bill_calc — one bill's charges from a tap's facts and the tariffs in
 * force (pure: no I/O).
 *
 * The water charge is priced on the water volume; the sewer charge, when the
 * utility bills sewer for the tap, on the sewer volume (the water volume, or
 * less a deduction meter's volume, or plus a well-water estimate per person:
 * bill_sewer_volume).  A period split into segments by days (a tariff
 * change under [billing] tariff_change = days, a change of the tap's
 * diameter: domain/bill_segment.h) is priced per segment on the whole
 * volume at the segment's tariff and diameter, and the charges weighted by
 * the segments' days (日割り), cut to the yen; adjacent segments whose
 * pricing does not differ (a sewer tariff that ignores the diameter) are
 * priced as one.  An approved leak reduction (漏水減免) prices both
 * services again on the reduced volume; the difference is one adjustment
 * line.  The bill's lines are written as a JSON array (the "why this amount"
 * view reads it back): for each service its tariff, base and band lines
 * (m³ × unit price), rounding and tax — one group per segment of a split
 * period, each with its diameter and days, then the weighted amount; then
 * adjustments.
 *
 * Ownership: bill_calc_out.lines is a buf_t owned by the caller (init it,
 * free it); everything else is by value. */
#ifndef SUIDO_BILL_CALC_H
#define SUIDO_BILL_CALC_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "domain/bill_segment.h"
#include "domain/tariff.h"

/* Settings ([billing] in suido.ini). */
typedef struct bill_rules {
    int64_t due_days;              /* due date: issue date + this many days, then the next business day (20) */
    bool change_by_days;           /* tariff change inside a period: split by days (else: by reading date) */
    int64_t well_m3_per_person;    /* well water: m³ per person per month (8) */
    int64_t chunk;                 /* taps per transaction in a billing run (5000) */
    int64_t max_period_pct;        /* max_period_ratio in hundredths (150): a longer period waits for a 係長 */
} bill_rules;

/* One service's pricing: the tariff in force at the reading and, for a
 * period split by days (domain/bill_segment.h: a tariff change, a diameter
 * change, or both), its segments in date order. */
typedef struct bill_price_in {
    const tariff *t;               /* NULL: the service is not charged */
    bill_segment seg[BILL_SEGMENTS_MAX];   /* split by days: each segment's tariff, diameter (0: the bill's) and days */
    int nseg;                      /* 0 or 1: not split (t at the bill's diameter) */
    int64_t m3;
} bill_price_in;

typedef struct bill_calc_in {
    const char *use;
    int diameter;
    int months;                    /* months the bill covers (1 or 2) */
    int partial_days;              /* > 0: a partial period of so many days (start or stop) */
    bill_price_in water, sewer;
    int64_t leak_m3;               /* approved reduction of both volumes (0: none) */
} bill_calc_in;

typedef struct bill_calc_out {
    int64_t water_yen, sewer_yen, adjust_yen, tax_yen, total_yen;
    buf_t *lines;                  /* caller's buffer: the JSON array is appended */
} bill_calc_out;

/* Returns 0, or -1 with a Japanese message in err (unknown use or diameter,
 * usage out of range ...): the caller skips the tap with that reason. */
int bill_calc(const bill_calc_in *in, bill_calc_out *out, char *err, size_t errsz);

/* The sewer volume: basis "water" (the water volume), "deduct" (less
 * deduct_m3, never below 0), "well" (plus persons × m³ per person × months). */
int64_t bill_sewer_volume(const char *basis, int64_t water_m3, int64_t deduct_m3, int64_t well_persons,
                          int64_t m3_per_person_month, int months);

#endif
