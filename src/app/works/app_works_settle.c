/* app_works_settle — see app_works_settle.h. */
#include "app/works/app_works_settle.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_form.h"
#include "app/app_seal.h"
#include "app/registry/app_registry.h"
#include "app/works/app_works_application.h"
#include "base/date.h"
#include "base/jsonw.h"
#include "domain/role.h"
#include "domain/validate.h"
#include "domain/works/works_fee.h"
#include "domain/works/works_progress.h"
#include "domain/works/works_settle.h"
#include "store/works/works_application_store.h"
#include "store/works/works_receipt_store.h"
#include "store/works/works_settle_store.h"

static const char *kind_of(const char *code)
{
    return strcmp(code, "kanyukin") == 0 ? "kanyukin" : "fee";
}

/* The sizes of an application as JSON (no personal data). */
static void sizes_json(const char *type, int64_t diameter, int64_t old_diameter, int64_t dwellings, char *out,
                       size_t outsz)
{
    str_fmt(out, outsz, "{\"type\":\"%s\",\"diameter\":%lld,\"old_diameter\":%lld,\"dwellings\":%lld}", type,
            (long long)diameter, (long long)old_diameter, (long long)dwellings);
}

/* The charges as the settlement rule reads them (pointers into ch). */
static works_settle_charge *settle_rows(const works_charge_row *ch, size_t n, err_t *e)
{
    works_settle_charge *c = calloc(n ? n : 1, sizeof *c);
    if (!c) {
        err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        c[i] = (works_settle_charge){ch[i].code, ch[i].name, works_fee_due_parse(ch[i].due), ch[i].refundable,
                                     ch[i].yen, ch[i].tax, ch[i].paid_yen, ch[i].refunded_yen};
    return c;
}

/* A 還付 of the items: its row, its items, and the request for approval. */
static int request_refund(app_ctx *ctx, int64_t app_id, const char *number, int64_t settlement_id,
                          const works_refund_item *items, size_t nitems, int64_t amount, app_works_settled *out,
                          err_t *e)
{
    works_refund_row r = {.application_id = app_id, .settlement_id = settlement_id, .amount = amount,
                          .requested_at = date_now_unix()};
    str_copy(r.status, sizeof r.status, "requested");
    str_copy(r.requested_by, sizeof r.requested_by, ctx->actor.username);
    int rc = works_refund_store_insert(ctx->db, &r, &out->refund_id, e);
    for (size_t i = 0; !rc && i < nitems; i++) {
        works_refund_item it = items[i];
        it.refund_id = out->refund_id;
        rc = works_refund_store_item_insert(ctx->db, &it, e);
    }
    char obj[40], summary[160], reason[160];
    str_fmt(obj, sizeof obj, "works_refund:%lld", (long long)out->refund_id);
    str_fmt(summary, sizeof summary, "工事申込 %s の還付 %lld 円", number, (long long)amount);
    str_fmt(reason, sizeof reason, "工事申込 %s の精算（納付済みの額が精算後の額を超えるため）", number);
    if (!rc)
        rc = app_approval_request_tx(ctx, "works.refund", obj, summary, reason, &out->approval_id, e);
    if (!rc)
        rc = works_refund_store_set_approval(ctx->db, out->refund_id, out->approval_id, e);
    return rc;
}

/* Apply settlement st to the application's charges ch[0..n): the 追徴
 * rows, the amounts brought down, the refund asked for.  The settlement
 * row s is inserted first (its id on the new rows). */
static int apply_tx(app_ctx *ctx, const works_app_row *a, works_charge_row *ch, size_t n, const works_settlement *st,
                    works_settlement_row *s, app_works_settled *out, err_t *e)
{
    s->application_id = a->id;
    s->assessed_yen = st->after;
    s->paid_yen = st->paid;
    s->additional_yen = st->additional;
    s->refund_yen = st->refund;
    str_copy(s->created_by, sizeof s->created_by, ctx->actor.username);
    s->created_at = date_now_unix();
    int rc = works_settlement_store_insert(ctx->db, s, &out->settlement_id, e);
    int64_t seq = 0;
    for (size_t i = 0; i < n; i++)
        if (ch[i].seq > seq)
            seq = ch[i].seq;
    works_refund_item *items = calloc(n ? n : 1, sizeof *items);
    works_settle_charge *rows = calloc(n ? n : 1, sizeof *rows);
    int64_t *yen = calloc(n ? n : 1, sizeof *yen), *tax = calloc(n ? n : 1, sizeof *tax);
    int64_t *excess = calloc(n ? n : 1, sizeof *excess);
    size_t *idx = calloc(n ? n : 1, sizeof *idx);
    size_t nitems = 0;
    if (!rc && !(items && rows && yen && tax && excess && idx))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (int li = 0; !rc && li < st->n; li++) {
        const works_settle_line *l = &st->lines[li];
        if (l->additional > 0) {
            works_charge_row c = {.application_id = a->id, .seq = ++seq, .yen = l->additional,
                                  .tax = l->additional_tax, .refundable = l->refundable,
                                  .settlement_id = out->settlement_id};
            str_copy(c.code, sizeof c.code, l->code);
            str_fmt(c.name, sizeof c.name, "%s（追徴）", l->name);
            str_copy(c.due, sizeof c.due, works_fee_due_code(l->due));
            str_copy(c.origin, sizeof c.origin, "additional");
            rc = works_charge_store_insert(ctx->db, &c, e);
            continue;
        }
        if (l->after >= l->before)
            continue;
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (strcmp(ch[i].code, l->code) == 0) {
                idx[k] = i;
                rows[k] = (works_settle_charge){ch[i].code, ch[i].name, 0, ch[i].refundable, ch[i].yen, ch[i].tax,
                                                ch[i].paid_yen, ch[i].refunded_yen};
                k++;
            }
        works_settle_reduce(rows, k, l->after, yen, tax, excess);
        for (size_t j = 0; !rc && j < k; j++) {
            works_charge_row *c = &ch[idx[j]];
            if (yen[j] != c->yen || tax[j] != c->tax)
                rc = works_settle_store_set_charge(ctx->db, c->id, yen[j], tax[j], e);
            if (excess[j] > 0) {
                works_refund_item *it = &items[nitems++];
                it->charge_id = c->id;
                str_copy(it->kind, sizeof it->kind, kind_of(c->code));
                it->amount = excess[j];
                /* the tax in what was paid on the row and goes back */
                it->tax = c->yen > 0 ? c->tax * excess[j] / c->yen : 0;
            }
        }
    }
    int64_t total = 0;
    for (size_t i = 0; i < nitems; i++)
        total += items[i].amount;
    if (!rc && total > 0)
        rc = request_refund(ctx, a->id, a->number, out->settlement_id, items, nitems, total, out, e);
    out->additional = st->additional;
    out->refund = total;
    if (!rc) {
        char obj[48];
        str_fmt(obj, sizeof obj, "works_application:%lld", (long long)a->id);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_string(&d.w, "number", a->number);
        jsonw_kv_string(&d.w, "kind", s->kind);
        jsonw_kv_int(&d.w, "settlement", out->settlement_id);
        jsonw_kv_int(&d.w, "assessed", st->after);
        jsonw_kv_int(&d.w, "additional", st->additional);
        jsonw_kv_int(&d.w, "refund", total);
        rc = app_audit_json(ctx, "works.application.settle", obj, &d, e);
    }
    free(items);
    free(rows);
    free(yen);
    free(tax);
    free(excess);
    free(idx);
    return rc;
}

static int int_field(const char *v, const char *field, const char *label, long long max, int64_t *out, err_t *e)
{
    long long x = 0;
    int rc = validate_int(v, 1, max, field, label, &x, e);
    *out = x;
    return rc;
}

/* ERR_CONFLICT while a refund of application id awaits its approval (a
 * second settlement would count the same money again); what: the act
 * refused ("変更", "取消"). */
static int no_refund_pending(app_ctx *ctx, int64_t id, const char *what, err_t *e)
{
    works_refund_row *r = NULL;
    size_t n = 0;
    char msg[200];
    str_fmt(msg, sizeof msg, "還付が承認待ちのため%sできません。先に還付の承認または却下を済ませてください。", what);
    int rc = works_refund_store_list(ctx->db, id, &r, &n, e);
    for (size_t i = 0; !rc && i < n; i++)
        if (strcmp(r[i].status, "requested") == 0)
            rc = err_set(e, ERR_CONFLICT, NULL, msg, "works %lld: refund %lld pending", (long long)id,
                         (long long)r[i].id);
    free(r);
    return rc;
}

static int change_tx(app_ctx *ctx, int64_t id, const app_works_change_in *in, app_works_settled *out, err_t *e)
{
    int rc = app_form_claim_tx(ctx, e);
    if (rc || app_form_replayed(ctx))
        return rc;
    works_app_row *a = calloc(1, sizeof *a);
    works_fee_quote *q = calloc(1, sizeof *q);
    works_settlement *st = calloc(1, sizeof *st);
    works_settlement_row *s = calloc(1, sizeof *s);
    works_charge_row *ch = NULL;
    works_settle_charge *c = NULL;
    size_t n = 0;
    if (!a || !q || !st || !s)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (!rc && (rc = works_app_store_get(ctx->db, id, a, e)) == ERR_NOTFOUND)
        rc = app_works_application_not_found(e, id);
    int status = rc ? -1 : works_status_parse(a->status);
    if (!rc && (status == WORKS_ST_CANCELLED || status == WORKS_ST_COMPLETED))
        rc = err_set(e, ERR_CONFLICT, NULL, "完了または取消の申込は変更できません。", "works %lld is %s", (long long)id,
                     a->status);
    if (!rc)
        rc = no_refund_pending(ctx, id, "変更", e);
    int type = rc ? -1 : works_type_parse(a->type);
    int64_t diameter = 0, old_diameter = 0, dwellings = type == WORKS_COMPLEX ? 0 : 1;
    if (!rc)
        rc = int_field(in->diameter, "diameter", "口径（mm）", WORKS_FEE_MAX_DIAMETER, &diameter, e);
    if (!rc && type == WORKS_REMODEL)
        rc = int_field(in->old_diameter, "old_diameter", "改造前の口径（mm）", WORKS_FEE_MAX_DIAMETER, &old_diameter, e);
    if (!rc && type == WORKS_COMPLEX)
        rc = int_field(in->dwellings, "dwellings", "戸数", APP_WORKS_MAX_DWELLINGS, &dwellings, e);
    if (!rc && diameter == a->diameter && old_diameter == a->old_diameter && dwellings == a->dwellings)
        rc = err_field(e, "diameter", "口径・戸数が今と同じです。変更後の値を入力してください。");
    civil_date received;
    if (!rc && !date_parse(a->received_on, &received))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "works %lld: bad received_on", (long long)id);
    if (!rc) {
        size_t nt = 0;
        const works_fee_table *t = app_works_fee_tables(&nt);
        works_fee_request frq = {(works_type)type, (int)diameter, (int)old_diameter,
                                 type == WORKS_COMPLEX ? (int)dwellings : 0, received};
        rc = works_fee_quote_for(t, nt, &frq, q, e);
    }
    if (!rc)
        rc = works_charge_store_list(ctx->db, id, &ch, &n, e);
    if (!rc && !(c = settle_rows(ch, n, e)))
        rc = e->code;
    if (!rc && works_settle(c, n, q, a->reviewed_on[0] != '\0', st) != 0)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "works %lld: too many charges to settle", (long long)id);
    if (!rc) {
        str_copy(s->kind, sizeof s->kind, "change");
        sizes_json(a->type, a->diameter, a->old_diameter, a->dwellings, s->before_json, sizeof s->before_json);
        sizes_json(a->type, diameter, old_diameter, dwellings, s->after_json, sizeof s->after_json);
        rc = app_seal_into(ctx, in->reason, s->reason_enc, sizeof s->reason_enc, e);
    }
    if (!rc)
        rc = works_settle_store_set_size(ctx->db, id, a->version, diameter, old_diameter, dwellings, date_now_unix(), e);
    if (!rc && type == WORKS_COMPLEX && dwellings < a->dwellings)
        rc = works_settle_store_dwellings(ctx->db, id, dwellings, diameter, e);
    for (int64_t no = a->dwellings + 1; !rc && type == WORKS_COMPLEX && no <= dwellings; no++) {
        works_dwelling_row d = {.application_id = id, .no = no, .diameter = diameter};
        str_fmt(d.label, sizeof d.label, "%lld", (long long)no);
        rc = works_dwelling_store_insert(ctx->db, &d, e);
    }
    if (!rc && type == WORKS_COMPLEX && dwellings >= a->dwellings)
        rc = works_settle_store_dwellings(ctx->db, id, dwellings, diameter, e);
    if (!rc)
        rc = apply_tx(ctx, a, ch, n, st, s, out, e);
    if (!rc) {
        char res[40];
        str_fmt(res, sizeof res, "works_settlement:%lld", (long long)out->settlement_id);
        rc = app_form_done_tx(ctx, res, e);
    }
    free(a);
    free(q);
    free(st);
    free(s);
    free(ch);
    free(c);
    return rc;
}

