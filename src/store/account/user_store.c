/* user_store — see user_store.h. */
#include "store/account/user_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define USER_COLS                                                                                              \
    "id, username, role, pw_hash, must_change, disabled, failed_count, locked_until, created_at, updated_at," \
    " full_name_enc"

static const char SQL_INSERT[] =
    "INSERT INTO users (username, role, pw_hash, must_change, disabled, failed_count, locked_until, created_at, updated_at,"
    " full_name_enc) VALUES ($1, $2, $3, $4, 0, 0, 0, $5, $5, $6) RETURNING id";
static const char SQL_BY_NAME[] = "SELECT " USER_COLS " FROM users WHERE username = $1";
static const char SQL_BY_ID[] = "SELECT " USER_COLS " FROM users WHERE id = $1";
static const char SQL_LIST[] = "SELECT " USER_COLS " FROM users ORDER BY username";
static const char SQL_SET_PW[] =
    "UPDATE users SET pw_hash = $2, must_change = $3, failed_count = 0, locked_until = 0, updated_at = $4 WHERE id = $1";
static const char SQL_SET_NAME[] = "UPDATE users SET full_name_enc = $2, updated_at = $3 WHERE id = $1";
static const char SQL_SET_ROLE[] = "UPDATE users SET role = $2, updated_at = $3 WHERE id = $1";
static const char SQL_SET_DISABLED[] = "UPDATE users SET disabled = $2, updated_at = $3 WHERE id = $1";
static const char SQL_SET_FAIL[] = "UPDATE users SET failed_count = $2, locked_until = $3 WHERE id = $1";
static const char SQL_COUNT_ROLE[] = "SELECT COUNT(*) FROM users WHERE role = $1 AND disabled = 0";
static const char SQL_NAME_FAIL_GET[] = "SELECT failed_count, locked_until FROM login_failures WHERE username = $1";
static const char SQL_NAME_FAIL_SET[] =
    "INSERT INTO login_failures (username, failed_count, locked_until, updated_at) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (username) DO UPDATE SET failed_count = excluded.failed_count,"
    " locked_until = excluded.locked_until, updated_at = excluded.updated_at";
static const char SQL_NAME_FAIL_PRUNE[] = "DELETE FROM login_failures WHERE updated_at < $1 AND locked_until <= $2";
static const char SQL_REQ_INSERT[] =
    "INSERT INTO user_requests (approval_id, user_id, role, pw_hash, must_change) VALUES ($1, $2, $3, $4, $5)";
static const char SQL_REQ_FORGET[] = "UPDATE user_requests SET pw_hash = '' WHERE approval_id = $1";
static const char SQL_REQ_GET[] =
    "SELECT approval_id, user_id, role, pw_hash, must_change FROM user_requests WHERE approval_id = $1";

static void read_row(db_stmt *s, user_row *u)
{
    memset(u, 0, sizeof *u);
    u->id = db_col_i64(s, 0);
    str_copy(u->username, sizeof u->username, db_col_text(s, 1));
    str_copy(u->role, sizeof u->role, db_col_text(s, 2));
    str_copy(u->pw_hash, sizeof u->pw_hash, db_col_text(s, 3));
    u->must_change = db_col_i64(s, 4);
    u->disabled = db_col_i64(s, 5);
    u->failed_count = db_col_i64(s, 6);
    u->locked_until = db_col_i64(s, 7);
    u->created_at = db_col_i64(s, 8);
    u->updated_at = db_col_i64(s, 9);
    str_copy(u->full_name_enc, sizeof u->full_name_enc, db_col_text(s, 10));
}

int user_store_insert(db_conn *c, const user_row *u, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, u->username);
    db_bind_text(s, 2, u->role);
    db_bind_text(s, 3, u->pw_hash);
    db_bind_i64(s, 4, u->must_change);
    db_bind_i64(s, 5, u->created_at);
    db_bind_text(s, 6, u->full_name_enc);
    int st = db_step(s, e);
    if (st == DB_ROW && id_out)
        *id_out = db_col_i64(s, 0);
    if (st == DB_ROW)
        st = db_step(s, e);
    db_done(s);
    if (st == DB_ERROR) {
        if (e && e->code == ERR_CONFLICT)
            str_copy(e->user, sizeof e->user, "そのユーザー名は既に使われています。");
        return e ? e->code : ERR_DB;
    }
    return 0;
}

static int get_one(db_conn *c, const char *sql, const char *text, int64_t id, user_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    if (text)
        db_bind_text(s, 1, text);
    else
        db_bind_i64(s, 1, id);
    int st = db_step(s, e);
    if (st == DB_ROW)
        read_row(s, out);
    db_done(s);
    if (st == DB_ERROR)
        return ERR_DB;
    if (st == DB_DONE)
        return err_set(e, ERR_NOTFOUND, NULL, "該当する職員アカウントがありません。", "user not found");
    return 0;
}

