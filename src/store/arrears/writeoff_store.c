/* writeoff_store — see writeoff_store.h. */
#include "store/arrears/writeoff_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

/* The bill columns (a macro, so that each statement below is one static
 * string: db_prepare caches statements by their text's address, and a
 * statement formatted into a stack buffer took whichever statement was
 * cached at that address before). */
#define SQL_BILL \
    "SELECT b.id, b.tap_id, b.customer_id, t.tap_no, b.cycle, b.status," \
    " COALESCE((SELECT r.read_on FROM readings r WHERE r.id = b.reading_id), b.period_to), b.due_on," \
    " b.water_yen, b.sewer_yen, b.total_yen, COALESCE(x.paid_yen, 0)," \
    " COALESCE((SELECT SUM(a.sewer_yen) FROM allocations a WHERE a.bill_id = b.id), 0)," \
    " CASE WHEN EXISTS (SELECT 1 FROM bill_open o WHERE o.bill_id = b.id) THEN 1 ELSE 0 END," \
    " COALESCE(w.writeoff_id, 0), COALESCE(w.water_yen, 0), COALESCE(w.sewer_yen, 0)" \
    " FROM bills b JOIN taps t ON t.id = b.tap_id LEFT JOIN bill_balances x ON x.bill_id = b.id" \
    " LEFT JOIN bill_writeoffs w ON w.bill_id = b.id"

static void bill_fn(db_stmt *s, void *p)
{
    wo_bill *r = p;
    r->id = db_col_i64(s, 0);
    r->tap_id = db_col_i64(s, 1);
    r->customer_id = db_col_i64(s, 2);
    str_copy(r->tap_no, sizeof r->tap_no, db_col_text(s, 3));
    str_copy(r->cycle, sizeof r->cycle, db_col_text(s, 4));
    str_copy(r->status, sizeof r->status, db_col_text(s, 5));
    str_copy(r->read_on, sizeof r->read_on, db_col_text(s, 6));
    str_copy(r->due_on, sizeof r->due_on, db_col_text(s, 7));
    r->water_yen = db_col_i64(s, 8);
    r->sewer_yen = db_col_i64(s, 9);
    r->total_yen = db_col_i64(s, 10);
    r->paid_yen = db_col_i64(s, 11);
    r->alloc_sewer = db_col_i64(s, 12);
    r->open = db_col_i64(s, 13) != 0;
    r->writeoff_id = db_col_i64(s, 14);
    r->wo_water = db_col_i64(s, 15);
    r->wo_sewer = db_col_i64(s, 16);
}

int wo_store_bill(db_conn *c, int64_t bill_id, wo_bill *out, err_t *e)
{
    static const char sql[] = SQL_BILL " WHERE b.id = $1";
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, bill_id);
    memset(out, 0, sizeof *out);
    int rc = db_one(s, bill_fn, out, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "調定が見つかりません。", "bill %lld not found", (long long)bill_id);
    return rc;
}

int wo_store_open_due_before(db_conn *c, const char *due_before, size_t limit, wo_bill **rows, size_t *n, err_t *e)
{
    /* from bill_open by its due-date index, each bill by key */
    static const char sql[] = SQL_BILL " WHERE b.id IN (SELECT o.bill_id FROM bill_open o WHERE o.due_on < $1"
                                       " ORDER BY o.due_on, o.bill_id LIMIT $2) ORDER BY b.due_on, b.id";
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, due_before);
    db_bind_i64(s, 2, (int64_t)limit);
    return db_collect(s, bill_fn, sizeof **rows, (void **)rows, n, e);
}

/* ---- acknowledgement sources ---------------------------------------------- */

typedef struct day_row { char d[11]; } day_row;
static void day_fn(db_stmt *s, void *p)
{
    day_row *r = p;
    str_copy(r->d, sizeof r->d, db_col_text(s, 0));
}

int wo_store_ack_days(db_conn *c, int64_t bill_id, char (*days)[11], size_t max, size_t *n, err_t *e)
{
    *n = 0;
    db_stmt *s = db_prepare(c,
                            "SELECT DISTINCT p.paid_on FROM allocations a JOIN payments p ON p.id = a.payment_id"
                            " WHERE a.bill_id = $1 AND a.kind = 'payment' AND a.amount > 0 ORDER BY p.paid_on",
                            e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, bill_id);
    day_row *r = NULL;
    size_t k = 0;
    int rc = db_collect(s, day_fn, sizeof *r, (void **)&r, &k, e);
    for (size_t i = 0; !rc && i < k && i < max; i++)
        str_copy(days[(*n)++], 11, r[i].d);
    free(r);
    return rc;
}

