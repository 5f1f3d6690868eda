/* stats_reading_store — the reading statistics (検針統計, issue 22 item 1):
 * the readings of the cycles from..to counted by route or by reader.
 *
 * Counted: readings of kind actual (実検針) or estimated (認定) whose
 * status is not replaced (a re-read supersedes the first reading); final
 * and start readings (a meter's exchange or a stop) are not 検針.  v[] of
 * each row (enum stats_reading_col):
 *   total, actual, estimated, held (status held now), confirmed (held then
 *   confirmed: reason "confirmed"), leak (reason "leak").
 * key: the route's code (label: its name) or the reader's user name
 * (label ""); key2 0.  One GROUP BY over the readings_cycle index. */
#ifndef SUIDO_STATS_READING_STORE_H
#define SUIDO_STATS_READING_STORE_H

#include "store/stats/stats_store_row.h"

enum stats_reading_col {
    STATS_RD_TOTAL,
    STATS_RD_ACTUAL,
    STATS_RD_ESTIMATED,
    STATS_RD_HELD,
    STATS_RD_CONFIRMED,
    STATS_RD_LEAK,
    STATS_RD_NCOLS
};

/* from, to: cycles "YYYY-MM", inclusive.  Ordered by the key. */
int stats_reading_store_by_route(db_conn *c, const char *from, const char *to, stats_store_row **rows, size_t *n,
                                 err_t *e);
int stats_reading_store_by_reader(db_conn *c, const char *from, const char *to, stats_store_row **rows, size_t *n,
                                  err_t *e);

#endif
