/* reading_check — usage from a meter reading and the guards against wrong
 * readings (pure: no I/O).
 *
 * The caller gathers the basis (the meter's digits, the previous reading on
 * the same meter, the usage of the previous period and of the same period
 * last year) and asks for a verdict on a new dial value.  The rules are the
 * practice in ../shared/domain/practice.md:
 *   - a dial lower than the previous one is a rollover (9999 -> 0000) only
 *     when the usage it implies is plausible against the history; otherwise
 *     the reading is held (incident: a lower reading billed as a rollover of
 *     a 4-digit meter, about ¥1.61M);
 *   - usage far above the previous period or the same period last year,
 *     scaled to the same number of days, is held until a second person
 *     confirms it or a re-read replaces it (incident: ¥1,571,080 billed
 *     instead of ¥34,930 after a typing error);
 *   - usage far below both, and zero on a tap that usually uses water, are
 *     held too (a stopped meter or a misread);
 *   - a moderate rise against both periods marks a leak suspect
 *     (宅内漏水簡易調査) without holding the bill.
 * Thresholds are settings ([reading] in suido.ini), as integer percentages. */
#ifndef SUIDO_READING_CHECK_H
#define SUIDO_READING_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/meter/meter_exchange.h"

typedef struct reading_rules {
    int64_t high_pct;        /* hold above this % of the expected usage (default 200) */
    int64_t low_pct;         /* hold below this % of both expectations (default 30) */
    int64_t min_diff_m3;     /* ...and only when the difference is at least this (default 10) */
    int64_t zero_hold_m3;    /* hold a zero usage when the expectation is at least this (default 5) */
    int64_t leak_pct;        /* leak suspect at or above this % of both expectations (default 150) */
    int64_t ly_window_days;  /* "same period last year": a reading within ± this of a year ago (default 20) */
    bool estimate_last_year; /* 認定: same period last year (else the average of the last three) */
} reading_rules;

/* The defaults above. */
void reading_rules_default(reading_rules *r);

/* One past period of a tap, for the history comparisons. */
typedef struct reading_period {
    int64_t usage;           /* m³ of the whole period (all meters) */
    int64_t days;            /* length of the period in days (> 0) */
} reading_period;

typedef struct reading_basis {
    int digits;              /* 4..6 */
    bool has_prev;           /* a previous reading on this meter exists */
    int64_t prev_value;      /* its dial value */
    int64_t days;            /* days from the previous reading to this one (> 0) */
    bool prev_estimated;     /* the previous reading was an estimate (推定認定) */
    int64_t other_meters_m3; /* usage on meters replaced during this period */
    bool exchanged;          /* this meter was set in this period: prev_value is its start dial, and */
    int64_t flush_m3;        /*   the test flush at its setting (meter_exchange.h) */
    bool old_pending;        /*   an old meter's final dial of the period is held */
    bool has_prev_period;
    reading_period prev_period;
    bool has_last_year;
    reading_period last_year;
} reading_basis;

/* Why a reading is held or what to note about it; a bit set. */
enum reading_reason {
    RR_HIGH_PREV = 1u << 0,     /* far above the previous period: hold */
    RR_HIGH_LAST_YEAR = 1u << 1,/* far above the same period last year: hold */
    RR_LOW = 1u << 2,           /* far below both: hold */
    RR_ZERO = 1u << 3,          /* zero on a tap that uses water: hold */
    RR_LOWER = 1u << 4,         /* dial lower than before and no plausible rollover: hold */
    RR_BELOW_ESTIMATE = 1u << 5,/* dial lower than the previous estimate: hold (settle by hand) */
    RR_ROLLOVER = 1u << 6,      /* note: the meter rolled over */
    RR_FIRST = 1u << 7,         /* note: no history to compare with */
    RR_LEAK = 1u << 8,          /* note: leak suspect */
    RR_ESTIMATED = 1u << 9,     /* note: usage set by rule (認定) */
    RR_CONFIRMED = 1u << 10,    /* note: held, then confirmed by a second person */
    RR_EXCHANGE_START = 1u << 11,/* exchanged: the dial is below the new meter's start (玉野): hold */
    RR_EXCHANGE_FLUSH = 1u << 12,/* exchanged: the test flush exceeds the new meter's part: hold */
    RR_EXCHANGE_OLD = 1u << 13, /* exchanged: the old meter's final dial is held: hold */
    RR__COUNT = 14
};
#define RR_EXCHANGE_MASK (RR_EXCHANGE_START | RR_EXCHANGE_FLUSH | RR_EXCHANGE_OLD)
#define RR_HOLD_MASK \
    (RR_HIGH_PREV | RR_HIGH_LAST_YEAR | RR_LOW | RR_ZERO | RR_LOWER | RR_BELOW_ESTIMATE | RR_EXCHANGE_MASK)

enum reading_status { READING_ACCEPTED, READING_HELD, READING_REFUSED };

typedef struct reading_verdict {
    int status;              /* READING_ACCEPTED or READING_HELD (refusals are the caller's) */
    int64_t meter_usage;     /* usage on this meter since its previous reading */
    int64_t usage;           /* meter_usage + other_meters_m3 (- flush_m3 when exchanged): the period's usage */
    unsigned reasons;        /* enum reading_reason bits */
} reading_verdict;

/* 10^digits: the number of dial positions. */
int64_t reading_dial_span(int digits);
/* The expected usage for the period (scaled by days from the previous period,
 * else from last year); false when there is no history. */
bool reading_expected_usage(const reading_basis *b, int64_t *usage);
/* The plausible dial range for the new reading (for the reader's list):
 * low..high, both modulo the dial span (high < low means the range wraps
 * past 0).  False without history. */
bool reading_expected_range(const reading_rules *r, const reading_basis *b, int64_t *low, int64_t *high);
/* The period's usage from this meter's part: meter_usage + other_meters_m3,
 * less the test flush when the meter was set in the period (never below 0). */
int64_t reading_period_usage(const reading_basis *b, int64_t meter_usage);
/* The verdict on a dial value in 0..10^digits-1 (the caller refuses others). */
void reading_check(const reading_rules *r, const reading_basis *b, int64_t value, reading_verdict *out);
/* Estimated usage (認定水量) by the rule: the average of the last three
 * periods scaled to `days`, or the same period last year.  recent: newest
 * first, n of them.  False when there is nothing to estimate from. */
bool reading_estimate(const reading_rules *r, const reading_period *recent, int n, const reading_basis *b,
                      int64_t days, int64_t *usage);

/* Reason codes ("high_prev", ...) and Japanese explanations for staff and
 * readers; static strings.  bit is one enum reading_reason value. */
const char *reading_reason_code(unsigned bit);
const char *reading_reason_text(unsigned bit);
/* Parse a comma-separated code list back into bits (unknown codes ignored). */
unsigned reading_reasons_parse(const char *codes);

#endif
