/* meter_receipt_store — see meter_receipt_store.h. */
#include "store/meter/meter_receipt_store.h"

#include "base/buf.h"

#define RC_COLS                                                                                  \
    "id, COALESCE(order_id, 0), received_on, maker, model, lot, diameter, digits, quantity,"     \
    " certified_until, serial_from, serial_to, created_by, created_at"
static const char SQL_RC_INSERT[] =
    "INSERT INTO meter_receipts (order_id, received_on, maker, model, lot, diameter, digits, quantity,"
    " certified_until, serial_from, serial_to, created_by, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id";
static const char SQL_RC_RECENT[] = "SELECT " RC_COLS " FROM meter_receipts ORDER BY id DESC LIMIT $1";

#define OR_COLS "id, ordered_on, maker, model, diameter, quantity, received, note, created_by, created_at"
static const char SQL_OR_INSERT[] =
    "INSERT INTO meter_orders (ordered_on, maker, model, diameter, quantity, note, created_by, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
static const char SQL_OR_GET[] = "SELECT " OR_COLS " FROM meter_orders WHERE id = $1";
static const char SQL_OR_ADD[] = "UPDATE meter_orders SET received = received + $2 WHERE id = $1";
static const char SQL_OR_OPEN[] = "SELECT " OR_COLS " FROM meter_orders WHERE received < quantity ORDER BY id";

int meter_receipt_store_insert(db_conn *c, const meter_receipt_row *r, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RC_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_id_or_null(s, 1, r->order_id);
    db_bind_text(s, 2, r->received_on);
    db_bind_text(s, 3, r->maker);
    db_bind_text(s, 4, r->model);
    db_bind_text(s, 5, r->lot);
    db_bind_i64(s, 6, r->diameter);
    db_bind_i64(s, 7, r->digits);
    db_bind_i64(s, 8, r->quantity);
    db_bind_text(s, 9, r->certified_until);
    db_bind_text(s, 10, r->serial_from);
    db_bind_text(s, 11, r->serial_to);
    db_bind_text(s, 12, r->created_by);
    db_bind_i64(s, 13, r->created_at);
    return db_insert_id(s, id_out, e);
}

static void read_receipt(db_stmt *s, void *p)
{
    meter_receipt_row *r = p;
    r->id = db_col_i64(s, 0);
    r->order_id = db_col_i64(s, 1);
    str_copy(r->received_on, sizeof r->received_on, db_col_text(s, 2));
    str_copy(r->maker, sizeof r->maker, db_col_text(s, 3));
    str_copy(r->model, sizeof r->model, db_col_text(s, 4));
    str_copy(r->lot, sizeof r->lot, db_col_text(s, 5));
    r->diameter = db_col_i64(s, 6);
    r->digits = db_col_i64(s, 7);
    r->quantity = db_col_i64(s, 8);
    str_copy(r->certified_until, sizeof r->certified_until, db_col_text(s, 9));
    str_copy(r->serial_from, sizeof r->serial_from, db_col_text(s, 10));
    str_copy(r->serial_to, sizeof r->serial_to, db_col_text(s, 11));
    str_copy(r->created_by, sizeof r->created_by, db_col_text(s, 12));
    r->created_at = db_col_i64(s, 13);
}

int meter_receipt_store_recent(db_conn *c, int64_t limit, meter_receipt_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RC_RECENT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, limit);
    return db_collect(s, read_receipt, sizeof **rows, (void **)rows, n, e);
}

int meter_order_store_insert(db_conn *c, const meter_order_row *r, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_OR_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, r->ordered_on);
    db_bind_text(s, 2, r->maker);
    db_bind_text(s, 3, r->model);
    db_bind_i64(s, 4, r->diameter);
    db_bind_i64(s, 5, r->quantity);
    db_bind_text(s, 6, r->note);
    db_bind_text(s, 7, r->created_by);
    db_bind_i64(s, 8, r->created_at);
    return db_insert_id(s, id_out, e);
}

static void read_order(db_stmt *s, void *p)
{
    meter_order_row *r = p;
    r->id = db_col_i64(s, 0);
    str_copy(r->ordered_on, sizeof r->ordered_on, db_col_text(s, 1));
    str_copy(r->maker, sizeof r->maker, db_col_text(s, 2));
    str_copy(r->model, sizeof r->model, db_col_text(s, 3));
    r->diameter = db_col_i64(s, 4);
    r->quantity = db_col_i64(s, 5);
    r->received = db_col_i64(s, 6);
    str_copy(r->note, sizeof r->note, db_col_text(s, 7));
    str_copy(r->created_by, sizeof r->created_by, db_col_text(s, 8));
    r->created_at = db_col_i64(s, 9);
}

int meter_order_store_get(db_conn *c, int64_t id, meter_order_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_OR_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    int rc = db_one(s, read_order, out, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, "order", "その発注番号はありません。", "meter order %lld", (long long)id);
    return rc;
}

int meter_order_store_add_received(db_conn *c, int64_t id, int64_t qty, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_OR_ADD, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, qty);
    return db_exec(s, e);
}

int meter_order_store_open(db_conn *c, meter_order_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_OR_OPEN, e);
    if (!s)
        return ERR_DB;
    return db_collect(s, read_order, sizeof **rows, (void **)rows, n, e);
}
