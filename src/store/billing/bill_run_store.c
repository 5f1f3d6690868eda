/* bill_run_store — see bill_run_store.h. */
#include "store/billing/bill_run_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

/* The candidate's columns around its four look-ups (the diameter before a
 * change after the reading, the latest change on or before it, the approved
 * leak reductions, a confirmed period), which each engine takes its own way. */
#define CAND_HEAD                                                                                               \
    "SELECT r.id, r.tap_id, COALESCE(o.customer_id, 0), t.tap_no, r.cycle, r.read_on, r.kind, r.usage, r.days," \
    " t.use_code, "
#define CAND_DC_OLD                                                                                             \
    "(SELECT dc.old_diameter FROM tap_diameter_changes dc WHERE dc.tap_id = t.id"                               \
    "   AND dc.from_on > r.read_on ORDER BY dc.from_on, dc.id LIMIT 1)"
#define CAND_DC_LAST                                                                                            \
    "(SELECT dc.from_on || ' ' || dc.old_diameter FROM tap_diameter_changes dc WHERE dc.tap_id = t.id"          \
    "   AND dc.from_on <= r.read_on ORDER BY dc.from_on DESC, dc.id DESC LIMIT 1)"
#define CAND_MID                                                                                                \
    " t.sewer, t.sewer_basis, t.well_persons, t.status, rt.grp,"                                                \
    " COALESCE(o.start_on, ''), COALESCE(o.end_on, ''), COALESCE(d.m3, -1), "
#define CAND_FROM                                                                                               \
    " FROM readings r JOIN taps t ON t.id = r.tap_id JOIN routes rt ON rt.code = t.route"                       \
    " LEFT JOIN occupancies o ON o.tap_id = t.id AND o.start_on <= r.read_on"                                   \
    "   AND (o.end_on IS NULL OR o.end_on >= r.read_on)"                                                        \
    " LEFT JOIN sewer_deductions d ON d.tap_id = t.id AND d.cycle = r.cycle"
#define CAND_SELECT                                                                                             \
    CAND_HEAD "COALESCE(" CAND_DC_OLD ", t.diameter), COALESCE(" CAND_DC_LAST ", '')," CAND_MID                 \
    "COALESCE((SELECT SUM(q.leak_m3) FROM bill_requests q"                                                      \
    "           WHERE q.reading_id = r.id AND q.kind = 'leak' AND q.status = 'approved'), 0),"                 \
    " CASE WHEN EXISTS (SELECT 1 FROM bill_period_confirms pc WHERE pc.cycle = r.cycle"                         \
    "                   AND pc.tap_id = r.tap_id) THEN 1 ELSE 0 END" CAND_FROM
#define CAND_WHERE                                                                                              \
    " WHERE r.cycle = $1 AND r.status = 'accepted' AND r.kind IN ('actual', 'estimated')"                      \
    " AND ($2 = 'all' OR rt.grp = $2)"                                                                          \
    " AND NOT EXISTS (SELECT 1 FROM bills b WHERE b.reading_id = r.id AND b.status = 'current')"

/* Unordered: sorted by cand_cmp here (SQLite's temporary b-tree of every
 * row's 21 columns was a third of the statement's time at 120,000 taps). */
static const char SQL_CANDIDATES[] = CAND_SELECT CAND_WHERE;
/* PostgreSQL: the look-ups as joins.  Its correlated subqueries ran once per
 * reading, in the Gather's leader after the parallel joins (four executor
 * starts, two sorts, 59,462 times: 1.4 s of 1.8 at 120,000 taps); joined,
 * the leak reductions and confirmed periods are one hash each, and the
 * diameter changes are looked up only for the taps that have one. */
