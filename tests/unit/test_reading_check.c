/* Unit tests: usage from readings and the guards against wrong readings
 * (domain/reading_check.h), with the incidents of practice.md as cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/reading_check.h"

static reading_rules rules(void)
{
    reading_rules r;
    reading_rules_default(&r);
    return r;
}

/* A household on a 4-digit meter using about 24 m³ every two months. */
static reading_basis household(int64_t prev_value)
{
    reading_basis b = {.digits = 4, .has_prev = true, .prev_value = prev_value, .days = 61,
                       .has_prev_period = true, .prev_period = {24, 61}, .has_last_year = true, .last_year = {22, 59}};
    return b;
}

static void ordinary_reading_is_accepted(void **state)
{
    (void)state;
    reading_rules r = rules();
    reading_basis b = household(1200);
    reading_verdict v;
    reading_check(&r, &b, 1226, &v);
    assert_int_equal(v.status, READING_ACCEPTED);
    assert_int_equal(v.usage, 26);
    assert_int_equal(v.reasons, 0);
}

/* 杵築市: a typing error billed ¥1,571,080 instead of ¥34,930.  A business
 * on a 5-digit meter normally uses ~150 m³ in two months; an extra digit
 * typed makes it thousands. */
static void mistyped_reading_is_held_not_billed(void **state)
{
    (void)state;
    reading_rules r = rules();
    reading_basis b = {.digits = 5, .has_prev = true, .prev_value = 31250, .days = 61, .has_prev_period = true,
                       .prev_period = {150, 61}, .has_last_year = true, .last_year = {148, 61}};
    reading_verdict v;
    reading_check(&r, &b, 31400, &v);   /* the right value: 150 m³ */
    assert_int_equal(v.status, READING_ACCEPTED);
    reading_check(&r, &b, 38140, &v);   /* "31400" typed as "38140"... */
    assert_int_equal(v.status, READING_HELD);
    assert_int_equal(v.usage, 6890);
    assert_true(v.reasons & RR_HIGH_PREV);
    assert_true(v.reasons & RR_HIGH_LAST_YEAR);
}

/* 甲良町: a lower reading on a 4-digit meter was taken for a rollover. */
static void lower_reading_not_a_plausible_rollover_is_held(void **state)
{
    (void)state;
    reading_rules r = rules();
    reading_basis b = household(5234);
    reading_verdict v;
    reading_check(&r, &b, 5230, &v);   /* misread: 4 lower than last time */
    assert_int_equal(v.status, READING_HELD);
    assert_true(v.reasons & RR_LOWER);
    assert_false(v.reasons & RR_ROLLOVER);
    assert_int_equal(v.usage, 9996);   /* what a rollover would have billed */
}

static void plausible_rollover_is_accepted(void **state)
{
    (void)state;
    reading_rules r = rules();
    reading_basis b = household(9990);
    reading_verdict v;
    reading_check(&r, &b, 15, &v);     /* 9990 -> 9999 -> 0000 -> 0015: 25 m³ */
    assert_int_equal(v.status, READING_ACCEPTED);
    assert_int_equal(v.usage, 25);
    assert_true(v.reasons & RR_ROLLOVER);
}

static void rollover_without_history_is_held(void **state)
{
    (void)state;
    reading_rules r = rules();
    reading_basis b = {.digits = 4, .has_prev = true, .prev_value = 9990, .days = 61};
    reading_verdict v;
    reading_check(&r, &b, 15, &v);
    assert_int_equal(v.status, READING_HELD);
    assert_true(v.reasons & RR_LOWER);
}

static void zero_on_a_tap_that_uses_water_is_held(void **state)
{
    (void)state;
    reading_rules r = rules();
    reading_basis b = household(1200);
    reading_verdict v;
    reading_check(&r, &b, 1200, &v);
    assert_int_equal(v.status, READING_HELD);
    assert_true(v.reasons & RR_ZERO);
    /* A holiday home that uses almost nothing: zero is normal. */
    b.prev_period = (reading_period){2, 61};
    b.last_year = (reading_period){1, 59};
    reading_check(&r, &b, 1200, &v);
    assert_int_equal(v.status, READING_ACCEPTED);
}

