/* approval_store — see approval_store.h. */
#include "store/approval_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define APPROVAL_COLS \
    "a.id, a.kind, a.object, a.summary, a.reason, a.status, a.requested_by, a.requested_at," \
    " COALESCE(a.decided_by, 0), COALESCE(a.decided_at, 0), COALESCE(a.decision_note, ''), r.username," \
    " COALESCE(d.username, '')"
#define APPROVAL_FROM " FROM approvals a JOIN users r ON r.id = a.requested_by LEFT JOIN users d ON d.id = a.decided_by"

static const char SQL_INSERT[] =
    "INSERT INTO approvals (kind, object, summary, reason, status, requested_by, requested_at)"
    " VALUES ($1, $2, $3, $4, 'pending', $5, $6) RETURNING id";
static const char SQL_GET[] = "SELECT " APPROVAL_COLS APPROVAL_FROM " WHERE a.id = $1";
static const char SQL_COUNT[] =
    "SELECT COUNT(*) FROM approvals WHERE kind = $1 AND object = $2 AND status = 'pending'";
static const char SQL_PENDING_ON[] =
    "SELECT COALESCE(MIN(id), 0) FROM approvals WHERE object = $1 AND status = 'pending'";
static const char SQL_LIST[] = "SELECT " APPROVAL_COLS APPROVAL_FROM
                               " WHERE (CAST($1 AS TEXT) IS NULL OR a.status = $1) ORDER BY a.id DESC LIMIT $2";
static const char SQL_SET_SUMMARY[] = "UPDATE approvals SET summary = $2 WHERE id = $1 AND status = 'pending'";

int approval_store_set_summary(db_conn *c, int64_t id, const char *summary, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SET_SUMMARY, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, summary);
    return db_exec(s, e);
}

static const char SQL_DECIDE[] =
    "UPDATE approvals SET status = $2, decided_by = $3, decided_at = $4, decision_note = $5"
    " WHERE id = $1 AND status = 'pending'";

static void read_row(db_stmt *s, approval_row *a)
{
    memset(a, 0, sizeof *a);
    a->id = db_col_i64(s, 0);
    str_copy(a->kind, sizeof a->kind, db_col_text(s, 1));
    str_copy(a->object, sizeof a->object, db_col_text(s, 2));
    str_copy(a->summary, sizeof a->summary, db_col_text(s, 3));
    str_copy(a->reason, sizeof a->reason, db_col_text(s, 4));
    str_copy(a->status, sizeof a->status, db_col_text(s, 5));
    a->requested_by = db_col_i64(s, 6);
    a->requested_at = db_col_i64(s, 7);
    a->decided_by = db_col_i64(s, 8);
    a->decided_at = db_col_i64(s, 9);
    str_copy(a->decision_note, sizeof a->decision_note, db_col_text(s, 10));
    str_copy(a->requested_by_name, sizeof a->requested_by_name, db_col_text(s, 11));
    str_copy(a->decided_by_name, sizeof a->decided_by_name, db_col_text(s, 12));
}

int approval_store_insert(db_conn *c, const approval_row *a, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, a->kind);
    db_bind_text(s, 2, a->object);
    db_bind_text(s, 3, a->summary);
    db_bind_text(s, 4, a->reason);
    db_bind_i64(s, 5, a->requested_by);
    db_bind_i64(s, 6, a->requested_at);
    return db_insert_id(s, id_out, e);
}

int approval_store_get(db_conn *c, int64_t id, approval_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    int st = db_step(s, e);
    if (st == DB_ROW)
        read_row(s, out);
    db_done(s);
    if (st == DB_ERROR)
        return ERR_DB;
    return st == DB_ROW ? 0 : err_set(e, ERR_NOTFOUND, NULL, "該当する承認依頼がありません。", "approval not found");
}

int approval_store_count_pending(db_conn *c, const char *kind, const char *object, int64_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_COUNT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, kind);
    db_bind_text(s, 2, object);
    return db_scalar_i64(s, n, e);
}

int approval_store_pending_on(db_conn *c, const char *object, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_PENDING_ON, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, object);
    return db_scalar_i64(s, id_out, e);
}

int approval_store_list(db_conn *c, const char *status, int limit, approval_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    if (limit <= 0 || limit > 500)
        limit = 100;
    approval_row *out = calloc((size_t)limit, sizeof *out);
    if (!out)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    db_stmt *s = db_prepare(c, SQL_LIST, e);
    if (!s) {
        free(out);
        return ERR_DB;
    }
    db_bind_text(s, 1, status);
    db_bind_i64(s, 2, limit);
    size_t k = 0;
    int st;
    while ((st = db_step(s, e)) == DB_ROW && k < (size_t)limit)
        read_row(s, &out[k++]);
    db_done(s);
    if (st == DB_ERROR) {
        free(out);
        return ERR_DB;
    }
    *rows = out;
    *n = k;
    return 0;
}

int approval_store_decide(db_conn *c, int64_t id, const char *status, int64_t by, int64_t at, const char *note,
                          err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_DECIDE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, status);
    db_bind_i64(s, 3, by);
    db_bind_i64(s, 4, at);
    db_bind_text(s, 5, note ? note : "");
    int rc = db_exec(s, e);
    if (rc)
        return rc;
    if (db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, NULL, "この承認依頼は既に処理されています。", "approval %lld not pending",
                       (long long)id);
    return 0;
}
