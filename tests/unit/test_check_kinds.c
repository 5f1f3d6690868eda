/* Unit tests: check_kinds (domain/checks/check_kinds.h) — every list has a
 * code that parses back, a label, a sentence and its two headings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/checks/check_kinds.h"

static void table(void **state)
{
    (void)state;
    for (int k = 0; k < CHECK__MAX; k++) {
        const check_kind_info *i = check_kind_get(k);
        assert_non_null(i);
        assert_int_equal(check_kind_parse(i->code), k);
        assert_true(strlen(i->label) > 0 && strlen(i->what) > 0 && strlen(i->col_a) > 0 && strlen(i->col_b) > 0);
    }
    assert_int_equal(check_kind_parse("no-sewer"), CHECK_NO_SEWER);
    assert_int_equal(check_kind_parse("under-base"), CHECK_UNDER_BASE);
    assert_int_equal(check_kind_parse("No-Sewer"), -1);
    assert_int_equal(check_kind_parse(""), -1);
    assert_int_equal(check_kind_parse(NULL), -1);
    assert_null(check_kind_get(-1));
    assert_null(check_kind_get(CHECK__MAX));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(table)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
