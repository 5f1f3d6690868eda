/* stat_period — the period of a statistics report (統計; the works
 * statistics too): a month ("YYYY-MM"), a fiscal year (年度, April to
 * March: "2026" is 2026-04-01 to 2027-03-31) or a range of whole months
 * ("2026-04" to "2026-09"), as the accounting office asks for them, with
 * its label and its months (the billing cycles "YYYY-MM" it covers).
 *
 * Pure: no I/O; today is the caller's.  Nothing is allocated. */
#ifndef SUIDO_STAT_PERIOD_H
#define SUIDO_STAT_PERIOD_H

#include <stdbool.h>

#include "base/date.h"
#include "base/err.h"

enum stat_period_kind { STAT_MONTH, STAT_YEAR, STAT_RANGE };

#define STAT_MAX_MONTHS 120   /* a range spans at most ten years */

typedef struct stat_period {
    bool year;               /* a fiscal year (kind == STAT_YEAR) */
    int kind;                /* enum stat_period_kind */
    int fy;                  /* the fiscal year (of the first month) */
    int y, m;                /* the first month */
    int months;              /* how many months (1, 12, or the range's) */
    civil_date from, to;     /* the first and last day, inclusive */
    char from_iso[11], to_iso[11];
    char first[8], last[8];  /* the first and last month "YYYY-MM" (the cycles) */
    char label[64];          /* "2026年4月", "2026年度（令和8年度）", "2026年4月〜2026年9月" */
    char code[20];           /* "2026-04", "2026" or "2026-04_2026-09" (file names) */
} stat_period;

/* The period of month ("YYYY-MM") or year ("YYYY", a fiscal year): at most
 * one of them given ("" or NULL = not given); neither: the month of today.
 * ERR_INVALID naming the field "month" or "year" (a malformed value, a
 * year outside 2000–2099, or both given). */
int stat_period_parse(const char *month, const char *year, civil_date today, stat_period *p, err_t *e);

/* The period of a month, a fiscal year or a range from..to ("YYYY-MM"
 * each; to alone is refused, from alone is that month): one kind at
 * most; none: the month of today.  ERR_INVALID naming "month", "year",
 * "from" or "to" (malformed, to before from, more than STAT_MAX_MONTHS). */
int stat_period_args(const char *month, const char *year, const char *from, const char *to, civil_date today,
                     stat_period *p, err_t *e);

/* Month i (0 .. months-1) of the period as "YYYY-MM" into out. */
void stat_period_month(const stat_period *p, int i, char out[8]);

/* The fiscal year of a day (April starts it). */
int stat_fiscal_year(civil_date d);

#endif
