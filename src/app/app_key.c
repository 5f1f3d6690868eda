/* app_key — key rotation: every sealed value re-encrypted under a new key
 * (see app.h).  The new key is written to the key file first, so a rotation
 * killed half-way leaves every value readable (old keys stay in the file)
 * and a rerun finishes it: values already under the current key are
 * skipped.  Each table is re-sealed in batches, one transaction each. */
#include "app/app.h"
#include "app/app_operator.h"
#include "app/sewer_xfer/app_sewer_xfer.h"
#include "app/works/app_works_application.h"
#include "app/works/app_works_contractor.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "domain/role.h"
#include "store/audit_store.h"
#include "store/account/user_store.h"
#include "store/reception/contact_store.h"
#include "store/arrears/pledge_store.h"
#include "store/reception/request_store.h"
#include "store/registry/customer_store.h"
#include "store/collect/mandate_store.h"
#include "store/registry/tap_store.h"

static bool is_current(const app_ctx *ctx, const char *sealed)
{
    char kid[CRYPTO_KEYID_MAX];
    if (!sealed[0])
        return true;    /* empty values carry no key */
    return crypto_sealed_keyid(sealed, kid, sizeof kid) && strcmp(kid, crypto_keyring_current(ctx->env->keys)) == 0;
}

/* Re-seal src into dst (size dstsz); false on failure. */
static bool reseal(const app_ctx *ctx, const char *src, char *dst, size_t dstsz)
{
    if (is_current(ctx, src))
        return str_copy(dst, dstsz, src);
    char *plain = crypto_open(ctx->env->keys, src);
    if (!plain)
        return false;
    char *s = crypto_seal(ctx->env->keys, plain);
    free(plain);
    bool ok = s && str_copy(dst, dstsz, s);
    free(s);
    return ok;
}

typedef struct rot {
    app_ctx *ctx;
    int64_t count;
    int failed;
} rot;

static int rot_customer(const customer_row *r, void *arg)
{
    rot *st = arg;
    if (is_current(st->ctx, r->name_enc) && is_current(st->ctx, r->kana_enc) && is_current(st->ctx, r->phone_enc) &&
        is_current(st->ctx, r->postal_enc) && is_current(st->ctx, r->mail_address_enc) &&
        is_current(st->ctx, r->notes_enc))
        return 0;
    customer_row *n = malloc(sizeof *n);
    if (!n)
        return st->failed = 1;
    *n = *r;
    bool ok = reseal(st->ctx, r->name_enc, n->name_enc, sizeof n->name_enc) &&
              reseal(st->ctx, r->kana_enc, n->kana_enc, sizeof n->kana_enc) &&
              reseal(st->ctx, r->phone_enc, n->phone_enc, sizeof n->phone_enc) &&
              reseal(st->ctx, r->postal_enc, n->postal_enc, sizeof n->postal_enc) &&
              reseal(st->ctx, r->mail_address_enc, n->mail_address_enc, sizeof n->mail_address_enc) &&
              reseal(st->ctx, r->notes_enc, n->notes_enc, sizeof n->notes_enc);
    if (ok && customer_store_reseal(st->ctx->db, n, NULL) == 0)
        st->count++;
    else
        st->failed = 1;
    free(n);
    return st->failed;
}

static int rot_tap(int64_t id, const char *address_enc, const char *note_enc, void *arg)
{
    rot *st = arg;
    bool note_current = !*note_enc || is_current(st->ctx, note_enc);
    if (is_current(st->ctx, address_enc) && note_current)
        return 0;
    char buf[1024], note[1024] = "";
    if (!reseal(st->ctx, address_enc, buf, sizeof buf) || (*note_enc && !reseal(st->ctx, note_enc, note, sizeof note)) ||
        tap_store_set_enc(st->ctx->db, id, buf, note, NULL))
        return st->failed = 1;
    st->count++;
    return 0;
}

