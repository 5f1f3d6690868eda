/* app_user — staff account administration (see app.h). */
#include "app/app.h"
#include "app/account/app_staff.h"
#include "app/app_approval.h"
#include "store/db.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "domain/role.h"
#include "domain/validate.h"
#include "store/approval_store.h"
#include "store/session_store.h"
#include "store/account/user_store.h"

static int check_username(const char *u, err_t *e)
{
    size_t n = u ? strlen(u) : 0;
    if (n < 3 || n > 32)
        return err_field(e, "username", "ユーザー名は3〜32文字の半角英小文字・数字・「.」「_」「-」で入力してください。");
    for (const char *p = u; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-'))
            return err_field(e, "username",
                             "ユーザー名は3〜32文字の半角英小文字・数字・「.」「_」「-」で入力してください。");
    }
    return 0;
}

static int parse_role(const char *s, int *role, err_t *e)
{
    *role = s ? role_parse(s) : -1;
    if (*role < 0)
        return err_field(e, "role", "権限を一覧から選んでください。");
    return 0;
}

/* The 氏名 as typed, checked into out (spaces, ASCII or U+3000, dropped at
 * either end): required, at most APP_STAFF_NAME_MAX characters, nothing
 * that is not shown. */
static int check_full_name(const char *s, char out[APP_STAFF_NAME_SIZE], err_t *e)
{
    out[0] = '\0';
    char tmp[1024];
    if (s && strlen(s) >= sizeof tmp)
        return err_field(e, "full_name", "氏名は%d文字以内で入力してください。", APP_STAFF_NAME_MAX);
    str_copy(tmp, sizeof tmp, s ? s : "");
    char *b = tmp, *end = tmp + strlen(tmp);
    for (;;) {
        if (*b == ' ')
            b++;
        else if ((unsigned char)b[0] == 0xE3 && (unsigned char)b[1] == 0x80 && (unsigned char)b[2] == 0x80)
            b += 3;
        else
            break;
    }
    for (;;) {
        if (end > b && end[-1] == ' ')
            end--;
        else if (end - b >= 3 && (unsigned char)end[-3] == 0xE3 && (unsigned char)end[-2] == 0x80 &&
                 (unsigned char)end[-1] == 0x80)
            end -= 3;
        else
            break;
    }
    *end = '\0';
    int rc = validate_text(b, true, APP_STAFF_NAME_MAX, "full_name", "氏名", e);
    if (!rc && !str_copy(out, APP_STAFF_NAME_SIZE, b))
        rc = err_field(e, "full_name", "氏名は%d文字以内で入力してください。", APP_STAFF_NAME_MAX);
    return rc;
}

/* Seal a checked 氏名 into dst (size dstsz). */
static int seal_name(const app_ctx *ctx, const char *name, char *dst, size_t dstsz, err_t *e)
{
    char *s = crypto_seal(ctx->env->keys, name);
    bool ok = s && str_copy(dst, dstsz, s);
    free(s);
    return ok ? 0 : err_set(e, ERR_INTERNAL, NULL, NULL, "cannot seal the staff name");
}

/* {"username": u, key: val} as a malloc'd compact JSON string. */
static char *detail2(const char *username, const char *key, const char *val)
{
    json_t *j = json_pack("{ss}", "username", username);
    if (j && key)
        json_object_set_new(j, key, json_string(val));
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    return s;
}

/* Run fn-style body inside a transaction with an audit row. */
static int finish(app_ctx *ctx, int rc, const char *action, const char *username, const char *key, const char *val,
                  err_t *e)
{
    if (!rc) {
        char obj[96];
        str_fmt(obj, sizeof obj, "user:%s", username);
        char *d = detail2(username, key, val);
        rc = app_audit(ctx, action, obj, d, e);
        free(d);
    }
    return app_tx_end(ctx, rc, e);
}

static int request_second_admin(app_ctx *ctx, const char *kind, const user_row *u, const char *summary,
                                const char *reason, const user_request_row *req, int64_t *pending_id, err_t *e);

/* Granting the administrator role (by an administrator, not the operator)
 * needs a second administrator's approval: else one administrator could
 * make a second account and approve their own requests with it. */
