/* Unit tests: the billing period, the due date and the balance (vectors). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/bill_rules.h"

static int64_t day(const char *iso)
{
    civil_date d;
    assert_true(date_parse(iso, &d));
    return date_to_days(d);
}

static void period_vectors(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        bool monthly;
        const char *read;
        int64_t days;
        const char *start;   /* NULL: no occupancy start */
        bool final;
        const char *from;
        int months, partial;
    } V[] = {
        {"a monthly route, one month", true, "2026-05-20", 30, NULL, false, "2026-04-20", 1, 0},
        {"a bimonthly route, two months", false, "2026-05-20", 61, NULL, false, "2026-03-20", 2, 0},
        {"a monthly span up to 46 days keeps its month", true, "2026-05-20", 46, NULL, false, "2026-04-04", 1, 0},
        {"a monthly span of 62 days (a missed reading) is two months", true, "2026-05-20", 62, NULL, false,
         "2026-03-19", 2, 0},
        {"a bimonthly span of 122 days is four months", false, "2026-05-20", 122, NULL, false, "2026-01-18", 4, 0},
        {"a bimonthly span of 183 days is six months", false, "2026-05-20", 183, NULL, false, "2025-11-18", 6, 0},
        {"a span over a year is priced as twelve months at most", false, "2026-05-20", 400, NULL, false,
         "2025-04-15", 12, 0},
        {"no previous reading: an empty span", false, "2026-05-20", 0, NULL, false, "2026-05-20", 2, 0},
        {"an occupancy starting inside the period bills its days", false, "2026-05-20", 61, "2026-04-11", false,
         "2026-04-10", 2, 40},
        {"an occupancy starting on the period's first day is a full period", false, "2026-05-20", 61,
         "2026-03-21", false, "2026-03-20", 2, 0},
        {"an occupancy starting on the reading day bills one day", false, "2026-05-20", 61, "2026-05-20", false,
         "2026-05-19", 2, 1},
        {"an occupancy starting after the reading still bills one day", false, "2026-05-20", 61, "2026-05-22",
         false, "2026-05-21", 2, 1},
        {"a final bill bills its days since the previous reading", false, "2026-05-20", 45, NULL, true,
         "2026-04-05", 2, 45},
        {"a final bill of an occupancy started inside bills from the start", false, "2026-05-20", 45,
         "2026-05-01", true, "2026-04-30", 2, 20},
        {"a final bill without a previous reading has no partial days", false, "2026-05-20", 0, NULL, true,
         "2026-05-20", 2, 0},
    };
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++) {
        bill_period_in in = {.monthly = V[i].monthly, .read_day = day(V[i].read), .days = V[i].days,
                             .has_start = V[i].start != NULL, .start_day = V[i].start ? day(V[i].start) : 0,
                             .final = V[i].final};
        bill_period p = bill_period_of(&in);
        print_message("%s\n", V[i].what);
        assert_int_equal(p.to, day(V[i].read));
        assert_int_equal(p.from, day(V[i].from));
        assert_int_equal(p.months, V[i].months);
        assert_int_equal(p.partial_days, V[i].partial);
    }
}

static void due_date_vectors(void **state)
{
    (void)state;
    static const struct {
        const char *what, *issued;
        int64_t days;
        const char *due;
    } V[] = {
        {"a weekday stays", "2026-04-01", 20, "2026-04-21"},
        {"a Saturday moves to Monday", "2026-04-05", 20, "2026-04-27"},
        {"a holiday (昭和の日) moves to the next day", "2026-04-09", 20, "2026-04-30"},
        {"Golden Week: Sunday, three holidays and 振替休日 move to Thursday", "2026-04-13", 20, "2026-05-07"},
        {"year end (12/31–1/3) moves into the new year", "2026-12-11", 20, "2027-01-04"},
        {"zero days: the issue day itself when a business day", "2026-04-21", 0, "2026-04-21"},
        {"14 days for a reissued slip", "2026-06-01", 14, "2026-06-15"},
    };
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++) {
        char got[11];
        date_format_iso(bill_due_on(day(V[i].issued), V[i].days), got);
        print_message("%s\n", V[i].what);
        assert_string_equal(got, V[i].due);
    }
}

static void balance_vectors(void **state)
{
    (void)state;
    static const struct {
        const char *status;
        int64_t total, paid, balance, open;
    } V[] = {
        {"current", 3300, 0, 3300, 3300},
        {"current", 3300, 1000, 2300, 2300},
        {"current", 3300, 3300, 0, 0},
        {"current", 0, 0, 0, 0},
        {"cancelled", 3300, 1000, 2300, 0},   /* a cancelled bill owes nothing */
        {"replaced", 5000, 0, 5000, 0},
    };
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++) {
        assert_int_equal(bill_balance(V[i].total, V[i].paid), V[i].balance);
        assert_int_equal(bill_open_balance(V[i].status, V[i].total, V[i].paid), V[i].open);
    }
}

