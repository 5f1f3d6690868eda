/* tap_store — see tap_store.h. */
#include "store/registry/tap_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define TAP_COLS \
    "id, tap_no, area_code, address_enc, diameter, use_code, sewer, route, route_order, status, version," \
    " created_at, updated_at"

static const char SQL_AREA_UPSERT[] =
    "INSERT INTO areas (code, name, kana, sewer) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name, kana = excluded.kana, sewer = excluded.sewer";
static const char SQL_AREA_LIST[] = "SELECT code, name, kana, sewer FROM areas ORDER BY code";
static const char SQL_AREA_GET[] = "SELECT code, name, kana, sewer FROM areas WHERE code = $1";
static const char SQL_INSERT[] =
    "INSERT INTO taps (tap_no, area_code, address_enc, diameter, use_code, sewer, route, route_order, status,"
    " version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10) RETURNING id";
static const char SQL_UPDATE[] =
    "UPDATE taps SET area_code = $2, address_enc = $3, diameter = $4, use_code = $5, sewer = $6, route = $7,"
    " route_order = $8, status = $9, version = version + 1, updated_at = $10 WHERE id = $1 AND version = $11";
static const char SQL_BY_NO[] = "SELECT " TAP_COLS " FROM taps WHERE tap_no = $1";
static const char SQL_BY_ID[] = "SELECT " TAP_COLS " FROM taps WHERE id = $1";
static const char SQL_MAX_NO[] = "SELECT COALESCE(MAX(tap_no), '10000000') FROM taps";
static const char SQL_COUNT[] = "SELECT COUNT(*) FROM taps";
static const char SQL_WALK_ENC[] = "SELECT id, address_enc, reader_note_enc FROM taps ORDER BY id";
static const char SQL_SET_ENC[] = "UPDATE taps SET address_enc = $2, reader_note_enc = $3 WHERE id = $1";

static void read_area(db_stmt *s, area_row *a)
{
    str_copy(a->code, sizeof a->code, db_col_text(s, 0));
    str_copy(a->name, sizeof a->name, db_col_text(s, 1));
    str_copy(a->kana, sizeof a->kana, db_col_text(s, 2));
    str_copy(a->sewer, sizeof a->sewer, db_col_text(s, 3));
}

int area_store_upsert(db_conn *c, const area_row *a, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_AREA_UPSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, a->code);
    db_bind_text(s, 2, a->name);
    db_bind_text(s, 3, a->kana);
    db_bind_text(s, 4, a->sewer);
    return db_exec(s, e);
}

int area_store_list(db_conn *c, area_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_AREA_LIST, e);
    if (!s)
        return ERR_DB;
    size_t cap = 0;
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            area_row *r = realloc(*rows, cap * sizeof *r);
            if (!r) {
                st = DB_ERROR;
                break;
            }
            *rows = r;
        }
        read_area(s, &(*rows)[(*n)++]);
    }
    db_done(s);
    if (st == DB_ERROR) {
        free(*rows);
        *rows = NULL;
        *n = 0;
        return ERR_DB;
    }
    return 0;
}

int area_store_get(db_conn *c, const char *code, area_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_AREA_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, code);
    int st = db_step(s, e);
    if (st == DB_ROW)
        read_area(s, out);
    db_done(s);
    if (st == DB_ERROR)
        return ERR_DB;
    return st == DB_ROW ? 0 : err_set(e, ERR_NOTFOUND, "area_code", "町丁目コードが見つかりません。", "area not found");
}

static void bind_tap(db_stmt *s, const tap_row *t)
{
    db_bind_text(s, 2, t->area_code);
    db_bind_text(s, 3, t->address_enc);
    db_bind_i64(s, 4, t->diameter);
    db_bind_text(s, 5, t->use_code);
    db_bind_text(s, 6, t->sewer);
    db_bind_text(s, 7, t->route);
    db_bind_i64(s, 8, t->route_order);
    db_bind_text(s, 9, t->status);
}

int tap_store_insert(db_conn *c, const tap_row *t, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, t->tap_no);
    bind_tap(s, t);
    db_bind_i64(s, 10, t->created_at);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        if (id_out)
            *id_out = db_col_i64(s, 0);
        st = db_step(s, e);
    }
    db_done(s);
    if (st == DB_ERROR) {
        if (e && e->code == ERR_CONFLICT) {
            str_copy(e->field, sizeof e->field, "tap_no");
            str_copy(e->user, sizeof e->user, "その水栓番号は既に登録されています。");
        }
        return e ? e->code : ERR_DB;
    }
    return 0;
}

int tap_store_update(db_conn *c, const tap_row *t, int64_t now, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_UPDATE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, t->id);
    bind_tap(s, t);
    db_bind_i64(s, 10, now);
    db_bind_i64(s, 11, t->version);
    int rc = db_exec(s, e);
    if (rc)
        return rc;
    if (db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, NULL,
                       "他の職員がこの水栓を更新しました。画面を開き直してから、もう一度入力してください。",
                       "tap %lld version %lld stale", (long long)t->id, (long long)t->version);
    return 0;
}

