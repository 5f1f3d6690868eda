/* workorder_store — field work orders (see workorder_store.h). */
#include "store/reception/workorder_store.h"

#include <string.h>

#include "base/buf.h"

#define WO_COLS                                                                                             \
    "w.id, w.request_id, w.tap_id, w.kind, w.due_on, w.route, w.route_order, w.status,"                    \
    " COALESCE(w.reading, -1), COALESCE(w.bill_id, 0), w.note, COALESCE(w.done_by, ''), COALESCE(w.done_at, 0),"  \
    " t.tap_no, COALESCE(r.customer_id, 0), r.urgent, w.result"
#define WO_FROM                                                                                             \
    " FROM work_orders w JOIN taps t ON t.id = w.tap_id JOIN service_requests r ON r.id = w.request_id"

static const char SQL_INSERT[] =
    "INSERT INTO work_orders (request_id, tap_id, kind, due_on, route, route_order, status)"
    " VALUES ($1, $2, $3, $4, $5, $6, 'open') RETURNING id";
static const char SQL_GET[] = "SELECT " WO_COLS WO_FROM " WHERE w.id = $1";
static const char SQL_FOR_REQUEST[] =
    "SELECT " WO_COLS WO_FROM " WHERE w.request_id = $1 AND w.status = 'open' ORDER BY w.id LIMIT 1";
static const char SQL_LIST_DAY[] = "SELECT " WO_COLS WO_FROM " WHERE w.due_on = $1 AND ($2 = '' OR w.route = $2)"
                                   " AND w.status <> 'cancelled' ORDER BY w.route, w.route_order, w.id";
static const char SQL_LIST_RANGE[] =
    "SELECT " WO_COLS WO_FROM " WHERE w.due_on >= $1 AND w.due_on <= $2 AND ($3 = '' OR w.route = $3)"
    " AND w.status <> 'cancelled' ORDER BY w.due_on, w.route, w.route_order, w.id";
static const char SQL_COUNT_OPEN_BEFORE[] =
    "SELECT COUNT(*) FROM work_orders WHERE due_on < $1 AND ($2 = '' OR route = $2) AND status = 'open'";
static const char SQL_FINISH[] =
    "UPDATE work_orders SET status = $2, reading = $3, bill_id = $4, note = $5, done_by = $6, done_at = $7"
    " WHERE id = $1 AND status = 'open'";
static const char SQL_SET_BILL[] =
    "UPDATE work_orders SET bill_id = $2 WHERE request_id = $1 AND status = 'done' AND bill_id IS NULL";

static void read_wo(db_stmt *s, void *row)
{
    workorder_row *w = row;
    int i = 0;
    w->id = db_col_i64(s, i++);
    w->request_id = db_col_i64(s, i++);
    w->tap_id = db_col_i64(s, i++);
    str_copy(w->kind, sizeof w->kind, db_col_text(s, i++));
    str_copy(w->due_on, sizeof w->due_on, db_col_text(s, i++));
    str_copy(w->route, sizeof w->route, db_col_text(s, i++));
    w->route_order = db_col_i64(s, i++);
    str_copy(w->status, sizeof w->status, db_col_text(s, i++));
    w->reading = db_col_i64(s, i++);
    w->bill_id = db_col_i64(s, i++);
    str_copy(w->note, sizeof w->note, db_col_text(s, i++));
    str_copy(w->done_by, sizeof w->done_by, db_col_text(s, i++));
    w->done_at = db_col_i64(s, i++);
    str_copy(w->tap_no, sizeof w->tap_no, db_col_text(s, i++));
    w->customer_id = db_col_i64(s, i++);
    w->urgent = db_col_i64(s, i++);
    str_copy(w->result, sizeof w->result, db_col_text(s, i++));
}

int workorder_store_insert(db_conn *c, const workorder_row *w, int64_t *id, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, w->request_id);
    db_bind_i64(s, 2, w->tap_id);
    db_bind_text(s, 3, w->kind);
    db_bind_text(s, 4, w->due_on);
    db_bind_text(s, 5, w->route);
    db_bind_i64(s, 6, w->route_order);
    return db_insert_id(s, id, e);
}

int workorder_store_get(db_conn *c, int64_t id, workorder_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    return db_one(s, read_wo, out, e);
}

int workorder_store_for_request(db_conn *c, int64_t request_id, workorder_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_FOR_REQUEST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, request_id);
    return db_one(s, read_wo, out, e);
}

int workorder_store_list_day(db_conn *c, const char *day, const char *route, workorder_row **rows, size_t *n,
                             err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LIST_DAY, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, day);
    db_bind_text(s, 2, route ? route : "");
    return db_collect(s, read_wo, sizeof **rows, (void **)rows, n, e);
}

int workorder_store_list_range(db_conn *c, const char *from, const char *to, const char *route, workorder_row **rows,
                               size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LIST_RANGE, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, from);
    db_bind_text(s, 2, to);
    db_bind_text(s, 3, route ? route : "");
    return db_collect(s, read_wo, sizeof **rows, (void **)rows, n, e);
}

int workorder_store_count_open_before(db_conn *c, const char *day, const char *route, int64_t *n, err_t *e)
{
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_COUNT_OPEN_BEFORE, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, day);
    db_bind_text(s, 2, route ? route : "");
    return db_scalar_i64(s, n, e);
}

int workorder_store_finish(db_conn *c, int64_t id, const char *status, int64_t reading, int64_t bill_id,
                           const char *note, const char *by, int64_t at, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_FINISH, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, status);
    if (reading >= 0)
        db_bind_i64(s, 3, reading);
    else
        db_bind_null(s, 3);
    if (bill_id > 0)
        db_bind_i64(s, 4, bill_id);
    else
        db_bind_null(s, 4);
    db_bind_text(s, 5, note ? note : "");
    db_bind_text(s, 6, by);
    db_bind_i64(s, 7, at);
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, NULL, "この作業はすでに完了または取消されています。",
                       "work order %lld is not open", (long long)id);
    return rc;
}

int workorder_store_set_bill(db_conn *c, int64_t request_id, int64_t bill_id, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SET_BILL, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, request_id);
    db_bind_i64(s, 2, bill_id);
    return db_exec(s, e);
}
