/* meter_store — see meter_store.h. */
#include "store/reading/meter_store.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define METER_COLS \
    "id, meter_no, maker, diameter, digits, certified_until, COALESCE(tap_id, 0), COALESCE(installed_on, '')," \
    " COALESCE(removed_on, ''), status, created_at"

static const char SQL_INSERT[] =
    "INSERT INTO meters (meter_no, maker, diameter, digits, certified_until, status, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
static const char SQL_BY_NO[] = "SELECT " METER_COLS " FROM meters WHERE meter_no = $1";
static const char SQL_BY_ID[] = "SELECT " METER_COLS " FROM meters WHERE id = $1";
static const char SQL_CURRENT[] = "SELECT " METER_COLS " FROM meters WHERE tap_id = $1 AND status = 'installed'";
static const char SQL_LIST_TAP[] =
    "SELECT " METER_COLS " FROM meters WHERE tap_id = $1 ORDER BY installed_on DESC, id DESC";
static const char SQL_INSTALL[] =
    "UPDATE meters SET tap_id = $2, installed_on = $3, removed_on = NULL, status = 'installed', contractor_id = NULL"
    " WHERE id = $1 AND status IN ('stock', 'issued')";
static const char SQL_REMOVE[] =
    "UPDATE meters SET removed_on = $2, status = 'removed' WHERE id = $1 AND status = 'installed'";

static const char SQL_AT_TAP_NO[] =
    "SELECT m.id, m.meter_no, m.maker, m.diameter, m.digits, m.certified_until, COALESCE(m.tap_id, 0),"
    " COALESCE(m.installed_on, ''), COALESCE(m.removed_on, ''), m.status, m.created_at,"
    " t.id, t.tap_no, t.route, t.status, m.id IS NULL"
    " FROM taps t LEFT JOIN meters m ON m.tap_id = t.id AND m.status = 'installed' WHERE t.tap_no = $1";

static void read_meter(db_stmt *s, meter_row *m)
{
    m->id = db_col_i64(s, 0);
    str_copy(m->meter_no, sizeof m->meter_no, db_col_text(s, 1));
    str_copy(m->maker, sizeof m->maker, db_col_text(s, 2));
    m->diameter = db_col_i64(s, 3);
    m->digits = db_col_i64(s, 4);
    str_copy(m->certified_until, sizeof m->certified_until, db_col_text(s, 5));
    m->tap_id = db_col_i64(s, 6);
    str_copy(m->installed_on, sizeof m->installed_on, db_col_text(s, 7));
    str_copy(m->removed_on, sizeof m->removed_on, db_col_text(s, 8));
    str_copy(m->status, sizeof m->status, db_col_text(s, 9));
    m->created_at = db_col_i64(s, 10);
}

int meter_store_insert(db_conn *c, const meter_row *m, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, m->meter_no);
    db_bind_text(s, 2, m->maker);
    db_bind_i64(s, 3, m->diameter);
    db_bind_i64(s, 4, m->digits);
    db_bind_text(s, 5, m->certified_until);
    db_bind_text(s, 6, m->status[0] ? m->status : "stock");
    db_bind_i64(s, 7, m->created_at);
    int rc = db_insert_id(s, id_out, e);
    if (rc == ERR_CONFLICT) {
        str_copy(e->field, sizeof e->field, "meter_no");
        str_copy(e->user, sizeof e->user, "そのメーター番号は既に登録されています。");
    }
    return rc;
}

static void meter_fn(db_stmt *s, void *m)
{
    read_meter(s, m);
}

static int get_one(db_conn *c, const char *sql, const char *text, int64_t id, meter_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    if (text)
        db_bind_text(s, 1, text);
    else
        db_bind_i64(s, 1, id);
    int rc = db_one(s, meter_fn, out, e);
    return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, "meter_no", "メーターが見つかりません。", "meter not found") : rc;
}

int meter_store_get_by_no(db_conn *c, const char *meter_no, meter_row *out, err_t *e)
{
    return get_one(c, SQL_BY_NO, meter_no, 0, out, e);
}

int meter_store_get(db_conn *c, int64_t id, meter_row *out, err_t *e)
{
    return get_one(c, SQL_BY_ID, NULL, id, out, e);
}

