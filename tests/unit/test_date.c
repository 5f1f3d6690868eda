/* Unit tests: civil dates, day arithmetic, 和暦. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/date.h"

static void parse_checks_the_calendar(void **state)
{
    (void)state;
    civil_date d;
    assert_true(date_parse("2024-02-29", &d));
    assert_int_equal(d.y, 2024);
    assert_int_equal(d.m, 2);
    assert_int_equal(d.d, 29);
    assert_false(date_parse("2023-02-29", &d));
    assert_true(date_parse("2000-02-29", &d));
    assert_false(date_parse("1900-02-29", &d));
    assert_false(date_parse("2025-13-01", &d));
    assert_false(date_parse("2025-04-31", &d));
    assert_false(date_parse("2025-4-1", &d));
    assert_false(date_parse("2025-04-01x", &d));
    assert_true(date_parse("2025/04/01", &d));
    assert_false(date_parse("2025/04-01", &d));
}

static void days_round_trip(void **state)
{
    (void)state;
    civil_date epoch = {1970, 1, 1};
    assert_int_equal(date_to_days(epoch), 0);
    civil_date d = {2025, 4, 1};
    assert_int_equal(date_to_days(d), 20179);
    for (int64_t n = -40000; n < 60000; n += 7) {
        civil_date c = date_from_days(n);
        assert_int_equal(date_to_days(c), n);
    }
    civil_date a = {2024, 12, 31}, b = {2025, 1, 1};
    assert_int_equal(date_to_days(b) - date_to_days(a), 1);
    assert_true(date_cmp(a, b) < 0);
}

static void wareki(void **state)
{
    (void)state;
    struct { civil_date d; const char *want; } cases[] = {
        {{2025, 4, 1}, "令和7年4月1日"},   {{2019, 5, 1}, "令和元年5月1日"},
        {{2019, 4, 30}, "平成31年4月30日"}, {{1989, 1, 8}, "平成元年1月8日"},
        {{1989, 1, 7}, "昭和64年1月7日"},   {{1926, 12, 25}, "昭和元年12月25日"},
        {{1926, 12, 24}, "大正15年12月24日"}, {{1912, 7, 30}, "大正元年7月30日"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[48];
        date_format_wareki(cases[i].d, out, sizeof out);
        assert_string_equal(out, cases[i].want);
    }
}

static void formats(void **state)
{
    (void)state;
    char iso[11], ts[20];
    civil_date d = {2025, 4, 1};
    date_format_iso(d, iso);
    assert_string_equal(iso, "2025-04-01");
    /* the edges of the fast path, and past them the printf form (cut at 10) */
    date_format_iso((civil_date){1, 1, 9}, iso);
    assert_string_equal(iso, "0001-01-09");
    date_format_iso((civil_date){9999, 12, 31}, iso);
    assert_string_equal(iso, "9999-12-31");
    date_format_iso((civil_date){10000, 1, 2}, iso);
    assert_string_equal(iso, "10000-01-0");
    date_format_iso((civil_date){-1, 1, 2}, iso);
    assert_string_equal(iso, "-001-01-02");
    date_format_ts_jst(0, ts);                       /* Unix epoch is 09:00 in Tokyo */
    assert_string_equal(ts, "1970-01-01 09:00:00");
    date_format_ts_jst(1743433200, ts);              /* 2025-03-31T15:00:00Z */
    assert_string_equal(ts, "2025-04-01 00:00:00");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_checks_the_calendar),
        cmocka_unit_test(days_round_trip),
        cmocka_unit_test(wareki),
        cmocka_unit_test(formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
