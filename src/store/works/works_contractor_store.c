/* works_contractor_store — see works_contractor_store.h. */
#include "store/works/works_contractor_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define WC_COLS                                                                                              \
    "id, designation_no, name, name_kana, address, phone, representative_enc, designated_on, valid_until,"   \
    " status, suspended_from, suspended_until, revoked_on, created_by, created_at, updated_by, updated_at, version"
static const char SQL_WC_INSERT[] =
    "INSERT INTO works_contractors (designation_no, name, name_kana, address, phone, representative_enc,"
    " designated_on, valid_until, status, created_by, created_at, updated_by, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $11) RETURNING id";
static const char SQL_WC_UPDATE[] =
    "UPDATE works_contractors SET designation_no = $2, name = $3, name_kana = $4, address = $5, phone = $6,"
    " representative_enc = $7, designated_on = $8, valid_until = $9, updated_by = $10, updated_at = $11,"
    " version = version + 1 WHERE id = $1 AND version = $12";
static const char SQL_WC_STATE[] =
    "UPDATE works_contractors SET status = $2, suspended_from = $3, suspended_until = $4, revoked_on = $5,"
    " valid_until = $6, updated_by = $7, updated_at = $8, version = version + 1 WHERE id = $1";
static const char SQL_WC_GET[] = "SELECT " WC_COLS " FROM works_contractors WHERE id = $1";
static const char SQL_WC_BY_NO[] = "SELECT " WC_COLS " FROM works_contractors WHERE designation_no = $1";
static const char SQL_WC_TAKEN[] = "SELECT COUNT(*) FROM works_contractors WHERE designation_no = $1 AND id <> $2";

/* The effective state as of $6 (see works_contractor_filter). */
#define WC_STATE                                                                                             \
    "CASE WHEN status = 'revoked' THEN 'revoked' WHEN valid_until < $6 THEN 'expired'"                        \
    " WHEN status = 'suspended' AND suspended_from <= $6 AND (suspended_until = '' OR suspended_until >= $6)" \
    " THEN 'suspended' ELSE 'active' END"
#define WC_FILTER                                                                                            \
    " WHERE ($1 = '' OR designation_no LIKE $1 ESCAPE '!') AND ($2 = '' OR name LIKE $2 ESCAPE '!')"          \
    " AND ($3 = '' OR name_kana LIKE $3 ESCAPE '!') AND ($4 = '' OR " WC_STATE " = $4)"                         \
    " AND ($5 = '' OR (status <> 'revoked' AND valid_until <= $5 AND valid_until >= $6))"
/* (with the engineers registered on $6, the filter's today) */
static const char SQL_WC_PAGE[] =
    "SELECT " WC_COLS ", (SELECT COUNT(*) FROM works_engineers g WHERE g.contractor_id = works_contractors.id"
    " AND g.registered_on <= $6 AND (g.removed_on = '' OR g.removed_on > $6))"
    " FROM works_contractors" WC_FILTER " ORDER BY designation_no, id LIMIT $7 OFFSET $8";
static const char SQL_WC_COUNT[] = "SELECT COUNT(*) FROM works_contractors" WC_FILTER;

#define WE_COLS "id, contractor_id, licence_no, name_enc, registered_on, removed_on, created_by, created_at"
static const char SQL_WE_INSERT[] =
    "INSERT INTO works_engineers (contractor_id, licence_no, name_enc, registered_on, created_by, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
static const char SQL_WE_GET[] = "SELECT " WE_COLS " FROM works_engineers WHERE id = $1";
static const char SQL_WE_LIST[] =
    "SELECT " WE_COLS " FROM works_engineers WHERE contractor_id = $1 ORDER BY registered_on, id";
static const char SQL_WE_REMOVE[] = "UPDATE works_engineers SET removed_on = $2 WHERE id = $1 AND removed_on = ''";
static const char SQL_WE_LICENCE[] =
    "SELECT COUNT(*) FROM works_engineers WHERE contractor_id = $1 AND licence_no = $2 AND removed_on = ''";
