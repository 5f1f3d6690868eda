/* arrears_store — see arrears_store.h.
 *
 * The ledger's statements are one inner set (the overdue bills with their
 * tap, balance and whether a mandate is in force for the bill's tap and
 * customer), grouped per customer or per customer and tap.  Parameters:
 * $1 today, $2..$7 the bucket cut-offs, $8 area, $9 route, $10 method,
 * $11 $12 the amount range, $13 the oldest due date at the latest, $14 the
 * stage (-1 any), then $15 $16 limit and offset.
 *
 * Each engine is told to start from bill_open and seek each bill by key:
 * SQLite by "bill_open o CROSS JOIN bills b" (a CROSS JOIN fixes the loop
 * order; left to itself it walked every bill of every year by
 * bills_customer to save the grouping's sort), PostgreSQL by a LATERAL
 * subquery kept apart by OFFSET 0, with the balance as a look-up per bill
 * (left to itself it hashed every current bill of every year, and every
 * balance, to join the few thousand overdue ones). */
#include "store/arrears/arrears_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define DEBIT                                                                                                     \
    "  CASE WHEN EXISTS (SELECT 1 FROM mandates m WHERE m.tap_id = b.tap_id AND m.customer_id = b.customer_id"   \
    "   AND m.status = 'active' AND m.start_on <= $1 AND (m.end_on IS NULL OR m.end_on >= $1))"                  \
    "   THEN 1 ELSE 0 END AS debit"
/* the bill's stage on the arrears path, ranked (ARREARS_STORE_NSTAGES): its
 * tap stopped 5, under an active pledge 4, else its furthest notice (予告 3,
 * 催告 2, 督促 1) or none 0; each by key (the tap's row, pledge_bills_bill,
 * notices_bill_step).  A row's stage is the highest of its bills'.  On
 * PostgreSQL the look-ups sit in the LATERAL subquery (fenced by OFFSET 0),
 * so that they run once a bill although the stage is read twice (the row's
 * MAX and the filter's). */
#define BILL_STAGE                                                                                                \
    "CASE WHEN EXISTS (SELECT 1 FROM pledge_bills pl CROSS JOIN pledges p"                                        \
    "  WHERE pl.bill_id = b.id AND p.id = pl.pledge_id AND p.status = 'active') THEN 4"                          \
    " ELSE COALESCE((SELECT MAX(CASE n.step WHEN 'yokoku' THEN 3 WHEN 'saikoku' THEN 2 ELSE 1 END)"              \
    "  FROM notices n WHERE n.bill_id = b.id), 0) END"
#define STAGE ", CASE WHEN t.stopped_on > '' THEN 5 ELSE " BILL_STAGE " END AS stage"
#define STAGE_PG ", CASE WHEN t.stopped_on > '' THEN 5 ELSE b.st END AS stage"
#define OVERDUE_SQLITE                                                                                            \
    " FROM (SELECT b.customer_id AS cid, b.tap_id AS tid, t.tap_no AS tap_no, t.area_code AS area,"              \
    "  t.route AS route, o.due_on AS due, b.total_yen - COALESCE(x.paid_yen, 0) AS bal," DEBIT STAGE              \
    "  FROM bill_open o CROSS JOIN bills b JOIN taps t ON t.id = b.tap_id"                                       \
    "  LEFT JOIN bill_balances x ON x.bill_id = b.id"                                                            \
    "  WHERE b.id = o.bill_id AND o.due_on < $1 AND b.status = 'current') d"
#define OVERDUE_PG                                                                                                \
    " FROM (SELECT b.customer_id AS cid, b.tap_id AS tid, t.tap_no AS tap_no, t.area_code AS area,"              \
    "  t.route AS route, o.due_on AS due, b.bal AS bal," DEBIT STAGE_PG                                          \
    "  FROM bill_open o CROSS JOIN LATERAL (SELECT b.customer_id, b.tap_id, b.total_yen"                         \
    "   - COALESCE((SELECT x.paid_yen FROM bill_balances x WHERE x.bill_id = b.id), 0) AS bal,"                   \
    "   " BILL_STAGE " AS st"                                                                                     \
    "   FROM bills b WHERE b.id = o.bill_id AND b.status = 'current' OFFSET 0) b"                                \
    "  JOIN taps t ON t.id = b.tap_id WHERE o.due_on < $1) d"

