/* Unit tests: the date rules of reception (domain/reception.h) — the notice
 * in business days counted over weekends and holidays, 至急 for staff, the
 * window ahead and back, and the web's stricter rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/reception.h"

static const reception_rules RULES = {.lead_business_days = 3, .max_days_ahead = 60, .past_days = 30};

static civil_date D(int y, int m, int d)
{
    return (civil_date){y, m, d};
}

static bool ok(reception_from from, bool urgent, civil_date today, civil_date day, civil_date *first, char *msg)
{
    return reception_day_ok(&RULES, from, urgent, today, day, first, msg, 256);
}

/* From Friday 2026-12-25 the third business day is Wednesday 12-30 (Mon
 * 28, Tue 29, Wed 30); from Wednesday 12-30 it is Wednesday 2027-01-06,
 * the banks' year-end holidays (12-31 .. 01-03) and the weekend skipped. */
static void notice_counts_business_days(void **state)
{
    (void)state;
    civil_date first;
    char msg[256];
    assert_false(ok(RECEPTION_WEB, false, D(2026, 12, 25), D(2026, 12, 29), &first, msg));
    assert_int_equal(first.d, 30);
    assert_non_null(strstr(msg, "3営業日前まで"));
    assert_non_null(strstr(msg, "2026年12月30日（水）"));
    assert_true(ok(RECEPTION_WEB, false, D(2026, 12, 25), D(2026, 12, 30), &first, msg));
    assert_false(ok(RECEPTION_WEB, false, D(2026, 12, 30), D(2027, 1, 5), &first, msg));
    assert_int_equal(first.y, 2027);
    assert_int_equal(first.m, 1);
    assert_int_equal(first.d, 6);
    assert_true(ok(RECEPTION_WEB, false, D(2026, 12, 30), D(2027, 1, 6), &first, msg));
}

static void staff_may_go_inside_the_notice_when_urgent(void **state)
{
    (void)state;
    civil_date first;
    char msg[256];
    civil_date today = D(2026, 12, 1);   /* a Tuesday */
    assert_false(ok(RECEPTION_STAFF, false, today, today, &first, msg));
    assert_non_null(strstr(msg, "至急"));
    assert_true(ok(RECEPTION_STAFF, true, today, today, &first, msg));
    assert_false(ok(RECEPTION_WEB, true, today, today, &first, msg));   /* the web has no 至急 */
}

static void window_ahead_and_back(void **state)
{
    (void)state;
    civil_date first;
    char msg[256];
    civil_date today = D(2026, 12, 1);
    assert_true(ok(RECEPTION_STAFF, false, today, D(2027, 1, 30), &first, msg));    /* 60 days */
    assert_false(ok(RECEPTION_STAFF, false, today, D(2027, 1, 31), &first, msg));   /* 61 */
    assert_non_null(strstr(msg, "60日先"));
    assert_true(ok(RECEPTION_STAFF, false, today, D(2026, 11, 1), &first, msg));    /* 30 back: it happened */
    assert_false(ok(RECEPTION_STAFF, false, today, D(2026, 10, 31), &first, msg));
    assert_non_null(strstr(msg, "30日前"));
    assert_false(ok(RECEPTION_WEB, false, today, D(2026, 11, 30), &first, msg));    /* never back on the web */
}

static void labels(void **state)
{
    (void)state;
    assert_string_equal(reception_kind_label("stop"), "使用中止（閉栓）");
    assert_string_equal(reception_source_label("counter"), "窓口");
    assert_string_equal(reception_status_label("scheduled"), "予定");
    assert_null(reception_kind_label("demolish"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(notice_counts_business_days),
        cmocka_unit_test(staff_may_go_inside_the_notice_when_urgent),
        cmocka_unit_test(window_ahead_and_back),
        cmocka_unit_test(labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
