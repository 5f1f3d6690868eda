/* app_credit — a tap's credit (過誤納): set-off (充当) against its bills and
 * refund (還付) after a second person's approval (see app_payment.h). */
#include "app/app_form.h"
#include "app/collect/app_payment.h"
#include "app/collect/payment_alloc.h"
#include "app/app_approval.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/jsonw.h"
#include "domain/bill_rules.h"
#include "domain/role.h"
#include "store/billing/bill_store.h"
#include "store/collect/credit_store.h"
#include "store/registry/tap_store.h"

static int tap_id_of(app_ctx *ctx, const char *tap_no, int64_t *tap_id, err_t *e)
{
    tap_row *t = malloc(sizeof *t);
    if (!t)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = tap_store_get_by_no(ctx->db, tap_no ? tap_no : "", t, e);
    *tap_id = rc ? 0 : t->id;
    free(t);
    if (rc == ERR_NOTFOUND)
        return err_field(e, "tap", "水栓番号 %s は登録されていません。", tap_no ? tap_no : "");
    return rc;
}

static int ledger(app_ctx *ctx, const credit_row *src, const char *kind, int64_t amount, int64_t bill_id,
                  int64_t approval_id, const char *posted, const char *note, err_t *e)
{
    credit_row r = {.customer_id = src->customer_id, .tap_id = src->tap_id, .payment_id = src->payment_id,
                    .amount = -amount, .bill_id = bill_id, .approval_id = approval_id,
                    .created_at = date_now_unix()};
    str_copy(r.kind, sizeof r.kind, kind);
    str_copy(r.posted_on, sizeof r.posted_on, posted);
    str_copy(r.note, sizeof r.note, note ? note : "");
    str_copy(r.created_by, sizeof r.created_by, ctx->actor.username);
    return credit_store_insert(ctx->db, &r, e);
}

/* Set off inside the caller's transaction. */
static int setoff_tx(app_ctx *ctx, int64_t tap_id, int64_t bill_id, int64_t *applied, err_t *e)
{
    *applied = 0;
    char posted[11];
    date_format_iso(date_today_jst(), posted);
    credit_row *src = NULL;
    size_t ns = 0;
    bill_row *bills = NULL;
    size_t nb = 0;
    int rc = credit_store_sources(ctx->db, tap_id, &src, &ns, e);
    if (!rc)
        rc = bill_store_open_tap(ctx->db, tap_id, &bills, &nb, e);
    size_t k = 0;
    for (size_t i = 0; !rc && i < nb; i++) {
        bill_row *b = &bills[i];
        if (bill_id > 0 && b->id != bill_id)
            continue;
        while (!rc && k < ns && bill_balance(b->total_yen, b->paid_yen) > 0) {
            int64_t owed = bill_balance(b->total_yen, b->paid_yen);
            int64_t take = src[k].amount < owed ? src[k].amount : owed;
            if (!(rc = payment_allocate(ctx, src[k].payment_id, b, take, "setoff", posted, e)))
                rc = ledger(ctx, &src[k], "setoff", take, b->id, 0, posted, "充当", e);
            b->paid_yen += take;
            src[k].amount -= take;
            *applied += take;
            if (src[k].amount == 0)
                k++;
        }
    }
    free(src);
    bill_store_rows_free(bills, nb);
    return rc;
}

int app_credit_setoff(app_ctx *ctx, const char *tap_no, int64_t bill_id, int64_t *applied, err_t *e)
{
    *applied = 0;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    int64_t tap_id = 0;
    rc = tap_id_of(ctx, tap_no, &tap_id, e);
    if (!rc)
        rc = setoff_tx(ctx, tap_id, bill_id, applied, e);
    if (!rc && *applied > 0) {
        char obj[40];
        str_fmt(obj, sizeof obj, "tap:%s", tap_no);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_int(&d.w, "setoff", *applied);
        jsonw_kv_int(&d.w, "bill", bill_id);
        rc = app_audit_json(ctx, "credit.setoff", obj, &d, e);
    }
    return app_tx_end(ctx, rc, e);
}

