/* app_application_staff — the staff half of portal applications (see
 * app_application.h): the inbox with each form opened, the tap it names
 * matched against the registry, rejection with a reason the resident reads,
 * and the mark that a reception request was made from it. */
#include "app/reception/app_application.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/reception/app_reception.h"
#include "app/registry/app_registry.h"
#include "app/registry/app_customer.h"
#include "store/db.h"
#include "base/buf.h"
#include "base/sealbox.h"
#include "base/text.h"
#include "domain/address_match.h"
#include "domain/role.h"
#include "domain/validate.h"
#include "store/reception/application_store.h"
#include "store/registry/customer_store.h"
#include "store/registry/tap_store.h"

static const char *jstr(const json_t *j, const char *key)
{
    const json_t *v = json_object_get(j, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

void app_application_free(app_application *a)
{
    if (!a)
        return;
    free(a->payload);
    a->payload = NULL;
}

void app_applications_free(app_application *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++)
        app_application_free(&rows[i]);
    free(rows);
}

/* The pair loaded at the server's start (app_portal_keys_load). */
static int load_keys(app_ctx *ctx, const sealbox_keys **k, err_t *e)
{
    *k = ctx->env->portal_keys;
    if (!*k || !(*k)->has_secret)
        return err_set(e, ERR_INTERNAL, NULL, "ウェブ申込の鍵が読み込まれていません。", "portal key pair not loaded");
    return 0;
}

/* Letters only, for comparing names typed by a resident with the registry
 * (spaces of either width and the middle dot do not count). */
static void name_key(const char *s, char *out, size_t outsz)
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && o + 1 < outsz;) {
        if (*p == ' ' || *p == '\t') {
            p++;
            continue;
        }
        if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {   /* U+3000 ideographic space */
            p += 3;
            continue;
        }
        out[o++] = (char)*p++;
    }
    out[o] = '\0';
}

/* The tap the form names, when it exists and the place of use typed is its
 * registered one (written any way: domain/address_match); for a stop also
 * its current customer's name (a stop is never matched to someone else). */
static void match(app_ctx *ctx, app_application *a)
{
    json_t *j = a->payload ? json_loads(a->payload, 0, NULL) : NULL;
    const char *tap_no = "", *name = "", *address = "";
    json_unpack(j, "{s?s,s?s,s?s}", "tap_no", &tap_no, "name", &name, "address", &address);
    tap_row t;
    if (tap_no && *tap_no && tap_store_get_by_no(ctx->db, tap_no, &t, NULL) == 0) {
        char reg[600];
        app_registry_place_of_use(ctx, &t, reg, sizeof reg);
        bool place = address_matches(address, reg);
        occupancy_row occ;
        memset(&occ, 0, sizeof occ);
        customer_row *c = calloc(1, sizeof *c);
        bool same = false;
        if (c && occupancy_store_current(ctx->db, t.id, &occ, NULL) == 0 &&
            customer_store_get(ctx->db, occ.customer_id, c, NULL) == 0) {
            char *cur = crypto_open(ctx->env->keys, c->name_enc);
            char k1[256], k2[256];
            name_key(cur, k1, sizeof k1);
            name_key(name, k2, sizeof k2);
            same = cur && *k1 && strcmp(k1, k2) == 0;
            free(cur);
        }
        free(c);
        if (place && (same || strcmp(a->kind, "start") == 0))
            str_copy(a->matched_tap, sizeof a->matched_tap, t.tap_no);
        if (place && same)
            a->matched_customer = occ.customer_id;
    }
    json_decref(j);
}

