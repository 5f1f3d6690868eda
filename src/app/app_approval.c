/* app_approval — the second-person approval mechanism (see app.h).
 *
 * A kind is a row declared by the area whose request it approves and listed
 * in the registry (app_approval_kinds.c): the permission an approver needs
 * and the act carried out on approval (inside the approval's transaction).
 * This file includes no area header. */
#include "app/app.h"
#include "app/app_approval.h"
#include "store/db.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "domain/role.h"
#include "store/approval_store.h"
#include "domain/validate.h"

static char *detail_json(const char *kind, const char *object, const char *text_key, const char *text)
{
    json_t *j = json_pack("{ssss}", "kind", kind, "object", object);
    if (j && text_key)
        json_object_set_new(j, text_key, json_string(text ? text : ""));
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    return s;
}

int app_approval_request(app_ctx *ctx, const char *kind, const char *object, const char *summary,
                         const char *reason, int64_t *id_out, err_t *e)
{
    int rc = db_begin(ctx->db, e);
    if (!rc)
        rc = app_approval_request_tx(ctx, kind, object, summary, reason, id_out, e);
    return app_tx_end(ctx, rc, e);
}

int app_approval_request_tx(app_ctx *ctx, const char *kind, const char *object, const char *summary,
                            const char *reason, int64_t *id_out, err_t *e)
{
    const app_approval_kind *k = app_approval_kind_find(kind);
    if (!k)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "unknown approval kind %s", kind);
    int rc = app_require(ctx, k->perm, e);
    if (rc)
        return rc;
    if (ctx->actor.user_id == 0)
        return err_set(e, ERR_FORBIDDEN, NULL, "承認依頼は職員としてログインして行ってください。", "operator request");
    if (!reason || !*reason)
        return err_field(e, "reason", "理由を入力してください。");
    if (strlen(reason) >= 500)
        return err_field(e, "reason", "理由は160文字以内で入力してください。");
    if ((rc = validate_visible(reason, "reason", "理由", e)))
        return rc;
    int64_t pending = 0;
    rc = approval_store_count_pending(ctx->db, kind, object, &pending, e);
    if (!rc && pending > 0)
        rc = err_set(e, ERR_CONFLICT, NULL, "同じ内容の承認依頼が既に承認待ちです。", "duplicate request");
    approval_row a;
    memset(&a, 0, sizeof a);
    str_copy(a.kind, sizeof a.kind, kind);
    str_copy(a.object, sizeof a.object, object);
    str_copy(a.summary, sizeof a.summary, summary);
    str_copy(a.reason, sizeof a.reason, reason);
    a.requested_by = ctx->actor.user_id;
    a.requested_at = date_now_unix();
    if (!rc)
        rc = approval_store_insert(ctx->db, &a, id_out, e);
    if (!rc) {
        char *d = detail_json(kind, object, "reason", reason);
        rc = app_audit(ctx, "approval.request", object, d, e);
        free(d);
    }
    return rc;
}

int app_approval_decide(app_ctx *ctx, int64_t id, bool approve, const char *note, err_t *e)
{
    int rc = app_require(ctx, PERM_APPROVE, e);
    if (rc)
        return rc;
    if (note && strlen(note) >= 500)
        return err_field(e, "note", "コメントは160文字以内で入力してください。");
    if ((rc = validate_visible(note, "note", "コメント", e)))
        return rc;
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    approval_row a;
    rc = approval_store_get(ctx->db, id, &a, e);
    const app_approval_kind *k = rc ? NULL : app_approval_kind_find(a.kind);
    if (!rc && !k)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "unknown approval kind %s", a.kind);
    if (!rc && strcmp(a.status, "pending") != 0)
        rc = err_set(e, ERR_CONFLICT, NULL, "この承認依頼は既に処理されています。", "not pending");
    if (!rc && a.requested_by == ctx->actor.user_id)
        rc = err_set(e, ERR_FORBIDDEN, NULL, "ご自身の依頼は承認・却下できません。別の職員が判断してください。",
                     "self approval refused");
    if (!rc)
        rc = app_require(ctx, k->perm, e);
    if (!rc && approve)
        rc = k->act(ctx, a.id, a.object, e);
    else if (!rc && k->reject)
        rc = k->reject(ctx, a.id, a.object, e);
    if (!rc)
        rc = approval_store_decide(ctx->db, id, approve ? "approved" : "rejected", ctx->actor.user_id,
                                   date_now_unix(), note, e);
    if (!rc) {
        char *d = detail_json(a.kind, a.object, "note", note);
        rc = app_audit(ctx, approve ? "approval.approve" : "approval.reject", a.object, d, e);
        free(d);
    }
    return app_tx_end(ctx, rc, e);
}

int app_approval_list(app_ctx *ctx, const char *status, app_approval **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_APPROVE, e);
    if (rc)
        return rc;
    approval_row *as = NULL;
    size_t k = 0;
    if ((rc = approval_store_list(ctx->db, status && *status ? status : NULL, 200, &as, &k, e)))
        return rc;
    app_approval *out = calloc(k ? k : 1, sizeof *out);
    if (!out) {
        free(as);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < k; i++) {
        app_approval *o = &out[i];
        const approval_row *a = &as[i];
        o->id = a->id;
        str_copy(o->kind, sizeof o->kind, a->kind);
        str_copy(o->object, sizeof o->object, a->object);
        str_copy(o->summary, sizeof o->summary, a->summary);
        str_copy(o->reason, sizeof o->reason, a->reason);
        str_copy(o->status, sizeof o->status, a->status);
        str_copy(o->requested_by, sizeof o->requested_by, a->requested_by_name);
        str_copy(o->decided_by, sizeof o->decided_by, a->decided_by_name);
        o->requested_at = a->requested_at;
        o->decided_at = a->decided_at;
        str_copy(o->decision_note, sizeof o->decision_note, a->decision_note);
        const app_approval_kind *kd = app_approval_kind_find(a->kind);
        o->can_decide = strcmp(a->status, "pending") == 0 && a->requested_by != ctx->actor.user_id && kd &&
                        app_can(ctx, kd->perm);
    }
    free(as);
    *rows = out;
    *n = k;
    return 0;
}