int user_store_get_by_name(db_conn *c, const char *username, user_row *out, err_t *e)
{
    return get_one(c, SQL_BY_NAME, username, 0, out, e);
}

int user_store_get(db_conn *c, int64_t id, user_row *out, err_t *e)
{
    return get_one(c, SQL_BY_ID, NULL, id, out, e);
}

int user_store_list(db_conn *c, user_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_LIST, e);
    if (!s)
        return ERR_DB;
    size_t cap = 0;
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            user_row *r = realloc(*rows, cap * sizeof **rows);
            if (!r) {
                db_done(s);
                free(*rows);
                *rows = NULL;
                *n = 0;
                return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
            }
            *rows = r;
        }
        read_row(s, &(*rows)[(*n)++]);
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

static int exec_update(db_stmt *s, err_t *e)
{
    int rc = db_exec(s, e);
    if (rc)
        return rc;
    if (db_changes(s) == 0)
        return err_set(e, ERR_NOTFOUND, NULL, "該当する職員アカウントがありません。", "user not found");
    return 0;
}

int user_store_set_password(db_conn *c, int64_t id, const char *pw_hash, bool must_change, int64_t now, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SET_PW, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, pw_hash);
    db_bind_i64(s, 3, must_change ? 1 : 0);
    db_bind_i64(s, 4, now);
    return exec_update(s, e);
}

int user_store_set_name(db_conn *c, int64_t id, const char *full_name_enc, int64_t now, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SET_NAME, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, full_name_enc);
    db_bind_i64(s, 3, now);
    return exec_update(s, e);
}

int user_store_set_role(db_conn *c, int64_t id, const char *role, int64_t now, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SET_ROLE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, role);
    db_bind_i64(s, 3, now);
    return exec_update(s, e);
}

int user_store_set_disabled(db_conn *c, int64_t id, bool disabled, int64_t now, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SET_DISABLED, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, disabled ? 1 : 0);
    db_bind_i64(s, 3, now);
    return exec_update(s, e);
}

int user_store_set_failures(db_conn *c, int64_t id, int64_t failed_count, int64_t locked_until, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SET_FAIL, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, failed_count);
    db_bind_i64(s, 3, locked_until);
    return exec_update(s, e);
}

int user_store_count_active_role(db_conn *c, const char *role, int64_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_COUNT_ROLE, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, role);
    return db_scalar_i64(s, n, e);
}

int user_store_name_failures_get(db_conn *c, const char *username, int64_t *failed_count, int64_t *locked_until,
                                 err_t *e)
{
    *failed_count = 0;
    *locked_until = 0;
    db_stmt *s = db_prepare(c, SQL_NAME_FAIL_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, username);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        *failed_count = db_col_i64(s, 0);
        *locked_until = db_col_i64(s, 1);
    }
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}

int user_store_name_failures_set(db_conn *c, const char *username, int64_t failed_count, int64_t locked_until,
                                 int64_t now, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_NAME_FAIL_SET, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, username);
    db_bind_i64(s, 2, failed_count);
    db_bind_i64(s, 3, locked_until);
    db_bind_i64(s, 4, now);
    return db_exec(s, e);
}

int user_store_name_failures_prune(db_conn *c, int64_t before, int64_t now, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_NAME_FAIL_PRUNE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, before);
    db_bind_i64(s, 2, now);
    return db_exec(s, e);
}

int user_store_request_insert(db_conn *c, const user_request_row *r, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_REQ_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->approval_id);
    db_bind_i64(s, 2, r->user_id);
    db_bind_text(s, 3, r->role);
    db_bind_text(s, 4, r->pw_hash);
    db_bind_i64(s, 5, r->must_change);
    return db_exec(s, e);
}

int user_store_request_get(db_conn *c, int64_t approval_id, user_request_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_REQ_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, approval_id);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        out->approval_id = db_col_i64(s, 0);
        out->user_id = db_col_i64(s, 1);
        str_copy(out->role, sizeof out->role, db_col_text(s, 2));
        str_copy(out->pw_hash, sizeof out->pw_hash, db_col_text(s, 3));
        out->must_change = db_col_i64(s, 4);
    }
    db_done(s);
    if (st == DB_ERROR)
        return ERR_DB;
    return st == DB_ROW ? 0 : err_set(e, ERR_NOTFOUND, NULL, NULL, "no user request for approval %lld",
                                      (long long)approval_id);
}

int user_store_request_forget(db_conn *c, int64_t approval_id, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_REQ_FORGET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, approval_id);
    return db_exec(s, e);
}
