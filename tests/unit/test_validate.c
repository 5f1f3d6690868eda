/* Unit tests: typed field checks and their Japanese messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/tapinfo.h"
#include "domain/validate.h"

static void tap_numbers(void **state)
{
    (void)state;
    err_t e;
    assert_int_equal(validate_tap_no("10000001", "tap_no", "水栓番号", &e), 0);
    assert_int_equal(validate_tap_no("1000001", "tap_no", "水栓番号", &e), ERR_INVALID);
    assert_string_equal(e.field, "tap_no");
    assert_string_equal(e.user, "水栓番号は半角数字8桁で入力してください。");
    assert_int_equal(validate_tap_no("１０００００01", "tap_no", "水栓番号", &e), ERR_INVALID);
    assert_int_equal(validate_tap_no("", "tap_no", "水栓番号", &e), ERR_INVALID);
    assert_string_equal(e.user, "水栓番号を入力してください。");
}

static void text_and_kana(void **state)
{
    (void)state;
    err_t e;
    assert_int_equal(validate_text("山田", true, 3, "name", "氏名", &e), 0);
    assert_int_equal(validate_text("山田太郎", true, 3, "name", "氏名", &e), ERR_INVALID);
    assert_string_equal(e.user, "氏名は3文字以内で入力してください。");
    assert_int_equal(validate_text("", false, 3, "name", "氏名", &e), 0);
    assert_int_equal(validate_text("a\nb", true, 9, "name", "氏名", &e), ERR_INVALID);
    assert_int_equal(validate_kana("ヤマダ　タロウ", true, 80, "kana", "カナ氏名", &e), 0);
    assert_int_equal(validate_kana("abc", true, 80, "kana", "カナ氏名", &e), ERR_INVALID);
    assert_string_equal(e.field, "kana");
    assert_non_null(strstr(e.user, "カナ氏名はカタカナ"));
}

static void bidi_and_zero_width_characters_are_refused_naming_the_field(void **state)
{
    (void)state;
    err_t e;
    assert_int_equal(validate_text("\xE2\x80\xAEグンニーリク峡山", true, 60, "name", "氏名", &e), ERR_INVALID);
    assert_string_equal(e.field, "name");
    assert_string_equal(e.user, "氏名に使用できない制御文字（文字の向きを変える文字や幅のない文字）が含まれています。");
    assert_int_equal(validate_text("中央\xE2\x80\x8B" "1-2", false, 120, "address", "給水場所", &e), ERR_INVALID);
    assert_non_null(strstr(e.user, "給水場所に使用できない制御文字"));
    assert_int_equal(validate_kana("ヤマダ\xE2\x81\xA6タロウ", true, 80, "kana", "カナ氏名", &e), ERR_INVALID);
    assert_non_null(strstr(e.user, "カナ氏名に使用できない制御文字"));
    assert_int_equal(validate_note("一行目\n\xEF\xBB\xBF二行目", false, 100, "note", "備考", &e), ERR_INVALID);
    assert_non_null(strstr(e.user, "備考に使用できない制御文字"));
    assert_int_equal(validate_visible("ふつうの　文字", "x", "x", &e), 0);
    assert_int_equal(validate_visible(NULL, "x", "x", &e), 0);
}

static void notes_may_have_line_breaks(void **state)
{
    (void)state;
    err_t e;
    assert_int_equal(validate_note("一行目\r\n二行目\n三行目", false, 100, "note", "備考", &e), 0);
    assert_int_equal(validate_note("", false, 100, "note", "備考", &e), 0);
    assert_int_equal(validate_note("", true, 100, "note", "備考", &e), ERR_INVALID);
    assert_int_equal(validate_note("a\tb", false, 100, "note", "備考", &e), ERR_INVALID);
    assert_int_equal(validate_note("a\x01b", false, 100, "note", "備考", &e), ERR_INVALID);
    /* a line break counts as one character, however the browser sent it */
    assert_int_equal(validate_note("ab\r\ncd", false, 5, "note", "備考", &e), 0);
    assert_int_equal(validate_note("ab\r\ncde", false, 5, "note", "備考", &e), ERR_INVALID);
    assert_string_equal(e.user, "備考は5文字以内で入力してください。");
}