static int rot_mandate(int64_t id, const char *account_enc, const char *holder_enc, void *arg)
{
    rot *st = arg;
    if (is_current(st->ctx, account_enc) && is_current(st->ctx, holder_enc))
        return 0;
    char account[256], holder[512];
    if (!reseal(st->ctx, account_enc, account, sizeof account) || !reseal(st->ctx, holder_enc, holder, sizeof holder) ||
        mandate_store_set_enc(st->ctx->db, id, account, holder, NULL))
        return st->failed = 1;
    st->count++;
    return 0;
}

static int rot_contact(int64_t id, const char *summary_enc, void *arg)
{
    rot *st = arg;
    if (is_current(st->ctx, summary_enc))
        return 0;
    char *buf = malloc(CONTACT_SUMMARY_ENC_MAX);
    bool ok = buf && reseal(st->ctx, summary_enc, buf, CONTACT_SUMMARY_ENC_MAX) &&
              contact_store_set_enc(st->ctx->db, id, buf, NULL) == 0;
    free(buf);
    if (!ok)
        return st->failed = 1;
    st->count++;
    return 0;
}

static int rot_negotiation(int64_t id, const char *text_enc, void *arg)
{
    rot *st = arg;
    if (is_current(st->ctx, text_enc))
        return 0;
    char *buf = malloc(NEGOTIATION_TEXT_ENC_MAX);
    bool ok = buf && reseal(st->ctx, text_enc, buf, NEGOTIATION_TEXT_ENC_MAX) &&
              negotiation_store_set_enc(st->ctx->db, id, buf, NULL) == 0;
    free(buf);
    if (!ok)
        return st->failed = 1;
    st->count++;
    return 0;
}

static int rot_request(int64_t id, const char *detail_enc, void *arg)
{
    rot *st = arg;
    if (is_current(st->ctx, detail_enc))
        return 0;
    request_row *r = malloc(sizeof *r);   /* for the size of its sealed field */
    bool ok = r && reseal(st->ctx, detail_enc, r->detail_enc, sizeof r->detail_enc) &&
              request_store_set_enc(st->ctx->db, id, r->detail_enc, NULL) == 0;
    free(r);
    if (!ok)
        return st->failed = 1;
    st->count++;
    return 0;
}

/* Staff members' 氏名 (a few dozen rows: listed, then re-sealed). */
static int rotate_staff(app_ctx *ctx, int64_t *count, int *failed, err_t *e)
{
    user_row *us = NULL;
    size_t n = 0;
    int rc = user_store_list(ctx->db, &us, &n, e);
    for (size_t i = 0; !rc && !*failed && i < n; i++) {
        if (is_current(ctx, us[i].full_name_enc))
            continue;
        char enc[sizeof us[i].full_name_enc];
        if (!reseal(ctx, us[i].full_name_enc, enc, sizeof enc))
            *failed = 1;
        else if (!(rc = user_store_set_name(ctx->db, us[i].id, enc, us[i].updated_at, e)))
            (*count)++;
    }
    free(us);
    return rc;
}

typedef struct audit_batch {
    app_ctx *ctx;
    int64_t seqs[1000];
    char *enc[1000];
    size_t n;
} audit_batch;

static int collect_audit(const audit_rec *r, void *arg)
{
    audit_batch *b = arg;
    if (is_current(b->ctx, r->detail_enc) || b->n >= 1000)
        return 0;
    b->seqs[b->n] = r->seq;
    b->enc[b->n] = strdup(r->detail_enc);
    if (!b->enc[b->n])
        return 1;
    b->n++;
    return 0;
}