int wo_store_first_dunning(db_conn *c, int64_t bill_id, char out[11], err_t *e)
{
    out[0] = 0;
    db_stmt *s = db_prepare(c, "SELECT deadline FROM notices WHERE bill_id = $1 AND step = 'tokusoku'", e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, bill_id);
    day_row r;
    int rc = db_one(s, day_fn, &r, e);
    if (rc == ERR_NOTFOUND) {
        err_clear(e);
        return 0;
    }
    if (!rc)
        str_copy(out, 11, r.d);
    return rc;
}

/* ---- acts ------------------------------------------------------------------ */

int wo_store_act_insert(db_conn *c, const wo_act *a, err_t *e)
{
    db_stmt *s = db_prepare(c,
                            "INSERT INTO limitation_acts (bill_id, service, kind, act_on, how, recorded_by,"
                            " recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                            e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, a->bill_id);
    db_bind_text(s, 2, a->service);
    db_bind_text(s, 3, a->kind);
    db_bind_text(s, 4, a->act_on);
    db_bind_text(s, 5, a->how);
    db_bind_text(s, 6, a->recorded_by);
    db_bind_i64(s, 7, a->recorded_at);
    return db_exec(s, e);
}

static void act_fn(db_stmt *s, void *p)
{
    wo_act *a = p;
    a->id = db_col_i64(s, 0);
    a->bill_id = db_col_i64(s, 1);
    str_copy(a->service, sizeof a->service, db_col_text(s, 2));
    str_copy(a->kind, sizeof a->kind, db_col_text(s, 3));
    str_copy(a->act_on, sizeof a->act_on, db_col_text(s, 4));
    str_copy(a->how, sizeof a->how, db_col_text(s, 5));
    str_copy(a->recorded_by, sizeof a->recorded_by, db_col_text(s, 6));
    a->recorded_at = db_col_i64(s, 7);
}

int wo_store_act_get(db_conn *c, int64_t bill_id, const char *service, wo_act *out, bool *found, err_t *e)
{
    *found = false;
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c,
                            "SELECT id, bill_id, service, kind, act_on, how, recorded_by, recorded_at"
                            " FROM limitation_acts WHERE bill_id = $1 AND service = $2",
                            e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, bill_id);
    db_bind_text(s, 2, service);
    int rc = db_one(s, act_fn, out, e);
    if (rc == ERR_NOTFOUND) {
        err_clear(e);
        return 0;
    }
    if (!rc)
        *found = true;
    return rc;
}

/* ---- write-offs ------------------------------------------------------------ */

#define WO_COLS                                                                                            \
    "id, approval_id, reason, reason_text, status, bills, amount, proposed_by, proposed_at, decided_by," \
    " decided_on"

static void wo_fn(db_stmt *s, void *p)
{
    wo_row *w = p;
    w->id = db_col_i64(s, 0);
    w->approval_id = db_col_i64(s, 1);
    str_copy(w->reason, sizeof w->reason, db_col_text(s, 2));
    str_copy(w->reason_text, sizeof w->reason_text, db_col_text(s, 3));
    str_copy(w->status, sizeof w->status, db_col_text(s, 4));
    w->bills = db_col_i64(s, 5);
    w->amount = db_col_i64(s, 6);
    str_copy(w->proposed_by, sizeof w->proposed_by, db_col_text(s, 7));
    w->proposed_at = db_col_i64(s, 8);
    str_copy(w->decided_by, sizeof w->decided_by, db_col_text(s, 9));
    str_copy(w->decided_on, sizeof w->decided_on, db_col_text(s, 10));
}

int wo_store_insert(db_conn *c, const wo_row *w, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c,
                            "INSERT INTO writeoffs (approval_id, reason, reason_text, status, bills, amount,"
                            " proposed_by, proposed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                            e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, w->approval_id);
    db_bind_text(s, 2, w->reason);
    db_bind_text(s, 3, w->reason_text);
    db_bind_text(s, 4, w->status);
    db_bind_i64(s, 5, w->bills);
    db_bind_i64(s, 6, w->amount);
    db_bind_text(s, 7, w->proposed_by);
    db_bind_i64(s, 8, w->proposed_at);
    return db_insert_id(s, id_out, e);
}

