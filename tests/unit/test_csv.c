/* Unit tests: CSV quoting, BOM and encodings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/csv.h"

static void quotes_only_when_needed(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 0);
    csv_writer w;
    csv_begin(&w, &b, false);
    csv_field(&w, "plain");
    csv_field(&w, "a,b");
    csv_field(&w, "say \"hi\"");
    csv_field(&w, "two\nlines");
    csv_field(&w, NULL);
    csv_field_i64(&w, -42);
    csv_field(&w, " padded");
    csv_end_row(&w);
    assert_string_equal(buf_cstr(&b), "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,-42,\" padded\"\r\n");
    buf_free(&b);
}

static const char *one_row(buf_t *b, const char *cell)
{
    buf_reset(b);
    csv_writer w;
    csv_begin(&w, b, false);
    csv_field(&w, cell);
    csv_end_row(&w);
    return buf_cstr(b);
}

static void text_that_looks_like_a_formula_gets_an_apostrophe(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 0);
    assert_string_equal(one_row(&b, "=HYPERLINK(\"http://e.vil\",\"x\")"),
                        "\"'=HYPERLINK(\"\"http://e.vil\"\",\"\"x\"\")\"\r\n");
    assert_string_equal(one_row(&b, "@SUM(1+1)*cmd|' /C calc'!A0"), "\"'@SUM(1+1)*cmd|' /C calc'!A0\"\r\n");
    assert_string_equal(one_row(&b, "+81 90"), "\"'+81 90\"\r\n");
    assert_string_equal(one_row(&b, "-1200"), "\"'-1200\"\r\n");
    assert_string_equal(one_row(&b, "\t=1+1"), "\"'\t=1+1\"\r\n");
    assert_string_equal(one_row(&b, "\r=1+1"), "\"'\r=1+1\"\r\n");
    /* harmless text is left alone: formula characters later in the cell, apostrophes, Japanese */
    assert_string_equal(one_row(&b, "甲府市1-2-3"), "甲府市1-2-3\r\n");
    assert_string_equal(one_row(&b, "a=b"), "a=b\r\n");
    assert_string_equal(one_row(&b, "'quoted"), "'quoted\r\n");
    assert_string_equal(one_row(&b, ""), "\r\n");
    buf_free(&b);
}

static void numbers_stay_numbers(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 0);
    csv_writer w;
    csv_begin(&w, &b, false);
    csv_field_i64(&w, -1200);
    csv_field_i64(&w, 0);
    csv_field_i64(&w, 9876543210LL);
    csv_field_i64(&w, -9223372036854775807LL - 1);
    csv_field_i64(&w, 9223372036854775807LL);
    csv_end_row(&w);
    assert_string_equal(buf_cstr(&b), "-1200,0,9876543210,-9223372036854775808,9223372036854775807\r\n");
    buf_free(&b);
}

static void the_formula_rule(void **state)
{
    (void)state;
    assert_true(csv_text_is_formula("=1"));
    assert_true(csv_text_is_formula("+1"));
    assert_true(csv_text_is_formula("-1"));
    assert_true(csv_text_is_formula("@A1"));
    assert_true(csv_text_is_formula("\tx"));
    assert_true(csv_text_is_formula("\rx"));
    assert_false(csv_text_is_formula("x=1"));
    assert_false(csv_text_is_formula(""));
    assert_false(csv_text_is_formula(NULL));
    assert_false(csv_text_is_formula(" =1"));
}

static void bom_and_encodings(void **state)
{
    (void)state;
    buf_t plain, out;
    buf_init(&plain, 0);
    buf_init(&out, 0);
    csv_writer w;
    csv_begin(&w, &plain, false);
    csv_field(&w, "水栓番号");
    csv_end_row(&w);
    assert_true(csv_encode(&plain, CSV_UTF8_BOM, &out));
    assert_memory_equal(out.data, "\xEF\xBB\xBF", 3);
    assert_string_equal(out.data + 3, "水栓番号\r\n");
    buf_reset(&out);
    assert_true(csv_encode(&plain, CSV_CP932, &out));
    assert_int_equal(out.len, 10);                  /* 4 double-byte characters + CR LF */
    assert_int_equal((unsigned char)out.data[0], 0x90);
    buf_free(&plain);
    buf_free(&out);
}

static void encoding_names(void **state)
{
    (void)state;
    assert_int_equal(csv_encoding_parse("utf8bom"), CSV_UTF8_BOM);
    assert_int_equal(csv_encoding_parse("UTF-8"), CSV_UTF8);
    assert_int_equal(csv_encoding_parse("cp932"), CSV_CP932);
    assert_int_equal(csv_encoding_parse("sjis"), CSV_CP932);
    assert_int_equal(csv_encoding_parse("latin1"), -1);
    assert_int_equal(csv_encoding_parse(NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quotes_only_when_needed),
        cmocka_unit_test(bom_and_encodings),
        cmocka_unit_test(encoding_names),
        cmocka_unit_test(text_that_looks_like_a_formula_gets_an_apostrophe),
        cmocka_unit_test(numbers_stay_numbers),
        cmocka_unit_test(the_formula_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
