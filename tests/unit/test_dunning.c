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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(steps_by_code),
        cmocka_unit_test(due_after_business_days),
        cmocka_unit_test(cutoff_matches_the_rule),
        cmocka_unit_test(deadlines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
