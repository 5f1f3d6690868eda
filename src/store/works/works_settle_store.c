/* works_settle_store — see works_settle_store.h. */
#include "store/works/works_settle_store.h"

#include <string.h>

#include "base/buf.h"

#define ST_COLS                                                                                              \
    "id, application_id, kind, reason_enc, before_json, after_json, assessed_yen, paid_yen, additional_yen," \
    " refund_yen, created_by, created_at"
static const char SQL_ST_INSERT[] =
    "INSERT INTO works_settlements (application_id, kind, reason_enc, before_json, after_json, assessed_yen,"
    " paid_yen, additional_yen, refund_yen, created_by, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
static const char SQL_ST_LIST[] = "SELECT " ST_COLS " FROM works_settlements WHERE application_id = $1 ORDER BY id";

#define RF_COLS                                                                                                  \
    "r.id, r.application_id, r.settlement_id, r.amount, r.approval_id, r.status, r.requested_by, r.requested_at," \
    " r.paid_on, r.paid_by, a.number"
#define RF_FROM " FROM works_refunds r JOIN works_applications a ON a.id = r.application_id"
static const char SQL_RF_INSERT[] =
    "INSERT INTO works_refunds (application_id, settlement_id, amount, status, approval_id, requested_by,"
    " requested_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
static const char SQL_RF_ITEM[] =
    "INSERT INTO works_refund_items (refund_id, charge_id, kind, amount, tax) VALUES ($1, $2, $3, $4, $5)";
static const char SQL_RF_APPROVAL[] = "UPDATE works_refunds SET approval_id = $2 WHERE id = $1";
static const char SQL_RF_GET[] = "SELECT " RF_COLS RF_FROM " WHERE r.id = $1";
static const char SQL_RF_BY_APPROVAL[] = "SELECT " RF_COLS RF_FROM " WHERE r.approval_id = $1";
static const char SQL_RF_LIST[] = "SELECT " RF_COLS RF_FROM " WHERE r.application_id = $1 ORDER BY r.id";
static const char SQL_RF_ITEMS[] =
    "SELECT i.refund_id, i.charge_id, i.kind, i.amount, i.tax, c.name FROM works_refund_items i"
    " JOIN works_charges c ON c.id = i.charge_id WHERE i.refund_id = $1 ORDER BY c.seq";
static const char SQL_RF_STATUS[] = "UPDATE works_refunds SET status = $2, paid_on = $3, paid_by = $4 WHERE id = $1";
static const char SQL_CH_SET[] = "UPDATE works_charges SET yen = $2, tax = $3 WHERE id = $1";
static const char SQL_CH_REFUNDED[] = "UPDATE works_charges SET refunded_yen = refunded_yen + $2 WHERE id = $1";
static const char SQL_SIZE[] =
    "UPDATE works_applications SET diameter = $3, old_diameter = $4, dwellings = $5, version = version + 1,"
    " updated_at = $6 WHERE id = $1 AND version = $2";
static const char SQL_DW_TRIM[] = "DELETE FROM works_dwellings WHERE application_id = $1 AND no > $2";
static const char SQL_DW_DIAMETER[] = "UPDATE works_dwellings SET diameter = $2 WHERE application_id = $1";

int works_settlement_store_insert(db_conn *c, const works_settlement_row *r, int64_t *id, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_ST_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->application_id);
    db_bind_text(s, 2, r->kind);
    db_bind_text(s, 3, r->reason_enc);
    db_bind_text(s, 4, r->before_json);
    db_bind_text(s, 5, r->after_json);
    db_bind_i64(s, 6, r->assessed_yen);
    db_bind_i64(s, 7, r->paid_yen);
    db_bind_i64(s, 8, r->additional_yen);
    db_bind_i64(s, 9, r->refund_yen);
    db_bind_text(s, 10, r->created_by);
    db_bind_i64(s, 11, r->created_at);
    return db_insert_id(s, id, e);
}

static void read_settlement(db_stmt *s, void *slot)
{
    works_settlement_row *r = slot;
    r->id = db_col_i64(s, 0);
    r->application_id = db_col_i64(s, 1);
    str_copy(r->kind, sizeof r->kind, db_col_text(s, 2));
    str_copy(r->reason_enc, sizeof r->reason_enc, db_col_text(s, 3));
    str_copy(r->before_json, sizeof r->before_json, db_col_text(s, 4));
    str_copy(r->after_json, sizeof r->after_json, db_col_text(s, 5));
    r->assessed_yen = db_col_i64(s, 6);
    r->paid_yen = db_col_i64(s, 7);
    r->additional_yen = db_col_i64(s, 8);
    r->refund_yen = db_col_i64(s, 9);
    str_copy(r->created_by, sizeof r->created_by, db_col_text(s, 10));
    r->created_at = db_col_i64(s, 11);
}

int works_settlement_store_list(db_conn *c, int64_t application_id, works_settlement_row **rows, size_t *n,
                                err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_ST_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, application_id);
    return db_collect(s, read_settlement, sizeof **rows, (void **)rows, n, e);
}