/* debit counts the row's bills paid by debit: a row is 口座振替 when some
 * are, 納付書 when some are not (one reference, so that the correlated
 * look-up of the mandate runs once a bill) */
#define HAVING                                                                                                    \
    " HAVING ($8 = '' OR SUM(CASE WHEN area = $8 THEN 1 ELSE 0 END) > 0)"                                        \
    " AND ($9 = '' OR SUM(CASE WHEN route = $9 THEN 1 ELSE 0 END) > 0)"                                          \
    " AND ($10 = '' OR ($10 = 'debit' AND SUM(debit) > 0) OR ($10 = 'slip' AND SUM(debit) < COUNT(*)))"          \
    " AND SUM(bal) >= $11 AND SUM(bal) <= $12 AND MIN(due) <= $13 AND ($14 < 0 OR MAX(stage) = $14)"

/* the buckets' conditions on a bill's due date */
#define K0 "due > $2"
#define K1 "due <= $2 AND due > $3"
#define K2 "due <= $3 AND due > $4"
#define K3 "due <= $4 AND due > $5"
#define K4 "due <= $5 AND due > $6"
#define K5 "due <= $6 AND due > $7"
#define K6 "due <= $7"
#define BK(k) "SUM(CASE WHEN " k " THEN bal ELSE 0 END)"
#define BKALL(k) "SUM(" BK(k) ") OVER ()"

/* A row, then the totals of every row the filters keep, as window sums
 * over the groups (computed before LIMIT): one pass gives the page and the
 * true count and sum. */
#define ROW_COLS                                                                                                  \
    "COUNT(DISTINCT tid), MIN(tap_no), MAX(tap_no), COUNT(*), SUM(bal), MIN(due), " BK(K0) ", " BK(K1) ", "       \
    BK(K2) ", " BK(K3) ", " BK(K4) ", " BK(K5) ", " BK(K6) ", SUM(debit), MAX(stage),"                            \
    " COUNT(*) OVER (), SUM(COUNT(*)) OVER (), SUM(SUM(bal)) OVER (), " BKALL(K0) ", " BKALL(K1) ", "            \
    BKALL(K2) ", " BKALL(K3) ", " BKALL(K4) ", " BKALL(K5) ", " BKALL(K6)

#define BY_CUSTOMER " GROUP BY cid"
#define BY_TAP " GROUP BY cid, tid"

#define ORDER_AMOUNT_C " ORDER BY SUM(bal) DESC, cid LIMIT $15 OFFSET $16"
#define ORDER_AGE_C " ORDER BY MIN(due), SUM(bal) DESC, cid LIMIT $15 OFFSET $16"
#define ORDER_AMOUNT_T " ORDER BY SUM(bal) DESC, cid, tid LIMIT $15 OFFSET $16"
#define ORDER_AGE_T " ORDER BY MIN(due), SUM(bal) DESC, cid, tid LIMIT $15 OFFSET $16"
#define PAGE_C(from, order) "SELECT cid, 0, " ROW_COLS from BY_CUSTOMER HAVING order
#define PAGE_T(from, order) "SELECT cid, tid, " ROW_COLS from BY_TAP HAVING order