static const char SQL_WE_ALL_ENC[] = "SELECT " WE_COLS " FROM works_engineers ORDER BY id";
static const char SQL_WE_SET_ENC[] = "UPDATE works_engineers SET name_enc = $2 WHERE id = $1";

#define EV_COLS "id, contractor_id, kind, from_on, until_on, reason_enc, changes, done_by, done_at"
static const char SQL_EV_INSERT[] =
    "INSERT INTO works_contractor_events (contractor_id, kind, from_on, until_on, reason_enc, changes, done_by,"
    " done_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
static const char SQL_EV_LIST[] =
    "SELECT " EV_COLS " FROM works_contractor_events WHERE contractor_id = $1 ORDER BY id";
static const char SQL_EV_ALL_ENC[] = "SELECT " EV_COLS " FROM works_contractor_events WHERE reason_enc <> '' ORDER BY id";
static const char SQL_EV_SET_ENC[] = "UPDATE works_contractor_events SET reason_enc = $2 WHERE id = $1";
static const char SQL_WC_ALL[] = "SELECT " WC_COLS " FROM works_contractors ORDER BY id";
static const char SQL_WC_SET_ENC[] = "UPDATE works_contractors SET representative_enc = $2 WHERE id = $1";

/* ---- the contractor ---------------------------------------------------- */

static void read_contractor(db_stmt *s, void *slot)
{
    works_contractor_row *r = slot;
    r->id = db_col_i64(s, 0);
    str_copy(r->designation_no, sizeof r->designation_no, db_col_text(s, 1));
    str_copy(r->name, sizeof r->name, db_col_text(s, 2));
    str_copy(r->name_kana, sizeof r->name_kana, db_col_text(s, 3));
    str_copy(r->address, sizeof r->address, db_col_text(s, 4));
    str_copy(r->phone, sizeof r->phone, db_col_text(s, 5));
    str_copy(r->representative_enc, sizeof r->representative_enc, db_col_text(s, 6));
    str_copy(r->designated_on, sizeof r->designated_on, db_col_text(s, 7));
    str_copy(r->valid_until, sizeof r->valid_until, db_col_text(s, 8));
    str_copy(r->status, sizeof r->status, db_col_text(s, 9));
    str_copy(r->suspended_from, sizeof r->suspended_from, db_col_text(s, 10));
    str_copy(r->suspended_until, sizeof r->suspended_until, db_col_text(s, 11));
    str_copy(r->revoked_on, sizeof r->revoked_on, db_col_text(s, 12));
    str_copy(r->created_by, sizeof r->created_by, db_col_text(s, 13));
    r->created_at = db_col_i64(s, 14);
    str_copy(r->updated_by, sizeof r->updated_by, db_col_text(s, 15));
    r->updated_at = db_col_i64(s, 16);
    r->version = db_col_i64(s, 17);
}

/* ERR_CONFLICT naming the field when another contractor has the number. */
static int number_free(db_conn *c, const char *no, int64_t self, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_WC_TAKEN, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, no);
    db_bind_i64(s, 2, self);
    int64_t n = 0;
    int rc = db_scalar_i64(s, &n, e);
    if (!rc && n > 0)
        rc = err_set(e, ERR_CONFLICT, "designation_no", "この指定番号は別の事業者に使われています。",
                     "designation_no %s taken", no);
    return rc;
}