int app_works_change(app_ctx *ctx, int64_t id, const app_works_change_in *in, app_works_settled *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_WORKS, e);
    if (rc)
        return rc;
    if (!in->reason || !*in->reason)
        return err_field(e, "reason", "変更の理由を入力してください。");
    if ((rc = validate_text(in->reason, true, 200, "reason", "変更の理由", e)) || (rc = db_begin(ctx->db, e)))
        return rc;
    rc = change_tx(ctx, id, in, out, e);
    if (!rc && app_form_replayed(ctx))
        out->settlement_id = app_form_result_id(ctx, "works_settlement");
    return app_tx_end(ctx, rc, e);
}

int app_works_cancel_settle_tx(app_ctx *ctx, int64_t id, const char *number, bool reviewed, err_t *e)
{
    works_charge_row *ch = NULL;
    size_t n = 0;
    int rc = no_refund_pending(ctx, id, "取消", e);
    if (!rc)
        rc = works_charge_store_list(ctx->db, id, &ch, &n, e);
    works_settle_charge *c = rc ? NULL : settle_rows(ch, n, e);
    works_settlement *st = c ? calloc(1, sizeof *st) : NULL;
    works_settlement_row *s = st ? calloc(1, sizeof *s) : NULL;
    works_app_row *a = s ? calloc(1, sizeof *a) : NULL;
    if (!rc && !a)
        rc = e->code ? e->code : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (!rc && works_settle(c, n, NULL, reviewed, st) != 0)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "works %lld: too many charges to settle", (long long)id);
    /* nothing assessed, or nothing paid and nothing to bring down: no settlement to record */
    bool any = !rc && st->before > 0;
    if (any) {
        a->id = id;
        str_copy(a->number, sizeof a->number, number);
        str_copy(s->kind, sizeof s->kind, "cancel");
        str_copy(s->before_json, sizeof s->before_json, "{}");
        str_copy(s->after_json, sizeof s->after_json, "{}");
        app_works_settled out;
        memset(&out, 0, sizeof out);
        rc = apply_tx(ctx, a, ch, n, st, s, &out, e);
    }
    free(a);
    free(s);
    free(st);
    free(c);
    free(ch);
    return rc;
}

