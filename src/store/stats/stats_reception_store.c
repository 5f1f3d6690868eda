/* stats_reception_store — see stats_reception_store.h. */
#include "store/stats/stats_reception_store.h"

static const char SQL_BY_CHANNEL[] =
    "SELECT source, '', 0, COUNT(*),"
    " SUM(CASE WHEN kind = 'start' THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN kind = 'stop' THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN kind = 'name_change' THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN kind IN ('start', 'stop', 'name_change') THEN 0 ELSE 1 END),"
    " SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END), 0, 0"
    " FROM service_requests WHERE created_at >= $1 AND created_at < $2 GROUP BY source ORDER BY source";

int stats_reception_store_by_channel(db_conn *c, int64_t from_s, int64_t to_s, stats_store_row **rows, size_t *n,
                                     err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_BY_CHANNEL, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, from_s);
    db_bind_i64(s, 2, to_s);
    return stats_store_collect(s, rows, n, e);
}