static const char SQL_PAGE_CA_SQ[] = PAGE_C(OVERDUE_SQLITE, ORDER_AMOUNT_C);
static const char SQL_PAGE_CG_SQ[] = PAGE_C(OVERDUE_SQLITE, ORDER_AGE_C);
static const char SQL_PAGE_TA_SQ[] = PAGE_T(OVERDUE_SQLITE, ORDER_AMOUNT_T);
static const char SQL_PAGE_TG_SQ[] = PAGE_T(OVERDUE_SQLITE, ORDER_AGE_T);
static const char SQL_PAGE_CA_PG[] = PAGE_C(OVERDUE_PG, ORDER_AMOUNT_C);
static const char SQL_PAGE_CG_PG[] = PAGE_C(OVERDUE_PG, ORDER_AGE_C);
static const char SQL_PAGE_TA_PG[] = PAGE_T(OVERDUE_PG, ORDER_AMOUNT_T);
static const char SQL_PAGE_TG_PG[] = PAGE_T(OVERDUE_PG, ORDER_AGE_T);
/* [PostgreSQL][per tap][by age] */
static const char *const SQL_PAGE[2][2][2] = {{{SQL_PAGE_CA_SQ, SQL_PAGE_CG_SQ}, {SQL_PAGE_TA_SQ, SQL_PAGE_TG_SQ}},
                                               {{SQL_PAGE_CA_PG, SQL_PAGE_CG_PG}, {SQL_PAGE_TA_PG, SQL_PAGE_TG_PG}}};

/* the totals alone (a page asked past the end, which has no row to carry them) */
#define TOTAL_COLS                                                                                                \
    "SELECT COUNT(*), COALESCE(SUM(n), 0), COALESCE(SUM(s), 0), COALESCE(SUM(k0), 0), COALESCE(SUM(k1), 0),"    \
    " COALESCE(SUM(k2), 0), COALESCE(SUM(k3), 0), COALESCE(SUM(k4), 0), COALESCE(SUM(k5), 0),"                   \
    " COALESCE(SUM(k6), 0) FROM (SELECT COUNT(*) AS n, SUM(bal) AS s, " BK(K0) " AS k0, " BK(K1) " AS k1, "       \
    BK(K2) " AS k2, " BK(K3) " AS k3, " BK(K4) " AS k4, " BK(K5) " AS k5, " BK(K6) " AS k6"
static const char SQL_TOTALS_C_SQ[] = TOTAL_COLS OVERDUE_SQLITE BY_CUSTOMER HAVING ") g";
static const char SQL_TOTALS_T_SQ[] = TOTAL_COLS OVERDUE_SQLITE BY_TAP HAVING ") g";
static const char SQL_TOTALS_C_PG[] = TOTAL_COLS OVERDUE_PG BY_CUSTOMER HAVING ") g";
static const char SQL_TOTALS_T_PG[] = TOTAL_COLS OVERDUE_PG BY_TAP HAVING ") g";
static const char *const SQL_TOTALS[2][2] = {{SQL_TOTALS_C_SQ, SQL_TOTALS_T_SQ}, {SQL_TOTALS_C_PG, SQL_TOTALS_T_PG}};

/* one customer's overdue bills: through bills_customer, then bill_open by key */
#define CUST_FROM                                                                                                 \
    " FROM bills b JOIN bill_open o ON o.bill_id = b.id JOIN taps t ON t.id = b.tap_id"                          \
    " LEFT JOIN bill_balances x ON x.bill_id = b.id WHERE b.customer_id = $1 AND o.due_on < $2"                   \
    " AND b.status = 'current'"
static const char SQL_CUST_TAPS[] = "SELECT DISTINCT t.tap_no" CUST_FROM " ORDER BY t.tap_no";
static const char SQL_CUST_BILLS[] =
    "SELECT b.id, b.tap_id, t.tap_no, b.cycle, o.due_on, b.total_yen, COALESCE(x.paid_yen, 0),"
    " COALESCE(x.pending_yen, 0)" CUST_FROM " ORDER BY o.due_on, b.id";
static const char SQL_CUST_SUM[] =
    "SELECT COUNT(DISTINCT b.tap_id), COALESCE(MIN(t.tap_no), ''), COALESCE(MAX(t.tap_no), ''), COUNT(*),"
    " COALESCE(SUM(b.total_yen - COALESCE(x.paid_yen, 0)), 0), COALESCE(MIN(o.due_on), '')" CUST_FROM;
