/* stats_reading_store — see stats_reading_store.h. */
#include "store/stats/stats_reading_store.h"

static const char SQL_CUBE[] =
    "SELECT r.cycle, t.route || '|' || r.entered_by, COUNT(*),"
    " SUM(CASE WHEN r.kind = 'actual' THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN r.kind = 'estimated' THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN r.status = 'held' THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN (',' || r.reasons || ',') LIKE '%,confirmed,%' THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN (',' || r.reasons || ',') LIKE '%,leak,%' THEN 1 ELSE 0 END)"
    " FROM readings r JOIN taps t ON t.id = r.tap_id"
    " WHERE r.cycle BETWEEN $1 AND $2 AND r.status <> 'replaced' AND r.kind IN ('actual', 'estimated')"
    " GROUP BY r.cycle, t.route, r.entered_by ORDER BY r.cycle, t.route, r.entered_by";
static const char SQL_ROUTES[] = "SELECT code, name FROM routes ORDER BY code";

int stats_reading_store_cube(db_conn *c, const char *from, const char *to, stats_store_row **rows, size_t *n,
                             err_t *e)
{
    const char *const params[] = {from, to};
    return stats_store_rows(c, SQL_CUBE, params, 2, STATS_RD_NCOLS, rows, n, e);
}

int stats_reading_store_routes(db_conn *c, stats_store_row **rows, size_t *n, err_t *e)
{
    return stats_store_rows(c, SQL_ROUTES, NULL, 0, 0, rows, n, e);
}
