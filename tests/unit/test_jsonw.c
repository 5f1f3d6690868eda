/* Unit tests: the streaming JSON writer produces what a JSON parser reads back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "base/jsonw.h"

static void nested_values_and_commas(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 0);
    jsonw w;
    jsonw_begin(&w, &b);
    jsonw_object(&w);
    jsonw_key(&w, "results");
    jsonw_array(&w);
    for (int i = 0; i < 3; i++) {
        jsonw_object(&w);
        jsonw_kv_int(&w, "n", i);
        jsonw_kv_string(&w, "name", "山田　太郎");
        jsonw_kv_bool(&w, "current", i == 1);
        jsonw_kv_string(&w, "end_on", NULL);
        jsonw_end_object(&w);
    }
    jsonw_end_array(&w);
    jsonw_kv_bool(&w, "truncated", false);
    jsonw_key(&w, "empty");
    jsonw_array(&w);
    jsonw_end_array(&w);
    jsonw_end_object(&w);
    json_error_t err;
    json_t *j = json_loads(buf_cstr(&b), 0, &err);
    assert_non_null(j);
    json_t *r = json_object_get(j, "results");
    assert_int_equal(json_array_size(r), 3);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(r, 2), "n")), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(r, 0), "name")), "山田　太郎");
    assert_true(json_is_true(json_object_get(json_array_get(r, 1), "current")));
    assert_true(json_is_null(json_object_get(json_array_get(r, 1), "end_on")));
    assert_true(json_is_false(json_object_get(j, "truncated")));
    assert_int_equal(json_array_size(json_object_get(j, "empty")), 0);
    json_decref(j);
    buf_free(&b);
}

static void strings_are_escaped(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 0);
    jsonw w;
    jsonw_begin(&w, &b);
    jsonw_string(&w, "a\"b\\c\nd\x01</script>");
    assert_string_equal(buf_cstr(&b), "\"a\\\"b\\\\c\\nd\\u0001</script>\"");
    json_error_t err;
    json_t *j = json_loads(buf_cstr(&b), JSON_DECODE_ANY, &err);
    assert_string_equal(json_string_value(j), "a\"b\\c\nd\x01</script>");
    json_decref(j);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nested_values_and_commas),
        cmocka_unit_test(strings_are_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
