/* sewer_xfer_store — see sewer_xfer_store.h. */
#include "store/sewer_xfer/sewer_xfer_store.h"

#include <string.h>

#include "base/buf.h"

/* bills_cycle (cycle, status) narrows to the cycle; the operator is a filter. */
static const char SQL_BILLS[] =
    "SELECT b.id, t.tap_no, a.name, t.address_enc, c.name_enc, b.period_from, b.period_to, b.usage, b.sewer_usage"
    " FROM bills b JOIN taps t ON t.id = b.tap_id JOIN areas a ON a.code = t.area_code"
    " JOIN customers c ON c.id = b.customer_id"
    " WHERE b.cycle = $1 AND b.status = 'current' AND b.sewer_operator = $2 ORDER BY t.tap_no, b.id";
#define BATCH_COLS "id, batch_no, records, water_m3, sewer_m3, created_at, operator, cycle, created_by"
static const char SQL_BATCHES[] =
    "SELECT " BATCH_COLS " FROM sewer_xfer_batches WHERE operator = $1 AND cycle = $2 ORDER BY batch_no";
static const char SQL_RECENT[] = "SELECT " BATCH_COLS " FROM sewer_xfer_batches ORDER BY id DESC LIMIT $1";
static const char SQL_RECORDS[] =
    "SELECT x.batch_no, r.entry, r.bill_id, r.tap_no, r.place_enc, r.user_enc, r.period_from, r.period_to,"
    " r.water_m3, r.deduct_m3, r.well_m3, r.sewer_m3"
    " FROM sewer_xfer_batches x JOIN sewer_xfer_records r ON r.batch_id = x.id"
    " WHERE x.operator = $1 AND x.cycle = $2 AND ($3 = 0 OR x.batch_no <= $3) ORDER BY x.batch_no, r.seq";
static const char SQL_BATCH_INSERT[] =
    "INSERT INTO sewer_xfer_batches (operator, cycle, batch_no, records, water_m3, sewer_m3, created_by, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
static const char SQL_RECORD_INSERT[] =
    "INSERT INTO sewer_xfer_records (batch_id, seq, entry, bill_id, tap_no, place_enc, user_enc, period_from,"
    " period_to, water_m3, deduct_m3, well_m3, sewer_m3) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";

static const char SQL_WALK_ENC[] = "SELECT batch_id, seq, place_enc, user_enc FROM sewer_xfer_records ORDER BY batch_id, seq";
static const char SQL_SET_ENC[] = "UPDATE sewer_xfer_records SET place_enc = $3, user_enc = $4 WHERE batch_id = $1 AND seq = $2";

static void read_bill(db_stmt *s, void *row)
{
    sewer_xfer_row *r = row;
    int i = 0;
    str_copy(r->entry, sizeof r->entry, "new");
    r->bill_id = db_col_i64(s, i++);
    str_copy(r->tap_no, sizeof r->tap_no, db_col_text(s, i++));
    str_copy(r->area_name, sizeof r->area_name, db_col_text(s, i++));
    str_copy(r->place_enc, sizeof r->place_enc, db_col_text(s, i++));
    str_copy(r->user_enc, sizeof r->user_enc, db_col_text(s, i++));
    str_copy(r->period_from, sizeof r->period_from, db_col_text(s, i++));
    str_copy(r->period_to, sizeof r->period_to, db_col_text(s, i++));
    r->water_m3 = db_col_i64(s, i++);
    r->sewer_m3 = db_col_i64(s, i++);
}

int sewer_xfer_store_bills(db_conn *c, const char *op, const char *cycle, sewer_xfer_row **rows, size_t *n,
                           err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_BILLS, e);
    if (!s)
        return e->code;
    db_bind_text(s, 1, cycle);
    db_bind_text(s, 2, op);
    return db_collect(s, read_bill, sizeof **rows, (void **)rows, n, e);
}

static void read_batch(db_stmt *s, void *row)
{
    sewer_xfer_batch *b = row;
    int i = 0;
    b->id = db_col_i64(s, i++);
    b->batch_no = db_col_i64(s, i++);
    b->records = db_col_i64(s, i++);
    b->water_m3 = db_col_i64(s, i++);
    b->sewer_m3 = db_col_i64(s, i++);
    b->created_at = db_col_i64(s, i++);
    str_copy(b->operator_code, sizeof b->operator_code, db_col_text(s, i++));
    str_copy(b->cycle, sizeof b->cycle, db_col_text(s, i++));
    str_copy(b->created_by, sizeof b->created_by, db_col_text(s, i++));
}

