/* Unit tests: payment allocation rules (domain/alloc.h) — a bill's parts for
 * the books, partial payments split in proportion, and spreading money over
 * bills oldest first.  No yen may be lost or made up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/alloc.h"

static void parts_of_a_bill(void **state)
{
    (void)state;
    alloc_parts p;
    /* water 5,940 and sewer 4,884 (tax included), tax 984 in all */
    alloc_bill_parts(5940, 4884, 0, 984, &p);
    assert_int_equal(alloc_parts_sum(&p), 5940 + 4884);
    assert_int_equal(p.tax, 984);
    /* the tax is shared in proportion to the gross: 984 × 5940 / 10824 = 540.0 */
    assert_int_equal(p.water, 5940 - 540);
    assert_int_equal(p.sewer, 4884 - 444);
    /* a leak reduction (negative adjustment) is shared in proportion too */
    alloc_bill_parts(6000, 4000, -1001, 818, &p);
    assert_int_equal(alloc_parts_sum(&p), 6000 + 4000 - 1001);
    assert_true(p.water > 0 && p.sewer > 0);
    /* water only (a neighbour runs the sewer) */
    alloc_bill_parts(3877, 0, 0, 352, &p);
    assert_int_equal(p.sewer, 0);
    assert_int_equal(p.water, 3877 - 352);
}

static void partial_payments_make_the_bill_whole(void **state)
{
    (void)state;
    alloc_parts whole, paid = {0, 0, 0}, got;
    alloc_bill_parts(5940, 4884, 0, 984, &whole);
    /* pay 1,000 yen at a time, then the rest: the parts end exactly whole */
    int64_t left = alloc_parts_sum(&whole);
    while (left > 0) {
        int64_t pay = left > 1000 ? 1000 : left;
        assert_int_equal(alloc_split(&whole, &paid, pay, &got), 0);
        assert_int_equal(alloc_parts_sum(&got), pay);
        assert_true(got.water >= 0 && got.sewer >= 0 && got.tax >= 0);
        paid.water += got.water;
        paid.sewer += got.sewer;
        paid.tax += got.tax;
        assert_true(paid.water <= whole.water && paid.sewer <= whole.sewer && paid.tax <= whole.tax);
        left -= pay;
    }
    assert_memory_equal(&paid, &whole, sizeof whole);
    /* nothing more can be split, nor 0 or a negative amount */
    assert_int_equal(alloc_split(&whole, &paid, 1, &got), -1);
    alloc_parts none = {0, 0, 0};
    assert_int_equal(alloc_split(&whole, &none, 0, &got), -1);
    assert_int_equal(alloc_split(&whole, &none, alloc_parts_sum(&whole) + 1, &got), -1);
}

static void every_amount_every_yen(void **state)
{
    (void)state;
    /* for every amount of a small bill, the split adds up and stays within */
    alloc_parts whole;
    alloc_bill_parts(1234, 987, -55, 196, &whole);
    alloc_parts none = {0, 0, 0};
    for (int64_t a = 1; a <= alloc_parts_sum(&whole); a++) {
        alloc_parts got, rest;
        assert_int_equal(alloc_split(&whole, &none, a, &got), 0);
        assert_int_equal(alloc_parts_sum(&got), a);
        if (a < alloc_parts_sum(&whole)) {
            assert_int_equal(alloc_split(&whole, &got, alloc_parts_sum(&whole) - a, &rest), 0);
            assert_int_equal(got.water + rest.water, whole.water);
            assert_int_equal(got.sewer + rest.sewer, whole.sewer);
            assert_int_equal(got.tax + rest.tax, whole.tax);
        }
    }
}

static void oldest_first_and_the_rest_is_credit(void **state)
{
    (void)state;
    int64_t bal[4] = {3000, 0, 2500, 4000}, take[4];
    assert_int_equal(alloc_plan(bal, 4, 6000, take), 0);
    assert_int_equal(take[0], 3000);
    assert_int_equal(take[1], 0);
    assert_int_equal(take[2], 2500);
    assert_int_equal(take[3], 500);
    /* an over-payment leaves credit */
    assert_int_equal(alloc_plan(bal, 4, 10000, take), 500);
    assert_int_equal(take[3], 4000);
    /* no bills: all credit */
    assert_int_equal(alloc_plan(bal, 0, 700, take), 700);
}

/* Money may be dated today or before, never after (a debit result is read
 * on or after its debit date). */
static void money_is_never_dated_after_today(void **state)
{
    (void)state;
    civil_date today = {2026, 12, 5};
    assert_true(alloc_money_date_ok(today, today));
    assert_true(alloc_money_date_ok((civil_date){2026, 12, 4}, today));
    assert_true(alloc_money_date_ok((civil_date){2025, 12, 31}, today));
    assert_false(alloc_money_date_ok((civil_date){2026, 12, 6}, today));
    assert_false(alloc_money_date_ok((civil_date){2027, 1, 1}, today));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parts_of_a_bill),
        cmocka_unit_test(partial_payments_make_the_bill_whole),
        cmocka_unit_test(every_amount_every_yen),
        cmocka_unit_test(oldest_first_and_the_rest_is_credit),
        cmocka_unit_test(money_is_never_dated_after_today),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
