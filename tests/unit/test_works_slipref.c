/* Unit tests: the reference of a works payment slip (domain/works/works_slipref.h):
 * its layout inside the 44 digits, and that it is told apart from a water
 * bill's, a late charge's and a dunning letter's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/slipcode.h"
#include "domain/works/works_slipref.h"

static void layout_of_the_reference(void **state)
{
    (void)state;
    char ref[WORKS_SLIPREF_LEN + 1];
    /* R8-00012, application id 345: year 08, sequence 000012, mark 7, id 000000000345 */
    assert_int_equal(works_slipref_build("R8-00012", 345, ref), 0);
    assert_string_equal(ref, "080000127000000000345");
    assert_int_equal(works_slipref_build("R12-123456", 999999999999LL, ref), 0);
    assert_string_equal(ref, "121234567999999999999");
}

static void bad_numbers_refused(void **state)
{
    (void)state;
    char ref[WORKS_SLIPREF_LEN + 1];
    assert_int_equal(works_slipref_build(NULL, 1, ref), -1);
    assert_int_equal(works_slipref_build("8-00012", 1, ref), -1);
    assert_int_equal(works_slipref_build("R8-", 1, ref), -1);
    assert_int_equal(works_slipref_build("R0-00001", 1, ref), -1);
    assert_int_equal(works_slipref_build("R100-00001", 1, ref), -1);
    assert_int_equal(works_slipref_build("R8-1234567", 1, ref), -1);
    assert_int_equal(works_slipref_build("R8-00001x", 1, ref), -1);
    assert_int_equal(works_slipref_build("R8-00001", 0, ref), -1);
    assert_int_equal(works_slipref_build("R8-00001", 1000000000000LL, ref), -1);
    assert_string_equal(ref, "");
}

static void read_back_from_the_slip(void **state)
{
    (void)state;
    char ref[WORKS_SLIPREF_LEN + 1], code[SLIPCODE_LEN + 1], err[200], number[16];
    assert_int_equal(works_slipref_build("R8-00012", 345, ref), 0);
    slipcode_in in = {.company = "912345", .reference = ref, .reissue = 0, .due = "2026-12-10", .amount = 46000};
    assert_int_equal(slipcode_build(&in, code, err, sizeof err), 0);
    assert_memory_equal(code + 8, "080000127000000000345", 21);
    int64_t id = 0;
    assert_true(works_slipref_parse(code, &id, number));
    assert_int_equal(id, 345);
    assert_string_equal(number, "R8-00012");
}

static void other_slips_are_not_works(void **state)
{
    (void)state;
    char code[SLIPCODE_LEN + 1], err[200], number[16];
    int64_t id = 9;
    /* a water bill: tap 10000042, bill id 981 as 13 digits */
    slipcode_in in = {.company = "912345", .reference = "100000420000000000981", .due = "2026-12-10", .amount = 3000};
    assert_int_equal(slipcode_build(&in, code, err, sizeof err), 0);
    assert_false(works_slipref_parse(code, &id, number));
    assert_int_equal(id, 0);
    /* a late charge ('8') and a letter ('9') of the same tap */
    in.reference = "100000428000000000017";
    assert_int_equal(slipcode_build(&in, code, err, sizeof err), 0);
    assert_false(works_slipref_parse(code, &id, number));
    in.reference = "100000429000000000017";
    assert_int_equal(slipcode_build(&in, code, err, sizeof err), 0);
    assert_false(works_slipref_parse(code, &id, number));
    assert_false(works_slipref_parse("9191", &id, number));
    assert_false(works_slipref_parse(NULL, &id, number));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(layout_of_the_reference),
        cmocka_unit_test(bad_numbers_refused),
        cmocka_unit_test(read_back_from_the_slip),
        cmocka_unit_test(other_slips_are_not_works),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
