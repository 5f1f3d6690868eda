/* app_contact — the contact log (対応履歴) and returned mail (不着): record,
 * list, confirm an address (see app_contact.h).  The summary is sealed here,
 * before it reaches store/, and never written to the log or the audit
 * detail. */
#include "app/reception/app_contact.h"
#include "app/registry/app_registry.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#include "base/jsonw.h"
#include "base/text.h"
#include "domain/contact.h"
#include "domain/role.h"
#include "domain/validate.h"
#include "store/reception/contact_store.h"
#include "store/registry/customer_store.h"
#include "store/registry/tap_store.h"

/* A sealed summary of the longest text allowed (4 bytes a character) fits the
 * column buffer: key id, ':', base64 of nonce (24) + text + tag (16). */
_Static_assert(CRYPTO_KEYID_MAX + 1 + ((24 + 4 * CONTACT_SUMMARY_MAX + 16 + 2) / 3) * 4 + 1 <= CONTACT_SUMMARY_ENC_MAX,
               "CONTACT_SUMMARY_ENC_MAX too small for CONTACT_SUMMARY_MAX");

/* Contacts name the tap as --tap / the "tap" field; the number is checked first. */
static int find_tap(app_ctx *ctx, const char *tap_no, tap_row *t, err_t *e)
{
    int rc = validate_tap_no(tap_no, "tap", "水栓番号", e);
    return rc ? rc : app_registry_find_tap(ctx, tap_no, "tap", t, e);
}

/* The tap's current customer id, 0 when there is none. */
static int current_customer(app_ctx *ctx, int64_t tap_id, int64_t *customer_id, err_t *e)
{
    *customer_id = 0;
    occupancy_row occ;
    err_t le;
    err_clear(&le);
    int rc = occupancy_store_current(ctx->db, tap_id, &occ, &le);
    if (rc == ERR_NOTFOUND)
        return 0;
    if (rc) {
        if (e)
            *e = le;
        return rc;
    }
    *customer_id = occ.customer_id;
    return 0;
}

static int add_tx(app_ctx *ctx, const char *tap_no, contact_row *r, size_t chars, app_contact_added *out, err_t *e)
{
    tap_row t;
    int rc = find_tap(ctx, tap_no, &t, e);
    if (rc)
        return rc;
    r->tap_id = t.id;
    if ((rc = current_customer(ctx, t.id, &r->customer_id, e)))
        return rc;
    if ((rc = contact_store_insert(ctx->db, r, &out->id, e)))
        return rc;
    out->customer_id = r->customer_id;
    if (strcmp(r->reason, CONTACT_REASON_CODES[CONTACT_R_RETURNED_MAIL]) == 0 && r->customer_id) {
        customer_row *c = malloc(sizeof *c);
        if (!c)
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        rc = customer_store_get(ctx->db, r->customer_id, c, e);
        int64_t since = rc ? 0 : c->mail_doubtful_since;
        free(c);
        if (rc)
            return rc;
        if (since == 0) {   /* doubtful from the first return on; a second one keeps that date */
            since = r->created_at;
            if ((rc = customer_store_set_mail_doubtful(ctx->db, r->customer_id, since, NULL, e)))
                return rc;
            out->newly_doubtful = true;
        }
        out->mail_doubtful_since = since;
    }
    /* The detail says what kind of contact it was, never what was said. */
    char obj[32];
    str_fmt(obj, sizeof obj, "tap:%s", t.tap_no);
    buf_t d;
    buf_init(&d, 0);
    jsonw w;
    jsonw_begin(&w, &d);
    jsonw_object(&w);
    jsonw_kv_int(&w, "contact", out->id);
    jsonw_kv_int(&w, "customer", r->customer_id);
    jsonw_kv_string(&w, "channel", r->channel);
    jsonw_kv_string(&w, "reason", r->reason);
    jsonw_kv_int(&w, "summary_chars", (int64_t)chars);
    if (out->mail_doubtful_since) {
        jsonw_kv_int(&w, "mail_doubtful_since", out->mail_doubtful_since);
        jsonw_kv_bool(&w, "mail_doubtful_new", out->newly_doubtful);
    }
    jsonw_end_object(&w);
    rc = d.failed ? err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory")
                  : app_audit(ctx, "contact.add", obj, buf_cstr(&d), e);
    buf_free(&d);
    return rc;
}

int app_contact_add(app_ctx *ctx, const char *tap_no, const char *channel, const char *reason, const char *summary,
                    app_contact_added *out, err_t *e)
{
    app_contact_added local;
    if (!out)
        out = &local;
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    if (rc)
        return rc;
    if ((rc = validate_tap_no(tap_no, "tap", "水栓番号", e)))
        return rc;
    char *text = summary ? strdup(summary) : NULL;
    if (summary && !text)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    contact_summary_tidy(text);
    if ((rc = contact_check(channel, reason, text, e))) {
        free(text);
        return rc;
    }
    contact_row *r = calloc(1, sizeof *r);
    if (!r) {
        free(text);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    str_copy(r->channel, sizeof r->channel, channel);
    str_copy(r->reason, sizeof r->reason, reason);
    str_copy(r->taken_by, sizeof r->taken_by, ctx->actor.username[0] ? ctx->actor.username : "operator");
    r->created_at = date_now_unix();
    char *sealed = crypto_seal(ctx->env->keys, text);
    bool ok = sealed && str_copy(r->summary_enc, sizeof r->summary_enc, sealed);
    size_t chars = text_len_chars(text);
    free(sealed);
    free(text);
    if (!ok) {
        free(r);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "contact: sealing the summary failed");
    }
    if (!(rc = db_begin(ctx->db, e)))
        rc = app_tx_end(ctx, add_tx(ctx, tap_no, r, chars, out, e), e);
    free(r);
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}

