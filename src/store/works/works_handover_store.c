/* works_handover_store — see works_handover_store.h. */
#include "store/works/works_handover_store.h"

#include <string.h>

#include "base/buf.h"

static const char SQL_METER_CLEAR[] = "DELETE FROM works_meters WHERE application_id = $1";
static const char SQL_METER_INSERT[] =
    "INSERT INTO works_meters (application_id, dwelling_no, meter_no, maker, diameter, digits, start_value,"
    " old_final, recorded_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
static const char SQL_METER_LIST[] =
    "SELECT application_id, dwelling_no, meter_no, maker, diameter, digits, start_value, old_final, recorded_on"
    " FROM works_meters WHERE application_id = $1 ORDER BY dwelling_no";
static const char SQL_SET_APP_TAP[] = "UPDATE works_applications SET tap_id = $2 WHERE id = $1";
static const char SQL_SET_DWELLING_TAP[] = "UPDATE works_dwellings SET tap_id = $3 WHERE application_id = $1 AND no = $2";
static const char SQL_AREA_ROUTE[] =
    "SELECT route, MAX(route_order) FROM taps WHERE area_code = $1 GROUP BY route ORDER BY COUNT(*) DESC, route"
    " LIMIT 1";
static const char SQL_ROUTE_LAST[] = "SELECT COALESCE(MAX(route_order), 0) FROM taps WHERE route = $1";
static const char SQL_DIAMETER_SET[] =
    "UPDATE taps SET diameter = $2, version = version + 1, updated_at = $3 WHERE id = $1";
static const char SQL_DIAMETER_LOG[] =
    "INSERT INTO tap_diameter_changes (tap_id, from_on, old_diameter, new_diameter, source, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6)";
static const char SQL_BLOCK[] =
    "SELECT d.tap_id, t.diameter, t.tap_no, d.label FROM works_dwellings d JOIN taps t ON t.id = d.tap_id"
    " WHERE d.application_id = (SELECT MAX(b.application_id) FROM works_dwellings b"
    "   JOIN works_applications a ON a.id = b.application_id WHERE b.tap_id = $1 AND a.status = 'completed')"
    " AND t.status <> 'removed' ORDER BY d.no";
static const char SQL_TAP_REMOVED[] =
    "UPDATE taps SET status = 'removed', version = version + 1, updated_at = $2 WHERE id = $1";

int works_meter_store_replace(db_conn *c, int64_t application_id, const works_meter_row *rows, size_t n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_METER_CLEAR, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, application_id);
    int rc = db_exec(s, e);
    for (size_t i = 0; !rc && i < n; i++) {
        const works_meter_row *m = &rows[i];
        if (!(s = db_prepare(c, SQL_METER_INSERT, e)))
            return ERR_DB;
        db_bind_i64(s, 1, application_id);
        db_bind_i64(s, 2, m->dwelling_no);
        db_bind_text(s, 3, m->meter_no);
        db_bind_text(s, 4, m->maker);
        db_bind_i64(s, 5, m->diameter);
        db_bind_i64(s, 6, m->digits);
        db_bind_i64(s, 7, m->start_value);
        db_bind_i64(s, 8, m->old_final);
        db_bind_text(s, 9, m->recorded_on);
        rc = db_exec(s, e);
    }
    return rc;
}

static void read_meter(db_stmt *s, void *slot)
{
    works_meter_row *m = slot;
    int i = 0;
    m->application_id = db_col_i64(s, i++);
    m->dwelling_no = db_col_i64(s, i++);
    str_copy(m->meter_no, sizeof m->meter_no, db_col_text(s, i++));
    str_copy(m->maker, sizeof m->maker, db_col_text(s, i++));
    m->diameter = db_col_i64(s, i++);
    m->digits = db_col_i64(s, i++);
    m->start_value = db_col_i64(s, i++);
    m->old_final = db_col_i64(s, i++);
    str_copy(m->recorded_on, sizeof m->recorded_on, db_col_text(s, i++));
}

int works_meter_store_list(db_conn *c, int64_t application_id, works_meter_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_METER_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, application_id);
    return db_collect(s, read_meter, sizeof **rows, (void **)rows, n, e);
}

int works_handover_store_set_tap(db_conn *c, int64_t application_id, int64_t dwelling_no, int64_t tap_id, err_t *e)
{
    db_stmt *s = db_prepare(c, dwelling_no > 0 ? SQL_SET_DWELLING_TAP : SQL_SET_APP_TAP, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, application_id);
    if (dwelling_no > 0) {
        db_bind_i64(s, 2, dwelling_no);
        db_bind_i64(s, 3, tap_id);
    } else {
        db_bind_i64(s, 2, tap_id);
    }
    return db_exec(s, e);
}

int works_handover_store_area_route(db_conn *c, const char *area_code, char route[16], int64_t *last_order,
                                    err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_AREA_ROUTE, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, area_code);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        str_copy(route, 16, db_col_text(s, 0));
        *last_order = db_col_i64(s, 1);
    }
    db_done(s);
    if (st == DB_ERROR)
        return ERR_DB;
    return st == DB_ROW ? 0 : ERR_NOTFOUND;
}

int works_handover_store_route_last(db_conn *c, const char *route, int64_t *last_order, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_ROUTE_LAST, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, route);
    return db_scalar_i64(s, last_order, e);
}

int works_handover_store_change_diameter(db_conn *c, int64_t tap_id, const char *from_on, int64_t old_diameter,
                                         int64_t new_diameter, const char *source, int64_t now, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_DIAMETER_SET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_i64(s, 2, new_diameter);
    db_bind_i64(s, 3, now);
    int rc = db_exec(s, e);
    if (rc)
        return rc;
    if (!(s = db_prepare(c, SQL_DIAMETER_LOG, e)))
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_text(s, 2, from_on);
    db_bind_i64(s, 3, old_diameter);
    db_bind_i64(s, 4, new_diameter);
    db_bind_text(s, 5, source);
    db_bind_i64(s, 6, now);
    return db_exec(s, e);
}

int works_handover_store_tap_removed(db_conn *c, int64_t tap_id, int64_t now, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_TAP_REMOVED, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_i64(s, 2, now);
    return db_exec(s, e);
}

static void read_block(db_stmt *s, void *slot)
{
    works_block_row *b = slot;
    b->tap_id = db_col_i64(s, 0);
    b->diameter = db_col_i64(s, 1);
    str_copy(b->tap_no, sizeof b->tap_no, db_col_text(s, 2));
    str_copy(b->label, sizeof b->label, db_col_text(s, 3));
}

int works_handover_store_block(db_conn *c, int64_t tap_id, works_block_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_BLOCK, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    return db_collect(s, read_block, sizeof **rows, (void **)rows, n, e);
}