static const char SQL_CANDIDATES_PG[] =
    CAND_HEAD "CASE WHEN dx.tap_id IS NULL THEN t.diameter ELSE COALESCE(" CAND_DC_OLD ", t.diameter) END,"
    " CASE WHEN dx.tap_id IS NULL THEN '' ELSE COALESCE(" CAND_DC_LAST ", '') END," CAND_MID
    "COALESCE(q.m3, 0), CASE WHEN pc.tap_id IS NULL THEN 0 ELSE 1 END" CAND_FROM
    " LEFT JOIN (SELECT DISTINCT tap_id FROM tap_diameter_changes) dx ON dx.tap_id = t.id"
    " LEFT JOIN (SELECT reading_id, SUM(leak_m3) AS m3 FROM bill_requests WHERE kind = 'leak'"
    "   AND status = 'approved' GROUP BY reading_id) q ON q.reading_id = r.id"
    " LEFT JOIN bill_period_confirms pc ON pc.cycle = r.cycle AND pc.tap_id = r.tap_id" CAND_WHERE;
static const char SQL_CANDIDATE[] = CAND_SELECT " WHERE r.id = $1 ORDER BY o.start_on";
/* The taps with a held reading in the cycle, and, apart, every tap with an
 * accepted one: each a single pass over readings_cycle, and the difference
 * taken in bill_store_held by bisection.  (A correlated "NOT EXISTS an accepted reading"
 * made SQLite scan the cycle's accepted readings once per held tap: held x
 * accepted, 8.9 s of a 10.3 s run at 120,000 taps.) */
static const char SQL_HELD[] =
    "SELECT DISTINCT t.id, t.tap_no FROM readings h JOIN taps t ON t.id = h.tap_id JOIN routes rt ON rt.code = t.route"
    " WHERE h.cycle = $1 AND h.status = 'held' AND ($2 = 'all' OR rt.grp = $2)"
    " ORDER BY t.id";
static const char SQL_ACCEPTED_TAPS[] =
    "SELECT DISTINCT tap_id FROM readings WHERE cycle = $1 AND status = 'accepted' AND kind IN ('actual', 'estimated')"
    " ORDER BY tap_id";
static const char SQL_SKIP_PUT[] =
    "INSERT INTO bill_skips (cycle, tap_id, reason, detail, run_id) VALUES ($1, $2, $3, $4, $5)"
    " ON CONFLICT (cycle, tap_id) DO UPDATE SET reason = excluded.reason, detail = excluded.detail,"
    " run_id = excluded.run_id";
static const char SQL_SKIP_GET[] =
    "SELECT s.cycle, s.tap_id, t.tap_no, s.reason, s.detail, s.run_id FROM bill_skips s JOIN taps t ON t.id = s.tap_id"
    " WHERE s.cycle = $1 AND s.tap_id = $2";
static const char SQL_PERIOD_CONFIRM[] =
    "INSERT INTO bill_period_confirms (cycle, tap_id, reading_id, days, confirmed_by, confirmed_at)"
    " VALUES ($1, $2, $3, $4, $5, $6)"
    " ON CONFLICT (cycle, tap_id) DO UPDATE SET reading_id = excluded.reading_id, days = excluded.days,"
    " confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at";
static const char SQL_SKIP_CLEAR[] = "DELETE FROM bill_skips WHERE cycle = $1 AND tap_id = $2";
static const char SQL_SKIPS[] =
    "SELECT s.cycle, s.tap_id, t.tap_no, s.reason, s.detail, s.run_id FROM bill_skips s JOIN taps t ON t.id = s.tap_id"
    " WHERE s.cycle = $1 ORDER BY t.tap_no LIMIT $2";

#define RUN_COLS                                                                                          \
    "id, cycle, grp, status, dry_run, started_by, started_at, heartbeat_at, COALESCE(finished_at, 0),"   \
    " total_taps, done_taps, billed, skipped, pid"
static const char SQL_RUN_INSERT[] =
    "INSERT INTO bill_runs (cycle, grp, status, dry_run, started_by, started_at, heartbeat_at, total_taps, pid)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
static const char SQL_RUN_PROGRESS[] =
    "UPDATE bill_runs SET done_taps = $2, billed = $3, skipped = $4, heartbeat_at = $5 WHERE id = $1";
