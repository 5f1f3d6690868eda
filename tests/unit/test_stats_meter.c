/* Unit tests: the meters' expiry forecast (domain/stats/stats_meter.h):
 * expiry months folded into fiscal years (March belongs to the year begun
 * the April before), the meters overdue before this year in row 0, ten
 * years from this one and none after, 100 mm and a diameter outside the
 * registry's list in the その他 column, the row totals, malformed months
 * skipped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/stats/stats_meter.h"

static void fiscal_year_of_a_month(void **state)
{
    (void)state;
    assert_int_equal(stats_meter_fiscal_year_of("2027-03"), 2026);
    assert_int_equal(stats_meter_fiscal_year_of("2027-04"), 2027);
    assert_int_equal(stats_meter_fiscal_year_of("2027-04-30"), 2027);   /* a day is read as its month */
    assert_int_equal(stats_meter_fiscal_year_of("2027-13"), -1);
    assert_int_equal(stats_meter_fiscal_year_of("2027/04"), -1);
    assert_int_equal(stats_meter_fiscal_year_of(""), -1);
    assert_int_equal(stats_meter_fiscal_year_of(NULL), -1);
}

static void forecast_by_year_and_diameter(void **state)
{
    (void)state;
    const stats_expiry_cell cells[] = {
        {"2024-05", 13, 4},   /* overdue: before FY2026 */
        {"2026-03", 20, 1},   /* FY2025: overdue too */
        {"2026-04", 13, 7},   /* this year */
        {"2027-03", 13, 2},   /* still this year */
        {"2030-10", 25, 5},
        {"2030-11", 38, 3},   /* not a registry diameter: その他 */
        {"2030-12", 150, 2},  /* 100 mm and over: その他 */
        {"2035-12", 40, 6},   /* FY2035: the tenth year */
        {"2036-04", 40, 9},   /* FY2036: beyond the table */
        {"bad", 13, 11},
    };
    stats_forecast f;
    stats_meter_forecast(cells, sizeof cells / sizeof cells[0], 2026, &f);
    assert_int_equal(f.fy0, 2026);
    assert_int_equal(f.count[0][0], 4);   /* 13mm */
    assert_int_equal(f.count[0][1], 1);   /* 20mm */
    assert_int_equal(f.count[0][STATS_FORECAST_TOTAL], 5);
    assert_int_equal(f.count[1][0], 9);
    assert_int_equal(f.count[1][STATS_FORECAST_TOTAL], 9);
    assert_int_equal(f.count[5][2], 5);   /* FY2030, 25mm */
    assert_int_equal(f.count[5][STATS_FORECAST_OTHER], 3 + 2);
    assert_int_equal(f.count[5][STATS_FORECAST_TOTAL], 10);
    assert_int_equal(f.count[10][4], 6);  /* FY2035, 40mm */
    int64_t all = 0;
    for (int y = 0; y <= STATS_FORECAST_YEARS; y++)
        all += f.count[y][STATS_FORECAST_TOTAL];
    assert_int_equal(all, 4 + 1 + 7 + 2 + 5 + 3 + 2 + 6);
    assert_int_equal(f.skipped, 11);
}

static void nothing_to_forecast(void **state)
{
    (void)state;
    stats_forecast f;
    stats_meter_forecast(NULL, 0, 2030, &f);
    for (int y = 0; y <= STATS_FORECAST_YEARS; y++)
        assert_int_equal(f.count[y][STATS_FORECAST_TOTAL], 0);
    assert_int_equal(f.skipped, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fiscal_year_of_a_month),
        cmocka_unit_test(forecast_by_year_and_diameter),
        cmocka_unit_test(nothing_to_forecast),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
