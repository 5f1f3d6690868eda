/* alloc_store — see alloc_store.h. */
#include "store/collect/alloc_store.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/vec.h"
#include "store/collect/payment_rows.h"
#include "store/collect/payment_store.h"

/* ---- allocations --------------------------------------------------------- */

#define ALLOC_NCOLS 10   /* bound by bind_alloc */

static const char SQL_ALLOC_INSERT[] =
    "INSERT INTO allocations (payment_id, bill_id, kind, amount, water_yen, sewer_yen, tax_yen, posted_on,"
    " created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
static const char SQL_ALLOC_LIST[] =
    "SELECT id, payment_id, bill_id, amount, water_yen, sewer_yen, tax_yen, kind, posted_on, created_by, created_at"
    " FROM allocations WHERE payment_id = $1 ORDER BY id";
static const char SQL_ALLOC_SUMS[] =
    "SELECT COALESCE(SUM(amount), 0), COALESCE(SUM(water_yen), 0), COALESCE(SUM(sewer_yen), 0),"
    " COALESCE(SUM(tax_yen), 0) FROM allocations WHERE bill_id = $1";

static void bind_alloc(db_stmt *s, int o, const alloc_row *a)
{
    db_bind_i64(s, o + 1, a->payment_id);
    db_bind_i64(s, o + 2, a->bill_id);
    db_bind_text(s, o + 3, a->kind);
    db_bind_i64(s, o + 4, a->amount);
    db_bind_i64(s, o + 5, a->water_yen);
    db_bind_i64(s, o + 6, a->sewer_yen);
    db_bind_i64(s, o + 7, a->tax_yen);
    db_bind_text(s, o + 8, a->posted_on);
    db_bind_text(s, o + 9, a->created_by);
    db_bind_i64(s, o + 10, a->created_at);
}

/* ---- the allocations summed by day, channel and bill cycle ---------------- */

/* allocation_days (migration 43) holds, for each day posted, channel (the
 * payment's; "setoff" for 過誤納充当) and bill cycle, the allocations' count
 * and amount: the 収納統計 read it instead of a year of allocations.
 * Allocations are never updated or deleted, so it only grows.
 *
 * Its rows are shared by every writer of a day and channel (two imports of
 * one channel at once add to the same rows), and an upsert holds its row
 * locked until the transaction ends: written batch by batch, two imports
 * could lock two rows in opposite orders and deadlock (PostgreSQL).  So a
 * write transaction only gathers its sums here (the transaction's state,
 * db_tx_state: each batch's sums read by one statement), and upserts them
 * once, just before its COMMIT, sorted by key: every writer locks the rows it
 * shares with another in the same order.  Outside a transaction the sums are
 * written at once. */

/* One key's sums. */
typedef struct day_sum {
    char posted_on[11], channel[24], cycle[8];
    int64_t allocations, amount;
} day_sum;

/* What a transaction has gathered (owned by the transaction's state). */
typedef struct days_pending {
    day_sum *v;
    size_t n, cap, merged;   /* merged: v[0..merged) sorted with each key once */
} days_pending;

/* A batch's sums: its rows bound as for the insert (bind_alloc: payment,
 * bill, kind, amount, …, day posted as column 8), each row's channel and
 * cycle looked up by key. */
static const char SQL_DAYS_HEAD[] =
    "SELECT v.column8, CASE WHEN v.column3 = 'setoff' THEN 'setoff'"
    " ELSE (SELECT p.channel FROM payments p WHERE p.id = v.column1) END,"
    " (SELECT b.cycle FROM bills b WHERE b.id = v.column2), COUNT(*), SUM(v.column4) FROM (VALUES ";
/* each row's payment and bill by a look-up (a join of 256 rows was hashed
 * against every payment of a small city on PostgreSQL) */
static const char SQL_DAYS_TAIL[] = ") v GROUP BY 1, 2, 3";
static const char SQL_DAYS_PUT_HEAD[] = "INSERT INTO allocation_days (posted_on, channel, cycle, allocations, amount) VALUES ";
static const char SQL_DAYS_PUT_TAIL[] =
    " ON CONFLICT (posted_on, channel, cycle) DO UPDATE SET allocations = allocation_days.allocations"
    " + excluded.allocations, amount = allocation_days.amount + excluded.amount";
