/* app_application_portal — the portal half of app_application.h: filing an
 * application and its status page, the portal process's environment and
 * connection, and the operator's commands for its keys and role.
 *
 * The portal has no staff session and no access to the audit log (its
 * PostgreSQL role cannot read or write it): a filing is logged as one line
 * without personal data (receipt number and kind) instead.
 *
 * The status secret: 10 symbols of a 32-symbol alphabet (50 random bits),
 * kept as a keyed BLAKE2b hash salted with the receipt number
 * (sealbox_secret_hash).  The portal holds no secret key to pepper it with;
 * guessing online is bounded by the portal's rate limit, and an offline
 * search over a stolen database would cost about 2^49 hashes per
 * application to learn only that application's status. */
#include "app/reception/app_application.h"
#include "store/db.h"

#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/sealbox.h"
#include "domain/calendar.h"
#include "store/reception/application_store.h"
#include "store/portal_role_store.h"

/* The form's members by field (domain/application.h). */
static const size_t MEMBER[APF__MAX] = {
    [APF_TAP_NO] = offsetof(app_application_form, tap_no),
    [APF_CUSTOMER_NO] = offsetof(app_application_form, customer_no),
    [APF_ADDRESS] = offsetof(app_application_form, address),
    [APF_NAME] = offsetof(app_application_form, name),
    [APF_KANA] = offsetof(app_application_form, kana),
    [APF_PHONE] = offsetof(app_application_form, phone),
    [APF_START_ON] = offsetof(app_application_form, start_on),
    [APF_STOP_ON] = offsetof(app_application_form, stop_on),
    [APF_POSTAL] = offsetof(app_application_form, postal),
    [APF_MAIL_ADDRESS] = offsetof(app_application_form, mail_address),
    [APF_COMPANY] = offsetof(app_application_form, company),
    [APF_REPRESENTATIVE] = offsetof(app_application_form, representative),
    [APF_COMPANY_PHONE] = offsetof(app_application_form, company_phone),
    [APF_SETTLE] = offsetof(app_application_form, settle),
    [APF_FORWARD_POSTAL] = offsetof(app_application_form, forward_postal),
    [APF_FORWARD_ADDRESS] = offsetof(app_application_form, forward_address),
    [APF_FILER_NAME] = offsetof(app_application_form, filer_name),
    [APF_FILER_PHONE] = offsetof(app_application_form, filer_phone),
    [APF_FILER_RELATION] = offsetof(app_application_form, filer_relation),
    [APF_NOTE] = offsetof(app_application_form, note),
};

static void form_values(const app_application_form *f, const char *in[APF__MAX])
{
    for (int k = 0; k < APF__MAX; k++)
        in[k] = *(const char *const *)(const void *)((const char *)f + MEMBER[k]);
}

/* The web's window from [reception] (past_days does not apply to the web). */
static void web_rules(const app_ctx *ctx, reception_rules *r)
{
    long long lead = 3, ahead = 60;
    config_get_int(ctx->env->cfg, "reception.lead_business_days", 3, 0, 30, &lead, NULL);
    config_get_int(ctx->env->cfg, "reception.max_days_ahead", 60, 1, 365, &ahead, NULL);
    *r = (reception_rules){.lead_business_days = (int)lead, .max_days_ahead = (int)ahead, .past_days = 0};
}

void app_application_window(app_ctx *ctx, civil_date *earliest, civil_date *latest)
{
    reception_rules r;
    web_rules(ctx, &r);
    civil_date today = date_today_jst();
    *earliest = calendar_add_business_days(today, r.lead_business_days);
    *latest = date_from_days(date_to_days(today) + r.max_days_ahead);
}

/* Check into clean; returns the problems' count (problems in probs). */
static size_t check(app_ctx *ctx, application_kind kind, const app_application_form *f, application_clean *clean,
                    application_problems *probs)
{
    const char *in[APF__MAX];
    form_values(f, in);
    reception_rules r;
    web_rules(ctx, &r);
    return application_check(kind, in, &r, date_today_jst(), clean, probs);
}

size_t app_application_check(app_ctx *ctx, const char *kind, const app_application_form *f,
                             application_problems *out)
{
    application_kind k;
    if (!application_kind_parse(kind, &k)) {
        memset(out, 0, sizeof *out);
        out->p[0].field = -1;
        str_copy(out->p[0].msg, sizeof out->p[0].msg, "お申込みの種類が正しくありません。");
        out->n = 1;
        return 1;
    }
    application_clean clean;
    size_t n = check(ctx, k, f, &clean, out);
    application_clean_free(&clean);
    return n;
}

/* The cleaned form as JSON (keys: the struct's members, plus "kind"). */
static char *payload_json(application_kind k, const application_clean *c)
{
    json_t *j = json_object();
    if (!j)
        return NULL;
    json_object_set_new(j, "kind", json_string(application_kind_code(k)));
    for (int f = 0; f < APF__MAX; f++)
        json_object_set_new(j, APPLICATION_FIELDS[f].name, json_string(c->v[f]));
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    return s;
}

