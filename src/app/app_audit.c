/* app_audit — permission checks and the audit log (see app.h). */
#include "app/app.h"

#include <stdlib.h>
#include <string.h>

#include "app/audit_writer.h"
#include "store/db.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/log.h"
#include "domain/audit_chain.h"
#include "domain/role.h"
#include "store/audit_store.h"

bool app_can(const app_ctx *ctx, int perm)
{
    if (ctx->actor.role == APP_ROLE_OPERATOR)
        return true;
    if (ctx->actor.user_id == 0)
        return false;
    if (ctx->actor.must_change && perm != PERM_NONE)
        return false;
    return role_has(ctx->actor.role, perm);
}

int app_require(const app_ctx *ctx, int perm, err_t *e)
{
    if (ctx->actor.role != APP_ROLE_OPERATOR && ctx->actor.user_id == 0)
        return err_set(e, ERR_AUTH, NULL, NULL, "not logged in");
    if (app_can(ctx, perm))
        return 0;
    if (ctx->actor.must_change)
        return err_set(e, ERR_FORBIDDEN, NULL, "パスワードを変更してから操作してください。",
                       "password change required (%s)", perm_code(perm));
    char who[128];
    role_labels_with(perm, who, sizeof who);
    if (!who[0])
        return err_set(e, ERR_FORBIDDEN, NULL, NULL, "role %s lacks %s", role_code(ctx->actor.role), perm_code(perm));
    char msg[320];
    str_fmt(msg, sizeof msg, "この操作は %s の職員が行えます（あなたの権限は %s です）。必要なら係長・管理者に依頼してください。",
            who, role_label(ctx->actor.role));
    return err_set(e, ERR_FORBIDDEN, NULL, msg, "role %s lacks %s", role_code(ctx->actor.role), perm_code(perm));
}

int app_tx_end(app_ctx *ctx, int rc, err_t *e)
{
    if (rc) {
        db_rollback(ctx->db);
        /* Cut off by a lost connection before COMMIT (a failover): nothing was written.  The
         * use case may have put its own words on the error; the user is told to send again
         * (503), whatever they were. */
        if (db_retryable(ctx->db) && e && e->code != ERR_UNAVAILABLE) {
            char log[sizeof e->log];
            str_copy(log, sizeof log, e->log);
            rc = err_set(e, ERR_UNAVAILABLE, NULL, NULL, "lost connection: %s", log);
        }
        return rc;
    }
    return db_commit(ctx->db, e);
}

int app_audit_many(app_ctx *ctx, const app_audit_item *items, size_t n, err_t *e)
{
    if (n == 0)
        return 0;
    audit_rec r;
    memset(&r, 0, sizeof r);
    int64_t first;
    int rc = audit_store_claim(ctx->db, (int64_t)n, &first, r.prev_hash, e);
    int64_t now = date_now_unix();
    for (size_t i = 0; !rc && i < n; i++) {
        const app_audit_item *it = &items[i];
        r.seq = first + (int64_t)i;
        r.at = now;
        str_copy(r.actor, sizeof r.actor, it->actor->username[0] ? it->actor->username : "anonymous");
        str_copy(r.ip, sizeof r.ip, it->actor->ip[0] ? it->actor->ip : "-");
        str_copy(r.action, sizeof r.action, it->action);
        str_copy(r.object, sizeof r.object, it->object ? it->object : "");
        const char *detail = it->detail_json ? it->detail_json : "{}";
        audit_row row = {
            .seq = r.seq, .at = r.at, .actor = r.actor, .ip = r.ip, .action = r.action,
            .object = r.object, .detail = detail, .prev_hash = r.prev_hash,
        };
        audit_chain_hash(&row, r.hash);
        r.detail_enc = crypto_seal(ctx->env->keys, detail);
        rc = r.detail_enc ? audit_store_insert(ctx->db, &r, e)
                          : err_set(e, ERR_INTERNAL, NULL, NULL, "audit: sealing failed");
        free(r.detail_enc);
        r.detail_enc = NULL;
        str_copy(r.prev_hash, sizeof r.prev_hash, r.hash);
    }
    if (!rc)
        rc = audit_store_set_head(ctx->db, first + (int64_t)n - 1, r.hash, e);
    return rc;
}

