/* works_period — the period of the works statistics (工事統計): a month
 * ("YYYY-MM") or a fiscal year (年度, April to March: "2026" is 2026-04-01
 * to 2027-03-31), as the accounting office asks for them, with its label.
 *
 * Pure: no I/O; today is the caller's.  Nothing is allocated. */
#ifndef SUIDO_WORKS_PERIOD_H
#define SUIDO_WORKS_PERIOD_H

#include <stdbool.h>

#include "base/date.h"
#include "base/err.h"

typedef struct works_period {
    bool year;               /* a fiscal year (else a month) */
    int fy;                  /* the fiscal year (of the month too) */
    int y, m;                /* the month (a year: 0) */
    civil_date from, to;     /* the first and last day, inclusive */
    char from_iso[11], to_iso[11];
    char label[64];          /* "2026年4月" or "2026年度（令和8年度）" */
    char code[12];           /* "2026-04" or "2026" (as given back in URLs) */
} works_period;

/* The period of month ("YYYY-MM") or year ("YYYY", a fiscal year): at most
 * one of them given ("" or NULL = not given); neither: the month of today.
 * ERR_INVALID naming the field "month" or "year" (a malformed value, a
 * year outside 2000–2099, or both given). */
int works_period_parse(const char *month, const char *year, civil_date today, works_period *p, err_t *e);

/* The fiscal year of a day (April starts it). */
int works_fiscal_year(civil_date d);

#endif
