/* payment_store — see payment_store.h. */
#include "store/collect/payment_store.h"

#include <pthread.h>
#include <string.h>

#include "base/buf.h"
#include "store/collect/payment_rows.h"

/* ---- payments ------------------------------------------------------------ */

#define PAY_FROM " FROM payments p LEFT JOIN taps t ON t.id = p.tap_id LEFT JOIN bills b ON b.id = p.bill_id"

static const char SQL_PAY_INSERT[] =
    "INSERT INTO payments (channel, status, tap_id, customer_id, bill_id, amount, paid_on, posted_on, ref, file_id,"
    " line, reverses, receipt_no, note, created_by, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
    " ON CONFLICT (channel, ref) DO NOTHING RETURNING id";
static const char SQL_PAY_GET[] =
    "SELECT " PAY_COLS ","
    " COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.payment_id = p.id AND a.kind <> 'setoff'), 0),"
    " COALESCE((SELECT SUM(c.amount) FROM credits c WHERE c.payment_id = p.id AND c.kind IN ('over', 'reversal')), 0)"
    PAY_FROM " WHERE p.id = $1";
static const char SQL_PAY_REF[] = "SELECT " PAY_COLS ", 0, 0" PAY_FROM " WHERE p.channel = $1 AND p.ref = $2";
static const char SQL_PAY_EXISTS[] = "SELECT id FROM payments WHERE channel = $1 AND ref = $2";
static const char SQL_PAY_POSTED[] =
    "UPDATE payments SET status = 'posted', tap_id = $2, customer_id = $3, bill_id = $4 WHERE id = $1";
static const char SQL_PAY_REVERSED[] = "UPDATE payments SET reversed_by = $2 WHERE id = $1 AND reversed_by IS NULL";
static const char SQL_PAY_LIST_TAP[] =
    "SELECT " PAY_COLS ","
    " COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.payment_id = p.id AND a.kind <> 'setoff'), 0),"
    " COALESCE((SELECT SUM(c.amount) FROM credits c WHERE c.payment_id = p.id AND c.kind IN ('over', 'reversal')), 0)"
    PAY_FROM " WHERE p.tap_id = $1 ORDER BY p.paid_on DESC, p.id DESC LIMIT $2";
static const char SQL_PAY_LIST_DAY[] =
    "SELECT " PAY_COLS ","
    " COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.payment_id = p.id AND a.kind <> 'setoff'), 0),"
    " COALESCE((SELECT SUM(c.amount) FROM credits c WHERE c.payment_id = p.id AND c.kind IN ('over', 'reversal')), 0)"
    PAY_FROM " WHERE p.posted_on = $1 ORDER BY p.id";

/* The payment columns (PAY_COLS) from column i on; returns the next column. */
int payment_row_read_at(db_stmt *s, int i, payment_row *p)
{
    p->id = db_col_i64(s, i++);
    p->tap_id = db_col_i64(s, i++);
    p->customer_id = db_col_i64(s, i++);
    p->bill_id = db_col_i64(s, i++);
    p->amount = db_col_i64(s, i++);
    p->file_id = db_col_i64(s, i++);
    p->line = db_col_i64(s, i++);
    p->reverses = db_col_i64(s, i++);
    p->reversed_by = db_col_i64(s, i++);
    str_copy(p->channel, sizeof p->channel, db_col_text(s, i++));
    str_copy(p->status, sizeof p->status, db_col_text(s, i++));
    str_copy(p->paid_on, sizeof p->paid_on, db_col_text(s, i++));
    str_copy(p->posted_on, sizeof p->posted_on, db_col_text(s, i++));
    str_copy(p->ref, sizeof p->ref, db_col_text(s, i++));
    str_copy(p->receipt_no, sizeof p->receipt_no, db_col_text(s, i++));
    str_copy(p->note, sizeof p->note, db_col_text(s, i++));
    str_copy(p->created_by, sizeof p->created_by, db_col_text(s, i++));
    p->created_at = db_col_i64(s, i++);
    str_copy(p->tap_no, sizeof p->tap_no, db_col_text(s, i++));
    str_copy(p->bill_cycle, sizeof p->bill_cycle, db_col_text(s, i++));
    return i;
}

