/* Unit tests: the citizen portal's form rules (domain/application.h) — each
 * field's check names the field, kana is normalised to full-width katakana,
 * the web's date window, the pairs that go together, control characters
 * refused everywhere, and the receipt number and secret forms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/application.h"

static const reception_rules RULES = {.lead_business_days = 3, .max_days_ahead = 60, .past_days = 30};
static const civil_date TODAY = {2026, 12, 25};   /* a Friday; the third business day is 12-30 */

typedef struct form { const char *v[APF__MAX]; } form;

static form start_form(void)
{
    form f = {{0}};
    f.v[APF_ADDRESS] = "山峡市中央一丁目2番3号";
    f.v[APF_NAME] = "山田 太郎";
    f.v[APF_KANA] = "ﾔﾏﾀﾞ ﾀﾛｳ";
    f.v[APF_PHONE] = "090-1234-5678";
    f.v[APF_START_ON] = "2026-12-30";
    return f;
}

static form stop_form(void)
{
    form f = {{0}};
    f.v[APF_TAP_NO] = "10000123";
    f.v[APF_ADDRESS] = "山峡市中央一丁目2番3号";
    f.v[APF_NAME] = "山田 太郎";
    f.v[APF_PHONE] = "0552371161";
    f.v[APF_STOP_ON] = "2027-01-15";
    f.v[APF_SETTLE] = "slip";
    return f;
}

static size_t run(application_kind k, const form *f, application_clean *c, application_problems *p)
{
    return application_check(k, f->v, &RULES, TODAY, c, p);
}

/* The one problem of a form, on field. */
static const char *only_problem(application_kind k, const form *f, int field)
{
    static application_problems p;
    application_clean c;
    size_t n = run(k, f, &c, &p);
    application_clean_free(&c);
    assert_int_equal(n, 1);
    assert_int_equal(p.p[0].field, field);
    return p.p[0].msg;
}

static void a_good_start_is_normalised(void **state)
{
    (void)state;
    form f = start_form();
    f.v[APF_POSTAL] = "４０００００１";
    f.v[APF_MAIL_ADDRESS] = "山峡市北町５－６";
    f.v[APF_STOP_ON] = "garbage";   /* the other kind's field: ignored */
    application_clean c;
    application_problems p;
    assert_int_equal(run(APPLICATION_START, &f, &c, &p), 0);
    assert_string_equal(c.v[APF_KANA], "ヤマダ　タロウ");
    assert_string_equal(c.v[APF_POSTAL], "400-0001");
    assert_string_equal(c.v[APF_MAIL_ADDRESS], "山峡市北町5-6");
    assert_string_equal(c.v[APF_STOP_ON], "");
    assert_int_equal(c.day.d, 30);
    application_clean_free(&c);
    /* hiragana is accepted too */
    f.v[APF_KANA] = "やまだ　たろう";
    assert_int_equal(run(APPLICATION_START, &f, &c, &p), 0);
    assert_string_equal(c.v[APF_KANA], "ヤマダ　タロウ");
    application_clean_free(&c);
}

static void every_required_field_is_named(void **state)
{
    (void)state;
    form f = {{0}};
    application_clean c;
    application_problems p;
    assert_int_equal(run(APPLICATION_START, &f, &c, &p), 5);
    const int want[] = {APF_ADDRESS, APF_NAME, APF_KANA, APF_PHONE, APF_START_ON};   /* form order */
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(p.p[i].field, want[i]);
        assert_non_null(strstr(p.p[i].msg, APPLICATION_FIELDS[want[i]].label));
    }
    assert_null(c.v[0]);
    f = (form){{0}};
    assert_int_equal(run(APPLICATION_STOP, &f, &c, &p), 6);
    assert_int_equal(p.p[0].field, APF_TAP_NO);   /* tap or customer number */
    assert_non_null(strstr(p.p[0].msg, "お客様番号"));
}

static void each_bad_field_names_itself(void **state)
{
    (void)state;
    form f = start_form();
    f.v[APF_KANA] = "Yamada";
    assert_non_null(strstr(only_problem(APPLICATION_START, &f, APF_KANA), "カタカナ"));
    f = start_form();
    f.v[APF_PHONE] = "12345";
    assert_non_null(strstr(only_problem(APPLICATION_START, &f, APF_PHONE), "電話番号"));
    f = start_form();
    f.v[APF_TAP_NO] = "1234567";
    assert_non_null(strstr(only_problem(APPLICATION_START, &f, APF_TAP_NO), "8桁"));
    f = start_form();
    f.v[APF_POSTAL] = "40-1";
    f.v[APF_MAIL_ADDRESS] = "山峡市北町";
    assert_non_null(strstr(only_problem(APPLICATION_START, &f, APF_POSTAL), "郵便番号"));
    char long_name[200];
    for (int i = 0; i < 61; i++)
        memcpy(long_name + 3 * i, "山", 3);
    long_name[183] = '\0';
    f = start_form();
    f.v[APF_NAME] = long_name;
    assert_non_null(strstr(only_problem(APPLICATION_START, &f, APF_NAME), "60文字以内"));
    f = stop_form();
    f.v[APF_SETTLE] = "cash";
    assert_non_null(strstr(only_problem(APPLICATION_STOP, &f, APF_SETTLE), "口座振替"));
    f = stop_form();
    f.v[APF_CUSTOMER_NO] = "12a";
    assert_non_null(strstr(only_problem(APPLICATION_STOP, &f, APF_CUSTOMER_NO), "数字"));
}