/* the tap's bills (bills_tap), the open ones by key */
static const char SQL_TAP_DEBTOR[] =
    "SELECT b.customer_id FROM bills b JOIN bill_open o ON o.bill_id = b.id"
    " WHERE b.tap_id = $1 AND o.due_on < $2 AND b.status = 'current' ORDER BY o.due_on, b.id LIMIT 1";

/* PostgreSQL's JIT, drawn by the estimated cost of the per-bill look-ups
 * (mandate, pledge, notices), spent 0.3 s compiling the ledger statement
 * before the stage was added and 2.8 s after it, for a statement that runs
 * in under 0.7 s: off for the caller's transaction (set_config's is_local).
 * Measured on a 20,000-tap demo (docs/performance.md). */
static int no_jit(db_conn *c, err_t *e)
{
    if (db_kind(c) != DB_PG)
        return 0;
    db_stmt *s = db_prepare(c, "SELECT set_config('jit', 'off', true)", e);
    if (!s)
        return ERR_DB;
    int st = db_step(s, e);
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}

static void bind_filter(db_stmt *s, const arrears_filter *f)
{
    db_bind_text(s, 1, f->today);
    for (int k = 0; k < ARREARS_STORE_NBUCKETS - 1; k++)
        db_bind_text(s, 2 + k, f->cut[k]);
    db_bind_text(s, 8, f->area ? f->area : "");
    db_bind_text(s, 9, f->route ? f->route : "");
    db_bind_text(s, 10, f->method ? f->method : "");
    db_bind_i64(s, 11, f->min);
    db_bind_i64(s, 12, f->max);
    db_bind_text(s, 13, f->oldest_by && *f->oldest_by ? f->oldest_by : "9999-12-31");
    db_bind_i64(s, 14, f->stage);
}

static void read_totals(db_stmt *s, void *row)
{
    arrears_totals *t = row;
    t->rows = db_col_i64(s, 0);
    t->bills = db_col_i64(s, 1);
    t->amount = db_col_i64(s, 2);
    for (int k = 0; k < ARREARS_STORE_NBUCKETS; k++)
        t->bucket[k] = db_col_i64(s, 3 + k);
}

int arrears_store_totals(db_conn *c, const arrears_filter *f, arrears_totals *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    if (no_jit(c, e))
        return ERR_DB;
    db_stmt *s = db_prepare(c, SQL_TOTALS[db_kind(c) == DB_PG][f->per_tap], e);
    if (!s)
        return ERR_DB;
    bind_filter(s, f);
    int rc = db_one(s, read_totals, out, e);
    return rc == ERR_NOTFOUND ? 0 : rc;
}

static void read_row(db_stmt *s, void *row)
{
    arrears_row *r = row;
    int i = 0;
    r->customer_id = db_col_i64(s, i++);
    r->tap_id = db_col_i64(s, i++);
    r->taps = db_col_i64(s, i++);
    str_copy(r->tap_first, sizeof r->tap_first, db_col_text(s, i++));
    str_copy(r->tap_last, sizeof r->tap_last, db_col_text(s, i++));
    r->bills = db_col_i64(s, i++);
    r->amount = db_col_i64(s, i++);
    str_copy(r->oldest_due, sizeof r->oldest_due, db_col_text(s, i++));
    for (int k = 0; k < ARREARS_STORE_NBUCKETS; k++)
        r->bucket[k] = db_col_i64(s, i++);
    int64_t debit = db_col_i64(s, i++);
    r->debit = debit > 0;
    r->slip = debit < r->bills;
    r->stage = (int)db_col_i64(s, i++);
    r->all.rows = db_col_i64(s, i++);
    r->all.bills = db_col_i64(s, i++);
    r->all.amount = db_col_i64(s, i++);
    for (int k = 0; k < ARREARS_STORE_NBUCKETS; k++)
        r->all.bucket[k] = db_col_i64(s, i++);
}

