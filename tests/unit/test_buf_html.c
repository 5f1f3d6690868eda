/* Unit tests: bounded buffers, checked conversions and the escaping HTML writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/html.h"

/* A cap refuses what goes past it; buf_allow raises it for a writer that
 * knows its output is larger, and never lowers it. */
static void buf_cap_refuses_until_allowed(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 8);
    assert_false(buf_puts(&b, "0123456789"));
    assert_true(b.failed);
    buf_free(&b);
    buf_init(&b, 8);
    buf_allow(&b, 16);
    assert_true(buf_puts(&b, "0123456789"));
    buf_allow(&b, 4);   /* never lowered */
    assert_true(buf_puts(&b, "abcde"));
    assert_false(buf_puts(&b, "toolong"));
    buf_free(&b);
    buf_init(&b, 0);   /* the default cap: asking for less changes nothing */
    buf_allow(&b, 1);
    assert_int_equal(b.cap, 0);
    buf_free(&b);
}

static void buf_grows_and_terminates(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 0);
    for (int i = 0; i < 1000; i++)
        assert_true(buf_printf(&b, "%d,", i));
    assert_int_equal(b.len, strlen(buf_cstr(&b)));
    assert_true(strncmp(buf_cstr(&b), "0,1,2,", 6) == 0);
    buf_free(&b);
}

static void buf_cap_marks_failure_and_keeps_prefix(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 8);
    assert_true(buf_puts(&b, "12345678"));
    assert_false(buf_puts(&b, "9"));
    assert_true(b.failed);
    assert_false(buf_puts(&b, ""));     /* stays failed */
    assert_string_equal(buf_cstr(&b), "12345678");
    buf_free(&b);
}

static void str_copy_truncates_safely(void **state)
{
    (void)state;
    char small[4];
    assert_false(str_copy(small, sizeof small, "abcdef"));
    assert_string_equal(small, "abc");
    assert_true(str_copy(small, sizeof small, "ab"));
    assert_string_equal(small, "ab");
}

static void str_thousands_groups_by_three(void **state)
{
    (void)state;
    char out[32];
    static const struct { long long v; const char *s; } C[] = {
        {0, "0"}, {999, "999"}, {1000, "1,000"}, {-1200, "-1,200"}, {1234567, "1,234,567"},
        {LLONG_MAX, "9,223,372,036,854,775,807"}, {LLONG_MIN, "-9,223,372,036,854,775,808"}};
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        str_thousands(C[i].v, out);
        assert_string_equal(out, C[i].s);
    }
}

static void str_to_i64_is_strict(void **state)
{
    (void)state;
    long long v;
    assert_true(str_to_i64("12345", &v));
    assert_int_equal(v, 12345);
    assert_true(str_to_i64("-7", &v));
    assert_int_equal(v, -7);
    assert_false(str_to_i64("", &v));
    assert_false(str_to_i64("12a", &v));
    assert_false(str_to_i64(" 1", &v));
    assert_false(str_to_i64("99999999999999999999", &v));
}

static void html_escapes_text_and_attributes(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 0);
    html_elem(&b, "td", "<script>alert('x') & \"y\"</script>", "class", "a\"b", NULL);
    assert_string_equal(buf_cstr(&b),
                        "<td class=\"a&quot;b\">&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;</td>");
    buf_reset(&b);
    html_open(&b, "input", "name", "q", "disabled", "", "value", NULL, NULL);
    assert_string_equal(buf_cstr(&b), "<input name=\"q\" disabled>");
    buf_reset(&b);
    html_textf(&b, "%d < %s", 3, "山田&");
    assert_string_equal(buf_cstr(&b), "3 &lt; 山田&amp;");
    buf_free(&b);
}

static void err_field_names_the_field(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    assert_int_equal(err_field(&e, "kana", "%sはカタカナで入力してください。", "カナ氏名"), ERR_INVALID);
    assert_string_equal(e.field, "kana");
    assert_string_equal(e.user, "カナ氏名はカタカナで入力してください。");
    assert_int_equal(err_set(&e, ERR_NOTFOUND, NULL, NULL, "x %d", 1), ERR_NOTFOUND);
    assert_string_equal(e.user, err_default_user(ERR_NOTFOUND));
    assert_string_equal(e.log, "x 1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf_cap_refuses_until_allowed),
        cmocka_unit_test(buf_grows_and_terminates),
        cmocka_unit_test(buf_cap_marks_failure_and_keeps_prefix),
        cmocka_unit_test(str_copy_truncates_safely),
        cmocka_unit_test(str_to_i64_is_strict),
        cmocka_unit_test(str_thousands_groups_by_three),
        cmocka_unit_test(html_escapes_text_and_attributes),
        cmocka_unit_test(err_field_names_the_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
