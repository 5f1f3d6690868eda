/* payment_store — payments, allocations, credit, suspense, flash reports,
 * result files and refund requests (see payment_store.h). */
#include "store/collect/payment_store.h"

#include <pthread.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"

/* ---- payments ------------------------------------------------------------ */

#define PAY_COLS                                                                                             \
    "p.id, COALESCE(p.tap_id, 0), COALESCE(p.customer_id, 0), COALESCE(p.bill_id, 0), p.amount,"             \
    " COALESCE(p.file_id, 0), p.line, COALESCE(p.reverses, 0), COALESCE(p.reversed_by, 0), p.channel,"      \
    " p.status, p.paid_on, p.posted_on, p.ref, p.receipt_no, p.note, p.created_by, p.created_at,"           \
    " COALESCE(t.tap_no, ''), COALESCE(b.cycle, '')"
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
static int read_payment_at(db_stmt *s, int i, payment_row *p)
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
    int i = read_payment_at(s, 0, p);
    p->allocated = db_col_i64(s, i++);
    p->credited = db_col_i64(s, i);
}

static void bind_id_or_null(db_stmt *s, int idx, int64_t id)
{
    if (id > 0)
        db_bind_i64(s, idx, id);
    else
        db_bind_null(s, idx);
}

/* Bind one payment's 16 values at parameters o+1 .. o+16. */
static void bind_payment(db_stmt *s, int o, const payment_row *p)
{
    db_bind_text(s, o + 1, p->channel);
    db_bind_text(s, o + 2, p->status);
    bind_id_or_null(s, o + 3, p->tap_id);
    bind_id_or_null(s, o + 4, p->customer_id);
    bind_id_or_null(s, o + 5, p->bill_id);
    db_bind_i64(s, o + 6, p->amount);
    db_bind_text(s, o + 7, p->paid_on);
    db_bind_text(s, o + 8, p->posted_on);
    db_bind_text(s, o + 9, p->ref);
    bind_id_or_null(s, o + 10, p->file_id);
    db_bind_i64(s, o + 11, p->line);
    bind_id_or_null(s, o + 12, p->reverses);
    db_bind_text(s, o + 13, p->receipt_no);
    db_bind_text(s, o + 14, p->note);
    db_bind_text(s, o + 15, p->created_by);
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

/* ---- many rows at once (imports): PAYMENT_STORE_BATCH rows per statement ---- */

#define PAY_NCOLS 16
#define ALLOC_NCOLS 10
static char SQL_PAY_INSERT_MANY[PAYMENT_STORE_BATCH * PAY_NCOLS * 8 + 512];
static char SQL_ALLOC_INSERT_MANY[PAYMENT_STORE_BATCH * ALLOC_NCOLS * 8 + 256];
static pthread_once_t many_once = PTHREAD_ONCE_INIT;

static void values(buf_t *b, int rows, int cols)
{
    for (int r = 0; r < rows; r++) {
        buf_puts(b, r ? ",(" : "(");
        for (int k = 1; k <= cols; k++)
            buf_printf(b, "%s$%d", k > 1 ? "," : "", r * cols + k);
        buf_putc(b, ')');
    }
}

static void build_many(void)
{
    buf_t b;
    buf_init(&b, 0);
    buf_puts(&b, "INSERT INTO payments (channel, status, tap_id, customer_id, bill_id, amount, paid_on, posted_on, ref,"
                 " file_id, line, reverses, receipt_no, note, created_by, created_at) VALUES ");
    values(&b, PAYMENT_STORE_BATCH, PAY_NCOLS);
    buf_puts(&b, " ON CONFLICT (channel, ref) DO NOTHING RETURNING id, ref");
    str_copy(SQL_PAY_INSERT_MANY, sizeof SQL_PAY_INSERT_MANY, buf_cstr(&b));
    buf_reset(&b);
    buf_puts(&b, "INSERT INTO allocations (payment_id, bill_id, kind, amount, water_yen, sewer_yen, tax_yen, posted_on,"
                 " created_by, created_at) VALUES ");
    values(&b, PAYMENT_STORE_BATCH, ALLOC_NCOLS);
    str_copy(SQL_ALLOC_INSERT_MANY, sizeof SQL_ALLOC_INSERT_MANY, buf_cstr(&b));
    buf_free(&b);
}

/* Rows come back in no particular order: each is matched to its row by ref. */
static int take_ids(db_stmt *s, payment_row *rows, size_t k, err_t *e)
{
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        const char *ref = db_col_text(s, 1);
        for (size_t r = 0; r < k; r++)
            if (rows[r].id == 0 && strcmp(rows[r].ref, ref) == 0) {
                rows[r].id = db_col_i64(s, 0);
                break;
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
    size_t i = 0;
    int rc = 0;
    for (; !rc && n - i >= PAYMENT_STORE_BATCH; i += PAYMENT_STORE_BATCH) {
        db_stmt *s = db_prepare(c, SQL_PAY_INSERT_MANY, e);
        if (!s)
            return ERR_DB;
        for (int r = 0; r < PAYMENT_STORE_BATCH; r++)
            bind_payment(s, r * PAY_NCOLS, &rows[i + (size_t)r]);
        rc = take_ids(s, rows + i, PAYMENT_STORE_BATCH, e);
    }
    for (; !rc && i < n; i++)
        rc = payment_store_insert(c, &rows[i], &rows[i].id, e);
    return rc;
}

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

int alloc_store_insert_many(db_conn *c, const alloc_row *rows, size_t n, err_t *e)
{
    pthread_once(&many_once, build_many);
    size_t i = 0;
    int rc = 0;
    for (; !rc && n - i >= PAYMENT_STORE_BATCH; i += PAYMENT_STORE_BATCH) {
        db_stmt *s = db_prepare(c, SQL_ALLOC_INSERT_MANY, e);
        if (!s)
            return ERR_DB;
        for (int r = 0; r < PAYMENT_STORE_BATCH; r++)
            bind_alloc(s, r * ALLOC_NCOLS, &rows[i + (size_t)r]);
        rc = db_exec(s, e);
    }
    for (; !rc && i < n; i++)
        rc = alloc_store_insert(c, &rows[i], e);
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
    bind_id_or_null(s, 2, tap_id);
    bind_id_or_null(s, 3, customer_id);
    bind_id_or_null(s, 4, bill_id);
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

/* ---- allocations --------------------------------------------------------- */

static void bind_alloc(db_stmt *s, int o, const alloc_row *a);

static const char SQL_ALLOC_INSERT[] =
    "INSERT INTO allocations (payment_id, bill_id, kind, amount, water_yen, sewer_yen, tax_yen, posted_on,"
    " created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
static const char SQL_ALLOC_LIST[] =
    "SELECT id, payment_id, bill_id, amount, water_yen, sewer_yen, tax_yen, kind, posted_on, created_by, created_at"
    " FROM allocations WHERE payment_id = $1 ORDER BY id";
static const char SQL_ALLOC_SUMS[] =
    "SELECT COALESCE(SUM(amount), 0), COALESCE(SUM(water_yen), 0), COALESCE(SUM(sewer_yen), 0),"
    " COALESCE(SUM(tax_yen), 0) FROM allocations WHERE bill_id = $1";

int alloc_store_insert(db_conn *c, const alloc_row *a, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_ALLOC_INSERT, e);
    if (!s)
        return ERR_DB;
    bind_alloc(s, 0, a);
    return db_exec(s, e);
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

/* ---- credit -------------------------------------------------------------- */

static const char SQL_CREDIT_INSERT[] =
    "INSERT INTO credits (customer_id, tap_id, payment_id, kind, amount, bill_id, approval_id, posted_on, note,"
    " created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
static const char SQL_CREDIT_BALANCE[] = "SELECT COALESCE(SUM(amount), 0) FROM credits WHERE tap_id = $1";
static const char SQL_CREDIT_SOURCES[] =
    "SELECT payment_id, MIN(customer_id), SUM(amount) FROM credits WHERE tap_id = $1"
    " GROUP BY payment_id HAVING SUM(amount) > 0 ORDER BY payment_id";
static const char SQL_CREDIT_PAYERS[] =
    "SELECT a.payment_id, COALESCE(p.customer_id, 0), SUM(a.amount) FROM allocations a"
    " JOIN payments p ON p.id = a.payment_id WHERE a.bill_id = $1 AND p.reversed_by IS NULL"
    " GROUP BY a.payment_id, p.customer_id HAVING SUM(a.amount) > 0 ORDER BY a.payment_id DESC";
static const char SQL_CREDIT_OF_PAYMENT[] =
    "SELECT COALESCE(SUM(amount), 0), COALESCE(SUM(CASE WHEN kind = 'refund' THEN 1 ELSE 0 END), 0)"
    " FROM credits WHERE payment_id = $1";

int credit_store_insert(db_conn *c, const credit_row *r, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_CREDIT_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->customer_id);
    db_bind_i64(s, 2, r->tap_id);
    db_bind_i64(s, 3, r->payment_id);
    db_bind_text(s, 4, r->kind);
    db_bind_i64(s, 5, r->amount);
    bind_id_or_null(s, 6, r->bill_id);
    bind_id_or_null(s, 7, r->approval_id);
    db_bind_text(s, 8, r->posted_on);
    db_bind_text(s, 9, r->note);
    db_bind_text(s, 10, r->created_by);
    db_bind_i64(s, 11, r->created_at);
    return db_exec(s, e);
}

int credit_store_balance(db_conn *c, int64_t tap_id, int64_t *balance, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_CREDIT_BALANCE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    return db_scalar_i64(s, balance, e);
}

static void read_source(db_stmt *s, void *row)
{
    credit_row *r = row;
    r->payment_id = db_col_i64(s, 0);
    r->customer_id = db_col_i64(s, 1);
    r->amount = db_col_i64(s, 2);
}

int credit_store_sources(db_conn *c, int64_t tap_id, credit_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_CREDIT_SOURCES, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    int rc = db_collect(s, read_source, sizeof **rows, (void **)rows, n, e);
    for (size_t i = 0; !rc && i < *n; i++)
        (*rows)[i].tap_id = tap_id;
    return rc;
}

int credit_store_payers_of_bill(db_conn *c, int64_t bill_id, credit_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_CREDIT_PAYERS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, bill_id);
    return db_collect(s, read_source, sizeof **rows, (void **)rows, n, e);
}

typedef struct two_i64 { int64_t *a, *b; } two_i64;
static void read_two(db_stmt *s, void *row)
{
    two_i64 *o = row;
    *o->a = db_col_i64(s, 0);
    *o->b = db_col_i64(s, 1);
}

int credit_store_of_payment(db_conn *c, int64_t payment_id, int64_t *net, int64_t *refunded, err_t *e)
{
    *net = *refunded = 0;
    db_stmt *s = db_prepare(c, SQL_CREDIT_OF_PAYMENT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, payment_id);
    two_i64 o = {net, refunded};
    int rc = db_one(s, read_two, &o, e);
    return rc == ERR_NOTFOUND ? 0 : rc;
}

/* ---- suspense ------------------------------------------------------------ */

static const char SQL_SUS_INSERT[] =
    "INSERT INTO suspense (payment_id, reason, detail, status) VALUES ($1, $2, $3, 'open') RETURNING id";
#define SUS_SELECT                                                                                           \
    "SELECT s.id, s.payment_id, COALESCE(s.resolved_bill, 0), COALESCE(s.resolved_at, 0), s.reason, s.detail," \
    " s.status, COALESCE(s.resolved_by, ''), s.note, " PAY_COLS ", 0, 0 FROM suspense s"                      \
    " JOIN payments p ON p.id = s.payment_id LEFT JOIN taps t ON t.id = p.tap_id LEFT JOIN bills b ON b.id = p.bill_id"
static const char SQL_SUS_GET[] = SUS_SELECT " WHERE s.id = $1";
static const char SQL_SUS_BY_PAYMENT[] = SUS_SELECT " WHERE s.payment_id = $1";
static const char SQL_SUS_LIST[] = SUS_SELECT " WHERE s.status = $1 ORDER BY s.id LIMIT 1000";
static const char SQL_SUS_CLOSE[] =
    "UPDATE suspense SET status = $2, resolved_bill = $3, resolved_by = $4, note = $5, resolved_at = $6"
    " WHERE id = $1 AND status = 'open'";

static void read_suspense(db_stmt *s, void *row)
{
    suspense_row *r = row;
    r->id = db_col_i64(s, 0);
    r->payment_id = db_col_i64(s, 1);
    r->resolved_bill = db_col_i64(s, 2);
    r->resolved_at = db_col_i64(s, 3);
    str_copy(r->reason, sizeof r->reason, db_col_text(s, 4));
    str_copy(r->detail, sizeof r->detail, db_col_text(s, 5));
    str_copy(r->status, sizeof r->status, db_col_text(s, 6));
    str_copy(r->resolved_by, sizeof r->resolved_by, db_col_text(s, 7));
    str_copy(r->note, sizeof r->note, db_col_text(s, 8));
    /* the payment's columns follow */
    read_payment_at(s, 9, &r->p);
}

int suspense_store_insert(db_conn *c, int64_t payment_id, const char *reason, const char *detail, int64_t *id,
                          err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SUS_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, payment_id);
    db_bind_text(s, 2, reason);
    db_bind_text(s, 3, detail);
    return db_insert_id(s, id, e);
}

