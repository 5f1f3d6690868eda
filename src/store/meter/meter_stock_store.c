/* meter_stock_store — see meter_stock_store.h. */
#include "store/meter/meter_stock_store.h"

#include "base/buf.h"

#define COUNT_OF(st) "SUM(CASE WHEN status = '" st "' THEN 1 ELSE 0 END)"
static const char SQL_BY_DIAMETER[] =
    "SELECT d.diameter, COALESCE(s.ordered, 0), COALESCE(s.stock, 0), COALESCE(s.issued, 0),"
    " COALESCE(s.installed, 0), COALESCE(s.removed, 0), COALESCE(s.repair, 0), COALESCE(s.testing, 0),"
    " COALESCE(s.scrapped, 0), COALESCE(r.point, -1)"
    " FROM (SELECT diameter FROM meters UNION SELECT diameter FROM meter_reorder_points) d"
    " LEFT JOIN (SELECT diameter, " COUNT_OF("ordered") " AS ordered, " COUNT_OF("stock") " AS stock, "
    COUNT_OF("issued") " AS issued, " COUNT_OF("installed") " AS installed, " COUNT_OF("removed") " AS removed, "
    COUNT_OF("repair") " AS repair, " COUNT_OF("testing") " AS testing, " COUNT_OF("scrapped") " AS scrapped"
    " FROM meters GROUP BY diameter) s ON s.diameter = d.diameter"
    " LEFT JOIN meter_reorder_points r ON r.diameter = d.diameter ORDER BY d.diameter";
static const char SQL_BY_CONTRACTOR[] =
    "SELECT c.designation_no, c.name, m.diameter, COUNT(*) FROM meters m JOIN works_contractors c"
    " ON c.id = m.contractor_id WHERE m.status = 'issued' GROUP BY c.designation_no, c.name, m.diameter"
    " ORDER BY c.designation_no, m.diameter";
static const char SQL_IN_STORE[] = "SELECT COUNT(*) FROM meters WHERE diameter = $1 AND status = 'stock'";
static const char SQL_SET_REORDER[] =
    "INSERT INTO meter_reorder_points (diameter, point, updated_by, updated_at) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (diameter) DO UPDATE SET point = excluded.point, updated_by = excluded.updated_by,"
    " updated_at = excluded.updated_at";

static void read_row(db_stmt *s, void *p)
{
    meter_stock_row *r = p;
    r->diameter = db_col_i64(s, 0);
    r->ordered = db_col_i64(s, 1);
    r->in_store = db_col_i64(s, 2);
    r->issued = db_col_i64(s, 3);
    r->installed = db_col_i64(s, 4);
    r->removed = db_col_i64(s, 5);
    r->repair = db_col_i64(s, 6);
    r->testing = db_col_i64(s, 7);
    r->scrapped = db_col_i64(s, 8);
    r->reorder_point = db_col_i64(s, 9);
}

int meter_stock_store_by_diameter(db_conn *c, meter_stock_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_BY_DIAMETER, e);
    if (!s)
        return ERR_DB;
    return db_collect(s, read_row, sizeof **rows, (void **)rows, n, e);
}

static void read_held(db_stmt *s, void *p)
{
    meter_held_row *r = p;
    str_copy(r->contractor_no, sizeof r->contractor_no, db_col_text(s, 0));
    str_copy(r->contractor_name, sizeof r->contractor_name, db_col_text(s, 1));
    r->diameter = db_col_i64(s, 2);
    r->count = db_col_i64(s, 3);
}

int meter_stock_store_by_contractor(db_conn *c, meter_held_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_BY_CONTRACTOR, e);
    if (!s)
        return ERR_DB;
    return db_collect(s, read_held, sizeof **rows, (void **)rows, n, e);
}

int meter_stock_store_in_store(db_conn *c, int64_t diameter, int64_t *count, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_IN_STORE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, diameter);
    return db_scalar_i64(s, count, e);
}

int meter_stock_store_set_reorder(db_conn *c, int64_t diameter, int64_t point, const char *by, int64_t at,
                                  err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SET_REORDER, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, diameter);
    db_bind_i64(s, 2, point);
    db_bind_text(s, 3, by);
    db_bind_i64(s, 4, at);
    return db_exec(s, e);
}