int app_refund_request(app_ctx *ctx, const char *tap_no, int64_t amount, const char *method, const char *reason,
                       int64_t *approval_id, err_t *e)
{
    *approval_id = 0;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    if (amount <= 0)
        return err_field(e, "amount", "還付額は1円以上で入力してください。");
    if (!method || (strcmp(method, "transfer") != 0 && strcmp(method, "cash") != 0))
        return err_field(e, "method", "還付方法は「口座振込」か「現金」を選んでください。");
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    if ((rc = app_form_claim_tx(ctx, e)) || app_form_replayed(ctx)) {
        *approval_id = app_form_result_id(ctx, "approval");
        return app_tx_end(ctx, rc, e);
    }
    int64_t tap_id = 0, credit = 0;
    rc = tap_id_of(ctx, tap_no, &tap_id, e);
    if (!rc)
        rc = credit_store_balance(ctx->db, tap_id, &credit, e);
    if (!rc && amount > credit)
        rc = err_field(e, "amount", "還付額 %lld 円が過誤納額 %lld 円を超えています。", (long long)amount,
                       (long long)credit);
    credit_row *src = NULL;
    size_t ns = 0;
    if (!rc)
        rc = credit_store_sources(ctx->db, tap_id, &src, &ns, e);
    int64_t customer = ns > 0 ? src[0].customer_id : 0;
    free(src);
    char obj[40], summary[160];
    str_fmt(obj, sizeof obj, "tap:%s", tap_no);
    str_fmt(summary, sizeof summary, "水栓 %s の過誤納 %lld 円を還付（%s）", tap_no, (long long)amount,
            strcmp(method, "cash") == 0 ? "現金" : "口座振込");
    if (!rc)
        rc = app_approval_request_tx(ctx, "credit.refund", obj, summary, reason, approval_id, e);
    if (!rc) {
        refund_row r = {.tap_id = tap_id, .customer_id = customer, .amount = amount, .approval_id = *approval_id,
                        .requested_at = date_now_unix()};
        str_copy(r.method, sizeof r.method, method);
        str_copy(r.reason, sizeof r.reason, reason ? reason : "");
        str_copy(r.requested_by, sizeof r.requested_by, ctx->actor.username);
        rc = refund_store_insert(ctx->db, &r, e);
    }
    if (!rc) {
        char res[40];
        str_fmt(res, sizeof res, "approval:%lld", (long long)*approval_id);
        rc = app_form_done_tx(ctx, res, e);
    }
    return app_tx_end(ctx, rc, e);
}

int app_credit_from_correction_tx(app_ctx *ctx, int64_t old_id, int64_t new_id, int64_t excess, err_t *e)
{
    char posted[11];
    date_format_iso(date_today_jst(), posted);
    int64_t left = excess, bill = old_id;
    int rc = 0;
    for (int depth = 0; !rc && left > 0 && bill > 0 && depth < 100; depth++) {
        bill_row b;
        if ((rc = bill_store_get_head(ctx->db, bill, &b, e)))
            break;
        credit_row *payers = NULL;
        size_t n = 0;
        rc = credit_store_payers_of_bill(ctx->db, b.id, &payers, &n, e);
        for (size_t i = 0; !rc && i < n && left > 0; i++) {
            int64_t take = payers[i].amount < left ? payers[i].amount : left;
            credit_row src = {.customer_id = payers[i].customer_id ? payers[i].customer_id : b.customer_id,
                              .tap_id = b.tap_id, .payment_id = payers[i].payment_id};
            rc = ledger(ctx, &src, "correction", -take, new_id, 0, posted, "更正による過誤納", e);
            left -= take;
        }
        free(payers);
        bill = b.replaces;
        bill_row_clear(&b);
    }
    if (!rc && left > 0)
        rc = err_set(e, ERR_CONFLICT, NULL, "更正で生じる過誤納の入金元が見つからないため、更正できません。",
                     "correction of bill %lld: %lld yen without a payment", (long long)old_id, (long long)left);
    return rc;
}

/* Inside the approval's transaction. */
static int refund_apply(app_ctx *ctx, int64_t approval_id, const char *object, err_t *e)
{
    (void)object;
    refund_row r;
    int rc = refund_store_by_approval(ctx->db, approval_id, &r, e);
    if (rc)
        return rc;
    int64_t credit = 0;
    if ((rc = credit_store_balance(ctx->db, r.tap_id, &credit, e)))
        return rc;
    if (r.amount > credit)
        return err_set(e, ERR_CONFLICT, NULL, "過誤納額が依頼時より少なくなっているため、還付できません（充当済みの可能性があります）。",
                       "refund %lld over credit %lld", (long long)r.amount, (long long)credit);
    char posted[11];
    date_format_iso(date_today_jst(), posted);
    credit_row *src = NULL;
    size_t ns = 0;
    if ((rc = credit_store_sources(ctx->db, r.tap_id, &src, &ns, e)))
        return rc;
    int64_t left = r.amount;
    for (size_t i = 0; !rc && i < ns && left > 0; i++) {
        int64_t take = src[i].amount < left ? src[i].amount : left;
        rc = ledger(ctx, &src[i], "refund", take, 0, approval_id, posted,
                    strcmp(r.method, "cash") == 0 ? "還付（現金）" : "還付（口座振込）", e);
        left -= take;
    }
    free(src);
    if (!rc)
        rc = refund_store_set_status(ctx->db, r.id, "done", e);
    return rc;
}

static int refund_reject(app_ctx *ctx, int64_t approval_id, const char *object, err_t *e)
{
    (void)object;
    refund_row r;
    int rc = refund_store_by_approval(ctx->db, approval_id, &r, e);
    if (!rc)
        rc = refund_store_set_status(ctx->db, r.id, "rejected", e);
    return rc;
}

/* credit.refund: the particulars are in refund_requests. */
const app_approval_kind APP_CREDIT_APPROVAL_KINDS[] = {
    {"credit.refund", "過誤納の還付", PERM_PAYMENT_POST, refund_apply, refund_reject},
    {NULL, NULL, 0, NULL, NULL},
};
