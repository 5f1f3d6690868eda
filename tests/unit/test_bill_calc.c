/* Unit tests: one bill's charges (domain/bill_calc.h) — water and sewer on
 * their volumes, the sewer volume rules, a leak reduction as an adjustment,
 * and a tariff change inside the period split by days (日割り). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/bill_calc.h"

/* Fukuoka 2014 (monthly, tax 8% added, household 13 mm: 1700 + bands). */
static const char FUKUOKA[] =
    "{\"format\":\"suido-tariff/1\",\"id\":\"fukuoka-water-2014\",\"name\":\"福岡市 水道料金\",\"service\":\"water\","
    "\"effective_from\":\"2014-04-01\",\"period_months\":1,\"prices_include_tax\":false,\"tax_percent\":8,"
    "\"rounding\":{\"unit_yen\":1,\"mode\":\"floor\",\"scope\":\"bill\"},\"multi_month\":{\"method\":\"scale\"},"
    "\"classes\":[{\"use\":\"household\",\"diameters\":[13,20,25],\"base\":{\"13\":\"1700\",\"20\":\"2660\",\"25\":\"6220\"},"
    "\"included_m3\":0,\"bands\":[{\"up_to_m3\":20,\"yen_per_m3\":\"17\"},{\"up_to_m3\":40,\"yen_per_m3\":\"155\"},"
    "{\"up_to_m3\":60,\"yen_per_m3\":\"243\"},{\"up_to_m3\":100,\"yen_per_m3\":\"284\"},{\"up_to_m3\":200,\"yen_per_m3\":\"335\"},"
    "{\"up_to_m3\":null,\"yen_per_m3\":\"387\"}]}]}";
/* The same table at 10% from 2019-10-01 (only the tax changes). */
static const char FUKUOKA10[] =
    "{\"format\":\"suido-tariff/1\",\"id\":\"fukuoka-water-2019\",\"name\":\"福岡市 水道料金 10%\",\"service\":\"water\","
    "\"effective_from\":\"2019-10-01\",\"period_months\":1,\"prices_include_tax\":false,\"tax_percent\":10,"
    "\"rounding\":{\"unit_yen\":1,\"mode\":\"floor\",\"scope\":\"bill\"},\"multi_month\":{\"method\":\"scale\"},"
    "\"classes\":[{\"use\":\"household\",\"diameters\":[13,20,25],\"base\":{\"13\":\"1700\",\"20\":\"2660\",\"25\":\"6220\"},"
    "\"included_m3\":0,\"bands\":[{\"up_to_m3\":20,\"yen_per_m3\":\"17\"},{\"up_to_m3\":40,\"yen_per_m3\":\"155\"},"
    "{\"up_to_m3\":60,\"yen_per_m3\":\"243\"},{\"up_to_m3\":100,\"yen_per_m3\":\"284\"},{\"up_to_m3\":200,\"yen_per_m3\":\"335\"},"
    "{\"up_to_m3\":null,\"yen_per_m3\":\"387\"}]}]}";
/* Koriyama sewer (2 months, tax included, any use). */
static const char KORIYAMA[] =
    "{\"format\":\"suido-tariff/1\",\"id\":\"koriyama-sewer\",\"name\":\"郡山市 下水道使用料\",\"service\":\"sewer\","
    "\"effective_from\":\"2019-10-01\",\"period_months\":2,\"prices_include_tax\":true,\"tax_percent\":10,"
    "\"rounding\":{\"unit_yen\":1,\"mode\":\"floor\",\"scope\":\"bill\"},\"multi_month\":{\"method\":\"scale\"},"
    "\"partial_period\":{\"unit_days\":15,\"period_days\":60,\"scale\":[\"base\",\"bands\"]},"
    "\"classes\":[{\"use\":\"*\",\"base\":\"2612\",\"included_m3\":20,\"bands\":[{\"up_to_m3\":40,\"yen_per_m3\":\"176\"},"
    "{\"up_to_m3\":100,\"yen_per_m3\":\"203\"},{\"up_to_m3\":200,\"yen_per_m3\":\"230\"},{\"up_to_m3\":400,\"yen_per_m3\":\"263\"},"
    "{\"up_to_m3\":1000,\"yen_per_m3\":\"291\"},{\"up_to_m3\":null,\"yen_per_m3\":\"318\"}]}]}";

static tariff W8, W10, S;

static int setup(void **state)
{
    (void)state;
    char err[256];
    if (tariff_parse(FUKUOKA, strlen(FUKUOKA), &W8, err, sizeof err) ||
        tariff_parse(FUKUOKA10, strlen(FUKUOKA10), &W10, err, sizeof err) ||
        tariff_parse(KORIYAMA, strlen(KORIYAMA), &S, err, sizeof err)) {
        print_error("%s\n", err);
        return -1;
    }
    return 0;
}