static int suspense_one(db_conn *c, const char *sql, int64_t key, suspense_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, key);
    return db_one(s, read_suspense, out, e);
}

int suspense_store_get(db_conn *c, int64_t id, suspense_row *out, err_t *e)
{
    int rc = suspense_one(c, SQL_SUS_GET, id, out, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "未消込の入金が見つかりません。", "suspense %lld not found",
                       (long long)id);
    return rc;
}

int suspense_store_by_payment(db_conn *c, int64_t payment_id, suspense_row *out, err_t *e)
{
    return suspense_one(c, SQL_SUS_BY_PAYMENT, payment_id, out, e);
}

int suspense_store_list(db_conn *c, const char *status, suspense_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SUS_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, status);
    return db_collect(s, read_suspense, sizeof **rows, (void **)rows, n, e);
}

int suspense_store_close(db_conn *c, int64_t id, const char *status, int64_t bill_id, const char *by,
                         const char *note, int64_t at, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SUS_CLOSE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, status);
    bind_id_or_null(s, 3, bill_id);
    db_bind_text(s, 4, by);
    db_bind_text(s, 5, note);
    db_bind_i64(s, 6, at);
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, NULL, "この未消込の入金は既に処理されています。", "suspense %lld closed",
                       (long long)id);
    return rc;
}