#define DAYS_PUT_BATCH 32   /* keys per upsert */

/* The columns' types, so that PostgreSQL knows them inside VALUES. */
static const char *const DAY_TYPES[ALLOC_NCOLS] = {"BIGINT", "BIGINT", "TEXT", "BIGINT", "BIGINT",
                                                   "BIGINT", "BIGINT", "TEXT", "TEXT",   "BIGINT"};

static void days_sql(buf_t *b, int rows)
{
    buf_puts(b, SQL_DAYS_HEAD);
    for (int r = 0; r < rows; r++) {
        buf_puts(b, r ? ",(" : "(");
        for (int k = 0; k < ALLOC_NCOLS; k++)
            buf_printf(b, "%sCAST($%d AS %s)", k ? ", " : "", r * ALLOC_NCOLS + k + 1, DAY_TYPES[k]);
        buf_putc(b, ')');
    }
    buf_puts(b, SQL_DAYS_TAIL);
}

/* The statements for 1 << slot rows (db_chunk) and for k keys
 * (1 ≤ k ≤ DAYS_PUT_BATCH), built once; they live as long as the process
 * (the connections' statement caches key them by address). */
static buf_t days_bufs[DB_CHUNK_SIZES], put_bufs[DAYS_PUT_BATCH + 1];
static const char *days_stmts[DB_CHUNK_SIZES], *put_stmts[DAYS_PUT_BATCH + 1];
static pthread_once_t days_once = PTHREAD_ONCE_INIT;

static void build_days(void)
{
    for (int slot = 0; slot < DB_CHUNK_SIZES; slot++) {
        buf_init(&days_bufs[slot], 0);
        days_sql(&days_bufs[slot], 1 << slot);
        days_stmts[slot] = buf_cstr(&days_bufs[slot]);
    }
    for (int k = 1; k <= DAYS_PUT_BATCH; k++) {
        buf_init(&put_bufs[k], 0);
        buf_puts(&put_bufs[k], SQL_DAYS_PUT_HEAD);
        db_sql_values(&put_bufs[k], 1, k, 5);
        buf_puts(&put_bufs[k], SQL_DAYS_PUT_TAIL);
        put_stmts[k] = buf_cstr(&put_bufs[k]);
    }
}

static int day_cmp(const void *x, const void *y)
{
    const day_sum *a = x, *b = y;
    int r = strcmp(a->posted_on, b->posted_on);
    if (!r)
        r = strcmp(a->channel, b->channel);
    return r ? r : strcmp(a->cycle, b->cycle);
}

/* Sort p's sums by key and add up those of one key. */
static void days_merge(days_pending *p)
{
    if (p->n > 1)
        qsort(p->v, p->n, sizeof *p->v, day_cmp);
    size_t w = 0;
    for (size_t r = 0; r < p->n; r++) {
        if (w > 0 && day_cmp(&p->v[w - 1], &p->v[r]) == 0) {
            p->v[w - 1].allocations += p->v[r].allocations;
            p->v[w - 1].amount += p->v[r].amount;
        } else {
            p->v[w++] = p->v[r];
        }
    }
    p->n = p->merged = w;
}

static void days_free(days_pending *p)
{
    if (p) {
        free(p->v);
        free(p);
    }
}

/* Upsert p's sums, in the order of their keys. */
static int days_write(db_conn *c, days_pending *p, err_t *e)
{
    pthread_once(&days_once, build_days);
    days_merge(p);
    int rc = 0;
    for (size_t i = 0; !rc && i < p->n; i += DAYS_PUT_BATCH) {
        size_t k = p->n - i < DAYS_PUT_BATCH ? p->n - i : DAYS_PUT_BATCH;
        db_stmt *s = db_prepare(c, put_stmts[k], e);
        if (!s)
            return ERR_DB;
        for (size_t r = 0; r < k; r++) {
            const day_sum *d = &p->v[i + r];
            int o = (int)r * 5;
            db_bind_text(s, o + 1, d->posted_on);
            db_bind_text(s, o + 2, d->channel);
            db_bind_text(s, o + 3, d->cycle);
            db_bind_i64(s, o + 4, d->allocations);
            db_bind_i64(s, o + 5, d->amount);
        }
        rc = db_exec(s, e);
    }
    return rc;
}

