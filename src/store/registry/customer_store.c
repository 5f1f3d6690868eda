/* customer_store — see customer_store.h. */
#include "store/registry/customer_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define CUST_COLS \
    "id, name_enc, kana_enc, kana_bidx, phone_enc, phone_bidx, postal_enc, mail_address_enc, notes_enc, version," \
    " created_at, updated_at, mail_doubtful_since"
#define OCC_COLS "id, tap_id, customer_id, start_on, COALESCE(end_on, ''), created_at"

static const char SQL_INSERT[] =
    "INSERT INTO customers (name_enc, kana_enc, kana_bidx, phone_enc, phone_bidx, postal_enc, mail_address_enc,"
    " notes_enc, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9) RETURNING id";
static const char SQL_UPDATE[] =
    "UPDATE customers SET name_enc = $2, kana_enc = $3, kana_bidx = $4, phone_enc = $5, phone_bidx = $6,"
    " postal_enc = $7, mail_address_enc = $8, notes_enc = $9, version = version + 1, updated_at = $10"
    " WHERE id = $1 AND version = $11";
static const char SQL_RESEAL[] =
    "UPDATE customers SET name_enc = $2, kana_enc = $3, phone_enc = $4, postal_enc = $5, mail_address_enc = $6,"
    " notes_enc = $7 WHERE id = $1";
static const char SQL_SET_DOUBTFUL[] =
    "UPDATE customers SET mail_doubtful_since = $2 WHERE id = $1 AND mail_doubtful_since <> $2";
static const char SQL_GET[] = "SELECT " CUST_COLS " FROM customers WHERE id = $1";
static const char SQL_WALK[] = "SELECT " CUST_COLS " FROM customers ORDER BY id";
static const char SQL_BY_PHONE[] = "SELECT id FROM customers WHERE phone_bidx = $1 ORDER BY id LIMIT $2";
static const char SQL_BY_KANA[] = "SELECT id FROM customers WHERE kana_bidx = $1 ORDER BY id LIMIT $2";
static const char SQL_OCC_INSERT[] =
    "INSERT INTO occupancies (tap_id, customer_id, start_on, end_on, created_at) VALUES ($1, $2, $3, $4, $5)"
    " RETURNING id";
static const char SQL_OCC_TAP[] =
    "SELECT " OCC_COLS " FROM occupancies WHERE tap_id = $1 ORDER BY start_on DESC, id DESC";
static const char SQL_OCC_CUSTOMER[] =
    "SELECT " OCC_COLS " FROM occupancies WHERE customer_id = $1 ORDER BY start_on DESC, id DESC";
static const char SQL_OCC_CURRENT[] =
    "SELECT " OCC_COLS " FROM occupancies WHERE tap_id = $1 AND end_on IS NULL ORDER BY start_on DESC LIMIT 1";
static const char SQL_OCC_CLOSE[] = "UPDATE occupancies SET end_on = $2 WHERE id = $1 AND end_on IS NULL";

static void read_cust(db_stmt *s, customer_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_col_i64(s, 0);
    str_copy(r->name_enc, sizeof r->name_enc, db_col_text(s, 1));
    str_copy(r->kana_enc, sizeof r->kana_enc, db_col_text(s, 2));
    str_copy(r->kana_bidx, sizeof r->kana_bidx, db_col_text(s, 3));
    str_copy(r->phone_enc, sizeof r->phone_enc, db_col_text(s, 4));
    str_copy(r->phone_bidx, sizeof r->phone_bidx, db_col_text(s, 5));
    str_copy(r->postal_enc, sizeof r->postal_enc, db_col_text(s, 6));
    str_copy(r->mail_address_enc, sizeof r->mail_address_enc, db_col_text(s, 7));
    str_copy(r->notes_enc, sizeof r->notes_enc, db_col_text(s, 8));
    r->version = db_col_i64(s, 9);
    r->created_at = db_col_i64(s, 10);
    r->updated_at = db_col_i64(s, 11);
    r->mail_doubtful_since = db_col_i64(s, 12);
}

static void bind_fields(db_stmt *s, const customer_row *r)
{
    db_bind_text(s, 2, r->name_enc);
    db_bind_text(s, 3, r->kana_enc);
    db_bind_text(s, 4, r->kana_bidx);
    db_bind_text(s, 5, r->phone_enc);
    db_bind_text(s, 6, r->phone_bidx);
    db_bind_text(s, 7, r->postal_enc);
    db_bind_text(s, 8, r->mail_address_enc);
    db_bind_text(s, 9, r->notes_enc);
}

int customer_store_insert(db_conn *c, const customer_row *r, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, r->name_enc);
    db_bind_text(s, 2, r->kana_enc);
    db_bind_text(s, 3, r->kana_bidx);
    db_bind_text(s, 4, r->phone_enc);
    db_bind_text(s, 5, r->phone_bidx);
    db_bind_text(s, 6, r->postal_enc);
    db_bind_text(s, 7, r->mail_address_enc);
    db_bind_text(s, 8, r->notes_enc);
    db_bind_i64(s, 9, r->created_at);
    return db_insert_id(s, id_out, e);
}

