/* app_auth — staff login, sessions, own password change (see app.h). */
#include "app/app.h"
#include "app/account/app_staff.h"
#include "store/db.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/log.h"
#include "base/text.h"
#include "domain/role.h"
#include "store/session_store.h"
#include "store/account/user_store.h"

#define BAD_LOGIN "ユーザー名またはパスワードが違います。"
/* Failures under unknown names are forgotten after a day without attempts
 * (unless locked), so that guessing names cannot fill the table. */
#define NAME_FAILURES_KEEP_S 86400

/* The failure state of an account or an unknown name, as login sees it. */
typedef struct login_state {
    const user_row *u;     /* NULL: no such account */
    int64_t failed_count, locked_until;
} login_state;

/* A stored hash to verify against when the user does not exist, so that the
 * answer takes as long as for a real account. */
static char g_dummy_hash[128];

static void dummy_verify(const char *password)
{
    if (!g_dummy_hash[0])
        crypto_password_hash("suido-dummy-password", g_dummy_hash);
    (void)crypto_password_verify(g_dummy_hash, password);
}

static char *detail_user(const char *username, const char *extra_key, const char *extra_val)
{
    json_t *j = json_pack("{ss}", "username", username);
    if (extra_key && j)
        json_object_set_new(j, extra_key, json_string(extra_val ? extra_val : ""));
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    return s;
}

/* Record a failed login: the counter of the account, or of the name when it
 * is no account (the same counting, so that locks reveal nothing). */
static int audit_login_failure(app_ctx *ctx, const user_row *u, const char *username, const char *why,
                               int64_t failed, int64_t locked_until, err_t *e)
{
    char *detail = detail_user(username, "reason", why);
    int64_t now = date_now_unix();
    int rc = db_begin(ctx->db, e);
    if (!rc && u)
        rc = user_store_set_failures(ctx->db, u->id, failed, locked_until, e);
    if (!rc && !u)
        rc = user_store_name_failures_set(ctx->db, username, failed, locked_until, now, e);
    if (!rc && !u)
        rc = user_store_name_failures_prune(ctx->db, now - NAME_FAILURES_KEEP_S, now, e);
    if (!rc) {
        app_actor saved = ctx->actor;
        str_copy(ctx->actor.username, sizeof ctx->actor.username, "anonymous");
        rc = app_audit(ctx, "auth.login_failed", "session", detail, e);
        ctx->actor = saved;
    }
    if (rc)
        db_rollback(ctx->db);
    else
        rc = db_commit(ctx->db, e);
    free(detail);
    return rc;
}

int app_auth_login(app_ctx *ctx, const char *username, const char *password, app_login_result *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    if (!username || !*username)
        return err_field(e, "username", "ユーザー名を入力してください。");
    if (!password || !*password)
        return err_field(e, "password", "パスワードを入力してください。");
    if (strlen(username) >= 64 || strlen(password) > 256 || !text_is_clean(username, false))
        return err_set(e, ERR_AUTH, NULL, BAD_LOGIN, "login: malformed username");
    int64_t now = date_now_unix();
    user_row u;
    memset(&u, 0, sizeof u);
    login_state st = {.u = &u};
    err_t lookup;
    err_clear(&lookup);
    int rc = user_store_get_by_name(ctx->db, username, &u, &lookup);
    if (rc == ERR_NOTFOUND) {
        st.u = NULL;
        rc = user_store_name_failures_get(ctx->db, username, &st.failed_count, &st.locked_until, &lookup);
    } else if (!rc) {
        st.failed_count = u.failed_count;
        st.locked_until = u.locked_until;
    }
    if (rc) {
        if (e)
            *e = lookup;
        return rc;
    }
    if (st.locked_until > now) {
        audit_login_failure(ctx, st.u, username, "locked", st.failed_count, st.locked_until, NULL);
        return err_set(e, ERR_LOCKED, NULL, NULL, "login: %s locked", username);
    }
    if (st.locked_until)   /* a lock that has run out: counting starts again */
        st.failed_count = 0;
    bool ok = false;
    if (st.u)
        ok = crypto_password_verify(u.pw_hash, password);
    else
        dummy_verify(password);
    if (!ok || u.disabled) {
        const char *why = !st.u ? "unknown user" : !ok ? "wrong password" : "disabled";
        int64_t failed = st.failed_count + (ok ? 0 : 1);
        int64_t until = 0;
        if (failed >= ctx->env->lock_threshold)
            until = now + ctx->env->lock_seconds;
        audit_login_failure(ctx, st.u, username, why, failed, until, NULL);
        if (until)
            return err_set(e, ERR_LOCKED, NULL, NULL, "login: %s locked after %lld failures", username,
                           (long long)failed);
        return err_set(e, ERR_AUTH, NULL, BAD_LOGIN, "login: %s %s", username, why);
    }
    char token_hash[65];
    crypto_random_hex(out->token, 32);
    crypto_random_hex(out->csrf, 32);
    crypto_sha256_hex(out->token, strlen(out->token), token_hash);
    out->must_change = u.must_change != 0;
    rc = db_begin(ctx->db, e);
    if (rc)
        return rc;
    rc = user_store_set_failures(ctx->db, u.id, 0, 0, e);
    if (!rc)
        rc = session_store_delete_idle(ctx->db, now - ctx->env->idle_timeout_s, e);
    if (!rc)
        rc = session_store_insert(ctx->db, token_hash, u.id, out->csrf, ctx->actor.ip, now, e);
    if (!rc) {
        ctx->actor.user_id = u.id;
        str_copy(ctx->actor.username, sizeof ctx->actor.username, u.username);
        ctx->actor.role = role_parse(u.role);
        ctx->actor.must_change = out->must_change;
        rc = app_audit(ctx, "auth.login", "session", "{}", e);
    }
    if (rc) {
        db_rollback(ctx->db);
        memset(out, 0, sizeof *out);
        return rc;
    }
    return db_commit(ctx->db, e);
}

