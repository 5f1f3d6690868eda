/* stats_meter — the meters' certification expiry folded into fiscal years
 * (検定満了予測, issue 21 item 5; docs/meters.md 「メーターの統計」): the
 * pure part of the expiry forecast.
 *
 * Input: cells of (expiry month "YYYY-MM", diameter, count) as the store
 * groups them.  stats_meter_forecast lays them out as fiscal years ×
 * diameters for the STATS_FORECAST_YEARS years from fy0: row 0 holds what
 * expired before fy0 (満了済: overdue), rows 1..10 the years fy0..fy0+9;
 * a meter expiring later is not in the table.  The columns are the
 * registry's diameters (TAPINFO_DIAMETERS, in order), then one for any
 * other diameter (STATS_FORECAST_OTHER), then the row's total
 * (STATS_FORECAST_TOTAL).
 *
 * Pure: no I/O; nothing allocated. */
#ifndef SUIDO_STATS_METER_H
#define SUIDO_STATS_METER_H

#include <stddef.h>
#include <stdint.h>

#define STATS_FORECAST_YEARS 10
#define STATS_FORECAST_NDIAM 10                          /* as many as TAPINFO_DIAMETERS */
#define STATS_FORECAST_OTHER STATS_FORECAST_NDIAM        /* any other diameter */
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