/* ---- flash reports ------------------------------------------------------- */

static const char SQL_FLASH_INSERT[] =
    "INSERT INTO payment_flashes (channel, ref, bill_id, amount, paid_on, status, file_id, created_at)"
    " VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7)";
static const char SQL_FLASH_FIND[] =
    "SELECT id, COALESCE(bill_id, 0), amount, COALESCE(file_id, 0), channel, ref, paid_on, status"
    " FROM payment_flashes WHERE channel = $1 AND ref = $2";
static const char SQL_FLASH_STATUS[] = "UPDATE payment_flashes SET status = $2 WHERE id = $1";

int flash_store_insert(db_conn *c, const flash_row *f, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_FLASH_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, f->channel);
    db_bind_text(s, 2, f->ref);
    bind_id_or_null(s, 3, f->bill_id);
    db_bind_i64(s, 4, f->amount);
    db_bind_text(s, 5, f->paid_on);
    bind_id_or_null(s, 6, f->file_id);
    db_bind_i64(s, 7, date_now_unix());
    return db_exec(s, e);
}

static void read_flash(db_stmt *s, void *row)
{
    flash_row *f = row;
    f->id = db_col_i64(s, 0);
    f->bill_id = db_col_i64(s, 1);
    f->amount = db_col_i64(s, 2);
    f->file_id = db_col_i64(s, 3);
    str_copy(f->channel, sizeof f->channel, db_col_text(s, 4));
    str_copy(f->ref, sizeof f->ref, db_col_text(s, 5));
    str_copy(f->paid_on, sizeof f->paid_on, db_col_text(s, 6));
    str_copy(f->status, sizeof f->status, db_col_text(s, 7));
}