int works_refund_store_insert(db_conn *c, const works_refund_row *r, int64_t *id, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RF_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->application_id);
    db_bind_i64(s, 2, r->settlement_id);
    db_bind_i64(s, 3, r->amount);
    db_bind_text(s, 4, r->status);
    db_bind_i64(s, 5, r->approval_id);
    db_bind_text(s, 6, r->requested_by);
    db_bind_i64(s, 7, r->requested_at);
    return db_insert_id(s, id, e);
}

int works_refund_store_item_insert(db_conn *c, const works_refund_item *it, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RF_ITEM, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, it->refund_id);
    db_bind_i64(s, 2, it->charge_id);
    db_bind_text(s, 3, it->kind);
    db_bind_i64(s, 4, it->amount);
    db_bind_i64(s, 5, it->tax);
    return db_exec(s, e);
}

static int exec_id_i64(db_conn *c, const char *sql, int64_t id, int64_t v, err_t *e)
{
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, v);
    return db_exec(s, e);
}

int works_refund_store_set_approval(db_conn *c, int64_t id, int64_t approval_id, err_t *e)
{
    return exec_id_i64(c, SQL_RF_APPROVAL, id, approval_id, e);
}

static void read_refund(db_stmt *s, void *slot)
{
    works_refund_row *r = slot;
    r->id = db_col_i64(s, 0);
    r->application_id = db_col_i64(s, 1);
    r->settlement_id = db_col_i64(s, 2);
    r->amount = db_col_i64(s, 3);
    r->approval_id = db_col_i64(s, 4);
    str_copy(r->status, sizeof r->status, db_col_text(s, 5));
    str_copy(r->requested_by, sizeof r->requested_by, db_col_text(s, 6));
    r->requested_at = db_col_i64(s, 7);
    str_copy(r->paid_on, sizeof r->paid_on, db_col_text(s, 8));
    str_copy(r->paid_by, sizeof r->paid_by, db_col_text(s, 9));
    str_copy(r->number, sizeof r->number, db_col_text(s, 10));
}

static int one_refund(db_conn *c, const char *sql, int64_t key, works_refund_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, key);
    int st = db_step(s, e);
    if (st == DB_ROW)
        read_refund(s, out);
    db_done(s);
    return st == DB_ERROR ? ERR_DB : st == DB_ROW ? 0 : ERR_NOTFOUND;
}

int works_refund_store_get(db_conn *c, int64_t id, works_refund_row *out, err_t *e)
{
    return one_refund(c, SQL_RF_GET, id, out, e);
}

int works_refund_store_by_approval(db_conn *c, int64_t approval_id, works_refund_row *out, err_t *e)
{
    return one_refund(c, SQL_RF_BY_APPROVAL, approval_id, out, e);
}

int works_refund_store_list(db_conn *c, int64_t application_id, works_refund_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_RF_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, application_id);
    return db_collect(s, read_refund, sizeof **rows, (void **)rows, n, e);
}

static void read_item(db_stmt *s, void *slot)
{
    works_refund_item *r = slot;
    r->refund_id = db_col_i64(s, 0);
    r->charge_id = db_col_i64(s, 1);
    str_copy(r->kind, sizeof r->kind, db_col_text(s, 2));
    r->amount = db_col_i64(s, 3);
    r->tax = db_col_i64(s, 4);
    str_copy(r->name, sizeof r->name, db_col_text(s, 5));
}

int works_refund_store_items(db_conn *c, int64_t refund_id, works_refund_item **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_RF_ITEMS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, refund_id);
    return db_collect(s, read_item, sizeof **rows, (void **)rows, n, e);
}

int works_refund_store_set_status(db_conn *c, int64_t id, const char *status, const char *paid_on,
                                  const char *paid_by, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RF_STATUS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, status);
    db_bind_text(s, 3, paid_on ? paid_on : "");
    db_bind_text(s, 4, paid_by ? paid_by : "");
    return db_exec(s, e);
}

int works_settle_store_set_charge(db_conn *c, int64_t charge_id, int64_t yen, int64_t tax, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_CH_SET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, charge_id);
    db_bind_i64(s, 2, yen);
    db_bind_i64(s, 3, tax);
    return db_exec(s, e);
}

int works_settle_store_add_refunded(db_conn *c, int64_t charge_id, int64_t delta, err_t *e)
{
    return exec_id_i64(c, SQL_CH_REFUNDED, charge_id, delta, e);
}

int works_settle_store_set_size(db_conn *c, int64_t id, int64_t version, int64_t diameter, int64_t old_diameter,
                                int64_t dwellings, int64_t now, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SIZE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, version);
    db_bind_i64(s, 3, diameter);
    db_bind_i64(s, 4, old_diameter);
    db_bind_i64(s, 5, dwellings);
    db_bind_i64(s, 6, now);
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, NULL, "この申込は他の操作で変更されました。画面を開き直してください。",
                       "works application %lld changed (version %lld)", (long long)id, (long long)version);
    return rc;
}

int works_settle_store_dwellings(db_conn *c, int64_t application_id, int64_t keep, int64_t diameter, err_t *e)
{
    int rc = exec_id_i64(c, SQL_DW_TRIM, application_id, keep, e);
    return rc ? rc : exec_id_i64(c, SQL_DW_DIAMETER, application_id, diameter, e);
}