int works_contractor_store_insert(db_conn *c, const works_contractor_row *r, int64_t *id_out, err_t *e)
{
    int rc = number_free(c, r->designation_no, 0, e);
    if (rc)
        return rc;
    db_stmt *s = db_prepare(c, SQL_WC_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, r->designation_no);
    db_bind_text(s, 2, r->name);
    db_bind_text(s, 3, r->name_kana);
    db_bind_text(s, 4, r->address);
    db_bind_text(s, 5, r->phone);
    db_bind_text(s, 6, r->representative_enc);
    db_bind_text(s, 7, r->designated_on);
    db_bind_text(s, 8, r->valid_until);
    db_bind_text(s, 9, r->status);
    db_bind_text(s, 10, r->created_by);
    db_bind_i64(s, 11, r->created_at);
    return db_insert_id(s, id_out, e);
}

/* Run an UPDATE of one contractor; when it changed no row: ERR_CONFLICT if
 * versioned (the row moved on meanwhile), else ERR_NOTFOUND. */
static int exec_changed(db_stmt *s, const works_contractor_row *r, bool versioned, err_t *e)
{
    int rc = db_step(s, e);
    int64_t n = db_changes(s);
    db_done(s);
    if (rc == DB_ERROR)
        return ERR_DB;
    if (n > 0)
        return 0;
    if (versioned)
        return err_set(e, ERR_CONFLICT, NULL, "他の職員が先に変更しました。最新の内容を確かめてから、もう一度変更してください。",
                       "contractor %lld: version %lld is stale", (long long)r->id, (long long)r->version);
    return err_set(e, ERR_NOTFOUND, NULL, "該当する指定工事事業者がありません。", "contractor %lld not found",
                   (long long)r->id);
}

int works_contractor_store_update(db_conn *c, const works_contractor_row *r, err_t *e)
{
    int rc = number_free(c, r->designation_no, r->id, e);
    if (rc)
        return rc;
    db_stmt *s = db_prepare(c, SQL_WC_UPDATE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->id);
    db_bind_text(s, 2, r->designation_no);
    db_bind_text(s, 3, r->name);
    db_bind_text(s, 4, r->name_kana);
    db_bind_text(s, 5, r->address);
    db_bind_text(s, 6, r->phone);
    db_bind_text(s, 7, r->representative_enc);
    db_bind_text(s, 8, r->designated_on);
    db_bind_text(s, 9, r->valid_until);
    db_bind_text(s, 10, r->updated_by);
    db_bind_i64(s, 11, r->updated_at);
    db_bind_i64(s, 12, r->version);
    return exec_changed(s, r, true, e);
}

int works_contractor_store_set_state(db_conn *c, const works_contractor_row *r, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_WC_STATE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->id);
    db_bind_text(s, 2, r->status);
    db_bind_text(s, 3, r->suspended_from);
    db_bind_text(s, 4, r->suspended_until);
    db_bind_text(s, 5, r->revoked_on);
    db_bind_text(s, 6, r->valid_until);
    db_bind_text(s, 7, r->updated_by);
    db_bind_i64(s, 8, r->updated_at);
    return exec_changed(s, r, false, e);
}

int works_contractor_store_get(db_conn *c, int64_t id, works_contractor_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_WC_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    return db_one(s, read_contractor, out, e);
}

int works_contractor_store_by_no(db_conn *c, const char *designation_no, works_contractor_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_WC_BY_NO, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, designation_no);
    return db_one(s, read_contractor, out, e);
}

static void read_engineer(db_stmt *s, void *slot)
{
    works_engineer_row *r = slot;
    r->id = db_col_i64(s, 0);
    r->contractor_id = db_col_i64(s, 1);
    str_copy(r->licence_no, sizeof r->licence_no, db_col_text(s, 2));
    str_copy(r->name_enc, sizeof r->name_enc, db_col_text(s, 3));
    str_copy(r->registered_on, sizeof r->registered_on, db_col_text(s, 4));
    str_copy(r->removed_on, sizeof r->removed_on, db_col_text(s, 5));
    str_copy(r->created_by, sizeof r->created_by, db_col_text(s, 6));
    r->created_at = db_col_i64(s, 7);
}

