/* Unit tests: a resident's way of writing an address against the tap's
 * registered place of use (domain/address_match.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/address_match.h"

static void keys(void **state)
{
    (void)state;
    char k[128];
    address_key("中央四丁目29番8号", k, sizeof k);
    assert_string_equal(k, "中央4-29-8");
    address_key("中央４－２９－８", k, sizeof k);
    assert_string_equal(k, "中央4-29-8");
    address_key("  北町 二十三番地の五 ", k, sizeof k);
    assert_string_equal(k, "北町23-5");
    address_key("丸の内十二番", k, sizeof k);
    assert_string_equal(k, "丸-内12");
    address_key("", k, sizeof k);
    assert_string_equal(k, "");
}

static void matches(void **state)
{
    (void)state;
    assert_true(address_matches("山峡市中央4-29-8", "中央四丁目29番8号"));
    assert_true(address_matches("山峡市 中央四丁目２９番８号 みどりハイツ101", "中央四丁目29番8号"));
    assert_false(address_matches("山峡市中央4-29-81", "中央四丁目29番8号"));   /* another lot */
    assert_false(address_matches("山峡市中央5-29-8", "中央四丁目29番8号"));
    assert_false(address_matches("山峡市北町5番6号", "中央四丁目29番8号"));
    assert_false(address_matches("どこか", ""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keys),
        cmocka_unit_test(matches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
