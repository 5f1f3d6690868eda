/* stats_meter — the meters' expiry folded into fiscal years (検定満了,
 * docs/meters.md 「メーターの統計」): the pure part of the expiry tables.
 *
 * Input: cells of (expiry month "YYYY-MM", diameter, count) as the store
 * groups them.  stats_meter_forecast lays them out as years × diameters
 * for the ten fiscal years from fy0: row 0 holds what expired before fy0
 * (満了済), rows 1..STATS_FORECAST_YEARS the years fy0..fy0+9; a meter
 * expiring later is not in the table.  The diameters are those of the
 * cells (ascending), at most STATS_FORECAST_MAXDIAM (the registry's
 * diameters are a dozen); cells beyond are counted in skipped.
 *
 * Pure: no I/O; nothing allocated. */
#ifndef SUIDO_STATS_METER_H
#define SUIDO_STATS_METER_H

#include <stddef.h>
#include <stdint.h>

#define STATS_FORECAST_YEARS 10
#define STATS_FORECAST_MAXDIAM 14

typedef struct stats_expiry_cell {
    char month[8];     /* "YYYY-MM" (a malformed one is not counted) */
    int64_t diameter;
    int64_t count;
} stats_expiry_cell;

typedef struct stats_forecast {
    int fy0;
    int ndiam;
    int64_t diameters[STATS_FORECAST_MAXDIAM];
    int64_t count[STATS_FORECAST_YEARS + 1][STATS_FORECAST_MAXDIAM];
    int64_t skipped;   /* cells of a diameter beyond the table's width, or malformed */
} stats_forecast;

void stats_meter_forecast(const stats_expiry_cell *cells, size_t n, int fy0, stats_forecast *out);

#endif