static void read_event(db_stmt *s, void *slot)
{
    works_event_row *r = slot;
    r->id = db_col_i64(s, 0);
    r->contractor_id = db_col_i64(s, 1);
    str_copy(r->kind, sizeof r->kind, db_col_text(s, 2));
    str_copy(r->from_on, sizeof r->from_on, db_col_text(s, 3));
    str_copy(r->until_on, sizeof r->until_on, db_col_text(s, 4));
    str_copy(r->reason_enc, sizeof r->reason_enc, db_col_text(s, 5));
    str_copy(r->changes, sizeof r->changes, db_col_text(s, 6));
    str_copy(r->done_by, sizeof r->done_by, db_col_text(s, 7));
    r->done_at = db_col_i64(s, 8);
}

static int list_by_contractor(db_conn *c, const char *sql, int64_t id, db_row_fn fn, size_t size, void **rows,
                              size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    return db_collect(s, fn, size, rows, n, e);
}

int works_contractor_store_load(db_conn *c, int64_t id, works_contractor_rec *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = works_contractor_store_get(c, id, &out->c, e);
    if (!rc)
        rc = list_by_contractor(c, SQL_WE_LIST, id, read_engineer, sizeof *out->engineers, (void **)&out->engineers,
                                &out->nengineers, e);
    if (!rc)
        rc = list_by_contractor(c, SQL_EV_LIST, id, read_event, sizeof *out->events, (void **)&out->events,
                                &out->nevents, e);
    if (rc)
        works_contractor_rec_free(out);
    return rc;
}

void works_contractor_rec_free(works_contractor_rec *r)
{
    if (!r)
        return;
    free(r->engineers);
    free(r->events);
    r->engineers = NULL;
    r->events = NULL;
    r->nengineers = r->nevents = 0;
}

/* ---- the list ---------------------------------------------------------- */

static void read_page_row(db_stmt *s, void *slot)
{
    read_contractor(s, slot);
    ((works_contractor_row *)slot)->engineers = db_col_i64(s, 18);
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* A LIKE pattern: '!' escapes the wildcards of what was typed. */
static void like(char *out, size_t outsz, const char *text, bool prefix_only)
{
    buf_t b;
    buf_init(&b, outsz);
    if (text && *text) {
        if (!prefix_only)
            buf_putc(&b, '%');
        for (const char *p = text; *p; p++) {
            if (*p == '%' || *p == '_' || *p == '!')
                buf_putc(&b, '!');
            buf_putc(&b, *p);
        }
        buf_putc(&b, '%');
    }
    str_copy(out, outsz, b.failed ? "" : buf_cstr(&b));
    buf_free(&b);
}

static void bind_filter(db_stmt *s, const works_contractor_filter *f, char pat[3][600])
{
    like(pat[0], sizeof pat[0], f->no, true);
    like(pat[1], sizeof pat[1], f->name, false);
    like(pat[2], sizeof pat[2], f->kana, true);
    db_bind_text(s, 1, pat[0]);
    db_bind_text(s, 2, pat[1]);
    db_bind_text(s, 3, pat[2]);
    db_bind_text(s, 4, or_empty(f->state));
    db_bind_text(s, 5, or_empty(f->due_by));
    db_bind_text(s, 6, or_empty(f->today));
}

int works_contractor_store_page(db_conn *c, const works_contractor_filter *f, int64_t limit, int64_t offset,
                                works_contractor_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_WC_PAGE, e);
    if (!s)
        return ERR_DB;
    char pat[3][600];
    bind_filter(s, f, pat);
    db_bind_i64(s, 7, limit);
    db_bind_i64(s, 8, offset);
    return db_collect(s, read_page_row, sizeof **rows, (void **)rows, n, e);
}

int works_contractor_store_count(db_conn *c, const works_contractor_filter *f, int64_t *count, err_t *e)
{
    *count = 0;
    db_stmt *s = db_prepare(c, SQL_WC_COUNT, e);
    if (!s)
        return ERR_DB;
    char pat[3][600];
    bind_filter(s, f, pat);
    return db_scalar_i64(s, count, e);
}