static bool grant_needs_second_admin(const app_ctx *ctx, int new_role, const char *old_role)
{
    return new_role == ROLE_ADMIN && strcmp(old_role, "admin") != 0 && ctx->actor.role != APP_ROLE_OPERATOR;
}

/* Inside the open transaction: request the administrator role for u (ends
 * the transaction). */
static int request_admin_grant(app_ctx *ctx, const user_row *u, const char *reason, int64_t *pending_id, err_t *e)
{
    char summary[256];
    str_fmt(summary, sizeof summary, "「%s」を管理者にする", u->username);
    user_request_row req = {.must_change = 0};
    str_copy(req.role, sizeof req.role, "admin");
    return request_second_admin(ctx, "user.role", u, summary, reason, &req, pending_id, e);
}

int app_user_add(app_ctx *ctx, const char *username, const char *full_name, const char *role, const char *password,
                 bool must_change, int64_t *id_out, int64_t *pending_id, err_t *e)
{
    if (pending_id)
        *pending_id = 0;
    int r, rc = app_require(ctx, PERM_USER_ADMIN, e);
    if (rc)
        return rc;
    char name[APP_STAFF_NAME_SIZE] = "";
    if ((rc = check_username(username, e)) || (full_name && (rc = check_full_name(full_name, name, e))) ||
        (rc = parse_role(role, &r, e)) || (rc = app_password_policy(username, password, "password", e)))
        return rc;
    user_row u;
    memset(&u, 0, sizeof u);
    if (name[0] && (rc = seal_name(ctx, name, u.full_name_enc, sizeof u.full_name_enc, e)))
        return rc;
    str_copy(u.username, sizeof u.username, username);
    str_copy(u.role, sizeof u.role, role_code(r));
    if (crypto_password_hash(password, u.pw_hash) != 0)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "password hash failed");
    u.must_change = must_change ? 1 : 0;
    u.created_at = date_now_unix();
    /* A new administrator starts as 閲覧 with the grant pending. */
    bool grant = grant_needs_second_admin(ctx, r, "");
    if (grant)
        str_copy(u.role, sizeof u.role, role_code(ROLE_VIEWER));
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    rc = user_store_insert(ctx->db, &u, &u.id, e);
    if (rc == ERR_CONFLICT && e)
        str_copy(e->field, sizeof e->field, "username");
    if (id_out)
        *id_out = rc ? 0 : u.id;
    if (!grant || rc)
        return finish(ctx, rc, "user.add", username, "role", u.role, e);
    char obj[96];
    str_fmt(obj, sizeof obj, "user:%s", username);
    char *d = detail2(username, "role", u.role);
    rc = app_audit(ctx, "user.add", obj, d, e);
    free(d);
    if (rc)
        return app_tx_end(ctx, rc, e);
    int64_t pending = 0;
    return request_admin_grant(ctx, &u, "管理者アカウントの新規作成", pending_id ? pending_id : &pending, e);
}

/* The opened 氏名 of u into out ('' when none). */
static void open_name(const app_ctx *ctx, const user_row *u, char *out, size_t outsz)
{
    out[0] = '\0';
    if (!u->full_name_enc[0])
        return;
    char *name = crypto_open(ctx->env->keys, u->full_name_enc);
    str_copy(out, outsz, name ? name : "（復号できません）");
    free(name);
}

static void to_app_user(const app_ctx *ctx, const user_row *u, app_user *o)
{
    memset(o, 0, sizeof *o);
    o->id = u->id;
    str_copy(o->username, sizeof o->username, u->username);
    open_name(ctx, u, o->full_name, sizeof o->full_name);
    o->role = role_parse(u->role);
    o->disabled = u->disabled != 0;
    o->must_change = u->must_change != 0;
    o->locked = u->locked_until > date_now_unix();
    o->created_at = u->created_at;
}

int app_user_list(app_ctx *ctx, app_user **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_USER_ADMIN, e);
    if (rc)
        return rc;
    user_row *us = NULL;
    size_t k = 0;
    if ((rc = user_store_list(ctx->db, &us, &k, e)))
        return rc;
    app_user *out = calloc(k ? k : 1, sizeof *out);
    if (!out) {
        free(us);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < k; i++)
        to_app_user(ctx, &us[i], &out[i]);
    free(us);
    *rows = out;
    *n = k;
    return 0;
}

