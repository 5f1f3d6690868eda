/* stats_span — the period of a statistics report (統計の期間): a month, a
 * fiscal year (April to March) or a range of months from..to, with the
 * cycles ("YYYY-MM") and days it covers and its label.  A report of the
 * state on a day (the registry's, docs/statistics.md) takes a day
 * instead: stats_span_day.
 *
 * Pure: no I/O; today is the caller's.  Nothing is allocated. */
#ifndef SUIDO_STATS_SPAN_H
#define SUIDO_STATS_SPAN_H

#include <stdint.h>

#include "base/date.h"
#include "base/err.h"

#define STATS_SPAN_MAX_MONTHS 120

typedef struct stats_span {
    civil_date from, to;           /* first and last day, inclusive */
    char from_iso[11], to_iso[11];
    char from_cycle[8], to_cycle[8]; /* "YYYY-MM" */
    int64_t from_s, to_s;          /* from 00:00 JST of the first day to 00:00 JST after the last (Unix s) */
    char label[96];                /* 「2026年4月」「2026年度（令和8年度）」「2026年4月〜2026年6月」 */
} stats_span;

/* From the parameters as typed ("" or NULL: not given): month
 * "YYYY-MM", year "YYYY" (a fiscal year), or from and to "YYYY-MM" (to
 * alone is not enough; from alone: to = from).  At most one of month,
 * year, from; none: the month of today.  ERR_INVALID naming the field
 * ("month", "year", "from", "to") in Japanese: a malformed value, two
 * kinds given, to before from, more than STATS_SPAN_MAX_MONTHS months. */
int stats_span_parse(const char *month, const char *year, const char *from, const char *to, civil_date today,
                     stats_span *s, err_t *e);

/* A single day "YYYY-MM-DD" (field "on"; "" or NULL: today): from = to =
 * the day; label 「2026年4月1日現在」. */
int stats_span_day(const char *on, civil_date today, stats_span *s, err_t *e);

/* The Unix second of 00:00 JST on d. */
int64_t stats_span_jst_midnight(civil_date d);

/* The fiscal year (年度) of a "YYYY-MM..." text, or -1 when it does not
 * start with a month. */
int stats_span_fiscal_year_of(const char *ym);

#endif
