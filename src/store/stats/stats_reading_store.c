/* stats_reading_store — see stats_reading_store.h. */
#include "store/stats/stats_reading_store.h"

#define COUNTS                                                                              \
    " COUNT(*),"                                                                            \
    " SUM(CASE WHEN r.kind = 'actual' THEN 1 ELSE 0 END),"                                  \
    " SUM(CASE WHEN r.kind = 'estimated' THEN 1 ELSE 0 END),"                               \
    " SUM(CASE WHEN r.status = 'held' THEN 1 ELSE 0 END),"                                  \
    " SUM(CASE WHEN (',' || r.reasons || ',') LIKE '%,confirmed,%' THEN 1 ELSE 0 END),"     \
    " SUM(CASE WHEN (',' || r.reasons || ',') LIKE '%,leak,%' THEN 1 ELSE 0 END), 0, 0"
#define WHERE " WHERE r.cycle BETWEEN $1 AND $2 AND r.status <> 'replaced' AND r.kind IN ('actual', 'estimated')"

static const char SQL_BY_ROUTE[] =
    "SELECT t.route, COALESCE(MAX(ro.name), ''), 0," COUNTS
    " FROM readings r JOIN taps t ON t.id = r.tap_id LEFT JOIN routes ro ON ro.code = t.route" WHERE
    " GROUP BY t.route ORDER BY t.route";
static const char SQL_BY_READER[] =
    "SELECT r.entered_by, '', 0," COUNTS " FROM readings r" WHERE " GROUP BY r.entered_by ORDER BY r.entered_by";

int stats_reading_store_by_route(db_conn *c, const char *from, const char *to, stats_store_row **rows, size_t *n,
                                 err_t *e)
{
    return stats_store_query(c, SQL_BY_ROUTE, from, to, rows, n, e);
}

int stats_reading_store_by_reader(db_conn *c, const char *from, const char *to, stats_store_row **rows, size_t *n,
                                  err_t *e)
{
    return stats_store_query(c, SQL_BY_READER, from, to, rows, n, e);
}
