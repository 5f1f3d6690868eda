/* app_suspense — money that matched nothing (未消込), resolved by a person
 * (see app_payment.h). */
#include "app/collect/app_payment.h"
#include "app/arrears/app_reopen.h"
#include "app/collect/payment_alloc.h"
#include "app/arrears/app_late_charge.h"
#include "app/app_form.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/jsonw.h"
#include "domain/bill_rules.h"
#include "domain/role.h"
#include "store/billing/bill_store.h"
#include "store/registry/customer_store.h"
#include "store/collect/payment_store.h"
#include "store/collect/suspense_store.h"
#include "store/registry/tap_store.h"
#include "domain/validate.h"

static void fill(app_suspense *o, const suspense_row *s)
{
    o->id = s->id;
    o->payment_id = s->payment_id;
    o->amount = s->p.amount;
    o->file_id = s->p.file_id;
    o->line = s->p.line;
    o->resolved_bill = s->resolved_bill;
    o->resolved_at = s->resolved_at;
    o->bill_id = s->p.bill_id;
    str_copy(o->channel, sizeof o->channel, s->p.channel);
    str_copy(o->paid_on, sizeof o->paid_on, s->p.paid_on);
    str_copy(o->posted_on, sizeof o->posted_on, s->p.posted_on);
    str_copy(o->ref, sizeof o->ref, s->p.ref);
    str_copy(o->tap_no, sizeof o->tap_no, s->p.tap_no);
    str_copy(o->reason, sizeof o->reason, s->reason);
    str_copy(o->detail, sizeof o->detail, s->detail);
    str_copy(o->status, sizeof o->status, s->status);
    str_copy(o->resolved_by, sizeof o->resolved_by, s->resolved_by);
    str_copy(o->note, sizeof o->note, s->note);
}

static int status_field(const char *status, const char **st, err_t *e)
{
    *st = status && *status ? status : "open";
    if (strcmp(*st, "open") != 0 && strcmp(*st, "resolved") != 0 && strcmp(*st, "cancelled") != 0)
        return err_field(e, "status", "状態は open / resolved / cancelled のいずれかです。");
    return 0;
}

int app_suspense_list(app_ctx *ctx, const char *status, app_suspense **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    const char *st = NULL;
    if (rc || (rc = status_field(status, &st, e)))
        return rc;
    suspense_row *ss = NULL;
    size_t k = 0;
    if ((rc = suspense_store_list(ctx->db, st, &ss, &k, e)))
        return rc;
    app_suspense *out = calloc(k ? k : 1, sizeof *out);
    if (!out) {
        free(ss);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < k; i++)
        fill(&out[i], &ss[i]);
    free(ss);
    *rows = out;
    *n = k;
    return 0;
}

int app_suspense_find(app_ctx *ctx, const app_suspense_filter *f, app_suspense_page *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    out->page = out->pages = 1;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    suspense_filter sf;
    memset(&sf, 0, sizeof sf);
    if (rc || (rc = status_field(f->status, &sf.status, e)))
        return rc;
    civil_date from, to;
    if ((rc = validate_date(f->from, false, "from", "収納日（から）", &from, e)) ||
        (rc = validate_date(f->to, false, "to", "収納日（まで）", &to, e)))
        return rc;
    bool has_from = f->from && *f->from, has_to = f->to && *f->to;
    if (has_from && has_to && strcmp(f->from, f->to) > 0)
        return err_field(e, "to", "収納日（まで）の %s が収納日（から）の %s より前になっています。", f->to, f->from);
    if (f->channel && *f->channel && (rc = validate_code(f->channel, APP_PAYMENT_CHANNELS, "channel", "収納経路", e)))
        return rc;
    if ((rc = validate_amount_range(f->amount, "amount", "金額", &sf.min, &sf.max, e)))
        return rc;
    /* (dates are ISO text, so that text order is date order) */
    sf.from = has_from ? f->from : "0000-01-01";
    sf.to = has_to ? f->to : "9999-12-31";
    sf.channel = f->channel ? f->channel : "";
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    rc = suspense_store_count(ctx->db, &sf, &out->total, &out->sum, e);
    if (!rc) {
        out->pages = out->total > 0 ? (out->total + APP_SUSPENSE_PAGE - 1) / APP_SUSPENSE_PAGE : 1;
        out->page = f->page < 1 ? 1 : f->page > out->pages ? out->pages : f->page;
    }
    suspense_item *items = NULL;
    size_t k = 0;
    if (!rc)
        rc = suspense_store_page(ctx->db, &sf, APP_SUSPENSE_PAGE, (out->page - 1) * APP_SUSPENSE_PAGE, &items, &k, e);
    db_end_read(ctx->db);
    if (rc)
        return rc;
    out->rows = calloc(k ? k : 1, sizeof *out->rows);
    if (!out->rows) {
        free(items);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < k; i++) {
        fill(&out->rows[i], &items[i].s);
        str_copy(out->rows[i].bill_status, sizeof out->rows[i].bill_status, items[i].bill_status);
        out->rows[i].bill_balance = items[i].bill_status[0]
                                        ? bill_open_balance(items[i].bill_status, items[i].bill_total, items[i].bill_paid)
                                        : 0;
    }
    out->n = k;
    free(items);
    return 0;
}

/* Inside the caller's transaction, the item s found open: its payment
 * leaves suspense and is allocated like a counter payment, the bill named
 * first, then the tap's other open bills; the rest is credit.  Audited. */
