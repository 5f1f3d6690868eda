/* Unit tests: the contact log's rules (domain/contact.h) — every channel
 * and reason has a code and a Japanese label, unknown codes are refused by
 * name, and the summary check names the field for an empty, too long or
 * control-character summary while letting line breaks through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/contact.h"

static void tables_are_whole(void **state)
{
    (void)state;
    for (int i = 0; i < CONTACT_CHANNEL__MAX; i++) {
        assert_non_null(CONTACT_CHANNEL_CODES[i]);
        assert_non_null(CONTACT_CHANNEL_LABELS[i]);
        assert_int_equal(contact_channel_parse(CONTACT_CHANNEL_CODES[i]), i);
        assert_string_equal(contact_channel_label(CONTACT_CHANNEL_CODES[i]), CONTACT_CHANNEL_LABELS[i]);
        for (int j = 0; j < i; j++)
            assert_string_not_equal(CONTACT_CHANNEL_CODES[i], CONTACT_CHANNEL_CODES[j]);
    }
    for (int i = 0; i < CONTACT_REASON__MAX; i++) {
        assert_non_null(CONTACT_REASON_CODES[i]);
        assert_non_null(CONTACT_REASON_LABELS[i]);
        assert_int_equal(contact_reason_parse(CONTACT_REASON_CODES[i]), i);
        assert_string_equal(contact_reason_label(CONTACT_REASON_CODES[i]), CONTACT_REASON_LABELS[i]);
        for (int j = 0; j < i; j++)
            assert_string_not_equal(CONTACT_REASON_CODES[i], CONTACT_REASON_CODES[j]);
    }
}

static void labels(void **state)
{
    (void)state;
    assert_string_equal(contact_channel_label("phone"), "電話");
    assert_string_equal(contact_channel_label("counter"), "窓口");
    assert_string_equal(contact_channel_label("mail"), "郵便");
    assert_string_equal(contact_channel_label("web"), "ウェブ");
    assert_string_equal(contact_channel_label("visit"), "訪問");
    assert_string_equal(contact_reason_label("billing"), "料金の問合せ");
    assert_string_equal(contact_reason_label("returned_mail"), "郵便不着");
    assert_string_equal(contact_reason_label("other"), "その他");
    assert_int_equal(contact_reason_parse("returned_mail"), CONTACT_R_RETURNED_MAIL);
    /* unknown: the code itself, never a guess */
    assert_string_equal(contact_channel_label("fax"), "fax");
    assert_string_equal(contact_reason_label(NULL), "");
    assert_int_equal(contact_channel_parse("Phone"), -1);
    assert_int_equal(contact_channel_parse(""), -1);
    assert_int_equal(contact_reason_parse(NULL), -1);
}

static void refusal(const char *channel, const char *reason, const char *summary, const char *field, const char *words)
{
    err_t e;
    err_clear(&e);
    assert_int_equal(contact_check(channel, reason, summary, &e), ERR_INVALID);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.field, field);
    if (!strstr(e.user, words))
        fail_msg("message \"%s\" does not say \"%s\"", e.user, words);
}

static void check_names_the_field(void **state)
{
    (void)state;
    err_t e;
    err_clear(&e);
    assert_int_equal(contact_check("phone", "billing", "今月の請求額が高いとのこと。検針値を説明した。", &e), 0);
    /* line breaks and tabs are allowed; CRLF as browsers send it */
    assert_int_equal(contact_check("counter", "returned_mail", "転居先不明で返送。\r\n本人に電話\t不在", &e), 0);
    refusal(NULL, "billing", "x", "channel", "受付方法");
    refusal("", "billing", "x", "channel", "受付方法");
    refusal("fax", "billing", "x", "channel", "一覧");
    refusal("phone", "", "x", "reason", "用件を選んで");
    refusal("phone", "complaint", "x", "reason", "用件は一覧");
    refusal("phone", "billing", NULL, "summary", "対応内容を入力");
    refusal("phone", "billing", "", "summary", "対応内容を入力");
    refusal("phone", "billing", " \t\r\n　　", "summary", "対応内容を入力");   /* spaces only, 全角 too */
    refusal("phone", "billing", "ベル\a", "summary", "制御文字");
    refusal("phone", "billing", "escape \x1b[31m", "summary", "制御文字");
    refusal("phone", "billing", "del \x7f", "summary", "制御文字");
    refusal("phone", "billing", "c1 \xc2\x85 next line", "summary", "制御文字");
    refusal("phone", "billing", "bad utf-8 \xff", "summary", "制御文字");
}

static void tidy(const char *in, const char *want)
{
    char buf[256];
    assert_true(strlen(in) < sizeof buf);
    memcpy(buf, in, strlen(in) + 1);
    assert_int_equal(contact_summary_tidy(buf), strlen(want));
    assert_string_equal(buf, want);
}

static void tidy_line_breaks_and_trailing_space(void **state)
{
    (void)state;
    tidy("一行目\r\n二行目\r\n", "一行目\n二行目");
    tidy("mac\rstyle\r\r\nend", "mac\nstyle\n\nend");
    tidy("  indent kept \t \n\n", "  indent kept");
    tidy(" \r\n ", "");
    tidy("", "");
    assert_int_equal(contact_summary_tidy(NULL), 0);
    /* CRLF is one character against the limit: 1,000 lines of "あ" pass */
    char *s = malloc(1000 * 5 + 1);
    assert_non_null(s);
    for (int i = 0; i < 1000; i++)
        memcpy(s + 5 * i, "あ\r\n", 5);
    s[5000] = '\0';
    contact_summary_tidy(s);
    err_t e;
    err_clear(&e);
    assert_int_equal(contact_check("phone", "other", s, &e), 0);
    free(s);
}

static void length_is_counted_in_characters(void **state)
{
    (void)state;
    /* 2,000 kanji (6,000 bytes) pass; one more is refused with both counts */
    size_t max = CONTACT_SUMMARY_MAX;
    char *s = malloc(3 * (max + 1) + 1);
    assert_non_null(s);
    for (size_t i = 0; i <= max; i++)
        memcpy(s + 3 * i, "水", 3);
    s[3 * max] = '\0';
    err_t e;
    err_clear(&e);
    assert_int_equal(contact_check("phone", "other", s, &e), 0);
    memcpy(s + 3 * max, "水", 3);
    s[3 * (max + 1)] = '\0';
    refusal("phone", "other", s, "summary", "2,000文字以内");
    refusal("phone", "other", s, "summary", "いま2,001文字");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tables_are_whole),
        cmocka_unit_test(labels),
        cmocka_unit_test(check_names_the_field),
        cmocka_unit_test(length_is_counted_in_characters),
        cmocka_unit_test(tidy_line_breaks_and_trailing_space),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
