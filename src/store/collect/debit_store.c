/* debit_store — direct-debit batches, items and candidates (see debit_store.h). */
#include "store/collect/debit_store.h"

#include <pthread.h>
#include <string.h>

#include "base/buf.h"

#define LINE_JOIN                                                                                          \
    " LEFT JOIN banks k ON k.code = m.bank LEFT JOIN bank_branches r ON r.bank_code = m.bank AND r.code = m.branch"

/* The columns of a candidate: its bill (id), tap and what is left to debit
 * (owed, the total less what is paid, less what is pending). */
#define CAND_COLS(id, tap, owed)                                                                           \
    "SELECT " id ", " tap ", " owed " - COALESCE(x.pending_yen, 0), m.id,"                                 \
    " m.account_type, m.first_done, m.bank, m.branch, m.account_enc, m.holder_enc, COALESCE(k.kana, ''),"   \
    " COALESCE(r.kana, ''), COALESCE(x.collect, '')"
/* the mandate in force on the debit day ($1) of bill t's tap and customer */
#define CAND_MANDATE(t)                                                                                    \
    " JOIN mandates m ON m.tap_id = " t ".tap_id AND m.customer_id = " t ".customer_id AND m.start_on <= $1" \
    "  AND (m.end_on IS NULL OR m.end_on >= $1)"
#define CAND_BALANCE(id) " LEFT JOIN bill_balances x ON x.bill_id = " id
#define CAND_WHERE(id, owed)                                                                               \
    " WHERE " owed " - COALESCE(x.pending_yen, 0) > 0"                                                      \
    " AND COALESCE(x.collect, '') <> 'slip' AND ($2 = 0 OR x.collect = 'retry')"                            \
    " AND NOT EXISTS (SELECT 1 FROM debit_items i JOIN debit_batches d ON d.id = i.batch_id"                \
    "  WHERE i.bill_id = " id " AND d.status = 'sent')"
/* SQLite: the open bills due by the day in their list's order (bill_open's
 * key), each matched to its mandate; what is owed, the tap and the customer
 * from the list itself (bill_store's open_sync keeps them), so that no bill
 * is read: a cycle's open bills were read one by one for them (some
 * 1,000,000 rows at 2,000,000 taps, from a file larger than the page cache;
 * at 120,000 taps 0.88-1.04 s of CPU for the request, 0.79-0.82 s without,
 * the bank's file the same byte for byte). */
static const char SQL_CANDIDATES[] =
    CAND_COLS("o.bill_id", "o.tap_id", "o.owed_yen") " FROM bill_open o" CAND_BALANCE("o.bill_id")
    CAND_MANDATE("o") LINE_JOIN CAND_WHERE("o.bill_id", "o.owed_yen") " AND o.due_on <= $1"
    " ORDER BY o.bill_id";   /* o's order: SQLite then walks bill_open, not every bill */
/* PostgreSQL: from bill_open alone (its rows carry the tap, the customer and
 * what is owed, kept by bill_store's open_sync), the open bills due by the
 * day matched to their mandates (two narrow lists, one hash), then the
 * matched mandates and balances read by key; no bill is read.  Left to
 * itself it estimated the bills that have a mandate (tap and customer: two
 * columns of two tables) at a handful, hashed every bill of every year with
 * the mandates and looked each of those up in bill_open (5,000 taps: 19,551
 * look-ups for 1,752 records); reading the open bills' taps from bills still
 * read every bill (848,084 at 120,000 taps: 2.1 s of the request), and
 * reading each matched bill by its key 43,878 random pages. */
static const char SQL_CANDIDATES_PG[] =
    "WITH o AS MATERIALIZED (SELECT o.bill_id, o.tap_id, o.owed_yen, m.id AS mandate_id FROM bill_open o"
    CAND_MANDATE("o") " WHERE o.due_on <= $1) " CAND_COLS("o.bill_id", "o.tap_id", "o.owed_yen")
    " FROM o JOIN mandates m ON m.id = o.mandate_id" CAND_BALANCE("o.bill_id") LINE_JOIN
    CAND_WHERE("o.bill_id", "o.owed_yen") " ORDER BY o.bill_id";
