/* Unit tests: which part a paid slip belongs to (domain/slip_route.h), read
 * from slips built the way each part prints them: a water bill's, a late
 * charge's, a dunning letter's and a works application's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/slip_route.h"
#include "domain/slipcode.h"
#include "domain/works/works_slipref.h"

/* The 44 digits of a slip for reference (21 digits), as the printers build it. */
static void slip_of(const char *reference, char code[SLIPCODE_LEN + 1])
{
    char err[200];
    slipcode_in in = {.company = "912345", .reference = reference, .due = "2026-12-10", .amount = 3000};
    assert_int_equal(slipcode_build(&in, code, err, sizeof err), 0);
}

static void a_bill_goes_the_general_way(void **state)
{
    (void)state;
    char code[SLIPCODE_LEN + 1], tap[9], number[16];
    int64_t id = 7;
    slip_of("100000420000000000981", code);   /* tap 10000042, bill 981 */
    assert_int_equal(slip_route_of(code, &id, tap, number), SLIP_ROUTE_BILL);
    assert_int_equal(id, 0);
    assert_string_equal(tap, "");
    assert_string_equal(number, "");
}

static void letters_and_charges_name_their_tap_and_id(void **state)
{
    (void)state;
    char code[SLIPCODE_LEN + 1], tap[9], number[16];
    int64_t id = 0;
    slip_of("100000428000000000017", code);   /* mark 8: late charge 17 */
    assert_int_equal(slip_route_of(code, &id, tap, number), SLIP_ROUTE_CHARGE);
    assert_int_equal(id, 17);
    assert_string_equal(tap, "10000042");
    slip_of("100000429000000123456", code);   /* mark 9: letter 123456 */
    assert_int_equal(slip_route_of(code, &id, tap, number), SLIP_ROUTE_LETTER);
    assert_int_equal(id, 123456);
    assert_string_equal(tap, "10000042");
    assert_string_equal(number, "");
}

static void a_works_slip_names_its_application(void **state)
{
    (void)state;
    char ref[WORKS_SLIPREF_LEN + 1], code[SLIPCODE_LEN + 1], tap[9], number[16];
    int64_t id = 0;
    assert_int_equal(works_slipref_build("R8-00012", 345, ref), 0);
    slip_of(ref, code);
    assert_int_equal(slip_route_of(code, &id, tap, number), SLIP_ROUTE_WORKS);
    assert_int_equal(id, 345);
    assert_string_equal(number, "R8-00012");
    assert_string_equal(tap, "");
}

static void anything_else_is_not_ours(void **state)
{
    (void)state;
    char tap[9], number[16];
    int64_t id = 5;
    assert_int_equal(slip_route_of(NULL, &id, tap, number), SLIP_ROUTE_BILL);
    assert_int_equal(slip_route_of("9191", &id, tap, number), SLIP_ROUTE_BILL);
    assert_int_equal(slip_route_of("91912345100000429000000000017x0000000000000", &id, tap, number), SLIP_ROUTE_BILL);
    assert_int_equal(id, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_bill_goes_the_general_way),
        cmocka_unit_test(letters_and_charges_name_their_tap_and_id),
        cmocka_unit_test(a_works_slip_names_its_application),
        cmocka_unit_test(anything_else_is_not_ours),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