static void usage_is_compared_per_day(void **state)
{
    (void)state;
    reading_rules r = rules();
    /* 24 m³ in 30 days last time; this period is 61 days: 49 m³ is normal. */
    reading_basis b = household(1200);
    b.prev_period = (reading_period){24, 30};
    b.has_last_year = false;
    reading_verdict v;
    reading_check(&r, &b, 1249, &v);
    assert_int_equal(v.status, READING_ACCEPTED);
}

static void moderate_rise_against_both_is_a_leak_suspect(void **state)
{
    (void)state;
    reading_rules r = rules();
    reading_basis b = household(1200);
    reading_verdict v;
    reading_check(&r, &b, 1240, &v);   /* 40 m³: 1.6x last time, 1.8x last year */
    assert_int_equal(v.status, READING_ACCEPTED);
    assert_true(v.reasons & RR_LEAK);
}

static void replaced_meter_part_is_added(void **state)
{
    (void)state;
    reading_rules r = rules();
    reading_basis b = household(0);    /* new meter started at 0 */
    b.other_meters_m3 = 10;            /* the old meter's part of the period */
    reading_verdict v;
    reading_check(&r, &b, 14, &v);
    assert_int_equal(v.meter_usage, 14);
    assert_int_equal(v.usage, 24);
    assert_int_equal(v.status, READING_ACCEPTED);
}

static void expected_range_wraps_at_the_dial(void **state)
{
    (void)state;
    reading_rules r = rules();
    reading_basis b = household(9990);
    int64_t lo, hi;
    assert_true(reading_expected_range(&r, &b, &lo, &hi));
    assert_int_equal(lo, 9997);        /* 9990 + 30% of 24 */
    assert_int_equal(hi, 38);          /* 9990 + 48 wraps to 0038 */
    reading_basis none = {.digits = 4, .has_prev = true, .prev_value = 5};
    assert_false(reading_expected_range(&r, &none, &lo, &hi));
}

static void estimate_by_rule(void **state)
{
    (void)state;
    reading_rules r = rules();
    reading_basis b = household(1200);
    reading_period recent[3] = {{24, 61}, {30, 61}, {21, 61}};
    int64_t u;
    assert_true(reading_estimate(&r, recent, 3, &b, 61, &u));
    assert_int_equal(u, 25);           /* (24 + 30 + 21) / 3 */
    r.estimate_last_year = true;
    assert_true(reading_estimate(&r, recent, 3, &b, 59, &u));
    assert_int_equal(u, 22);
    reading_basis empty = {.digits = 4};
    r.estimate_last_year = false;
    assert_false(reading_estimate(&r, NULL, 0, &empty, 61, &u));
}

static void lower_than_an_estimate_is_held_for_settlement(void **state)
{
    (void)state;
    reading_rules r = rules();
    reading_basis b = household(1230);
    b.prev_estimated = true;
    reading_verdict v;
    reading_check(&r, &b, 1222, &v);
    assert_int_equal(v.status, READING_HELD);
    assert_true(v.reasons & RR_BELOW_ESTIMATE);
    assert_int_equal(v.meter_usage, -8);
}

static void reason_codes_round_trip(void **state)
{
    (void)state;
    unsigned bits = RR_HIGH_PREV | RR_LEAK | RR_CONFIRMED;
    assert_int_equal(reading_reasons_parse("high_prev,leak,confirmed"), bits);
    assert_int_equal(reading_reasons_parse(""), 0);
    assert_int_equal(reading_reasons_parse("nonsense,zero"), RR_ZERO);
    assert_string_equal(reading_reason_code(RR_LOWER), "lower");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ordinary_reading_is_accepted),
        cmocka_unit_test(mistyped_reading_is_held_not_billed),
        cmocka_unit_test(lower_reading_not_a_plausible_rollover_is_held),
        cmocka_unit_test(plausible_rollover_is_accepted),
        cmocka_unit_test(rollover_without_history_is_held),
        cmocka_unit_test(zero_on_a_tap_that_uses_water_is_held),
        cmocka_unit_test(usage_is_compared_per_day),
        cmocka_unit_test(moderate_rise_against_both_is_a_leak_suspect),
        cmocka_unit_test(replaced_meter_part_is_added),
        cmocka_unit_test(expected_range_wraps_at_the_dial),
        cmocka_unit_test(estimate_by_rule),
        cmocka_unit_test(lower_than_an_estimate_is_held_for_settlement),
        cmocka_unit_test(reason_codes_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
