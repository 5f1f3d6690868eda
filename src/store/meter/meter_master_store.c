/* meter_master_store — see meter_master_store.h. */
#include "store/meter/meter_master_store.h"

#include <string.h>

#include "base/buf.h"

#define MM_COLS                                                                                            \
    "m.id, m.meter_no, m.maker, m.model, m.lot, m.diameter, m.digits, m.certified_until, m.status,"         \
    " COALESCE(m.receipt_id, 0), COALESCE(m.contractor_id, 0), COALESCE(c.designation_no, ''),"              \
    " COALESCE(c.name, ''), COALESCE(m.tap_id, 0), COALESCE(t.tap_no, ''), COALESCE(m.installed_on, ''),"    \
    " COALESCE(m.removed_on, ''), m.created_at"
#define MM_FROM                                                                                            \
    " FROM meters m LEFT JOIN works_contractors c ON c.id = m.contractor_id LEFT JOIN taps t ON t.id = m.tap_id"

static const char SQL_INSERT[] =
    "INSERT INTO meters (meter_no, maker, model, lot, diameter, digits, certified_until, status, receipt_id,"
    " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
static const char SQL_GET[] = "SELECT " MM_COLS MM_FROM " WHERE m.meter_no = $1";
static const char SQL_MOVE[] = "UPDATE meters SET status = $3, contractor_id = $4 WHERE id = $1 AND status = $2";
static const char SQL_RECERTIFY[] = "UPDATE meters SET certified_until = $2 WHERE id = $1";
static const char SQL_BETWEEN[] =
    "SELECT meter_no FROM meters WHERE meter_no >= $1 AND meter_no <= $2 AND LENGTH(meter_no) = $3"
    " ORDER BY meter_no";
static const char SQL_FIND[] =
    "SELECT " MM_COLS MM_FROM " WHERE ($1 = '' OR m.meter_no LIKE $1 ESCAPE '!') AND ($2 = '' OR m.status = $2)"
    " AND ($3 = 0 OR m.diameter = $3) AND ($4 = 0 OR m.contractor_id = $4) ORDER BY m.meter_no LIMIT $5";

static void read_row(db_stmt *s, void *p)
{
    meter_master_row *m = p;
    m->id = db_col_i64(s, 0);
    str_copy(m->serial, sizeof m->serial, db_col_text(s, 1));
    str_copy(m->maker, sizeof m->maker, db_col_text(s, 2));
    str_copy(m->model, sizeof m->model, db_col_text(s, 3));
    str_copy(m->lot, sizeof m->lot, db_col_text(s, 4));
    m->diameter = db_col_i64(s, 5);
    m->digits = db_col_i64(s, 6);
    str_copy(m->certified_until, sizeof m->certified_until, db_col_text(s, 7));
    str_copy(m->status, sizeof m->status, db_col_text(s, 8));
    m->receipt_id = db_col_i64(s, 9);
    m->contractor_id = db_col_i64(s, 10);
    str_copy(m->contractor_no, sizeof m->contractor_no, db_col_text(s, 11));
    str_copy(m->contractor_name, sizeof m->contractor_name, db_col_text(s, 12));
    m->tap_id = db_col_i64(s, 13);
    str_copy(m->tap_no, sizeof m->tap_no, db_col_text(s, 14));
    str_copy(m->installed_on, sizeof m->installed_on, db_col_text(s, 15));
    str_copy(m->removed_on, sizeof m->removed_on, db_col_text(s, 16));
    m->created_at = db_col_i64(s, 17);
}

int meter_master_store_insert(db_conn *c, const meter_master_row *m, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, m->serial);
    db_bind_text(s, 2, m->maker);
    db_bind_text(s, 3, m->model);
    db_bind_text(s, 4, m->lot);
    db_bind_i64(s, 5, m->diameter);
    db_bind_i64(s, 6, m->digits);
    db_bind_text(s, 7, m->certified_until);
    db_bind_text(s, 8, m->status);
    db_bind_id_or_null(s, 9, m->receipt_id);
    db_bind_i64(s, 10, m->created_at);
    int rc = db_insert_id(s, id_out, e);
    if (rc == ERR_CONFLICT) {
        str_copy(e->field, sizeof e->field, "serials");
        str_fmt(e->user, sizeof e->user, "メーター番号 %s は既に登録されています。", m->serial);
    }
    return rc;
}

int meter_master_store_get(db_conn *c, const char *serial, meter_master_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, serial);
    int rc = db_one(s, read_row, out, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, "serial", NULL, "meter %s not found", serial);
    return rc;
}

int meter_master_store_move(db_conn *c, int64_t id, const char *from, const char *to, int64_t contractor_id,
                            err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_MOVE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, from);
    db_bind_text(s, 3, to);
    db_bind_id_or_null(s, 4, contractor_id);
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, "serial", "メーターの状態が変わっています。画面を開き直してください。",
                       "meter %lld not %s", (long long)id, from);
    return rc;
}

int meter_master_store_recertify(db_conn *c, int64_t id, const char *certified_until, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RECERTIFY, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, certified_until);
    return db_exec(s, e);
}

static void read_serial(db_stmt *s, void *p)
{
    str_copy(((meter_serial_row *)p)->serial, sizeof ((meter_serial_row *)p)->serial, db_col_text(s, 0));
}

int meter_master_store_between(db_conn *c, const char *lo, const char *hi, meter_serial_row **rows, size_t *n,
                               err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_BETWEEN, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, lo);
    db_bind_text(s, 2, hi);
    db_bind_i64(s, 3, (int64_t)strlen(lo));
    return db_collect(s, read_serial, sizeof **rows, (void **)rows, n, e);
}

int meter_master_store_find(db_conn *c, const meter_master_filter *f, meter_master_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_FIND, e);
    if (!s)
        return ERR_DB;
    char like[64] = "";
    if (f->q && *f->q) {
        size_t k = 0;
        for (const char *p = f->q; *p && k + 3 < sizeof like; p++) {
            if (*p == '%' || *p == '_' || *p == '!')
                like[k++] = '!';
            like[k++] = *p;
        }
        like[k++] = '%';
        like[k] = '\0';
    }
    db_bind_text(s, 1, like);
    db_bind_text(s, 2, f->status ? f->status : "");
    db_bind_i64(s, 3, f->diameter);
    db_bind_i64(s, 4, f->contractor_id);
    db_bind_i64(s, 5, f->limit > 0 ? f->limit : 200);
    return db_collect(s, read_row, sizeof **rows, (void **)rows, n, e);
}