static void read_payment(db_stmt *s, void *row)
{
    payment_row *p = row;
    int i = payment_row_read_at(s, 0, p);
    p->allocated = db_col_i64(s, i++);
    p->credited = db_col_i64(s, i);
}

/* Bind one payment's 16 values at parameters o+1 .. o+16. */
static void bind_payment(db_stmt *s, int o, const payment_row *p)
{
    db_bind_text_kept(s, o + 1, p->channel);
    db_bind_text_kept(s, o + 2, p->status);
    db_bind_id_or_null(s, o + 3, p->tap_id);
    db_bind_id_or_null(s, o + 4, p->customer_id);
    db_bind_id_or_null(s, o + 5, p->bill_id);
    db_bind_i64(s, o + 6, p->amount);
    db_bind_text_kept(s, o + 7, p->paid_on);
    db_bind_text_kept(s, o + 8, p->posted_on);
    db_bind_text_kept(s, o + 9, p->ref);
    db_bind_id_or_null(s, o + 10, p->file_id);
    db_bind_i64(s, o + 11, p->line);
    db_bind_id_or_null(s, o + 12, p->reverses);
    db_bind_text_kept(s, o + 13, p->receipt_no);
    db_bind_text_kept(s, o + 14, p->note);
    db_bind_text_kept(s, o + 15, p->created_by);
    db_bind_i64(s, o + 16, p->created_at);
}

int payment_store_insert(db_conn *c, const payment_row *p, int64_t *id, err_t *e)
{
    *id = 0;
    db_stmt *s = db_prepare(c, SQL_PAY_INSERT, e);
    if (!s)
        return ERR_DB;
    bind_payment(s, 0, p);
    return db_insert_id(s, id, e);
}

/* ---- many rows at once (imports): chunks of up to DB_CHUNK_MAX rows ---- */

#define PAY_NCOLS 16
/* the statement for 1 << slot rows, built once; they live as long as the
 * process (the connections' statement caches key them by address) */
static buf_t many_bufs[DB_CHUNK_SIZES];
static const char *many_sql[DB_CHUNK_SIZES];
static pthread_once_t many_once = PTHREAD_ONCE_INIT;

static void build_many(void)
{
    db_sql_chunks(many_bufs, many_sql,
                  "INSERT INTO payments (channel, status, tap_id, customer_id, bill_id, amount, paid_on, posted_on, ref,"
                  " file_id, line, reverses, receipt_no, note, created_by, created_at) VALUES ",
                  PAY_NCOLS, " ON CONFLICT (channel, ref) DO NOTHING RETURNING id, channel, ref");
}

/* Rows come back in no particular order (in practice in the order of the
 * VALUES, which is looked at first): each is matched to its row by channel
 * and ref (the rows may be of several channels). */
static int take_ids(db_stmt *s, payment_row *rows, size_t k, err_t *e)
{
    int st;
    size_t next = 0;
    while ((st = db_step(s, e)) == DB_ROW) {
        const char *channel = db_col_text(s, 1), *ref = db_col_text(s, 2);
        for (size_t t = 0; t < k; t++) {
            size_t r = (next + t) % k;
            if (rows[r].id == 0 && strcmp(rows[r].ref, ref) == 0 && strcmp(rows[r].channel, channel) == 0) {
                rows[r].id = db_col_i64(s, 0);
                next = r + 1;
                break;
            }
        }
    }
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}

