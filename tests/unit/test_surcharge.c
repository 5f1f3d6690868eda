/* Unit tests: 延滞金 (domain/surcharge.h, domain/surcharge_rates.h) — the
 * worked example of docs/arrears.md, the day on which one month has elapsed
 * (month ends, 31 January, leap years), a rate change on 1 January inside
 * the first month, partial payments lowering the base (and taking it under
 * ¥2,000), payments unsorted, beyond the principal or on or before the due
 * date, the ¥100 cut and the waiver under ¥1,000, a day the rates do not
 * cover, the JSON, and every validation error of a rates file naming its
 * key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/jsonw.h"
#include "domain/surcharge.h"
#include "domain/surcharge_rates.h"

/* The rates of the worked example: 2023–2025 2.4/8.7, 2026 2.8/9.1. */
static const char RATES[] =
    "{\"format\":\"suido-surcharge/1\",\"name\":\"特例基準割合による延滞金\",\"periods\":["
    "{\"from\":\"2014-01-01\",\"first\":\"2.9\",\"after\":\"9.2\"},"
    "{\"from\":\"2022-01-01\",\"first\":\"2.4\",\"after\":\"8.7\"},"
    "{\"from\":\"2023-01-01\",\"first\":\"2.4\",\"after\":\"8.7\"},"
    "{\"from\":\"2026-01-01\",\"first\":\"2.8\",\"after\":\"9.1\"}]}";

static surcharge_rates R;

static int setup(void **state)
{
    (void)state;
    char err[256];
    if (surcharge_rates_parse(RATES, strlen(RATES), &R, err, sizeof err)) {
        print_error("%s\n", err);
        return -1;
    }
    return 0;
}

static civil_date D(const char *s)
{
    civil_date d = {0, 0, 0};
    if (!date_parse(s, &d))
        fail_msg("bad date in test: %s", s);
    return d;
}

static void assert_date(civil_date d, const char *want)
{
    char iso[11];
    date_format_iso(d, iso);
    assert_string_equal(iso, want);
}

static void assert_part(const surcharge_part *p, const char *from, const char *to, int64_t base, const char *rate,
                        int64_t days, int64_t yen)
{
    assert_date(p->from, from);
    assert_date(p->to, to);
    assert_int_equal(p->base, base);
    assert_string_equal(p->rate, rate);
    assert_int_equal(p->days, days);
    assert_int_equal(p->yen, yen);
}

/* Compute with payments given as "YYYY-MM-DD", yen pairs. */
static surcharge_result *run(int64_t principal, const char *due, size_t n, const char *const *dates,
                             const int64_t *yen)
{
    static surcharge_result r;
    surcharge_payment p[SURCHARGE_MAX_PAYMENTS];
    for (size_t i = 0; i < n; i++) {
        p[i].date = D(dates[i]);
        p[i].yen = yen[i];
    }
    char err[256] = "";
    if (surcharge_compute(&R, principal, D(due), p, n, &r, err, sizeof err))
        fail_msg("surcharge_compute: %s", err);
    return &r;
}

static void worked_example(void **state)
{
    (void)state;
    const char *dates[] = {"2026-02-10"};
    const int64_t yen[] = {150000};
    surcharge_result *r = run(150000, "2023-11-30", 1, dates, yen);
    assert_int_equal(r->nparts, 4);
    assert_part(&r->parts[0], "2023-12-01", "2023-12-31", 150000, "2.4", 31, 305);
    assert_part(&r->parts[1], "2024-01-01", "2024-12-31", 150000, "8.7", 366, 13085);
    assert_part(&r->parts[2], "2025-01-01", "2025-12-31", 150000, "8.7", 365, 13050);
    assert_part(&r->parts[3], "2026-01-01", "2026-02-10", 150000, "9.1", 41, 1533);
    assert_true(r->parts[0].first_month);
    assert_false(r->parts[1].first_month);
    assert_int_equal(r->parts_sum, 27973);
    assert_int_equal(r->surcharge, 27900);   /* cut to ¥100 */
    assert_int_equal(r->unpaid, 0);
}