int app_auth_session(app_ctx *ctx, const char *token, char csrf_out[65], bool *idle_out, err_t *e)
{
    csrf_out[0] = '\0';
    if (idle_out)
        *idle_out = false;
    if (!token || strlen(token) != APP_TOKEN_HEX)
        return err_set(e, ERR_AUTH, NULL, NULL, "no session token");
    char token_hash[65];
    crypto_sha256_hex(token, strlen(token), token_hash);
    session_row s;
    int rc = session_store_get(ctx->db, token_hash, &s, e);
    if (rc == ERR_AUTH) {
        /* A well-formed token we no longer hold: the maintenance thread's
         * idle sweep took it (logging out clears the cookie), or it never was. */
        if (idle_out)
            *idle_out = true;
        return err_set(e, ERR_AUTH, NULL, "ログインの有効期限が切れました。もう一度ログインしてください。",
                       "session not found (ended)");
    }
    if (rc)
        return rc;
    int64_t now = date_now_unix();
    if (s.last_seen + ctx->env->idle_timeout_s < now) {
        session_store_delete(ctx->db, token_hash, NULL);
        if (idle_out)
            *idle_out = true;
        return err_set(e, ERR_AUTH, NULL, "一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。",
                       "session idle timeout");
    }
    if (s.disabled)
        return err_set(e, ERR_AUTH, NULL, NULL, "user disabled");
    int role = role_parse(s.role);
    if (role < 0)
        return err_set(e, ERR_AUTH, NULL, NULL, "user has unknown role %s", s.role);
    /* Refresh last_seen at most once a minute: a write per request would
     * serialise every reader on SQLite. */
    if (now - s.last_seen >= 60)
        session_store_touch(ctx->db, s.id, now, NULL);
    ctx->actor.user_id = s.user_id;
    str_copy(ctx->actor.username, sizeof ctx->actor.username, s.username);
    ctx->actor.role = role;
    ctx->actor.must_change = s.must_change != 0;
    ctx->actor.session_id = s.id;
    str_copy(csrf_out, 65, s.csrf);
    return 0;
}

int app_auth_logout(app_ctx *ctx, const char *token, err_t *e)
{
    if (!token)
        return 0;
    char token_hash[65];
    crypto_sha256_hex(token, strlen(token), token_hash);
    int rc = db_begin(ctx->db, e);
    if (rc)
        return rc;
    rc = session_store_delete(ctx->db, token_hash, e);
    if (!rc && ctx->actor.user_id)
        rc = app_audit(ctx, "auth.logout", "session", "{}", e);
    return app_tx_end(ctx, rc, e);
}

int app_password_policy(const char *username, const char *pw, const char *field, err_t *e)
{
    if (!pw || !*pw)
        return err_field(e, field, "新しいパスワードを入力してください。");
    if (text_len_chars(pw) < 10)
        return err_field(e, field, "パスワードは10文字以上にしてください。");
    if (strlen(pw) > 256)
        return err_field(e, field, "パスワードは256バイト以内にしてください。");
    if (!text_is_clean(pw, false))
        return err_field(e, field, "パスワードに使えない文字が含まれています。");
    if (username && strcmp(username, pw) == 0)
        return err_field(e, field, "ユーザー名と同じパスワードは使えません。");
    return 0;
}

int app_auth_change_password(app_ctx *ctx, const char *current, const char *newpw, const char *confirm, err_t *e)
{
    int rc = app_require(ctx, PERM_NONE, e);
    if (rc)
        return rc;
    if (!current || !*current)
        return err_field(e, "current", "現在のパスワードを入力してください。");
    if ((rc = app_password_policy(ctx->actor.username, newpw, "new_password", e)))
        return rc;
    if (!confirm || strcmp(newpw, confirm) != 0)
        return err_field(e, "confirm", "確認用のパスワードが一致しません。");
    if (strcmp(current, newpw) == 0)
        return err_field(e, "new_password", "現在と同じパスワードは使えません。");
    user_row u;
    if ((rc = user_store_get(ctx->db, ctx->actor.user_id, &u, e)))
        return rc;
    if (!crypto_password_verify(u.pw_hash, current))
        return err_field(e, "current", "現在のパスワードが違います。");
    char hash[128];
    if (crypto_password_hash(newpw, hash) != 0)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "password hash failed");
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    rc = user_store_set_password(ctx->db, u.id, hash, false, date_now_unix(), e);
    if (!rc) /* whoever knew the old password is signed out everywhere else */
        rc = session_store_delete_user_except(ctx->db, u.id, ctx->actor.session_id, e);
    if (!rc)
        rc = app_audit(ctx, "user.password_change", "user:self", "{}", e);
    if (rc) {
        db_rollback(ctx->db);
        return rc;
    }
    rc = db_commit(ctx->db, e);
    if (!rc)
        ctx->actor.must_change = false;
    return rc;
}
