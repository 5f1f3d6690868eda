/* Unit tests: the payment slip's 44-digit barcode (domain/slipcode.h), with
 * the worked examples of the collection agents' layout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/slipcode.h"

static void worked_examples(void **state)
{
    (void)state;
    assert_int_equal(slipcode_check_digit("9191234501234567890"), -1);
    /* 91 912345 0123456789012345678901 010331 0 123000 -> 3 (reissue 0, due 010331) */
    assert_int_equal(slipcode_check_digit("9191234501234567890123456789010103310123000"), 3);
    /* 91 942386 1789539178539356927301 030731 1 031290 -> 3 */
    assert_int_equal(slipcode_check_digit("9194238617895391785393569273010307311031290"), 3);
    assert_true(slipcode_valid("91912345012345678901234567890101033101230003"));
    assert_false(slipcode_valid("91912345012345678901234567890101033101230004"));   /* wrong check digit */
    assert_false(slipcode_valid("9191234501234567890123456789010103310123000"));    /* 43 digits */
    assert_false(slipcode_valid("9191234501234567890123456789010103310123000A"));
}

static void built_from_a_bill(void **state)
{
    (void)state;
    char out[SLIPCODE_LEN + 1], err[200];
    slipcode_in in = {.company = "912345", .reference = "1000004200000981", .reissue = 1, .due = "2026-12-10",
                      .amount = 12345};
    assert_int_equal(slipcode_build(&in, out, err, sizeof err), 0);
    assert_int_equal(strlen(out), 44);
    assert_memory_equal(out, "91912345", 8);
    assert_memory_equal(out + 8, "000001000004200000981", 21);
    assert_int_equal(out[29], '1');
    assert_memory_equal(out + 30, "261210", 6);
    assert_int_equal(out[36], '0');
    assert_memory_equal(out + 37, "012345", 6);
    assert_true(slipcode_valid(out));
    in.due = NULL;
    assert_int_equal(slipcode_build(&in, out, err, sizeof err), 0);
    assert_memory_equal(out + 30, "999999", 6);
    in.amount = 1000000;
    assert_int_equal(slipcode_build(&in, out, err, sizeof err), -1);
    assert_non_null(strstr(err, "amount"));
    in.amount = 100;
    in.company = "91234";
    assert_int_equal(slipcode_build(&in, out, err, sizeof err), -1);
    assert_non_null(strstr(err, "company"));
}

static void a_slip_carries_one_yen_to_999999_yen(void **state)
{
    (void)state;
    static const struct {
        int64_t amount;
        bool payable;
    } V[] = {{-1, false}, {0, false}, {1, true}, {3300, true}, {999999, true}, {1000000, false}, {5000000, false}};
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++)
        assert_int_equal(slipcode_payable(V[i].amount), V[i].payable);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(worked_examples),
        cmocka_unit_test(built_from_a_bill),
        cmocka_unit_test(a_slip_carries_one_yen_to_999999_yen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
