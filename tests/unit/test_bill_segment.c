/* Unit tests: a bill period cut by days into segments of one tariff and
 * one diameter (domain/bill_segment.h).  The period is days 1001..1061 (the
 * previous reading on day 1000, this one on day 1061: 61 days, an
 * every-two-months route); "day 10" of it is day 1010. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/bill_segment.h"

static tariff T_OLD, T_NEW;   /* only their addresses matter here */

static bill_segments_in period(void)
{
    return (bill_segments_in){.from = 1000, .to = 1061, .t = &T_NEW, .diameter = 20};
}

static void assert_segment(const bill_segment *s, const tariff *t, int diameter, int64_t days)
{
    assert_ptr_equal(s->t, t);
    assert_int_equal(s->diameter, diameter);
    assert_int_equal(s->days, days);
}

static void no_change_is_one_segment(void **state)
{
    (void)state;
    bill_segments_in in = period();
    bill_segment seg[BILL_SEGMENTS_MAX];
    assert_int_equal(bill_segments_of(&in, seg), 1);
    assert_segment(&seg[0], &T_NEW, 20, 61);
}

static void a_diameter_change_on_day_10_of_61(void **state)
{
    (void)state;
    bill_segments_in in = period();
    in.dia_from = 1010;
    in.dia_old = 13;
    bill_segment seg[BILL_SEGMENTS_MAX];
    assert_int_equal(bill_segments_of(&in, seg), 2);
    assert_segment(&seg[0], &T_NEW, 13, 9);    /* days 1..9 at 13 mm */
    assert_segment(&seg[1], &T_NEW, 20, 52);   /* day 10 (the completion day) to 61 at 20 mm */
}

static void a_diameter_change_and_a_tariff_change_make_three(void **state)
{
    (void)state;
    bill_segments_in in = period();
    in.dia_from = 1010;
    in.dia_old = 13;
    in.t_old = &T_OLD;
    in.t_from = 1030;   /* the new tariff from day 30 */
    bill_segment seg[BILL_SEGMENTS_MAX];
    assert_int_equal(bill_segments_of(&in, seg), 3);
    assert_segment(&seg[0], &T_OLD, 13, 9);
    assert_segment(&seg[1], &T_OLD, 20, 20);
    assert_segment(&seg[2], &T_NEW, 20, 32);
    /* the tariff first, then the diameter */
    in.t_from = 1005;
    assert_int_equal(bill_segments_of(&in, seg), 3);
    assert_segment(&seg[0], &T_OLD, 13, 4);
    assert_segment(&seg[1], &T_NEW, 13, 5);
    assert_segment(&seg[2], &T_NEW, 20, 52);
    /* both on the same day: two */
    in.t_from = 1010;
    assert_int_equal(bill_segments_of(&in, seg), 2);
    assert_segment(&seg[0], &T_OLD, 13, 9);
    assert_segment(&seg[1], &T_NEW, 20, 52);
}

static void a_tariff_change_alone_as_before(void **state)
{
    (void)state;
    bill_segments_in in = period();
    in.t_old = &T_OLD;
    in.t_from = 1041;
    bill_segment seg[BILL_SEGMENTS_MAX];
    assert_int_equal(bill_segments_of(&in, seg), 2);
    assert_segment(&seg[0], &T_OLD, 20, 40);
    assert_segment(&seg[1], &T_NEW, 20, 21);
    /* the same tariff both sides, or the change on the first billed day: not split */
    in.t_old = &T_NEW;
    assert_int_equal(bill_segments_of(&in, seg), 1);
    in.t_old = &T_OLD;
    in.t_from = 1001;
    assert_int_equal(bill_segments_of(&in, seg), 1);
    assert_segment(&seg[0], &T_NEW, 20, 61);
}

static void a_change_on_a_reading_date_is_not_split(void **state)
{
    (void)state;
    bill_segments_in in = period();
    in.dia_old = 13;
    bill_segment seg[BILL_SEGMENTS_MAX];
    /* on the previous reading (or the first billed day): the whole period at the new diameter */
    in.dia_from = 1000;
    assert_int_equal(bill_segments_of(&in, seg), 1);
    assert_segment(&seg[0], &T_NEW, 20, 61);
    in.dia_from = 1001;
    assert_int_equal(bill_segments_of(&in, seg), 1);
    assert_segment(&seg[0], &T_NEW, 20, 61);
    /* on this reading: the next period's; this one at the old diameter */
    in.dia_from = 1061;
    assert_int_equal(bill_segments_of(&in, seg), 1);
    assert_segment(&seg[0], &T_NEW, 13, 61);
    /* the day before it: one day at the new diameter */
    in.dia_from = 1060;
    assert_int_equal(bill_segments_of(&in, seg), 2);
    assert_segment(&seg[0], &T_NEW, 13, 59);
    assert_segment(&seg[1], &T_NEW, 20, 2);
}

static void partial_periods(void **state)
{
    (void)state;
    /* a start on day 31 (bill_period_of: from = 1030, 31 days billed) */
    bill_segments_in in = period();
    in.from = 1030;
    in.dia_old = 13;
    bill_segment seg[BILL_SEGMENTS_MAX];
    in.dia_from = 1010;   /* before the start: all at the new diameter */
    assert_int_equal(bill_segments_of(&in, seg), 1);
    assert_segment(&seg[0], &T_NEW, 20, 31);
    in.dia_from = 1040;   /* inside: 9 days at 13 mm, 22 at 20 mm */
    assert_int_equal(bill_segments_of(&in, seg), 2);
    assert_segment(&seg[0], &T_NEW, 13, 9);
    assert_segment(&seg[1], &T_NEW, 20, 22);
    /* a final bill up to day 1020 with the change on day 1010 */
    in = period();
    in.to = 1020;
    in.dia_old = 13;
    in.dia_from = 1010;
    assert_int_equal(bill_segments_of(&in, seg), 2);
    assert_segment(&seg[0], &T_NEW, 13, 9);
    assert_segment(&seg[1], &T_NEW, 20, 11);
    /* an empty period: one segment of no days */
    in.to = 1000;
    assert_int_equal(bill_segments_of(&in, seg), 1);
    assert_int_equal(seg[0].days, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_change_is_one_segment),
        cmocka_unit_test(a_diameter_change_on_day_10_of_61),
        cmocka_unit_test(a_diameter_change_and_a_tariff_change_make_three),
        cmocka_unit_test(a_tariff_change_alone_as_before),
        cmocka_unit_test(a_change_on_a_reading_date_is_not_split),
        cmocka_unit_test(partial_periods),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
