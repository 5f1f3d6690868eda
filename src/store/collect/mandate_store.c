/* mandate_store — direct-debit mandates (see mandate_store.h). */
#include "store/collect/mandate_store.h"

#include <pthread.h>
#include <string.h>

#include "base/buf.h"

#define M_COLS                                                                                              \
    "m.id, m.tap_id, m.customer_id, m.account_type, m.first_done, m.created_at, m.bank, m.branch,"         \
    " m.account_enc, m.holder_enc, m.status, m.start_on, COALESCE(m.end_on, ''), m.created_by,"            \
    " COALESCE(k.name, ''), COALESCE(r.name, '')"
#define M_FROM                                                                                              \
    " FROM mandates m LEFT JOIN banks k ON k.code = m.bank"                                                \
    " LEFT JOIN bank_branches r ON r.bank_code = m.bank AND r.code = m.branch"

static const char SQL_INSERT[] =
    "INSERT INTO mandates (tap_id, customer_id, bank, branch, account_type, account_enc, holder_enc, status,"
    " start_on, end_on, first_done, created_by, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, NULL, 0, $9, $10) RETURNING id";
static const char SQL_OPEN[] =
    "SELECT " M_COLS M_FROM " WHERE m.tap_id = $1 AND m.end_on IS NULL ORDER BY m.id DESC LIMIT 1";
static const char SQL_LIST[] = "SELECT " M_COLS M_FROM " WHERE m.tap_id = $1 ORDER BY m.id DESC";
static const char SQL_END[] = "UPDATE mandates SET end_on = $2, status = 'ended' WHERE id = $1";

static void read_mandate(db_stmt *s, void *row)
{
    mandate_row *m = row;
    int i = 0;
    m->id = db_col_i64(s, i++);
    m->tap_id = db_col_i64(s, i++);
    m->customer_id = db_col_i64(s, i++);
    m->account_type = db_col_i64(s, i++);
    m->first_done = db_col_i64(s, i++);
    m->created_at = db_col_i64(s, i++);
    str_copy(m->bank, sizeof m->bank, db_col_text(s, i++));
    str_copy(m->branch, sizeof m->branch, db_col_text(s, i++));
    str_copy(m->account_enc, sizeof m->account_enc, db_col_text(s, i++));
    str_copy(m->holder_enc, sizeof m->holder_enc, db_col_text(s, i++));
    str_copy(m->status, sizeof m->status, db_col_text(s, i++));
    str_copy(m->start_on, sizeof m->start_on, db_col_text(s, i++));
    str_copy(m->end_on, sizeof m->end_on, db_col_text(s, i++));
    str_copy(m->created_by, sizeof m->created_by, db_col_text(s, i++));
    str_copy(m->bank_name, sizeof m->bank_name, db_col_text(s, i++));
    str_copy(m->branch_name, sizeof m->branch_name, db_col_text(s, i++));
}

int mandate_store_insert(db_conn *c, const mandate_row *m, int64_t *id, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, m->tap_id);
    db_bind_i64(s, 2, m->customer_id);
    db_bind_text(s, 3, m->bank);
    db_bind_text(s, 4, m->branch);
    db_bind_i64(s, 5, m->account_type);
    db_bind_text(s, 6, m->account_enc);
    db_bind_text(s, 7, m->holder_enc);
    db_bind_text(s, 8, m->start_on);
    db_bind_text(s, 9, m->created_by);
    db_bind_i64(s, 10, m->created_at);
    return db_insert_id(s, id, e);
}

int mandate_store_open(db_conn *c, int64_t tap_id, mandate_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_OPEN, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    return db_one(s, read_mandate, out, e);
}

int mandate_store_list_tap(db_conn *c, int64_t tap_id, mandate_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    return db_collect(s, read_mandate, sizeof(mandate_row), (void **)rows, n, e);
}

int mandate_store_end(db_conn *c, int64_t id, const char *end_on, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_END, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, end_on);
    return db_exec(s, e);
}

static const char SQL_MANDATE_WALK_ENC[] = "SELECT id, account_enc, holder_enc FROM mandates ORDER BY id";
static const char SQL_MANDATE_SET_ENC[] = "UPDATE mandates SET account_enc = $2, holder_enc = $3 WHERE id = $1";

int mandate_store_walk_enc(db_conn *c, mandate_enc_fn fn, void *ctx, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_MANDATE_WALK_ENC, e);
    if (!s)
        return ERR_DB;
    int st, stop = 0;
    while (!stop && (st = db_step(s, e)) == DB_ROW)
        stop = fn(db_col_i64(s, 0), db_col_text(s, 1), db_col_text(s, 2), ctx);
    db_done(s);
    if (stop)
        return stop;
    return st == DB_ERROR ? ERR_DB : 0;
}

int mandate_store_set_enc(db_conn *c, int64_t id, const char *account_enc, const char *holder_enc, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_MANDATE_SET_ENC, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, account_enc);
    db_bind_text(s, 3, holder_enc);
    return db_exec(s, e);
}

/* (tap, customer) pairs, a chunk a statement (db_chunk): the statement for
 * 1 << slot pairs, built once; they live as long as the process (the
 * connections' statement caches key them by address).  SQLite is told the
 * index: left to itself, with no statistics, it built an automatic index
 * over every mandate for each statement of 256 pairs (a 2,000,000-tap demo
 * city: 1.29 million mandates read for each of 2,600 statements a cycle,
 * 40 minutes and more). */
#define FIRST_DONE_SET " SET first_done = 1 FROM (VALUES "
#define FIRST_DONE_WHERE                                                                                   \
    ") AS v WHERE mandates.tap_id = CAST(v.column1 AS BIGINT) AND mandates.customer_id = CAST(v.column2 AS BIGINT)" \
    " AND mandates.status = 'active' AND mandates.first_done = 0"
static buf_t first_done_bufs[2][DB_CHUNK_SIZES];
static const char *first_done_sql[2][DB_CHUNK_SIZES];   /* [0] PostgreSQL, [1] SQLite */
static pthread_once_t first_done_once = PTHREAD_ONCE_INIT;

static void build_first_done_many(void)
{
    db_sql_chunks(first_done_bufs[0], first_done_sql[0], "UPDATE mandates" FIRST_DONE_SET, 2, FIRST_DONE_WHERE);
    db_sql_chunks(first_done_bufs[1], first_done_sql[1], "UPDATE mandates INDEXED BY mandates_tap" FIRST_DONE_SET, 2,
                  FIRST_DONE_WHERE);
}

int mandate_store_first_done_many(db_conn *c, const int64_t *taps, const int64_t *customers, size_t n, err_t *e)
{
    pthread_once(&first_done_once, build_first_done_many);
    for (size_t i = 0, k; i < n; i += k) {
        k = db_chunk(n - i);
        db_stmt *s = db_prepare(c, first_done_sql[db_kind(c) == DB_SQLITE][db_chunk_slot(k)], e);
        if (!s)
            return ERR_DB;
        for (size_t r = 0; r < k; r++) {
            db_bind_i64(s, 2 * (int)r + 1, taps[i + r]);
            db_bind_i64(s, 2 * (int)r + 2, customers[i + r]);
        }
        int rc = db_exec(s, e);
        if (rc)
            return rc;
    }
    return 0;
}
