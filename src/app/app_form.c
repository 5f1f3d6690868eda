/* app_form — one-time form tokens (see app_form.h). */
#include "app/app_form.h"
#include "app/reading/app_reading.h"
#include "store/db.h"

#include <string.h>

#include "base/crypto.h"
#include "base/date.h"
#include "base/log.h"
#include "domain/role.h"
#include "store/form_token_store.h"

/* Tokens are kept a day: a form left open longer is shown again. */
#define FORM_TOKEN_TTL (24 * 3600)

int app_form_issue(app_ctx *ctx, const char *session_token, const char *purpose, char out[65], err_t *e)
{
    out[0] = '\0';
    if (!session_token || !*session_token)
        return err_set(e, ERR_AUTH, NULL, "ログインしてください。", "form token without a session");
    char tok[65], th[65], sh[65];
    crypto_random_hex(tok, 32);
    crypto_sha256_hex(tok, strlen(tok), th);
    crypto_sha256_hex(session_token, strlen(session_token), sh);
    int64_t now = date_now_unix();
    /* Issued while a page is read in one snapshot (app_read_begin): written outside it. */
    db_read_state rs = db_read_pause(ctx->db);
    int rc = form_token_store_prune(ctx->db, now - FORM_TOKEN_TTL, e);
    if (!rc)
        rc = form_token_store_insert(ctx->db, th, sh, purpose, now, e);
    if (!rc)
        str_copy(out, 65, tok);
    err_t re;
    err_clear(&re);
    if (db_read_resume(ctx->db, rs, &re))
        log_msg(LOG_WARN, ctx->actor.rid, "read snapshot not reopened after a form token: %s", re.log);
    return rc;
}

int app_form_claim_tx(app_ctx *ctx, err_t *e)
{
    app_form *f = ctx->form;
    if (!f)
        return 0;
    f->replayed = false;
    f->result[0] = '\0';
    if (!f->token || !*f->token || strlen(f->token) != 64 || !f->session_token)
        return err_field(e, "form_token", "この送信には画面の確認番号がありません。画面を開き直してから、もう一度送信してください。");
    char th[65], sh[65];
    crypto_sha256_hex(f->token, strlen(f->token), th);
    crypto_sha256_hex(f->session_token, strlen(f->session_token), sh);
    bool claimed = false;
    int rc = form_token_store_claim(ctx->db, th, sh, f->purpose, date_now_unix(), &claimed, e);
    if (rc || claimed)
        return rc;
    rc = form_token_store_result(ctx->db, th, sh, f->purpose, f->result, sizeof f->result, e);
    if (rc == ERR_NOTFOUND)
        return err_field(e, "form_token", "この画面は古くなっています。画面を開き直してから、もう一度送信してください。");
    if (!rc)
        f->replayed = true;
    return rc;
}

bool app_form_replayed(const app_ctx *ctx)
{
    return ctx->form && ctx->form->replayed;
}

int app_form_done_tx(app_ctx *ctx, const char *result, err_t *e)
{
    app_form *f = ctx->form;
    if (!f || !f->token)
        return 0;
    str_copy(f->result, sizeof f->result, result ? result : "");
    char th[65];
    crypto_sha256_hex(f->token, strlen(f->token), th);
    return form_token_store_set_result(ctx->db, th, f->result, e);
}

int64_t app_form_result_id(const app_ctx *ctx, const char *kind)
{
    const app_form *f = ctx->form;
    size_t k = strlen(kind);
    long long id = 0;
    if (!f || strncmp(f->result, kind, k) != 0 || f->result[k] != ':' || !str_to_i64(f->result + k + 1, &id))
        return 0;
    return id;
}

int app_import_result_put(app_ctx *ctx, int64_t file_id, const char *kind, const char *summary, err_t *e)
{
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    return rc ? rc : import_result_store_put(ctx->db, file_id, kind, summary, date_now_unix(), e);
}

int app_import_result_get(app_ctx *ctx, int64_t file_id, char *kind, size_t kindsz, char **summary, err_t *e)
{
    *summary = NULL;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (!rc)
        rc = import_result_store_get(ctx->db, file_id, kind, kindsz, summary, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "この取込の結果はありません。", "no import result %lld",
                       (long long)file_id);
    return rc;
}

int app_reading_import_result_put(app_ctx *ctx, const char *batch, const char *summary, err_t *e)
{
    int rc = app_require(ctx, PERM_READING_ENTER, e);
    if (rc || (rc = db_begin(ctx->db, e)))
        return rc;
    int64_t now = date_now_unix();
    rc = import_result_store_put_batch(ctx->db, batch, summary, now, now - (int64_t)APP_IMPORT_KEEP_DAYS * 86400, e);
    return app_tx_end(ctx, rc, e);
}

int app_reading_import_result_get(app_ctx *ctx, const char *batch, char **summary, err_t *e)
{
    *summary = NULL;
    int rc = app_require(ctx, PERM_READING_ENTER, e);
    if (!rc)
        rc = import_result_store_get_batch(ctx->db, batch, summary, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "この取込の結果はありません。", "no reading import result %s", batch);
    return rc;
}
