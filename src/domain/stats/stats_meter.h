/* stats_meter — the meters' certification expiry folded into fiscal years
 * (検定満了予測, issue 21 item 5; docs/meters.md 「メーターの統計」): the
 * pure part of the expiry forecast.
 *
 * Input: cells of (expiry month "YYYY-MM", diameter, count) as the store
 * groups them.  stats_meter_forecast lays them out as fiscal years ×
 * diameters for the STATS_FORECAST_YEARS years from fy0: row 0 holds what
 * expired before fy0 (満了済: overdue), rows 1..10 the years fy0..fy0+9;
 * a meter expiring later is not in the table.  The columns are the
 * registry's diameters up to 75 mm (the first STATS_FORECAST_NDIAM of
 * TAPINFO_DIAMETERS, in order: nearly every meter), then one for every
 * other diameter (STATS_FORECAST_OTHER: 100 mm and over, or one outside
 * the list), then the row's total (STATS_FORECAST_TOTAL): nine columns,
 * which a printed A4 page holds.
 *
 * Pure: no I/O; nothing allocated. */
#ifndef SUIDO_STATS_METER_H
#define SUIDO_STATS_METER_H

#include <stddef.h>
#include <stdint.h>

#define STATS_FORECAST_YEARS 10
#define STATS_FORECAST_NDIAM 7                           /* 13, 20, 25, 30, 40, 50, 75 */
#define STATS_FORECAST_OTHER STATS_FORECAST_NDIAM        /* 100 mm and over, or another */
#define STATS_FORECAST_TOTAL (STATS_FORECAST_NDIAM + 1)
#define STATS_FORECAST_NCOLS (STATS_FORECAST_NDIAM + 2)

typedef struct stats_expiry_cell {
    char month[8];     /* "YYYY-MM" (a malformed one is counted in skipped) */
    int64_t diameter;
    int64_t count;
} stats_expiry_cell;

typedef struct stats_forecast {
    int fy0;
    int64_t count[STATS_FORECAST_YEARS + 1][STATS_FORECAST_NCOLS];
    int64_t skipped;   /* meters whose expiry is not a month */
} stats_forecast;

void stats_meter_forecast(const stats_expiry_cell *cells, size_t n, int fy0, stats_forecast *out);

/* The fiscal year (年度, April starts it) of a "YYYY-MM..." text, or -1
 * when it does not start with a month. */
int stats_meter_fiscal_year_of(const char *ym);

#endif