/* ---- engineers and events ---------------------------------------------- */

int works_engineer_store_insert(db_conn *c, const works_engineer_row *r, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_WE_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->contractor_id);
    db_bind_text(s, 2, r->licence_no);
    db_bind_text(s, 3, r->name_enc);
    db_bind_text(s, 4, r->registered_on);
    db_bind_text(s, 5, r->created_by);
    db_bind_i64(s, 6, r->created_at);
    return db_insert_id(s, id_out, e);
}

int works_engineer_store_get(db_conn *c, int64_t id, works_engineer_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_WE_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    return db_one(s, read_engineer, out, e);
}

int works_engineer_store_remove(db_conn *c, int64_t id, const char *removed_on, bool *changed, err_t *e)
{
    *changed = false;
    db_stmt *s = db_prepare(c, SQL_WE_REMOVE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, removed_on);
    int rc = db_step(s, e);
    *changed = db_changes(s) > 0;
    db_done(s);
    return rc == DB_ERROR ? ERR_DB : 0;
}

int works_engineer_store_count_licence(db_conn *c, int64_t contractor_id, const char *licence_no, int64_t *n,
                                       err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_WE_LICENCE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, contractor_id);
    db_bind_text(s, 2, licence_no);
    return db_scalar_i64(s, n, e);
}

int works_event_store_insert(db_conn *c, const works_event_row *r, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_EV_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->contractor_id);
    db_bind_text(s, 2, r->kind);
    db_bind_text(s, 3, r->from_on);
    db_bind_text(s, 4, r->until_on);
    db_bind_text(s, 5, r->reason_enc);
    db_bind_text(s, 6, r->changes[0] ? r->changes : "{}");
    db_bind_text(s, 7, r->done_by);
    db_bind_i64(s, 8, r->done_at);
    int64_t id = 0;
    return db_insert_id(s, id_out ? id_out : &id, e);
}

/* ---- key rotation ------------------------------------------------------ */

static int walk_all(db_conn *c, const char *sql, db_row_fn fn, size_t size, void **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    return db_collect(s, fn, size, rows, n, e);
}

int works_contractor_store_walk_enc(db_conn *c, works_enc_fn fn, void *ctx, err_t *e)
{
    works_contractor_row *wc = NULL;
    works_engineer_row *we = NULL;
    works_event_row *ev = NULL;
    size_t nc = 0, ne = 0, nv = 0;
    int rc = walk_all(c, SQL_WC_ALL, read_contractor, sizeof *wc, (void **)&wc, &nc, e);
    for (size_t i = 0; !rc && i < nc; i++)
        rc = fn("contractor", wc[i].id, wc[i].representative_enc, ctx);
    if (!rc)
        rc = walk_all(c, SQL_WE_ALL_ENC, read_engineer, sizeof *we, (void **)&we, &ne, e);
    for (size_t i = 0; !rc && i < ne; i++)
        rc = fn("engineer", we[i].id, we[i].name_enc, ctx);
    if (!rc)
        rc = walk_all(c, SQL_EV_ALL_ENC, read_event, sizeof *ev, (void **)&ev, &nv, e);
    for (size_t i = 0; !rc && i < nv; i++)
        rc = fn("event", ev[i].id, ev[i].reason_enc, ctx);
    free(wc);
    free(we);
    free(ev);
    return rc;
}

int works_contractor_store_set_enc(db_conn *c, const char *table, int64_t id, const char *enc, err_t *e)
{
    const char *sql = strcmp(table, "contractor") == 0 ? SQL_WC_SET_ENC
                      : strcmp(table, "engineer") == 0 ? SQL_WE_SET_ENC
                                                        : SQL_EV_SET_ENC;
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, enc);
    return db_exec(s, e);
}
