/* Unit tests: the designated contractors' rules (domain/works/works_contractor.h):
 * the five-year validity with the 2019 transitional table, renewal, the
 * standing on a day with its reason, suspension periods from events, and the
 * number formats. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/works/works_contractor.h"

static civil_date D(const char *iso)
{
    civil_date d;
    assert_true(date_parse(iso, &d));
    return d;
}

static void assert_date(civil_date d, const char *want)
{
    char got[11];
    date_format_iso(d, got);
    assert_string_equal(got, want);
}

static void validity(void **state)
{
    (void)state;
    /* designations before the 2019 amendment: the cabinet order's table */
    assert_date(works_contractor_first_until(D("1998-04-01")), "2020-09-29");
    assert_date(works_contractor_first_until(D("1999-03-31")), "2020-09-29");
    assert_date(works_contractor_first_until(D("1999-04-01")), "2021-09-29");
    assert_date(works_contractor_first_until(D("2003-03-31")), "2021-09-29");
    assert_date(works_contractor_first_until(D("2003-04-01")), "2022-09-29");
    assert_date(works_contractor_first_until(D("2010-06-15")), "2023-09-29");
    assert_date(works_contractor_first_until(D("2013-04-01")), "2024-09-29");
    assert_date(works_contractor_first_until(D("2019-09-30")), "2024-09-29");
    /* from 2019-10-01: to the day before the fifth anniversary */
    assert_date(works_contractor_first_until(D("2019-10-01")), "2024-09-30");
    assert_date(works_contractor_first_until(D("2021-04-01")), "2026-03-31");
    assert_date(works_contractor_first_until(D("2024-02-29")), "2029-02-28");
    /* a renewal: five years from the day after the old expiry */
    assert_date(works_contractor_renewal_start(D("2024-09-29")), "2024-09-30");
    assert_date(works_contractor_renewed_until(D("2024-09-29")), "2029-09-29");
    assert_date(works_contractor_renewed_until(D("2026-03-31")), "2031-03-31");
    assert_date(works_contractor_renewed_until(D("2028-02-28")), "2033-02-28");
    assert_date(works_contractor_renewed_until(D("2027-02-28")), "2032-02-29");   /* 2032 is a leap year */

    /* a suspension: six months at most */
    assert_date(works_contractor_suspension_last(D("2026-04-01")), "2026-09-30");
    assert_date(works_contractor_suspension_last(D("2026-08-31")), "2027-02-28");
    assert_date(works_contractor_suspension_last(D("2027-08-31")), "2028-02-29");
    assert_date(works_contractor_suspension_last(D("2026-10-15")), "2027-04-14");
    assert_date(works_contractor_suspension_last(D("2026-12-31")), "2027-06-30");

    char err[256];
    assert_true(works_contractor_designated_on_ok(D("1998-04-01"), D("2026-12-05"), err, sizeof err));
    assert_string_equal(err, "");
    assert_false(works_contractor_designated_on_ok(D("1998-03-31"), D("2026-12-05"), err, sizeof err));
    assert_non_null(strstr(err, "平成10年4月1日以降"));
    assert_false(works_contractor_designated_on_ok(D("2026-12-06"), D("2026-12-05"), err, sizeof err));
    assert_non_null(strstr(err, "未来"));
}

static void suspensions_from_events(void **state)
{
    (void)state;
    works_event ev[] = {
        {WORKS_EV_DESIGNATED, D("2021-04-01"), {0, 0, 0}},
        {WORKS_EV_SUSPENDED, D("2026-04-01"), D("2026-06-30")},
        {WORKS_EV_REINSTATED, D("2026-05-15"), {0, 0, 0}},   /* lifted early */
        {WORKS_EV_SUSPENDED, D("2026-10-01"), D("2026-10-31")},
        {WORKS_EV_SUSPENDED, D("2027-01-10"), D("2027-01-20")},
        {WORKS_EV_REINSTATED, D("2027-01-05"), {0, 0, 0}},   /* before it began: void */
    };
    stat_period p[4];
    size_t n = works_contractor_suspensions(ev, 6, p, 4);
    assert_int_equal(n, 3);
    assert_date(p[0].from, "2026-04-01");
    assert_date(p[0].until, "2026-05-14");
    assert_date(p[1].until, "2026-10-31");   /* untouched: over before the reinstatement */
    assert_date(p[2].from, "2027-01-10");
    assert_date(p[2].until, "2027-01-04");   /* ends before it begins: covers nothing */
    assert_int_equal(works_contractor_suspensions(ev, 6, p, 1), 1);
}