int wo_store_set_approval(db_conn *c, int64_t id, int64_t approval_id, err_t *e)
{
    db_stmt *s = db_prepare(c, "UPDATE writeoffs SET approval_id = $2 WHERE id = $1", e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, approval_id);
    return db_exec(s, e);
}

int wo_store_item_insert(db_conn *c, const wo_item *it, err_t *e)
{
    db_stmt *s = db_prepare(c,
                            "INSERT INTO writeoff_items (writeoff_id, bill_id, water_yen, sewer_yen)"
                            " VALUES ($1, $2, $3, $4)",
                            e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, it->writeoff_id);
    db_bind_i64(s, 2, it->bill_id);
    db_bind_i64(s, 3, it->water_yen);
    db_bind_i64(s, 4, it->sewer_yen);
    return db_exec(s, e);
}

static const char SQL_WO_BY_APPROVAL[] = "SELECT " WO_COLS " FROM writeoffs WHERE approval_id = $1";
static const char SQL_WO_BY_ID[] = "SELECT " WO_COLS " FROM writeoffs WHERE id = $1";

/* sql: one of the two above; where names its column for the log. */
static int wo_one(db_conn *c, const char *sql, const char *where, int64_t v, wo_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, v);
    memset(out, 0, sizeof *out);
    int rc = db_one(s, wo_fn, out, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "不納欠損の起案が見つかりません。", "writeoff %s %lld not found", where,
                       (long long)v);
    return rc;
}

int wo_store_by_approval(db_conn *c, int64_t approval_id, wo_row *out, err_t *e)
{
    return wo_one(c, SQL_WO_BY_APPROVAL, "approval_id", approval_id, out, e);
}

int wo_store_get(db_conn *c, int64_t id, wo_row *out, err_t *e)
{
    return wo_one(c, SQL_WO_BY_ID, "id", id, out, e);
}

static void item_fn(db_stmt *s, void *p)
{
    wo_item *it = p;
    it->writeoff_id = db_col_i64(s, 0);
    it->bill_id = db_col_i64(s, 1);
    it->water_yen = db_col_i64(s, 2);
    it->sewer_yen = db_col_i64(s, 3);
}

int wo_store_items(db_conn *c, int64_t writeoff_id, wo_item **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c,
                            "SELECT writeoff_id, bill_id, water_yen, sewer_yen FROM writeoff_items"
                            " WHERE writeoff_id = $1 ORDER BY bill_id",
                            e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, writeoff_id);
    return db_collect(s, item_fn, sizeof **rows, (void **)rows, n, e);
}

int wo_store_pending_of_bill(db_conn *c, int64_t bill_id, int64_t *count, err_t *e)
{
    db_stmt *s = db_prepare(c,
                            "SELECT COUNT(*) FROM writeoff_items i JOIN writeoffs w ON w.id = i.writeoff_id"
                            " WHERE i.bill_id = $1 AND w.status = 'pending'",
                            e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, bill_id);
    return db_scalar_i64(s, count, e);
}

int wo_store_decide(db_conn *c, int64_t id, const char *status, const char *by, const char *on, err_t *e)
{
    db_stmt *s = db_prepare(c,
                            "UPDATE writeoffs SET status = $2, decided_by = $3, decided_on = $4"
                            " WHERE id = $1 AND status = 'pending'",
                            e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, status);
    db_bind_text(s, 3, by);
    db_bind_text(s, 4, on);
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        rc = err_set(e, ERR_CONFLICT, NULL, "この不納欠損の起案は既に処理されています。", "writeoff %lld not pending",
                     (long long)id);
    return rc;
}

int wo_store_bill_written_off(db_conn *c, const wo_item *it, err_t *e)
{
    db_stmt *s = db_prepare(c,
                            "INSERT INTO bill_writeoffs (bill_id, writeoff_id, water_yen, sewer_yen)"
                            " VALUES ($1, $2, $3, $4)",
                            e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, it->bill_id);
    db_bind_i64(s, 2, it->writeoff_id);
    db_bind_i64(s, 3, it->water_yen);
    db_bind_i64(s, 4, it->sewer_yen);
    return db_exec(s, e);
}

