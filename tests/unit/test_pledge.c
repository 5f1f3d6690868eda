/* Unit tests: the instalment pledge's schedule (equal by month, checks that
 * name the field) and its progress and breach rule (domain/pledge.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/pledge.h"

static civil_date D(const char *iso)
{
    civil_date d;
    assert_true(date_parse(iso, &d));
    return d;
}

static void iso(civil_date d, char out[11])
{
    date_format_iso(d, out);
}

static void equal_by_month(void **state)
{
    (void)state;
    pledge_line l[4];
    char f[32], m[256], got[11];
    assert_int_equal(pledge_equal_schedule(10001, 3, D("2026-01-31"), l, f, sizeof f, m, sizeof m), 0);
    assert_int_equal(l[0].amount, 3335);   /* the remainder yen on the first */
    assert_int_equal(l[1].amount, 3333);
    assert_int_equal(l[2].amount, 3333);
    iso(l[1].due, got);
    assert_string_equal(got, "2026-02-28");   /* no 31 February: the month's last day */
    iso(l[2].due, got);
    assert_string_equal(got, "2026-03-31");
    assert_int_equal(pledge_equal_schedule(10000, 4, D("2026-11-15"), l, f, sizeof f, m, sizeof m), 0);
    iso(l[3].due, got);
    assert_string_equal(got, "2027-02-15");
    assert_int_equal(pledge_equal_schedule(2, 3, D("2026-11-15"), l, f, sizeof f, m, sizeof m), -1);
    assert_string_equal(f, "total");
    assert_int_equal(pledge_equal_schedule(200, 0, D("2026-11-15"), l, f, sizeof f, m, sizeof m), -1);
    assert_string_equal(f, "count");
}

static void checks_name_the_field(void **state)
{
    (void)state;
    civil_date today = D("2026-12-05");
    pledge_line l[3] = {{D("2026-12-10"), 1000}, {D("2027-01-10"), 1000}, {D("2027-02-10"), 1000}};
    char f[32], m[256];
    assert_int_equal(pledge_check_schedule(l, 3, 3000, today, f, sizeof f, m, sizeof m), 0);
    assert_int_equal(pledge_check_schedule(l, 3, 3001, today, f, sizeof f, m, sizeof m), -1);
    assert_string_equal(f, "total");
    assert_non_null(strstr(m, "一致しません"));
    l[1].due = D("2026-12-10");
    assert_int_equal(pledge_check_schedule(l, 3, 3000, today, f, sizeof f, m, sizeof m), -1);
    assert_string_equal(f, "due_2");
    l[1].due = D("2027-01-10");
    l[0].due = D("2026-12-04");
    assert_int_equal(pledge_check_schedule(l, 3, 3000, today, f, sizeof f, m, sizeof m), -1);
    assert_string_equal(f, "due_1");
    assert_non_null(strstr(m, "過去"));
    l[0].due = D("2026-12-05");   /* today is allowed */
    l[2].amount = 0;
    l[1].amount = 2000;
    assert_int_equal(pledge_check_schedule(l, 3, 3000, today, f, sizeof f, m, sizeof m), -1);
    assert_string_equal(f, "amount_3");
    assert_int_equal(pledge_check_schedule(l, 0, 0, today, f, sizeof f, m, sizeof m), -1);
    assert_string_equal(f, "count");
}

static void progress_and_breach(void **state)
{
    (void)state;
    /* 2026-12-10 is a Thursday: five business days later is 2026-12-17 */
    pledge_line l[3] = {{D("2026-12-10"), 1000}, {D("2027-01-13"), 1000}, {D("2027-02-10"), 1000}};
    pledge_progress p;
    char got[11];
    iso(pledge_grace_end(D("2026-12-10"), 5), got);
    assert_string_equal(got, "2026-12-17");
    pledge_progress_of(l, 3, 0, D("2026-12-17"), 5, &p);   /* the last day of grace: on track */
    assert_int_equal(p.state, PLEDGE_ON_TRACK);
    assert_int_equal(p.met, 0);
    pledge_progress_of(l, 3, 0, D("2026-12-18"), 5, &p);
    assert_int_equal(p.state, PLEDGE_BREACHED);
    assert_int_equal(p.breached_seq, 1);
    pledge_progress_of(l, 3, 1999, D("2027-01-15"), 5, &p);   /* one met, the second part-paid, in grace */
    assert_int_equal(p.state, PLEDGE_ON_TRACK);
    assert_int_equal(p.met, 1);
    pledge_progress_of(l, 3, 2000, D("2027-03-01"), 5, &p);
    assert_int_equal(p.state, PLEDGE_BREACHED);
    assert_int_equal(p.breached_seq, 3);
    assert_int_equal(p.met, 2);
    pledge_progress_of(l, 3, 3000, D("2027-03-01"), 5, &p);
    assert_int_equal(p.state, PLEDGE_KEPT);
    assert_int_equal(p.met, 3);
    pledge_progress_of(l, 3, 3000, D("2026-12-06"), 5, &p);   /* paid all early: kept */
    assert_int_equal(p.state, PLEDGE_KEPT);
    pledge_progress_of(l, 3, 0, D("2026-12-11"), 0, &p);   /* no grace */
    assert_int_equal(p.state, PLEDGE_BREACHED);
    assert_string_equal(pledge_status_label("breached"), "不履行");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(equal_by_month),
        cmocka_unit_test(checks_name_the_field),
        cmocka_unit_test(progress_and_breach),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
