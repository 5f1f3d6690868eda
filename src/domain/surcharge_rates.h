/* surcharge_rates — the rates file of 延滞金 (format "suido-surcharge/1";
 * docs/arrears.md is the contract).  Pure: parses JSON text, no I/O.
 *
 * A rate is a percent per year written as a decimal string with at most
 * three decimals ("2.4", "14.6", "0.25"), 0 to 100; it is kept as an
 * integer of thousandths of a percent (milli-percent: "2.4" -> 2400) and as
 * the text the file wrote, which is what a part of a charge shows.  Periods
 * are in ascending order of "from"; each applies from its date until the
 * next one's (the last one without end).
 *
 * Ownership: surcharge_rates is a plain struct filled by value; nothing in
 * it points elsewhere and nothing needs freeing.  surcharge_rates_at returns
 * a pointer into the rates given. */
#ifndef SUIDO_SURCHARGE_RATES_H
#define SUIDO_SURCHARGE_RATES_H

#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

#define SURCHARGE_MAX_PERIODS 128
/* Thousandths of a percent per percent: a rate r% is r × SURCHARGE_RATE_SCALE. */
#define SURCHARGE_RATE_SCALE 1000
#define SURCHARGE_RATE_MAX (100 * SURCHARGE_RATE_SCALE)

typedef struct surcharge_period {
    civil_date from;
    int64_t first_milli;   /* the first month's rate, thousandths of a percent per year */
    int64_t after_milli;   /* the rate after the first month */
    char first[16];        /* the rates as the file writes them ("2.4") */
    char after[16];
} surcharge_period;

typedef struct surcharge_rates {
    char name[160];
    int nperiods;
    surcharge_period periods[SURCHARGE_MAX_PERIODS];
} surcharge_rates;

/* Parse and validate.  On error returns -1 with a Japanese message naming
 * the key ("periods[2].first") in err (size errsz); 0 on success. */
int surcharge_rates_parse(const char *json, size_t len, surcharge_rates *out, char *err, size_t errsz);

/* The period in force on day (NULL: the day is before the first period). */
const surcharge_period *surcharge_rates_at(const surcharge_rates *r, civil_date day);

/* A rate string -> thousandths of a percent; -1 when it is not one (at
 * most three decimals, 0..100, no sign, exponent or separators). */
int64_t surcharge_rate_parse(const char *s);

#endif