static bill_calc_in base_in(int64_t m3, int months)
{
    bill_calc_in in;
    memset(&in, 0, sizeof in);
    in.use = "household";
    in.diameter = 13;
    in.months = months;
    in.water.t = &W8;
    in.water.m3 = m3;
    return in;
}

static void water_and_sewer(void **state)
{
    (void)state;
    bill_calc_in in = base_in(50, 2);
    in.sewer.t = &S;
    in.sewer.m3 = 50;
    buf_t lines;
    buf_init(&lines, 0);
    bill_calc_out out = {.lines = &lines};
    char err[256];
    assert_int_equal(bill_calc(&in, &out, err, sizeof err), 0);
    /* water, 2 months on a monthly table (scale): 3400 + 40×17 + 10×155 = 5630 × 1.08 = 6080.4 */
    assert_int_equal(out.water_yen, 6080);
    assert_int_equal(out.sewer_yen, 8162);                  /* the worked example */
    assert_int_equal(out.total_yen, 6080 + 8162);
    assert_int_equal(out.adjust_yen, 0);
    assert_non_null(strstr(buf_cstr(&lines), "\"svc\":\"sewer\""));
    assert_non_null(strstr(buf_cstr(&lines), "\"tariff\":\"fukuoka-water-2014\""));
    buf_free(&lines);
}

static void sewer_volume_rules(void **state)
{
    (void)state;
    assert_int_equal(bill_sewer_volume("water", 30, -1, 0, 8, 2), 30);
    assert_int_equal(bill_sewer_volume("deduct", 30, 12, 0, 8, 2), 18);
    assert_int_equal(bill_sewer_volume("deduct", 30, 45, 0, 8, 2), 0);       /* never below zero */
    assert_int_equal(bill_sewer_volume("well", 0, -1, 3, 8, 2), 48);         /* 3 people × 8 m³ × 2 months */
    assert_int_equal(bill_sewer_volume("well", 10, -1, 1, 8, 1), 18);
}

static void leak_reduction_is_an_adjustment(void **state)
{
    (void)state;
    bill_calc_in in = base_in(30, 1);
    in.leak_m3 = 10;
    buf_t lines;
    buf_init(&lines, 0);
    bill_calc_out out = {.lines = &lines};
    char err[256];
    assert_int_equal(bill_calc(&in, &out, err, sizeof err), 0);
    assert_int_equal(out.water_yen, 3877);                  /* 30 m³ as read */
    /* 20 m³: 1700 + 340 = 2040 × 1.08 = 2203.2 -> 2203 */
    assert_int_equal(out.adjust_yen, 2203 - 3877);
    assert_int_equal(out.total_yen, 2203);
    assert_non_null(strstr(buf_cstr(&lines), "\"kind\":\"leak\""));
    buf_free(&lines);
}

static void tariff_change_split_by_days(void **state)
{
    (void)state;
    bill_calc_in in = base_in(30, 1);
    in.water.t = &W10;
    in.water.seg[0] = (bill_segment){.t = &W8, .days = 10};
    in.water.seg[1] = (bill_segment){.t = &W10, .days = 20};
    in.water.nseg = 2;
    buf_t lines;
    buf_init(&lines, 0);
    bill_calc_out out = {.lines = &lines};
    char err[256];
    assert_int_equal(bill_calc(&in, &out, err, sizeof err), 0);
    /* 3590 at 8% = 3877, at 10% = 3949; (3877×10 + 3949×20) / 30 = 3925 */
    assert_int_equal(out.water_yen, (3877 * 10 + 3949 * 20) / 30);
    assert_non_null(strstr(buf_cstr(&lines), "\"share_days\":10"));
    buf_free(&lines);
}

/* 40 m³ over 2 months, 13 → 20 mm on day 10 of 61: 9 days at 13 mm, 52 at 20. */
static bill_calc_in change_13_20(void)
{
    bill_calc_in in = base_in(40, 2);
    in.diameter = 20;
    in.water.seg[0] = (bill_segment){.t = &W8, .diameter = 13, .days = 9};
    in.water.seg[1] = (bill_segment){.t = &W8, .diameter = 20, .days = 52};
    in.water.nseg = 2;
    return in;
}

/* Price in into lines (the caller frees them); 0 or bill_calc's -1. */
static int price(const bill_calc_in *in, buf_t *lines, bill_calc_out *out)
{
    buf_init(lines, 0);
    *out = (bill_calc_out){.lines = lines};
    char err[256];
    return bill_calc(in, out, err, sizeof err);
}

/* 13 → 20 mm on day 10 of a 61-day period (2 months on the monthly
 * Fukuoka table, scaled), 40 m³: 13 mm 3400 + 40×17 = 4080 × 1.08 = 4406;
 * 20 mm 5320 + 680 = 6000 × 1.08 = 6480; days 1..9 at 13 mm, 10..61 at 20. */