int meter_store_current(db_conn *c, int64_t tap_id, meter_row *out, err_t *e)
{
    return get_one(c, SQL_CURRENT, NULL, tap_id, out, e);
}

/* A row of SQL_AT_TAP_NO(S): the tap's id, number, route and status, and
 * its installed meter when it has one. */
static void read_at(db_stmt *s, tap_row *t, meter_row *m, bool *has_meter)
{
    *has_meter = db_col_i64(s, 15) == 0;
    if (*has_meter)
        read_meter(s, m);
    t->id = db_col_i64(s, 11);
    str_copy(t->tap_no, sizeof t->tap_no, db_col_text(s, 12));
    str_copy(t->route, sizeof t->route, db_col_text(s, 13));
    str_copy(t->status, sizeof t->status, db_col_text(s, 14));
}

int meter_store_at_tap_no(db_conn *c, const char *tap_no, tap_row *t, meter_row *m, bool *has_meter, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_AT_TAP_NO, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, tap_no);
    int st = db_step(s, e);
    if (st == DB_ROW)
        read_at(s, t, m, has_meter);
    db_done(s);
    if (st == DB_ERROR)
        return ERR_DB;
    return st == DB_ROW ? 0 : err_set(e, ERR_NOTFOUND, "tap_no", "水栓番号が見つかりません。", "tap not found");
}

static char SQL_AT_TAP_NOS[sizeof SQL_AT_TAP_NO + METER_STORE_BATCH * 5 + 16];
static pthread_once_t at_tap_nos_once = PTHREAD_ONCE_INIT;

static void build_at_tap_nos(void)
{
    buf_t b;
    buf_init(&b, 0);
    buf_append(&b, SQL_AT_TAP_NO, sizeof SQL_AT_TAP_NO - 5);   /* all but "= $1" */
    buf_puts(&b, "IN (");
    db_sql_params(&b, 1, METER_STORE_BATCH);
    buf_putc(&b, ')');
    str_copy(SQL_AT_TAP_NOS, sizeof SQL_AT_TAP_NOS, buf_cstr(&b));
    buf_free(&b);
}

int meter_store_at_tap_nos(db_conn *c, const char *const *tap_nos, size_t n, meter_at *out, err_t *e)
{
    pthread_once(&at_tap_nos_once, build_at_tap_nos);
    if (n > METER_STORE_BATCH)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "at_tap_nos: %zu taps", n);
    memset(out, 0, n * sizeof *out);
    db_stmt *s = db_prepare(c, SQL_AT_TAP_NOS, e);
    if (!s)
        return ERR_DB;
    for (size_t k = 0; k < METER_STORE_BATCH; k++)
        db_bind_text(s, (int)k + 1, k < n ? tap_nos[k] : "");   /* no tap is numbered "" */
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        const char *no = db_col_text(s, 12);
        for (size_t k = 0; k < n; k++) {
            if (out[k].found || strcmp(tap_nos[k], no) != 0)
                continue;
            out[k].found = true;
            read_at(s, &out[k].tap, &out[k].meter, &out[k].has_meter);
        }
    }
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}

int meter_store_list_tap(db_conn *c, int64_t tap_id, meter_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LIST_TAP, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    return db_collect(s, meter_fn, sizeof **rows, (void **)rows, n, e);
}

static int change(db_conn *c, const char *sql, int64_t id, int64_t tap_id, const char *on, err_t *e)
{
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    if (tap_id) {
        db_bind_i64(s, 2, tap_id);
        db_bind_text(s, 3, on);
    } else {
        db_bind_text(s, 2, on);
    }
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, "meter_no", "メーターの状態が変わっています。画面を開き直してください。",
                       "meter %lld not in the expected state", (long long)id);
    return rc;
}

int meter_store_install(db_conn *c, int64_t id, int64_t tap_id, const char *on, err_t *e)
{
    return change(c, SQL_INSTALL, id, tap_id, on, e);
}

int meter_store_remove(db_conn *c, int64_t id, const char *on, err_t *e)
{
    return change(c, SQL_REMOVE, id, 0, on, e);
}
