/* stoppage — 給水停止 (pure): whether a tap whose 給水停止予告 stoppage date
 * has come still owes enough, and long enough, to be stopped; the results
 * of a stoppage or reopening visit.
 *
 * Settings ([arrears]; read by app/arrears/app_stoppage):
 *   stop_min_yen    = 1   the open amount past due (yen) at least owed
 *   stop_min_months = 2   the oldest unpaid bill's due date at least this
 *                         many months before today (the practice: about 2
 *                         to 3 months past due)
 *
 * Ownership: labels are static strings. */
#ifndef SUIDO_STOPPAGE_H
#define SUIDO_STOPPAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"

/* owed (yen) at least min_yen, and oldest_due (YYYY-MM-DD) on or before
 * today less min_months months (a day past the month's end clamps to it). */
bool stoppage_due(int64_t owed, const char *oldest_due, civil_date today, int64_t min_yen, int64_t min_months);

/* The results a visit can record: a stoppage order's "stopped" (停止済),
 * "absent" (不在), "paid" (納付済で中止); a reopening's "reopened" (再開済). */
bool stoppage_result_valid(const char *kind, const char *result);
const char *stoppage_result_label(const char *result);

#endif
