/* ledger_store — see ledger_store.h. */
#include "store/collect/ledger_store.h"

#include <string.h>

#include "base/buf.h"

/* A payment went to suspense when it was posted: an original with a suspense
 * row (open, resolved or cancelled later), or a reversal made while its
 * original was in suspense (its status is never changed afterwards).  The
 * subqueries are not correlated: each engine builds their set once (a
 * correlated EXISTS scanned the suspense table once per payment). */
#define WENT_TO_SUSPENSE                                                                    \
    "((p.reverses IS NULL AND p.id IN (SELECT s.payment_id FROM suspense s))"                \
    " OR (p.reverses IS NOT NULL AND p.status = 'suspense'))"
/* Money allocated or credited by the resolution of a suspense item. */
#define RESOLVED "p.reverses IS NULL AND p.id IN (SELECT s.payment_id FROM suspense s WHERE s.status = 'resolved')"

static const char SQL_SUMS[] =
    "SELECT p.posted_on, p.channel, 0, '', COUNT(*), SUM(CASE WHEN p.amount < 0 THEN 1 ELSE 0 END), SUM(p.amount),"
    " SUM(CASE WHEN " WENT_TO_SUSPENSE " THEN p.amount ELSE 0 END), 0, 0, 0"
    " FROM payments p WHERE p.posted_on >= $1 AND p.posted_on <= $2 GROUP BY p.posted_on, p.channel"
    " UNION ALL"
    " SELECT a.posted_on, p.channel, 1, a.kind, COUNT(*), 0, SUM(a.amount), 0, SUM(a.water_yen), SUM(a.sewer_yen),"
    " SUM(a.tax_yen)"
    " FROM allocations a JOIN payments p ON p.id = a.payment_id"
    " WHERE a.posted_on >= $1 AND a.posted_on <= $2 GROUP BY a.posted_on, p.channel, a.kind"
    " UNION ALL"
    " SELECT c.posted_on, p.channel, 2, c.kind, COUNT(*), 0, SUM(c.amount), 0, 0, 0, 0"
    " FROM credits c JOIN payments p ON p.id = c.payment_id"
    " WHERE c.posted_on >= $1 AND c.posted_on <= $2 GROUP BY c.posted_on, p.channel, c.kind"
    " UNION ALL"
    " SELECT x.posted_on, x.channel, 3, '', COUNT(*), 0, SUM(x.amount), 0, 0, 0, 0 FROM ("
    "  SELECT a.posted_on AS posted_on, p.channel AS channel, a.amount AS amount"
    "  FROM allocations a JOIN payments p ON p.id = a.payment_id"
    "  WHERE a.posted_on >= $1 AND a.posted_on <= $2 AND a.kind IN ('payment', 'after_writeoff') AND " RESOLVED
    "  UNION ALL"
    "  SELECT c.posted_on, p.channel, c.amount FROM credits c JOIN payments p ON p.id = c.payment_id"
    "  WHERE c.posted_on >= $1 AND c.posted_on <= $2 AND c.kind = 'over' AND " RESOLVED
    "  UNION ALL"
    "  SELECT w.posted_on, p.channel, w.amount FROM works_payments w JOIN payments p ON p.id = w.payment_id"
    "  WHERE w.posted_on >= $1 AND w.posted_on <= $2 AND " RESOLVED
    " ) x GROUP BY x.posted_on, x.channel"
    " UNION ALL"
    " SELECT l.posted_on, p.channel, 4, '', COUNT(*), 0, SUM(l.amount), 0, 0, 0, 0"
    " FROM late_charge_payments l JOIN payments p ON p.id = l.payment_id"
    " WHERE l.posted_on >= $1 AND l.posted_on <= $2 GROUP BY l.posted_on, p.channel"
    " UNION ALL"
    " SELECT w.posted_on, p.channel, 5, w.kind, COUNT(*), 0, SUM(w.amount), 0, 0, 0, SUM(w.tax)"
    " FROM works_payments w JOIN payments p ON p.id = w.payment_id"
    " WHERE w.posted_on >= $1 AND w.posted_on <= $2 GROUP BY w.posted_on, p.channel, w.kind"
    " UNION ALL"
    " SELECT r.paid_on, 'works_refund', 6, i.kind, COUNT(*), 0, SUM(i.amount), 0, 0, 0, SUM(i.tax)"
    " FROM works_refund_items i JOIN works_refunds r ON r.id = i.refund_id"
    " WHERE r.status = 'paid' AND r.paid_on >= $1 AND r.paid_on <= $2 GROUP BY r.paid_on, i.kind"
    " ORDER BY 1, 2, 3, 4";

static const char SQL_BILLS[] =
    "SELECT a.posted_on, p.channel, a.kind, t.tap_no, b.cycle, b.id, SUM(a.amount), SUM(a.water_yen),"
    " SUM(a.sewer_yen), SUM(a.tax_yen)"
    " FROM allocations a JOIN payments p ON p.id = a.payment_id JOIN bills b ON b.id = a.bill_id"
    " JOIN taps t ON t.id = b.tap_id"
    " WHERE a.posted_on >= $1 AND a.posted_on <= $2"
    " GROUP BY a.posted_on, p.channel, a.kind, t.tap_no, b.cycle, b.id"
    " ORDER BY a.posted_on, p.channel, a.kind, t.tap_no, b.id";

static void read_sum(db_stmt *s, void *row)
{
    ledger_sum *r = row;
    str_copy(r->posted_on, sizeof r->posted_on, db_col_text(s, 0));
    str_copy(r->channel, sizeof r->channel, db_col_text(s, 1));
    r->src = (int)db_col_i64(s, 2);
    str_copy(r->kind, sizeof r->kind, db_col_text(s, 3));
    r->count = db_col_i64(s, 4);
    r->reversals = db_col_i64(s, 5);
    r->amount = db_col_i64(s, 6);
    r->suspense_in = db_col_i64(s, 7);
    r->water = db_col_i64(s, 8);
    r->sewer = db_col_i64(s, 9);
    r->tax = db_col_i64(s, 10);
}

int ledger_store_sums(db_conn *c, const char *from, const char *to, ledger_sum **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_SUMS, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, from);
    db_bind_text(s, 2, to);
    return db_collect(s, read_sum, sizeof **rows, (void **)rows, n, e);
}

static void read_bill(db_stmt *s, void *row)
{
    ledger_bill *r = row;
    str_copy(r->posted_on, sizeof r->posted_on, db_col_text(s, 0));
    str_copy(r->channel, sizeof r->channel, db_col_text(s, 1));
    str_copy(r->kind, sizeof r->kind, db_col_text(s, 2));
    str_copy(r->tap_no, sizeof r->tap_no, db_col_text(s, 3));
    str_copy(r->cycle, sizeof r->cycle, db_col_text(s, 4));
    r->bill_id = db_col_i64(s, 5);
    r->amount = db_col_i64(s, 6);
    r->water = db_col_i64(s, 7);
    r->sewer = db_col_i64(s, 8);
    r->tax = db_col_i64(s, 9);
}

int ledger_store_bills(db_conn *c, const char *from, const char *to, ledger_bill **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_BILLS, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, from);
    db_bind_text(s, 2, to);
    return db_collect(s, read_bill, sizeof **rows, (void **)rows, n, e);
}