static const char SQL_BATCH_LINES[] =
    "SELECT b.id, b.tap_id, i.amount, m.id, m.account_type, m.first_done,"
    " m.bank, m.branch, m.account_enc, m.holder_enc, COALESCE(k.kana, ''), COALESCE(r.kana, ''),"
    " COALESCE(x.collect, '')"
    " FROM debit_items i JOIN bills b ON b.id = i.bill_id LEFT JOIN bill_balances x ON x.bill_id = b.id"
    " JOIN mandates m ON m.id = i.mandate_id" LINE_JOIN
    " WHERE i.batch_id = $1 ORDER BY b.id";

#define BATCH_COLS                                                                                         \
    "id, attempt, records, amount, COALESCE(result_file_id, 0), created_at, debit_on, sha256, status, created_by"
static const char SQL_BATCH_INSERT[] =
    "INSERT INTO debit_batches (debit_on, attempt, sha256, records, amount, status, created_by, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
static const char SQL_BATCH_FILE[] = "UPDATE debit_batches SET sha256 = $2, records = $3, amount = $4 WHERE id = $1";
static const char SQL_BATCH_DONE[] =
    "UPDATE debit_batches SET status = 'done', result_file_id = $2 WHERE id = $1 AND status = 'sent'";
static const char SQL_BATCH_GET[] = "SELECT " BATCH_COLS " FROM debit_batches WHERE id = $1";
static const char SQL_BATCH_SENT[] =
    "SELECT " BATCH_COLS " FROM debit_batches WHERE debit_on = $1 AND attempt = $2 AND status = 'sent'"
    " ORDER BY id DESC LIMIT 1";
static const char SQL_BATCH_LIST[] = "SELECT " BATCH_COLS " FROM debit_batches ORDER BY id DESC LIMIT $1";

#define ITEM_COLS                                                                                          \
    "i.batch_id, i.bill_id, i.mandate_id, i.amount, COALESCE(i.payment_id, 0), i.customer_ref, i.result,"  \
    " i.result_text, COALESCE(x.collect, '')"
/* an item with how its bill is collected now */
#define ITEM_FROM " FROM debit_items i LEFT JOIN bill_balances x ON x.bill_id = i.bill_id"
static const char SQL_ITEM_GET[] = "SELECT " ITEM_COLS ITEM_FROM
                                   " WHERE i.batch_id = $1 AND i.bill_id = $2";
static const char SQL_ITEMS_BILL[] = "SELECT " ITEM_COLS ITEM_FROM
                                     " WHERE i.bill_id = $1 ORDER BY i.batch_id DESC LIMIT 50";
/* collect by a look-up per item: PostgreSQL otherwise hashed every balance
 * row of every year to join the batch's few */
static const char SQL_ITEMS_OF_BATCH[] =
    "SELECT i.batch_id, i.bill_id, i.mandate_id, i.amount, COALESCE(i.payment_id, 0), i.customer_ref, i.result,"
    " i.result_text, COALESCE((SELECT x.collect FROM bill_balances x WHERE x.bill_id = i.bill_id), '')"
    " FROM debit_items i WHERE i.batch_id = $1 ORDER BY i.bill_id";
static const char SQL_ITEMS_BATCH[] =
    "SELECT " ITEM_COLS ", t.tap_no" ITEM_FROM " JOIN bills b ON b.id = i.bill_id JOIN taps t ON t.id = b.tap_id"
    " WHERE i.batch_id = $1 ORDER BY i.bill_id";
static const char SQL_FIRST_DONE[] =
    "UPDATE mandates SET first_done = 1 WHERE first_done = 0 AND id IN"
    " (SELECT mandate_id FROM debit_items WHERE batch_id = $1 AND result IN ('0', '1'))";

static void read_line(db_stmt *s, void *row)
{
    debit_line *l = row;
    int i = 0;
    l->bill_id = db_col_i64(s, i++);
    l->tap_id = db_col_i64(s, i++);
    l->amount = db_col_i64(s, i++);
    l->mandate_id = db_col_i64(s, i++);
    l->account_type = db_col_i64(s, i++);
    l->first_done = db_col_i64(s, i++);
    str_copy(l->bank, sizeof l->bank, db_col_text(s, i++));
    str_copy(l->branch, sizeof l->branch, db_col_text(s, i++));
    str_copy(l->account_enc, sizeof l->account_enc, db_col_text(s, i++));
    str_copy(l->holder_enc, sizeof l->holder_enc, db_col_text(s, i++));
    str_copy(l->bank_kana, sizeof l->bank_kana, db_col_text(s, i++));
    str_copy(l->branch_kana, sizeof l->branch_kana, db_col_text(s, i++));
    str_copy(l->collect, sizeof l->collect, db_col_text(s, i++));
}

