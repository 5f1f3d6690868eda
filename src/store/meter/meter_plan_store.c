/* meter_plan_store — see meter_plan_store.h. */
#include "store/meter/meter_plan_store.h"

#include "base/buf.h"

#define PLAN_WHERE                                                                                   \
    " FROM meters m JOIN taps t ON t.id = m.tap_id"                                                  \
    " WHERE m.status = 'installed' AND m.certified_until >= $1 AND m.certified_until <= $2"          \
    " AND t.status <> 'removed' AND ($3 = '' OR t.route = $3) AND ($4 = 0 OR m.diameter = $4)"
static const char SQL_LIST[] =
    "SELECT t.tap_no, t.route, t.route_order, m.meter_no, m.maker, m.diameter, m.digits, m.certified_until,"
    " COALESCE(m.installed_on, '')" PLAN_WHERE " ORDER BY t.route, t.route_order, t.tap_no LIMIT $5";
static const char SQL_MONTHS[] =
    "SELECT substr(m.certified_until, 1, 7), m.diameter, COUNT(*)" PLAN_WHERE
    " GROUP BY substr(m.certified_until, 1, 7), m.diameter ORDER BY 1, 2";

static void bind_filter(db_stmt *s, const meter_plan_filter *f)
{
    db_bind_text(s, 1, f->from);
    db_bind_text(s, 2, f->to);
    db_bind_text(s, 3, f->route ? f->route : "");
    db_bind_i64(s, 4, f->diameter);
}

static void read_row(db_stmt *s, void *p)
{
    meter_plan_row *r = p;
    str_copy(r->tap_no, sizeof r->tap_no, db_col_text(s, 0));
    str_copy(r->route, sizeof r->route, db_col_text(s, 1));
    r->route_order = db_col_i64(s, 2);
    str_copy(r->serial, sizeof r->serial, db_col_text(s, 3));
    str_copy(r->maker, sizeof r->maker, db_col_text(s, 4));
    r->diameter = db_col_i64(s, 5);
    r->digits = db_col_i64(s, 6);
    str_copy(r->certified_until, sizeof r->certified_until, db_col_text(s, 7));
    str_copy(r->installed_on, sizeof r->installed_on, db_col_text(s, 8));
}

int meter_plan_store_list(db_conn *c, const meter_plan_filter *f, int64_t limit, meter_plan_row **rows, size_t *n,
                          err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LIST, e);
    if (!s)
        return ERR_DB;
    bind_filter(s, f);
    db_bind_i64(s, 5, limit > 0 ? limit : INT64_MAX);
    return db_collect(s, read_row, sizeof **rows, (void **)rows, n, e);
}

static void read_month(db_stmt *s, void *p)
{
    meter_plan_month *r = p;
    str_copy(r->month, sizeof r->month, db_col_text(s, 0));
    r->diameter = db_col_i64(s, 1);
    r->count = db_col_i64(s, 2);
}

int meter_plan_store_months(db_conn *c, const meter_plan_filter *f, meter_plan_month **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_MONTHS, e);
    if (!s)
        return ERR_DB;
    bind_filter(s, f);
    return db_collect(s, read_month, sizeof **rows, (void **)rows, n, e);
}
