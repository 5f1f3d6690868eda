/* bill_report_store — see bill_report_store.h.  Every query starts from a
 * cycle's rows through an index (readings_cycle, bills_cycle,
 * bills_reading, reading_schedule's key): the work grows with the cycle,
 * not with the years kept. */
#include "store/billing/bill_report_store.h"

#include <string.h>

#include "base/buf.h"

/* A tap counts once however many accepted readings it has in the cycle. */
static const char SQL_READY[] =
    "SELECT t.route, COUNT(*), SUM(CASE WHEN x.estimated > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN x.billed > 0 THEN 1 ELSE 0 END)"
    " FROM (SELECT r.tap_id,"
    "   SUM(CASE WHEN r.kind = 'estimated' THEN 1 ELSE 0 END) AS estimated,"
    "   SUM(CASE WHEN EXISTS (SELECT 1 FROM bills b WHERE b.reading_id = r.id AND b.status = 'current')"
    "       THEN 1 ELSE 0 END) AS billed"
    "   FROM readings r WHERE r.cycle = $1 AND r.status = 'accepted' AND r.kind IN ('actual', 'estimated')"
    "   GROUP BY r.tap_id) x JOIN taps t ON t.id = x.tap_id"
    " GROUP BY t.route ORDER BY t.route";

static const char SQL_GROUPS[] =
    "SELECT use_code, diameter, COUNT(*), SUM(CASE WHEN estimated <> 0 THEN 1 ELSE 0 END), SUM(usage),"
    " SUM(CASE WHEN sewer_yen <> 0 THEN 1 ELSE 0 END), SUM(sewer_usage),"
    " SUM(water_yen), SUM(sewer_yen), SUM(adjust_yen), SUM(tax_yen), SUM(total_yen)"
    " FROM bills WHERE cycle = $1 AND status = 'current'"
    " GROUP BY use_code, diameter ORDER BY use_code, diameter";

static const char SQL_STARTED[] =
    "SELECT cycle FROM reading_schedule GROUP BY cycle HAVING MIN(from_on) <= $1 ORDER BY cycle DESC LIMIT $2";

static const char SQL_LAST_RUN[] =
    "SELECT status, billed FROM bill_runs WHERE cycle = $1 AND dry_run = 0 ORDER BY started_at DESC, id DESC LIMIT 1";

static void ready_fn(db_stmt *s, void *p)
{
    bill_ready_row *r = p;
    str_copy(r->route, sizeof r->route, db_col_text(s, 0));
    r->read = db_col_i64(s, 1);
    r->estimated = db_col_i64(s, 2);
    r->billed = db_col_i64(s, 3);
}

int bill_report_ready(db_conn *c, const char *cycle, bill_ready_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_READY, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, cycle);
    return db_collect(s, ready_fn, sizeof **rows, (void **)rows, n, e);
}

static void group_fn(db_stmt *s, void *p)
{
    bill_group_row *g = p;
    int i = 0;
    str_copy(g->use_code, sizeof g->use_code, db_col_text(s, i++));
    g->diameter = db_col_i64(s, i++);
    g->bills = db_col_i64(s, i++);
    g->estimated = db_col_i64(s, i++);
    g->usage = db_col_i64(s, i++);
    g->sewer_bills = db_col_i64(s, i++);
    g->sewer_usage = db_col_i64(s, i++);
    g->water_yen = db_col_i64(s, i++);
    g->sewer_yen = db_col_i64(s, i++);
    g->adjust_yen = db_col_i64(s, i++);
    g->tax_yen = db_col_i64(s, i++);
    g->total_yen = db_col_i64(s, i++);
}

int bill_report_groups(db_conn *c, const char *cycle, bill_group_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_GROUPS, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, cycle);
    return db_collect(s, group_fn, sizeof **rows, (void **)rows, n, e);
}

int bill_report_started_cycles(db_conn *c, const char *day, char (*out)[8], size_t max, size_t *n, err_t *e)
{
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_STARTED, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, day);
    db_bind_i64(s, 2, (int64_t)max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max)
        str_copy(out[(*n)++], 8, db_col_text(s, 0));
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}

int bill_report_last_run(db_conn *c, const char *cycle, char status[16], int64_t *billed, err_t *e)
{
    status[0] = '\0';
    *billed = 0;
    db_stmt *s = db_prepare(c, SQL_LAST_RUN, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, cycle);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        str_copy(status, 16, db_col_text(s, 0));
        *billed = db_col_i64(s, 1);
    }
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}