static int fill(app_ctx *ctx, const sealbox_keys *k, const application_row *r, app_application *a, err_t *e)
{
    a->id = r->id;
    a->request_id = r->request_id;
    a->created_at = r->created_at;
    a->decided_at = r->decided_at;
    str_copy(a->receipt_no, sizeof a->receipt_no, r->receipt_no);
    str_copy(a->kind, sizeof a->kind, r->kind);
    str_copy(a->status, sizeof a->status, r->status);
    str_copy(a->effective_on, sizeof a->effective_on, r->effective_on);
    str_copy(a->decided_by, sizeof a->decided_by, r->decided_by);
    str_copy(a->reject_reason, sizeof a->reject_reason, r->reject_reason);
    a->payload = r->payload_sealed ? sealbox_open(k->pk, k->sk, r->payload_sealed) : NULL;
    if (!a->payload)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "application %lld cannot be opened with the portal key",
                       (long long)r->id);
    match(ctx, a);
    return 0;
}

static void audit_view(app_ctx *ctx, const char *what, size_t n)
{
    app_audit_detail det;
    app_audit_detail_begin(&det);
    jsonw_kv_string(&det.w, "what", what);
    jsonw_kv_int(&det.w, "rows", (int64_t)n);
    err_t ae;
    err_clear(&ae);
    app_audit_now_json(ctx, "application.view", "applications", &det, &ae);
}

int app_application_list(app_ctx *ctx, const char *status, app_application **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    const sealbox_keys *k = NULL;
    if (rc || (rc = load_keys(ctx, &k, e)) || (rc = db_begin_read(ctx->db, e)))
        return rc;
    application_row *rs = NULL;
    size_t m = 0;
    rc = application_store_list(ctx->db, status, 500, &rs, &m, e);
    app_application *out = rc ? NULL : calloc(m ? m : 1, sizeof *out);
    if (!rc && !out)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < m; i++)
        rc = fill(ctx, k, &rs[i], &out[i], e);
    db_end_read(ctx->db);
    application_rows_free(rs, m);
    if (rc) {
        app_applications_free(out, m);
        return rc;
    }
    if (m)
        audit_view(ctx, status && *status ? status : "all", m);
    *rows = out;
    *n = m;
    return 0;
}

int app_application_get(app_ctx *ctx, int64_t id, app_application *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    const sealbox_keys *k = NULL;
    if (rc || (rc = load_keys(ctx, &k, e)) || (rc = db_begin_read(ctx->db, e)))
        return rc;
    application_row r;
    memset(&r, 0, sizeof r);
    rc = application_store_get(ctx->db, id, &r, e);
    if (rc == ERR_NOTFOUND)
        rc = err_set(e, ERR_NOTFOUND, NULL, "そのお申込みはありません。", "application %lld not found", (long long)id);
    if (!rc)
        rc = fill(ctx, k, &r, out, e);
    db_end_read(ctx->db);
    application_row_free(&r);
    if (rc) {
        app_application_free(out);
        memset(out, 0, sizeof *out);
        return rc;
    }
    char what[32];
    str_fmt(what, sizeof what, "%lld", (long long)id);
    audit_view(ctx, what, 1);
    return 0;
}

int app_application_reject(app_ctx *ctx, int64_t id, const char *reason, err_t *e)
{
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    if (!rc)
        rc = validate_text(reason, true, 200, "reason", "お受けできない理由", e);
    if (!rc && !text_is_clean(reason, false))
        rc = err_field(e, "reason", "お受けできない理由に使えない文字が含まれています。");
    if (rc || (rc = db_begin(ctx->db, e)))
        return rc;
    rc = application_store_set_rejected(ctx->db, id, reason, ctx->actor.username, date_now_unix(), e);
    if (rc == ERR_CONFLICT)
        err_set(e, ERR_CONFLICT, NULL, "このお申込みはすでに処理されています。", "application %lld not waiting",
                (long long)id);
    if (!rc) {
        json_t *j = json_pack("{sIss}", "application", (json_int_t)id, "reason", reason);
        char *d = j ? json_dumps(j, JSON_COMPACT) : NULL;
        json_decref(j);
        rc = d ? app_audit(ctx, "application.reject", "applications", d, e)
               : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        free(d);
    }
    return app_tx_end(ctx, rc, e);
}