static int mail_checked_tx(app_ctx *ctx, const char *tap_no, int64_t *was_since, err_t *e)
{
    tap_row t;
    int rc = find_tap(ctx, tap_no, &t, e);
    if (rc)
        return rc;
    int64_t cid = 0;
    if ((rc = current_customer(ctx, t.id, &cid, e)))
        return rc;
    if (!cid)
        return err_set(e, ERR_CONFLICT, "tap", "この水栓には現在の使用者がいないため、送付先を確認済みにできません。",
                       "tap %s has no current customer", t.tap_no);
    customer_row *c = malloc(sizeof *c);
    if (!c)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    rc = customer_store_get(ctx->db, cid, c, e);
    int64_t since = rc ? 0 : c->mail_doubtful_since;
    free(c);
    if (rc || since == 0)
        return rc;   /* not in doubt: nothing to change */
    bool changed = false;
    if ((rc = customer_store_set_mail_doubtful(ctx->db, cid, 0, &changed, e)))
        return rc;
    *was_since = since;
    char obj[32];
    str_fmt(obj, sizeof obj, "tap:%s", t.tap_no);
    app_audit_detail det;
    app_audit_detail_begin(&det);
    jsonw_kv_int(&det.w, "customer", cid);
    jsonw_kv_int(&det.w, "doubtful_since", since);
    return app_audit_json(ctx, "contact.mail_checked", obj, &det, e);
}

int app_contact_mail_checked(app_ctx *ctx, const char *tap_no, int64_t *was_since, err_t *e)
{
    int64_t local = 0;
    if (!was_since)
        was_since = &local;
    *was_since = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    if (rc)
        return rc;
    if ((rc = validate_tap_no(tap_no, "tap", "水栓番号", e)))
        return rc;
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    rc = app_tx_end(ctx, mail_checked_tx(ctx, tap_no, was_since, e), e);
    if (rc)
        *was_since = 0;
    return rc;
}

void app_contacts_free(app_contact *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++)
        free(rows[i].summary);
    free(rows);
}

int app_contact_list(app_ctx *ctx, const char *tap_no, size_t limit, app_contact **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    if ((rc = validate_tap_no(tap_no, "tap", "水栓番号", e)))
        return rc;
    if (limit == 0)
        limit = APP_CONTACT_LIST_DEFAULT;
    if (limit > APP_CONTACT_LIST_MAX)
        limit = APP_CONTACT_LIST_MAX;
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    tap_row t;
    contact_row *cr = NULL;
    size_t k = 0;
    rc = find_tap(ctx, tap_no, &t, e);
    if (!rc)
        rc = contact_store_list_tap(ctx->db, t.id, limit, &cr, &k, e);
    db_end_read(ctx->db);
    if (rc)
        return rc;
    app_contact *out = calloc(k ? k : 1, sizeof *out);
    if (!out) {
        free(cr);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < k && !rc; i++) {
        app_contact *o = &out[i];
        o->id = cr[i].id;
        o->created_at = cr[i].created_at;
        o->customer_id = cr[i].customer_id;
        str_copy(o->channel, sizeof o->channel, cr[i].channel);
        str_copy(o->reason, sizeof o->reason, cr[i].reason);
        str_copy(o->taken_by, sizeof o->taken_by, cr[i].taken_by);
        o->summary = crypto_open(ctx->env->keys, cr[i].summary_enc);
        if (!o->summary)
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "contact %lld cannot be decrypted", (long long)cr[i].id);
    }
    free(cr);
    /* Summaries are personal data: their view is in the audit log before
     * they are shown (an empty list shows none). */
    if (!rc && k) {
        char obj[32];
        str_fmt(obj, sizeof obj, "tap:%s", t.tap_no);
        app_audit_detail det;
        app_audit_detail_begin(&det);
        jsonw_kv_int(&det.w, "contacts", (int64_t)k);
        rc = app_audit_now_json(ctx, "contact.view", obj, &det, e);
    }
    if (rc) {
        app_contacts_free(out, k);
        return rc;
    }
    *rows = out;
    *n = k;
    return 0;
}

int app_contact_state_get(app_ctx *ctx, const char *tap_no, app_contact_state *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    if ((rc = validate_tap_no(tap_no, "tap", "水栓番号", e)))
        return rc;
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    tap_row t;
    customer_row *c = NULL;
    rc = find_tap(ctx, tap_no, &t, e);
    if (!rc)
        rc = current_customer(ctx, t.id, &out->customer_id, e);
    if (!rc)
        rc = contact_store_count_tap(ctx->db, t.id, &out->total, e);
    if (!rc && out->customer_id) {
        c = malloc(sizeof *c);
        rc = !c ? err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory")
                : customer_store_get(ctx->db, out->customer_id, c, e);
        if (!rc)
            out->mail_doubtful_since = c->mail_doubtful_since;
    }
    free(c);
    db_end_read(ctx->db);
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}