/* ---- the approval of a refund ------------------------------------------- */

/* Inside the decision's transaction: the refund is paid out today. */
static int refund_apply(app_ctx *ctx, int64_t approval_id, const char *object, err_t *e)
{
    (void)object;
    int rc = app_require(ctx, PERM_WORKS_APPROVE, e);
    works_refund_row r;
    if (!rc)
        rc = works_refund_store_by_approval(ctx->db, approval_id, &r, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "還付の依頼が見つかりません。", "works refund of approval %lld",
                       (long long)approval_id);
    if (!rc && strcmp(r.status, "requested") != 0)
        return err_set(e, ERR_CONFLICT, NULL, "この還付は既に処理されています。", "works refund %lld is %s",
                       (long long)r.id, r.status);
    works_refund_item *it = NULL;
    size_t n = 0;
    if (!rc)
        rc = works_refund_store_items(ctx->db, r.id, &it, &n, e);
    for (size_t i = 0; !rc && i < n; i++)
        rc = works_settle_store_add_refunded(ctx->db, it[i].charge_id, it[i].amount, e);
    free(it);
    char today[11];
    date_format_iso(date_today_jst(), today);
    if (!rc)
        rc = works_refund_store_set_status(ctx->db, r.id, "paid", today, ctx->actor.username, e);
    return rc;
}