static void dates_outside_the_window(void **state)
{
    (void)state;
    form f = start_form();
    f.v[APF_START_ON] = "2026-12-29";   /* inside the 3 business days */
    assert_non_null(strstr(only_problem(APPLICATION_START, &f, APF_START_ON), "2026年12月30日（水）以降"));
    f.v[APF_START_ON] = "2027-02-24";   /* 61 days ahead */
    assert_non_null(strstr(only_problem(APPLICATION_START, &f, APF_START_ON), "60日先"));
    f.v[APF_START_ON] = "2027-02-23";   /* 60 days: the last allowed */
    application_clean c;
    application_problems p;
    assert_int_equal(run(APPLICATION_START, &f, &c, &p), 0);
    application_clean_free(&c);
    f.v[APF_START_ON] = "2026-02-30";
    assert_non_null(strstr(only_problem(APPLICATION_START, &f, APF_START_ON), "使用開始日"));
}

static void pairs_go_together(void **state)
{
    (void)state;
    form f = start_form();
    f.v[APF_FILER_NAME] = "山田 花子";
    assert_non_null(strstr(only_problem(APPLICATION_START, &f, APF_FILER_RELATION), "届出人のお名前"));
    f = start_form();
    f.v[APF_COMPANY] = "株式会社みどり";
    assert_non_null(strstr(only_problem(APPLICATION_START, &f, APF_REPRESENTATIVE), "代表者"));
    f = stop_form();
    f.v[APF_FORWARD_ADDRESS] = "東京都千代田区";
    only_problem(APPLICATION_STOP, &f, APF_FORWARD_POSTAL);
    f = stop_form();   /* a customer number instead of the tap number */
    f.v[APF_TAP_NO] = "";
    f.v[APF_CUSTOMER_NO] = "４２";
    application_clean c;
    application_problems p;
    assert_int_equal(run(APPLICATION_STOP, &f, &c, &p), 0);
    assert_string_equal(c.v[APF_CUSTOMER_NO], "42");
    application_clean_free(&c);
}

static void control_characters_are_refused(void **state)
{
    (void)state;
    form f = start_form();
    f.v[APF_ADDRESS] = "山峡市\n中央";
    assert_non_null(strstr(only_problem(APPLICATION_START, &f, APF_ADDRESS), "使えない文字"));
    f = start_form();
    f.v[APF_NAME] = "山田\x01";
    only_problem(APPLICATION_START, &f, APF_NAME);
    f = start_form();
    f.v[APF_NOTE] = "午前中\tに";
    only_problem(APPLICATION_START, &f, APF_NOTE);
    f = start_form();
    f.v[APF_NOTE] = "\xff\xfe";
    only_problem(APPLICATION_START, &f, APF_NOTE);
    f = start_form();
    f.v[APF_NOTE] = "一行目\r\n二行目";   /* line breaks are fine in the note, kept as LF */
    application_clean c;
    application_problems p;
    assert_int_equal(run(APPLICATION_START, &f, &c, &p), 0);
    assert_string_equal(c.v[APF_NOTE], "一行目\n二行目");
    application_clean_free(&c);
}

static void bidi_and_zero_width_characters_are_refused(void **state)
{
    (void)state;
    form f = start_form();
    f.v[APF_NAME] = "\xE2\x80\xAEグンニーリク峡山";
    assert_string_equal(only_problem(APPLICATION_START, &f, APF_NAME),
                        "ご使用者のお名前に使用できない制御文字（文字の向きを変える文字や幅のない文字）が含まれています。");
    f = start_form();
    f.v[APF_ADDRESS] = "山峡市中央\xE2\x80\x8B一丁目";
    only_problem(APPLICATION_START, &f, APF_ADDRESS);
    f = start_form();
    f.v[APF_NOTE] = "よろしく\xE2\x81\xA7お願いします";
    only_problem(APPLICATION_START, &f, APF_NOTE);
}

static void receipt_and_secret_forms(void **state)
{
    (void)state;
    char out[16];
    assert_true(application_receipt_format("123456789012", out));
    assert_string_equal(out, "1234-5678-9012");
    assert_false(application_receipt_format("12345678901", out));
    assert_true(application_receipt_parse("１２３４－５６７８－９０１２", out));
    assert_string_equal(out, "1234-5678-9012");
    assert_true(application_receipt_parse(" 1234 5678 9012 ", out));
    assert_false(application_receipt_parse("1234-5678-901", out));
    assert_false(application_receipt_parse("1234-5678-901x", out));
    assert_false(application_receipt_parse("1234' OR '1'='1", out));
    assert_int_equal(strlen(APPLICATION_SECRET_ALPHABET), 32);
    assert_null(strpbrk(APPLICATION_SECRET_ALPHABET, "0O1Il"));
    assert_true(application_secret_parse("abcde-fghjk", out));
    assert_string_equal(out, "ABCDEFGHJK");
    assert_true(application_secret_parse("ＡＢＣＤＥ２３４５６", out));
    assert_string_equal(out, "ABCDE23456");
    assert_false(application_secret_parse("ABCDEFGHJO", out));   /* O is not in the alphabet */
    assert_false(application_secret_parse("ABCDEFGHJ", out));
    assert_string_equal(application_status_label("rejected"), "お受けできませんでした");
    assert_null(application_status_label("nonsense"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_good_start_is_normalised), cmocka_unit_test(every_required_field_is_named),
        cmocka_unit_test(each_bad_field_names_itself), cmocka_unit_test(dates_outside_the_window),
        cmocka_unit_test(pairs_go_together),          cmocka_unit_test(control_characters_are_refused),
        cmocka_unit_test(receipt_and_secret_forms),   cmocka_unit_test(bidi_and_zero_width_characters_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