static const char SQL_RUN_FINISH[] =
    "UPDATE bill_runs SET status = $2, summary = $3, finished_at = $4, heartbeat_at = $4 WHERE id = $1";
static const char SQL_RUN_STATUS[] = "UPDATE bill_runs SET status = $2 WHERE id = $1";
static const char SQL_RUN_RUNNING[] = "SELECT " RUN_COLS ", summary FROM bill_runs WHERE status = 'running'";
static const char SQL_RUN_GET[] = "SELECT " RUN_COLS ", summary FROM bill_runs WHERE id = $1";
static const char SQL_RUN_LIST[] = "SELECT " RUN_COLS ", summary FROM bill_runs ORDER BY id DESC LIMIT $1";

/* "YYYY-MM-DD OLD" (the latest diameter change on or before the reading,
 * one lookup) or "" into dc_from and dc_old. */
static void change_of(const char *v, bill_cand *b)
{
    b->dc_from[0] = '\0';
    b->dc_old = 0;
    if (!v || strlen(v) < 12 || v[10] != ' ')
        return;
    long long old = 0;
    if (!str_to_i64(v + 11, &old))
        return;
    memcpy(b->dc_from, v, 10);
    b->dc_from[10] = '\0';
    b->dc_old = old;
}

static void read_cand(db_stmt *s, void *p)
{
    bill_cand *b = p;
    int i = 0;
    b->reading_id = db_col_i64(s, i++);
    b->tap_id = db_col_i64(s, i++);
    b->customer_id = db_col_i64(s, i++);
    str_copy(b->tap_no, sizeof b->tap_no, db_col_text(s, i++));
    str_copy(b->cycle, sizeof b->cycle, db_col_text(s, i++));
    str_copy(b->read_on, sizeof b->read_on, db_col_text(s, i++));
    str_copy(b->kind, sizeof b->kind, db_col_text(s, i++));
    b->usage = db_col_i64(s, i++);
    b->days = db_col_i64(s, i++);
    str_copy(b->use_code, sizeof b->use_code, db_col_text(s, i++));
    b->diameter = db_col_i64(s, i++);
    change_of(db_col_text(s, i++), b);
    str_copy(b->sewer, sizeof b->sewer, db_col_text(s, i++));
    str_copy(b->sewer_basis, sizeof b->sewer_basis, db_col_text(s, i++));
    b->well_persons = db_col_i64(s, i++);
    str_copy(b->tap_status, sizeof b->tap_status, db_col_text(s, i++));
    str_copy(b->grp, sizeof b->grp, db_col_text(s, i++));
    str_copy(b->occ_start, sizeof b->occ_start, db_col_text(s, i++));
    str_copy(b->occ_end, sizeof b->occ_end, db_col_text(s, i++));
    b->deduct_m3 = db_col_i64(s, i++);
    b->leak_m3 = db_col_i64(s, i++);
    b->period_confirmed = db_col_i64(s, i++);
}

/* Rows come ordered by reading, then occupancy start: keep the last row of
 * each reading (the occupancy that began latest). */
static size_t keep_last_per_reading(bill_cand *rows, size_t n)
{
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        if (out > 0 && rows[out - 1].reading_id == rows[i].reading_id)
            rows[out - 1] = rows[i];
        else
            rows[out++] = rows[i];
    }
    return out;
}

/* By tap, reading and occupancy start (then customer and end, so that two
 * occupancies beginning the same day still sort one way). */
static int cand_cmp(const void *a, const void *b)
{
    const bill_cand *x = a, *y = b;
    if (x->tap_id != y->tap_id)
        return x->tap_id < y->tap_id ? -1 : 1;
    if (x->reading_id != y->reading_id)
        return x->reading_id < y->reading_id ? -1 : 1;
    int c = strcmp(x->occ_start, y->occ_start);
    if (c)
        return c;
    if (x->customer_id != y->customer_id)
        return x->customer_id < y->customer_id ? -1 : 1;
    return strcmp(x->occ_end, y->occ_end);
}

