/* audit_store — see audit_store.h. */
#include "store/audit_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

static const char SQL_CLAIM[] = "UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash";
static const char SQL_INSERT[] =
    "INSERT INTO audit_log (seq, at, actor, ip, action, object, detail_enc, prev_hash, hash)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
static const char SQL_SET_HEAD[] = "UPDATE audit_head SET hash = $1 WHERE id = 1 AND seq = $2";
static const char SQL_HEAD[] = "SELECT seq, hash FROM audit_head WHERE id = 1";
static const char SQL_WALK[] =
    "SELECT seq, at, actor, ip, action, object, detail_enc, prev_hash, hash FROM audit_log"
    " WHERE seq > $1 ORDER BY seq LIMIT $2";
static const char SQL_SEARCH[] =
    "SELECT seq, at, actor, ip, action, object, detail_enc, prev_hash, hash FROM audit_log"
    " WHERE (CAST($1 AS TEXT) IS NULL OR actor = $1)"
    " AND (CAST($2 AS TEXT) IS NULL OR substr(action, 1, length($2)) = $2)"
    " AND (CAST($3 AS TEXT) IS NULL OR object = $3)"
    " AND (CAST($4 AS BIGINT) = 0 OR at >= $4) AND (CAST($5 AS BIGINT) = 0 OR at < $5)"
    " AND (CAST($6 AS BIGINT) = 0 OR seq < $6)"
    " ORDER BY seq DESC LIMIT $7";
static const char SQL_RESEAL[] = "UPDATE audit_log SET detail_enc = $2 WHERE seq = $1";

void audit_rec_clear(audit_rec *r)
{
    free(r->detail_enc);
    r->detail_enc = NULL;
}

void audit_recs_free(audit_rec *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        audit_rec_clear(&rows[i]);
    free(rows);
}

int audit_store_claim(db_conn *c, int64_t n, int64_t *first_seq, char prev_hash[65], err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_CLAIM, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, n);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        *first_seq = db_col_i64(s, 0) - n + 1;
        str_copy(prev_hash, 65, db_col_text(s, 1));
        st = db_step(s, e);
    } else if (st == DB_DONE) {
        db_done(s);
        return err_set(e, ERR_DB, NULL, NULL, "audit_head row missing");
    }
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}

int audit_store_insert(db_conn *c, const audit_rec *r, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->seq);
    db_bind_i64(s, 2, r->at);
    db_bind_text(s, 3, r->actor);
    db_bind_text(s, 4, r->ip);
    db_bind_text(s, 5, r->action);
    db_bind_text(s, 6, r->object);
    db_bind_text(s, 7, r->detail_enc ? r->detail_enc : "");
    db_bind_text(s, 8, r->prev_hash);
    db_bind_text(s, 9, r->hash);
    return db_exec(s, e);
}

int audit_store_set_head(db_conn *c, int64_t seq, const char *hash, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SET_HEAD, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, hash);
    db_bind_i64(s, 2, seq);
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, NULL, NULL, "audit head moved during append");
    return rc;
}

static int read_rec(db_stmt *s, audit_rec *r)
{
    memset(r, 0, sizeof *r);
    r->seq = db_col_i64(s, 0);
    r->at = db_col_i64(s, 1);
    str_copy(r->actor, sizeof r->actor, db_col_text(s, 2));
    str_copy(r->ip, sizeof r->ip, db_col_text(s, 3));
    str_copy(r->action, sizeof r->action, db_col_text(s, 4));
    str_copy(r->object, sizeof r->object, db_col_text(s, 5));
    r->detail_enc = strdup(db_col_text(s, 6));
    str_copy(r->prev_hash, sizeof r->prev_hash, db_col_text(s, 7));
    str_copy(r->hash, sizeof r->hash, db_col_text(s, 8));
    return r->detail_enc ? 0 : ERR_INTERNAL;
}

int audit_store_search(db_conn *c, const audit_filter *f, audit_rec **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int limit = f->limit > 0 && f->limit <= 1000 ? f->limit : 100;
    audit_rec *out = calloc((size_t)limit, sizeof *out);
    if (!out)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    db_stmt *s = db_prepare(c, SQL_SEARCH, e);
    if (!s) {
        free(out);
        return ERR_DB;
    }
    db_bind_text(s, 1, f->actor && *f->actor ? f->actor : NULL);
    db_bind_text(s, 2, f->action && *f->action ? f->action : NULL);
    db_bind_text(s, 3, f->object && *f->object ? f->object : NULL);
    db_bind_i64(s, 4, f->from);
    db_bind_i64(s, 5, f->to);
    db_bind_i64(s, 6, f->before_seq);
    db_bind_i64(s, 7, limit);
    int st;
    size_t k = 0;
    while ((st = db_step(s, e)) == DB_ROW && k < (size_t)limit) {
        if (read_rec(s, &out[k++])) {
            st = DB_ERROR;
            break;
        }
    }
    db_done(s);
    if (st == DB_ERROR) {
        audit_recs_free(out, k);
        return e && e->code ? e->code : ERR_DB;
    }
    *rows = out;
    *n = k;
    return 0;
}

int audit_store_walk(db_conn *c, int64_t after, int limit, audit_visit_fn fn, void *ctx, int64_t *last_seq, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_WALK, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, after);
    db_bind_i64(s, 2, limit);
    int st, stop = 0;
    *last_seq = after;
    while (!stop && (st = db_step(s, e)) == DB_ROW) {
        audit_rec r;
        if (read_rec(s, &r)) {
            audit_rec_clear(&r);
            db_done(s);
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        }
        *last_seq = r.seq;
        stop = fn(&r, ctx);
        audit_rec_clear(&r);
    }
    db_done(s);
    if (!stop && st == DB_ERROR)
        return ERR_DB;
    return stop;
}

int audit_store_head(db_conn *c, int64_t *seq, char hash[65], err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_HEAD, e);
    if (!s)
        return ERR_DB;
    int st = db_step(s, e);
    if (st == DB_ROW) {
        *seq = db_col_i64(s, 0);
        str_copy(hash, 65, db_col_text(s, 1));
    }
    db_done(s);
    if (st == DB_DONE)
        return err_set(e, ERR_DB, NULL, NULL, "audit_head row missing");
    return st == DB_ERROR ? ERR_DB : 0;
}

int audit_store_reseal(db_conn *c, int64_t seq, const char *detail_enc, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RESEAL, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, seq);
    db_bind_text(s, 2, detail_enc);
    return db_exec(s, e);
}