static int refund_reject(app_ctx *ctx, int64_t approval_id, const char *object, err_t *e)
{
    (void)object;
    works_refund_row r;
    int rc = works_refund_store_by_approval(ctx->db, approval_id, &r, e);
    if (!rc)
        rc = works_refund_store_set_status(ctx->db, r.id, "rejected", "", "", e);
    return rc == ERR_NOTFOUND ? 0 : rc;
}

/* works.refund: asked by whoever settles (works.view suffices to ask);
 * decided by a 係長 with works.approve (checked in the act). */
const app_approval_kind APP_WORKS_APPROVAL_KINDS[] = {
    {"works.refund", "工事の還付", PERM_WORKS_VIEW, refund_apply, refund_reject},
    {NULL, NULL, 0, NULL, NULL},
};

/* ---- reading ------------------------------------------------------------ */

static const char *refund_label(const char *status)
{
    static const struct { const char *code, *label; } L[] = {
        {"requested", "承認待ち"}, {"approved", "承認済み"}, {"rejected", "却下"}, {"paid", "還付済み"}};
    for (size_t i = 0; i < sizeof L / sizeof L[0]; i++)
        if (strcmp(L[i].code, status) == 0)
            return L[i].label;
    return status;
}

void app_works_settle_view_free(app_works_settle_view *v)
{
    free(v->codes);
    free(v->settlements);
    free(v->refunds);
    memset(v, 0, sizeof *v);
}

