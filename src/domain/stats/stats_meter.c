/* stats_meter — see stats_meter.h. */
#include "domain/stats/stats_meter.h"

#include <string.h>

#include "domain/stats/stats_span.h"

/* The column of diameter d, added in order when new; -1 when full. */
static int column(stats_forecast *f, int64_t d)
{
    int i = 0;
    while (i < f->ndiam && f->diameters[i] < d)
        i++;
    if (i < f->ndiam && f->diameters[i] == d)
        return i;
    if (f->ndiam == STATS_FORECAST_MAXDIAM)
        return -1;
    memmove(&f->diameters[i + 1], &f->diameters[i], (size_t)(f->ndiam - i) * sizeof f->diameters[0]);
    for (int y = 0; y <= STATS_FORECAST_YEARS; y++) {
        memmove(&f->count[y][i + 1], &f->count[y][i], (size_t)(f->ndiam - i) * sizeof f->count[y][0]);
        f->count[y][i] = 0;
    }
    f->diameters[i] = d;
    f->ndiam++;
    return i;
}

void stats_meter_forecast(const stats_expiry_cell *cells, size_t n, int fy0, stats_forecast *out)
{
    memset(out, 0, sizeof *out);
    out->fy0 = fy0;
    for (size_t i = 0; i < n; i++) {
        int fy = stats_span_fiscal_year_of(cells[i].month);
        if (fy < 0) {
            out->skipped += cells[i].count;
            continue;
        }
        if (fy >= fy0 + STATS_FORECAST_YEARS)
            continue;
        int row = fy < fy0 ? 0 : fy - fy0 + 1;
        int col = column(out, cells[i].diameter);
        if (col < 0) {
            out->skipped += cells[i].count;
            continue;
        }
        out->count[row][col] += cells[i].count;
    }
}
