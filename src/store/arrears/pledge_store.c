/* pledge_store — see pledge_store.h. */
#include "store/arrears/pledge_store.h"

#include <stdbool.h>
#include <string.h>

#include "base/buf.h"

static const char SQL_NEG_INSERT[] =
    "INSERT INTO negotiations (customer_id, held_on, channel, staff, text_enc, next_action, next_on, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
static const char SQL_NEG_LIST[] =
    "SELECT id, customer_id, held_on, channel, staff, text_enc, next_action, next_on, created_at"
    " FROM negotiations WHERE customer_id = $1 ORDER BY held_on DESC, id DESC LIMIT $2";

#define PLEDGE_COLS "id, customer_id, pledged_on, status, total, instalments, created_by, created_at, closed_on"
static const char SQL_P_INSERT[] =
    "INSERT INTO pledges (customer_id, pledged_on, status, total, instalments, created_by, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
static const char SQL_P_BILL[] = "INSERT INTO pledge_bills (pledge_id, bill_id, amount) VALUES ($1, $2, $3)";
static const char SQL_P_INST[] =
    "INSERT INTO pledge_instalments (pledge_id, seq, due_on, amount) VALUES ($1, $2, $3, $4)";
static const char SQL_P_GET[] = "SELECT " PLEDGE_COLS " FROM pledges WHERE id = $1";
static const char SQL_P_LIST_CUST[] = "SELECT " PLEDGE_COLS " FROM pledges WHERE customer_id = $1 ORDER BY id DESC";
static const char SQL_P_LIST_STATUS[] =
    "SELECT " PLEDGE_COLS " FROM pledges WHERE status = $1 ORDER BY id LIMIT $2";
static const char SQL_P_BILLS[] =
    "SELECT pb.bill_id, pb.amount, t.tap_no, b.cycle, b.due_on, r.read_on, b.total_yen, COALESCE(x.paid_yen, 0),"
    " b.water_yen, b.sewer_yen"
    " FROM pledge_bills pb JOIN bills b ON b.id = pb.bill_id JOIN taps t ON t.id = b.tap_id"
    " JOIN readings r ON r.id = b.reading_id LEFT JOIN bill_balances x ON x.bill_id = b.id"
    " WHERE pb.pledge_id = $1 ORDER BY b.due_on, b.id";
static const char SQL_P_INSTS[] =
    "SELECT seq, due_on, amount FROM pledge_instalments WHERE pledge_id = $1 ORDER BY seq";
static const char SQL_P_PAID[] =
    "SELECT COALESCE(SUM(a.amount), 0) FROM pledge_bills pb JOIN pledges p ON p.id = pb.pledge_id"
    " JOIN allocations a ON a.bill_id = pb.bill_id JOIN payments y ON y.id = a.payment_id"
    " WHERE pb.pledge_id = $1 AND y.paid_on >= p.pledged_on AND y.paid_on <= $2";
static const char SQL_P_CLOSE[] =
    "UPDATE pledges SET status = $2, closed_on = $3, closed_at = $4 WHERE id = $1 AND status = 'active'";
static const char SQL_P_ACTIVE_BILL[] =
    "SELECT p.id FROM pledge_bills pb JOIN pledges p ON p.id = pb.pledge_id"
    " WHERE pb.bill_id = $1 AND p.status = 'active' ORDER BY p.id LIMIT 1";
static const char SQL_ACKS[] =
    "SELECT d FROM ("
    " SELECT y.paid_on AS d FROM allocations a JOIN payments y ON y.id = a.payment_id"
    "  WHERE a.bill_id = $1 AND a.amount > 0"
    " UNION SELECT p.pledged_on AS d FROM pledge_bills pb JOIN pledges p ON p.id = pb.pledge_id"
    "  WHERE pb.bill_id = $1 AND p.status <> 'cancelled') u ORDER BY d";

int negotiation_store_insert(db_conn *c, const negotiation_row *r, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_NEG_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->customer_id);
    db_bind_text(s, 2, r->held_on);
    db_bind_text(s, 3, r->channel);
    db_bind_text(s, 4, r->staff);
    db_bind_text(s, 5, r->text_enc);
    db_bind_text(s, 6, r->next_action);
    db_bind_text(s, 7, r->next_on);
    db_bind_i64(s, 8, r->created_at);
    return db_insert_id(s, id_out, e);
}

static void read_neg(db_stmt *s, void *slot)
{
    negotiation_row *r = slot;
    r->id = db_col_i64(s, 0);
    r->customer_id = db_col_i64(s, 1);
    str_copy(r->held_on, sizeof r->held_on, db_col_text(s, 2));
    str_copy(r->channel, sizeof r->channel, db_col_text(s, 3));
    str_copy(r->staff, sizeof r->staff, db_col_text(s, 4));
    str_copy(r->text_enc, sizeof r->text_enc, db_col_text(s, 5));
    str_copy(r->next_action, sizeof r->next_action, db_col_text(s, 6));
    str_copy(r->next_on, sizeof r->next_on, db_col_text(s, 7));
    r->created_at = db_col_i64(s, 8);
}

int negotiation_store_list(db_conn *c, int64_t customer_id, size_t limit, negotiation_row **rows, size_t *n,
                           err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_NEG_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, customer_id);
    db_bind_i64(s, 2, (int64_t)limit);
    return db_collect(s, read_neg, sizeof **rows, (void **)rows, n, e);
}

int pledge_store_insert(db_conn *c, const pledge_row *r, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_P_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->customer_id);
    db_bind_text(s, 2, r->pledged_on);
    db_bind_text(s, 3, r->status);
    db_bind_i64(s, 4, r->total);
    db_bind_i64(s, 5, r->instalments);
    db_bind_text(s, 6, r->created_by);
    db_bind_i64(s, 7, r->created_at);
    return db_insert_id(s, id_out, e);
}