int wo_store_list(db_conn *c, size_t limit, wo_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, "SELECT " WO_COLS " FROM writeoffs ORDER BY id DESC LIMIT $1", e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, (int64_t)limit);
    return db_collect(s, wo_fn, sizeof **rows, (void **)rows, n, e);
}

static void tap_fn(db_stmt *s, void *p)
{
    wo_tap_row *r = p;
    r->bill_id = db_col_i64(s, 0);
    r->writeoff_id = db_col_i64(s, 1);
    str_copy(r->reason, sizeof r->reason, db_col_text(s, 2));
    str_copy(r->decided_on, sizeof r->decided_on, db_col_text(s, 3));
    r->water_yen = db_col_i64(s, 4);
    r->sewer_yen = db_col_i64(s, 5);
}

int wo_store_of_tap(db_conn *c, const char *tap_no, wo_tap_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    /* the tap by its number, its bills by bills_tap, each write-off by key */
    db_stmt *s = db_prepare(c,
                            "SELECT w.bill_id, w.writeoff_id, o.reason, o.decided_on, w.water_yen, w.sewer_yen"
                            " FROM taps t JOIN bills b ON b.tap_id = t.id JOIN bill_writeoffs w ON w.bill_id = b.id"
                            " JOIN writeoffs o ON o.id = w.writeoff_id WHERE t.tap_no = $1 ORDER BY w.bill_id",
                            e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, tap_no);
    return db_collect(s, tap_fn, sizeof **rows, (void **)rows, n, e);
}

static void sum_fn(db_stmt *s, void *p)
{
    wo_sum *r = p;
    str_copy(r->reason, sizeof r->reason, db_col_text(s, 0));
    r->water_n = db_col_i64(s, 1);
    r->water_yen = db_col_i64(s, 2);
    r->sewer_n = db_col_i64(s, 3);
    r->sewer_yen = db_col_i64(s, 4);
}

int wo_store_sums(db_conn *c, const char *from, const char *to, wo_sum **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c,
                            "SELECT w.reason,"
                            " SUM(CASE WHEN i.water_yen > 0 THEN 1 ELSE 0 END), SUM(i.water_yen),"
                            " SUM(CASE WHEN i.sewer_yen > 0 THEN 1 ELSE 0 END), SUM(i.sewer_yen)"
                            " FROM writeoffs w JOIN bill_writeoffs i ON i.writeoff_id = w.id"
                            " WHERE w.status = 'approved' AND w.decided_on >= $1 AND w.decided_on < $2"
                            " GROUP BY w.reason ORDER BY w.reason",
                            e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, from);
    db_bind_text(s, 2, to);
    return db_collect(s, sum_fn, sizeof **rows, (void **)rows, n, e);
}

int wo_store_is_written_off(db_conn *c, int64_t bill_id, bool *yes, err_t *e)
{
    *yes = false;
    db_stmt *s = db_prepare(c, "SELECT 1 FROM bill_writeoffs WHERE bill_id = $1", e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, bill_id);
    int st = db_step(s, e);
    *yes = st == DB_ROW;
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}

int wo_store_after(db_conn *c, int64_t bill_id, int64_t writeoff_id, int64_t *yen, char last_on[11], err_t *e)
{
    *yen = 0;
    last_on[0] = '\0';
    /* by bill: allocations_bill; by write-off: its items (the key's prefix),
     * those it wrote off (bill_writeoffs by key), their allocations */
    db_stmt *s = db_prepare(c,
                            bill_id > 0
                                ? "SELECT COALESCE(SUM(a.amount), 0), COALESCE(MAX(a.posted_on), '') FROM allocations a"
                                  " WHERE a.bill_id = $1 AND a.kind = '" WO_AFTER_KIND "'"
                                : "SELECT COALESCE(SUM(a.amount), 0), COALESCE(MAX(a.posted_on), '')"
                                  " FROM writeoff_items i JOIN bill_writeoffs w ON w.bill_id = i.bill_id"
                                  " AND w.writeoff_id = i.writeoff_id JOIN allocations a ON a.bill_id = i.bill_id"
                                  " WHERE i.writeoff_id = $1 AND a.kind = '" WO_AFTER_KIND "'",
                            e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, bill_id > 0 ? bill_id : writeoff_id);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        *yen = db_col_i64(s, 0);
        str_copy(last_on, 11, db_col_text(s, 1));
    }
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}
