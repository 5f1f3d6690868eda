/* stoppage_store — see stoppage_store.h. */
#include "store/arrears/stoppage_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

/* A kept instalment plan (分納誓約) keeps a tap off the list: an active
 * pledge covering any bill of the tap (t).  A pledge belongs to a customer
 * and covers bills (pledge_bills); the tap's bills by bills_tap, each
 * looked up in pledge_bills_bill.  A breached pledge is no longer active:
 * the tap comes back. */
#define STOPPAGE_PLEDGE_EXCLUSION                                                                          \
    "NOT EXISTS (SELECT 1 FROM bills pb JOIN pledge_bills pl ON pl.bill_id = pb.id"                          \
    " JOIN pledges p ON p.id = pl.pledge_id WHERE pb.tap_id = t.id AND p.status = 'active')"

#define OPEN_AMOUNT "b.total_yen - COALESCE(x.paid_yen, 0) - COALESCE(x.pending_yen, 0)"
/* the tap's bills past due and still open, by bills_tap and bill_open's key */
#define PAST_DUE                                                                                           \
    " FROM bills b JOIN bill_open o ON o.bill_id = b.id LEFT JOIN bill_balances x ON x.bill_id = b.id"    \
    " WHERE b.tap_id = t.id AND b.status = 'current' AND o.due_on < $1"
#define CAND_SQL(extra)                                                                                    \
    "SELECT t.id, MAX(l.customer_id), t.tap_no, t.route, t.route_order, MAX(l.stop_on),"                   \
    " (SELECT COALESCE(SUM(" OPEN_AMOUNT "), 0)" PAST_DUE "), (SELECT COUNT(*)" PAST_DUE "),"              \
    " (SELECT COALESCE(MIN(o.due_on), '')" PAST_DUE "),"                                                   \
    " (SELECT COUNT(*) FROM work_orders w WHERE w.tap_id = t.id AND w.kind = 'stoppage'"                   \
    "  AND w.result = 'absent')"                                                                           \
    " FROM notice_letters l JOIN taps t ON t.id = l.tap_id"                                                \
    " WHERE l.step = 'yokoku' AND l.stop_on <> '' AND l.stop_on <= $1" extra                               \
    " AND t.status = 'active' AND t.stopped_on = '' AND t.stop_sensitive = 0 AND t.stop_welfare = 0"      \
    " AND EXISTS (SELECT 1 FROM notices n JOIN bill_open bo ON bo.bill_id = n.bill_id WHERE n.letter_id = l.id)" \
    " AND NOT EXISTS (SELECT 1 FROM work_orders w WHERE w.tap_id = t.id AND w.kind = 'stoppage'"           \
    "  AND w.status = 'open')"                                                                             \
    " AND " STOPPAGE_PLEDGE_EXCLUSION                                                                      \
    " GROUP BY t.id, t.tap_no, t.route, t.route_order ORDER BY t.route, t.route_order, t.tap_no"
static const char SQL_CANDIDATES[] = CAND_SQL("");
static const char SQL_CANDIDATE[] = CAND_SQL(" AND l.tap_id = $2");
static const char SQL_STOPPED[] =
    "SELECT t.tap_no, t.route, t.route_order, t.stopped_on, (SELECT COALESCE(SUM(" OPEN_AMOUNT "), 0)" PAST_DUE "),"
    " COALESCE((SELECT MIN(w.id) FROM work_orders w WHERE w.tap_id = t.id AND w.kind = 'reopen'"
    "  AND w.status = 'open'), 0)"
    " FROM taps t WHERE t.stopped_on > ''";   /* unordered: an ORDER BY made SQLite walk taps_route */
static const char SQL_TAP[] =
    "SELECT id, tap_no, status, stopped_on, stop_sensitive, stop_welfare FROM taps WHERE tap_no = $1";
static const char SQL_FLAGS[] =
    "UPDATE taps SET stop_sensitive = $2, stop_welfare = $3, version = version + 1, updated_at = $4 WHERE id = $1";
static const char SQL_STOP[] =
    "UPDATE taps SET status = 'suspended', stopped_on = $2, version = version + 1, updated_at = $3"
    " WHERE id = $1 AND status = 'active'";
static const char SQL_REOPEN[] =
    "UPDATE taps SET status = 'active', stopped_on = '', version = version + 1, updated_at = $2"
    " WHERE id = $1 AND stopped_on <> ''";
static const char SQL_OPEN_ORDER[] =
    "SELECT id FROM work_orders WHERE tap_id = $1 AND kind = $2 AND status = 'open' ORDER BY id LIMIT 1";
static const char SQL_RESULT[] = "UPDATE work_orders SET result = $2 WHERE id = $1";
static const char SQL_PAYMENT_TAP[] =
    "SELECT t.id, t.tap_no FROM payments p JOIN taps t ON t.id = p.tap_id WHERE p.id = $1 AND t.stopped_on > ''";
/* unordered (sorted here): ordered by id, SQLite walked every tap rather than taps_stopped */
static const char SQL_STOPPED_IDS[] = "SELECT id FROM taps WHERE stopped_on > ''";
static const char SQL_STOPPED_NO[] = "SELECT tap_no FROM taps WHERE id = $1 AND stopped_on > ''";
static const char SQL_UNPLEDGED_OWING[] =
    "SELECT COUNT(*) FROM taps t WHERE t.id = $2 AND EXISTS (SELECT 1" PAST_DUE " AND " OPEN_AMOUNT " > 0"
    " AND NOT EXISTS (SELECT 1 FROM pledge_bills pl JOIN pledges p ON p.id = pl.pledge_id"
    "  WHERE pl.bill_id = b.id AND p.status = 'active'))";

