/* stats_meter_store — see stats_meter_store.h. */
#include "store/stats/stats_meter_store.h"

#define BY_STATUS                                                                        \
    " COUNT(*),"                                                                         \
    " SUM(CASE WHEN status IN ('stock', 'ordered') THEN 1 ELSE 0 END),"                  \
    " SUM(CASE WHEN status = 'issued' THEN 1 ELSE 0 END),"                               \
    " SUM(CASE WHEN status = 'installed' THEN 1 ELSE 0 END),"                            \
    " SUM(CASE WHEN status = 'removed' THEN 1 ELSE 0 END),"                              \
    " SUM(CASE WHEN status IN ('repair', 'testing') THEN 1 ELSE 0 END),"                 \
    " SUM(CASE WHEN status = 'scrapped' THEN 1 ELSE 0 END)"

static const char SQL_BY_EXPIRY[] =
    "SELECT substr(certified_until, 1, 7), CAST(diameter AS TEXT)," BY_STATUS ", 0, 0"
    " FROM meters WHERE status <> 'scrapped' GROUP BY substr(certified_until, 1, 7), diameter"
    " ORDER BY substr(certified_until, 1, 7), diameter";
static const char SQL_BY_LOT[] =
    "SELECT maker, lot," BY_STATUS ","
    " CAST(replace(substr(MIN(certified_until), 1, 7), '-', '') AS BIGINT), diameter"
    " FROM meters GROUP BY maker, lot, diameter ORDER BY maker, lot, diameter";
static const char SQL_MOVES[] =
    "SELECT substr(e.on_date, 1, 7), CAST(m.diameter AS TEXT),"
    " SUM(CASE WHEN e.to_status = 'stock' AND e.from_status IN ('', 'ordered') THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN e.to_status = 'issued' THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN e.to_status = 'stock' AND e.from_status = 'issued' THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN e.to_status = 'installed' THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN e.to_status = 'removed' THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN e.to_status IN ('issued', 'installed', 'removed')"
    "  OR (e.to_status = 'stock' AND e.from_status IN ('', 'ordered', 'issued')) THEN 0 ELSE 1 END),"
    " COUNT(*)"
    " FROM meter_events e JOIN meters m ON m.id = e.meter_id"
    " WHERE e.on_date BETWEEN $1 AND $2 AND e.ref <> 'migration'"
    " GROUP BY substr(e.on_date, 1, 7), m.diameter ORDER BY substr(e.on_date, 1, 7), m.diameter";

int stats_meter_store_by_expiry(db_conn *c, stats_store_row **rows, size_t *n, err_t *e)
{
    return stats_store_rows(c, SQL_BY_EXPIRY, NULL, 0, STATS_MT_NCOLS, rows, n, e);
}

int stats_meter_store_by_lot(db_conn *c, stats_store_row **rows, size_t *n, err_t *e)
{
    return stats_store_rows(c, SQL_BY_LOT, NULL, 0, STATS_MT_NCOLS, rows, n, e);
}

int stats_meter_store_moves(db_conn *c, const char *from, const char *to, stats_store_row **rows, size_t *n,
                            err_t *e)
{
    const char *const params[] = {from, to};
    return stats_store_rows(c, SQL_MOVES, params, 2, STATS_MV_NCOLS, rows, n, e);
}