static void diameter_change_split_by_days(void **state)
{
    (void)state;
    bill_calc_in in = change_13_20();
    buf_t lines;
    bill_calc_out out;
    assert_int_equal(price(&in, &lines, &out), 0);
    /* (4406×9 + 6480×52) / 61 = 376614 / 61 = 6174 */
    assert_int_equal(out.water_yen, 6174);
    assert_int_equal(out.tax_yen, (326 * 9 + 480 * 52) / 61);   /* 4406 − 4080, 6480 − 6000 */
    const char *j = buf_cstr(&lines);
    assert_non_null(strstr(j, "\"diameter\":13,\"share_days\":9,\"of_days\":61,\"total\":4406"));
    assert_non_null(strstr(j, "\"diameter\":20,\"share_days\":52,\"of_days\":61,\"total\":6480"));
    assert_non_null(strstr(j, "\"kind\":\"prorate\",\"total\":6174"));
    buf_free(&lines);
}

/* The same with the 10% table from day 30 under tariff_change = days:
 * three segments — 9 days W8 13 mm (4406), 20 days W8 20 mm (6480), 32 days
 * W10 20 mm (6000 × 1.10 = 6600). */
static void diameter_and_tariff_change_make_three(void **state)
{
    (void)state;
    bill_calc_in in = base_in(40, 2);
    in.diameter = 20;
    in.water.t = &W10;
    in.water.seg[0] = (bill_segment){.t = &W8, .diameter = 13, .days = 9};
    in.water.seg[1] = (bill_segment){.t = &W8, .diameter = 20, .days = 20};
    in.water.seg[2] = (bill_segment){.t = &W10, .diameter = 20, .days = 32};
    in.water.nseg = 3;
    buf_t lines;
    bill_calc_out out;
    assert_int_equal(price(&in, &lines, &out), 0);
    /* (4406×9 + 6480×20 + 6600×32) / 61 = 380454 / 61 = 6236.9… → 6236 */
    assert_int_equal(out.water_yen, 6236);
    assert_non_null(strstr(buf_cstr(&lines), "\"tariff\":\"fukuoka-water-2019\",\"m3\":40,\"diameter\":20,\"share_days\":32"));
    buf_free(&lines);
}

/* A service whose tariff does not depend on the diameter (the sewer table
 * of any use) is not split by a diameter change: one group, the same
 * amount as without it; a leak reduction re-prices the split water. */
static void sewer_ignores_a_diameter_change_and_leak_reprices_the_split(void **state)
{
    (void)state;
    bill_calc_in in = change_13_20();
    in.sewer.t = &S;
    in.sewer.m3 = 50;
    in.sewer.seg[0] = (bill_segment){.t = &S, .diameter = 13, .days = 9};
    in.sewer.seg[1] = (bill_segment){.t = &S, .diameter = 20, .days = 52};
    in.sewer.nseg = 2;
    in.leak_m3 = 20;
    buf_t lines;
    bill_calc_out out;
    assert_int_equal(price(&in, &lines, &out), 0);
    assert_int_equal(out.water_yen, 6174);
    assert_int_equal(out.sewer_yen, 8162);   /* as in water_and_sewer: one table, one amount */
    assert_null(strstr(buf_cstr(&lines), "\"svc\":\"sewer\",\"kind\":\"prorate\""));
    /* reduced by 20 m³: water 20 m³ — 13 mm 3400 + 20×17 = 3740 × 1.08 = 4039, 20 mm 5660 × 1.08 = 6112,
     * (4039×9 + 6112×52) / 61 = 354175 / 61 = 5806; sewer 30 m³ = 2612 + 10×176 = 4372 (tax included) */
    assert_int_equal(out.adjust_yen, (5806 + 4372) - (6174 + 8162));
    assert_int_equal(out.total_yen, 5806 + 4372);
    buf_free(&lines);
}

static void unknown_class_is_an_error(void **state)
{
    (void)state;
    bill_calc_in in = base_in(30, 1);
    in.diameter = 40;                                       /* not in this table */
    buf_t lines;
    buf_init(&lines, 0);
    bill_calc_out out = {.lines = &lines};
    char err[256] = "";
    assert_int_equal(bill_calc(&in, &out, err, sizeof err), -1);
    assert_true(strlen(err) > 0);
    buf_free(&lines);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(water_and_sewer),
        cmocka_unit_test(sewer_volume_rules),
        cmocka_unit_test(leak_reduction_is_an_adjustment),
        cmocka_unit_test(tariff_change_split_by_days),
        cmocka_unit_test(diameter_change_split_by_days),
        cmocka_unit_test(diameter_and_tariff_change_make_three),
        cmocka_unit_test(sewer_ignores_a_diameter_change_and_leak_reprices_the_split),
        cmocka_unit_test(unknown_class_is_an_error),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
