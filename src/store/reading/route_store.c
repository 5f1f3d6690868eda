/* route_store — see route_store.h. */
#include "store/reading/route_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

static const char SQL_UPSERT[] =
    "INSERT INTO routes (code, name, grp) VALUES ($1, $2, $3)"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name, grp = excluded.grp";
static const char SQL_GET[] = "SELECT code, name, grp FROM routes WHERE code = $1";
static const char SQL_LIST[] = "SELECT code, name, grp FROM routes ORDER BY code";
static const char SQL_SCHED_ADD[] =
    "INSERT INTO reading_schedule (cycle, route, from_on, to_on) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (cycle, route) DO NOTHING";
static const char SQL_SCHED_LIST[] =
    "SELECT cycle, route, from_on, to_on FROM reading_schedule WHERE cycle = $1 ORDER BY route";
static const char SQL_SCHED_ALL[] = "SELECT cycle, route, from_on, to_on FROM reading_schedule ORDER BY route, from_on";
static const char SQL_TAPS[] =
    "SELECT t.id, t.tap_no, t.route_order, t.area_code, t.address_enc, t.reader_note_enc, t.status,"
    " COALESCE(m.id, 0), COALESCE(m.meter_no, ''), COALESCE(m.digits, 0), t.stopped_on"
    " FROM taps t LEFT JOIN meters m ON m.tap_id = t.id AND m.status = 'installed'"
    " WHERE t.route = $1 AND t.status <> 'closed' ORDER BY t.route_order, t.tap_no";
/* The taps a cycle reads on each route: those in use, and those closed since
 * that were read in the cycle (else a tap read, then closed, made the route
 * more than 100 % read and its unread count negative).  A tap stopped for
 * arrears (給水停止, stopped_on) expects no reading: it counts only when read. */
static const char SQL_COUNT_TAPS[] =
    "SELECT t.route, COUNT(*) FROM taps t WHERE (t.status <> 'closed' AND t.stopped_on = '') OR EXISTS (SELECT 1 FROM readings r"
    " WHERE r.tap_id = t.id AND r.cycle = $1 AND r.kind IN ('actual', 'estimated') AND r.status <> 'replaced')"
    " GROUP BY t.route ORDER BY t.route";
/* A tap counts as read when a reading of the cycle is accepted, held when
 * its only readings of the cycle are held. */
static const char SQL_COUNT_READ[] =
    "SELECT t.route, SUM(CASE WHEN x.accepted > 0 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN x.accepted = 0 THEN 1 ELSE 0 END)"
    " FROM (SELECT tap_id, SUM(CASE WHEN status = 'accepted' THEN 1 ELSE 0 END) AS accepted"
    "       FROM readings WHERE cycle = $1 AND kind IN ('actual', 'estimated') AND status <> 'replaced'"
    "       GROUP BY tap_id) x JOIN taps t ON t.id = x.tap_id"
    " GROUP BY t.route";

int route_store_upsert(db_conn *c, const route_row *r, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_UPSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, r->code);
    db_bind_text(s, 2, r->name);
    db_bind_text(s, 3, r->grp);
    return db_exec(s, e);
}

static void read_route(db_stmt *s, route_row *r)
{
    str_copy(r->code, sizeof r->code, db_col_text(s, 0));
    str_copy(r->name, sizeof r->name, db_col_text(s, 1));
    str_copy(r->grp, sizeof r->grp, db_col_text(s, 2));
}

int route_store_get(db_conn *c, const char *code, route_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, code);
    int st = db_step(s, e);
    if (st == DB_ROW)
        read_route(s, out);
    db_done(s);
    if (st == DB_ERROR)
        return ERR_DB;
    return st == DB_ROW ? 0 : err_set(e, ERR_NOTFOUND, "route", "検針区が見つかりません。", "route not found");
}

static void route_fn(db_stmt *s, void *r)
{
    read_route(s, r);
}

int route_store_list(db_conn *c, route_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LIST, e);
    if (!s)
        return ERR_DB;
    return db_collect(s, route_fn, sizeof **rows, (void **)rows, n, e);
}

int schedule_store_add(db_conn *c, const schedule_row *r, int *added, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SCHED_ADD, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, r->cycle);
    db_bind_text(s, 2, r->route);
    db_bind_text(s, 3, r->from_on);
    db_bind_text(s, 4, r->to_on);
    int rc = db_exec(s, e);
    if (added)
        *added = rc == 0 && db_changes(s) > 0;
    return rc;
}

static void sched_fn(db_stmt *s, void *p)
{
    schedule_row *r = p;
    str_copy(r->cycle, sizeof r->cycle, db_col_text(s, 0));
    str_copy(r->route, sizeof r->route, db_col_text(s, 1));
    str_copy(r->from_on, sizeof r->from_on, db_col_text(s, 2));
    str_copy(r->to_on, sizeof r->to_on, db_col_text(s, 3));
}

int schedule_store_list(db_conn *c, const char *cycle, schedule_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SCHED_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, cycle);
    return db_collect(s, sched_fn, sizeof **rows, (void **)rows, n, e);
}

int schedule_store_all(db_conn *c, schedule_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SCHED_ALL, e);
    if (!s)
        return ERR_DB;
    return db_collect(s, sched_fn, sizeof **rows, (void **)rows, n, e);
}

static void tap_fn(db_stmt *s, void *p)
{
    route_tap *t = p;
    t->tap_id = db_col_i64(s, 0);
    str_copy(t->tap_no, sizeof t->tap_no, db_col_text(s, 1));
    t->route_order = db_col_i64(s, 2);
    str_copy(t->area_code, sizeof t->area_code, db_col_text(s, 3));
    str_copy(t->address_enc, sizeof t->address_enc, db_col_text(s, 4));
    str_copy(t->note_enc, sizeof t->note_enc, db_col_text(s, 5));
    str_copy(t->status, sizeof t->status, db_col_text(s, 6));
    t->meter_id = db_col_i64(s, 7);
    str_copy(t->meter_no, sizeof t->meter_no, db_col_text(s, 8));
    t->digits = db_col_i64(s, 9);
    str_copy(t->stopped_on, sizeof t->stopped_on, db_col_text(s, 10));
}

int route_store_taps(db_conn *c, const char *route, route_tap **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_TAPS, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, route);
    return db_collect(s, tap_fn, sizeof **rows, (void **)rows, n, e);
}

static void count_fn(db_stmt *s, void *p)
{
    route_count *r = p;
    str_copy(r->route, sizeof r->route, db_col_text(s, 0));
    r->taps = db_col_i64(s, 1);
}

int route_store_counts(db_conn *c, const char *cycle, route_count **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_COUNT_TAPS, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, cycle);
    int rc = db_collect(s, count_fn, sizeof **rows, (void **)rows, n, e);
    if (rc)
        return rc;
    s = db_prepare(c, SQL_COUNT_READ, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, cycle);
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        const char *route = db_col_text(s, 0);
        for (size_t i = 0; i < *n; i++)
            if (strcmp((*rows)[i].route, route) == 0) {
                (*rows)[i].read = db_col_i64(s, 1);
                (*rows)[i].held = db_col_i64(s, 2);
            }
    }
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}