/* Audit rows: collect a batch, then reseal (the walk's statement is done by then). */
static int rotate_audit(app_ctx *ctx, int64_t *count, err_t *e)
{
    int64_t after = 0, last = 0;
    audit_batch *b = calloc(1, sizeof *b);
    if (!b)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    b->ctx = ctx;
    int rc = 0;
    for (;;) {
        b->n = 0;
        rc = audit_store_walk(ctx->db, after, 1000, collect_audit, b, &last, e);
        if (!rc && b->n) {
            rc = db_begin(ctx->db, e);
            for (size_t i = 0; !rc && i < b->n; i++) {
                char *plain = crypto_open(ctx->env->keys, b->enc[i]);
                char *s = plain ? crypto_seal(ctx->env->keys, plain) : NULL;
                rc = s ? audit_store_reseal(ctx->db, b->seqs[i], s, e)
                       : err_set(e, ERR_INTERNAL, NULL, NULL, "audit seq %lld cannot be re-sealed",
                                 (long long)b->seqs[i]);
                free(plain);
                free(s);
                if (!rc)
                    (*count)++;
            }
            if (rc)
                db_rollback(ctx->db);
            else
                rc = db_commit(ctx->db, e);
        }
        for (size_t i = 0; i < b->n; i++)
            free(b->enc[i]);
        if (rc || last == after)
            break;
        after = last;
    }
    free(b);
    return rc;
}

int app_key_rotate(app_ctx *ctx, app_rotate_report *rep, err_t *e)
{
    memset(rep, 0, sizeof *rep);
    int rc = app_require(ctx, PERM_USER_ADMIN, e);
    if (rc)
        return rc;
    if ((rc = crypto_keyring_add_key(ctx->env->keys, ctx->env->key_file, e)))
        return rc;
    str_copy(rep->new_key, sizeof rep->new_key, crypto_keyring_current(ctx->env->keys));
    log_info("key rotate: new key %s written to %s; re-encrypting", rep->new_key, ctx->env->key_file);
    rot st = {.ctx = ctx};
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    rc = customer_store_walk(ctx->db, rot_customer, &st, e);
    if (!rc && !st.failed) {
        rep->customers = st.count;
        st.count = 0;
        rc = tap_store_walk_enc(ctx->db, rot_tap, &st, e);
        rep->taps = st.count;
    }
    if (!rc && !st.failed) {
        st.count = 0;
        rc = mandate_store_walk_enc(ctx->db, rot_mandate, &st, e);
        rep->mandates = st.count;
    }
    if (!rc && !st.failed) {
        st.count = 0;
        rc = contact_store_walk_enc(ctx->db, rot_contact, &st, e);
        rep->contacts = st.count;
    }
    if (!rc && !st.failed) {   /* what was said in the negotiations about a debt (交渉記録) */
        st.count = 0;
        rc = negotiation_store_walk_enc(ctx->db, rot_negotiation, &st, e);
        rep->contacts += st.count;
    }
    if (!rc && !st.failed) {   /* what the filers of service requests said */
        st.count = 0;
        rc = request_store_walk_enc(ctx->db, rot_request, &st, e);
    }
    if (!rc && !st.failed) {   /* the works contractors' representatives, engineers and reasons */
        int64_t n = 0;
        rc = app_works_contractor_reseal_tx(ctx, &n, e);
    }
    if (!rc && !st.failed) {   /* the works applications' owners, applicants, places and notes */
        int64_t n = 0;
        rc = app_works_application_reseal_tx(ctx, &n, e);
    }
    if (!rc && !st.failed) {   /* the names and places in the sewer data sent to other municipalities */
        int64_t n = 0;
        rc = app_sewer_xfer_reseal_tx(ctx, &n, e);
    }
    if (!rc && !st.failed)
        rc = rotate_staff(ctx, &rep->staff, &st.failed, e);
    if (!rc && st.failed)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "a value could not be re-encrypted");
    if (!rc)
        rc = app_audit(ctx, "key.rotate", "keys", "{}", e);
    if ((rc = app_tx_end(ctx, rc, e)))
        return rc;
    return rotate_audit(ctx, &rep->audit_rows, e);
}
