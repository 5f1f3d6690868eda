/* stats_registry_store — see stats_registry_store.h. */
#include "store/stats/stats_registry_store.h"

#define DAY_TAPS                                                                                               \
    "WITH o AS MATERIALIZED (SELECT tap_id, MIN(start_on) AS first_on,"                                        \
    " MIN(CASE WHEN start_on <= $1 AND (end_on IS NULL OR end_on > $1) THEN customer_id END) AS customer_id"   \
    " FROM occupancies GROUP BY tap_id),"                                                                      \
    " t AS MATERIALIZED (SELECT tp.use_code, tp.diameter, o.customer_id FROM taps tp LEFT JOIN o"              \
    " ON o.tap_id = tp.id WHERE tp.status <> 'removed' AND (tp.created_at < CAST($2 AS BIGINT) OR o.first_on <= $1)) "

/* The cube, then one row keyed "*" with the distinct customers: one
 * statement, so that the day's taps are materialised once. */
static const char SQL_CUBE[] = DAY_TAPS
    "SELECT use_code, CAST(diameter AS TEXT), COUNT(*), SUM(CASE WHEN customer_id IS NULL THEN 0 ELSE 1 END),"
    " SUM(CASE WHEN customer_id IS NULL THEN 1 ELSE 0 END) FROM t GROUP BY use_code, diameter"
    " UNION ALL SELECT '*', '', COUNT(DISTINCT customer_id), 0, 0 FROM t ORDER BY 1, 2";

int stats_registry_store_cube(db_conn *c, const char *day, const char *end_s, stats_store_row **rows, size_t *n,
                              err_t *e)
{
    const char *const params[] = {day, end_s};
    return stats_store_rows(c, SQL_CUBE, params, 2, STATS_RG_NCOLS, rows, n, e);
}
