/* ipallow: the /metrics allow-list — loopback always, addresses and CIDR
 * blocks of both families, a malformed list refused as a whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/ipallow.h"

static void loopback_always(void **state)
{
    (void)state;
    assert_true(ipallow_match(NULL, "127.0.0.1", NULL));
    assert_true(ipallow_match("", "127.1.2.3", NULL));
    assert_true(ipallow_match("", "::1", NULL));
    assert_true(ipallow_match("", "::ffff:127.0.0.1", NULL));
    assert_false(ipallow_match("", "10.0.0.1", NULL));
    assert_false(ipallow_match("", "-", NULL));
}

static void blocks(void **state)
{
    (void)state;
    const char *list = "10.1.2.0/24, 192.168.5.7 fd00::/8";
    assert_true(ipallow_match(list, "10.1.2.200", NULL));
    assert_false(ipallow_match(list, "10.1.3.1", NULL));
    assert_true(ipallow_match(list, "192.168.5.7", NULL));
    assert_false(ipallow_match(list, "192.168.5.8", NULL));
    assert_true(ipallow_match(list, "fd12::1", NULL));
    assert_false(ipallow_match(list, "fe80::1", NULL));
    assert_true(ipallow_match(list, "::ffff:10.1.2.9", NULL));
    assert_true(ipallow_match("10.0.0.0/0", "10.9.9.9", NULL));
    assert_true(ipallow_match("172.16.0.0/12", "172.31.255.255", NULL));
    assert_false(ipallow_match("172.16.0.0/12", "172.32.0.0", NULL));
}

static void malformed(void **state)
{
    (void)state;
    const char *bad = NULL;
    assert_false(ipallow_match("10.1.2.0/33", "10.1.2.1", &bad));
    assert_non_null(bad);
    assert_false(ipallow_match("10.1.2.1, example.org", "10.1.2.1", &bad));
    assert_string_equal(bad, "example.org");
    assert_false(ipallow_valid("10.1.2.0/x"));
    assert_false(ipallow_valid("::1/129"));
    assert_true(ipallow_valid("10.1.2.0/24 ::1"));
    assert_true(ipallow_valid(""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loopback_always),
        cmocka_unit_test(blocks),
        cmocka_unit_test(malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
