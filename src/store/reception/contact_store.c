/* contact_store — see contact_store.h. */
#include "store/reception/contact_store.h"

#include <string.h>

#include "base/buf.h"

#define CONTACT_COLS "id, tap_id, COALESCE(customer_id, 0), channel, reason, summary_enc, taken_by, created_at"

static const char SQL_INSERT[] =
    "INSERT INTO contacts (tap_id, customer_id, channel, reason, summary_enc, taken_by, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
static const char SQL_LIST_TAP[] =
    "SELECT " CONTACT_COLS " FROM contacts WHERE tap_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2";
static const char SQL_COUNT_TAP[] = "SELECT COUNT(*) FROM contacts WHERE tap_id = $1";
static const char SQL_WALK_ENC[] = "SELECT id, summary_enc FROM contacts ORDER BY id";
static const char SQL_SET_ENC[] = "UPDATE contacts SET summary_enc = $2 WHERE id = $1";

int contact_store_insert(db_conn *c, const contact_row *r, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->tap_id);
    if (r->customer_id > 0)
        db_bind_i64(s, 2, r->customer_id);
    else
        db_bind_null(s, 2);
    db_bind_text(s, 3, r->channel);
    db_bind_text(s, 4, r->reason);
    db_bind_text(s, 5, r->summary_enc);
    db_bind_text(s, 6, r->taken_by);
    db_bind_i64(s, 7, r->created_at);
    return db_insert_id(s, id_out, e);
}

static void read_contact(db_stmt *s, void *slot)
{
    contact_row *r = slot;
    r->id = db_col_i64(s, 0);
    r->tap_id = db_col_i64(s, 1);
    r->customer_id = db_col_i64(s, 2);
    str_copy(r->channel, sizeof r->channel, db_col_text(s, 3));
    str_copy(r->reason, sizeof r->reason, db_col_text(s, 4));
    str_copy(r->summary_enc, sizeof r->summary_enc, db_col_text(s, 5));
    str_copy(r->taken_by, sizeof r->taken_by, db_col_text(s, 6));
    r->created_at = db_col_i64(s, 7);
}

int contact_store_list_tap(db_conn *c, int64_t tap_id, size_t limit, contact_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_LIST_TAP, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_i64(s, 2, (int64_t)limit);
    return db_collect(s, read_contact, sizeof **rows, (void **)rows, n, e);
}

int contact_store_count_tap(db_conn *c, int64_t tap_id, int64_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_COUNT_TAP, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    return db_scalar_i64(s, n, e);
}

int contact_store_walk_enc(db_conn *c, contact_enc_fn fn, void *ctx, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_WALK_ENC, e);
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

int contact_store_set_enc(db_conn *c, int64_t id, const char *summary_enc, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SET_ENC, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, summary_enc);
    return db_exec(s, e);
}
