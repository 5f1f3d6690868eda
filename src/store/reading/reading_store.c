/* reading_store — see reading_store.h. */
#include "store/reading/reading_store.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define READING_COLS \
    "r.id, r.tap_id, r.meter_id, m.meter_no, t.tap_no, r.cycle, r.read_on, r.value, r.prev_value, r.days," \
    " r.meter_usage, r.usage, r.kind, r.status, r.reasons, r.reread, r.source, COALESCE(r.client_id, '')," \
    " r.entered_by, COALESCE(r.decided_by, ''), COALESCE(r.decided_at, 0), r.created_at, r.flush_m3" \
    " FROM readings r JOIN meters m ON m.id = r.meter_id JOIN taps t ON t.id = r.tap_id"

static const char SQL_INSERT[] =
    "INSERT INTO readings (tap_id, meter_id, cycle, read_on, value, prev_value, days, meter_usage, usage, kind,"
    " status, reasons, source, client_id, entered_by, decided_by, decided_at, created_at, flush_m3)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id";
static const char SQL_GET[] = "SELECT " READING_COLS " WHERE r.id = $1";
static const char SQL_BY_CLIENT[] = "SELECT " READING_COLS " WHERE r.client_id = $1";
static const char SQL_RECENT[] =
    "SELECT " READING_COLS " WHERE r.tap_id = $1 AND r.status <> 'replaced'"
    " ORDER BY r.read_on DESC, r.id DESC LIMIT $2";
/* The engine's view: no joins (it knows the tap and its meters), only the
 * readings since a date plus those in a second window (last year's). */
static const char SQL_RECENT_LEAN[] =
    "SELECT r.id, r.tap_id, r.meter_id, '', '', r.cycle, r.read_on, r.value, r.prev_value, r.days,"
    " r.meter_usage, r.usage, r.kind, r.status, r.reasons, r.reread, r.source, COALESCE(r.client_id, ''),"
    " r.entered_by, COALESCE(r.decided_by, ''), COALESCE(r.decided_at, 0), r.created_at, r.flush_m3"
    " FROM readings r WHERE r.tap_id = $1 AND r.status <> 'replaced'"
    " AND (r.read_on >= $3 OR r.read_on BETWEEN $4 AND $5)"
    " ORDER BY r.read_on DESC, r.id DESC LIMIT $2";
static const char SQL_DECIDE[] =
    "UPDATE readings SET status = $3, reasons = $4, decided_by = $5, decided_at = $6 WHERE id = $1 AND status = $2";
static const char SQL_REREAD[] = "UPDATE readings SET reread = $2 WHERE id = $1";
static const char SQL_LIST_STATUS[] =
    "SELECT " READING_COLS " WHERE r.status = $1 AND ($2 = '' OR r.cycle = $2)"
    " ORDER BY r.read_on, r.id LIMIT $3";
static const char SQL_LIST_REASON[] =
    "SELECT " READING_COLS " WHERE r.cycle = $1 AND r.status <> 'replaced'"
    " AND (',' || r.reasons || ',') LIKE ('%,' || $2 || ',%') ORDER BY t.route, t.route_order";
static const char SQL_SET_NOTE[] = "UPDATE taps SET reader_note_enc = $2 WHERE id = $1";
static const char SQL_GET_NOTE[] = "SELECT reader_note_enc FROM taps WHERE id = $1";
static const char SQL_REJECT_INSERT[] =
    "INSERT INTO reading_rejects (batch, line, tap_no, meter_no, read_on, value, reasons, created_by, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
static const char SQL_REJECT_LIST[] =
    "SELECT id, batch, line, tap_no, meter_no, read_on, value, reasons, created_by, created_at"
    " FROM reading_rejects WHERE resolved_at IS NULL ORDER BY created_at, batch, line LIMIT $1";
static const char SQL_REJECT_RESOLVE[] =
    "UPDATE reading_rejects SET resolved_at = $2 WHERE id = $1 AND resolved_at IS NULL";

