/* Unit tests: a request path against the route patterns (web/route_match.h).
 * The parameter buffer is filled with junk first: whatever the outcome, the
 * caller must get a string back (a static route once left it unwritten, and
 * the server read past it under load). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "web/route_match.h"

static void junk(char *p, size_t n) { memset(p, 'x', n); }

static void a_literal_route_matches_itself_and_leaves_an_empty_parameter(void **state)
{
    (void)state;
    char p[16];
    junk(p, sizeof p);
    assert_true(web_route_match("/reading/import", "/reading/import", p, sizeof p));
    assert_string_equal(p, "");
    junk(p, sizeof p);
    assert_false(web_route_match("/reading/import", "/reading/imports", p, sizeof p));
    assert_string_equal(p, "");
}

static void a_star_takes_exactly_one_segment(void **state)
{
    (void)state;
    char p[16];
    assert_true(web_route_match("/taps/*/edit", "/taps/10000346/edit", p, sizeof p));
    assert_string_equal(p, "10000346");
    assert_true(web_route_match("/taps/*", "/taps/10000346", p, sizeof p));
    assert_string_equal(p, "10000346");
    junk(p, sizeof p);
    assert_false(web_route_match("/taps/*", "/taps/1/edit", p, sizeof p));
    assert_string_equal(p, "");
    assert_false(web_route_match("/taps/*/edit", "/taps//edit", p, sizeof p));
    assert_false(web_route_match("/taps/*/edit", "/taps/1/edit/", p, sizeof p));
    assert_false(web_route_match("/taps/*", "/bills/1", p, sizeof p));
}

static void a_segment_too_long_for_the_buffer_does_not_match(void **state)
{
    (void)state;
    char p[8];
    junk(p, sizeof p);
    assert_false(web_route_match("/taps/*", "/taps/12345678", p, sizeof p));   /* 8 bytes + NUL */
    assert_string_equal(p, "");
    assert_true(web_route_match("/taps/*", "/taps/1234567", p, sizeof p));
    assert_string_equal(p, "1234567");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_literal_route_matches_itself_and_leaves_an_empty_parameter),
        cmocka_unit_test(a_star_takes_exactly_one_segment),
        cmocka_unit_test(a_segment_too_long_for_the_buffer_does_not_match),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