int flash_store_find(db_conn *c, const char *channel, const char *ref, flash_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_FLASH_FIND, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, channel);
    db_bind_text(s, 2, ref);
    return db_one(s, read_flash, out, e);
}

int flash_store_set_status(db_conn *c, int64_t id, const char *status, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_FLASH_STATUS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, status);
    return db_exec(s, e);
}

/* ---- result files -------------------------------------------------------- */

static const char SQL_FILE_FIND[] =
    "SELECT id, records, amount, posted, suspense, imported_at, kind, name, sha256, imported_by"
    " FROM import_files WHERE sha256 = $1";
static const char SQL_FILE_INSERT[] =
    "INSERT INTO import_files (kind, name, sha256, imported_by, imported_at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
static const char SQL_FILE_FINISH[] =
    "UPDATE import_files SET records = $2, amount = $3, posted = $4, suspense = $5 WHERE id = $1";

static void read_file_row(db_stmt *s, void *row)
{
    import_file_row *f = row;
    f->id = db_col_i64(s, 0);
    f->records = db_col_i64(s, 1);
    f->amount = db_col_i64(s, 2);
    f->posted = db_col_i64(s, 3);
    f->suspense = db_col_i64(s, 4);
    f->imported_at = db_col_i64(s, 5);
    str_copy(f->kind, sizeof f->kind, db_col_text(s, 6));
    str_copy(f->name, sizeof f->name, db_col_text(s, 7));
    str_copy(f->sha256, sizeof f->sha256, db_col_text(s, 8));
    str_copy(f->imported_by, sizeof f->imported_by, db_col_text(s, 9));
}

