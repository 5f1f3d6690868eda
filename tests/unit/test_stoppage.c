/* Unit tests: whether a tap owes enough, long enough, to be stopped; the
 * results a stoppage or reopening visit can record. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/stoppage.h"

static civil_date D(const char *iso)
{
    civil_date d;
    assert_true(date_parse(iso, &d));
    return d;
}

static void due(void **state)
{
    (void)state;
    static const struct { int64_t owed; const char *oldest, *today; int64_t yen, months; bool want; } V[] = {
        {5000, "2026-09-30", "2026-12-05", 1, 2, true},
        {5000, "2026-10-05", "2026-12-05", 1, 2, true},     /* exactly two months */
        {5000, "2026-10-06", "2026-12-05", 1, 2, false},    /* a day short */
        {5000, "2027-02-28", "2027-04-30", 1, 2, true},     /* the shorter month clamps */
        {5000, "2027-03-01", "2027-04-30", 1, 2, false},
        {5000, "2026-12-31", "2027-02-28", 1, 2, false},
        {5000, "2025-11-30", "2026-01-31", 1, 2, true},     /* across the year */
        {999, "2026-01-01", "2026-12-05", 1000, 2, false},  /* too little */
        {1000, "2026-01-01", "2026-12-05", 1000, 2, true},
        {0, "2026-01-01", "2026-12-05", 0, 0, false},       /* nothing owed is never due */
        {5000, "", "2026-12-05", 1, 2, false},
        {5000, "2026-13-01", "2026-12-05", 1, 2, false},
    };
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++)
        if (stoppage_due(V[i].owed, V[i].oldest, D(V[i].today), V[i].yen, V[i].months) != V[i].want)
            fail_msg("case %zu", i);
    assert_false(stoppage_due(5000, NULL, D("2026-12-05"), 1, 2));
}

static void results(void **state)
{
    (void)state;
    assert_true(stoppage_result_valid("stoppage", "stopped"));
    assert_true(stoppage_result_valid("stoppage", "absent"));
    assert_true(stoppage_result_valid("stoppage", "paid"));
    assert_false(stoppage_result_valid("stoppage", "reopened"));
    assert_true(stoppage_result_valid("reopen", "reopened"));
    assert_false(stoppage_result_valid("reopen", "stopped"));
    assert_false(stoppage_result_valid("close", "stopped"));
    assert_false(stoppage_result_valid(NULL, "stopped"));
    assert_false(stoppage_result_valid("stoppage", NULL));
    assert_string_equal(stoppage_result_label("paid"), "納付済で中止");
    assert_string_equal(stoppage_result_label("stopped"), "停止済");
    assert_string_equal(stoppage_result_label("absent"), "不在");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(due), cmocka_unit_test(results)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