static void cand_fn(db_stmt *s, void *p)
{
    stoppage_cand *r = p;
    int i = 0;
    r->tap_id = db_col_i64(s, i++);
    r->customer_id = db_col_i64(s, i++);
    str_copy(r->tap_no, sizeof r->tap_no, db_col_text(s, i++));
    str_copy(r->route, sizeof r->route, db_col_text(s, i++));
    r->route_order = db_col_i64(s, i++);
    str_copy(r->stop_on, sizeof r->stop_on, db_col_text(s, i++));
    r->owed = db_col_i64(s, i++);
    r->bills = db_col_i64(s, i++);
    str_copy(r->oldest_due, sizeof r->oldest_due, db_col_text(s, i++));
    r->absent = db_col_i64(s, i++);
}

int stoppage_store_candidates(db_conn *c, const char *today, stoppage_cand **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_CANDIDATES, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, today);
    return db_collect(s, cand_fn, sizeof **rows, (void **)rows, n, e);
}

int stoppage_store_candidate(db_conn *c, const char *today, int64_t tap_id, stoppage_cand *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_CANDIDATE, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, today);
    db_bind_i64(s, 2, tap_id);
    return db_one(s, cand_fn, out, e);
}

static void stopped_fn(db_stmt *s, void *p)
{
    stoppage_stopped *r = p;
    str_copy(r->tap_no, sizeof r->tap_no, db_col_text(s, 0));
    str_copy(r->route, sizeof r->route, db_col_text(s, 1));
    r->route_order = db_col_i64(s, 2);
    str_copy(r->stopped_on, sizeof r->stopped_on, db_col_text(s, 3));
    r->owed = db_col_i64(s, 4);
    r->reopen_order = db_col_i64(s, 5);
}

int stoppage_store_stopped(db_conn *c, const char *today, stoppage_stopped **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_STOPPED, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, today);
    return db_collect(s, stopped_fn, sizeof **rows, (void **)rows, n, e);
}

static void tap_fn(db_stmt *s, void *p)
{
    stoppage_tap *t = p;
    t->id = db_col_i64(s, 0);
    str_copy(t->tap_no, sizeof t->tap_no, db_col_text(s, 1));
    str_copy(t->status, sizeof t->status, db_col_text(s, 2));
    str_copy(t->stopped_on, sizeof t->stopped_on, db_col_text(s, 3));
    t->sensitive = db_col_i64(s, 4);
    t->welfare = db_col_i64(s, 5);
}

int stoppage_store_tap(db_conn *c, const char *tap_no, stoppage_tap *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_TAP, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, tap_no);
    return db_one(s, tap_fn, out, e);
}

int stoppage_store_set_flags(db_conn *c, int64_t tap_id, int64_t sensitive, int64_t welfare, int64_t now, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_FLAGS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_i64(s, 2, sensitive);
    db_bind_i64(s, 3, welfare);
    db_bind_i64(s, 4, now);
    return db_exec(s, e);
}

static int changed_one(db_stmt *s, const char *what, int64_t tap_id, err_t *e)
{
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, NULL, what, "tap %lld not in the expected state", (long long)tap_id);
    return rc;
}

int stoppage_store_stop(db_conn *c, int64_t tap_id, const char *day, int64_t now, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_STOP, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_text(s, 2, day);
    db_bind_i64(s, 3, now);
    return changed_one(s, "この水栓は使用中ではないため、給水停止にできません。", tap_id, e);
}

int stoppage_store_reopen(db_conn *c, int64_t tap_id, int64_t now, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_REOPEN, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_i64(s, 2, now);
    return changed_one(s, "この水栓は給水停止中ではありません。", tap_id, e);
}

int stoppage_store_open_order(db_conn *c, int64_t tap_id, const char *kind, int64_t *order_id, err_t *e)
{
    *order_id = 0;
    db_stmt *s = db_prepare(c, SQL_OPEN_ORDER, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_text(s, 2, kind);
    return db_scalar_i64(s, order_id, e);
}

int stoppage_store_set_result(db_conn *c, int64_t order_id, const char *result, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RESULT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, order_id);
    db_bind_text(s, 2, result);
    return db_exec(s, e);
}

int stoppage_store_payment_tap(db_conn *c, int64_t payment_id, int64_t *tap_id, char tap_no[16], err_t *e)
{
    *tap_id = 0;
    tap_no[0] = '\0';
    db_stmt *s = db_prepare(c, SQL_PAYMENT_TAP, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, payment_id);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        *tap_id = db_col_i64(s, 0);
        str_copy(tap_no, 16, db_col_text(s, 1));
    }
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void id_fn(db_stmt *s, void *p)
{
    *(int64_t *)p = db_col_i64(s, 0);
}

int stoppage_store_stopped_ids(db_conn *c, int64_t **ids, size_t *n, err_t *e)
{
    *ids = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_STOPPED_IDS, e);
    if (!s)
        return ERR_DB;
    int rc = db_collect(s, id_fn, sizeof **ids, (void **)ids, n, e);
    if (!rc && *n > 1)
        qsort(*ids, *n, sizeof **ids, cmp_id);
    return rc;
}

int stoppage_store_stopped_no(db_conn *c, int64_t tap_id, char tap_no[16], err_t *e)
{
    tap_no[0] = '\0';
    db_stmt *s = db_prepare(c, SQL_STOPPED_NO, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    int st = db_step(s, e);
    if (st == DB_ROW)
        str_copy(tap_no, 16, db_col_text(s, 0));
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}

int stoppage_store_unpledged_owing(db_conn *c, int64_t tap_id, const char *today, int64_t *n, err_t *e)
{
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_UNPLEDGED_OWING, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, today);
    db_bind_i64(s, 2, tap_id);
    return db_scalar_i64(s, n, e);
}
