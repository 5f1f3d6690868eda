/* suspense_store — see suspense_store.h. */
#include "store/collect/suspense_store.h"

#include <string.h>

#include "base/buf.h"
#include "store/collect/payment_rows.h"

/* ---- suspense ------------------------------------------------------------ */

static const char SQL_SUS_INSERT[] =
    "INSERT INTO suspense (payment_id, reason, detail, status) VALUES ($1, $2, $3, 'open') RETURNING id";
#define SUS_SELECT                                                                                           \
    "SELECT s.id, s.payment_id, COALESCE(s.resolved_bill, 0), COALESCE(s.resolved_at, 0), s.reason, s.detail," \
    " s.status, COALESCE(s.resolved_by, ''), s.note, " PAY_COLS ", 0, 0 FROM suspense s"                      \
    " JOIN payments p ON p.id = s.payment_id LEFT JOIN taps t ON t.id = p.tap_id LEFT JOIN bills b ON b.id = p.bill_id"
static const char SQL_SUS_GET[] = SUS_SELECT " WHERE s.id = $1";
static const char SQL_SUS_BY_PAYMENT[] = SUS_SELECT " WHERE s.payment_id = $1";
static const char SQL_SUS_LIST[] = SUS_SELECT " WHERE s.status = $1 ORDER BY s.id LIMIT 1000";
static const char SQL_SUS_CLOSE[] =
    "UPDATE suspense SET status = $2, resolved_bill = $3, resolved_by = $4, note = $5, resolved_at = $6"
    " WHERE id = $1 AND status = 'open'";

static void read_suspense(db_stmt *s, void *row)
{
    suspense_row *r = row;
    r->id = db_col_i64(s, 0);
    r->payment_id = db_col_i64(s, 1);
    r->resolved_bill = db_col_i64(s, 2);
    r->resolved_at = db_col_i64(s, 3);
    str_copy(r->reason, sizeof r->reason, db_col_text(s, 4));
    str_copy(r->detail, sizeof r->detail, db_col_text(s, 5));
    str_copy(r->status, sizeof r->status, db_col_text(s, 6));
    str_copy(r->resolved_by, sizeof r->resolved_by, db_col_text(s, 7));
    str_copy(r->note, sizeof r->note, db_col_text(s, 8));
    /* the payment's columns follow */
    payment_row_read_at(s, 9, &r->p);
}

int suspense_store_insert(db_conn *c, int64_t payment_id, const char *reason, const char *detail, int64_t *id,
                          err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SUS_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, payment_id);
    db_bind_text(s, 2, reason);
    db_bind_text(s, 3, detail);
    return db_insert_id(s, id, e);
}

static int suspense_one(db_conn *c, const char *sql, int64_t key, suspense_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, key);
    return db_one(s, read_suspense, out, e);
}

int suspense_store_get(db_conn *c, int64_t id, suspense_row *out, err_t *e)
{
    int rc = suspense_one(c, SQL_SUS_GET, id, out, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "未消込の入金が見つかりません。", "suspense %lld not found",
                       (long long)id);
    return rc;
}

int suspense_store_by_payment(db_conn *c, int64_t payment_id, suspense_row *out, err_t *e)
{
    return suspense_one(c, SQL_SUS_BY_PAYMENT, payment_id, out, e);
}

int suspense_store_list(db_conn *c, const char *status, suspense_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SUS_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, status);
    return db_collect(s, read_suspense, sizeof **rows, (void **)rows, n, e);
}

int suspense_store_close(db_conn *c, int64_t id, const char *status, int64_t bill_id, const char *by,
                         const char *note, int64_t at, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SUS_CLOSE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, status);
    db_bind_id_or_null(s, 3, bill_id);
    db_bind_text(s, 4, by);
    db_bind_text(s, 5, note);
    db_bind_i64(s, 6, at);
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, NULL, "この未消込の入金は既に処理されています。", "suspense %lld closed",
                       (long long)id);
    return rc;
}