static void one_month_elapsed(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"2023-11-30", "2023-12-31"},   /* from 12-01: the day before 01-01 */
        {"2025-01-31", "2025-02-28"},   /* from 02-01: the day before 03-01 */
        {"2024-01-31", "2024-02-29"},   /* leap year */
        {"2025-01-30", "2025-02-28"},   /* from 01-31: no 02-31, so the end of February */
        {"2024-01-29", "2024-02-29"},   /* from 01-30: no 02-30 in a leap year either */
        {"2023-01-28", "2023-02-28"},   /* from 01-29: no 02-29 in 2023 */
        {"2024-01-28", "2024-02-28"},   /* from 01-29: 02-29 exists in 2024, the day before */
        {"2025-03-30", "2025-04-30"},   /* from 03-31: no 04-31 */
        {"2025-03-15", "2025-04-15"},   /* from 03-16: the day before 04-16 */
        {"2025-12-31", "2026-01-31"},   /* from 01-01 of the next year */
        {"2025-12-15", "2026-01-15"},   /* across the year end */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_date(surcharge_first_month_end(D(cases[i][0])), cases[i][1]);
}

/* Due 31 January: the first-month rate runs through the end of February. */
static void due_on_31_january(void **state)
{
    (void)state;
    const char *dates[] = {"2025-04-10"};
    const int64_t yen[] = {500000};
    surcharge_result *r = run(500000, "2025-01-31", 1, dates, yen);
    assert_int_equal(r->nparts, 2);
    assert_part(&r->parts[0], "2025-02-01", "2025-02-28", 500000, "2.4", 28, 920);
    assert_part(&r->parts[1], "2025-03-01", "2025-04-10", 500000, "8.7", 41, 4886);
    assert_int_equal(r->parts_sum, 5806);
    assert_int_equal(r->surcharge, 5800);
}

/* Rates change on 1 January inside the first month: 2025's first rate,
 * 2026's first rate, then 2026's later rate. */
static void year_end_rate_change_in_first_month(void **state)
{
    (void)state;
    const char *dates[] = {"2026-01-31"};
    const int64_t yen[] = {1000000};
    surcharge_result *r = run(1000000, "2025-12-15", 1, dates, yen);
    assert_int_equal(r->nparts, 3);
    assert_part(&r->parts[0], "2025-12-16", "2025-12-31", 1000000, "2.4", 16, 1052);
    assert_part(&r->parts[1], "2026-01-01", "2026-01-15", 1000000, "2.8", 15, 1150);
    assert_part(&r->parts[2], "2026-01-16", "2026-01-31", 1000000, "9.1", 16, 3989);
    assert_int_equal(r->parts_sum, 6191);
    assert_int_equal(r->surcharge, 6100);
}

/* Payments given out of order; each lowers the base from the next day; the
 * last leaves ¥1,500 (under ¥2,000: no charge) until it is paid. */
static void partial_payments_lower_the_base(void **state)
{
    (void)state;
    const char *dates[] = {"2024-08-10", "2024-12-20", "2024-06-20"};
    const int64_t yen[] = {149000, 1500, 100000};
    surcharge_result *r = run(250500, "2024-05-31", 3, dates, yen);
    assert_int_equal(r->nparts, 3);
    assert_part(&r->parts[0], "2024-06-01", "2024-06-20", 250000, "2.4", 20, 328);   /* ¥250,500 cut to ¥1,000 */
    assert_part(&r->parts[1], "2024-06-21", "2024-06-30", 150000, "2.4", 10, 98);
    assert_part(&r->parts[2], "2024-07-01", "2024-08-10", 150000, "8.7", 41, 1465);
    assert_int_equal(r->parts_sum, 1891);
    assert_int_equal(r->surcharge, 1800);
    assert_int_equal(r->unpaid, 0);

    /* paying ¥5,000 instead of the last ¥1,500: the excess changes nothing */
    const int64_t over[] = {149000, 5000, 100000};
    r = run(250500, "2024-05-31", 3, dates, over);
    assert_int_equal(r->nparts, 3);
    assert_int_equal(r->surcharge, 1800);
    assert_int_equal(r->unpaid, 0);

    /* a payment after the one that clears the principal changes nothing either */
    const char *later[] = {"2024-06-20", "2024-08-10", "2024-12-20", "2025-06-01"};
    const int64_t yen4[] = {100000, 149000, 1500, 3000};
    r = run(250500, "2024-05-31", 4, later, yen4);
    assert_int_equal(r->nparts, 3);
    assert_int_equal(r->parts_sum, 1891);

    /* two payments on one day add up */
    const char *same[] = {"2024-06-20", "2024-06-20", "2024-08-10"};
    const int64_t split[] = {60000, 40000, 150500};
    r = run(250500, "2024-05-31", 3, same, split);
    assert_int_equal(r->nparts, 3);
    assert_part(&r->parts[1], "2024-06-21", "2024-06-30", 150000, "2.4", 10, 98);
}