int app_user_get(app_ctx *ctx, const char *username, app_user *out, err_t *e)
{
    int rc = app_require(ctx, PERM_USER_ADMIN, e);
    if (rc)
        return rc;
    user_row u;
    if ((rc = user_store_get_by_name(ctx->db, username, &u, e)))
        return rc;
    to_app_user(ctx, &u, out);
    return 0;
}

/* While an approval request is pending on an account, nothing else about it
 * changes (the approver decides on the account as the request saw it). */
static int refuse_if_pending(app_ctx *ctx, const user_row *u, err_t *e)
{
    char obj[96];
    str_fmt(obj, sizeof obj, "user:%s", u->username);
    int64_t id = 0;
    int rc = approval_store_pending_on(ctx->db, obj, &id, e);
    if (rc || !id)
        return rc;
    char msg[256];
    str_fmt(msg, sizeof msg,
            "「%s」には承認待ちの依頼（承認番号 %lld）があります。承認または却下されるまで、このアカウントは変更できません。",
            u->username, (long long)id);
    return err_set(e, ERR_CONFLICT, NULL, msg, "user %s has pending approval %lld", u->username, (long long)id);
}

/* Begin a transaction and load the target user, who must have no pending
 * approval request. */
static int begin_with_user(app_ctx *ctx, const char *username, user_row *u, err_t *e)
{
    int rc = app_require(ctx, PERM_USER_ADMIN, e);
    if (rc)
        return rc;
    if (!username || !*username)
        return err_field(e, "username", "ユーザー名を指定してください。");
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    rc = user_store_get_by_name(ctx->db, username, u, e);
    if (!rc)
        rc = refuse_if_pending(ctx, u, e);
    if (rc)
        db_rollback(ctx->db);
    return rc;
}

/* Removing or taking over another administrator (demote, disable, password
 * reset) needs a second administrator's approval; the operator (CLI) acts at
 * once.  Each such act is an approval kind (APP_USER_APPROVAL_KINDS below). */
static bool needs_second_admin(const app_ctx *ctx, const user_row *u)
{
    return strcmp(u->role, "admin") == 0 && u->id != ctx->actor.user_id && ctx->actor.role != APP_ROLE_OPERATOR;
}

/* Inside the open transaction: file the approval request of `kind` on u,
 * with its particulars (req, may be NULL); ends the transaction. */
static int request_second_admin(app_ctx *ctx, const char *kind, const user_row *u, const char *summary,
                                const char *reason, const user_request_row *req, int64_t *pending_id, err_t *e)
{
    int rc = 0;
    if (!reason || !*reason)
        rc = err_field(e, "reason", "管理者アカウントの変更には別の管理者の承認が必要です。理由を入力してください。");
    char obj[96];
    str_fmt(obj, sizeof obj, "user:%s", u->username);
    if (!rc)
        rc = app_approval_request_tx(ctx, kind, obj, summary, reason, pending_id, e);
    if (!rc && req) {
        user_request_row r = *req;
        r.approval_id = *pending_id;
        r.user_id = u->id;
        rc = user_store_request_insert(ctx->db, &r, e);
    }
    if (rc)
        *pending_id = 0;
    return app_tx_end(ctx, rc, e);
}

/* Refuse to leave the system without an active administrator. */
static int keep_one_admin(app_ctx *ctx, const user_row *u, err_t *e)
{
    if (strcmp(u->role, "admin") != 0 || u->disabled)
        return 0;
    int64_t n = 0;
    int rc = user_store_count_active_role(ctx->db, "admin", &n, e);
    if (rc)
        return rc;
    if (n <= 1)
        return err_set(e, ERR_CONFLICT, NULL, "有効な管理者が他にいないため、この操作はできません。",
                       "last active admin");
    return 0;
}

