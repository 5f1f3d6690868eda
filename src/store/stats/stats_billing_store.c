/* stats_billing_store — see stats_billing_store.h.
 *
 * The cycles' bills are read from the covering index bills_stats (cycle,
 * status and every column summed; migration 43), not the rows; the tap's
 * area by its primary key. */
#include "store/stats/stats_billing_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

static const char SQL_CUBE[] =
    "SELECT b.cycle, b.use_code, b.diameter, t.area_code, COALESCE(MAX(a.name), ''), b.sewer_operator, b.kind,"
    " COUNT(*), SUM(b.usage), SUM(b.sewer_usage), SUM(b.water_yen), SUM(b.sewer_yen), SUM(b.adjust_yen),"
    " SUM(b.tax_yen), SUM(b.total_yen), SUM(CASE WHEN b.sewer_yen <> 0 THEN 1 ELSE 0 END)"
    " FROM bills b JOIN taps t ON t.id = b.tap_id LEFT JOIN areas a ON a.code = t.area_code"
    " WHERE b.cycle BETWEEN $1 AND $2 AND b.status = 'current'"
    " GROUP BY b.cycle, b.use_code, b.diameter, t.area_code, b.sewer_operator, b.kind"
    " ORDER BY b.cycle, b.use_code, b.diameter, t.area_code, b.sewer_operator, b.kind";

/* The corrections (a bill replacing another: a few per cent of the bills)
 * drive by bills_replaces; "(b.cycle || '')" keeps SQLite from walking the
 * period's bills by their cycle instead, each with its row. */
static const char SQL_CORRECTIONS[] =
    "SELECT COALESCE(MAX(q.kind), ''), '', COUNT(*), SUM(b.total_yen - o.total_yen), SUM(b.usage - o.usage),"
    " SUM(b.sewer_usage - o.sewer_usage)"
    " FROM bills b JOIN bills o ON o.id = b.replaces LEFT JOIN bill_requests q ON q.new_bill_id = b.id"
    " WHERE (b.cycle || '') BETWEEN $1 AND $2 AND b.replaces IS NOT NULL"
    " GROUP BY COALESCE(q.kind, '') ORDER BY 1";

static const char SQL_TAPS[] =
    "SELECT b.use_code || '|' || CAST(b.diameter AS TEXT), '', COUNT(DISTINCT b.tap_id) FROM bills b"
    " WHERE b.cycle BETWEEN $1 AND $2 AND b.status = 'current'"
    " GROUP BY b.use_code, b.diameter ORDER BY b.use_code, b.diameter";

static void cube_fn(db_stmt *s, void *p)
{
    stats_bill_cell *r = p;
    str_copy(r->cycle, sizeof r->cycle, db_col_text(s, 0));
    str_copy(r->use_code, sizeof r->use_code, db_col_text(s, 1));
    r->diameter = db_col_i64(s, 2);
    str_copy(r->area, sizeof r->area, db_col_text(s, 3));
    str_copy(r->area_name, sizeof r->area_name, db_col_text(s, 4));
    str_copy(r->sewer_operator, sizeof r->sewer_operator, db_col_text(s, 5));
    str_copy(r->kind, sizeof r->kind, db_col_text(s, 6));
    for (int k = 0; k < SBV__N; k++)
        r->v[k] = db_col_i64(s, 7 + k);
}

int stats_billing_store_cube(db_conn *c, const char *first, const char *last, stats_bill_cell **rows, size_t *n,
                             err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_CUBE, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, first);
    db_bind_text(s, 2, last);
    return db_collect(s, cube_fn, sizeof **rows, (void **)rows, n, e);
}

int stats_billing_store_corrections(db_conn *c, const char *first, const char *last, stats_store_row **rows,
                                    size_t *n, err_t *e)
{
    return stats_store_rows2(c, SQL_CORRECTIONS, first, last, 4, rows, n, e);
}

int stats_billing_store_taps(db_conn *c, const char *first, const char *last, stats_store_row **rows, size_t *n,
                             err_t *e)
{
    return stats_store_rows2(c, SQL_TAPS, first, last, 1, rows, n, e);
}