/* The transaction's end (db_tx_state): its sums written before COMMIT. */
static int days_end(db_conn *c, void *state, bool commit, err_t *e)
{
    days_pending *p = state;
    int rc = commit && p ? days_write(c, p, e) : 0;
    days_free(p);
    return rc;
}

static void read_day(db_stmt *s, void *row)
{
    day_sum *d = row;
    str_copy(d->posted_on, sizeof d->posted_on, db_col_text(s, 0));
    str_copy(d->channel, sizeof d->channel, db_col_text(s, 1));
    str_copy(d->cycle, sizeof d->cycle, db_col_text(s, 2));
    d->allocations = db_col_i64(s, 3);
    d->amount = db_col_i64(s, 4);
}

/* Adds the sums of rows[0..n) (n a chunk's size: db_chunk) to those the
 * transaction writes at its end (at once outside a transaction). */
static int days_add(db_conn *c, const alloc_row *rows, size_t n, err_t *e)
{
    if (n == 0)
        return 0;
    day_sum *got = NULL;
    size_t ngot = 0;
    int rc = 0;
    bool known = true;
    for (size_t r = 0; known && r < n; r++)
        known = rows[r].channel[0] && rows[r].cycle[0];
    if (known) {   /* the caller gave each row's channel and cycle: one sum a row, merged below */
        if (!(got = calloc(n, sizeof *got)))
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        for (size_t r = 0; r < n; r++, ngot++) {
            day_sum *d = &got[r];
            str_copy(d->posted_on, sizeof d->posted_on, rows[r].posted_on);
            str_copy(d->channel, sizeof d->channel, strcmp(rows[r].kind, "setoff") == 0 ? "setoff" : rows[r].channel);
            str_copy(d->cycle, sizeof d->cycle, rows[r].cycle);
            d->allocations = 1;
            d->amount = rows[r].amount;
        }
    } else {
        pthread_once(&days_once, build_days);
        db_stmt *s = db_prepare(c, days_stmts[db_chunk_slot(n)], e);
        if (!s)
            return ERR_DB;
        for (size_t r = 0; r < n; r++)
            bind_alloc(s, (int)r * ALLOC_NCOLS, &rows[r]);
        if ((rc = db_collect(s, read_day, sizeof *got, (void **)&got, &ngot, e)))
            return rc;
    }
    void **slot = db_tx_state(c, days_end);
    days_pending now = {0}, *p = slot ? *slot : &now;
    if (!p) {
        p = calloc(1, sizeof *p);
        if (!p) {
            free(got);
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        }
        *slot = p;
    }
    for (size_t i = 0; !rc && i < ngot; i++) {
        day_sum *d = vec_slot((void **)&p->v, &p->n, &p->cap, sizeof *d);
        if (!d)
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        else
            *d = got[i];
    }
    free(got);
    if (!rc && p->n > 2 * p->merged + 256)
        days_merge(p);   /* a long import: its sums kept to a few per key */
    if (!rc && p == &now)
        rc = days_write(c, p, e);
    if (p == &now)
        free(now.v);
    return rc;
}

static const char SQL_DAYS_CLEAR[] = "DELETE FROM allocation_days";
static const char SQL_DAYS_FILL[] =
    "INSERT INTO allocation_days (posted_on, channel, cycle, allocations, amount)"
    " SELECT a.posted_on, CASE WHEN a.kind = 'setoff' THEN 'setoff' ELSE p.channel END, b.cycle, COUNT(*),"
    " SUM(a.amount) FROM allocations a JOIN payments p ON p.id = a.payment_id JOIN bills b ON b.id = a.bill_id"
    " GROUP BY a.posted_on, CASE WHEN a.kind = 'setoff' THEN 'setoff' ELSE p.channel END, b.cycle";

