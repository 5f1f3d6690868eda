/* Unit tests: the 延滞金 of one service of a bill (domain/late_charge.h) —
 * a service's principal with its tax share as alloc_bill_parts splits a
 * bill, the dated payments of a service from the allocations (the tax
 * share taken cumulatively, same-day allocations added, days without a
 * share left out), the worked example of docs/arrears.md through a bill,
 * a partial payment, a principal under ¥2,000 (none), a sum under ¥1,000
 * (waived), an on-time payment (none), and the deadline of a charge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/alloc.h"
#include "domain/late_charge.h"

static const char RATES[] =
    "{\"format\":\"suido-surcharge/1\",\"name\":\"test\",\"periods\":["
    "{\"from\":\"2022-01-01\",\"first\":\"2.4\",\"after\":\"8.7\"},"
    "{\"from\":\"2026-01-01\",\"first\":\"2.8\",\"after\":\"9.1\"}]}";

static surcharge_rates R;
static surcharge_result res;

static int setup(void **state)
{
    (void)state;
    char err[256];
    return surcharge_rates_parse(RATES, strlen(RATES), &R, err, sizeof err) ? -1 : 0;
}

static civil_date D(const char *s)
{
    civil_date d = {0, 0, 0};
    if (!date_parse(s, &d))
        fail_msg("bad date in test: %s", s);
    return d;
}

/* The allocation of amount of a bill whose earlier allocations are paid. */
static late_charge_paid pay(const char *on, int64_t w, int64_t s, int64_t a, int64_t t, const alloc_parts *paid,
                            int64_t amount)
{
    alloc_parts whole, out;
    alloc_bill_parts(w, s, a, t, &whole);
    assert_int_equal(alloc_split(&whole, paid, amount, &out), 0);
    return (late_charge_paid){.on = D(on), .water = out.water, .sewer = out.sewer, .tax = out.tax};
}

static void test_principal(void **state)
{
    (void)state;
    /* water ¥3,300 and sewer ¥2,200, tax ¥500 in them */
    assert_int_equal(late_charge_principal(3300, 2200, 0, 500, LATE_WATER), 3300);
    assert_int_equal(late_charge_principal(3300, 2200, 0, 500, LATE_SEWER), 2200);
    /* an adjustment (leak reduction) is shared by the two: the principals add up to the total */
    int64_t w = late_charge_principal(3300, 2200, -550, 450, LATE_WATER);
    int64_t s = late_charge_principal(3300, 2200, -550, 450, LATE_SEWER);
    assert_int_equal(w + s, 3300 + 2200 - 550);
    assert_int_equal(w, 3300 - 330);
    /* a water-only bill has no sewer principal and no charge on it */
    assert_int_equal(late_charge_principal(5500, 0, 0, 500, LATE_SEWER), 0);
    late_charge_paid p = {.on = D("2025-01-01"), .water = 5000, .sewer = 0, .tax = 500};
    char err[200];
    assert_int_equal(late_charge_surcharge(&R, D("2023-01-31"), 5500, 0, 0, 500, LATE_SEWER, &p, 1, &res, err,
                                           sizeof err), 0);
    assert_int_equal(res.surcharge, 0);
}

static void test_worked_example(void **state)
{
    (void)state;
    /* ¥150,000 of sewer (tax ¥13,636 in it) due 2023-11-30, paid in full on 2026-02-10 */
    alloc_parts none = {0, 0, 0};
    late_charge_paid p = pay("2026-02-10", 0, 150000, 0, 13636, &none, 150000);
    char err[200];
    assert_int_equal(late_charge_surcharge(&R, D("2023-11-30"), 0, 150000, 0, 13636, LATE_SEWER, &p, 1, &res, err,
                                           sizeof err), 0);
    assert_int_equal(res.parts_sum, 27973);
    assert_int_equal(res.surcharge, 27900);
}

