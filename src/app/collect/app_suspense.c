/* app_suspense — money that matched nothing (未消込), resolved by a person
 * (see app_payment.h). */
#include "app/collect/app_payment.h"
#include "app/collect/payment_alloc.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/jsonw.h"
#include "domain/role.h"
#include "store/billing/bill_store.h"
#include "store/registry/customer_store.h"
#include "store/collect/payment_store.h"
#include "store/collect/suspense_store.h"
#include "store/registry/tap_store.h"
#include "domain/validate.h"

int app_suspense_list(app_ctx *ctx, const char *status, app_suspense **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    const char *st = status && *status ? status : "open";
    if (strcmp(st, "open") != 0 && strcmp(st, "resolved") != 0 && strcmp(st, "cancelled") != 0)
        return err_field(e, "status", "状態は open / resolved / cancelled のいずれかです。");
    suspense_row *ss = NULL;
    size_t k = 0;
    if ((rc = suspense_store_list(ctx->db, st, &ss, &k, e)))
        return rc;
    app_suspense *out = calloc(k ? k : 1, sizeof *out);
    if (!out) {
        free(ss);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < k; i++) {
        app_suspense *o = &out[i];
        const suspense_row *s = &ss[i];
        o->id = s->id;
        o->payment_id = s->payment_id;
        o->amount = s->p.amount;
        o->file_id = s->p.file_id;
        o->line = s->p.line;
        o->resolved_bill = s->resolved_bill;
        o->resolved_at = s->resolved_at;
        str_copy(o->channel, sizeof o->channel, s->p.channel);
        str_copy(o->paid_on, sizeof o->paid_on, s->p.paid_on);
        str_copy(o->posted_on, sizeof o->posted_on, s->p.posted_on);
        str_copy(o->ref, sizeof o->ref, s->p.ref);
        str_copy(o->reason, sizeof o->reason, s->reason);
        str_copy(o->detail, sizeof o->detail, s->detail);
        str_copy(o->status, sizeof o->status, s->status);
        str_copy(o->resolved_by, sizeof o->resolved_by, s->resolved_by);
        str_copy(o->note, sizeof o->note, s->note);
    }
    free(ss);
    *rows = out;
    *n = k;
    return 0;
}

int app_suspense_resolve(app_ctx *ctx, int64_t id, int64_t bill_id, const char *tap_no, const char *note,
                         app_pay_out *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    if (!note || !*note)
        return err_field(e, "note", "処理の理由（照合の根拠）を入力してください。");
    if (strlen(note) >= 160)
        return err_field(e, "note", "理由は50文字程度までで入力してください。");
    if ((rc = validate_visible(note, "note", "理由", e)))
        return rc;
    if (bill_id <= 0 && (!tap_no || !*tap_no))
        return err_field(e, "bill", "充てる調定番号か水栓番号を入力してください。");
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    suspense_row s;
    rc = suspense_store_get(ctx->db, id, &s, e);
    if (!rc && strcmp(s.status, "open") != 0)
        rc = err_set(e, ERR_CONFLICT, NULL, "この未消込の入金は既に処理されています。", "suspense %lld closed",
                     (long long)id);
    int64_t tap_id = 0, customer_id = 0;
    if (!rc && bill_id > 0) {
        bill_row b;
        rc = bill_store_get(ctx->db, bill_id, &b, e);
        if (rc == ERR_NOTFOUND)
            rc = err_field(e, "bill", "調定番号 %lld は見つかりません。", (long long)bill_id);
        if (!rc && strcmp(b.status, "current") != 0)
            rc = err_field(e, "bill", "調定番号 %lld は取り消されています。更正後の調定を指定してください。",
                           (long long)bill_id);
        if (!rc) {
            tap_id = b.tap_id;
            customer_id = b.customer_id;
            bill_row_clear(&b);
        }
    } else if (!rc) {
        tap_row *t = malloc(sizeof *t);
        if (!t)
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        if (!rc) {
            rc = tap_store_get_by_no(ctx->db, tap_no, t, e);
            tap_id = t->id;
            free(t);
        }
        if (rc == ERR_NOTFOUND)
            rc = err_field(e, "tap", "水栓番号 %s は登録されていません。", tap_no);
        occupancy_row o;
        if (!rc && occupancy_store_current(ctx->db, tap_id, &o, NULL) == 0)
            customer_id = o.customer_id;
    }
    /* The payment leaves suspense and is allocated like a counter payment:
     * the bill named first, then the tap's other open bills; the rest is
     * credit. */
    if (!rc)
        rc = payment_store_set_posted(ctx->db, s.payment_id, tap_id, customer_id, bill_id, e);
    if (!rc) {
        rc = app_payment_spread_tx(ctx, s.payment_id, tap_id, customer_id, bill_id, s.p.amount, NULL, out, e);
        out->payment_id = s.payment_id;
    }
    if (!rc)
        rc = suspense_store_close(ctx->db, id, "resolved", bill_id, ctx->actor.username, note, date_now_unix(), e);
    if (!rc) {
        buf_t d;
        buf_init(&d, 0);
        jsonw w;
        jsonw_begin(&w, &d);
        jsonw_object(&w);
        jsonw_kv_int(&w, "suspense", id);
        jsonw_kv_int(&w, "payment", s.payment_id);
        jsonw_kv_int(&w, "bill", bill_id);
        jsonw_kv_int(&w, "allocated", out->allocated);
        jsonw_kv_int(&w, "credited", out->credited);
        jsonw_kv_string(&w, "note", note);
        jsonw_end_object(&w);
        char obj[40];
        str_fmt(obj, sizeof obj, "payment:%lld", (long long)s.payment_id);
        rc = app_audit(ctx, "payment.resolve", obj, buf_cstr(&d), e);
        buf_free(&d);
    }
    return app_tx_end(ctx, rc, e);
}
