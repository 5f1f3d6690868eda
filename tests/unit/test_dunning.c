/* Unit tests: the dunning schedule (domain/dunning.h) over the business-day
 * calendar: when each step is due, the cutoff that selects by index, and
 * the deadlines a notice carries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/calendar.h"
#include "domain/dunning.h"

static civil_date D(const char *s)
{
    civil_date d = {0, 0, 0};
    assert_true(date_parse(s, &d));
    return d;
}

static void iso_eq(civil_date d, const char *want)
{
    char s[11];
    date_format_iso(d, s);
    assert_string_equal(s, want);
}

static void steps_by_code(void **state)
{
    (void)state;
    assert_int_equal(dunning_step_parse("tokusoku"), DUNNING_TOKUSOKU);
    assert_int_equal(dunning_step_parse("saikoku"), DUNNING_SAIKOKU);
    assert_int_equal(dunning_step_parse("yokoku"), DUNNING_YOKOKU);
    assert_int_equal(dunning_step_parse("stop"), -1);
    assert_int_equal(dunning_step_parse(NULL), -1);
    assert_string_equal(dunning_step_title(DUNNING_TOKUSOKU), "督促状");
    assert_string_equal(dunning_step_title(DUNNING_YOKOKU), "給水停止予告通知書");
    assert_int_equal(dunning_step_prev(DUNNING_TOKUSOKU), -1);
    assert_int_equal(dunning_step_prev(DUNNING_YOKOKU), DUNNING_SAIKOKU);
}

/* Due 2026-04-30 (Thu): 10 business days later skips the Golden Week
 * holidays (5/3–5/6) and weekends: 5/1, 5/7, 5/8, 5/11..15, 5/18, 5/19 -> 5/19. */
static void due_after_business_days(void **state)
{
    (void)state;
    iso_eq(calendar_add_business_days(D("2026-04-30"), 10), "2026-05-19");
    assert_false(dunning_is_due(D("2026-04-30"), D("2026-05-18"), 10));
    assert_true(dunning_is_due(D("2026-04-30"), D("2026-05-19"), 10));
    /* within 20 calendar days of the due date even across Golden Week */
    assert_true(date_to_days(D("2026-05-19")) - date_to_days(D("2026-04-30")) <= 20);
}

/* The cutoff agrees with dunning_is_due for every day of two years. */
static void cutoff_matches_the_rule(void **state)
{
    (void)state;
    for (int64_t a = date_to_days(D("2025-12-01")); a < date_to_days(D("2027-12-01")); a += 1) {
        civil_date as_of = date_from_days(a);
        for (int delay = 1; delay <= 12; delay += 11) {
            civil_date c = dunning_cutoff(as_of, delay);
            assert_true(dunning_is_due(c, as_of, delay));
            assert_false(dunning_is_due(date_from_days(date_to_days(c) + 1), as_of, delay));
        }
    }
}

static void deadlines(void **state)
{
    (void)state;
    dunning_rules r = dunning_rules_default();
    civil_date dl, stop;
    /* issued 2026-05-18 (Mon) + 15 = 2026-06-02 (Tue) */
    dunning_deadline(&r, DUNNING_TOKUSOKU, D("2026-05-18"), &dl, &stop);
    iso_eq(dl, "2026-06-02");
    assert_int_equal(stop.y, 0);
    /* issued 2026-12-21 + 10 = 12-31: year end, moved to 2027-01-04 */
    dunning_deadline(&r, DUNNING_SAIKOKU, D("2026-12-21"), &dl, &stop);
    iso_eq(dl, "2027-01-04");
    /* 予告 issued 2026-06-01 (Mon): stoppage 06-15 (Mon), deadline 06-12 (Fri) */
    dunning_deadline(&r, DUNNING_YOKOKU, D("2026-06-01"), &dl, &stop);
    iso_eq(stop, "2026-06-15");
    iso_eq(dl, "2026-06-12");
    assert_int_equal(dunning_fee(&r, DUNNING_TOKUSOKU), 0);
    r.tokusoku_fee = 100;
    assert_int_equal(dunning_fee(&r, DUNNING_TOKUSOKU), 100);
    assert_int_equal(dunning_fee(&r, DUNNING_SAIKOKU), 0);
}

/* The karte's "next step and its date" is the first day on which the batch
 * would select the bill for that step: due that day, not the day before. */
static void next_step_is_the_first_day_the_batch_selects(void **state)
{
    (void)state;
    dunning_rules r = dunning_rules_default();
    int next = -2;
    civil_date on, none = {0, 0, 0};
    dunning_next(&r, -1, D("2026-11-30"), none, none, &next, &on);
    assert_int_equal(next, DUNNING_TOKUSOKU);
    iso_eq(on, "2026-12-14");   /* ten business days after a Monday's due date */
    assert_true(dunning_is_due(D("2026-11-30"), on, r.tokusoku_days));
    assert_false(dunning_is_due(D("2026-11-30"), date_from_days(date_to_days(on) - 1), r.tokusoku_days));
    /* after the 督促: the 催告 five business days after its deadline (over the new year's holidays) */
    dunning_next(&r, DUNNING_TOKUSOKU, D("2026-11-30"), D("2026-12-29"), none, &next, &on);
    assert_int_equal(next, DUNNING_SAIKOKU);
    assert_true(dunning_is_due(D("2026-12-29"), on, r.saikoku_days));
    assert_false(dunning_is_due(D("2026-12-29"), date_from_days(date_to_days(on) - 1), r.saikoku_days));
    assert_true(calendar_is_business_day(on));
    /* after the 予告: the stoppage on its date */
    dunning_next(&r, DUNNING_YOKOKU, D("2026-11-30"), D("2027-02-12"), D("2027-02-15"), &next, &on);
    assert_int_equal(next, DUNNING__MAX);
    iso_eq(on, "2027-02-15");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(steps_by_code),
        cmocka_unit_test(due_after_business_days),
        cmocka_unit_test(cutoff_matches_the_rule),
        cmocka_unit_test(deadlines),
        cmocka_unit_test(next_step_is_the_first_day_the_batch_selects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