int pledge_store_add_bill(db_conn *c, int64_t pledge_id, int64_t bill_id, int64_t amount, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_P_BILL, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, pledge_id);
    db_bind_i64(s, 2, bill_id);
    db_bind_i64(s, 3, amount);
    return db_exec(s, e);
}

int pledge_store_add_instalment(db_conn *c, int64_t pledge_id, int64_t seq, const char *due_on, int64_t amount,
                                err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_P_INST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, pledge_id);
    db_bind_i64(s, 2, seq);
    db_bind_text(s, 3, due_on);
    db_bind_i64(s, 4, amount);
    return db_exec(s, e);
}

static void read_pledge(db_stmt *s, void *slot)
{
    pledge_row *r = slot;
    r->id = db_col_i64(s, 0);
    r->customer_id = db_col_i64(s, 1);
    str_copy(r->pledged_on, sizeof r->pledged_on, db_col_text(s, 2));
    str_copy(r->status, sizeof r->status, db_col_text(s, 3));
    r->total = db_col_i64(s, 4);
    r->instalments = db_col_i64(s, 5);
    str_copy(r->created_by, sizeof r->created_by, db_col_text(s, 6));
    r->created_at = db_col_i64(s, 7);
    str_copy(r->closed_on, sizeof r->closed_on, db_col_text(s, 8));
}

int pledge_store_get(db_conn *c, int64_t id, pledge_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_P_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    return db_one(s, read_pledge, out, e);
}

int pledge_store_list_customer(db_conn *c, int64_t customer_id, pledge_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_P_LIST_CUST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, customer_id);
    return db_collect(s, read_pledge, sizeof **rows, (void **)rows, n, e);
}

int pledge_store_list_status(db_conn *c, const char *status, size_t limit, pledge_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_P_LIST_STATUS, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, status);
    db_bind_i64(s, 2, (int64_t)limit);
    return db_collect(s, read_pledge, sizeof **rows, (void **)rows, n, e);
}

static void read_pbill(db_stmt *s, void *slot)
{
    pledge_bill_row *r = slot;
    r->bill_id = db_col_i64(s, 0);
    r->amount = db_col_i64(s, 1);
    str_copy(r->tap_no, sizeof r->tap_no, db_col_text(s, 2));
    str_copy(r->cycle, sizeof r->cycle, db_col_text(s, 3));
    str_copy(r->due_on, sizeof r->due_on, db_col_text(s, 4));
    str_copy(r->read_on, sizeof r->read_on, db_col_text(s, 5));
    r->total = db_col_i64(s, 6);
    r->paid = db_col_i64(s, 7);
    r->water = db_col_i64(s, 8);
    r->sewer = db_col_i64(s, 9);
}

int pledge_store_bills(db_conn *c, int64_t pledge_id, pledge_bill_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_P_BILLS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, pledge_id);
    return db_collect(s, read_pbill, sizeof **rows, (void **)rows, n, e);
}

static void read_inst(db_stmt *s, void *slot)
{
    pledge_inst_row *r = slot;
    r->seq = db_col_i64(s, 0);
    str_copy(r->due_on, sizeof r->due_on, db_col_text(s, 1));
    r->amount = db_col_i64(s, 2);
}

int pledge_store_instalments(db_conn *c, int64_t pledge_id, pledge_inst_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_P_INSTS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, pledge_id);
    return db_collect(s, read_inst, sizeof **rows, (void **)rows, n, e);
}

int pledge_store_paid(db_conn *c, int64_t pledge_id, const char *upto, int64_t *paid, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_P_PAID, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, pledge_id);
    db_bind_text(s, 2, upto);
    return db_scalar_i64(s, paid, e);
}

int pledge_store_close(db_conn *c, int64_t id, const char *status, const char *closed_on, int64_t at, bool *changed,
                       err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_P_CLOSE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, status);
    db_bind_text(s, 3, closed_on);
    db_bind_i64(s, 4, at);
    int rc = db_exec(s, e);
    if (!rc)
        *changed = db_changes(s) > 0;
    return rc;
}

int pledge_store_active_bill(db_conn *c, int64_t bill_id, int64_t *pledge_id, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_P_ACTIVE_BILL, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, bill_id);
    return db_scalar_i64(s, pledge_id, e);
}

static void read_ack(db_stmt *s, void *slot)
{
    ack_date *r = slot;
    str_copy(r->on, sizeof r->on, db_col_text(s, 0));
}

int pledge_store_ack_dates(db_conn *c, int64_t bill_id, ack_date **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_ACKS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, bill_id);
    return db_collect(s, read_ack, sizeof **rows, (void **)rows, n, e);
}

static const char SQL_NEG_WALK_ENC[] = "SELECT id, text_enc FROM negotiations ORDER BY id";
static const char SQL_NEG_SET_ENC[] = "UPDATE negotiations SET text_enc = $2 WHERE id = $1";

int negotiation_store_walk_enc(db_conn *c, negotiation_enc_fn fn, void *ctx, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_NEG_WALK_ENC, e);
    if (!s)
        return ERR_DB;
    int st, stop = 0;
    while (!stop && (st = db_step(s, e)) == DB_ROW)
        stop = fn(db_col_i64(s, 0), db_col_text(s, 1), ctx);
    db_done(s);
    if (stop)
        return stop;
    return st == DB_ERROR ? ERR_DB : 0;
}

int negotiation_store_set_enc(db_conn *c, int64_t id, const char *text_enc, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_NEG_SET_ENC, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, text_enc);
    return db_exec(s, e);
}