int app_user_set_role(app_ctx *ctx, const char *username, const char *role, const char *reason, int64_t *pending_id,
                      err_t *e)
{
    *pending_id = 0;
    int r, rc = parse_role(role, &r, e);
    if (rc)
        return rc;
    user_row u;
    if ((rc = begin_with_user(ctx, username, &u, e)))
        return rc;
    if (r != ROLE_ADMIN)
        rc = keep_one_admin(ctx, &u, e);
    if (!rc && grant_needs_second_admin(ctx, r, u.role))
        return request_admin_grant(ctx, &u, reason, pending_id, e);
    if (!rc && r != ROLE_ADMIN && needs_second_admin(ctx, &u)) {
        char summary[256];
        str_fmt(summary, sizeof summary, "管理者「%s」の権限を「%s」に変更する", username, role_label(r));
        user_request_row req = {.must_change = 0};
        str_copy(req.role, sizeof req.role, role_code(r));
        return request_second_admin(ctx, "user.role", &u, summary, reason, &req, pending_id, e);
    }
    if (!rc)
        rc = user_store_set_role(ctx->db, u.id, role_code(r), date_now_unix(), e);
    if (!rc)
        rc = session_store_delete_user(ctx->db, u.id, e);
    return finish(ctx, rc, "user.role", username, "role", role_code(r), e);
}

int app_user_set_password(app_ctx *ctx, const char *username, const char *password, bool must_change,
                          const char *reason, int64_t *pending_id, err_t *e)
{
    *pending_id = 0;
    int rc = app_password_policy(username, password, "password", e);
    if (rc)
        return rc;
    char hash[128];
    if (crypto_password_hash(password, hash) != 0)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "password hash failed");
    user_row u;
    if ((rc = begin_with_user(ctx, username, &u, e)))
        return rc;
    if (needs_second_admin(ctx, &u)) {
        char summary[256];
        str_fmt(summary, sizeof summary, "管理者「%s」のパスワードを再設定する", username);
        user_request_row req = {.must_change = must_change ? 1 : 0};
        str_copy(req.pw_hash, sizeof req.pw_hash, hash);
        return request_second_admin(ctx, "user.password", &u, summary, reason, &req, pending_id, e);
    }
    rc = user_store_set_password(ctx->db, u.id, hash, must_change, date_now_unix(), e);
    if (!rc)
        rc = session_store_delete_user(ctx->db, u.id, e);
    return finish(ctx, rc, "user.password_reset", username, "must_change", must_change ? "yes" : "no", e);
}

int app_user_disable(app_ctx *ctx, const char *username, const char *reason, int64_t *pending_id, err_t *e)
{
    *pending_id = 0;
    user_row u;
    int rc = begin_with_user(ctx, username, &u, e);
    if (rc)
        return rc;
    if (u.id == ctx->actor.user_id)
        rc = err_set(e, ERR_CONFLICT, NULL, "自分自身のアカウントは無効にできません。", "self-disable");
    if (!rc && u.disabled)
        rc = err_set(e, ERR_CONFLICT, NULL, "このアカウントは既に無効です。", "already disabled");
    if (!rc)
        rc = keep_one_admin(ctx, &u, e);
    if (!rc && needs_second_admin(ctx, &u)) {
        char summary[256];
        str_fmt(summary, sizeof summary, "管理者アカウント「%s」を無効にする", username);
        return request_second_admin(ctx, "user.disable", &u, summary, reason, NULL, pending_id, e);
    }
    if (!rc)
        rc = user_store_set_disabled(ctx->db, u.id, true, date_now_unix(), e);
    if (!rc)
        rc = session_store_delete_user(ctx->db, u.id, e);
    return finish(ctx, rc, "user.disable", username, "reason", reason ? reason : "", e);
}

int app_user_enable(app_ctx *ctx, const char *username, err_t *e)
{
    user_row u;
    int rc = begin_with_user(ctx, username, &u, e);
    if (rc)
        return rc;
    rc = user_store_set_disabled(ctx->db, u.id, false, date_now_unix(), e);
    return finish(ctx, rc, "user.enable", username, NULL, NULL, e);
}

int app_user_set_name(app_ctx *ctx, const char *username, const char *full_name, err_t *e)
{
    int rc = app_require(ctx, PERM_USER_ADMIN, e);
    if (rc)
        return rc;
    char name[APP_STAFF_NAME_SIZE], enc[sizeof ((user_row *)0)->full_name_enc];
    if ((rc = check_full_name(full_name, name, e)) || (rc = seal_name(ctx, name, enc, sizeof enc, e)))
        return rc;
    user_row u;
    if ((rc = begin_with_user(ctx, username, &u, e)))
        return rc;
    rc = user_store_set_name(ctx->db, u.id, enc, date_now_unix(), e);
    /* the audit detail is sealed like every audit detail */
    return finish(ctx, rc, "user.name", username, "name", name, e);
}