int debit_store_candidates(db_conn *c, const char *debit_on, bool retry_only, debit_line **rows, size_t *n,
                           err_t *e)
{
    db_stmt *s = db_prepare(c, db_kind(c) == DB_PG ? SQL_CANDIDATES_PG : SQL_CANDIDATES, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, debit_on);
    db_bind_i64(s, 2, retry_only ? 1 : 0);
    return db_collect(s, read_line, sizeof(debit_line), (void **)rows, n, e);
}

int debit_store_batch_lines(db_conn *c, int64_t batch_id, debit_line **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_BATCH_LINES, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, batch_id);
    return db_collect(s, read_line, sizeof(debit_line), (void **)rows, n, e);
}

static void read_batch(db_stmt *s, void *row)
{
    debit_batch *b = row;
    int i = 0;
    b->id = db_col_i64(s, i++);
    b->attempt = db_col_i64(s, i++);
    b->records = db_col_i64(s, i++);
    b->amount = db_col_i64(s, i++);
    b->result_file_id = db_col_i64(s, i++);
    b->created_at = db_col_i64(s, i++);
    str_copy(b->debit_on, sizeof b->debit_on, db_col_text(s, i++));
    str_copy(b->sha256, sizeof b->sha256, db_col_text(s, i++));
    str_copy(b->status, sizeof b->status, db_col_text(s, i++));
    str_copy(b->created_by, sizeof b->created_by, db_col_text(s, i++));
}

int debit_store_batch_insert(db_conn *c, const debit_batch *b, int64_t *id, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_BATCH_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, b->debit_on);
    db_bind_i64(s, 2, b->attempt);
    db_bind_text(s, 3, b->sha256);
    db_bind_i64(s, 4, b->records);
    db_bind_i64(s, 5, b->amount);
    db_bind_text(s, 6, b->status);
    db_bind_text(s, 7, b->created_by);
    db_bind_i64(s, 8, b->created_at);
    return db_insert_id(s, id, e);
}

int debit_store_batch_set_file(db_conn *c, int64_t id, const char *sha256, int64_t records, int64_t amount,
                               err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_BATCH_FILE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, sha256);
    db_bind_i64(s, 3, records);
    db_bind_i64(s, 4, amount);
    return db_exec(s, e);
}

int debit_store_batch_done(db_conn *c, int64_t id, int64_t result_file_id, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_BATCH_DONE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, result_file_id);
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, NULL, "この口座振替の結果は取込済みです。", "debit batch %lld not sent",
                       (long long)id);
    return rc;
}

int debit_store_batch_get(db_conn *c, int64_t id, debit_batch *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_BATCH_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    return db_one(s, read_batch, out, e);
}

int debit_store_batch_sent(db_conn *c, const char *debit_on, int64_t attempt, debit_batch *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_BATCH_SENT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, debit_on);
    db_bind_i64(s, 2, attempt);
    return db_one(s, read_batch, out, e);
}

int debit_store_batch_list(db_conn *c, size_t limit, debit_batch **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_BATCH_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, (int64_t)limit);
    return db_collect(s, read_batch, sizeof(debit_batch), (void **)rows, n, e);
}

static void read_item(db_stmt *s, void *row)
{
    debit_item *it = row;
    int i = 0;
    it->batch_id = db_col_i64(s, i++);
    it->bill_id = db_col_i64(s, i++);
    it->mandate_id = db_col_i64(s, i++);
    it->amount = db_col_i64(s, i++);
    it->payment_id = db_col_i64(s, i++);
    str_copy(it->customer_ref, sizeof it->customer_ref, db_col_text(s, i++));
    str_copy(it->result, sizeof it->result, db_col_text(s, i++));
    str_copy(it->result_text, sizeof it->result_text, db_col_text(s, i++));
    str_copy(it->collect, sizeof it->collect, db_col_text(s, i++));
}

/* SQLite: the items a chunk a statement (db_chunk); the statement for
 * 1 << slot items, built once (kept as long as the process: the statement
 * caches key them by address). */
