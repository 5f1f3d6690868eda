/* calendar — Japanese public holidays (国民の祝日に関する法律) and business
 * days (pure).
 *
 * Holidays: the fixed and moving days with the years each rule was in force,
 * the equinoxes by the standard approximation, the one-off days (imperial
 * ceremonies, the 2020/2021 Olympic moves), 振替休日 (from 1973-04-12; from
 * 2007 the next non-holiday) and 国民の休日 (from 1985-12-27).  Checked against
 * the npm package @holiday-jp/holiday_jp for 1970–2050 in the tests.
 *
 * Business days are the days banks are open (銀行法施行令 5条): not Saturday,
 * Sunday, a holiday, or 12/31–1/3.  Debit dates, due dates and notice
 * periods move by business days.  Names returned are static strings. */
#ifndef SUIDO_CALENDAR_H
#define SUIDO_CALENDAR_H

#include <stdbool.h>
#include "base/date.h"

/* The holiday's name ("元日", "振替休日", ...) or NULL. */
const char *calendar_holiday(civil_date d);
/* 0 = Sunday .. 6 = Saturday. */
int calendar_weekday(civil_date d);
bool calendar_is_business_day(civil_date d);
/* d itself when it is a business day, else the next one. */
civil_date calendar_next_business_day(civil_date d);
/* count business days after d (before d when count < 0). */
civil_date calendar_add_business_days(civil_date d, int count);

typedef struct calendar_day {
    civil_date date;
    const char *name;
} calendar_day;
/* The year's holidays in date order into out (at most max); returns the count. */
int calendar_holidays(int year, calendar_day *out, int max);

#endif