int app_application_file(app_ctx *ctx, const char *kind, const app_application_form *f, char receipt_no[16],
                         char secret[16], err_t *e)
{
    receipt_no[0] = secret[0] = '\0';
    application_kind k;
    if (!application_kind_parse(kind, &k))
        return err_field(e, "kind", "お申込みの種類が正しくありません。");
    if (!ctx->env->portal_keys)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "portal public key not loaded");
    application_clean clean;
    application_problems probs;
    if (check(ctx, k, f, &clean, &probs)) {
        int fi = probs.p[0].field;
        return err_field(e, fi >= 0 ? APPLICATION_FIELDS[fi].name : "kind", "%s", probs.p[0].msg);
    }
    char *json = payload_json(k, &clean);
    application_row row;
    memset(&row, 0, sizeof row);
    row.payload_sealed = json ? sealbox_seal(ctx->env->portal_keys->pk, json) : NULL;
    if (json) {
        memset(json, 0, strlen(json));
        free(json);
    }
    str_copy(row.kind, sizeof row.kind, application_kind_code(k));
    date_format_iso(clean.day, row.effective_on);
    application_clean_free(&clean);
    if (!row.payload_sealed)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "sealing an application failed");
    row.created_at = date_now_unix();
    char code[16];
    sealbox_random_code(code, APPLICATION_SECRET_LEN, APPLICATION_SECRET_ALPHABET);
    int rc = ERR_CONFLICT;
    /* A receipt number already taken (one chance in 10^12 per row) is drawn again. */
    for (int attempt = 0; attempt < 3 && rc == ERR_CONFLICT; attempt++) {
        char digits[APPLICATION_RECEIPT_DIGITS + 1];
        sealbox_random_code(digits, APPLICATION_RECEIPT_DIGITS, "0123456789");
        application_receipt_format(digits, row.receipt_no);
        sealbox_secret_hash(row.receipt_no, code, row.secret_hash);
        if ((rc = db_begin(ctx->db, e)))
            break;
        int64_t id = 0;
        rc = application_store_insert(ctx->db, &row, &id, e);
        rc = app_tx_end(ctx, rc, e);
    }
    free(row.payload_sealed);
    if (rc)
        return rc;
    str_copy(receipt_no, 16, row.receipt_no);
    str_copy(secret, 16, code);
    log_msg(LOG_INFO, ctx->actor.rid, "portal: application %s filed (%s)", row.receipt_no, row.kind);
    return 0;
}

int app_application_status_get(app_ctx *ctx, const char *receipt_no, const char *secret,
                               app_application_status *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    char no[16], code[16], hash[65];
    bool typed_ok = application_receipt_parse(receipt_no, no) && application_secret_parse(secret, code);
    application_row row;
    int rc = typed_ok ? application_store_status(ctx->db, no, &row, e) : ERR_NOTFOUND;
    if (rc && rc != ERR_NOTFOUND)
        return rc;
    /* The same work whether the number exists or not. */
    sealbox_secret_hash(typed_ok ? no : "0000-0000-0000", typed_ok ? code : "", hash);
    if (rc || !crypto_str_eq(hash, row.secret_hash))
        return err_set(e, ERR_NOTFOUND, "receipt_no",
                       "受付番号と確認コードの組み合わせに一致するお申込みが見つかりません。"
                       "入力に誤りがないかお確かめください。",
                       "no application for that receipt number and secret");
    str_copy(out->receipt_no, sizeof out->receipt_no, row.receipt_no);
    str_copy(out->kind, sizeof out->kind, row.kind);
    str_copy(out->status, sizeof out->status, row.status);
    str_copy(out->effective_on, sizeof out->effective_on, row.effective_on);
    str_copy(out->reject_reason, sizeof out->reject_reason, row.reject_reason);
    out->created_at = row.created_at;
    return 0;
}

int app_portal_env_init(app_env *env, config *cfg, err_t *e)
{
    memset(env, 0, sizeof *env);
    env->cfg = cfg;
    const char *url = config_get(cfg, "portal.db", config_get(cfg, "db.url", "sqlite:var/suido.db"));
    if (!str_copy(env->db_url, sizeof env->db_url, url))
        return err_set(e, ERR_INVALID, "portal.db", NULL, "portal.db too long");
    if (crypto_init() != 0)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "libsodium initialisation failed");
    char sk[SEALBOX_PATH_MAX], pk[SEALBOX_PATH_MAX];
    int rc = sealbox_paths(cfg, sk, pk, e);
    if (!rc && (rc = sealbox_public_load(pk, &env->portal_keys, e)) && e)
        str_copy(e->user, sizeof e->user,
                 "受付窓口の公開鍵ファイル（portal.pub）を読めません。職員側で `suido portal keys` を実行し、"
                 "できた portal.pub をこのサーバーに置いてください。");
    return rc;
}

int app_portal_db_open(const app_env *env, db_conn **out, err_t *e)
{
    int rc = db_conn_open(env->db_url, false, out, e);
    if (!rc && (rc = portal_role_restrict(*out, e))) {
        db_conn_close(*out);
        *out = NULL;
    }
    if (!rc)
        db_server_reads(*out);   /* a server's connection: see db.h */
    return rc;
}

int app_portal_health(app_ctx *ctx, err_t *e)
{
    return application_store_ping(ctx->db, e);
}

int app_portal_keys_load(app_env *env, bool create, err_t *e)
{
    char sk[SEALBOX_PATH_MAX], pk[SEALBOX_PATH_MAX];
    int rc = sealbox_paths(env->cfg, sk, pk, e);
    if (rc)
        return rc;
    sealbox_keys *k = NULL;
    if ((rc = sealbox_keys_load(sk, pk, create, &k, e)))
        return rc;
    sealbox_keys_free(env->portal_keys);
    env->portal_keys = k;
    return 0;
}

int app_portal_grant(app_ctx *ctx, const char *role, const char *password, bool *created, err_t *e)
{
    if (ctx->actor.role != APP_ROLE_OPERATOR)
        return err_set(e, ERR_FORBIDDEN, NULL, NULL, "portal grant is for the operator");
    if (!password || strlen(password) < 12)
        return err_field(e, "password", "パスワードは12文字以上にしてください。");
    return portal_role_grant(ctx->db, role, password, created, e);
}