/* A payment on or before the due date is not late: it lowers the principal
 * the charge runs on; paid in full by then, there is no charge at all. */
static void payment_on_or_before_the_due_date(void **state)
{
    (void)state;
    const char *on[] = {"2025-06-30"};
    const int64_t all[] = {300000};
    surcharge_result *r = run(300000, "2025-06-30", 1, on, all);
    assert_int_equal(r->nparts, 0);
    assert_int_equal(r->surcharge, 0);
    const char *early[] = {"2025-05-01"};
    r = run(300000, "2025-06-30", 1, early, all);
    assert_int_equal(r->nparts, 0);

    /* ¥200,000 before the due date, ¥100,000 late: the charge runs on ¥100,000,
     * and its ¥894 is waived (under ¥1,000) */
    const char *two[] = {"2025-08-29", "2025-06-20"};
    const int64_t yen[] = {100000, 200000};
    r = run(300000, "2025-06-30", 2, two, yen);
    assert_int_equal(r->nparts, 2);
    assert_part(&r->parts[0], "2025-07-01", "2025-07-31", 100000, "2.4", 31, 203);
    assert_part(&r->parts[1], "2025-08-01", "2025-08-29", 100000, "8.7", 29, 691);
    assert_int_equal(r->parts_sum, 894);
    assert_int_equal(r->surcharge, 0);
}

static void small_principals_and_the_waiver(void **state)
{
    (void)state;
    const char *late[] = {"2025-12-31"};
    /* under ¥2,000: no charge however long */
    const int64_t y1999[] = {1999};
    surcharge_result *r = run(1999, "2023-11-30", 1, late, y1999);
    assert_int_equal(r->nparts, 0);
    assert_int_equal(r->surcharge, 0);
    /* ¥2,999 runs on ¥2,000: 2023-12 at 2.4% gives ¥4, 2024–2025 at 8.7% ¥174 each */
    const int64_t y2999[] = {2999};
    r = run(2999, "2023-11-30", 1, late, y2999);
    assert_int_equal(r->nparts, 3);
    assert_part(&r->parts[0], "2023-12-01", "2023-12-31", 2000, "2.4", 31, 4);
    assert_part(&r->parts[1], "2024-01-01", "2024-12-31", 2000, "8.7", 366, 174);
    assert_part(&r->parts[2], "2025-01-01", "2025-12-31", 2000, "8.7", 365, 174);
    assert_int_equal(r->parts_sum, 352);
    assert_int_equal(r->surcharge, 0);   /* under ¥1,000: waived */
}

/* The ¥100 cut and the ¥1,000 threshold, at their edges. */
static void cuts_at_the_edges(void **state)
{
    (void)state;
    /* ¥500,000 due 2025-06-30, paid 2025-07-31: 31 days at 2.4% = ¥1,019 -> ¥1,000 */
    const char *d1[] = {"2025-07-31"};
    const int64_t y1[] = {500000};
    surcharge_result *r = run(500000, "2025-06-30", 1, d1, y1);
    assert_int_equal(r->nparts, 1);
    assert_int_equal(r->parts_sum, 1019);
    assert_int_equal(r->surcharge, 1000);
    /* paid a day earlier: 30 days = ¥986 -> waived */
    const char *d2[] = {"2025-07-30"};
    r = run(500000, "2025-06-30", 1, d2, y1);
    assert_int_equal(r->parts_sum, 986);
    assert_int_equal(r->surcharge, 0);
}