static int view_tx(app_ctx *ctx, int64_t id, app_works_settle_view *v, err_t *e)
{
    works_app_row *a = calloc(1, sizeof *a);
    if (!a)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = works_app_store_get(ctx->db, id, a, e);
    if (rc == ERR_NOTFOUND)
        rc = app_works_application_not_found(e, id);
    if (!rc) {
        v->id = id;
        str_copy(v->number, sizeof v->number, a->number);
    }
    free(a);
    works_charge_row *ch = NULL;
    size_t n = 0;
    if (!rc)
        rc = works_charge_store_list(ctx->db, id, &ch, &n, e);
    if (!rc && !(v->codes = calloc(n ? n : 1, sizeof *v->codes)))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        app_works_settle_code *c = NULL;
        for (size_t k = 0; k < v->ncodes && !c; k++)
            if (strcmp(v->codes[k].code, ch[i].code) == 0)
                c = &v->codes[k];
        if (!c) {   /* named by its first row (a 追徴's row comes after the one assessed) */
            c = &v->codes[v->ncodes++];
            str_copy(c->code, sizeof c->code, ch[i].code);
            str_copy(c->name, sizeof c->name, ch[i].name);
        }
        int64_t paid = ch[i].paid_yen - ch[i].refunded_yen;
        c->assessed += ch[i].yen;
        c->paid += paid;
        c->refunded += ch[i].refunded_yen;
        c->open += ch[i].yen > paid ? ch[i].yen - paid : 0;
        if (strcmp(ch[i].origin, "additional") == 0)
            v->additional += ch[i].yen;
    }
    for (size_t k = 0; k < v->ncodes; k++) {
        v->assessed += v->codes[k].assessed;
        v->paid += v->codes[k].paid;
        v->refunded += v->codes[k].refunded;
        v->open += v->codes[k].open;
    }
    free(ch);
    works_settlement_row *s = NULL;
    if (!rc)
        rc = works_settlement_store_list(ctx->db, id, &s, &n, e);
    if (!rc && n && !(v->settlements = calloc(n, sizeof *v->settlements)))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        app_works_settlement_item *o = &v->settlements[v->nsettlements++];
        o->id = s[i].id;
        o->additional = s[i].additional_yen;
        o->refund = s[i].refund_yen;
        o->assessed = s[i].assessed_yen;
        o->paid = s[i].paid_yen;
        str_copy(o->kind, sizeof o->kind, s[i].kind);
        str_copy(o->kind_label, sizeof o->kind_label, strcmp(s[i].kind, "cancel") == 0 ? "取消" : "変更");
        str_copy(o->by, sizeof o->by, s[i].created_by);
        app_open_into(ctx, s[i].reason_enc, o->reason, sizeof o->reason);
        str_copy(o->before, sizeof o->before, s[i].before_json);
        str_copy(o->after, sizeof o->after, s[i].after_json);
        o->at = s[i].created_at;
    }
    free(s);
    works_refund_row *r = NULL;
    if (!rc)
        rc = works_refund_store_list(ctx->db, id, &r, &n, e);
    if (!rc && n && !(v->refunds = calloc(n, sizeof *v->refunds)))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        app_works_refund *o = &v->refunds[v->nrefunds++];
        o->id = r[i].id;
        o->amount = r[i].amount;
        o->approval_id = r[i].approval_id;
        o->settlement_id = r[i].settlement_id;
        str_copy(o->status, sizeof o->status, r[i].status);
        str_copy(o->status_label, sizeof o->status_label, refund_label(r[i].status));
        str_copy(o->paid_on, sizeof o->paid_on, r[i].paid_on);
        str_copy(o->requested_by, sizeof o->requested_by, r[i].requested_by);
        if (strcmp(r[i].status, "requested") == 0)
            v->refund_pending += r[i].amount;
    }
    free(r);
    return rc;
}