static void read_row(db_stmt *s, void *p)
{
    reading_row *r = p;
    r->id = db_col_i64(s, 0);
    r->tap_id = db_col_i64(s, 1);
    r->meter_id = db_col_i64(s, 2);
    str_copy(r->meter_no, sizeof r->meter_no, db_col_text(s, 3));
    str_copy(r->tap_no, sizeof r->tap_no, db_col_text(s, 4));
    str_copy(r->cycle, sizeof r->cycle, db_col_text(s, 5));
    str_copy(r->read_on, sizeof r->read_on, db_col_text(s, 6));
    r->value = db_col_i64(s, 7);
    r->prev_value = db_col_i64(s, 8);
    r->days = db_col_i64(s, 9);
    r->meter_usage = db_col_i64(s, 10);
    r->usage = db_col_i64(s, 11);
    str_copy(r->kind, sizeof r->kind, db_col_text(s, 12));
    str_copy(r->status, sizeof r->status, db_col_text(s, 13));
    str_copy(r->reasons, sizeof r->reasons, db_col_text(s, 14));
    r->reread = db_col_i64(s, 15);
    str_copy(r->source, sizeof r->source, db_col_text(s, 16));
    str_copy(r->client_id, sizeof r->client_id, db_col_text(s, 17));
    str_copy(r->entered_by, sizeof r->entered_by, db_col_text(s, 18));
    str_copy(r->decided_by, sizeof r->decided_by, db_col_text(s, 19));
    r->decided_at = db_col_i64(s, 20);
    r->created_at = db_col_i64(s, 21);
    r->flush_m3 = db_col_i64(s, 22);
}

static void bind_reading(db_stmt *s, int o, const reading_row *r);

int reading_store_insert(db_conn *c, const reading_row *r, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    bind_reading(s, 0, r);
    return db_insert_id(s, id_out, e);
}

/* Bind one reading's 19 values at parameters o+1 .. o+19. */
static void bind_reading(db_stmt *s, int o, const reading_row *r)
{
    db_bind_i64(s, o + 1, r->tap_id);
    db_bind_i64(s, o + 2, r->meter_id);
    db_bind_text_kept(s, o + 3, r->cycle);
    db_bind_text_kept(s, o + 4, r->read_on);
    db_bind_i64(s, o + 5, r->value);
    db_bind_i64(s, o + 6, r->prev_value);
    db_bind_i64(s, o + 7, r->days);
    db_bind_i64(s, o + 8, r->meter_usage);
    db_bind_i64(s, o + 9, r->usage);
    db_bind_text_kept(s, o + 10, r->kind);
    db_bind_text_kept(s, o + 11, r->status);
    db_bind_text_kept(s, o + 12, r->reasons);
    db_bind_text_kept(s, o + 13, r->source);
    db_bind_text_kept(s, o + 14, r->client_id[0] ? r->client_id : NULL);
    db_bind_text_kept(s, o + 15, r->entered_by);
    db_bind_text_kept(s, o + 16, r->decided_by[0] ? r->decided_by : NULL);
    if (r->decided_at)
        db_bind_i64(s, o + 17, r->decided_at);
    else
        db_bind_null(s, o + 17);
    db_bind_i64(s, o + 18, r->created_at);
    db_bind_i64(s, o + 19, r->flush_m3);
}

#define READING_NCOLS 19
#define READING_INSERT_COLS                                                                              \
    "tap_id, meter_id, cycle, read_on, value, prev_value, days, meter_usage, usage, kind, status, reasons," \
    " source, client_id, entered_by, decided_by, decided_at, created_at, flush_m3"
static char SQL_INSERT_MANY[256 + READING_STORE_BATCH * READING_NCOLS * 8];
static pthread_once_t insert_many_once = PTHREAD_ONCE_INIT;

static void build_insert_many(void)
{
    buf_t b;
    buf_init(&b, 0);
    buf_puts(&b, "INSERT INTO readings (" READING_INSERT_COLS ") VALUES ");
    db_sql_values(&b, 1, READING_STORE_BATCH, READING_NCOLS);
    str_copy(SQL_INSERT_MANY, sizeof SQL_INSERT_MANY, buf_cstr(&b));
    buf_free(&b);
}

/* PostgreSQL: the rows by COPY.  A multi-row INSERT of 64 readings is 1,216
 * parameters the server parses and plans each time (930 statements, 3.9 s of
 * a 120,000-tap month's import); COPY streams them.  The ids are the
 * column's default, taken in the rows' order as the INSERT took them. */
static int insert_many_copy(db_conn *c, const reading_row *rows, size_t n, err_t *e)
{
    db_copy *cp = NULL;
    int rc = db_copy_begin(c, "readings", READING_INSERT_COLS, READING_NCOLS, &cp, e);
    for (size_t k = 0; !rc && k < n; k++) {
        const reading_row *r = &rows[k];
        const db_val v[READING_NCOLS] = {
            {.i64 = r->tap_id, .is_int = true},
            {.i64 = r->meter_id, .is_int = true},
            {.text = r->cycle},
            {.text = r->read_on},
            {.i64 = r->value, .is_int = true},
            {.i64 = r->prev_value, .is_int = true},
            {.i64 = r->days, .is_int = true},
            {.i64 = r->meter_usage, .is_int = true},
            {.i64 = r->usage, .is_int = true},
            {.text = r->kind},
            {.text = r->status},
            {.text = r->reasons},
            {.text = r->source},
            {.text = r->client_id[0] ? r->client_id : NULL},
            {.text = r->entered_by},
            {.text = r->decided_by[0] ? r->decided_by : NULL},
            {.i64 = r->decided_at, .is_int = r->decided_at != 0},
            {.i64 = r->created_at, .is_int = true},
            {.i64 = r->flush_m3, .is_int = true},
        };
        rc = db_copy_values(cp, v, e);
    }
    rc = db_copy_finish(cp, rc, e);
    return rc;
}

