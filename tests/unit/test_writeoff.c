/* Unit tests: writeoff (domain/writeoff.h) — reason codes and labels, which
 * reasons rest on limitation, the split of a balance into its water and
 * sewer parts, the fiscal year (4月〜3月). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/writeoff.h"

static void reasons(void **state)
{
    (void)state;
    for (int r = 0; r < WRITEOFF__NREASONS; r++)
        assert_int_equal(writeoff_reason_parse(writeoff_reason_code(r)), r);
    assert_int_equal(writeoff_reason_parse("limitation"), WRITEOFF_LIMITATION);
    assert_string_equal(writeoff_reason_label(WRITEOFF_DEATH), "死亡・相続放棄");
    assert_int_equal(writeoff_reason_parse(""), -1);
    assert_int_equal(writeoff_reason_parse(NULL), -1);
    assert_int_equal(writeoff_reason_parse("Limitation"), -1);
    assert_true(writeoff_reason_needs_limitation(WRITEOFF_LIMITATION));
    assert_true(writeoff_reason_needs_limitation(WRITEOFF_INVOCATION));
    assert_true(writeoff_reason_needs_limitation(WRITEOFF_WAIVER));
    assert_false(writeoff_reason_needs_limitation(WRITEOFF_BANKRUPTCY));
    assert_false(writeoff_reason_needs_limitation(WRITEOFF_OTHER));
}

static void split(void **state)
{
    (void)state;
    int64_t w = -1, s = -1;
    writeoff_split(5500, 2000, 0, &w, &s);   /* nothing paid: sewer whole, the rest water */
    assert_int_equal(s, 2000);
    assert_int_equal(w, 3500);
    writeoff_split(3000, 2000, 800, &w, &s);   /* part of the sewer paid */
    assert_int_equal(s, 1200);
    assert_int_equal(w, 1800);
    writeoff_split(500, 2000, 0, &w, &s);   /* balance below the sewer charge */
    assert_int_equal(s, 500);
    assert_int_equal(w, 0);
    writeoff_split(1000, 2000, 2500, &w, &s);   /* more given to sewer than charged */
    assert_int_equal(s, 0);
    assert_int_equal(w, 1000);
    writeoff_split(-100, 2000, 0, &w, &s);   /* overpaid */
    assert_int_equal(s, 0);
    assert_int_equal(w, 0);
}

static void fiscal_year(void **state)
{
    (void)state;
    assert_int_equal(writeoff_fiscal_year("2026-04-01"), 2026);
    assert_int_equal(writeoff_fiscal_year("2026-03-31"), 2025);
    assert_int_equal(writeoff_fiscal_year("2026-12-05"), 2026);
    assert_int_equal(writeoff_fiscal_year("2027-01-01"), 2026);
    assert_int_equal(writeoff_fiscal_year("2026-13-01"), -1);
    assert_int_equal(writeoff_fiscal_year("2026/04/01"), -1);
    assert_int_equal(writeoff_fiscal_year(""), -1);
    assert_int_equal(writeoff_fiscal_year(NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reasons),
        cmocka_unit_test(split),
        cmocka_unit_test(fiscal_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
