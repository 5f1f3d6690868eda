/* stats_meter — see stats_meter.h. */
#include "domain/stats/stats_meter.h"

#include <string.h>

#include "domain/tapinfo.h"

_Static_assert(STATS_FORECAST_NCOLS <= 12, "the forecast's columns fit a statistics table (STAT_MAX_COLS)");

static int column(int64_t d)
{
    for (int i = 0; i < STATS_FORECAST_NDIAM && TAPINFO_DIAMETERS[i]; i++)
        if (TAPINFO_DIAMETERS[i] == d)
            return i;
    return STATS_FORECAST_OTHER;
}

void stats_meter_forecast(const stats_expiry_cell *cells, size_t n, int fy0, stats_forecast *out)
{
    memset(out, 0, sizeof *out);
    out->fy0 = fy0;
    for (size_t i = 0; i < n; i++) {
        int fy = stats_meter_fiscal_year_of(cells[i].month);
        if (fy < 0) {
            out->skipped += cells[i].count;
            continue;
        }
        if (fy >= fy0 + STATS_FORECAST_YEARS)
            continue;
        int row = fy < fy0 ? 0 : fy - fy0 + 1;
        out->count[row][column(cells[i].diameter)] += cells[i].count;
        out->count[row][STATS_FORECAST_TOTAL] += cells[i].count;
    }
}

int stats_meter_fiscal_year_of(const char *ym)
{
    if (!ym || strlen(ym) < 7 || ym[4] != '-')
        return -1;
    static const int POS[6] = {0, 1, 2, 3, 5, 6};
    int v[6];
    for (int i = 0; i < 6; i++) {
        if (ym[POS[i]] < '0' || ym[POS[i]] > '9')
            return -1;
        v[i] = ym[POS[i]] - '0';
    }
    int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3], m = v[4] * 10 + v[5];
    if (m < 1 || m > 12)
        return -1;
    return m >= 4 ? y : y - 1;
}
