/* Unit tests: Japanese text folding, digits, kana checks, CP932. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/text.h"

static void expect(char *(*fn)(const char *), const char *in, const char *want)
{
    char *got = fn(in);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void kana_key_folds_width_script_and_spaces(void **state)
{
    (void)state;
    expect(text_kana_key, "やまだ　たろう", "ヤマダタロウ");
    expect(text_kana_key, "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダタロウ");        /* half-width with dakuten */
    expect(text_kana_key, "ヤマダタロウ", "ヤマダタロウ");
    expect(text_kana_key, "ｶﾞｯｺｳ", "ガッコウ");                /* small kana kept */
    expect(text_kana_key, "  ﾊﾟﾝ  ", "パン");
}

static void kana_display_is_full_width_katakana(void **state)
{
    (void)state;
    expect(text_kana_display, "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ　タロウ");
    expect(text_kana_display, "やまだ　　たろう", "ヤマダ　タロウ");
    expect(text_kana_display, " ヤマダ タロウ ", "ヤマダ　タロウ");
}

static void nfkc_trims_and_normalises(void **state)
{
    (void)state;
    expect(text_nfkc, "\u3000ＡＢＣ１２３\u3000", "ABC123");
    expect(text_nfkc, "ｶﾅ", "カナ");
}

static void fold_key_unifies_addresses(void **state)
{
    (void)state;
    expect(text_fold_key, "桜町一丁目３－１２", "桜町一丁目3-12");
    expect(text_fold_key, "中央 1丁目 2ー3", "中央1丁目2-3");
    expect(text_fold_key, "コーポ", "コーポ");                 /* a long vowel is not a dash */
}

static void digits_are_extracted(void **state)
{
    (void)state;
    expect(text_digits, "090-1234-5678", "09012345678");
    expect(text_digits, "０９０（１２３４）５６７８", "09012345678");
    expect(text_digits, "no digits", "");
}

static void invalid_utf8_is_refused(void **state)
{
    (void)state;
    assert_null(text_nfkc("\xff\xfe"));
    assert_null(text_kana_key("abc\xc3"));
    assert_null(text_digits("\xed\xa0\x80"));                   /* a surrogate */
    assert_false(text_is_clean("\xc0\xaf", false));             /* overlong */
}

static void kana_check(void **state)
{
    (void)state;
    assert_true(text_is_kana("ヤマダ　タロウ"));
    assert_true(text_is_kana("やまだ たろう"));
    assert_true(text_is_kana("ﾔﾏﾀﾞ"));
    assert_true(text_is_kana("ヴァイオリン・ケース"));
    assert_false(text_is_kana("山田"));
    assert_false(text_is_kana("abc"));
    assert_false(text_is_kana(""));
    assert_false(text_is_kana("　"));
}

static void clean_and_length(void **state)
{
    (void)state;
    assert_true(text_is_clean("山田\t太郎", false) == false);
    assert_true(text_is_clean("一行目\n二行目", true));
    assert_false(text_is_clean("bell\a", true));
    assert_int_equal(text_len_chars("水道ab"), 4);
    assert_int_equal(text_len_chars(NULL), 0);
}

static void invisible_and_bidi_characters_are_found(void **state)
{
    (void)state;
    /* "\u202Eグンニーリク峡山" shows as 「山峡クリーニング」 */
    assert_int_equal(text_invisible_char("\xE2\x80\xAEグンニーリク峡山"), 0x202E);
    static const struct { const char *s; uint32_t cp; } BAD[] = {
        {"a\xD8\x9C" "b", 0x061C},   {"a\xE2\x80\x8E" "b", 0x200E}, {"a\xE2\x80\x8F" "b", 0x200F},
        {"a\xE2\x80\xAA" "b", 0x202A}, {"a\xE2\x80\xAD" "b", 0x202D}, {"a\xE2\x81\xA6" "b", 0x2066},
        {"a\xE2\x81\xA9" "b", 0x2069}, {"山\xE2\x80\x8B田", 0x200B}, {"山\xE2\x80\x8C田", 0x200C},
        {"山\xE2\x80\x8D田", 0x200D}, {"山\xE2\x81\xA0田", 0x2060}, {"\xEF\xBB\xBF山田", 0xFEFF},
        {"山\xC2\xAD田", 0x00AD},     {"山\xE2\x80\xA8田", 0x2028}, {"山\xC2\x85田", 0x0085},
        {"山\xE3\x85\xA4田", 0x3164}, {"山\xF3\xA0\x80\x81田", 0xE0001},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++)
        assert_int_equal(text_invisible_char(BAD[i].s), BAD[i].cp);
    /* ordinary text, spaces of both widths, line breaks, tabs, emoji and a name's
     * ideographic variation selector (葛 + U+E0100) are not invisible characters */
    static const char *const GOOD[] = {"山田　太郎", "Yamada Taro", "一行目\r\n二行目\t", "葛\xF3\xA0\x84\x80飾",
                                       "①ｱ－〜", "\xF0\x9F\x92\xA7", "", NULL};
    for (size_t i = 0; GOOD[i]; i++)
        assert_int_equal(text_invisible_char(GOOD[i]), 0);
    assert_int_equal(text_invisible_char(NULL), 0);
}

static void line_ends_become_lf(void **state)
{
    (void)state;
    char a[] = "一\r\n二\r三\n四\r\n";
    text_newlines_lf(a);
    assert_string_equal(a, "一\n二\n三\n四\n");
    char b[] = "";
    text_newlines_lf(b);
    assert_string_equal(b, "");
}

static void cp932_round_trip(void **state)
{
    (void)state;
    const char *s = "水道 ｶﾅ ①";
    size_t n = 0, m = 0;
    char *sj = text_to_cp932(s, strlen(s), &n);
    assert_non_null(sj);
    /* 水 = 0x90 0x85 in Shift_JIS; half-width ｶ is one byte 0xB6; ① is 0x87 0x40 in CP932. */
    assert_int_equal((unsigned char)sj[0], 0x90);
    assert_int_equal((unsigned char)sj[1], 0x85);
    assert_non_null(memchr(sj, 0xB6, n));
    assert_int_equal((unsigned char)sj[n - 2], 0x87);
    assert_int_equal((unsigned char)sj[n - 1], 0x40);
    char *back = text_from_cp932(sj, n, &m);
    assert_non_null(back);
    assert_string_equal(back, s);
    free(sj);
    free(back);
    /* A character CP932 cannot hold becomes '?', the rest survives. */
    const char *emoji = "水\xF0\x9F\x98\x80道";
    sj = text_to_cp932(emoji, strlen(emoji), &n);
    assert_non_null(sj);
    assert_int_equal(n, 5);
    assert_int_equal(sj[2], '?');
    free(sj);
    /* Invalid CP932 is refused. */
    assert_null(text_from_cp932("\x81", 1, &m));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kana_key_folds_width_script_and_spaces),
        cmocka_unit_test(kana_display_is_full_width_katakana),
        cmocka_unit_test(nfkc_trims_and_normalises),
        cmocka_unit_test(fold_key_unifies_addresses),
        cmocka_unit_test(digits_are_extracted),
        cmocka_unit_test(invalid_utf8_is_refused),
        cmocka_unit_test(kana_check),
        cmocka_unit_test(clean_and_length),
        cmocka_unit_test(cp932_round_trip),
        cmocka_unit_test(invisible_and_bidi_characters_are_found),
        cmocka_unit_test(line_ends_become_lf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
