/* meter_stocktake_store — see meter_stocktake_store.h. */
#include "store/meter/meter_stocktake_store.h"

#include "base/buf.h"

#define ST_COLS                                                                                 \
    "id, COALESCE(approval_id, 0), counted_on, status, note, created_by, created_at, decided_by," \
    " decided_on"
static const char SQL_INSERT[] =
    "INSERT INTO meter_stocktakes (counted_on, status, note, created_by, created_at)"
    " VALUES ($1, 'pending', $2, $3, $4) RETURNING id";
static const char SQL_LINE[] =
    "INSERT INTO meter_stocktake_lines (stocktake_id, diameter, book, counted, reason) VALUES ($1, $2, $3, $4, $5)";
static const char SQL_SET_APPROVAL[] = "UPDATE meter_stocktakes SET approval_id = $2 WHERE id = $1";
static const char SQL_GET[] = "SELECT " ST_COLS ", 0, 0 FROM meter_stocktakes WHERE id = $1";
static const char SQL_BY_APPROVAL[] = "SELECT " ST_COLS ", 0, 0 FROM meter_stocktakes WHERE approval_id = $1";
static const char SQL_LINES[] =
    "SELECT stocktake_id, diameter, book, counted, reason FROM meter_stocktake_lines WHERE stocktake_id = $1"
    " ORDER BY diameter";
static const char SQL_DECIDE[] =
    "UPDATE meter_stocktakes SET status = $2, decided_by = $3, decided_on = $4 WHERE id = $1 AND status = 'pending'";
static const char SQL_LIST[] =
    "SELECT " ST_COLS ", (SELECT COUNT(*) FROM meter_stocktake_lines l WHERE l.stocktake_id = meter_stocktakes.id),"
    " (SELECT COUNT(*) FROM meter_stocktake_lines l WHERE l.stocktake_id = meter_stocktakes.id"
    " AND l.book <> l.counted) FROM meter_stocktakes ORDER BY id DESC LIMIT $1";

static void read_row(db_stmt *s, void *p)
{
    meter_stocktake_row *r = p;
    r->id = db_col_i64(s, 0);
    r->approval_id = db_col_i64(s, 1);
    str_copy(r->counted_on, sizeof r->counted_on, db_col_text(s, 2));
    str_copy(r->status, sizeof r->status, db_col_text(s, 3));
    str_copy(r->note, sizeof r->note, db_col_text(s, 4));
    str_copy(r->created_by, sizeof r->created_by, db_col_text(s, 5));
    r->created_at = db_col_i64(s, 6);
    str_copy(r->decided_by, sizeof r->decided_by, db_col_text(s, 7));
    str_copy(r->decided_on, sizeof r->decided_on, db_col_text(s, 8));
    r->lines = db_col_i64(s, 9);
    r->differences = db_col_i64(s, 10);
}

static void read_line(db_stmt *s, void *p)
{
    meter_stocktake_line *l = p;
    l->stocktake_id = db_col_i64(s, 0);
    l->diameter = db_col_i64(s, 1);
    l->book = db_col_i64(s, 2);
    l->counted = db_col_i64(s, 3);
    str_copy(l->reason, sizeof l->reason, db_col_text(s, 4));
}

int meter_stocktake_store_insert(db_conn *c, const meter_stocktake_row *r, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, r->counted_on);
    db_bind_text(s, 2, r->note);
    db_bind_text(s, 3, r->created_by);
    db_bind_i64(s, 4, r->created_at);
    return db_insert_id(s, id_out, e);
}

int meter_stocktake_store_line_insert(db_conn *c, const meter_stocktake_line *l, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LINE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, l->stocktake_id);
    db_bind_i64(s, 2, l->diameter);
    db_bind_i64(s, 3, l->book);
    db_bind_i64(s, 4, l->counted);
    db_bind_text(s, 5, l->reason);
    return db_exec(s, e);
}

int meter_stocktake_store_set_approval(db_conn *c, int64_t id, int64_t approval_id, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SET_APPROVAL, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, approval_id);
    return db_exec(s, e);
}

static int get_one(db_conn *c, const char *sql, int64_t key, meter_stocktake_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, key);
    int rc = db_one(s, read_row, out, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "棚卸が見つかりません。", "stocktake %lld", (long long)key);
    return rc;
}

int meter_stocktake_store_get(db_conn *c, int64_t id, meter_stocktake_row *out, err_t *e)
{
    return get_one(c, SQL_GET, id, out, e);
}

int meter_stocktake_store_by_approval(db_conn *c, int64_t approval_id, meter_stocktake_row *out, err_t *e)
{
    return get_one(c, SQL_BY_APPROVAL, approval_id, out, e);
}

int meter_stocktake_store_lines(db_conn *c, int64_t id, meter_stocktake_line **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LINES, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    return db_collect(s, read_line, sizeof **rows, (void **)rows, n, e);
}

int meter_stocktake_store_decide(db_conn *c, int64_t id, const char *status, const char *by, const char *on,
                                 err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_DECIDE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, status);
    db_bind_text(s, 3, by);
    db_bind_text(s, 4, on);
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, NULL, "この棚卸は既に処理されています。", "stocktake %lld not pending",
                       (long long)id);
    return rc;
}

int meter_stocktake_store_list(db_conn *c, int64_t limit, meter_stocktake_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, limit);
    return db_collect(s, read_row, sizeof **rows, (void **)rows, n, e);
}
