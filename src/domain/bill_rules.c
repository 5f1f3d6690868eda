/* bill_rules — see bill_rules.h. */
#include "domain/bill_rules.h"

#include <string.h>

#include "domain/calendar.h"

/* Months of a long span: 30.44 days each, rounded, at most 12. */
static int months_of_span(int64_t span)
{
    int64_t m = (span * 100 + 1522) / 3044;
    return m > 12 ? 12 : (int)m;
}

bill_period bill_period_of(const bill_period_in *in)
{
    bill_period p = {.to = in->read_day, .months = in->monthly ? 1 : 2};
    p.from = in->read_day - (in->days > 0 ? in->days : 0);
    if (p.to - p.from > p.months * 31 + 15)
        p.months = months_of_span(p.to - p.from);
    if (in->has_start && in->start_day > p.from + 1) {
        p.from = in->start_day - 1;   /* the bill covers the days from the start */
        p.partial_days = (int)(p.to - p.from);
        if (p.partial_days < 1)
            p.partial_days = 1;
    }
    if (in->final && !p.partial_days && in->days > 0)
        p.partial_days = (int)in->days;
    return p;
}

civil_date bill_due_on(int64_t day, int64_t due_days)
{
    return calendar_next_business_day(date_from_days(day + due_days));
}

int64_t bill_balance(int64_t total_yen, int64_t paid_yen)
{
    return total_yen - paid_yen;
}

int64_t bill_open_balance(const char *status, int64_t total_yen, int64_t paid_yen)
{
    return strcmp(status, "current") == 0 ? bill_balance(total_yen, paid_yen) : 0;
}