#define ITEM_NCOLS 5
static buf_t items_insert_bufs[DB_CHUNK_SIZES];
static const char *items_insert_sql[DB_CHUNK_SIZES];
static pthread_once_t items_insert_once = PTHREAD_ONCE_INIT;

static void build_items_insert(void)
{
    db_sql_chunks(items_insert_bufs, items_insert_sql,
                  "INSERT INTO debit_items (batch_id, bill_id, mandate_id, amount, customer_ref) VALUES ", ITEM_NCOLS,
                  "");
}

/* PostgreSQL: the items by COPY (a multi-row INSERT of 64 items was 320
 * parameters parsed and planned each time: 690 statements at 120,000 taps). */
static int items_copy(db_conn *c, const debit_item *items, size_t n, err_t *e)
{
    db_copy *cp = NULL;
    int rc = db_copy_begin(c, "debit_items", "batch_id, bill_id, mandate_id, amount, customer_ref", 5, &cp, e);
    for (size_t i = 0; !rc && i < n; i++) {
        const debit_item *it = &items[i];
        db_val v[5] = {{.i64 = it->batch_id, .is_int = true}, {.i64 = it->bill_id, .is_int = true},
                       {.i64 = it->mandate_id, .is_int = true}, {.i64 = it->amount, .is_int = true},
                       {.text = it->customer_ref}};
        rc = db_copy_values(cp, v, e);
    }
    rc = db_copy_finish(cp, rc, e);
    return rc ? rc : db_analyze(c, "debit_items", e);
}

int debit_store_items_insert(db_conn *c, const debit_item *items, size_t n, err_t *e)
{
    if (db_kind(c) == DB_PG && n > 1)
        return items_copy(c, items, n, e);
    pthread_once(&items_insert_once, build_items_insert);
    int rc = 0;
    for (size_t i = 0, k; !rc && i < n; i += k) {
        k = db_chunk(n - i);
        db_stmt *s = db_prepare(c, items_insert_sql[db_chunk_slot(k)], e);
        if (!s)
            return ERR_DB;
        for (size_t r = 0; r < k; r++) {
            const debit_item *it = &items[i + r];
            int p = ITEM_NCOLS * (int)r;
            db_bind_i64(s, p + 1, it->batch_id);
            db_bind_i64(s, p + 2, it->bill_id);
            db_bind_i64(s, p + 3, it->mandate_id);
            db_bind_i64(s, p + 4, it->amount);
            db_bind_text(s, p + 5, it->customer_ref);
        }
        rc = db_exec(s, e);
    }
    return rc ? rc : db_analyze(c, "debit_items", e);
}

int debit_store_item_get(db_conn *c, int64_t batch_id, int64_t bill_id, debit_item *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_ITEM_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, batch_id);
    db_bind_i64(s, 2, bill_id);
    return db_one(s, read_item, out, e);
}

/* Items that failed: (bill, result, text) triples, a chunk a statement. */
static buf_t failed_bufs[DB_CHUNK_SIZES];
static const char *failed_sql[DB_CHUNK_SIZES];
static pthread_once_t failed_once = PTHREAD_ONCE_INIT;

static void build_failed(void)
{
    for (int slot = 0; slot < DB_CHUNK_SIZES; slot++) {
        buf_t *b = &failed_bufs[slot];
        buf_init(b, 0);
        buf_puts(b, "UPDATE debit_items SET result = CAST(v.column2 AS TEXT), result_text = CAST(v.column3 AS TEXT),"
                    " payment_id = NULL FROM (VALUES ");
        db_sql_values(b, 2, 1 << slot, 3);
        buf_puts(b, ") AS v WHERE debit_items.batch_id = $1 AND debit_items.bill_id = CAST(v.column1 AS BIGINT)");
        failed_sql[slot] = buf_cstr(b);
    }
}

int debit_store_items_failed(db_conn *c, int64_t batch_id, const int64_t *bills, const char *const *results,
                             const char *const *texts, size_t n, err_t *e)
{
    pthread_once(&failed_once, build_failed);
    for (size_t i = 0, k; i < n; i += k) {
        k = db_chunk(n - i);
        db_stmt *s = db_prepare(c, failed_sql[db_chunk_slot(k)], e);
        if (!s)
            return ERR_DB;
        db_bind_i64(s, 1, batch_id);
        for (size_t r = 0; r < k; r++) {
            db_bind_i64(s, 3 * (int)r + 2, bills[i + r]);
            db_bind_text(s, 3 * (int)r + 3, results[i + r]);
            db_bind_text(s, 3 * (int)r + 4, texts[i + r]);
        }
        int rc = db_exec(s, e);
        if (rc)
            return rc;
        if (db_changes(s) != (int64_t)k)
            return err_set(e, ERR_CONFLICT, NULL, NULL, "debit items failed: %lld of %zu items in batch %lld",
                           (long long)db_changes(s), k, (long long)batch_id);
    }
    return 0;
}