static int resolve_tx(app_ctx *ctx, const suspense_row *s, int64_t bill_id, int64_t tap_id, int64_t customer_id,
                      const char *note, app_pay_out *out, err_t *e)
{
    int rc = payment_store_set_posted(ctx->db, s->payment_id, tap_id, customer_id, bill_id, e);
    if (!rc) {
        rc = app_payment_spread_tx(ctx, s->payment_id, tap_id, customer_id, bill_id, s->p.amount, NULL, out, e);
        out->payment_id = s->payment_id;
    }
    if (!rc)
        rc = app_late_charge_on_payment_tx(ctx, s->payment_id, e);   /* 延滞金・督促手数料 */
    if (!rc)
        rc = suspense_store_close(ctx->db, s->id, "resolved", bill_id, ctx->actor.username, note, date_now_unix(), e);
    if (!rc)
        rc = app_reopen_after_payment_tx(ctx, out, e);   /* a stopped tap paid up: its 解除 */
    if (rc)
        return rc;
    buf_t d;
    buf_init(&d, 0);
    jsonw w;
    jsonw_begin(&w, &d);
    jsonw_object(&w);
    jsonw_kv_int(&w, "suspense", s->id);
    jsonw_kv_int(&w, "payment", s->payment_id);
    jsonw_kv_int(&w, "bill", bill_id);
    jsonw_kv_int(&w, "allocated", out->allocated);
    jsonw_kv_int(&w, "credited", out->credited);
    jsonw_kv_string(&w, "note", note);
    jsonw_end_object(&w);
    char obj[40];
    str_fmt(obj, sizeof obj, "payment:%lld", (long long)s->payment_id);
    rc = app_audit(ctx, "payment.resolve", obj, buf_cstr(&d), e);
    buf_free(&d);
    return rc;
}

static int already_closed(int64_t id, err_t *e)
{
    return err_set(e, ERR_CONFLICT, NULL, "この未消込の入金は既に処理されています。", "suspense %lld closed",
                   (long long)id);
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
        rc = already_closed(id, e);
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
    if (!rc)
        rc = resolve_tx(ctx, &s, bill_id, tap_id, customer_id, note, out, e);
    return app_tx_end(ctx, rc, e);
}

/* The checks of a one-click resolution inside its transaction: the item
 * still open and naming bill_id, the bill current and not yet paid. */
static int candidate_check(app_ctx *ctx, const suspense_row *s, int64_t bill_id, bill_row *b, err_t *e)
{
    if (strcmp(s->status, "open") != 0)
        return already_closed(s->id, e);
    if (s->p.bill_id != bill_id)
        return err_set(e, ERR_CONFLICT, NULL, "未消込の入金が指す調定が変わっています。画面を開き直してください。",
                       "suspense %lld names bill %lld, not %lld", (long long)s->id, (long long)s->p.bill_id,
                       (long long)bill_id);
    int rc = bill_store_get_head(ctx->db, bill_id, b, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_CONFLICT, NULL, "候補の調定が見つかりません。調定番号を指定して消込してください。",
                       "bill %lld not found", (long long)bill_id);
    if (rc)
        return rc;
    char user[300];
    if (strcmp(b->status, "current") != 0) {
        str_fmt(user, sizeof user,
                "調定番号 %lld は取り消されているため、この調定には消込できません。"
                "更正後の調定番号を指定して消込してください。",
                (long long)bill_id);
        rc = err_set(e, ERR_CONFLICT, NULL, user, "bill %lld is %s", (long long)bill_id, b->status);
    } else if (bill_balance(b->total_yen, b->paid_yen) <= 0) {
        str_fmt(user, sizeof user,
                "調定番号 %lld は納付済み（未納額 0 円）のため、この調定には消込できません。"
                "充てる調定番号か水栓番号を指定して消込してください。",
                (long long)bill_id);
        rc = err_set(e, ERR_CONFLICT, NULL, user, "bill %lld paid", (long long)bill_id);
    }
    if (rc)
        bill_row_clear(b);
    return rc;
}

int app_suspense_apply(app_ctx *ctx, int64_t id, int64_t bill_id, app_suspense_done *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    out->id = id;
    out->bill_id = bill_id;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    if (bill_id <= 0)
        return err_field(e, "bill", "消込する調定が指定されていません。");
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    suspense_row s;
    if ((rc = app_form_claim_tx(ctx, e)))
        return app_tx_end(ctx, rc, e);
    rc = suspense_store_get(ctx->db, id, &s, e);
    if (!rc) {
        out->payment_id = s.payment_id;
        out->amount = s.p.amount;
        str_copy(out->tap_no, sizeof out->tap_no, s.p.tap_no);
    }
    if (!rc && app_form_replayed(ctx)) {
        /* the same form again: what the first posting did, nothing more */
        if (app_form_result_id(ctx, "suspense") != id)
            rc = err_set(e, ERR_CONFLICT, "form_token",
                         "この画面からは既に別の入金を消込しました。画面を開き直してから、もう一度押してください。",
                         "form token spent on another suspense item");
        out->replayed = true;
        out->bill_id = s.resolved_bill;
        return app_tx_end(ctx, rc, e);
    }
    bill_row b;
    if (!rc && !(rc = candidate_check(ctx, &s, bill_id, &b, e))) {
        app_pay_out po;
        memset(&po, 0, sizeof po);
        rc = resolve_tx(ctx, &s, bill_id, b.tap_id, b.customer_id, "一覧の候補の調定に消込", &po, e);
        out->allocated = po.allocated;
        out->credited = po.credited;
        bill_row_clear(&b);
    }
    if (!rc) {
        char result[40];
        str_fmt(result, sizeof result, "suspense:%lld", (long long)id);
        rc = app_form_done_tx(ctx, result, e);
    }
    return app_tx_end(ctx, rc, e);
}