int payment_store_insert_many(db_conn *c, payment_row *rows, size_t n, err_t *e)
{
    pthread_once(&many_once, build_many);
    for (size_t i = 0; i < n; i++)
        rows[i].id = 0;
    int rc = 0;
    for (size_t i = 0, k; !rc && i < n; i += k) {
        k = db_chunk(n - i);
        db_stmt *s = db_prepare(c, many_sql[db_chunk_slot(k)], e);
        if (!s)
            return ERR_DB;
        for (size_t r = 0; r < k; r++)
            bind_payment(s, (int)r * PAY_NCOLS, &rows[i + r]);
        rc = take_ids(s, rows + i, k, e);
    }
    return rc;
}

int payment_store_get(db_conn *c, int64_t id, payment_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_PAY_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    int rc = db_one(s, read_payment, out, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "入金が見つかりません。", "payment %lld not found", (long long)id);
    return rc;
}

int payment_store_find_ref(db_conn *c, const char *channel, const char *ref, payment_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_PAY_REF, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, channel);
    db_bind_text(s, 2, ref);
    return db_one(s, read_payment, out, e);
}

int payment_store_exists(db_conn *c, const char *channel, const char *ref, int64_t *id, err_t *e)
{
    *id = 0;
    db_stmt *s = db_prepare(c, SQL_PAY_EXISTS, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, channel);
    db_bind_text(s, 2, ref);
    return db_scalar_i64(s, id, e);
}

int payment_store_set_posted(db_conn *c, int64_t id, int64_t tap_id, int64_t customer_id, int64_t bill_id,
                             err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_PAY_POSTED, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_id_or_null(s, 2, tap_id);
    db_bind_id_or_null(s, 3, customer_id);
    db_bind_id_or_null(s, 4, bill_id);
    return db_exec(s, e);
}

int payment_store_set_reversed(db_conn *c, int64_t id, int64_t reversal_id, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_PAY_REVERSED, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, reversal_id);
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, NULL, "この入金は既に取り消されています。", "payment %lld reversed",
                       (long long)id);
    return rc;
}

int payment_store_list_tap(db_conn *c, int64_t tap_id, size_t limit, payment_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_PAY_LIST_TAP, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_i64(s, 2, (int64_t)limit);
    return db_collect(s, read_payment, sizeof **rows, (void **)rows, n, e);
}

int payment_store_list_day(db_conn *c, const char *posted_on, payment_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_PAY_LIST_DAY, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, posted_on);
    return db_collect(s, read_payment, sizeof **rows, (void **)rows, n, e);
}

/* ---- the account of a tap ------------------------------------------------ */

static const char SQL_ACCOUNT[] =
    "SELECT COALESCE(SUM(b.total_yen), 0), COALESCE(SUM(x.paid_yen), 0),"
    " COALESCE(SUM(CASE WHEN b.due_on < $2 AND b.total_yen > COALESCE(x.paid_yen, 0)"
    "  THEN b.total_yen - COALESCE(x.paid_yen, 0) ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN b.total_yen > COALESCE(x.paid_yen, 0) THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(x.pending_yen), 0),"
    " COALESCE(SUM(CASE WHEN b.due_on < $2 AND b.total_yen > COALESCE(x.paid_yen, 0) THEN 1 ELSE 0 END), 0)"
    " FROM bills b LEFT JOIN bill_balances x ON x.bill_id = b.id WHERE b.tap_id = $1 AND b.status = 'current'"
    " AND NOT EXISTS (SELECT 1 FROM bill_writeoffs w WHERE w.bill_id = b.id)";   /* 不納欠損: out of the account */

static void read_account(db_stmt *s, void *row)
{
    account_sums *a = row;
    a->billed = db_col_i64(s, 0);
    a->paid = db_col_i64(s, 1);
    a->overdue = db_col_i64(s, 2);
    a->open_bills = db_col_i64(s, 3);
    a->pending = db_col_i64(s, 4);
    a->overdue_bills = db_col_i64(s, 5);
}

int account_store_sums(db_conn *c, int64_t tap_id, const char *today, account_sums *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_ACCOUNT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_text(s, 2, today);
    int rc = db_one(s, read_account, out, e);
    return rc == ERR_NOTFOUND ? 0 : rc;
}
