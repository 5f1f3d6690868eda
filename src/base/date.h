/* date — civil dates (no time zone) and display formats.
 *
 * A civil date is stored as the struct below or as "YYYY-MM-DD" text; days
 * count from 1970-01-01 for arithmetic.  Timestamps are int64 Unix seconds
 * (UTC) and shown in Asia/Tokyo (UTC+9, no DST). */
#ifndef SUIDO_DATE_H
#define SUIDO_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct civil_date { int y, m, d; } civil_date;

/* Strict "YYYY-MM-DD" (also accepts "YYYY/MM/DD" and full-width digits after
 * NFKC is not done here: ASCII only); checks the calendar (leap years).
 * Year range 1868..2999. */
bool date_parse(const char *s, civil_date *out);
bool date_valid(civil_date d);
/* "YYYY-MM-DD" into out (size >= 11). */
void date_format_iso(civil_date d, char out[11]);
/* Japanese era date "令和7年4月1日", "令和元年5月1日", "平成31年4月30日",
 * "昭和64年1月7日", "平成元年1月8日"; into out (size >= 32).  Eras: 明治 from
 * 1868-01-25 (earlier dates still 明治), 大正 1912-07-30, 昭和 1926-12-25,
 * 平成 1989-01-08, 令和 2019-05-01. */
void date_format_wareki(civil_date d, char *out, size_t outsz);
/* A Japanese era date as legacy systems write it, into *out: the era as a
 * letter M/T/S/H/R (either case), a digit 1..5 (明治..令和) or its kanji name;
 * then the era year (digits or 元), month and day, either as two digits each
 * ("R070401", "5070401") or separated by '.', '/', '-' or 年/月/日
 * ("R7.4.1", "令和元年5月1日"); spaces and full-width digits are not read
 * (trim and NFKC first).  The date must be real and lie within its era
 * (平成31年5月1日 and 令和1年4月30日 are refused).  With month_only the day is
 * absent ("R0704", "令和7年4月") and *out is the month's first day within the
 * era (令和元年5月: 2019-05-01). */
bool date_parse_wareki(const char *s, bool month_only, civil_date *out);
/* Days since 1970-01-01 and back. */
int64_t date_to_days(civil_date d);
civil_date date_from_days(int64_t days);
int date_cmp(civil_date a, civil_date b);
/* Today's date in Asia/Tokyo. */
civil_date date_today_jst(void);
/* Current Unix time in seconds, moved by SUIDO_CLOCK_SHIFT_DAYS whole days
 * when that is set (tests only). */
int64_t date_now_unix(void);
/* Seconds on a monotonic clock (for how long something took). */
double date_mono_seconds(void);
/* Unix seconds -> "YYYY-MM-DD HH:MM:SS" in Asia/Tokyo, into out (size >= 20). */
void date_format_ts_jst(int64_t unix_s, char out[20]);

#endif
