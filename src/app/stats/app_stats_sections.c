/* app_stats_sections — see app_stats_reports.h (app_stats_sections). */
#include "app/stats/app_stats_reports.h"

int app_stats_sections(stat_report *r, const char *const keys[][3], int n, const stat_col *cols, int ncols,
                       stat_section **out, err_t *e)
{
    for (int k = 0; k < n; k++)
        if (!(out[k] = stat_section_add(r, keys[k][0], keys[k][1], keys[k][2], cols, ncols)))
            return err_set(e, ERR_INTERNAL, NULL, NULL, "stats: too many sections");
    return 0;
}