int bill_store_candidates(db_conn *c, const char *cycle, const char *grp, bill_cand **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, db_kind(c) == DB_PG ? SQL_CANDIDATES_PG : SQL_CANDIDATES, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, cycle);
    db_bind_text(s, 2, grp);
    int rc = db_collect(s, read_cand, sizeof **rows, (void **)rows, n, e);
    if (!rc && *n > 1)
        qsort(*rows, *n, sizeof **rows, cand_cmp);
    if (!rc)
        *n = keep_last_per_reading(*rows, *n);
    return rc;
}

int bill_store_candidate(db_conn *c, int64_t reading_id, bill_cand *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_CANDIDATE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, reading_id);
    bill_cand *rows = NULL;
    size_t n = 0;
    int rc = db_collect(s, read_cand, sizeof *rows, (void **)&rows, &n, e);
    if (!rc && n == 0)
        rc = err_set(e, ERR_NOTFOUND, NULL, "検針が見つかりません。", "reading %lld not found", (long long)reading_id);
    if (!rc)
        *out = rows[n - 1];
    free(rows);
    return rc;
}

static void held_fn(db_stmt *s, void *p)
{
    bill_held *h = p;
    h->tap_id = db_col_i64(s, 0);
    str_copy(h->tap_no, sizeof h->tap_no, db_col_text(s, 1));
}

static void tap_id_fn(db_stmt *s, void *p)
{
    *(int64_t *)p = db_col_i64(s, 0);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int bill_store_held(db_conn *c, const char *cycle, const char *grp, bill_held **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_ACCEPTED_TAPS, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, cycle);
    int64_t *accepted = NULL;
    size_t na = 0;
    int rc = db_collect(s, tap_id_fn, sizeof *accepted, (void **)&accepted, &na, e);
    if (!rc && !(s = db_prepare(c, SQL_HELD, e)))
        rc = ERR_DB;
    if (!rc) {
        db_bind_text(s, 1, cycle);
        db_bind_text(s, 2, grp);
        rc = db_collect(s, held_fn, sizeof **rows, (void **)rows, n, e);
    }
    size_t keep = 0;
    for (size_t i = 0; !rc && i < *n; i++)
        if (!na || !bsearch(&(*rows)[i].tap_id, accepted, na, sizeof *accepted, cmp_i64))   /* ORDER BY tap_id */
            (*rows)[keep++] = (*rows)[i];
    if (!rc)
        *n = keep;
    free(accepted);
    return rc;
}

int bill_store_skip_put(db_conn *c, const bill_skip *k, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SKIP_PUT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, k->cycle);
    db_bind_i64(s, 2, k->tap_id);
    db_bind_text(s, 3, k->reason);
    db_bind_text(s, 4, k->detail);
    db_bind_i64(s, 5, k->run_id);
    return db_exec(s, e);
}

int bill_store_skip_clear(db_conn *c, const char *cycle, int64_t tap_id, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SKIP_CLEAR, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, cycle);
    db_bind_i64(s, 2, tap_id);
    return db_exec(s, e);
}

static void skip_fn(db_stmt *s, void *p)
{
    bill_skip *k = p;
    str_copy(k->cycle, sizeof k->cycle, db_col_text(s, 0));
    k->tap_id = db_col_i64(s, 1);
    str_copy(k->tap_no, sizeof k->tap_no, db_col_text(s, 2));
    str_copy(k->reason, sizeof k->reason, db_col_text(s, 3));
    str_copy(k->detail, sizeof k->detail, db_col_text(s, 4));
    k->run_id = db_col_i64(s, 5);
}

int bill_store_skips(db_conn *c, const char *cycle, size_t limit, bill_skip **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SKIPS, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, cycle);
    db_bind_i64(s, 2, (int64_t)limit);
    return db_collect(s, skip_fn, sizeof **rows, (void **)rows, n, e);
}