int app_works_settle_view_get(app_ctx *ctx, int64_t id, app_works_settle_view *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_WORKS_VIEW, e);
    if (rc || (rc = db_begin_read(ctx->db, e)))
        return rc;
    rc = view_tx(ctx, id, out, e);
    db_end_read(ctx->db);
    if (rc)
        app_works_settle_view_free(out);
    return rc;
}

/* The sizes JSON of a settlement row as a member of w (null for 取消's "{}"). */
static void sizes_out(jsonw *w, const char *key, const char *text)
{
    json_error_t je;
    json_t *o = json_loads(text, 0, &je);
    jsonw_key(w, key);
    if (!json_is_object(o) || !json_object_get(o, "type")) {
        jsonw_string(w, NULL);
    } else {
        jsonw_object(w);
        jsonw_kv_string(w, "type", json_string_value(json_object_get(o, "type")));
        jsonw_kv_int(w, "diameter", json_integer_value(json_object_get(o, "diameter")));
        jsonw_kv_int(w, "old_diameter", json_integer_value(json_object_get(o, "old_diameter")));
        jsonw_kv_int(w, "dwellings", json_integer_value(json_object_get(o, "dwellings")));
        jsonw_end_object(w);
    }
    json_decref(o);
}

int app_works_settle_json(app_ctx *ctx, const char *number, buf_t *out, err_t *e)
{
    int rc = app_require(ctx, PERM_WORKS_VIEW, e);
    if (rc)
        return rc;
    if (!number || !*number)
        return err_field(e, "application", "工事申込の番号（例: R8-00012）を指定してください。");
    int64_t id = 0;
    rc = works_receipt_store_app_by_number(ctx->db, number, &id, e);
    if (rc == ERR_NOTFOUND)
        return err_field(e, "application", "工事申込 %s はありません。", number);
    app_works_settle_view v;
    if (rc || (rc = app_works_settle_view_get(ctx, id, &v, e)))
        return rc;
    jsonw w;
    jsonw_begin(&w, out);
    jsonw_object(&w);
    jsonw_kv_string(&w, "application", v.number);
    jsonw_kv_int(&w, "assessed", v.assessed);
    jsonw_kv_int(&w, "paid", v.paid);
    jsonw_kv_int(&w, "refunded", v.refunded);
    jsonw_kv_int(&w, "open", v.open);
    jsonw_kv_int(&w, "additional", v.additional);
    jsonw_kv_int(&w, "refund_pending", v.refund_pending);
    jsonw_key(&w, "charges");
    jsonw_array(&w);
    for (size_t i = 0; i < v.ncodes; i++) {
        const app_works_settle_code *c = &v.codes[i];
        jsonw_object(&w);
        jsonw_kv_string(&w, "code", c->code);
        jsonw_kv_string(&w, "name", c->name);
        jsonw_kv_int(&w, "assessed", c->assessed);
        jsonw_kv_int(&w, "paid", c->paid);
        jsonw_kv_int(&w, "refunded", c->refunded);
        jsonw_kv_int(&w, "open", c->open);
        jsonw_end_object(&w);
    }
    jsonw_end_array(&w);
    jsonw_key(&w, "settlements");
    jsonw_array(&w);
    for (size_t i = 0; i < v.nsettlements; i++) {
        const app_works_settlement_item *s = &v.settlements[i];
        char at[20];
        date_format_ts_jst(s->at, at);
        jsonw_object(&w);
        jsonw_kv_int(&w, "id", s->id);
        jsonw_kv_string(&w, "kind", s->kind);
        jsonw_kv_string(&w, "at", at);
        jsonw_kv_string(&w, "by", s->by);
        sizes_out(&w, "before", s->before);
        sizes_out(&w, "after", s->after);
        jsonw_kv_int(&w, "assessed", s->assessed);
        jsonw_kv_int(&w, "paid", s->paid);
        jsonw_kv_int(&w, "additional", s->additional);
        jsonw_kv_int(&w, "refund", s->refund);
        jsonw_end_object(&w);
    }
    jsonw_end_array(&w);
    jsonw_key(&w, "refunds");
    jsonw_array(&w);
    for (size_t i = 0; i < v.nrefunds; i++) {
        const app_works_refund *r = &v.refunds[i];
        jsonw_object(&w);
        jsonw_kv_int(&w, "id", r->id);
        jsonw_kv_int(&w, "amount", r->amount);
        jsonw_kv_string(&w, "status", r->status);
        jsonw_kv_int(&w, "approval", r->approval_id);
        jsonw_kv_string(&w, "paid_on", r->paid_on);
        jsonw_end_object(&w);
    }
    jsonw_end_array(&w);
    jsonw_end_object(&w);
    char obj[48];
    str_fmt(obj, sizeof obj, "works_application:%lld", (long long)id);
    app_works_settle_view_free(&v);
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_string(&d.w, "number", number);
    return app_audit_now_json(ctx, "works.settlement.view", obj, &d, e);
}

