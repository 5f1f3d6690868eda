/* stats_reading_store — the reading statistics (検針統計, issue 22 item 1,
 * docs/statistics.md 「検針統計」): the readings of the cycles from..to
 * counted by cycle, route and reader in one grouped scan (the caller folds
 * the cells into its tables).
 *
 * Counted: readings of kind actual (実検針) or estimated (認定) whose
 * status is not replaced (a re-read supersedes the first reading); final
 * and start readings (a meter's exchange or a stop) are not 検針.  A cell
 * (stats_store_row): key the cycle "YYYY-MM"; label the tap's route code,
 * '|', the reader (the user who entered the reading: a handheld's reader,
 * an office clerk, or "import"); v[] as enum stats_reading_col:
 *   total, actual, estimated, held (status held now), confirmed (held then
 *   confirmed by a second person: reason "confirmed"), leak (reason
 *   "leak": a leak suspect).
 * Read from the readings_stats index alone (migration 40: cycle, tap,
 * kind, status, reader, reasons), the tap's route by its key. */
#ifndef SUIDO_STATS_READING_STORE_H
#define SUIDO_STATS_READING_STORE_H

#include "store/stats/stats_store.h"

enum stats_reading_col {
    STATS_RD_TOTAL,
    STATS_RD_ACTUAL,
    STATS_RD_ESTIMATED,
    STATS_RD_HELD,
    STATS_RD_CONFIRMED,
    STATS_RD_LEAK,
    STATS_RD_NCOLS
};

/* from, to: cycles "YYYY-MM", inclusive.  Ordered by cycle, route, reader. */
int stats_reading_store_cube(db_conn *c, const char *from, const char *to, stats_store_row **rows, size_t *n,
                             err_t *e);
/* Every route: key its code, label its name. */
int stats_reading_store_routes(db_conn *c, stats_store_row **rows, size_t *n, err_t *e);

#endif
