/* bill_request_store — see bill_request_store.h. */
#include "store/billing/bill_request_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define REQ_COLS                                                                                           \
    "id, kind, COALESCE(bill_id, 0), reading_id, COALESCE(usage, -1), COALESCE(leak_m3, 0), reason,"     \
    " approval_id, status, COALESCE(new_bill_id, 0), requested_by, requested_at"
static const char SQL_REQ_INSERT[] =
    "INSERT INTO bill_requests (kind, bill_id, reading_id, usage, leak_m3, reason, approval_id, status,"
    " requested_by, requested_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9) RETURNING id";
static const char SQL_REQ_BY_APPROVAL[] = "SELECT " REQ_COLS " FROM bill_requests WHERE approval_id = $1";
static const char SQL_REQ_DECIDE[] =
    "UPDATE bill_requests SET status = $2, new_bill_id = $3 WHERE id = $1 AND (status = 'pending' OR status = $2)";
static const char SQL_REQ_LIST[] =
    "SELECT " REQ_COLS " FROM bill_requests WHERE reading_id = $1 ORDER BY id DESC";

int bill_request_insert(db_conn *c, const bill_request *r, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_REQ_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, r->kind);
    db_bind_id_or_null(s, 2, r->bill_id);
    db_bind_i64(s, 3, r->reading_id);
    if (r->usage >= 0)
        db_bind_i64(s, 4, r->usage);
    else
        db_bind_null(s, 4);
    db_bind_i64(s, 5, r->leak_m3);
    db_bind_text(s, 6, r->reason);
    db_bind_i64(s, 7, r->approval_id);
    db_bind_text(s, 8, r->requested_by);
    db_bind_i64(s, 9, r->requested_at);
    return db_insert_id(s, id_out, e);
}

static void read_req(db_stmt *s, void *p)
{
    bill_request *r = p;
    int i = 0;
    r->id = db_col_i64(s, i++);
    str_copy(r->kind, sizeof r->kind, db_col_text(s, i++));
    r->bill_id = db_col_i64(s, i++);
    r->reading_id = db_col_i64(s, i++);
    r->usage = db_col_i64(s, i++);
    r->leak_m3 = db_col_i64(s, i++);
    str_copy(r->reason, sizeof r->reason, db_col_text(s, i++));
    r->approval_id = db_col_i64(s, i++);
    str_copy(r->status, sizeof r->status, db_col_text(s, i++));
    r->new_bill_id = db_col_i64(s, i++);
    str_copy(r->requested_by, sizeof r->requested_by, db_col_text(s, i++));
    r->requested_at = db_col_i64(s, i++);
}

int bill_request_by_approval(db_conn *c, int64_t approval_id, bill_request *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_REQ_BY_APPROVAL, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, approval_id);
    int rc = db_one(s, read_req, out, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "申請の内容が見つかりません。", "bill request for approval %lld",
                       (long long)approval_id);
    return rc;
}

int bill_request_decide(db_conn *c, int64_t id, const char *status, int64_t new_bill_id, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_REQ_DECIDE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, status);
    db_bind_id_or_null(s, 3, new_bill_id);
    return db_exec(s, e);
}

int bill_request_list_reading(db_conn *c, int64_t reading_id, bill_request **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_REQ_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, reading_id);
    return db_collect(s, read_req, sizeof **rows, (void **)rows, n, e);
}