int alloc_store_days_rebuild(db_conn *c, err_t *e)
{
    /* sums this transaction gathered are counted by the rebuild itself */
    void **slot = db_tx_state(c, days_end);
    if (slot) {
        days_free(*slot);
        *slot = NULL;
    }
    db_stmt *s = db_prepare(c, SQL_DAYS_CLEAR, e);
    if (!s || db_exec(s, e))
        return ERR_DB;
    s = db_prepare(c, SQL_DAYS_FILL, e);
    return s ? db_exec(s, e) : ERR_DB;
}

static int insert_one(db_conn *c, const alloc_row *a, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_ALLOC_INSERT, e);
    if (!s)
        return ERR_DB;
    bind_alloc(s, 0, a);
    return db_exec(s, e);
}

int alloc_store_insert(db_conn *c, const alloc_row *a, err_t *e)
{
    int rc = insert_one(c, a, e);
    return rc ? rc : days_add(c, a, 1, e);
}

static void read_alloc(db_stmt *s, void *row)
{
    alloc_row *a = row;
    a->id = db_col_i64(s, 0);
    a->payment_id = db_col_i64(s, 1);
    a->bill_id = db_col_i64(s, 2);
    a->amount = db_col_i64(s, 3);
    a->water_yen = db_col_i64(s, 4);
    a->sewer_yen = db_col_i64(s, 5);
    a->tax_yen = db_col_i64(s, 6);
    str_copy(a->kind, sizeof a->kind, db_col_text(s, 7));
    str_copy(a->posted_on, sizeof a->posted_on, db_col_text(s, 8));
    str_copy(a->created_by, sizeof a->created_by, db_col_text(s, 9));
    a->created_at = db_col_i64(s, 10);
}

int alloc_store_list_payment(db_conn *c, int64_t payment_id, alloc_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_ALLOC_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, payment_id);
    return db_collect(s, read_alloc, sizeof **rows, (void **)rows, n, e);
}

typedef struct sums4 { int64_t *v[4]; } sums4;
static void read_sums4(db_stmt *s, void *row)
{
    sums4 *o = row;
    for (int i = 0; i < 4; i++)
        *o->v[i] = db_col_i64(s, i);
}

int alloc_store_sums_bill(db_conn *c, int64_t bill_id, int64_t *amount, int64_t *water, int64_t *sewer,
                          int64_t *tax, err_t *e)
{
    *amount = *water = *sewer = *tax = 0;
    db_stmt *s = db_prepare(c, SQL_ALLOC_SUMS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, bill_id);
    sums4 o = {{amount, water, sewer, tax}};
    int rc = db_one(s, read_sums4, &o, e);
    return rc == ERR_NOTFOUND ? 0 : rc;
}

/* ---- many rows at once (imports): chunks of up to DB_CHUNK_MAX rows ---- */

static buf_t many_bufs[DB_CHUNK_SIZES];
static const char *many_sql[DB_CHUNK_SIZES];
static pthread_once_t many_once = PTHREAD_ONCE_INIT;

static void build_many(void)
{
    db_sql_chunks(many_bufs, many_sql,
                  "INSERT INTO allocations (payment_id, bill_id, kind, amount, water_yen, sewer_yen, tax_yen,"
                  " posted_on, created_by, created_at) VALUES ",
                  ALLOC_NCOLS, "");
}

int alloc_store_insert_many(db_conn *c, const alloc_row *rows, size_t n, err_t *e)
{
    pthread_once(&many_once, build_many);
    int rc = 0;
    for (size_t i = 0, k; !rc && i < n; i += k) {
        k = db_chunk(n - i);
        db_stmt *s = db_prepare(c, many_sql[db_chunk_slot(k)], e);
        if (!s)
            return ERR_DB;
        for (size_t r = 0; r < k; r++)
            bind_alloc(s, (int)r * ALLOC_NCOLS, &rows[i + r]);
        rc = db_exec(s, e);
        if (!rc)
            rc = days_add(c, &rows[i], k, e);
    }
    return rc;
}
