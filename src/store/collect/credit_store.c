/* credit_store — see credit_store.h. */
#include "store/collect/credit_store.h"

#include <string.h>

#include "base/buf.h"

/* ---- credit -------------------------------------------------------------- */

static const char SQL_CREDIT_INSERT[] =
    "INSERT INTO credits (customer_id, tap_id, payment_id, kind, amount, bill_id, approval_id, posted_on, note,"
    " created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
static const char SQL_CREDIT_BALANCE[] = "SELECT COALESCE(SUM(amount), 0) FROM credits WHERE tap_id = $1";
static const char SQL_CREDIT_SOURCES[] =
    "SELECT payment_id, MIN(customer_id), SUM(amount) FROM credits WHERE tap_id = $1"
    " GROUP BY payment_id HAVING SUM(amount) > 0 ORDER BY payment_id";
static const char SQL_CREDIT_PAYERS[] =
    "SELECT a.payment_id, COALESCE(p.customer_id, 0), SUM(a.amount) FROM allocations a"
    " JOIN payments p ON p.id = a.payment_id WHERE a.bill_id = $1 AND p.reversed_by IS NULL"
    " GROUP BY a.payment_id, p.customer_id HAVING SUM(a.amount) > 0 ORDER BY a.payment_id DESC";
static const char SQL_CREDIT_OF_PAYMENT[] =
    "SELECT COALESCE(SUM(amount), 0), COALESCE(SUM(CASE WHEN kind = 'refund' THEN 1 ELSE 0 END), 0)"
    " FROM credits WHERE payment_id = $1";

int credit_store_insert(db_conn *c, const credit_row *r, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_CREDIT_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->customer_id);
    db_bind_i64(s, 2, r->tap_id);
    db_bind_i64(s, 3, r->payment_id);
    db_bind_text(s, 4, r->kind);
    db_bind_i64(s, 5, r->amount);
    db_bind_id_or_null(s, 6, r->bill_id);
    db_bind_id_or_null(s, 7, r->approval_id);
    db_bind_text(s, 8, r->posted_on);
    db_bind_text(s, 9, r->note);
    db_bind_text(s, 10, r->created_by);
    db_bind_i64(s, 11, r->created_at);
    return db_exec(s, e);
}

int credit_store_balance(db_conn *c, int64_t tap_id, int64_t *balance, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_CREDIT_BALANCE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    return db_scalar_i64(s, balance, e);
}

static void read_source(db_stmt *s, void *row)
{
    credit_row *r = row;
    r->payment_id = db_col_i64(s, 0);
    r->customer_id = db_col_i64(s, 1);
    r->amount = db_col_i64(s, 2);
}

int credit_store_sources(db_conn *c, int64_t tap_id, credit_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_CREDIT_SOURCES, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    int rc = db_collect(s, read_source, sizeof **rows, (void **)rows, n, e);
    for (size_t i = 0; !rc && i < *n; i++)
        (*rows)[i].tap_id = tap_id;
    return rc;
}

int credit_store_payers_of_bill(db_conn *c, int64_t bill_id, credit_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_CREDIT_PAYERS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, bill_id);
    return db_collect(s, read_source, sizeof **rows, (void **)rows, n, e);
}

typedef struct two_i64 { int64_t *a, *b; } two_i64;
static void read_two(db_stmt *s, void *row)
{
    two_i64 *o = row;
    *o->a = db_col_i64(s, 0);
    *o->b = db_col_i64(s, 1);
}

int credit_store_of_payment(db_conn *c, int64_t payment_id, int64_t *net, int64_t *refunded, err_t *e)
{
    *net = *refunded = 0;
    db_stmt *s = db_prepare(c, SQL_CREDIT_OF_PAYMENT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, payment_id);
    two_i64 o = {net, refunded};
    int rc = db_one(s, read_two, &o, e);
    return rc == ERR_NOTFOUND ? 0 : rc;
}

/* ---- refund requests ----------------------------------------------------- */

static const char SQL_REFUND_INSERT[] =
    "INSERT INTO refund_requests (tap_id, customer_id, amount, method, reason, approval_id, status, requested_by,"
    " requested_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8)";
static const char SQL_REFUND_GET[] =
    "SELECT id, tap_id, customer_id, amount, approval_id, requested_at, method, reason, status, requested_by"
    " FROM refund_requests WHERE approval_id = $1";
static const char SQL_REFUND_STATUS[] = "UPDATE refund_requests SET status = $2 WHERE id = $1";

int refund_store_insert(db_conn *c, const refund_row *r, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_REFUND_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->tap_id);
    db_bind_i64(s, 2, r->customer_id);
    db_bind_i64(s, 3, r->amount);
    db_bind_text(s, 4, r->method);
    db_bind_text(s, 5, r->reason);
    db_bind_i64(s, 6, r->approval_id);
    db_bind_text(s, 7, r->requested_by);
    db_bind_i64(s, 8, r->requested_at);
    return db_exec(s, e);
}

static void read_refund(db_stmt *s, void *row)
{
    refund_row *r = row;
    r->id = db_col_i64(s, 0);
    r->tap_id = db_col_i64(s, 1);
    r->customer_id = db_col_i64(s, 2);
    r->amount = db_col_i64(s, 3);
    r->approval_id = db_col_i64(s, 4);
    r->requested_at = db_col_i64(s, 5);
    str_copy(r->method, sizeof r->method, db_col_text(s, 6));
    str_copy(r->reason, sizeof r->reason, db_col_text(s, 7));
    str_copy(r->status, sizeof r->status, db_col_text(s, 8));
    str_copy(r->requested_by, sizeof r->requested_by, db_col_text(s, 9));
}

int refund_store_by_approval(db_conn *c, int64_t approval_id, refund_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_REFUND_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, approval_id);
    int rc = db_one(s, read_refund, out, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "還付の依頼が見つかりません。", "refund for approval %lld",
                       (long long)approval_id);
    return rc;
}

int refund_store_set_status(db_conn *c, int64_t id, const char *status, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_REFUND_STATUS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, status);
    return db_exec(s, e);
}
