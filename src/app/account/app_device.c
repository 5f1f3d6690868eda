/* app_device — API tokens for handheld terminals: an administrator issues one
 * per device and revokes it when the device is lost or retired; a request
 * with "Authorization: Bearer <token>" then acts as a meter reader named
 * "device:<name>" (see app.h).  Only the token's SHA-256 is stored. */
#include "app/app.h"
#include "app/reading/app_reading.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "domain/role.h"
#include "domain/validate.h"
#include "store/account/device_store.h"

int app_device_issue(app_ctx *ctx, const char *name, char token_out[65], int64_t *id_out, err_t *e)
{
    token_out[0] = '\0';
    int rc = app_require(ctx, PERM_USER_ADMIN, e);
    if (rc || (rc = validate_text(name, true, 40, "name", "端末名", e)))
        return rc;
    device_row d;
    memset(&d, 0, sizeof d);
    str_copy(d.name, sizeof d.name, name);
    char token[65];
    crypto_random_hex(token, 32);
    crypto_sha256_hex(token, strlen(token), d.token_hash);
    str_copy(d.created_by, sizeof d.created_by, ctx->actor.username);
    d.created_at = date_now_unix();
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    int64_t id = 0;
    rc = device_store_insert(ctx->db, &d, &id, e);
    if (!rc) {
        char obj[40];
        str_fmt(obj, sizeof obj, "device:%lld", (long long)id);
        rc = app_audit(ctx, "device.issue", obj, "{}", e);
    }
    if ((rc = app_tx_end(ctx, rc, e)))
        return rc;
    memcpy(token_out, token, sizeof token);
    if (id_out)
        *id_out = id;
    return 0;
}

int app_device_revoke(app_ctx *ctx, int64_t id, err_t *e)
{
    int rc = app_require(ctx, PERM_USER_ADMIN, e);
    if (rc || (rc = db_begin(ctx->db, e)))
        return rc;
    rc = device_store_revoke(ctx->db, id, date_now_unix(), e);
    if (!rc) {
        char obj[40];
        str_fmt(obj, sizeof obj, "device:%lld", (long long)id);
        rc = app_audit(ctx, "device.revoke", obj, "{}", e);
    }
    return app_tx_end(ctx, rc, e);
}

int app_device_list(app_ctx *ctx, app_device **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_USER_ADMIN, e);
    device_row *d = NULL;
    size_t nd = 0;
    if (rc || (rc = device_store_list(ctx->db, &d, &nd, e)))
        return rc;
    *rows = nd ? calloc(nd, sizeof **rows) : NULL;
    if (nd && !*rows) {
        free(d);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < nd; i++) {
        app_device *a = &(*rows)[i];
        a->id = d[i].id;
        str_copy(a->name, sizeof a->name, d[i].name);
        str_copy(a->created_by, sizeof a->created_by, d[i].created_by);
        a->created_at = d[i].created_at;
        a->revoked_at = d[i].revoked_at;
        a->last_used_at = d[i].last_used_at;
    }
    *n = nd;
    free(d);
    return 0;
}

int app_auth_device(app_ctx *ctx, const char *token, err_t *e)
{
    size_t len = token ? strlen(token) : 0;
    if (len != 64)
        return err_set(e, ERR_AUTH, NULL, "端末の認証に失敗しました。", "bad bearer token length");
    char hash[65];
    crypto_sha256_hex(token, len, hash);
    device_row d;
    int rc = device_store_get_by_hash(ctx->db, hash, &d, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_AUTH, NULL, "端末の認証に失敗しました。", "unknown device token");
    if (rc)
        return rc;
    if (d.revoked_at)
        return err_set(e, ERR_AUTH, NULL, "この端末は無効にされています。管理者に連絡してください。", "revoked device %lld",
                       (long long)d.id);
    ctx->actor.user_id = -d.id;   /* not a staff account: negative ids are devices */
    str_fmt(ctx->actor.username, sizeof ctx->actor.username, "device:%s", d.name);
    ctx->actor.role = ROLE_READER;
    ctx->actor.must_change = false;
    device_store_touch(ctx->db, d.id, date_now_unix(), NULL);
    return 0;
}
