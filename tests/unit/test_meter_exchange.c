/* Unit tests: the usage of a period with a meter exchange (domain/meter/
 * meter_exchange.h, and the hold in domain/reading_check.h).  The 福岡 case
 * (2024): the old and the new meter's parts must both be billed and the test
 * flush taken off; the 玉野 case (2025): a new start dial entered as the old
 * meter's reading makes the next dial look like a meter gone round (thousands
 * of m³): held with its reason, never billed as a rollover. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/meter/meter_exchange.h"
#include "domain/reading_check.h"

/* 福岡: old part 18 m³ (final 1218 after 1200), new meter 0 → 9 with a 1 m³
 * flush: the period is 18 + 9 - 1 = 26, not 9 (parts not added) nor 27
 * (flush skipped). */
static void fukuoka_parts_added_flush_taken_off(void **state)
{
    (void)state;
    meter_exchange_in x = {.digits = 4, .start = 0, .flush_m3 = 1, .old_m3 = 18};
    meter_exchange_out o;
    meter_exchange_usage(&x, 9, &o);
    assert_int_equal(o.fault, MX_FITS);
    assert_int_equal(o.new_m3, 9);
    assert_int_equal(o.usage, 26);
    x.flush_m3 = 0;
    meter_exchange_usage(&x, 9, &o);
    assert_int_equal(o.usage, 27);
}

/* 福岡: the same through the reading checks, as the billing sees it. */
static void fukuoka_through_the_checks(void **state)
{
    (void)state;
    reading_rules r;
    reading_rules_default(&r);
    reading_basis b = {.digits = 4, .has_prev = true, .prev_value = 3, .days = 61, .other_meters_m3 = 18,
                       .exchanged = true, .flush_m3 = 1, .has_prev_period = true,
                       .prev_period = {.usage = 25, .days = 61}};
    reading_verdict v;
    reading_check(&r, &b, 12, &v);
    assert_int_equal(v.status, READING_ACCEPTED);
    assert_int_equal(v.meter_usage, 9);
    assert_int_equal(v.usage, 18 + 9 - 1);
    assert_false(v.reasons & RR_HOLD_MASK);
}

/* 玉野: the old meter stood at 4,321 when it came off; the new meter was set
 * at 0 but 4,321 was entered as its start dial.  Two months on it reads 15:
 * as a rollover that is 15 + 10,000 - 4,321 = 5,694 m³.  Held, with the
 * exchange reason, and not as a plausible rollover. */
static void tamano_start_dial_of_the_old_meter(void **state)
{
    (void)state;
    meter_exchange_in x = {.digits = 4, .start = 4321, .flush_m3 = 1, .old_m3 = 10};
    meter_exchange_out o;
    meter_exchange_usage(&x, 15, &o);
    assert_int_equal(o.fault, MX_BELOW_START);
    assert_int_equal(o.new_m3, 5694);

    reading_rules r;
    reading_rules_default(&r);
    /* even with a history that would make 5,694 m³ a plausible period */
    reading_basis b = {.digits = 4, .has_prev = true, .prev_value = 4321, .days = 61, .other_meters_m3 = 10,
                       .exchanged = true, .flush_m3 = 1, .has_prev_period = true,
                       .prev_period = {.usage = 5000, .days = 61}};
    reading_verdict v;
    reading_check(&r, &b, 15, &v);
    assert_int_equal(v.status, READING_HELD);
    assert_true(v.reasons & RR_EXCHANGE_START);
    assert_false(v.reasons & RR_ROLLOVER);
    assert_string_equal(reading_reason_code(RR_EXCHANGE_START), "exchange_start");
    assert_non_null(strstr(reading_reason_text(RR_EXCHANGE_START), "取付指針"));
    assert_int_equal(reading_reasons_parse("exchange_start,leak"), RR_EXCHANGE_START | RR_LEAK);
}

/* A flush larger than the new meter's part, and an old part still held. */
static void parts_that_do_not_fit(void **state)
{
    (void)state;
    meter_exchange_in x = {.digits = 4, .start = 0, .flush_m3 = 5, .old_m3 = 3};
    meter_exchange_out o;
    meter_exchange_usage(&x, 2, &o);
    assert_int_equal(o.fault, MX_FLUSH_OVER);
    assert_int_equal(o.usage, 0);
    x = (meter_exchange_in){.digits = 4, .start = 0, .flush_m3 = 1, .old_pending = true};
    meter_exchange_usage(&x, 20, &o);
    assert_int_equal(o.fault, MX_OLD_PENDING);

    reading_rules r;
    reading_rules_default(&r);
    reading_basis b = {.digits = 4, .has_prev = true, .prev_value = 0, .days = 61, .exchanged = true,
                       .flush_m3 = 5};
    reading_verdict v;
    reading_check(&r, &b, 2, &v);
    assert_int_equal(v.status, READING_HELD);
    assert_true(v.reasons & RR_EXCHANGE_FLUSH);
    b.flush_m3 = 1;
    b.old_pending = true;
    reading_check(&r, &b, 20, &v);
    assert_true(v.reasons & RR_EXCHANGE_OLD);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fukuoka_parts_added_flush_taken_off),
        cmocka_unit_test(fukuoka_through_the_checks),
        cmocka_unit_test(tamano_start_dial_of_the_old_meter),
        cmocka_unit_test(parts_that_do_not_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