int reading_store_insert_many(db_conn *c, const reading_row *rows, size_t n, err_t *e)
{
    if (db_kind(c) == DB_PG && n > 1)
        return insert_many_copy(c, rows, n, e);
    pthread_once(&insert_many_once, build_insert_many);
    size_t i = 0;
    int rc = 0;
    for (; !rc && n - i >= READING_STORE_BATCH; i += READING_STORE_BATCH) {
        db_stmt *s = db_prepare(c, SQL_INSERT_MANY, e);
        if (!s)
            return ERR_DB;
        for (int r = 0; r < READING_STORE_BATCH; r++)
            bind_reading(s, r * READING_NCOLS, &rows[i + (size_t)r]);
        rc = db_exec(s, e);
    }
    for (int64_t id; !rc && i < n; i++)
        rc = reading_store_insert(c, &rows[i], &id, e);
    return rc;
}

static int get_one(db_conn *c, const char *sql, const char *text, int64_t id, reading_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    if (text)
        db_bind_text(s, 1, text);
    else
        db_bind_i64(s, 1, id);
    int rc = db_one(s, read_row, out, e);
    return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, NULL, "検針データが見つかりません。", "reading not found") : rc;
}

int reading_store_get(db_conn *c, int64_t id, reading_row *out, err_t *e)
{
    return get_one(c, SQL_GET, NULL, id, out, e);
}

int reading_store_by_client(db_conn *c, const char *client_id, reading_row *out, err_t *e)
{
    return get_one(c, SQL_BY_CLIENT, client_id, 0, out, e);
}

int reading_store_recent(db_conn *c, int64_t tap_id, reading_row *out, size_t max, size_t *n, err_t *e)
{
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_RECENT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_i64(s, 2, (int64_t)max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max)
        read_row(s, &out[(*n)++]);
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}

int reading_store_recent_since(db_conn *c, int64_t tap_id, const char *since, const char *also_from,
                               const char *also_to, reading_row *out, size_t max, size_t *n, err_t *e)
{
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_RECENT_LEAN, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_i64(s, 2, (int64_t)max);
    db_bind_text(s, 3, since);
    db_bind_text(s, 4, also_from ? also_from : "9999-12-31");
    db_bind_text(s, 5, also_to ? also_to : "9999-12-31");
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max)
        read_row(s, &out[(*n)++]);
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}

static char SQL_RECENT_TAPS[1024 + READING_STORE_BATCH * 5];
static pthread_once_t recent_taps_once = PTHREAD_ONCE_INIT;

static void build_recent_taps(void)
{
    buf_t b;
    buf_init(&b, 0);
    buf_puts(&b, "SELECT r.id, r.tap_id, r.meter_id, '', '', r.cycle, r.read_on, r.value, r.prev_value, r.days,"
                 " r.meter_usage, r.usage, r.kind, r.status, r.reasons, r.reread, r.source, COALESCE(r.client_id, ''),"
                 " r.entered_by, COALESCE(r.decided_by, ''), COALESCE(r.decided_at, 0), r.created_at, r.flush_m3"
                 " FROM readings r WHERE r.status <> 'replaced' AND r.read_on >= $1 AND r.tap_id IN (");
    db_sql_params(&b, 2, READING_STORE_BATCH);
    /* unordered: sorted here (SQLite sorted every row's 22 columns in a
     * temporary b-tree, a third of an import's reading ahead) */
    buf_puts(&b, ")");
    str_copy(SQL_RECENT_TAPS, sizeof SQL_RECENT_TAPS, buf_cstr(&b));
    buf_free(&b);
}

/* By tap, then newest first: read_on descending, then id descending. */
static int recent_cmp(const void *a, const void *b)
{
    const reading_row *x = a, *y = b;
    if (x->tap_id != y->tap_id)
        return x->tap_id < y->tap_id ? -1 : 1;
    int c = strcmp(y->read_on, x->read_on);
    if (c)
        return c;
    return (y->id > x->id) - (y->id < x->id);
}