/* The hold of a period far longer than the route's, and the limitation. */
static void period_check_vectors(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        bool monthly;
        const char *read;
        int64_t days;
        bool confirmed;
        int64_t usage;
        bool hold, clipped;
        const char *from;     /* the period billed (not checked when held) */
        int months;
        int64_t usage_billed;
    } V[] = {
        {"a normal bimonthly period bills", false, "2026-05-20", 61, false, 30, false, false, "2026-03-20", 2, 30},
        {"a normal monthly period bills", true, "2026-05-20", 30, false, 15, false, false, "2026-04-20", 1, 15},
        {"monthly: 45 days are exactly 1.5 times 30, billed", true, "2026-05-20", 45, false, 20, false, false,
         "2026-04-05", 1, 20},
        {"monthly: 46 days are longer, held", true, "2026-05-20", 46, false, 20, true, false, NULL, 0, 0},
        {"bimonthly: 91 days are within 1.5 times 61 (91.5), billed", false, "2026-05-20", 91, false, 40, false,
         false, "2026-02-18", 3, 40},
        {"bimonthly: 92 days are longer, held", false, "2026-05-20", 92, false, 40, true, false, NULL, 0, 0},
        {"seven years since the last reading, not confirmed: held", false, "2025-10-20", 2838, false, 800, true,
         false, NULL, 0, 0},
        {"a long period confirmed by a 係長 bills", false, "2026-05-20", 183, true, 90, false, false, "2025-11-18",
         6, 90},
        {"confirmed, over 5 years: clipped to 5 years, usage by days", false, "2025-10-20", 2838, true, 2838, false,
         true, "2020-10-20", 12, 1826},
        {"confirmed, read before 2020-04-01: clipped to 2 years", false, "2020-03-20", 1000, true, 1000, false, true,
         "2018-03-20", 12, 731},
        {"read on 2020-04-01: 5 years, 1000 days are not clipped", false, "2020-04-01", 1000, true, 1000, false,
         false, "2017-07-06", 12, 1000},
    };
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++) {
        print_message("%s\n", V[i].what);
        bill_period_in pin = {.monthly = V[i].monthly, .read_day = day(V[i].read), .days = V[i].days};
        bill_period_check_in in = {.period = bill_period_of(&pin), .monthly = V[i].monthly, .ratio_pct = 150,
                                   .confirmed = V[i].confirmed, .bill_day = day(V[i].read),
                                   .read_day = day(V[i].read), .usage = V[i].usage};
        bill_period_check c = bill_period_judge(&in);
        assert_int_equal(c.hold, V[i].hold);
        assert_int_equal(c.clipped, V[i].clipped);
        if (V[i].hold)
            continue;
        assert_int_equal(c.period.from, day(V[i].from));
        assert_int_equal(c.period.to, day(V[i].read));
        assert_int_equal(c.period.months, V[i].months);
        assert_int_equal(c.usage, V[i].usage_billed);
        assert_int_equal(c.days_dropped, V[i].clipped ? V[i].days - (c.period.to - c.period.from) : 0);
    }
}

static void limitation_vectors(void **state)
{
    (void)state;
    assert_int_equal(bill_period_normal_days(true), 30);
    assert_int_equal(bill_period_normal_days(false), 61);
    assert_false(bill_period_too_long(2838, false, 0));   /* no limit set */
    assert_int_equal(bill_limitation_years(day("2020-03-31")), 2);
    assert_int_equal(bill_limitation_years(day("2020-04-01")), 5);
    assert_int_equal(bill_limitation_from(day("2025-10-20"), 5), day("2020-10-20"));
    assert_int_equal(bill_limitation_from(day("2024-02-29"), 5), day("2019-02-28"));
    assert_int_equal(bill_limitation_from(day("2020-02-29"), 2), day("2018-02-28"));
    /* a partial period (occupancy start) clipped keeps its remaining days as partial days */
    bill_period_in pin = {.monthly = false, .read_day = day("2025-10-20"), .days = 2838, .has_start = true,
                          .start_day = day("2019-01-01"), .final = false};
    bill_period_check_in in = {.period = bill_period_of(&pin), .monthly = false, .ratio_pct = 150, .confirmed = true,
                               .bill_day = day("2025-10-20"), .read_day = day("2025-10-20"), .usage = 100};
    bill_period_check c = bill_period_judge(&in);
    assert_true(c.clipped);
    assert_int_equal(c.period.from, day("2020-10-20"));
    assert_int_equal(c.period.partial_days, 1826);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(period_vectors),
        cmocka_unit_test(due_date_vectors),
        cmocka_unit_test(balance_vectors),
        cmocka_unit_test(period_check_vectors),
        cmocka_unit_test(limitation_vectors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