int app_audit(app_ctx *ctx, const char *action, const char *object, const char *detail_json, err_t *e)
{
    app_audit_item it = {.actor = &ctx->actor, .action = action, .object = object, .detail_json = detail_json};
    return app_audit_many(ctx, &it, 1, e);
}

void app_audit_detail_begin(app_audit_detail *d)
{
    buf_init(&d->buf, 0);
    jsonw_begin(&d->w, &d->buf);
    jsonw_object(&d->w);
}

const char *app_audit_detail_end(app_audit_detail *d)
{
    if (d->w.depth > 0)
        jsonw_end_object(&d->w);
    return d->buf.failed ? NULL : buf_cstr(&d->buf);
}

void app_audit_detail_free(app_audit_detail *d)
{
    buf_free(&d->buf);
}

int app_audit_json(app_ctx *ctx, const char *action, const char *object, app_audit_detail *d, err_t *e)
{
    const char *json = app_audit_detail_end(d);
    int rc = json ? app_audit(ctx, action, object, json, e) : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    app_audit_detail_free(d);
    return rc;
}

int app_audit_now_json(app_ctx *ctx, const char *action, const char *object, app_audit_detail *d, err_t *e)
{
    const char *json = app_audit_detail_end(d);
    int rc = json ? app_audit_now(ctx, action, object, json, e)
                  : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    app_audit_detail_free(d);
    return rc;
}

int app_audit_now(app_ctx *ctx, const char *action, const char *object, const char *detail_json, err_t *e)
{
    if (ctx->env->audit_writer && !db_in_tx(ctx->db)) {
        if (ctx->defer) {
            int rc = audit_writer_enqueue(ctx->env->audit_writer, &ctx->actor, action, object, detail_json,
                                          ctx->defer->done, ctx->defer->arg, e);
            if (!rc)
                ctx->defer->queued++;
            return rc;
        }
        return audit_writer_submit(ctx->env->audit_writer, &ctx->actor, action, object, detail_json, e);
    }
    int rc = db_begin(ctx->db, e);
    if (rc)
        return rc;
    rc = app_audit(ctx, action, object, detail_json, e);
    return app_tx_end(ctx, rc, e);
}

typedef struct verify_state {
    app_ctx *ctx;
    app_audit_report *rep;
    int64_t expect_seq;
    char prev_hash[65];
} verify_state;

static int verify_row(const audit_rec *r, void *arg)
{
    verify_state *v = arg;
    app_audit_report *rep = v->rep;
    if (r->seq != v->expect_seq) {
        rep->bad_seq = v->expect_seq;
        str_fmt(rep->problem, sizeof rep->problem, "seq %lld is missing (next row found is seq %lld)",
                (long long)v->expect_seq, (long long)r->seq);
        return 1;
    }
    if (strcmp(r->prev_hash, v->prev_hash) != 0) {
        rep->bad_seq = r->seq;
        str_fmt(rep->problem, sizeof rep->problem,
                "seq %lld does not link to the previous row (a row before it was altered or removed)",
                (long long)r->seq);
        return 1;
    }
    char *detail = crypto_open(v->ctx->env->keys, r->detail_enc);
    if (!detail) {
        rep->bad_seq = r->seq;
        str_fmt(rep->problem, sizeof rep->problem, "seq %lld: detail cannot be decrypted (altered or unknown key)",
                (long long)r->seq);
        return 1;
    }
    audit_row row = {
        .seq = r->seq, .at = r->at, .actor = r->actor, .ip = r->ip, .action = r->action,
        .object = r->object, .detail = detail, .prev_hash = r->prev_hash,
    };
    char h[65];
    audit_chain_hash(&row, h);
    free(detail);
    if (strcmp(h, r->hash) != 0) {
        rep->bad_seq = r->seq;
        str_fmt(rep->problem, sizeof rep->problem, "seq %lld was altered (its hash does not match its content)",
                (long long)r->seq);
        return 1;
    }
    str_copy(v->prev_hash, sizeof v->prev_hash, r->hash);
    v->expect_seq++;
    rep->rows_checked++;
    return 0;
}