static void test_partial_payment(void **state)
{
    (void)state;
    /* water ¥110,000 (tax ¥10,000), sewer ¥165,000 (tax ¥15,000); half paid late
     * on 2024-01-10, the rest on 2026-02-10 */
    alloc_parts none = {0, 0, 0};
    late_charge_paid p[3];
    p[0] = pay("2024-01-10", 110000, 165000, 0, 25000, &none, 100000);
    alloc_parts after1 = {p[0].water, p[0].sewer, p[0].tax};
    p[1] = pay("2024-01-10", 110000, 165000, 0, 25000, &after1, 37500);   /* the same day: added */
    alloc_parts after2 = {after1.water + p[1].water, after1.sewer + p[1].sewer, after1.tax + p[1].tax};
    p[2] = pay("2026-02-10", 110000, 165000, 0, 25000, &after2, 137500);
    surcharge_payment sp[4];
    size_t np = 0;
    assert_int_equal(late_charge_payments(110000, 165000, 0, 25000, LATE_SEWER, p, 3, sp, 4, &np), 0);
    assert_int_equal(np, 2);
    assert_int_equal(sp[0].yen, 82500);   /* 75,000 net + 7,500 of tax */
    assert_int_equal(sp[1].yen, 82500);
    assert_int_equal(sp[0].yen + sp[1].yen, 165000);
    char err[200];
    surcharge_result *want = malloc(sizeof *want);
    assert_non_null(want);
    assert_int_equal(surcharge_compute(&R, 165000, D("2023-11-30"), sp, np, want, err, sizeof err), 0);
    assert_int_equal(late_charge_surcharge(&R, D("2023-11-30"), 110000, 165000, 0, 25000, LATE_SEWER, p, 3, &res,
                                           err, sizeof err), 0);
    assert_int_equal(res.surcharge, want->surcharge);
    assert_true(res.surcharge > 0);
    /* the base fell to 82,000 after 2024-01-10 */
    assert_int_equal(res.parts[res.nparts - 1].base, 82000);
    /* water: its own principal and payments */
    assert_int_equal(late_charge_payments(110000, 165000, 0, 25000, LATE_WATER, p, 3, sp, 4, &np), 0);
    assert_int_equal(sp[0].yen + sp[1].yen, 110000);
    /* more days than room */
    assert_int_equal(late_charge_payments(110000, 165000, 0, 25000, LATE_SEWER, p, 3, sp, 1, &np), -1);
    free(want);
}

static void test_small(void **state)
{
    (void)state;
    char err[200];
    alloc_parts none = {0, 0, 0};
    /* a sewer principal under ¥2,000: no charge however late */
    late_charge_paid p = pay("2025-06-30", 0, 1980, 0, 180, &none, 1980);
    assert_int_equal(late_charge_surcharge(&R, D("2023-05-31"), 0, 1980, 0, 180, LATE_SEWER, &p, 1, &res, err,
                                           sizeof err), 0);
    assert_int_equal(res.surcharge, 0);
    /* ¥10,000 forty days late: ¥20 or so, a sum under ¥1,000 is waived (0, no receivable) */
    p = pay("2024-07-10", 0, 10000, 0, 909, &none, 10000);
    assert_int_equal(late_charge_surcharge(&R, D("2024-05-31"), 0, 10000, 0, 909, LATE_SEWER, &p, 1, &res, err,
                                           sizeof err), 0);
    assert_true(res.parts_sum > 0 && res.parts_sum < 1000);
    assert_int_equal(res.surcharge, 0);
    /* paid on the due date: not late */
    p = pay("2024-05-31", 0, 150000, 0, 13636, &none, 150000);
    assert_int_equal(late_charge_surcharge(&R, D("2024-05-31"), 0, 150000, 0, 13636, LATE_SEWER, &p, 1, &res, err,
                                           sizeof err), 0);
    assert_int_equal(res.surcharge, 0);
    assert_int_equal(res.nparts, 0);
    /* a day the rates do not cover is an error with a message */
    p = pay("2021-12-10", 0, 150000, 0, 13636, &none, 150000);
    assert_int_equal(late_charge_surcharge(&R, D("2021-10-31"), 0, 150000, 0, 13636, LATE_SEWER, &p, 1, &res, err,
                                           sizeof err), -1);
    assert_true(err[0] != '\0');
}

static void test_due(void **state)
{
    (void)state;
    char iso[11];
    date_format_iso(late_charge_due(D("2026-12-20"), 20), iso);
    assert_string_equal(iso, "2027-01-09");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_principal), cmocka_unit_test(test_worked_example), cmocka_unit_test(test_partial_payment),
        cmocka_unit_test(test_small),     cmocka_unit_test(test_due),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
