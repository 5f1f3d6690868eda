/* Unit tests: the bill skip reasons, one {code, label} table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/bill_skip.h"

static void every_reason_has_a_code_and_a_label_and_parses_back(void **state)
{
    (void)state;
    for (int r = 0; r < BILL_SKIP__MAX; r++) {
        assert_non_null(bill_skip_code(r));
        assert_non_null(bill_skip_label(r));
        assert_int_equal(bill_skip_parse(bill_skip_code(r)), r);
    }
}

static void the_stored_codes_and_labels_are_the_known_ones(void **state)
{
    (void)state;
    assert_string_equal(bill_skip_code(BILL_SKIP_NO_TARIFF), "no_tariff");
    assert_string_equal(bill_skip_code(BILL_SKIP_HELD), "held");
    assert_string_equal(bill_skip_code(BILL_SKIP_NO_DEDUCTION), "no_deduction");
    assert_string_equal(bill_skip_label(BILL_SKIP_NO_CUSTOMER), "使用者なし（閉栓）");
    assert_string_equal(bill_skip_label(BILL_SKIP_NO_CLASS), "料金区分なし");
}

static void an_unknown_code_is_not_counted_as_another_reason(void **state)
{
    (void)state;
    assert_int_equal(bill_skip_parse("no_such_reason"), -1);
    assert_int_equal(bill_skip_parse(""), -1);
    assert_int_equal(bill_skip_parse(NULL), -1);
    assert_null(bill_skip_code(BILL_SKIP__MAX));
    assert_null(bill_skip_label(-1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_reason_has_a_code_and_a_label_and_parses_back),
        cmocka_unit_test(the_stored_codes_and_labels_are_the_known_ones),
        cmocka_unit_test(an_unknown_code_is_not_counted_as_another_reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