int debit_store_items_bill(db_conn *c, int64_t bill_id, debit_item **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_ITEMS_BILL, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, bill_id);
    return db_collect(s, read_item, sizeof(debit_item), (void **)rows, n, e);
}

static void read_item_tap(db_stmt *s, void *row)
{
    debit_item_tap *r = row;
    read_item(s, &r->it);
    str_copy(r->tap_no, sizeof r->tap_no, db_col_text(s, 9));
}

int debit_store_items_batch(db_conn *c, int64_t batch_id, debit_item_tap **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_ITEMS_BATCH, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, batch_id);
    return db_collect(s, read_item_tap, sizeof(debit_item_tap), (void **)rows, n, e);
}

int debit_store_items_of_batch(db_conn *c, int64_t batch_id, debit_item **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_ITEMS_OF_BATCH, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, batch_id);
    return db_collect(s, read_item, sizeof(debit_item), (void **)rows, n, e);
}

int debit_store_mandates_first_done(db_conn *c, int64_t batch_id, err_t *e)
{
    /* The batch's results were just written: on PostgreSQL the statistics
     * still say no item has one, and the statement was planned as a look-up
     * of mandates per item (190 ms at 20,000 taps) instead of one hash of the
     * batch's items. */
    int rc = db_analyze(c, "debit_items", e);
    if (rc)
        return rc;
    db_stmt *s = db_prepare(c, SQL_FIRST_DONE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, batch_id);
    return db_exec(s, e);
}

/* Items that went through, ITEMS_DONE_BATCH (bill, payment) pairs per
 * statement. */
#define ITEMS_DONE_BATCH DB_CHUNK_MAX
static char SQL_ITEMS_DONE[ITEMS_DONE_BATCH * 16 + 256];
static pthread_once_t items_done_once = PTHREAD_ONCE_INIT;

static void build_items_done(void)
{
    buf_t b;
    buf_init(&b, 0);
    buf_puts(&b, "UPDATE debit_items SET result = '0', result_text = $2, payment_id = CAST(v.column2 AS BIGINT)"
                 " FROM (VALUES ");
    db_sql_values(&b, 3, ITEMS_DONE_BATCH, 2);
    buf_puts(&b, ") AS v WHERE debit_items.batch_id = $1 AND debit_items.bill_id = CAST(v.column1 AS BIGINT)"
                 " AND debit_items.result = ''");
    str_copy(SQL_ITEMS_DONE, sizeof SQL_ITEMS_DONE, buf_cstr(&b));
    buf_free(&b);
}

int debit_store_items_done(db_conn *c, int64_t batch_id, const char *text, const int64_t *bills,
                           const int64_t *payments, size_t n, err_t *e)
{
    pthread_once(&items_done_once, build_items_done);
    for (size_t i = 0; i < n; i += ITEMS_DONE_BATCH) {
        size_t k = n - i < ITEMS_DONE_BATCH ? n - i : ITEMS_DONE_BATCH;
        db_stmt *s = db_prepare(c, SQL_ITEMS_DONE, e);
        if (!s)
            return ERR_DB;
        db_bind_i64(s, 1, batch_id);
        db_bind_text(s, 2, text);
        /* a short last statement repeats its first pair (already done: result = '0') */
        for (size_t r = 0; r < ITEMS_DONE_BATCH; r++) {
            size_t at = i + (r < k ? r : 0);
            db_bind_i64(s, 2 * (int)r + 3, bills[at]);
            db_bind_i64(s, 2 * (int)r + 4, payments[at]);
        }
        int rc = db_exec(s, e);
        if (rc)
            return rc;
        if (db_changes(s) != (int64_t)k)
            return err_set(e, ERR_CONFLICT, NULL, NULL, "debit items done: %lld of %zu items in batch %lld",
                           (long long)db_changes(s), k, (long long)batch_id);
    }
    return 0;
}