static void standing(void **state)
{
    (void)state;
    stat_period susp[] = {{D("2026-04-01"), D("2026-06-30")}, {D("2027-01-10"), D("2027-01-04")}};
    stat_period eng[] = {{D("2021-04-01"), D("2026-07-31")}, {D("2026-09-01"), {0, 0, 0}}};
    works_standing_input in = {
        .designated_on = D("2021-04-01"), .valid_until = D("2026-09-30"),
        .suspensions = susp, .nsuspensions = 2, .engineers = eng, .nengineers = 2,
    };
    char why[WORKS_REASON_MAX];
    assert_int_equal(works_contractor_standing(&in, D("2021-04-01"), why, sizeof why), WORKS_STANDING_OK);
    assert_string_equal(why, "");
    assert_int_equal(works_contractor_standing(&in, D("2021-03-31"), why, sizeof why), WORKS_STANDING_NOT_DESIGNATED);
    assert_string_equal(why, "指定日（令和3年4月1日）より前です");
    assert_int_equal(works_contractor_standing(&in, D("2026-04-01"), why, sizeof why), WORKS_STANDING_SUSPENDED);
    assert_string_equal(why, "令和8年4月1日から令和8年6月30日まで指定停止中です");
    assert_int_equal(works_contractor_standing(&in, D("2026-06-30"), why, sizeof why), WORKS_STANDING_SUSPENDED);
    assert_int_equal(works_contractor_standing(&in, D("2026-07-01"), why, sizeof why), WORKS_STANDING_OK);
    /* the one engineer left on 2026-08-01, the next came on 2026-09-01 */
    assert_int_equal(works_contractor_standing(&in, D("2026-08-15"), why, sizeof why), WORKS_STANDING_NO_ENGINEER);
    assert_string_equal(why, "主任技術者が登録されていません");
    assert_int_equal(works_contractor_standing(&in, D("2026-09-30"), why, sizeof why), WORKS_STANDING_OK);
    assert_int_equal(works_contractor_standing(&in, D("2026-10-01"), why, sizeof why), WORKS_STANDING_EXPIRED);
    assert_string_equal(why, "指定の有効期限（令和8年9月30日）を過ぎています");
    in.valid_until = D("2031-09-30");   /* renewed */
    assert_int_equal(works_contractor_standing(&in, D("2027-01-10"), why, sizeof why), WORKS_STANDING_OK);
    in.revoked = true;
    in.revoked_on = D("2027-02-01");
    assert_int_equal(works_contractor_standing(&in, D("2027-01-31"), why, sizeof why), WORKS_STANDING_OK);
    assert_int_equal(works_contractor_standing(&in, D("2027-02-01"), why, sizeof why), WORKS_STANDING_REVOKED);
    assert_string_equal(why, "令和9年2月1日に指定を取り消されています");
    stat_period open[] = {{D("2027-03-01"), {0, 0, 0}}};
    in.revoked = false;
    in.suspensions = open;
    in.nsuspensions = 1;
    assert_int_equal(works_contractor_standing(&in, D("2028-01-01"), why, sizeof why), WORKS_STANDING_SUSPENDED);
    assert_string_equal(why, "令和9年3月1日から指定停止中です");
    in.nengineers = 0;
    in.nsuspensions = 0;
    assert_int_equal(works_contractor_standing(&in, D("2028-01-01"), why, sizeof why), WORKS_STANDING_NO_ENGINEER);
}

static void numbers(void **state)
{
    (void)state;
    char out[32];
    assert_true(works_contractor_designation_no("第１２３号", out, sizeof out));
    assert_string_equal(out, "123");
    assert_true(works_contractor_designation_no(" k-0042 ", out, sizeof out));
    assert_string_equal(out, "K-0042");
    assert_true(works_contractor_designation_no("1234567890123456", out, sizeof out));
    assert_false(works_contractor_designation_no("12345678901234567", out, sizeof out));   /* 17 */
    assert_false(works_contractor_designation_no("", out, sizeof out));
    assert_false(works_contractor_designation_no("ABC", out, sizeof out));                /* no digit */
    assert_false(works_contractor_designation_no("12/3", out, sizeof out));
    assert_false(works_contractor_designation_no("-12", out, sizeof out));
    assert_false(works_contractor_designation_no("甲府1", out, sizeof out));
    assert_false(works_contractor_designation_no(NULL, out, sizeof out));

    assert_true(works_contractor_licence_no("第００１２３４５号", out, sizeof out));
    assert_string_equal(out, "0012345");
    assert_true(works_contractor_licence_no("98765", out, sizeof out));
    assert_false(works_contractor_licence_no("12345678901", out, sizeof out));
    assert_false(works_contractor_licence_no("12A45", out, sizeof out));
    assert_false(works_contractor_licence_no("第号", out, sizeof out));

    assert_string_equal(works_event_code(WORKS_EV_ENGINEER_REMOVED), "engineer_removed");
    assert_string_equal(works_event_label(WORKS_EV_SUSPENDED), "指定停止");
    assert_int_equal(works_event_from_code("reinstated"), WORKS_EV_REINSTATED);
    assert_int_equal(works_event_from_code("nope"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(validity),
        cmocka_unit_test(suspensions_from_events),
        cmocka_unit_test(standing),
        cmocka_unit_test(numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