int sewer_xfer_store_batches(db_conn *c, const char *op, const char *cycle, sewer_xfer_batch **rows, size_t *n,
                             err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_BATCHES, e);
    if (!s)
        return e->code;
    db_bind_text(s, 1, op);
    db_bind_text(s, 2, cycle);
    return db_collect(s, read_batch, sizeof **rows, (void **)rows, n, e);
}

int sewer_xfer_store_recent(db_conn *c, int64_t limit, sewer_xfer_batch **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RECENT, e);
    if (!s)
        return e->code;
    db_bind_i64(s, 1, limit);
    return db_collect(s, read_batch, sizeof **rows, (void **)rows, n, e);
}

static void read_record(db_stmt *s, void *row)
{
    sewer_xfer_row *r = row;
    int i = 0;
    r->batch_no = db_col_i64(s, i++);
    str_copy(r->entry, sizeof r->entry, db_col_text(s, i++));
    r->bill_id = db_col_i64(s, i++);
    str_copy(r->tap_no, sizeof r->tap_no, db_col_text(s, i++));
    str_copy(r->place_enc, sizeof r->place_enc, db_col_text(s, i++));
    str_copy(r->user_enc, sizeof r->user_enc, db_col_text(s, i++));
    str_copy(r->period_from, sizeof r->period_from, db_col_text(s, i++));
    str_copy(r->period_to, sizeof r->period_to, db_col_text(s, i++));
    r->water_m3 = db_col_i64(s, i++);
    r->deduct_m3 = db_col_i64(s, i++);
    r->well_m3 = db_col_i64(s, i++);
    r->sewer_m3 = db_col_i64(s, i++);
}

int sewer_xfer_store_records(db_conn *c, const char *op, const char *cycle, int64_t upto, sewer_xfer_row **rows,
                             size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RECORDS, e);
    if (!s)
        return e->code;
    db_bind_text(s, 1, op);
    db_bind_text(s, 2, cycle);
    db_bind_i64(s, 3, upto);
    return db_collect(s, read_record, sizeof **rows, (void **)rows, n, e);
}

int sewer_xfer_store_insert(db_conn *c, sewer_xfer_batch *b, const sewer_xfer_row *rows, size_t n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_BATCH_INSERT, e);
    if (!s)
        return e->code;
    db_bind_text(s, 1, b->operator_code);
    db_bind_text(s, 2, b->cycle);
    db_bind_i64(s, 3, b->batch_no);
    db_bind_i64(s, 4, b->records);
    db_bind_i64(s, 5, b->water_m3);
    db_bind_i64(s, 6, b->sewer_m3);
    db_bind_text(s, 7, b->created_by);
    db_bind_i64(s, 8, b->created_at);
    int rc = db_insert_id(s, &b->id, e);
    for (size_t i = 0; i < n && !rc; i++) {
        const sewer_xfer_row *r = &rows[i];
        if (!(s = db_prepare(c, SQL_RECORD_INSERT, e)))
            return e->code;
        db_bind_i64(s, 1, b->id);
        db_bind_i64(s, 2, (int64_t)i + 1);
        db_bind_text(s, 3, r->entry);
        db_bind_i64(s, 4, r->bill_id);
        db_bind_text(s, 5, r->tap_no);
        db_bind_text(s, 6, r->place_enc);
        db_bind_text(s, 7, r->user_enc);
        db_bind_text(s, 8, r->period_from);
        db_bind_text(s, 9, r->period_to);
        db_bind_i64(s, 10, r->water_m3);
        db_bind_i64(s, 11, r->deduct_m3);
        db_bind_i64(s, 12, r->well_m3);
        db_bind_i64(s, 13, r->sewer_m3);
        rc = db_exec(s, e);
    }
    return rc;
}

int sewer_xfer_store_walk_enc(db_conn *c, sewer_xfer_enc_fn fn, void *arg, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_WALK_ENC, e);
    if (!s)
        return e->code;
    int st, stop = 0;
    while (!stop && (st = db_step(s, e)) == DB_ROW)
        stop = fn(db_col_i64(s, 0), db_col_i64(s, 1), db_col_text(s, 2), db_col_text(s, 3), arg);
    db_done(s);
    if (stop)
        return stop;
    return st == DB_ERROR ? e->code : 0;
}

int sewer_xfer_store_set_enc(db_conn *c, int64_t batch_id, int64_t seq, const char *place_enc, const char *user_enc,
                             err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SET_ENC, e);
    if (!s)
        return e->code;
    db_bind_i64(s, 1, batch_id);
    db_bind_i64(s, 2, seq);
    db_bind_text(s, 3, place_enc);
    db_bind_text(s, 4, user_enc);
    return db_exec(s, e);
}
