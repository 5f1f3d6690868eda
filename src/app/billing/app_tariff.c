/* app_tariff — loading and listing tariff versions (see app.h). */
#include "app/app.h"
#include "app/billing/app_tariff.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/jsonw.h"
#include "domain/role.h"
#include "domain/tariff.h"
#include "store/billing/tariff_store.h"
#include "domain/validate.h"

int app_tariff_load(app_ctx *ctx, const char *json, size_t len, char id_out[64], bool *already, err_t *e)
{
    *already = false;
    id_out[0] = '\0';
    int rc = app_require(ctx, PERM_TARIFF_ADMIN, e);
    if (rc)
        return rc;
    tariff *t = malloc(sizeof *t);
    if (!t)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    char msg[300];
    if (tariff_parse(json, len, t, msg, sizeof msg) != 0) {
        free(t);
        return err_set(e, ERR_INVALID, "tariff", msg, "tariff refused: %s", msg);
    }
    if ((rc = validate_text(t->name, false, 200, "name", "料金表の名称", e))) {
        free(t);
        return rc;
    }
    str_copy(id_out, 64, t->id);
    tariff_row r;
    memset(&r, 0, sizeof r);
    str_copy(r.tariff_id, sizeof r.tariff_id, t->id);
    str_copy(r.service, sizeof r.service, t->service);
    str_copy(r.effective_from, sizeof r.effective_from, t->effective_from);
    str_copy(r.name, sizeof r.name, t->name);
    free(t);
    char *body = strndup(json, len);
    if (!body)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    r.body = body;
    crypto_sha256_hex(json, len, r.sha256);
    str_copy(r.loaded_by, sizeof r.loaded_by, ctx->actor.username);
    r.loaded_at = date_now_unix();
    if ((rc = db_begin(ctx->db, e))) {
        free(body);
        return rc;
    }
    tariff_row old;
    memset(&old, 0, sizeof old);
    rc = tariff_store_get(ctx->db, r.tariff_id, &old, e);
    if (rc == 0) {
        if (strcmp(old.sha256, r.sha256) == 0)
            *already = true;
        else
            rc = err_set(e, ERR_CONFLICT, "id",
                         "同じ id の料金表が別の内容で登録済みです。改定は新しい id と適用開始日で登録してください。",
                         "tariff %s exists with other content", r.tariff_id);
        free(old.body);
    } else if (rc == ERR_NOTFOUND) {
        tariff_row *all = NULL;
        size_t n = 0;
        rc = tariff_store_list(ctx->db, false, &all, &n, e);
        for (size_t i = 0; !rc && i < n; i++)
            if (strcmp(all[i].service, r.service) == 0 && strcmp(all[i].effective_from, r.effective_from) == 0) {
                char u[256];
                str_fmt(u, sizeof u, "同じサービス・適用開始日の料金表（%s）が既にあります。", all[i].tariff_id);
                rc = err_set(e, ERR_CONFLICT, "effective_from", u, "same service and date as %s", all[i].tariff_id);
            }
        tariff_store_rows_free(all, n);
        if (!rc)
            rc = tariff_store_insert(ctx->db, &r, NULL, e);
        if (!rc) {
            buf_t d;
            buf_init(&d, 0);
            jsonw w;
            jsonw_begin(&w, &d);
            jsonw_object(&w);
            jsonw_kv_string(&w, "service", r.service);
            jsonw_kv_string(&w, "effective_from", r.effective_from);
            jsonw_kv_string(&w, "sha256", r.sha256);
            jsonw_end_object(&w);
            char obj[80];
            str_fmt(obj, sizeof obj, "tariff:%s", r.tariff_id);
            rc = app_audit(ctx, "tariff.load", obj, buf_cstr(&d), e);
            buf_free(&d);
        }
    }
    free(body);
    return app_tx_end(ctx, rc, e);
}

int app_tariff_list(app_ctx *ctx, app_tariff **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    tariff_row *r = NULL;
    size_t k = 0;
    if ((rc = tariff_store_list(ctx->db, false, &r, &k, e)))
        return rc;
    char today[11];
    date_format_iso(date_today_jst(), today);
    *rows = calloc(k ? k : 1, sizeof **rows);
    if (!*rows) {
        tariff_store_rows_free(r, k);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < k; i++) {
        app_tariff *o = &(*rows)[i];
        str_copy(o->tariff_id, sizeof o->tariff_id, r[i].tariff_id);
        str_copy(o->service, sizeof o->service, r[i].service);
        str_copy(o->effective_from, sizeof o->effective_from, r[i].effective_from);
        str_copy(o->name, sizeof o->name, r[i].name);
        str_copy(o->sha256, sizeof o->sha256, r[i].sha256);
        str_copy(o->loaded_by, sizeof o->loaded_by, r[i].loaded_by);
        o->loaded_at = r[i].loaded_at;
        /* Rows are by service then date: the last one not after today is in force. */
        bool next_same = i + 1 < k && strcmp(r[i + 1].service, r[i].service) == 0 &&
                         strcmp(r[i + 1].effective_from, today) <= 0;
        o->in_force = strcmp(r[i].effective_from, today) <= 0 && !next_same;
    }
    *n = k;
    tariff_store_rows_free(r, k);
    return 0;
}

int app_tariff_get(app_ctx *ctx, const char *tariff_id, tariff **out, err_t *e)
{
    *out = NULL;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    tariff_row r;
    memset(&r, 0, sizeof r);
    rc = tariff_store_get(ctx->db, tariff_id, &r, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "料金表が見つかりません。", "tariff %s not found", tariff_id);
    if (rc)
        return rc;
    tariff *t = malloc(sizeof *t);
    char msg[256];
    if (!t)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    else if (tariff_parse(r.body, strlen(r.body), t, msg, sizeof msg) != 0)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "stored tariff %s: %s", tariff_id, msg);
    free(r.body);
    if (rc) {
        free(t);
        return rc;
    }
    *out = t;
    return 0;
}

void app_tariff_free(tariff *t)
{
    free(t);
}
