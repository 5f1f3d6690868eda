/* reception — the date rules of service requests (使用開始・中止の受付):
 * pure functions, no I/O.  The caller owns every buffer it passes. */
#ifndef SUIDO_DOMAIN_RECEPTION_H
#define SUIDO_DOMAIN_RECEPTION_H

#include <stdbool.h>
#include <stddef.h>

#include "base/date.h"

/* The utility's rules ([reception] in the settings). */
typedef struct reception_rules {
    int lead_business_days;   /* notice asked for: the day is at least this many business days ahead */
    int max_days_ahead;       /* and at most this many calendar days ahead */
    int past_days;            /* staff may record a start or stop that already happened, this many days back */
} reception_rules;

/* Where a request comes from. */
typedef enum reception_from { RECEPTION_STAFF, RECEPTION_WEB } reception_from;

/* Check the day a start or stop takes effect (day) against today: the web
 * needs the full notice; staff may go inside it when urgent (至急), and may
 * record one that happened up to past_days ago.  Returns true when allowed;
 * otherwise false with a Japanese message in msg (size msgsz) that says
 * which days are allowed, and *earliest the first day the notice allows. */
bool reception_day_ok(const reception_rules *r, reception_from from, bool urgent, civil_date today, civil_date day,
                      civil_date *earliest, char *msg, size_t msgsz);

/* Labels of the request kinds, sources and statuses (NULL when unknown). */
const char *reception_kind_label(const char *kind);
const char *reception_source_label(const char *source);
const char *reception_status_label(const char *status);

extern const char *const RECEPTION_SOURCES[];   /* phone, counter, mail, web; NULL-terminated */

#endif
