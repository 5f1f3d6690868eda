/* stats_registry_store — see stats_registry_store.h. */
#include "store/stats/stats_registry_store.h"

#define DAY_TAPS                                                                                          \
    "WITH o AS MATERIALIZED (SELECT tap_id, MIN(start_on) AS first_on,"                                   \
    " MIN(CASE WHEN start_on <= $1 AND (end_on IS NULL OR end_on > $1) THEN customer_id END) AS customer_id" \
    " FROM occupancies GROUP BY tap_id),"                                                                 \
    " t AS MATERIALIZED (SELECT tp.use_code, tp.diameter, o.customer_id FROM taps tp"                     \
    " LEFT JOIN o ON o.tap_id = tp.id WHERE tp.status <> 'removed' AND (tp.created_at < $2 OR o.first_on <= $1)) "
#define COUNTS                                                                                            \
    " COUNT(*), SUM(CASE WHEN customer_id IS NULL THEN 0 ELSE 1 END),"                                    \
    " SUM(CASE WHEN customer_id IS NULL THEN 1 ELSE 0 END), COUNT(DISTINCT customer_id), 0, 0, 0, 0 FROM t"

static const char SQL_BY_USE[] = DAY_TAPS "SELECT use_code, '', 0," COUNTS " GROUP BY use_code ORDER BY use_code";
static const char SQL_BY_DIAMETER[] =
    DAY_TAPS "SELECT '', '', diameter," COUNTS " GROUP BY diameter ORDER BY diameter";
static const char SQL_CUSTOMERS[] = DAY_TAPS "SELECT COUNT(DISTINCT customer_id) FROM t";

static db_stmt *prepare(db_conn *c, const char *sql, const char *day, int64_t end_s, err_t *e)
{
    db_stmt *s = db_prepare(c, sql, e);
    if (s) {
        db_bind_text(s, 1, day);
        db_bind_i64(s, 2, end_s);
    }
    return s;
}

static int run(db_conn *c, const char *sql, const char *day, int64_t end_s, stats_store_row **rows, size_t *n,
               err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = prepare(c, sql, day, end_s, e);
    return s ? stats_store_collect(s, rows, n, e) : ERR_DB;
}

int stats_registry_store_by_use(db_conn *c, const char *day, int64_t end_s, stats_store_row **rows, size_t *n,
                                err_t *e)
{
    return run(c, SQL_BY_USE, day, end_s, rows, n, e);
}

int stats_registry_store_by_diameter(db_conn *c, const char *day, int64_t end_s, stats_store_row **rows, size_t *n,
                                     err_t *e)
{
    return run(c, SQL_BY_DIAMETER, day, end_s, rows, n, e);
}

int stats_registry_store_customers(db_conn *c, const char *day, int64_t end_s, int64_t *out, err_t *e)
{
    *out = 0;
    db_stmt *s = prepare(c, SQL_CUSTOMERS, day, end_s, e);
    return s ? db_scalar_i64(s, out, e) : ERR_DB;
}