int app_application_converted_tx(app_ctx *ctx, int64_t id, int64_t request_id, err_t *e)
{
    int rc = application_store_set_converted(ctx->db, id, request_id, ctx->actor.username, date_now_unix(), e);
    if (rc == ERR_CONFLICT)
        return err_set(e, ERR_CONFLICT, "application", "このお申込みはすでに処理されています。",
                       "application %lld not waiting", (long long)id);
    if (rc)
        return rc;
    app_audit_detail det;
    app_audit_detail_begin(&det);
    jsonw_kv_int(&det.w, "application", id);
    jsonw_kv_int(&det.w, "request", request_id);
    return app_audit_json(ctx, "application.convert", "applications", &det, e);
}

json_t *app_application_reception_fields(const app_application *a)
{
    json_t *j = json_loads(a->payload, 0, NULL);
    json_t *p = json_object();
    json_object_set_new(p, "source", json_string("web"));
    static const char *const SAME[] = {"name", "kana", "phone", "postal", "mail_address", "filer_name",
                                       "filer_phone", "filer_relation", "settle", "forward_address"};
    for (size_t i = 0; i < sizeof SAME / sizeof SAME[0]; i++)
        if (*jstr(j, SAME[i]))
            json_object_set_new(p, SAME[i], json_string(jstr(j, SAME[i])));
    if (strcmp(a->kind, "stop") == 0) {
        json_object_set_new(p, "stop_on", json_string(a->effective_on));
        json_object_set_new(p, "postal", json_string(jstr(j, "forward_postal")));
    } else {
        json_object_set_new(p, "start_on", json_string(a->effective_on));
    }
    buf_t note;   /* whole, never cut inside a character: the resident's note may run to 500 */
    buf_init(&note, 0);
    buf_printf(&note, "ウェブ申込 %s%s%s%s%s%s%s", a->receipt_no, *jstr(j, "company") ? "／法人: " : "",
               jstr(j, "company"), *jstr(j, "representative") ? " 代表者: " : "", jstr(j, "representative"),
               *jstr(j, "note") ? "／連絡事項: " : "", jstr(j, "note"));
    json_object_set_new(p, "note", json_string(buf_cstr(&note)));
    buf_free(&note);
    json_decref(j);
    return p;
}



int app_application_convert(app_ctx *ctx, int64_t id, const char *tap_no, app_request_out *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    app_application a;
    int rc = app_application_get(ctx, id, &a, e);
    if (rc)
        return rc;
    json_t *p = app_application_reception_fields(&a);
    app_filer f = {jstr(p, "filer_name"), jstr(p, "filer_phone"), jstr(p, "filer_relation")};
    /* the notice was given when the resident filed: the date rule of the
     * portal was met then, so the clerk is not held to it again */
    if (strcmp(a.kind, "stop") == 0) {
        app_stop_in in = {.tap_no = tap_no, .stop_on = a.effective_on, .source = "web",
                          .settle = jstr(p, "settle"), .postal = jstr(p, "postal"),
                          .forward_address = jstr(p, "forward_address"), .phone = jstr(p, "phone"), .filer = f,
                          .note = jstr(p, "note"), .urgent = true, .application_id = id};
        rc = app_reception_stop(ctx, &in, out, e);
    } else {
        app_customer_input c = {.name = jstr(p, "name"), .kana = jstr(p, "kana"), .phone = jstr(p, "phone"),
                                .postal = jstr(p, "postal"), .mail_address = jstr(p, "mail_address"), .notes = ""};
        app_start_in in = {.tap_no = tap_no, .start_on = a.effective_on, .source = "web", .customer = c,
                           .filer = f, .note = jstr(p, "note"), .urgent = true, .application_id = id};
        rc = app_reception_start(ctx, &in, out, e);
    }
    json_decref(p);
    app_application_free(&a);
    return rc;
}
