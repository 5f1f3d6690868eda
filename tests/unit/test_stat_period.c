/* Unit tests: the period of the works statistics (domain/stats/stat_period.h):
 * a month's first and last day (February of a leap year), a fiscal year from
 * April to March, today's month by default, and the refusals naming the field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/stats/stat_period.h"

static const civil_date TODAY = {2026, 12, 5};

static void a_month(void **state)
{
    (void)state;
    stat_period p;
    err_t e;
    err_clear(&e);
    assert_int_equal(stat_period_parse("2028-02", NULL, TODAY, &p, &e), 0);
    assert_false(p.year);
    assert_string_equal(p.from_iso, "2028-02-01");
    assert_string_equal(p.to_iso, "2028-02-29");
    assert_string_equal(p.label, "2028年2月");
    assert_string_equal(p.code, "2028-02");
    assert_int_equal(p.fy, 2027);   /* February belongs to the year begun the April before */
    assert_int_equal(stat_period_parse("2026-12", "", TODAY, &p, &e), 0);
    assert_string_equal(p.to_iso, "2026-12-31");
    assert_int_equal(p.fy, 2026);
}

static void a_fiscal_year(void **state)
{
    (void)state;
    stat_period p;
    err_t e;
    err_clear(&e);
    assert_int_equal(stat_period_parse("", "2026", TODAY, &p, &e), 0);
    assert_true(p.year);
    assert_string_equal(p.from_iso, "2026-04-01");
    assert_string_equal(p.to_iso, "2027-03-31");
    assert_string_equal(p.label, "2026年度（令和8年度）");
    assert_int_equal(stat_period_parse(NULL, "2018", TODAY, &p, &e), 0);
    assert_string_equal(p.label, "2018年度（平成30年度）");
}

static void today_by_default(void **state)
{
    (void)state;
    stat_period p;
    err_t e;
    err_clear(&e);
    assert_int_equal(stat_period_parse(NULL, NULL, TODAY, &p, &e), 0);
    assert_string_equal(p.code, "2026-12");
    assert_string_equal(p.from_iso, "2026-12-01");
    assert_int_equal(stat_fiscal_year((civil_date){2027, 3, 31}), 2026);
    assert_int_equal(stat_fiscal_year((civil_date){2027, 4, 1}), 2027);
}

static void refusals_name_the_field(void **state)
{
    (void)state;
    static const struct { const char *month, *year, *field; } BAD[] = {
        {"2026-13", NULL, "month"}, {"2026-4", NULL, "month"}, {"202604", NULL, "month"}, {"1999-04", NULL, "month"},
        {"2026-0a", NULL, "month"}, {NULL, "26", "year"},      {NULL, "2100", "year"},    {NULL, "２０２６", "year"},
        {"2026-04", "2026", "year"},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        stat_period p;
        err_t e;
        err_clear(&e);
        assert_int_equal(stat_period_parse(BAD[i].month, BAD[i].year, TODAY, &p, &e), ERR_INVALID);
        assert_string_equal(e.field, BAD[i].field);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_month),
        cmocka_unit_test(a_fiscal_year),
        cmocka_unit_test(today_by_default),
        cmocka_unit_test(refusals_name_the_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