int app_works_refund_doc_get(app_ctx *ctx, int64_t refund_id, app_works_refund_doc *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_WORKS_VIEW, e);
    if (rc)
        return rc;
    works_refund_row r;
    rc = works_refund_store_get(ctx->db, refund_id, &r, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "該当する還付がありません。", "works refund %lld", (long long)refund_id);
    if (!rc && strcmp(r.status, "paid") != 0)
        return err_set(e, ERR_CONFLICT, NULL, "この還付はまだ支払われていないため、還付通知書は作れません（承認待ちまたは却下）。",
                       "works refund %lld is %s", (long long)refund_id, r.status);
    works_app_row *a = rc ? NULL : calloc(1, sizeof *a);
    if (!rc && !a)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (!rc)
        rc = works_app_store_get(ctx->db, r.application_id, a, e);
    works_refund_item *it = NULL;
    size_t n = 0;
    if (!rc)
        rc = works_refund_store_items(ctx->db, refund_id, &it, &n, e);
    if (!rc) {
        str_copy(out->utility, sizeof out->utility, app_utility_name(ctx));
        str_copy(out->contact, sizeof out->contact, config_get(ctx->env->cfg, "works.contact", ""));
        str_copy(out->number, sizeof out->number, a->number);
        app_open_into(ctx, a->applicant_name_enc, out->applicant, sizeof out->applicant);
        app_registry_place_format(ctx, a->area_name, a->address_enc, out->place, sizeof out->place);
        str_copy(out->paid_on, sizeof out->paid_on, r.paid_on);
        date_format_iso(date_today_jst(), out->issued_on);
        for (size_t i = 0; i < n && out->nlines < 16; i++) {
            str_copy(out->lines[out->nlines].name, sizeof out->lines[0].name, it[i].name);
            out->lines[out->nlines].amount = it[i].amount;
            out->lines[out->nlines].tax = it[i].tax;
            out->nlines++;
            out->amount += it[i].amount;
            out->tax += it[i].tax;
        }
    }
    free(it);
    free(a);
    if (rc)
        return rc;
    char obj[48];
    str_fmt(obj, sizeof obj, "works_application:%lld", (long long)r.application_id);
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_string(&d.w, "kind", "refund");
    jsonw_kv_string(&d.w, "number", out->number);
    jsonw_kv_int(&d.w, "amount", out->amount);
    return app_audit_now_json(ctx, "works.document.issue", obj, &d, e);
}
