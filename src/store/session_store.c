/* session_store — see session_store.h. */
#include "store/session_store.h"

#include <string.h>

#include "base/buf.h"

static const char SQL_INSERT[] =
    "INSERT INTO sessions (token_hash, user_id, csrf, ip, created_at, last_seen) VALUES ($1, $2, $3, $4, $5, $5)";
static const char SQL_GET[] =
    "SELECT s.id, s.user_id, s.csrf, s.ip, s.created_at, s.last_seen, u.username, u.role, u.disabled, u.must_change"
    " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1";
static const char SQL_TOUCH[] = "UPDATE sessions SET last_seen = $2 WHERE id = $1";
static const char SQL_DELETE[] = "DELETE FROM sessions WHERE token_hash = $1";
static const char SQL_DELETE_USER[] = "DELETE FROM sessions WHERE user_id = $1";
static const char SQL_DELETE_OTHERS[] = "DELETE FROM sessions WHERE user_id = $1 AND id <> $2";
static const char SQL_DELETE_IDLE[] = "DELETE FROM sessions WHERE last_seen < $1";

int session_store_insert(db_conn *c, const char *token_hash, int64_t user_id, const char *csrf, const char *ip,
                         int64_t now, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, token_hash);
    db_bind_i64(s, 2, user_id);
    db_bind_text(s, 3, csrf);
    db_bind_text(s, 4, ip);
    db_bind_i64(s, 5, now);
    return db_exec(s, e);
}

int session_store_get(db_conn *c, const char *token_hash, session_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, token_hash);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        memset(out, 0, sizeof *out);
        out->id = db_col_i64(s, 0);
        out->user_id = db_col_i64(s, 1);
        str_copy(out->csrf, sizeof out->csrf, db_col_text(s, 2));
        str_copy(out->ip, sizeof out->ip, db_col_text(s, 3));
        out->created_at = db_col_i64(s, 4);
        out->last_seen = db_col_i64(s, 5);
        str_copy(out->username, sizeof out->username, db_col_text(s, 6));
        str_copy(out->role, sizeof out->role, db_col_text(s, 7));
        out->disabled = db_col_i64(s, 8);
        out->must_change = db_col_i64(s, 9);
    }
    db_done(s);
    if (st == DB_ERROR)
        return ERR_DB;
    return st == DB_ROW ? 0 : err_set(e, ERR_AUTH, NULL, NULL, "no such session");
}

static int exec_id(const char *sql, db_conn *c, int64_t id, int64_t v, bool two, err_t *e)
{
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    if (two)
        db_bind_i64(s, 2, v);
    return db_exec(s, e);
}

int session_store_touch(db_conn *c, int64_t id, int64_t now, err_t *e)
{
    return exec_id(SQL_TOUCH, c, id, now, true, e);
}

int session_store_delete(db_conn *c, const char *token_hash, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_DELETE, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, token_hash);
    return db_exec(s, e);
}

int session_store_delete_user(db_conn *c, int64_t user_id, err_t *e)
{
    return exec_id(SQL_DELETE_USER, c, user_id, 0, false, e);
}

int session_store_delete_user_except(db_conn *c, int64_t user_id, int64_t keep_id, err_t *e)
{
    return exec_id(SQL_DELETE_OTHERS, c, user_id, keep_id, true, e);
}

int session_store_delete_idle(db_conn *c, int64_t before, err_t *e)
{
    return exec_id(SQL_DELETE_IDLE, c, before, 0, false, e);
}