/* Payments short of the principal: the charge accrued by the last one. */
static void unpaid_remainder(void **state)
{
    (void)state;
    const char *d[] = {"2025-07-31"};
    const int64_t y[] = {100000};
    surcharge_result *r = run(600000, "2025-06-30", 1, d, y);
    assert_int_equal(r->unpaid, 500000);
    assert_int_equal(r->nparts, 1);
    assert_part(&r->parts[0], "2025-07-01", "2025-07-31", 600000, "2.4", 31, 1223);
    assert_int_equal(r->surcharge, 1200);
}

static void bad_input(void **state)
{
    (void)state;
    surcharge_result *r = malloc(sizeof *r);
    char err[256];
    surcharge_payment p = {D("2025-07-31"), 1000};
    /* a day before the rates file's first period */
    surcharge_payment old = {D("2013-12-31"), 5000};
    assert_int_equal(surcharge_compute(&R, 5000, D("2013-06-30"), &old, 1, r, err, sizeof err), -1);
    assert_non_null(strstr(err, "2013-07-01"));
    assert_int_equal(surcharge_compute(&R, 0, D("2025-06-30"), &p, 1, r, err, sizeof err), -1);
    assert_non_null(strstr(err, "元金"));
    assert_int_equal(surcharge_compute(&R, 5000, D("2025-06-30"), &p, 0, r, err, sizeof err), -1);
    surcharge_payment zero = {D("2025-07-31"), 0};
    assert_int_equal(surcharge_compute(&R, 5000, D("2025-06-30"), &zero, 1, r, err, sizeof err), -1);
    assert_non_null(strstr(err, "1 件目"));
    surcharge_payment far = {D("2999-12-31"), 5000};
    assert_int_equal(surcharge_compute(&R, 5000, D("2025-06-30"), &far, 1, r, err, sizeof err), -1);
    assert_non_null(strstr(err, "100 年"));
    free(r);
}

static void as_json(void **state)
{
    (void)state;
    const char *dates[] = {"2026-02-10"};
    const int64_t yen[] = {150000};
    surcharge_result *r = run(150000, "2023-11-30", 1, dates, yen);
    buf_t b;
    buf_init(&b, 0);
    jsonw w;
    jsonw_begin(&w, &b);
    surcharge_json(&w, r);
    assert_string_equal(buf_cstr(&b),
                        "{\"surcharge\":27900,\"parts\":["
                        "{\"from\":\"2023-12-01\",\"to\":\"2023-12-31\",\"base\":150000,\"rate\":\"2.4\",\"days\":31,\"yen\":305},"
                        "{\"from\":\"2024-01-01\",\"to\":\"2024-12-31\",\"base\":150000,\"rate\":\"8.7\",\"days\":366,\"yen\":13085},"
                        "{\"from\":\"2025-01-01\",\"to\":\"2025-12-31\",\"base\":150000,\"rate\":\"8.7\",\"days\":365,\"yen\":13050},"
                        "{\"from\":\"2026-01-01\",\"to\":\"2026-02-10\",\"base\":150000,\"rate\":\"9.1\",\"days\":41,\"yen\":1533}]}");
    buf_free(&b);
}