static void read_tap(db_stmt *s, tap_row *t)
{
    memset(t, 0, sizeof *t);
    t->id = db_col_i64(s, 0);
    str_copy(t->tap_no, sizeof t->tap_no, db_col_text(s, 1));
    str_copy(t->area_code, sizeof t->area_code, db_col_text(s, 2));
    str_copy(t->address_enc, sizeof t->address_enc, db_col_text(s, 3));
    t->diameter = db_col_i64(s, 4);
    str_copy(t->use_code, sizeof t->use_code, db_col_text(s, 5));
    str_copy(t->sewer, sizeof t->sewer, db_col_text(s, 6));
    str_copy(t->route, sizeof t->route, db_col_text(s, 7));
    t->route_order = db_col_i64(s, 8);
    str_copy(t->status, sizeof t->status, db_col_text(s, 9));
    t->version = db_col_i64(s, 10);
    t->created_at = db_col_i64(s, 11);
    t->updated_at = db_col_i64(s, 12);
}

static int get_tap(db_conn *c, const char *sql, const char *no, int64_t id, tap_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    if (no)
        db_bind_text(s, 1, no);
    else
        db_bind_i64(s, 1, id);
    int st = db_step(s, e);
    if (st == DB_ROW)
        read_tap(s, out);
    db_done(s);
    if (st == DB_ERROR)
        return ERR_DB;
    return st == DB_ROW ? 0 : err_set(e, ERR_NOTFOUND, NULL, "該当する水栓がありません。", "tap not found");
}

int tap_store_get_by_no(db_conn *c, const char *tap_no, tap_row *out, err_t *e)
{
    /* The カルテ's use cases each look its tap up (15 times a page): inside its
     * shared snapshot the last tap read is kept (db_shared_memo). */
    void **memo = db_shared_memo(c, SQL_BY_NO);
    tap_row *kept = memo ? *memo : NULL;
    if (kept && tap_no && strcmp(kept->tap_no, tap_no) == 0) {
        *out = *kept;
        return 0;
    }
    int rc = get_tap(c, SQL_BY_NO, tap_no, 0, out, e);
    if (!rc && memo) {
        if (!kept)
            *memo = kept = malloc(sizeof *kept);
        if (kept)
            *kept = *out;
    }
    return rc;
}

int tap_store_get(db_conn *c, int64_t id, tap_row *out, err_t *e)
{
    return get_tap(c, SQL_BY_ID, NULL, id, out, e);
}

int tap_store_next_no(db_conn *c, char out[16], err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_MAX_NO, e);
    if (!s)
        return ERR_DB;
    int st = db_step(s, e);
    long long v = 10000000;
    if (st == DB_ROW && !str_to_i64(db_col_text(s, 0), &v))
        v = 10000000;
    db_done(s);
    if (st == DB_ERROR)
        return ERR_DB;
    if (v >= 99999999)
        return err_set(e, ERR_CONFLICT, "tap_no", "水栓番号の空きがありません。", "tap numbers exhausted");
    str_fmt(out, 16, "%08lld", v + 1);
    return 0;
}

int tap_store_count(db_conn *c, int64_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_COUNT, e);
    if (!s)
        return ERR_DB;
    return db_scalar_i64(s, n, e);
}

int tap_store_walk_enc(db_conn *c, tap_enc_fn fn, void *ctx, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_WALK_ENC, e);
    if (!s)
        return ERR_DB;
    int st, stop = 0;
    while (!stop && (st = db_step(s, e)) == DB_ROW)
        stop = fn(db_col_i64(s, 0), db_col_text(s, 1), db_col_text(s, 2), ctx);
    db_done(s);
    if (stop)
        return stop;
    return st == DB_ERROR ? ERR_DB : 0;
}

int tap_store_set_enc(db_conn *c, int64_t id, const char *address_enc, const char *note_enc, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SET_ENC, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, address_enc);
    db_bind_text(s, 3, note_enc);
    return db_exec(s, e);
}

static const char SQL_SET_SEWER_BASIS[] =
    "UPDATE taps SET sewer_basis = $2, well_persons = $3, version = version + 1, updated_at = $4 WHERE id = $1";
static const char SQL_GET_SEWER_BASIS[] = "SELECT sewer_basis, well_persons FROM taps WHERE id = $1";

int tap_store_set_sewer_basis(db_conn *c, int64_t id, const char *basis, int64_t persons, int64_t now, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SET_SEWER_BASIS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, basis);
    db_bind_i64(s, 3, persons);
    db_bind_i64(s, 4, now);
    return db_exec(s, e);
}

typedef struct basis_out { char *basis; int64_t *persons; } basis_out;

static void basis_fn(db_stmt *s, void *p)
{
    basis_out *o = p;
    str_copy(o->basis, 12, db_col_text(s, 0));
    *o->persons = db_col_i64(s, 1);
}

int tap_store_get_sewer_basis(db_conn *c, int64_t id, char basis[12], int64_t *persons, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_GET_SEWER_BASIS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    basis_out o = {basis, persons};
    return db_one(s, basis_fn, &o, e);
}
