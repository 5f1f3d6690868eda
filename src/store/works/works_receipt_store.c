/* works_receipt_store — see works_receipt_store.h. */
#include "store/works/works_receipt_store.h"

#include <string.h>

#include "base/buf.h"

static const char SQL_INSERT[] =
    "INSERT INTO works_payments (payment_id, application_id, charge_id, kind, amount, tax, posted_on, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
static const char SQL_OF_PAYMENT[] =
    "SELECT id, payment_id, application_id, charge_id, kind, amount, tax, posted_on, created_at FROM works_payments"
    " WHERE payment_id = $1 ORDER BY id";
static const char SQL_TAX_PAID[] = "SELECT COALESCE(SUM(tax), 0) FROM works_payments WHERE charge_id = $1";
static const char SQL_ADD_PAID[] = "UPDATE works_charges SET paid_yen = paid_yen + $2 WHERE id = $1";
static const char SQL_BY_NUMBER[] = "SELECT id FROM works_applications WHERE number = $1";
static const char SQL_LIST[] =
    "SELECT p.id, p.amount, COALESCE(p.reverses, 0), COALESCE(p.reversed_by, 0), p.channel, p.paid_on, p.posted_on,"
    " p.ref, p.receipt_no,"
    " SUM(CASE WHEN w.kind = 'kanyukin' THEN w.amount ELSE 0 END), SUM(CASE WHEN w.kind = 'fee' THEN w.amount ELSE 0 END)"
    " FROM works_payments w JOIN payments p ON p.id = w.payment_id WHERE w.application_id = $1"
    " GROUP BY p.id, p.amount, p.reverses, p.reversed_by, p.channel, p.paid_on, p.posted_on, p.ref, p.receipt_no"
    " ORDER BY p.id";

int works_receipt_store_insert(db_conn *c, const works_receipt_row *r, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->payment_id);
    db_bind_i64(s, 2, r->application_id);
    db_bind_i64(s, 3, r->charge_id);
    db_bind_text(s, 4, r->kind);
    db_bind_i64(s, 5, r->amount);
    db_bind_i64(s, 6, r->tax);
    db_bind_text(s, 7, r->posted_on);
    db_bind_i64(s, 8, r->created_at);
    return db_exec(s, e);
}

static void read_row(db_stmt *s, void *slot)
{
    works_receipt_row *r = slot;
    r->id = db_col_i64(s, 0);
    r->payment_id = db_col_i64(s, 1);
    r->application_id = db_col_i64(s, 2);
    r->charge_id = db_col_i64(s, 3);
    str_copy(r->kind, sizeof r->kind, db_col_text(s, 4));
    r->amount = db_col_i64(s, 5);
    r->tax = db_col_i64(s, 6);
    str_copy(r->posted_on, sizeof r->posted_on, db_col_text(s, 7));
    r->created_at = db_col_i64(s, 8);
}

int works_receipt_store_of_payment(db_conn *c, int64_t payment_id, works_receipt_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_OF_PAYMENT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, payment_id);
    return db_collect(s, read_row, sizeof **rows, (void **)rows, n, e);
}

int works_receipt_store_tax_paid(db_conn *c, int64_t charge_id, int64_t *tax, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_TAX_PAID, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, charge_id);
    return db_scalar_i64(s, tax, e);
}

int works_receipt_store_add_paid(db_conn *c, int64_t charge_id, int64_t delta, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_ADD_PAID, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, charge_id);
    db_bind_i64(s, 2, delta);
    return db_exec(s, e);
}

static void read_payment(db_stmt *s, void *slot)
{
    works_receipt_payment *r = slot;
    r->payment_id = db_col_i64(s, 0);
    r->amount = db_col_i64(s, 1);
    r->reverses = db_col_i64(s, 2);
    r->reversed_by = db_col_i64(s, 3);
    str_copy(r->channel, sizeof r->channel, db_col_text(s, 4));
    str_copy(r->paid_on, sizeof r->paid_on, db_col_text(s, 5));
    str_copy(r->posted_on, sizeof r->posted_on, db_col_text(s, 6));
    str_copy(r->ref, sizeof r->ref, db_col_text(s, 7));
    str_copy(r->receipt_no, sizeof r->receipt_no, db_col_text(s, 8));
    r->kanyukin = db_col_i64(s, 9);
    r->fees = db_col_i64(s, 10);
}

int works_receipt_store_list(db_conn *c, int64_t application_id, works_receipt_payment **rows, size_t *n,
                             err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, application_id);
    return db_collect(s, read_payment, sizeof **rows, (void **)rows, n, e);
}

int works_receipt_store_app_by_number(db_conn *c, const char *number, int64_t *id, err_t *e)
{
    *id = 0;
    db_stmt *s = db_prepare(c, SQL_BY_NUMBER, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, number);
    int st = db_step(s, e);
    if (st == DB_ROW)
        *id = db_col_i64(s, 0);
    db_done(s);
    return st == DB_ERROR ? ERR_DB : *id > 0 ? 0 : ERR_NOTFOUND;
}
