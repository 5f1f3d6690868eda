/* dunning — see dunning.h. */
#include "domain/dunning.h"

#include <string.h>

#include "domain/calendar.h"

static const char *const CODES[DUNNING__MAX] = {"tokusoku", "saikoku", "yokoku"};
static const char *const TITLES[DUNNING__MAX] = {"督促状", "催告書", "給水停止予告通知書"};

dunning_rules dunning_rules_default(void)
{
    dunning_rules r = {.tokusoku_days = 10, .tokusoku_deadline_days = 15, .saikoku_days = 5,
                       .saikoku_deadline_days = 10, .yokoku_days = 5, .yokoku_stop_days = 14, .tokusoku_fee = 0};
    return r;
}

int dunning_step_parse(const char *code)
{
    for (int i = 0; code && i < DUNNING__MAX; i++)
        if (strcmp(code, CODES[i]) == 0)
            return i;
    return -1;
}

const char *dunning_step_code(int step)
{
    return step >= 0 && step < DUNNING__MAX ? CODES[step] : "";
}

const char *dunning_step_title(int step)
{
    return step >= 0 && step < DUNNING__MAX ? TITLES[step] : "";
}

int dunning_step_prev(int step)
{
    return step > 0 && step < DUNNING__MAX ? step - 1 : -1;
}

int dunning_delay(const dunning_rules *r, int step)
{
    return step == DUNNING_TOKUSOKU ? r->tokusoku_days : step == DUNNING_SAIKOKU ? r->saikoku_days : r->yokoku_days;
}

bool dunning_is_due(civil_date day, civil_date as_of, int delay)
{
    return date_cmp(calendar_add_business_days(day, delay), as_of) <= 0;
}

void dunning_next(const dunning_rules *r, int last, civil_date oldest_due, civil_date last_deadline, civil_date stop_on,
                  int *next, civil_date *on)
{
    if (last >= DUNNING_YOKOKU) {
        *next = DUNNING__MAX;   /* the stoppage itself */
        *on = stop_on;
        return;
    }
    *next = last < 0 ? DUNNING_TOKUSOKU : last + 1;
    civil_date from = last < 0 ? oldest_due : last_deadline;
    *on = calendar_add_business_days(from, dunning_delay(r, *next));
}

civil_date dunning_cutoff(civil_date as_of, int delay)
{
    /* x + delay business days is non-decreasing in x: walk back from as_of
     * to the first day that is due (at most a few weeks of days). */
    int64_t d = date_to_days(as_of);
    for (int i = 0; i < 4000; i++, d--) {
        civil_date x = date_from_days(d);
        if (dunning_is_due(x, as_of, delay))
            return x;
    }
    return date_from_days(d);
}

void dunning_deadline(const dunning_rules *r, int step, civil_date issued, civil_date *deadline, civil_date *stop_on)
{
    int64_t day = date_to_days(issued);
    civil_date none = {0, 0, 0};
    *stop_on = none;
    if (step == DUNNING_YOKOKU) {
        *stop_on = calendar_next_business_day(date_from_days(day + r->yokoku_stop_days));
        *deadline = calendar_add_business_days(*stop_on, -1);
        return;
    }
    int days = step == DUNNING_TOKUSOKU ? r->tokusoku_deadline_days : r->saikoku_deadline_days;
    *deadline = calendar_next_business_day(date_from_days(day + days));
}

int64_t dunning_fee(const dunning_rules *r, int step)
{
    return step == DUNNING_TOKUSOKU ? r->tokusoku_fee : 0;
}