int arrears_store_page(db_conn *c, const arrears_filter *f, int64_t limit, int64_t offset, arrears_row **rows,
                       size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    if (no_jit(c, e))
        return ERR_DB;
    db_stmt *s = db_prepare(c, SQL_PAGE[db_kind(c) == DB_PG][f->per_tap][f->by_age], e);
    if (!s)
        return ERR_DB;
    bind_filter(s, f);
    db_bind_i64(s, 15, limit < 0 ? INT64_MAX : limit);
    db_bind_i64(s, 16, offset);
    return db_collect(s, read_row, sizeof **rows, (void **)rows, n, e);
}

int arrears_store_customer_taps(db_conn *c, int64_t customer_id, const char *today, char *out, size_t outsz,
                                err_t *e)
{
    if (outsz)
        out[0] = '\0';
    db_stmt *s = db_prepare(c, SQL_CUST_TAPS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, customer_id);
    db_bind_text(s, 2, today);
    size_t len = 0;
    int st;
    bool full = false;
    while ((st = db_step(s, e)) == DB_ROW) {
        const char *t = db_col_text(s, 0);
        size_t need = strlen(t) + (len ? 3 : 0);   /* "・" is 3 bytes */
        if (full || len + need + 1 > outsz) {
            full = true;
            continue;
        }
        if (len) {
            memcpy(out + len, "\xE3\x83\xBB", 3);
            len += 3;
        }
        memcpy(out + len, t, strlen(t));
        len += strlen(t);
        out[len] = '\0';
    }
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}

static void read_bill(db_stmt *s, void *row)
{
    arrears_bill *r = row;
    int i = 0;
    r->bill_id = db_col_i64(s, i++);
    r->tap_id = db_col_i64(s, i++);
    str_copy(r->tap_no, sizeof r->tap_no, db_col_text(s, i++));
    str_copy(r->cycle, sizeof r->cycle, db_col_text(s, i++));
    str_copy(r->due_on, sizeof r->due_on, db_col_text(s, i++));
    r->total = db_col_i64(s, i++);
    r->paid = db_col_i64(s, i++);
    r->pending = db_col_i64(s, i++);
}

int arrears_store_customer_bills(db_conn *c, int64_t customer_id, const char *today, arrears_bill **rows, size_t *n,
                                 err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_CUST_BILLS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, customer_id);
    db_bind_text(s, 2, today);
    return db_collect(s, read_bill, sizeof **rows, (void **)rows, n, e);
}

static void read_sum(db_stmt *s, void *row)
{
    arrears_row *r = row;
    r->taps = db_col_i64(s, 0);
    str_copy(r->tap_first, sizeof r->tap_first, db_col_text(s, 1));
    str_copy(r->tap_last, sizeof r->tap_last, db_col_text(s, 2));
    r->bills = db_col_i64(s, 3);
    r->amount = db_col_i64(s, 4);
    str_copy(r->oldest_due, sizeof r->oldest_due, db_col_text(s, 5));
}

int arrears_store_customer_sum(db_conn *c, int64_t customer_id, const char *today, arrears_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    out->customer_id = customer_id;
    db_stmt *s = db_prepare(c, SQL_CUST_SUM, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, customer_id);
    db_bind_text(s, 2, today);
    int rc = db_one(s, read_sum, out, e);
    return rc == ERR_NOTFOUND ? 0 : rc;
}

int arrears_store_tap_debtor(db_conn *c, int64_t tap_id, const char *today, int64_t *customer_id, err_t *e)
{
    *customer_id = 0;
    db_stmt *s = db_prepare(c, SQL_TAP_DEBTOR, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_text(s, 2, today);
    int st = db_step(s, e);
    if (st == DB_ROW)
        *customer_id = db_col_i64(s, 0);
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}