int reading_store_recent_taps(db_conn *c, const int64_t *tap_ids, size_t n, const char *from, reading_row **rows,
                              size_t *nrows, err_t *e)
{
    pthread_once(&recent_taps_once, build_recent_taps);
    *rows = NULL;
    *nrows = 0;
    if (n > READING_STORE_BATCH)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "recent_taps: %zu taps", n);
    db_stmt *s = db_prepare(c, SQL_RECENT_TAPS, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, from);
    for (size_t k = 0; k < READING_STORE_BATCH; k++)
        db_bind_i64(s, (int)k + 2, k < n ? tap_ids[k] : 0);   /* no tap has id 0 */
    int rc = db_collect(s, read_row, sizeof **rows, (void **)rows, nrows, e);
    if (!rc && *nrows > 1)
        qsort(*rows, *nrows, sizeof **rows, recent_cmp);
    return rc;
}

int reading_store_decide(db_conn *c, int64_t id, const char *from, const char *to, const char *reasons,
                         const char *by, int64_t at, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_DECIDE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, from);
    db_bind_text(s, 3, to);
    db_bind_text(s, 4, reasons);
    db_bind_text(s, 5, by);
    db_bind_i64(s, 6, at);
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, NULL, "この検針データは既に処理されています。一覧を開き直してください。",
                       "reading %lld is no longer %s", (long long)id, from);
    return rc;
}

int reading_store_set_reread(db_conn *c, int64_t id, int64_t flag, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_REREAD, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, flag);
    return db_exec(s, e);
}

int reading_store_list_status(db_conn *c, const char *status, const char *cycle, size_t limit, reading_row **rows,
                              size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LIST_STATUS, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, status);
    db_bind_text(s, 2, cycle ? cycle : "");
    db_bind_i64(s, 3, (int64_t)limit);
    return db_collect(s, read_row, sizeof **rows, (void **)rows, n, e);
}

int reading_store_list_reason(db_conn *c, const char *cycle, const char *code, reading_row **rows, size_t *n,
                              err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LIST_REASON, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, cycle);
    db_bind_text(s, 2, code);
    return db_collect(s, read_row, sizeof **rows, (void **)rows, n, e);
}

int reading_store_set_note(db_conn *c, int64_t tap_id, const char *note_enc, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SET_NOTE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_text(s, 2, note_enc);
    return db_exec(s, e);
}

int reading_store_get_note(db_conn *c, int64_t tap_id, char *note_enc, size_t size, err_t *e)
{
    note_enc[0] = '\0';
    db_stmt *s = db_prepare(c, SQL_GET_NOTE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    int st = db_step(s, e);
    if (st == DB_ROW)
        str_copy(note_enc, size, db_col_text(s, 0));
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}

int reject_store_insert(db_conn *c, const reject_row *r, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_REJECT_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, r->batch);
    db_bind_i64(s, 2, r->line);
    db_bind_text(s, 3, r->tap_no);
    db_bind_text(s, 4, r->meter_no);
    db_bind_text(s, 5, r->read_on);
    db_bind_text(s, 6, r->value);
    db_bind_text(s, 7, r->reasons);
    db_bind_text(s, 8, r->created_by);
    db_bind_i64(s, 9, r->created_at);
    return db_exec(s, e);
}

static void reject_fn(db_stmt *s, void *p)
{
    reject_row *r = p;
    r->id = db_col_i64(s, 0);
    str_copy(r->batch, sizeof r->batch, db_col_text(s, 1));
    r->line = db_col_i64(s, 2);
    str_copy(r->tap_no, sizeof r->tap_no, db_col_text(s, 3));
    str_copy(r->meter_no, sizeof r->meter_no, db_col_text(s, 4));
    str_copy(r->read_on, sizeof r->read_on, db_col_text(s, 5));
    str_copy(r->value, sizeof r->value, db_col_text(s, 6));
    str_copy(r->reasons, sizeof r->reasons, db_col_text(s, 7));
    str_copy(r->created_by, sizeof r->created_by, db_col_text(s, 8));
    r->created_at = db_col_i64(s, 9);
}

int reject_store_list_open(db_conn *c, size_t limit, reject_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_REJECT_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, (int64_t)limit);
    return db_collect(s, reject_fn, sizeof **rows, (void **)rows, n, e);
}

int reject_store_resolve(db_conn *c, int64_t id, int64_t at, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_REJECT_RESOLVE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, at);
    return db_exec(s, e);
}

/* ---- imports and their refused rows -------------------------------------- */

static const char SQL_IMPORT_INSERT[] =
    "INSERT INTO reading_imports (batch, created_by, created_at, mode, applied, nrows, refused)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7)";