void app_staff_display_name(app_ctx *ctx, const char *username, char *out, size_t outsz)
{
    str_copy(out, outsz, username ? username : "");
    if (!username || !*username)
        return;
    user_row u;
    if (user_store_get_by_name(ctx->db, username, &u, NULL) != 0 || !u.full_name_enc[0])
        return;
    char *name = crypto_open(ctx->env->keys, u.full_name_enc);
    if (name && *name)
        str_copy(out, outsz, name);
    free(name);
}

int app_user_unlock(app_ctx *ctx, const char *username, err_t *e)
{
    user_row u;
    int rc = begin_with_user(ctx, username, &u, e);
    if (rc)
        return rc;
    rc = user_store_set_failures(ctx->db, u.id, 0, 0, e);
    return finish(ctx, rc, "user.unlock", username, NULL, NULL, e);
}

/* ---- approval kinds: the acts carried out when a second administrator
 * approves (inside the approval's transaction). */

/* user.disable: object "user:<username>". */
static int act_user_disable(app_ctx *ctx, int64_t approval_id, const char *object, err_t *e)
{
    (void)approval_id;
    const char *username = object + 5;
    user_row u;
    int rc = user_store_get_by_name(ctx->db, username, &u, e);
    if (rc)
        return rc;
    if (u.disabled)
        return 0;
    int64_t n = 0;
    if ((rc = user_store_count_active_role(ctx->db, "admin", &n, e)))
        return rc;
    if (strcmp(u.role, "admin") == 0 && n <= 1)
        return err_set(e, ERR_CONFLICT, NULL, "有効な管理者が他にいないため、承認できません。", "last admin");
    if ((rc = user_store_set_disabled(ctx->db, u.id, true, date_now_unix(), e)))
        return rc;
    return session_store_delete_user(ctx->db, u.id, e);
}

/* user.role: the new role is in user_requests. */
static int act_user_role(app_ctx *ctx, int64_t approval_id, const char *object, err_t *e)
{
    (void)object;
    user_request_row r;
    user_row u;
    int rc = user_store_request_get(ctx->db, approval_id, &r, e);
    if (!rc)
        rc = user_store_get(ctx->db, r.user_id, &u, e);
    if (rc)
        return rc;
    int64_t n = 0;
    if ((rc = user_store_count_active_role(ctx->db, "admin", &n, e)))
        return rc;
    if (strcmp(u.role, "admin") == 0 && !u.disabled && strcmp(r.role, "admin") != 0 && n <= 1)
        return err_set(e, ERR_CONFLICT, NULL, "有効な管理者が他にいないため、承認できません。", "last admin");
    if ((rc = user_store_set_role(ctx->db, u.id, r.role, date_now_unix(), e)))
        return rc;
    return session_store_delete_user(ctx->db, u.id, e);
}

/* user.password: the new password's hash is in user_requests; all the
 * user's sessions end. */
static int act_user_password(app_ctx *ctx, int64_t approval_id, const char *object, err_t *e)
{
    (void)object;
    user_request_row r;
    int rc = user_store_request_get(ctx->db, approval_id, &r, e);
    if (!rc && !r.pw_hash[0])
        rc = err_set(e, ERR_CONFLICT, NULL, "この承認依頼のパスワードは既に破棄されています。", "no hash");
    if (!rc)
        rc = user_store_set_password(ctx->db, r.user_id, r.pw_hash, r.must_change != 0, date_now_unix(), e);
    if (!rc)
        rc = session_store_delete_user(ctx->db, r.user_id, e);
    if (!rc)
        rc = user_store_request_forget(ctx->db, approval_id, e);
    return rc;
}

static int reject_user_password(app_ctx *ctx, int64_t approval_id, const char *object, err_t *e)
{
    (void)object;
    return user_store_request_forget(ctx->db, approval_id, e);
}

const app_approval_kind APP_USER_APPROVAL_KINDS[] = {
    {"user.disable", "管理者の無効化", PERM_USER_ADMIN, act_user_disable, NULL},
    {"user.role", "管理者の権限変更", PERM_USER_ADMIN, act_user_role, NULL},
    {"user.password", "管理者のパスワード再設定", PERM_USER_ADMIN, act_user_password, reject_user_password},
    {NULL, NULL, 0, NULL, NULL},
};
