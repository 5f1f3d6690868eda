/* meter_event_store — see meter_event_store.h. */
#include "store/meter/meter_event_store.h"

#include "base/buf.h"

static const char SQL_INSERT[] =
    "INSERT INTO meter_events (meter_id, on_date, from_status, to_status, tap_id, contractor_id, ref, note,"
    " done_by, done_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
static const char SQL_LIST[] =
    "SELECT v.id, v.meter_id, v.on_date, v.from_status, v.to_status, COALESCE(v.tap_id, 0),"
    " COALESCE(v.contractor_id, 0), COALESCE(t.tap_no, ''), COALESCE(c.designation_no, ''), COALESCE(c.name, ''),"
    " v.ref, v.note, v.done_by, v.done_at FROM meter_events v LEFT JOIN taps t ON t.id = v.tap_id"
    " LEFT JOIN works_contractors c ON c.id = v.contractor_id WHERE v.meter_id = $1 ORDER BY v.id";

int meter_event_store_insert(db_conn *c, const meter_event_row *r, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->meter_id);
    db_bind_text(s, 2, r->on_date);
    db_bind_text(s, 3, r->from_status);
    db_bind_text(s, 4, r->to_status);
    db_bind_id_or_null(s, 5, r->tap_id);
    db_bind_id_or_null(s, 6, r->contractor_id);
    db_bind_text(s, 7, r->ref);
    db_bind_text(s, 8, r->note);
    db_bind_text(s, 9, r->done_by);
    db_bind_i64(s, 10, r->done_at);
    return db_exec(s, e);
}

static void read_row(db_stmt *s, void *p)
{
    meter_event_row *r = p;
    r->id = db_col_i64(s, 0);
    r->meter_id = db_col_i64(s, 1);
    str_copy(r->on_date, sizeof r->on_date, db_col_text(s, 2));
    str_copy(r->from_status, sizeof r->from_status, db_col_text(s, 3));
    str_copy(r->to_status, sizeof r->to_status, db_col_text(s, 4));
    r->tap_id = db_col_i64(s, 5);
    r->contractor_id = db_col_i64(s, 6);
    str_copy(r->tap_no, sizeof r->tap_no, db_col_text(s, 7));
    str_copy(r->contractor_no, sizeof r->contractor_no, db_col_text(s, 8));
    str_copy(r->contractor_name, sizeof r->contractor_name, db_col_text(s, 9));
    str_copy(r->ref, sizeof r->ref, db_col_text(s, 10));
    str_copy(r->note, sizeof r->note, db_col_text(s, 11));
    str_copy(r->done_by, sizeof r->done_by, db_col_text(s, 12));
    r->done_at = db_col_i64(s, 13);
}

int meter_event_store_list(db_conn *c, int64_t meter_id, meter_event_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, meter_id);
    return db_collect(s, read_row, sizeof **rows, (void **)rows, n, e);
}