int app_audit_verify(app_ctx *ctx, app_audit_report *rep, err_t *e)
{
    memset(rep, 0, sizeof *rep);
    int rc = app_require(ctx, PERM_AUDIT_VIEW, e);
    if (rc)
        return rc;
    verify_state v = {.ctx = ctx, .rep = rep, .expect_seq = 1};
    str_copy(v.prev_hash, sizeof v.prev_hash, AUDIT_GENESIS);
    int64_t after = 0, last = 0;
    for (;;) {
        rc = audit_store_walk(ctx->db, after, 5000, verify_row, &v, &last, e);
        if (rc == 1)
            return 0;           /* broken: report filled */
        if (rc)
            return rc;
        if (last == after)
            break;
        after = last;
    }
    int64_t head_seq;
    char head_hash[65];
    rc = audit_store_head(ctx->db, &head_seq, head_hash, e);
    if (rc)
        return rc;
    if (head_seq != v.expect_seq - 1) {
        rep->bad_seq = v.expect_seq;
        str_fmt(rep->problem, sizeof rep->problem, "seq %lld is missing: the log ends at seq %lld but %lld were written",
                (long long)v.expect_seq, (long long)(v.expect_seq - 1), (long long)head_seq);
    } else if (strcmp(head_hash, v.prev_hash) != 0) {
        rep->bad_seq = head_seq;
        str_fmt(rep->problem, sizeof rep->problem, "seq %lld: the last row differs from the recorded head",
                (long long)head_seq);
    }
    return 0;
}

/* JST day "YYYY-MM-DD" -> Unix seconds of its start; end=true gives the next day's start. */
static int day_bound(const char *s, bool end, const char *field, const char *label, int64_t *out, err_t *e)
{
    *out = 0;
    if (!s || !*s)
        return 0;
    civil_date d;
    if (!date_parse(s, &d))
        return err_field(e, field, "%sは YYYY-MM-DD の形式の正しい日付で入力してください。", label);
    *out = (date_to_days(d) + (end ? 1 : 0)) * 86400 - 9 * 3600;
    return 0;
}

int app_audit_search(app_ctx *ctx, const app_audit_query *q, app_audit_entry **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_AUDIT_VIEW, e);
    if (rc)
        return rc;
    audit_filter f = {.actor = q->actor, .action = q->action, .object = q->object, .before_seq = q->before_seq,
                      .limit = q->limit};
    if ((rc = day_bound(q->from, false, "from", "開始日", &f.from, e)) ||
        (rc = day_bound(q->to, true, "to", "終了日", &f.to, e)))
        return rc;
    audit_rec *recs = NULL;
    size_t k = 0;
    rc = audit_store_search(ctx->db, &f, &recs, &k, e);
    if (rc)
        return rc;
    app_audit_entry *out = calloc(k ? k : 1, sizeof *out);
    if (!out) {
        audit_recs_free(recs, k);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < k; i++) {
        out[i].seq = recs[i].seq;
        out[i].at = recs[i].at;
        str_copy(out[i].actor, sizeof out[i].actor, recs[i].actor);
        str_copy(out[i].ip, sizeof out[i].ip, recs[i].ip);
        str_copy(out[i].action, sizeof out[i].action, recs[i].action);
        str_copy(out[i].object, sizeof out[i].object, recs[i].object);
        out[i].detail = crypto_open(ctx->env->keys, recs[i].detail_enc);
        if (!out[i].detail)
            out[i].detail = strdup("(復号できません)");
    }
    audit_recs_free(recs, k);
    *rows = out;
    *n = k;
    /* Reading the audit log shows personal data in details: that is audited too. */
    char obj[64];
    str_fmt(obj, sizeof obj, "audit:%zu rows", k);
    app_audit_now(ctx, "audit.search", obj, "{}", NULL);
    return 0;
}

void app_audit_entries_free(app_audit_entry *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(rows[i].detail);
    free(rows);
}