int import_file_store_find(db_conn *c, const char *sha256, import_file_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_FILE_FIND, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, sha256);
    return db_one(s, read_file_row, out, e);
}

int import_file_store_insert(db_conn *c, const import_file_row *f, int64_t *id, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_FILE_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, f->kind);
    db_bind_text(s, 2, f->name);
    db_bind_text(s, 3, f->sha256);
    db_bind_text(s, 4, f->imported_by);
    db_bind_i64(s, 5, f->imported_at);
    return db_insert_id(s, id, e);
}

int import_file_store_finish(db_conn *c, int64_t id, int64_t records, int64_t amount, int64_t posted,
                             int64_t suspense, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_FILE_FINISH, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, records);
    db_bind_i64(s, 3, amount);
    db_bind_i64(s, 4, posted);
    db_bind_i64(s, 5, suspense);
    return db_exec(s, e);
}

/* ---- refund requests ----------------------------------------------------- */

static const char SQL_REFUND_INSERT[] =
    "INSERT INTO refund_requests (tap_id, customer_id, amount, method, reason, approval_id, status, requested_by,"
    " requested_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8)";
static const char SQL_REFUND_GET[] =
    "SELECT id, tap_id, customer_id, amount, approval_id, requested_at, method, reason, status, requested_by"
    " FROM refund_requests WHERE approval_id = $1";
static const char SQL_REFUND_STATUS[] = "UPDATE refund_requests SET status = $2 WHERE id = $1";

int refund_store_insert(db_conn *c, const refund_row *r, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_REFUND_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->tap_id);
    db_bind_i64(s, 2, r->customer_id);
    db_bind_i64(s, 3, r->amount);
    db_bind_text(s, 4, r->method);
    db_bind_text(s, 5, r->reason);
    db_bind_i64(s, 6, r->approval_id);
    db_bind_text(s, 7, r->requested_by);
    db_bind_i64(s, 8, r->requested_at);
    return db_exec(s, e);
}

static void read_refund(db_stmt *s, void *row)
{
    refund_row *r = row;
    r->id = db_col_i64(s, 0);
    r->tap_id = db_col_i64(s, 1);
    r->customer_id = db_col_i64(s, 2);
    r->amount = db_col_i64(s, 3);
    r->approval_id = db_col_i64(s, 4);
    r->requested_at = db_col_i64(s, 5);
    str_copy(r->method, sizeof r->method, db_col_text(s, 6));
    str_copy(r->reason, sizeof r->reason, db_col_text(s, 7));
    str_copy(r->status, sizeof r->status, db_col_text(s, 8));
    str_copy(r->requested_by, sizeof r->requested_by, db_col_text(s, 9));
}

int refund_store_by_approval(db_conn *c, int64_t approval_id, refund_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_REFUND_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, approval_id);
    int rc = db_one(s, read_refund, out, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "還付の依頼が見つかりません。", "refund for approval %lld",
                       (long long)approval_id);
    return rc;
}

int refund_store_set_status(db_conn *c, int64_t id, const char *status, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_REFUND_STATUS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, status);
    return db_exec(s, e);
}

/* ---- the account of a tap ------------------------------------------------ */

static const char SQL_ACCOUNT[] =
    "SELECT COALESCE(SUM(b.total_yen), 0), COALESCE(SUM(x.paid_yen), 0),"
    " COALESCE(SUM(CASE WHEN b.due_on < $2 AND b.total_yen > COALESCE(x.paid_yen, 0)"
    "  THEN b.total_yen - COALESCE(x.paid_yen, 0) ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN b.total_yen > COALESCE(x.paid_yen, 0) THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(x.pending_yen), 0)"
    " FROM bills b LEFT JOIN bill_balances x ON x.bill_id = b.id WHERE b.tap_id = $1 AND b.status = 'current'";

static void read_account(db_stmt *s, void *row)
{
    account_sums *a = row;
    a->billed = db_col_i64(s, 0);
    a->paid = db_col_i64(s, 1);
    a->overdue = db_col_i64(s, 2);
    a->open_bills = db_col_i64(s, 3);
    a->pending = db_col_i64(s, 4);
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
