/* stats_reception_store — see stats_reception_store.h. */
#include "store/stats/stats_reception_store.h"

static const char SQL_CUBE[] =
    "SELECT source, kind, COUNT(*), SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END)"
    " FROM service_requests WHERE created_at >= CAST($1 AS BIGINT) AND created_at < CAST($2 AS BIGINT)"
    " GROUP BY source, kind ORDER BY source, kind";

int stats_reception_store_cube(db_conn *c, const char *from_s, const char *to_s, stats_store_row **rows, size_t *n,
                               err_t *e)
{
    const char *const params[] = {from_s, to_s};
    return stats_store_rows(c, SQL_CUBE, params, 2, STATS_RC_NCOLS, rows, n, e);
}
