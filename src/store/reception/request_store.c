/* request_store — service requests (see request_store.h). */
#include "store/reception/request_store.h"

#include <string.h>

#include "base/buf.h"

#define REQ_COLS                                                                                            \
    "r.id, r.tap_id, COALESCE(r.customer_id, 0), r.kind, r.effective_on, r.source, r.status, r.settle,"    \
    " r.detail_enc, r.created_by, COALESCE(r.done_by, ''), r.created_at, COALESCE(r.done_at, 0), t.tap_no,"   \
    " r.urgent"
#define REQ_FROM " FROM service_requests r JOIN taps t ON t.id = r.tap_id"

static const char SQL_INSERT[] =
    "INSERT INTO service_requests (kind, tap_id, customer_id, effective_on, source, status, settle, detail_enc,"
    " created_by, created_at, urgent) VALUES ($1, $2, $3, $4, $5, 'scheduled', $6, $7, $8, $9, $10) RETURNING id";
static const char SQL_GET[] = "SELECT " REQ_COLS REQ_FROM " WHERE r.id = $1";
static const char SQL_FINISH[] =
    "UPDATE service_requests SET status = $2, done_by = $3, done_at = $4"
    " WHERE id = $1 AND status IN ('scheduled', 'held')";
static const char SQL_HOLD[] = "UPDATE service_requests SET status = 'held' WHERE id = $1 AND status = 'scheduled'";
static const char SQL_LIST_HELD[] =
    "SELECT " REQ_COLS REQ_FROM " WHERE r.status = 'held' ORDER BY r.effective_on, r.id";
static const char SQL_HELD_FOR[] = "SELECT " REQ_COLS REQ_FROM
                                   " WHERE r.tap_id = $1 AND r.kind = $2 AND r.status = 'held' AND r.effective_on = $3"
                                   " ORDER BY r.id LIMIT 1";
static const char SQL_SET_CUSTOMER[] = "UPDATE service_requests SET customer_id = $2 WHERE id = $1";
static const char SQL_LIST_TAP[] =
    "SELECT " REQ_COLS REQ_FROM " WHERE r.tap_id = $1 ORDER BY r.created_at DESC, r.id DESC LIMIT $2";
static const char SQL_LIST_RECEIVED[] =
    "SELECT " REQ_COLS REQ_FROM " WHERE r.created_at >= $1 AND r.created_at < $2 ORDER BY r.created_at DESC, r.id DESC";
static const char SQL_SCHEDULED[] = "SELECT " REQ_COLS REQ_FROM
                                    " WHERE r.tap_id = $1 AND r.kind = $2 AND r.status = 'scheduled'"
                                    " ORDER BY r.effective_on, r.id LIMIT 1";
static const char SQL_WALK[] = "SELECT id, detail_enc FROM service_requests ORDER BY id";
static const char SQL_SET_ENC[] = "UPDATE service_requests SET detail_enc = $2 WHERE id = $1";

static void read_req(db_stmt *s, void *row)
{
    request_row *r = row;
    int i = 0;
    r->id = db_col_i64(s, i++);
    r->tap_id = db_col_i64(s, i++);
    r->customer_id = db_col_i64(s, i++);
    str_copy(r->kind, sizeof r->kind, db_col_text(s, i++));
    str_copy(r->effective_on, sizeof r->effective_on, db_col_text(s, i++));
    str_copy(r->source, sizeof r->source, db_col_text(s, i++));
    str_copy(r->status, sizeof r->status, db_col_text(s, i++));
    str_copy(r->settle, sizeof r->settle, db_col_text(s, i++));
    str_copy(r->detail_enc, sizeof r->detail_enc, db_col_text(s, i++));
    str_copy(r->created_by, sizeof r->created_by, db_col_text(s, i++));
    str_copy(r->done_by, sizeof r->done_by, db_col_text(s, i++));
    r->created_at = db_col_i64(s, i++);
    r->done_at = db_col_i64(s, i++);
    str_copy(r->tap_no, sizeof r->tap_no, db_col_text(s, i++));
    r->urgent = db_col_i64(s, i++);
}

int request_store_insert(db_conn *c, const request_row *r, int64_t *id, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, r->kind);
    db_bind_i64(s, 2, r->tap_id);
    if (r->customer_id)
        db_bind_i64(s, 3, r->customer_id);
    else
        db_bind_null(s, 3);
    db_bind_text(s, 4, r->effective_on);
    db_bind_text(s, 5, r->source);
    db_bind_text(s, 6, r->settle);
    db_bind_text(s, 7, r->detail_enc);
    db_bind_text(s, 8, r->created_by);
    db_bind_i64(s, 9, r->created_at);
    db_bind_i64(s, 10, r->urgent ? 1 : 0);
    return db_insert_id(s, id, e);
}

int request_store_get(db_conn *c, int64_t id, request_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    return db_one(s, read_req, out, e);
}

int request_store_finish(db_conn *c, int64_t id, const char *status, const char *by, int64_t at, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_FINISH, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, status);
    db_bind_text(s, 3, by);
    db_bind_i64(s, 4, at);
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, NULL, "この受付はすでに完了または取消されています。",
                       "request %lld is not scheduled", (long long)id);
    return rc;
}

int request_store_hold(db_conn *c, int64_t id, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_HOLD, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, NULL, "この受付はすでに完了または取消されています。",
                       "request %lld is not scheduled", (long long)id);
    return rc;
}

int request_store_list_held(db_conn *c, request_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LIST_HELD, e);
    if (!s)
        return ERR_DB;
    return db_collect(s, read_req, sizeof **rows, (void **)rows, n, e);
}

int request_store_held_for(db_conn *c, int64_t tap_id, const char *kind, const char *on, request_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_HELD_FOR, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_text(s, 2, kind);
    db_bind_text(s, 3, on);
    return db_one(s, read_req, out, e);
}

int request_store_set_customer(db_conn *c, int64_t id, int64_t customer_id, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SET_CUSTOMER, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, customer_id);
    return db_exec(s, e);
}

int request_store_list_tap(db_conn *c, int64_t tap_id, int64_t limit, request_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LIST_TAP, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_i64(s, 2, limit);
    return db_collect(s, read_req, sizeof **rows, (void **)rows, n, e);
}

int request_store_list_received(db_conn *c, int64_t from, int64_t to, request_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LIST_RECEIVED, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, from);
    db_bind_i64(s, 2, to);
    return db_collect(s, read_req, sizeof **rows, (void **)rows, n, e);
}

int request_store_scheduled(db_conn *c, int64_t tap_id, const char *kind, request_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_SCHEDULED, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_text(s, 2, kind);
    return db_one(s, read_req, out, e);
}

int request_store_walk_enc(db_conn *c, request_enc_fn fn, void *ctx, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_WALK, e);
    if (!s)
        return ERR_DB;
    int st, rc = 0;
    while (!rc && (st = db_step(s, e)) == DB_ROW)
        rc = fn(db_col_i64(s, 0), db_col_text(s, 1), ctx);
    db_done(s);
    return rc ? rc : st == DB_ERROR ? ERR_DB : 0;
}

int request_store_set_enc(db_conn *c, int64_t id, const char *detail_enc, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SET_ENC, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, detail_enc);
    return db_exec(s, e);
}
