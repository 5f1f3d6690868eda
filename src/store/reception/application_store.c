/* application_store — see application_store.h. */
#include "store/reception/application_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define STATUS_COLS "id, receipt_no, secret_hash, kind, status, effective_on, reject_reason, created_at"
#define ALL_COLS STATUS_COLS ", payload_sealed, COALESCE(request_id, 0), COALESCE(decided_by, ''), COALESCE(decided_at, 0)"

static const char SQL_INSERT[] =
    "INSERT INTO applications (receipt_no, secret_hash, kind, effective_on, payload_sealed, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
static const char SQL_STATUS[] = "SELECT " STATUS_COLS " FROM applications WHERE receipt_no = $1";
static const char SQL_PING[] = "SELECT COUNT(*) FROM applications WHERE id = 0";
static const char SQL_LIST[] =
    "SELECT " ALL_COLS " FROM applications WHERE ($1 = '' OR status = $1) ORDER BY created_at DESC, id DESC LIMIT $2";
static const char SQL_GET[] = "SELECT " ALL_COLS " FROM applications WHERE id = $1";
static const char SQL_REJECT[] =
    "UPDATE applications SET status = 'rejected', reject_reason = $2, decided_by = $3, decided_at = $4"
    " WHERE id = $1 AND status = 'received'";
static const char SQL_CONVERTED[] =
    "UPDATE applications SET status = 'converted', request_id = $2, decided_by = $3, decided_at = $4"
    " WHERE id = $1 AND status = 'received'";

void application_row_free(application_row *r)
{
    if (!r)
        return;
    free(r->payload_sealed);
    r->payload_sealed = NULL;
}

void application_rows_free(application_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++)
        application_row_free(&rows[i]);
    free(rows);
}

int application_store_insert(db_conn *c, const application_row *r, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, r->receipt_no);
    db_bind_text(s, 2, r->secret_hash);
    db_bind_text(s, 3, r->kind);
    db_bind_text(s, 4, r->effective_on);
    db_bind_text(s, 5, r->payload_sealed);
    db_bind_i64(s, 6, r->created_at);
    return db_insert_id(s, id_out, e);
}

static void read_status(db_stmt *s, void *slot)
{
    application_row *r = slot;
    r->id = db_col_i64(s, 0);
    str_copy(r->receipt_no, sizeof r->receipt_no, db_col_text(s, 1));
    str_copy(r->secret_hash, sizeof r->secret_hash, db_col_text(s, 2));
    str_copy(r->kind, sizeof r->kind, db_col_text(s, 3));
    str_copy(r->status, sizeof r->status, db_col_text(s, 4));
    str_copy(r->effective_on, sizeof r->effective_on, db_col_text(s, 5));
    str_copy(r->reject_reason, sizeof r->reject_reason, db_col_text(s, 6));
    r->created_at = db_col_i64(s, 7);
}

static void read_all(db_stmt *s, void *slot)
{
    application_row *r = slot;
    read_status(s, r);
    r->payload_sealed = strdup(db_col_text(s, 8));
    r->request_id = db_col_i64(s, 9);
    str_copy(r->decided_by, sizeof r->decided_by, db_col_text(s, 10));
    r->decided_at = db_col_i64(s, 11);
}

int application_store_status(db_conn *c, const char *receipt_no, application_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_STATUS, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, receipt_no);
    return db_one(s, read_status, out, e);
}

int application_store_ping(db_conn *c, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_PING, e);
    int64_t n = 0;
    return s ? db_scalar_i64(s, &n, e) : ERR_DB;
}

int application_store_list(db_conn *c, const char *status, size_t limit, application_row **rows, size_t *n,
                           err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, status ? status : "");
    db_bind_i64(s, 2, (int64_t)limit);
    int rc = db_collect(s, read_all, sizeof **rows, (void **)rows, n, e);
    for (size_t i = 0; !rc && i < *n; i++)
        if (!(*rows)[i].payload_sealed) {
            application_rows_free(*rows, *n);
            *rows = NULL;
            *n = 0;
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        }
    return rc;
}

int application_store_get(db_conn *c, int64_t id, application_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    int rc = db_one(s, read_all, out, e);
    if (!rc && !out->payload_sealed)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    return rc;
}

/* Run a decision UPDATE; ERR_CONFLICT when no row was still 'received'. */
static int decide(db_stmt *s, int64_t id, const char *by, int64_t at, err_t *e)
{
    db_bind_i64(s, 1, id);
    db_bind_text(s, 3, by);
    db_bind_i64(s, 4, at);
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        rc = err_set(e, ERR_CONFLICT, NULL, "このお申込みはすでに処理されています。",
                     "application %lld is not waiting", (long long)id);
    return rc;
}

int application_store_set_rejected(db_conn *c, int64_t id, const char *reason, const char *by, int64_t at,
                                   err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_REJECT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 2, reason);
    return decide(s, id, by, at, e);
}

int application_store_set_converted(db_conn *c, int64_t id, int64_t request_id, const char *by, int64_t at,
                                    err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_CONVERTED, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 2, request_id);
    return decide(s, id, by, at, e);
}