static void rate_strings(void **state)
{
    (void)state;
    assert_int_equal(surcharge_rate_parse("2.4"), 2400);
    assert_int_equal(surcharge_rate_parse("14.6"), 14600);
    assert_int_equal(surcharge_rate_parse("0.25"), 250);
    assert_int_equal(surcharge_rate_parse("7.125"), 7125);
    assert_int_equal(surcharge_rate_parse("100"), 100000);
    assert_int_equal(surcharge_rate_parse("0"), 0);
    static const char *const bad[] = {"", "-1", "+2.4", "2,4", "2.", ".4", "2.4%", "1e1", "100.001", "2.4567", " 2.4",
                                      "1000"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(surcharge_rate_parse(bad[i]), -1);
}

static void rates_validation_names_the_key(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"[]", "最上位"},
        {"{\"format\":\"suido-tariff/1\",\"name\":\"x\",\"periods\":[]}", "format:"},
        {"{\"format\":\"suido-surcharge/1\",\"periods\":[{\"from\":\"2024-01-01\",\"first\":\"2.4\",\"after\":\"8.7\"}]}",
         "name:"},
        {"{\"format\":\"suido-surcharge/1\",\"name\":\"x\"}", "periods:"},
        {"{\"format\":\"suido-surcharge/1\",\"name\":\"x\",\"periods\":[]}", "periods:"},
        {"{\"format\":\"suido-surcharge/1\",\"name\":\"x\",\"periods\":[1]}", "periods[0]:"},
        {"{\"format\":\"suido-surcharge/1\",\"name\":\"x\",\"periodz\":[]}", "periodz:"},
        {"{\"format\":\"suido-surcharge/1\",\"name\":\"x\",\"periods\":["
         "{\"from\":\"2022-01-01\",\"first\":\"2.4\",\"after\":\"8.7\"},"
         "{\"from\":\"2023-01-01\",\"first\":\"2.4\",\"after\":\"8.7\"},"
         "{\"from\":\"2024-01-01\",\"first\":\"2,4\",\"after\":\"8.7\"}]}",
         "periods[2].first:"},
        {"{\"format\":\"suido-surcharge/1\",\"name\":\"x\",\"periods\":["
         "{\"from\":\"2022-01-01\",\"first\":2.4,\"after\":\"8.7\"}]}",
         "periods[0].first:"},
        {"{\"format\":\"suido-surcharge/1\",\"name\":\"x\",\"periods\":["
         "{\"from\":\"2022-01-01\",\"first\":\"2.4\"}]}",
         "periods[0].after:"},
        {"{\"format\":\"suido-surcharge/1\",\"name\":\"x\",\"periods\":["
         "{\"from\":\"2022-02-30\",\"first\":\"2.4\",\"after\":\"8.7\"}]}",
         "periods[0].from:"},
        {"{\"format\":\"suido-surcharge/1\",\"name\":\"x\",\"periods\":["
         "{\"from\":\"2023-01-01\",\"first\":\"2.4\",\"after\":\"8.7\"},"
         "{\"from\":\"2023-01-01\",\"first\":\"2.4\",\"after\":\"8.7\"}]}",
         "periods[1].from:"},
        {"{\"format\":\"suido-surcharge/1\",\"name\":\"x\",\"periods\":["
         "{\"from\":\"2023-01-01\",\"first\":\"2.4\",\"after\":\"8.7\",\"rate\":\"1\"}]}",
         "periods[0].rate:"},
        {"{\"format\":\"suido-surcharge/1\",\"name\":\"x\",\"name\":\"y\",\"periods\":[]}", "JSON"},
    };
    surcharge_rates *r = malloc(sizeof *r);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[400] = "";
        assert_int_equal(surcharge_rates_parse(cases[i][0], strlen(cases[i][0]), r, err, sizeof err), -1);
        if (!strstr(err, cases[i][1]))
            fail_msg("case %zu: \"%s\" does not name %s", i, err, cases[i][1]);
    }
    /* the good file: periods and the rate in force on a day */
    assert_int_equal(R.nperiods, 4);
    assert_string_equal(R.name, "特例基準割合による延滞金");
    assert_null(surcharge_rates_at(&R, D("2013-12-31")));
    assert_string_equal(surcharge_rates_at(&R, D("2025-12-31"))->after, "8.7");
    assert_string_equal(surcharge_rates_at(&R, D("2026-01-01"))->first, "2.8");
    assert_int_equal(surcharge_rates_at(&R, D("2030-06-01"))->after_milli, 9100);
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(worked_example),
        cmocka_unit_test(one_month_elapsed),
        cmocka_unit_test(due_on_31_january),
        cmocka_unit_test(year_end_rate_change_in_first_month),
        cmocka_unit_test(partial_payments_lower_the_base),
        cmocka_unit_test(payment_on_or_before_the_due_date),
        cmocka_unit_test(small_principals_and_the_waiver),
        cmocka_unit_test(cuts_at_the_edges),
        cmocka_unit_test(unpaid_remainder),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(as_json),
        cmocka_unit_test(rate_strings),
        cmocka_unit_test(rates_validation_names_the_key),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
