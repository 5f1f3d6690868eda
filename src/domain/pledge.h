/* pledge — the rules of an instalment pledge (分納誓約, issue 17 item 5).
 * Pure: no I/O, no database.
 *
 * Schedule: dated amounts (integer yen) whose sum is the debt covered; the
 * dates strictly increasing, none before the day the pledge is made, every
 * amount at least ¥1.  pledge_equal_schedule makes one: n instalments by
 * month from a first date (the same day of each later month, or that
 * month's last day when it has none), the debt divided equally with the
 * remainder yen on the first instalment.
 *
 * Progress (read-side): given what has been paid to the covered bills since
 * the pledge, instalment k is met when that sum reaches the cumulative
 * amount due up to and including k.  The pledge is kept when every
 * instalment is met; it is breached on day as_of when an instalment is not
 * met and its date plus grace business days (domain/calendar) is before
 * as_of (the grace days are the last days on which a payment still counts
 * as on time).
 *
 * Ownership: plain structs filled by the caller's arrays. */
#ifndef SUIDO_PLEDGE_H
#define SUIDO_PLEDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

#define PLEDGE_MAX_INSTALMENTS 60

typedef struct pledge_line {
    civil_date due;
    int64_t amount;
} pledge_line;

/* n (1..PLEDGE_MAX_INSTALMENTS) instalments of total (>= n) by month from
 * first into out.  Returns 0, or -1 with a Japanese message naming the
 * field ("count", "total", "first") in field/err. */
int pledge_equal_schedule(int64_t total, int n, civil_date first, pledge_line *out, char *field, size_t fieldsz,
                          char *err, size_t errsz);

/* Check a schedule against the debt covered and the pledge day.  Returns 0,
 * or -1 with the field at fault ("due_<k>" / "amount_<k>" with k from 1,
 * "count", or "total" for the sum) and a Japanese message. */
int pledge_check_schedule(const pledge_line *lines, size_t n, int64_t total, civil_date today, char *field,
                          size_t fieldsz, char *err, size_t errsz);

typedef enum pledge_state { PLEDGE_ON_TRACK, PLEDGE_KEPT, PLEDGE_BREACHED } pledge_state;

typedef struct pledge_progress {
    pledge_state state;
    size_t met;             /* instalments met, in date order */
    int64_t paid;           /* as given */
    int64_t due_so_far;     /* the cumulative amount of the instalments dated on or before as_of */
    int breached_seq;       /* the first instalment (from 1) past its grace, unmet; 0 none */
    civil_date breached_after;   /* its last day of grace */
} pledge_progress;

/* The last day on which instalment date due is still on time. */
civil_date pledge_grace_end(civil_date due, int grace_days);

void pledge_progress_of(const pledge_line *lines, size_t n, int64_t paid, civil_date as_of, int grace_days,
                        pledge_progress *out);

/* "active" etc. in Japanese (有効・完了・不履行・取消); "" unknown. */
const char *pledge_status_label(const char *status);

#endif
