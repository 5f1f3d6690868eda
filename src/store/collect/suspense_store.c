/* suspense_store — see suspense_store.h. */
#include "store/collect/suspense_store.h"

#include <string.h>

#include "base/buf.h"
#include "store/collect/payment_rows.h"

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
/* The list screen.  Open items are read from the payments still in
 * suspense (the partial index payments_suspense: day paid, id, channel,
 * amount), the others from suspense by status. */
#define SUS_PAGE_COLS                                                                                        \
    "SELECT s.id, s.payment_id, COALESCE(s.resolved_bill, 0), COALESCE(s.resolved_at, 0), s.reason, s.detail," \
    " s.status, COALESCE(s.resolved_by, ''), s.note, " PAY_COLS ", COALESCE(b.status, ''),"                   \
    " COALESCE(b.total_yen, 0), COALESCE(x.paid_yen, 0)"
#define SUS_PAGE_JOINS                                                                                       \
    " LEFT JOIN taps t ON t.id = p.tap_id LEFT JOIN bills b ON b.id = p.bill_id"                              \
    " LEFT JOIN bill_balances x ON x.bill_id = b.id"
/* (CROSS JOIN: SQLite keeps payments the outer loop, so that the partial
 * index gives the rows in the page's order and the LIMIT stops the scan;
 * PostgreSQL plans it as the inner join it is) */
#define SUS_OPEN_FROM " FROM payments p CROSS JOIN suspense s"
#define SUS_DONE_FROM " FROM suspense s JOIN payments p ON p.id = s.payment_id"
#define SUS_FILTER                                                                                           \
    " AND p.paid_on >= $1 AND p.paid_on <= $2 AND ($3 = '' OR p.channel = $3) AND p.amount >= $4"            \
    " AND p.amount <= $5"
static const char SQL_SUS_OPEN_PAGE[] = SUS_PAGE_COLS SUS_OPEN_FROM SUS_PAGE_JOINS
    " WHERE p.status = 'suspense' AND s.payment_id = p.id AND s.status = 'open'" SUS_FILTER
    " ORDER BY p.paid_on, p.id LIMIT $6 OFFSET $7";
static const char SQL_SUS_OPEN_COUNT[] = "SELECT COUNT(*), COALESCE(SUM(p.amount), 0)" SUS_OPEN_FROM
    " WHERE p.status = 'suspense' AND s.payment_id = p.id AND s.status = 'open'" SUS_FILTER;
static const char SQL_SUS_DONE_PAGE[] = SUS_PAGE_COLS SUS_DONE_FROM SUS_PAGE_JOINS
    " WHERE s.status = $6" SUS_FILTER " ORDER BY s.payment_id DESC LIMIT $7 OFFSET $8";
static const char SQL_SUS_DONE_COUNT[] = "SELECT COUNT(*), COALESCE(SUM(p.amount), 0)" SUS_DONE_FROM
    " WHERE s.status = $6" SUS_FILTER;
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
    payment_row_read_at(s, 9, &r->p);
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

static void read_item(db_stmt *s, void *row)
{
    suspense_item *r = row;
    read_suspense(s, &r->s);
    int i = payment_row_read_at(s, 9, &r->s.p);
    str_copy(r->bill_status, sizeof r->bill_status, db_col_text(s, i++));
    r->bill_total = db_col_i64(s, i++);
    r->bill_paid = db_col_i64(s, i);
}

static bool filter_open(const suspense_filter *f)
{
    return strcmp(f->status, "open") == 0;
}

static void bind_filter(db_stmt *s, const suspense_filter *f)
{
    db_bind_text(s, 1, f->from);
    db_bind_text(s, 2, f->to);
    db_bind_text(s, 3, f->channel);
    db_bind_i64(s, 4, f->min);
    db_bind_i64(s, 5, f->max);
    if (!filter_open(f))
        db_bind_text(s, 6, f->status);
}

int suspense_store_page(db_conn *c, const suspense_filter *f, int64_t limit, int64_t offset, suspense_item **rows,
                        size_t *n, err_t *e)
{
    bool open = filter_open(f);
    db_stmt *s = db_prepare(c, open ? SQL_SUS_OPEN_PAGE : SQL_SUS_DONE_PAGE, e);
    if (!s)
        return ERR_DB;
    bind_filter(s, f);
    db_bind_i64(s, open ? 6 : 7, limit);
    db_bind_i64(s, open ? 7 : 8, offset);
    return db_collect(s, read_item, sizeof **rows, (void **)rows, n, e);
}

typedef struct count_sum {
    int64_t count, sum;
} count_sum;

static void read_count(db_stmt *s, void *row)
{
    count_sum *r = row;
    r->count = db_col_i64(s, 0);
    r->sum = db_col_i64(s, 1);
}

int suspense_store_count(db_conn *c, const suspense_filter *f, int64_t *count, int64_t *sum, err_t *e)
{
    *count = *sum = 0;
    db_stmt *s = db_prepare(c, filter_open(f) ? SQL_SUS_OPEN_COUNT : SQL_SUS_DONE_COUNT, e);
    if (!s)
        return ERR_DB;
    bind_filter(s, f);
    count_sum r = {0, 0};
    int rc = db_one(s, read_count, &r, e);
    if (rc == ERR_NOTFOUND)
        rc = 0;
    *count = r.count;
    *sum = r.sum;
    return rc;
}

int suspense_store_close(db_conn *c, int64_t id, const char *status, int64_t bill_id, const char *by,
                         const char *note, int64_t at, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SUS_CLOSE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, status);
    db_bind_id_or_null(s, 3, bill_id);
    db_bind_text(s, 4, by);
    db_bind_text(s, 5, note);
    db_bind_i64(s, 6, at);
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, NULL, "この未消込の入金は既に処理されています。", "suspense %lld closed",
                       (long long)id);
    return rc;
}