static void phones_postal_dates_ints(void **state)
{
    (void)state;
    err_t e;
    civil_date d;
    long long v;
    assert_int_equal(validate_phone("055-123-4567", true, "phone", "電話番号", &e), 0);
    assert_int_equal(validate_phone("090-1234-5678", true, "phone", "電話番号", &e), 0);
    assert_int_equal(validate_phone("０９０１２３４５６７８", true, "phone", "電話番号", &e), 0);
    assert_int_equal(validate_phone("123-4567", true, "phone", "電話番号", &e), ERR_INVALID);
    assert_int_equal(validate_phone("090-1234-567x", true, "phone", "電話番号", &e), ERR_INVALID);
    assert_int_equal(validate_phone("", false, "phone", "電話番号", &e), 0);
    assert_int_equal(validate_postal("400-0031", true, "postal", "郵便番号", &e), 0);
    assert_int_equal(validate_postal("4000031", true, "postal", "郵便番号", &e), 0);
    assert_int_equal(validate_postal("40-00031", true, "postal", "郵便番号", &e), ERR_INVALID);
    assert_int_equal(validate_date("2025-04-01", true, "start_on", "開栓日", &d, &e), 0);
    assert_int_equal(validate_date("2025-02-30", true, "start_on", "開栓日", &d, &e), ERR_INVALID);
    assert_string_equal(e.user, "開栓日は YYYY-MM-DD の形式の正しい日付で入力してください。");
    assert_int_equal(validate_int("12", 0, 99, "route_order", "順路", &v, &e), 0);
    assert_int_equal(v, 12);
    assert_int_equal(validate_int("100", 0, 99, "route_order", "順路", &v, &e), ERR_INVALID);
    assert_int_equal(validate_int("1e3", 0, 9999, "route_order", "順路", &v, &e), ERR_INVALID);
}

static void codes_and_diameters(void **state)
{
    (void)state;
    err_t e;
    const char *const *uses = tapinfo_codes(TAPINFO_USES);
    assert_int_equal(validate_code("household", uses, "use_code", "用途", &e), 0);
    assert_int_equal(validate_code("spa", uses, "use_code", "用途", &e), ERR_INVALID);
    assert_string_equal(e.user, "用途を一覧から選んでください。");
    assert_true(validate_is_diameter(13));
    assert_true(validate_is_diameter(200));
    assert_false(validate_is_diameter(15));
    assert_string_equal(tapinfo_label(TAPINFO_SEWERS, "kai"), "甲斐市");
    assert_string_equal(tapinfo_label(TAPINFO_SEWERS, "unknown"), "unknown");
}

static void amount_ranges(void **state)
{
    (void)state;
    err_t e;
    int64_t lo, hi;
    assert_int_equal(validate_amount_range("", "amount", "金額", &lo, &hi, &e), 0);
    assert_true(lo == 0 && hi == INT64_MAX);
    assert_int_equal(validate_amount_range("3,456", "amount", "金額", &lo, &hi, &e), 0);
    assert_true(lo == 3456 && hi == 3456);
    assert_int_equal(validate_amount_range("1000-5000", "amount", "金額", &lo, &hi, &e), 0);
    assert_true(lo == 1000 && hi == 5000);
    assert_int_equal(validate_amount_range("１，０００円〜５０００円", "amount", "金額", &lo, &hi, &e), 0);
    assert_true(lo == 1000 && hi == 5000);
    assert_int_equal(validate_amount_range("2000 ~", "amount", "金額", &lo, &hi, &e), 0);
    assert_true(lo == 2000 && hi == INT64_MAX);
    assert_int_equal(validate_amount_range("-800", "amount", "金額", &lo, &hi, &e), 0);
    assert_true(lo == 0 && hi == 800);
    assert_int_equal(validate_amount_range("12x", "amount", "金額", &lo, &hi, &e), ERR_INVALID);
    assert_string_equal(e.field, "amount");
    assert_string_equal(e.user, "金額は 3456 のような半角数字か、1000-5000 のような範囲で入力してください。");
    assert_int_equal(validate_amount_range("-", "amount", "金額", &lo, &hi, &e), ERR_INVALID);
    assert_int_equal(validate_amount_range("1-2-3", "amount", "金額", &lo, &hi, &e), ERR_INVALID);
    assert_int_equal(validate_amount_range("123456789012", "amount", "金額", &lo, &hi, &e), ERR_INVALID);
    assert_int_equal(validate_amount_range("5000-1000", "amount", "金額", &lo, &hi, &e), ERR_INVALID);
    assert_string_equal(e.user, "金額の範囲の下限（5000 円）が上限（1000 円）より大きくなっています。");
    assert_true(lo == 0 && hi == INT64_MAX);
    assert_int_equal(validate_amount_range("\xEF\xBC", "amount", "金額", &lo, &hi, &e), ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tap_numbers),
        cmocka_unit_test(text_and_kana),
        cmocka_unit_test(phones_postal_dates_ints),
        cmocka_unit_test(codes_and_diameters),
        cmocka_unit_test(bidi_and_zero_width_characters_are_refused_naming_the_field),
        cmocka_unit_test(notes_may_have_line_breaks),
        cmocka_unit_test(amount_ranges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
