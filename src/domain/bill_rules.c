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

/* The months priced over a span: the route's, or a long span's own. */
static int months_for(bool monthly, int64_t span)
{
    int m = monthly ? 1 : 2;
    return span > m * 31 + 15 ? months_of_span(span) : m;
}

bill_period bill_period_of(const bill_period_in *in)
{
    bill_period p = {.to = in->read_day};
    p.from = in->read_day - (in->days > 0 ? in->days : 0);
    p.months = months_for(in->monthly, p.to - p.from);
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

int64_t bill_period_normal_days(bool monthly)
{
    return ((monthly ? 1 : 2) * 3044 + 50) / 100;
}

bool bill_period_too_long(int64_t days, bool monthly, int64_t ratio_pct)
{
    if (ratio_pct <= 0)
        return false;
    return days * 100 > ratio_pct * bill_period_normal_days(monthly);
}

int bill_limitation_years(int64_t read_day)
{
    static const civil_date REFORM = {2020, 4, 1};   /* 改正民法 in force */
    return read_day < date_to_days(REFORM) ? 2 : 5;
}

int64_t bill_limitation_from(int64_t bill_day, int years)
{
    civil_date d = date_from_days(bill_day);
    civil_date b = {d.y - years, d.m, d.d};
    if (!date_valid(b))
        b.d = 28;     /* 29 February back to a year without one */
    return date_to_days(b);
}

bill_period_check bill_period_judge(const bill_period_check_in *in)
{
    bill_period_check out = {.period = in->period, .usage = in->usage};
    int64_t days = in->period.to - in->period.from;
    if (!in->confirmed && bill_period_too_long(days, in->monthly, in->ratio_pct)) {
        out.hold = true;
        return out;
    }
    int64_t limit = bill_limitation_from(in->bill_day, bill_limitation_years(in->read_day));
    if (in->period.from < limit && days > 0) {
        int64_t kept = in->period.to - limit;
        if (kept < 0)
            kept = 0;
        out.clipped = true;
        out.days_dropped = days - kept;
        out.period.from = in->period.to - kept;
        out.usage = in->usage > 0 ? in->usage * kept / days : in->usage;
        out.period.months = months_for(in->monthly, kept);
        if (out.period.partial_days)
            out.period.partial_days = kept > 0 ? (int)kept : 1;
    }
    return out;
}
