/* Unit tests: holidays and business days (domain/calendar.h).  The full
 * 1970–2050 list is compared with @holiday-jp/holiday_jp in
 * tests/integration/calendar.test.mjs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/calendar.h"

static civil_date D(int y, int m, int d)
{
    return (civil_date){y, m, d};
}

static void rules_by_year(void **state)
{
    (void)state;
    assert_string_equal(calendar_holiday(D(2025, 1, 13)), "成人の日");   /* 2nd Monday */
    assert_string_equal(calendar_holiday(D(1999, 1, 15)), "成人の日");
    assert_null(calendar_holiday(D(2019, 12, 23)));                     /* no 天皇誕生日 in 2019 */
    assert_string_equal(calendar_holiday(D(2018, 12, 23)), "天皇誕生日");
    assert_string_equal(calendar_holiday(D(2020, 2, 23)), "天皇誕生日");
    assert_string_equal(calendar_holiday(D(2020, 7, 24)), "スポーツの日"); /* Olympics */
    assert_null(calendar_holiday(D(2020, 10, 12)));
    assert_string_equal(calendar_holiday(D(2021, 8, 8)), "山の日");
    assert_string_equal(calendar_holiday(D(2025, 3, 20)), "春分の日");
    assert_string_equal(calendar_holiday(D(2025, 9, 23)), "秋分の日");
}

static void substitute_and_sandwiched_days(void **state)
{
    (void)state;
    assert_string_equal(calendar_holiday(D(2019, 4, 30)), "休日");      /* 国民の休日 */
    assert_string_equal(calendar_holiday(D(2019, 5, 2)), "休日");
    assert_string_equal(calendar_holiday(D(2019, 5, 6)), "こどもの日 振替休日");   /* 5/5 on a Sunday */
    assert_string_equal(calendar_holiday(D(2008, 5, 6)), "こどもの日 振替休日");   /* 5/4 Sunday: 5/6 is the next non-holiday */
    assert_string_equal(calendar_holiday(D(2025, 11, 24)), "勤労感謝の日 振替休日");
    assert_null(calendar_holiday(D(1973, 1, 2)));                      /* before 1973-04-12: no 振替休日 */
}

static void business_days(void **state)
{
    (void)state;
    civil_date d = calendar_next_business_day(D(2025, 12, 31));
    assert_int_equal(d.y, 2026);
    assert_int_equal(d.m, 1);
    assert_int_equal(d.d, 5);                                          /* 12/31–1/3 closed, 1/4 Sunday */
    d = calendar_next_business_day(D(2026, 11, 21));                   /* Saturday before 勤労感謝の日 (Monday) */
    assert_int_equal(d.d, 24);
    d = calendar_add_business_days(D(2026, 11, 20), 1);
    assert_int_equal(d.d, 24);
    d = calendar_add_business_days(D(2026, 11, 24), -1);
    assert_int_equal(d.d, 20);
    assert_true(calendar_is_business_day(D(2026, 11, 25)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rules_by_year),
        cmocka_unit_test(substitute_and_sandwiched_days),
        cmocka_unit_test(business_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