int customer_store_update(db_conn *c, const customer_row *r, int64_t now, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_UPDATE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->id);
    bind_fields(s, r);
    db_bind_i64(s, 10, now);
    db_bind_i64(s, 11, r->version);
    int rc = db_exec(s, e);
    if (rc)
        return rc;
    if (db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, NULL,
                       "他の職員がこのお客様情報を更新しました。画面を開き直してから、もう一度入力してください。",
                       "customer %lld version %lld stale", (long long)r->id, (long long)r->version);
    return 0;
}

int customer_store_reseal(db_conn *c, const customer_row *r, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RESEAL, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->id);
    db_bind_text(s, 2, r->name_enc);
    db_bind_text(s, 3, r->kana_enc);
    db_bind_text(s, 4, r->phone_enc);
    db_bind_text(s, 5, r->postal_enc);
    db_bind_text(s, 6, r->mail_address_enc);
    db_bind_text(s, 7, r->notes_enc);
    return db_exec(s, e);
}

int customer_store_set_mail_doubtful(db_conn *c, int64_t id, int64_t since, bool *changed, err_t *e)
{
    if (changed)
        *changed = false;
    db_stmt *s = db_prepare(c, SQL_SET_DOUBTFUL, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, since);
    int rc = db_exec(s, e);
    if (!rc && changed)
        *changed = db_changes(s) == 1;
    return rc;
}

int customer_store_get(db_conn *c, int64_t id, customer_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    int st = db_step(s, e);
    if (st == DB_ROW)
        read_cust(s, out);
    db_done(s);
    if (st == DB_ERROR)
        return ERR_DB;
    return st == DB_ROW ? 0 : err_set(e, ERR_NOTFOUND, NULL, "該当するお客様がありません。", "customer not found");
}

int customer_store_find_bidx(db_conn *c, const char *column, const char *bidx, int64_t *ids, size_t max, size_t *n,
                             err_t *e)
{
    *n = 0;
    const char *sql = strcmp(column, "phone") == 0 ? SQL_BY_PHONE : SQL_BY_KANA;
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, bidx);
    db_bind_i64(s, 2, (int64_t)max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max)
        ids[(*n)++] = db_col_i64(s, 0);
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}

int customer_store_walk(db_conn *c, customer_visit_fn fn, void *ctx, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_WALK, e);
    if (!s)
        return ERR_DB;
    customer_row *r = malloc(sizeof *r);
    if (!r) {
        db_done(s);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    int st, stop = 0;
    while (!stop && (st = db_step(s, e)) == DB_ROW) {
        read_cust(s, r);
        stop = fn(r, ctx);
    }
    free(r);
    db_done(s);
    if (stop)
        return stop;
    return st == DB_ERROR ? ERR_DB : 0;
}

int occupancy_store_insert(db_conn *c, const occupancy_row *o, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_OCC_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, o->tap_id);
    db_bind_i64(s, 2, o->customer_id);
    db_bind_text(s, 3, o->start_on);
    db_bind_text(s, 4, o->end_on[0] ? o->end_on : NULL);
    db_bind_i64(s, 5, o->created_at);
    return db_insert_id(s, id_out, e);
}

static void read_occ(db_stmt *s, occupancy_row *o)
{
    memset(o, 0, sizeof *o);
    o->id = db_col_i64(s, 0);
    o->tap_id = db_col_i64(s, 1);
    o->customer_id = db_col_i64(s, 2);
    str_copy(o->start_on, sizeof o->start_on, db_col_text(s, 3));
    str_copy(o->end_on, sizeof o->end_on, db_col_text(s, 4));
    o->created_at = db_col_i64(s, 5);
}

static int list_occ(db_conn *c, const char *sql, int64_t id, occupancy_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    size_t cap = 0;
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            occupancy_row *r = realloc(*rows, cap * sizeof *r);
            if (!r) {
                st = DB_ERROR;
                break;
            }
            *rows = r;
        }
        read_occ(s, &(*rows)[(*n)++]);
    }
    db_done(s);
    if (st == DB_ERROR) {
        free(*rows);
        *rows = NULL;
        *n = 0;
        return ERR_DB;
    }
    return 0;
}

int occupancy_store_list_tap(db_conn *c, int64_t tap_id, occupancy_row **rows, size_t *n, err_t *e)
{
    return list_occ(c, SQL_OCC_TAP, tap_id, rows, n, e);
}

int occupancy_store_list_customer(db_conn *c, int64_t customer_id, occupancy_row **rows, size_t *n, err_t *e)
{
    return list_occ(c, SQL_OCC_CUSTOMER, customer_id, rows, n, e);
}

int occupancy_store_current(db_conn *c, int64_t tap_id, occupancy_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_OCC_CURRENT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    int st = db_step(s, e);
    if (st == DB_ROW)
        read_occ(s, out);
    db_done(s);
    if (st == DB_ERROR)
        return ERR_DB;
    return st == DB_ROW ? 0 : err_set(e, ERR_NOTFOUND, NULL, "使用中のお客様がいません。", "no open occupancy");
}

int occupancy_store_close(db_conn *c, int64_t id, const char *end_on, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_OCC_CLOSE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, end_on);
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, NULL, "この使用期間は既に閉じられています。", "occupancy not open");
    return rc;
}