int bill_store_skip_get(db_conn *c, const char *cycle, int64_t tap_id, bill_skip *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SKIP_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, cycle);
    db_bind_i64(s, 2, tap_id);
    bill_skip *rows = NULL;
    size_t n = 0;
    int rc = db_collect(s, skip_fn, sizeof *rows, (void **)&rows, &n, e);
    if (!rc && n == 0)
        rc = err_set(e, ERR_NOTFOUND, NULL, "この周期に調定できなかった記録がありません。", "no skip of tap %lld in %s",
                     (long long)tap_id, cycle);
    if (!rc)
        *out = rows[0];
    free(rows);
    return rc;
}

int bill_store_period_confirm(db_conn *c, const bill_period_confirm *k, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_PERIOD_CONFIRM, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, k->cycle);
    db_bind_i64(s, 2, k->tap_id);
    db_bind_i64(s, 3, k->reading_id);
    db_bind_i64(s, 4, k->days);
    db_bind_text(s, 5, k->confirmed_by);
    db_bind_i64(s, 6, k->confirmed_at);
    return db_exec(s, e);
}

int bill_run_insert(db_conn *c, const bill_run_row *r, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RUN_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, r->cycle);
    db_bind_text(s, 2, r->grp);
    db_bind_text(s, 3, r->status);
    db_bind_i64(s, 4, r->dry_run);
    db_bind_text(s, 5, r->started_by);
    db_bind_i64(s, 6, r->started_at);
    db_bind_i64(s, 7, r->started_at);
    db_bind_i64(s, 8, r->total_taps);
    db_bind_i64(s, 9, r->pid);
    return db_insert_id(s, id_out, e);
}

int bill_run_progress(db_conn *c, int64_t id, int64_t done, int64_t billed, int64_t skipped, int64_t at, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RUN_PROGRESS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, done);
    db_bind_i64(s, 3, billed);
    db_bind_i64(s, 4, skipped);
    db_bind_i64(s, 5, at);
    return db_exec(s, e);
}

int bill_run_finish(db_conn *c, int64_t id, const char *status, const char *summary, int64_t at, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RUN_FINISH, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, status);
    db_bind_text(s, 3, summary ? summary : "");
    db_bind_i64(s, 4, at);
    return db_exec(s, e);
}

static void read_run(db_stmt *s, void *p)
{
    bill_run_row *r = p;
    int i = 0;
    r->id = db_col_i64(s, i++);
    str_copy(r->cycle, sizeof r->cycle, db_col_text(s, i++));
    str_copy(r->grp, sizeof r->grp, db_col_text(s, i++));
    str_copy(r->status, sizeof r->status, db_col_text(s, i++));
    r->dry_run = db_col_i64(s, i++);
    str_copy(r->started_by, sizeof r->started_by, db_col_text(s, i++));
    r->started_at = db_col_i64(s, i++);
    r->heartbeat_at = db_col_i64(s, i++);
    r->finished_at = db_col_i64(s, i++);
    r->total_taps = db_col_i64(s, i++);
    r->done_taps = db_col_i64(s, i++);
    r->billed = db_col_i64(s, i++);
    r->skipped = db_col_i64(s, i++);
    r->pid = db_col_i64(s, i++);
    r->summary = strdup(db_col_text(s, i));
}

int bill_run_get(db_conn *c, int64_t id, bill_run_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RUN_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    memset(out, 0, sizeof *out);
    int rc = db_one(s, read_run, out, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "調定処理が見つかりません。", "run %lld not found", (long long)id);
    return rc;
}

int bill_run_list(db_conn *c, size_t limit, bill_run_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RUN_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, (int64_t)limit);
    return db_collect(s, read_run, sizeof **rows, (void **)rows, n, e);
}

int bill_run_list_running(db_conn *c, bill_run_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RUN_RUNNING, e);
    if (!s)
        return ERR_DB;
    return db_collect(s, read_run, sizeof **rows, (void **)rows, n, e);
}

int bill_run_set_status(db_conn *c, int64_t id, const char *status, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RUN_STATUS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, status);
    return db_exec(s, e);
}

void bill_run_rows_free(bill_run_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++)
        free(rows[i].summary);
    free(rows);
}
