/* dunning — the schedule of reminders for unpaid bills (pure): which step
 * (督促状 → 催告書 → 給水停止予告通知書) is due for a bill as of a day, and
 * the deadline (and stoppage date) a notice issued on a day carries.
 *
 * Settings ([arrears] in the configuration; read by app/arrears/app_dunning):
 *   tokusoku_days          = 10   business days after the due date before a
 *                                 bill is due for its 督促状.  Ten business
 *                                 days is about 14 calendar days, so a run made
 *                                 on any business day sends the 督促状 within
 *                                 the 20 days after the due date that 地方自治法
 *                                 施行令171条 and the usual 条例 ask for.
 *   tokusoku_deadline_days = 15   calendar days from issue to the 督促状's own
 *                                 deadline (指定期限), moved to the next
 *                                 business day.
 *   saikoku_days           = 5    business days after the 督促 deadline passed
 *                                 unpaid (posting of late payments arrives
 *                                 within them) before the 催告書.
 *   saikoku_deadline_days  = 10   calendar days to the 催告書's deadline.
 *   yokoku_days            = 5    business days after the 催告 deadline before
 *                                 the 給水停止予告通知書.
 *   yokoku_stop_days       = 14   calendar days from issue to the stoppage
 *                                 date (moved to the next business day); the
 *                                 notice's deadline is the business day before.
 *   tokusoku_fee           = 0    督促手数料 in yen per 督促状 (0: none, the
 *                                 default; some utilities charge ¥100).
 *
 * Days are civil dates; business days are domain/calendar.h's.  Ownership:
 * outputs are the caller's; names returned are static strings. */
#ifndef SUIDO_DUNNING_H
#define SUIDO_DUNNING_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"

enum dunning_step { DUNNING_TOKUSOKU, DUNNING_SAIKOKU, DUNNING_YOKOKU, DUNNING__MAX };

typedef struct dunning_rules {
    int tokusoku_days, tokusoku_deadline_days;
    int saikoku_days, saikoku_deadline_days;
    int yokoku_days, yokoku_stop_days;
    int64_t tokusoku_fee;
} dunning_rules;

/* The defaults above. */
dunning_rules dunning_rules_default(void);
/* "tokusoku" / "saikoku" / "yokoku" -> step, -1 otherwise. */
int dunning_step_parse(const char *code);
const char *dunning_step_code(int step);
/* The document's title: 督促状, 催告書, 給水停止予告通知書. */
const char *dunning_step_title(int step);
/* The previous step (-1 for the 督促). */
int dunning_step_prev(int step);

/* The latest day x such that x + delay business days <= as_of: a bill (for
 * the 督促: its due date; later steps: the previous notice's deadline) is due
 * for the step as of as_of exactly when its day is <= this cutoff.  The
 * function is monotonic, so the selection is one range over an index. */
civil_date dunning_cutoff(civil_date as_of, int delay_business_days);
/* Whether a bill whose day (as above) is day is due as of as_of. */
bool dunning_is_due(civil_date day, civil_date as_of, int delay_business_days);
/* The delay of a step (business days) under rules. */
int dunning_delay(const dunning_rules *r, int step);

/* What a notice of step issued on issued carries: its deadline and, for the
 * 給水停止予告, the stoppage date (stop_on; otherwise {0,0,0}). */
void dunning_deadline(const dunning_rules *r, int step, civil_date issued, civil_date *deadline, civil_date *stop_on);
/* Where a debt stands and what comes next: after the furthest notice sent
 * (last: a step, or -1 when none) the next step and the day it becomes due —
 * the 督促 on the oldest overdue due date + its delay; a later step on the
 * previous notice's deadline + its delay; after the 予告, the stoppage
 * (*next = DUNNING__MAX) on its stoppage date.  The same days the batch
 * selects by (dunning_is_due). */
void dunning_next(const dunning_rules *r, int last, civil_date oldest_due, civil_date last_deadline, civil_date stop_on,
                  int *next, civil_date *on);
/* The fee a notice of step carries (yen). */
int64_t dunning_fee(const dunning_rules *r, int step);

#endif