static const char SQL_IMPORT_GET[] =
    "SELECT batch, created_by, created_at, mode, applied, nrows, refused FROM reading_imports WHERE batch = $1";
static const char SQL_IMPORT_REFUSAL_INSERT[] =
    "INSERT INTO reading_import_refusals (batch, seq, line, tap_no, meter_no, read_on, value, code, message)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
static const char SQL_IMPORT_REFUSALS[] =
    "SELECT seq, line, tap_no, meter_no, read_on, value, code, message FROM reading_import_refusals"
    " WHERE batch = $1 ORDER BY seq";

static const char SQL_IMPORT_PURGE_REFUSALS[] =
    "DELETE FROM reading_import_refusals WHERE batch IN (SELECT batch FROM reading_imports WHERE created_at < $1)";
static const char SQL_IMPORT_PURGE[] = "DELETE FROM reading_imports WHERE created_at < $1";

int import_store_purge(db_conn *c, int64_t before, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_IMPORT_PURGE_REFUSALS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, before);
    int rc = db_exec(s, e);
    if (rc)
        return rc;
    if (!(s = db_prepare(c, SQL_IMPORT_PURGE, e)))
        return ERR_DB;
    db_bind_i64(s, 1, before);
    return db_exec(s, e);
}

int import_store_insert(db_conn *c, const import_row *r, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_IMPORT_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, r->batch);
    db_bind_text(s, 2, r->created_by);
    db_bind_i64(s, 3, r->created_at);
    db_bind_text(s, 4, r->mode);
    db_bind_i64(s, 5, r->applied ? 1 : 0);
    db_bind_i64(s, 6, r->nrows);
    db_bind_i64(s, 7, r->refused);
    return db_exec(s, e);
}

int import_store_refusal_insert(db_conn *c, const char *batch, const import_refusal_row *r, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_IMPORT_REFUSAL_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, batch);
    db_bind_i64(s, 2, r->seq);
    db_bind_i64(s, 3, r->line);
    db_bind_text(s, 4, r->tap_no);
    db_bind_text(s, 5, r->meter_no);
    db_bind_text(s, 6, r->read_on);
    db_bind_text(s, 7, r->value);
    db_bind_text(s, 8, r->code);
    db_bind_text(s, 9, r->message);
    return db_exec(s, e);
}

static void import_fn(db_stmt *s, void *p)
{
    import_row *r = p;
    str_copy(r->batch, sizeof r->batch, db_col_text(s, 0));
    str_copy(r->created_by, sizeof r->created_by, db_col_text(s, 1));
    r->created_at = db_col_i64(s, 2);
    str_copy(r->mode, sizeof r->mode, db_col_text(s, 3));
    r->applied = db_col_i64(s, 4) != 0;
    r->nrows = db_col_i64(s, 5);
    r->refused = db_col_i64(s, 6);
}

int import_store_get(db_conn *c, const char *batch, import_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_IMPORT_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, batch);
    return db_one(s, import_fn, out, e);
}

int import_store_refusals_each(db_conn *c, const char *batch, int (*fn)(const import_refusal_row *r, void *arg),
                               void *arg, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_IMPORT_REFUSALS, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, batch);
    int rc = 0, st = DB_DONE;
    while (!rc && (st = db_step(s, e)) == DB_ROW) {
        import_refusal_row r = {.seq = db_col_i64(s, 0), .line = db_col_i64(s, 1), .tap_no = db_col_text(s, 2),
                                .meter_no = db_col_text(s, 3), .read_on = db_col_text(s, 4),
                                .value = db_col_text(s, 5), .code = db_col_text(s, 6), .message = db_col_text(s, 7)};
        rc = fn(&r, arg);
    }
    if (!rc && st == DB_ERROR)
        rc = ERR_DB;
    db_done(s);
    return rc;
}

/* Through the partial index readings_held: SQLite, without statistics,
 * would rather scan every reading of every year (0.13 s at 120,000 taps). */
static const char SQL_COUNT_HELD_SQLITE[] = "SELECT COUNT(*) FROM readings INDEXED BY readings_held WHERE status = 'held'";
static const char SQL_COUNT_HELD_PG[] = "SELECT COUNT(*) FROM readings WHERE status = 'held'";

int reading_store_count_held(db_conn *c, int64_t *n, err_t *e)
{
    *n = 0;
    db_stmt *s = db_prepare(c, db_kind(c) == DB_SQLITE ? SQL_COUNT_HELD_SQLITE : SQL_COUNT_HELD_PG, e);
    if (!s)
        return ERR_DB;
    return db_scalar_i64(s, n, e);
}
