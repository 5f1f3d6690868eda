/* Unit tests: an audit detail built with app_audit_detail is valid JSON
 * whatever its values hold (quotes, backslashes, control characters, long
 * text), and reads back unchanged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "app/app.h"

static json_t *parse(app_audit_detail *d)
{
    const char *s = app_audit_detail_end(d);
    assert_non_null(s);
    json_error_t je;
    json_t *j = json_loads(s, 0, &je);
    assert_non_null(j);
    return j;
}

static void a_value_with_quotes_and_controls_reads_back_unchanged(void **state)
{
    (void)state;
    static const char *const VALUES[] = {
        "say \"hi\"", "back\\slash", "line\nbreak\ttab", "\x01\x1f", "山田\"太郎\"", "", "}{\",",
    };
    for (size_t i = 0; i < sizeof VALUES / sizeof VALUES[0]; i++) {
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_string(&d.w, "group", VALUES[i]);
        jsonw_kv_int(&d.w, "n", (int64_t)i);
        json_t *j = parse(&d);
        assert_string_equal(json_string_value(json_object_get(j, "group")), VALUES[i]);
        assert_int_equal(json_integer_value(json_object_get(j, "n")), (json_int_t)i);
        json_decref(j);
        app_audit_detail_free(&d);
    }
}

static void a_long_value_is_kept_whole(void **state)
{
    (void)state;
    size_t n = 10000;
    char *big = malloc(n + 1);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        big[i] = i % 100 == 0 ? '"' : 'x';
    big[n] = '\0';
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_string(&d.w, "reason", big);
    jsonw_kv_bool(&d.w, "again", true);
    json_t *j = parse(&d);
    assert_string_equal(json_string_value(json_object_get(j, "reason")), big);
    assert_true(json_is_true(json_object_get(j, "again")));
    json_decref(j);
    app_audit_detail_free(&d);
    free(big);
}

/* The text is the compact form the details had when built by hand. */
static void plain_members_keep_the_former_text(void **state)
{
    (void)state;
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_int(&d.w, "amount", -1200);
    jsonw_kv_bool(&d.w, "balanced", false);
    jsonw_kv_string(&d.w, "on", "2026-04-01");
    assert_string_equal(app_audit_detail_end(&d), "{\"amount\":-1200,\"balanced\":false,\"on\":\"2026-04-01\"}");
    app_audit_detail_free(&d);

    app_audit_detail empty;
    app_audit_detail_begin(&empty);
    assert_string_equal(app_audit_detail_end(&empty), "{}");
    app_audit_detail_free(&empty);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_value_with_quotes_and_controls_reads_back_unchanged),
        cmocka_unit_test(a_long_value_is_kept_whole),
        cmocka_unit_test(plain_members_keep_the_former_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
