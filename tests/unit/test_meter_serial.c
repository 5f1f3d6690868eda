/* Unit tests: meter serials and delivery ranges (domain/meter/meter_serial.h):
 * a range counts up the trailing digits keeping their width, a serial with
 * hyphens of its own is read by the hyphen in the middle, a range backwards
 * or too long or of mismatched ends is refused with a reason; 検定満了年月
 * becomes the month's last day. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/meter/meter_serial.h"

static void a_range(void **state)
{
    (void)state;
    meter_range r;
    char why[300], s[24];
    assert_true(meter_range_parse("A1000-A1099", &r, why, sizeof why));
    assert_string_equal(r.prefix, "A");
    assert_int_equal(r.width, 4);
    assert_int_equal(meter_range_count(&r), 100);
    meter_range_serial(&r, 0, s, sizeof s);
    assert_string_equal(s, "A1000");
    meter_range_serial(&r, 99, s, sizeof s);
    assert_string_equal(s, "A1099");
    int64_t k = -1;
    assert_true(meter_range_has(&r, "A1050", &k));
    assert_int_equal(k, 50);
    assert_false(meter_range_has(&r, "A1100", NULL));
    assert_false(meter_range_has(&r, "A100Z", NULL));
    assert_false(meter_range_has(&r, "B1050", NULL));
    assert_false(meter_range_has(&r, "A01050", NULL));
}

static void leading_zeros_and_hyphens(void **state)
{
    (void)state;
    meter_range r;
    char why[300], s[24];
    assert_true(meter_range_parse("TK-0098-TK-0102", &r, why, sizeof why));
    assert_string_equal(r.prefix, "TK-");
    assert_int_equal(meter_range_count(&r), 5);
    meter_range_serial(&r, 2, s, sizeof s);
    assert_string_equal(s, "TK-0100");
    /* one serial, hyphen and all */
    assert_true(meter_range_parse("TK-0098", &r, why, sizeof why));
    assert_int_equal(meter_range_count(&r), 1);
    meter_range_serial(&r, 0, s, sizeof s);
    assert_string_equal(s, "TK-0098");
    assert_true(meter_range_parse("12345", &r, why, sizeof why));
    assert_int_equal(meter_range_count(&r), 1);
}

static void refusals(void **state)
{
    (void)state;
    meter_range r;
    char why[300];
    assert_false(meter_range_parse("A1099-A1000", &r, why, sizeof why));
    assert_non_null(strstr(why, "範囲の終わり（A1000）が始め（A1099）より前です"));
    assert_false(meter_range_parse("A00001-A09999", &r, why, sizeof why));
    assert_non_null(strstr(why, "5000 個まで"));
    assert_false(meter_range_parse("", &r, why, sizeof why));
    assert_false(meter_range_parse(NULL, &r, why, sizeof why));
    assert_false(meter_range_parse("a1000-a1099", &r, why, sizeof why));   /* lower case */
    assert_false(meter_range_parse("ABCD", &r, why, sizeof why));         /* no digits to count */
    assert_false(meter_range_parse("A1000-B1099", &r, why, sizeof why));  /* ends that make no range */
    assert_non_null(strstr(why, "範囲の始め（A1000）と終わり（B1099）は"));
    assert_false(meter_range_parse("A1000-a1099", &r, why, sizeof why));  /* lower case: neither */
    assert_non_null(strstr(why, "A1000-A1099"));
    assert_false(meter_serial_ok("A12"));
    assert_false(meter_serial_ok("A123456789012345678901"));
    assert_true(meter_serial_ok("SD-13-0001"));
}

static void expiry_month(void **state)
{
    (void)state;
    char d[11];
    assert_true(meter_expiry_parse("2034-03", d, sizeof d));
    assert_string_equal(d, "2034-03-31");
    assert_true(meter_expiry_parse("2028-02", d, sizeof d));
    assert_string_equal(d, "2028-02-29");
    assert_true(meter_expiry_parse("2034-12", d, sizeof d));
    assert_string_equal(d, "2034-12-31");
    assert_false(meter_expiry_parse("2034-13", d, sizeof d));
    assert_false(meter_expiry_parse("2034-3", d, sizeof d));
    assert_false(meter_expiry_parse("2034/03", d, sizeof d));
    assert_false(meter_expiry_parse(NULL, d, sizeof d));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_range),
        cmocka_unit_test(leading_zeros_and_hyphens),
        cmocka_unit_test(refusals),
        cmocka_unit_test(expiry_month),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
