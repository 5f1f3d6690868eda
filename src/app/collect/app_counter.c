/* app_counter — cash received at the counter (窓口収納) and its receipt
 * (領収書): see app_collect.h. */
#include "app/collect/app_collect.h"

#include <stdlib.h>
#include <string.h>

#include "app/app_form.h"
#include "app/account/app_staff.h"
#include "app/collect/app_payment.h"
#include "store/db.h"
#include "base/jsonw.h"
#include "base/text.h"
#include "domain/role.h"
#include "store/billing/bill_store.h"
#include "store/registry/customer_store.h"
#include "store/collect/alloc_store.h"
#include "store/collect/credit_store.h"
#include "store/collect/payment_store.h"
#include "store/collect/receipt_store.h"
#include "store/registry/tap_store.h"
#include "domain/validate.h"

/* "12,345", "１２３４５" or "12345円" -> 12345; false when not a whole number
 * of yen between 1 and 99,999,999. */
static bool parse_yen(const char *s, int64_t *out)
{
    *out = 0;
    char *n = s ? text_nfkc(s) : NULL;
    if (!n)
        return false;
    size_t len = strlen(n);
    if (len >= 3 && strcmp(n + len - 3, "円") == 0)
        n[len -= 3] = '\0';
    if (len > 0 && n[0] == '\\')
        memmove(n, n + 1, len--);
    int64_t v = 0;
    int digits = 0;
    bool ok = len > 0;
    for (size_t i = 0; ok && i < len; i++) {
        if (n[i] == ',')
            ok = i > 0 && i + 1 < len;
        else if (n[i] >= '0' && n[i] <= '9' && digits < 9) {
            v = v * 10 + (n[i] - '0');
            digits++;
        } else
            ok = false;
    }
    free(n);
    if (!ok || v < 1 || v > 99999999)
        return false;
    *out = v;
    return true;
}

/* The next receipt number of the day posted: R + YYYYMMDD + "-" + NNNN. */
static int next_receipt(app_ctx *ctx, const char *posted_on, char out[24], err_t *e)
{
    char prefix[16], last[24];
    str_fmt(prefix, sizeof prefix, "R%.4s%.2s%.2s-", posted_on, posted_on + 5, posted_on + 8);
    int rc = receipt_store_last(ctx->db, prefix, last, e);
    if (rc)
        return rc;
    long long seq = 0;
    if (last[0] && !str_to_i64(last + strlen(prefix), &seq))
        return err_set(e, ERR_INTERNAL, NULL, NULL, "receipt number %s unreadable", last);
    if (seq >= 9999)
        return err_set(e, ERR_CONFLICT, NULL, "本日の領収書番号が上限（9999）に達しました。", "receipt numbers exhausted");
    str_fmt(out, 24, "%s%04lld", prefix, seq + 1);
    return 0;
}

int app_counter_check(app_ctx *ctx, const char *amount, const char *tendered, int64_t *yen, int64_t *tendered_yen,
                      int64_t *change, err_t *e)
{
    *yen = *tendered_yen = *change = 0;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    if (!parse_yen(amount, yen))
        return err_field(e, "amount", "受領額は1円以上 99,999,999円以下の整数（円）で入力してください。");
    if (tendered && *tendered) {
        if (!parse_yen(tendered, tendered_yen))
            return err_field(e, "tendered", "預り金は1円以上 99,999,999円以下の整数（円）で入力してください。");
        if (*tendered_yen < *yen)
            return err_field(e, "tendered", "預り金が受領額より少なくなっています。");
        *change = *tendered_yen - *yen;
    }
    return 0;
}

typedef struct counter_pay_arg {
    const char *tap_no;
    int64_t bill_id, yen;
    const char *note;
    app_counter_out *out;
} counter_pay_arg;

/* The transaction of app_counter_pay (app_tx_run may run it twice). */
static int counter_pay_tx(app_ctx *ctx, void *arg, err_t *e)
{
    const counter_pay_arg *a = arg;
    const char *tap_no = a->tap_no, *note = a->note;
    int64_t bill_id = a->bill_id, yen = a->yen;
    app_counter_out *out = a->out;
    memset(out, 0, sizeof *out);
    int rc;
    if ((rc = app_form_claim_tx(ctx, e)) || app_form_replayed(ctx)) {
        out->replayed = rc == 0;
        out->payment_id = app_form_result_id(ctx, "payment");
        return rc;
    }
    tap_row *t = malloc(sizeof *t);
    rc = t ? tap_store_get_by_no(ctx->db, tap_no, t, e) : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    free(t);
    if (rc == ERR_NOTFOUND)
        rc = err_field(e, "tap", "水栓番号 %s は登録されていません。", tap_no);
    if (!rc && bill_id > 0) {
        bill_row b;
        rc = bill_store_get(ctx->db, bill_id, &b, e);
        if (rc == ERR_NOTFOUND)
            rc = err_field(e, "bill", "調定番号 %lld は見つかりません。", (long long)bill_id);
        else if (!rc) {
            if (strcmp(b.tap_no, tap_no) != 0)
                rc = err_field(e, "bill", "調定番号 %lld は水栓番号 %s の調定ではありません。", (long long)bill_id, tap_no);
            else if (strcmp(b.status, "current") != 0)
                rc = err_field(e, "bill", "調定番号 %lld は取り消されています。更正後の調定を選んでください。",
                               (long long)bill_id);
            bill_row_clear(&b);
        }
    }
    char today[11];
    date_format_iso(date_today_jst(), today);
    if (!rc)
        rc = next_receipt(ctx, today, out->receipt_no, e);
    app_pay_out po;
    memset(&po, 0, sizeof po);
    if (!rc) {
        app_pay_in in = {.channel = PAY_COUNTER, .bill_id = bill_id, .tap_no = tap_no, .amount = yen,
                         .paid_on = today, .posted_on = today, .ref = out->receipt_no, .exact = false,
                         .receipt_no = out->receipt_no, .note = note && *note ? note : NULL};
        rc = app_payment_post_tx(ctx, &in, &po, e);
    }
    if (!rc && (po.duplicate || po.suspense_id))
        rc = err_set(e, ERR_CONFLICT, NULL, "入金を計上できませんでした。もう一度操作してください。",
                     "counter payment %s: duplicate or suspense", out->receipt_no);
    if (!rc) {
        out->payment_id = po.payment_id;
        out->allocated = po.allocated;
        out->credited = po.credited;
        out->reopen_order = po.reopen_order;
        buf_t d;
        buf_init(&d, 0);
        jsonw w;
        jsonw_begin(&w, &d);
        jsonw_object(&w);
        jsonw_kv_string(&w, "receipt_no", out->receipt_no);
        jsonw_kv_string(&w, "tap", tap_no);
        jsonw_kv_int(&w, "bill", bill_id);
        jsonw_kv_int(&w, "amount", yen);
        jsonw_kv_int(&w, "allocated", po.allocated);
        jsonw_kv_int(&w, "credited", po.credited);
        if (po.reopen_order > 0)
            jsonw_kv_int(&w, "reopen_order", po.reopen_order);
        jsonw_end_object(&w);
        char obj[40];
        str_fmt(obj, sizeof obj, "payment:%lld", (long long)po.payment_id);
        rc = app_audit(ctx, "payment.counter", obj, buf_cstr(&d), e);
        buf_free(&d);
        if (!rc)
            rc = app_form_done_tx(ctx, obj, e);
    }
    return rc;
}

int app_counter_pay(app_ctx *ctx, const char *tap_no, int64_t bill_id, const char *amount, const char *note,
                    app_counter_out *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    if (!tap_no || !*tap_no)
        return err_field(e, "tap", "水栓番号を入力してください。");
    int64_t yen = 0;
    if (!parse_yen(amount, &yen))
        return err_field(e, "amount", "受領額は1円以上 99,999,999円以下の整数（円）で入力してください。");
    if (note && strlen(note) >= 160)
        return err_field(e, "note", "備考は50文字程度までで入力してください。");
    if ((rc = validate_visible(note, "note", "備考", e)))
        return rc;
    counter_pay_arg arg = {.tap_no = tap_no, .bill_id = bill_id, .yen = yen, .note = note, .out = out};
    rc = app_tx_run(ctx, counter_pay_tx, &arg, e);
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}

int app_receipt_get(app_ctx *ctx, int64_t payment_id, app_receipt *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    payment_row p;
    if ((rc = payment_store_get(ctx->db, payment_id, &p, e)))
        return rc;
    if (!p.receipt_no[0] || p.amount <= 0)
        return err_set(e, ERR_NOTFOUND, NULL, "この入金には領収書がありません（窓口の入金だけに発行します）。",
                       "payment %lld has no receipt", (long long)payment_id);
    str_copy(out->utility, sizeof out->utility, app_utility_name(ctx));
    str_copy(out->receipt_no, sizeof out->receipt_no, p.receipt_no);
    str_copy(out->paid_on, sizeof out->paid_on, p.paid_on);
    str_copy(out->posted_on, sizeof out->posted_on, p.posted_on);
    str_copy(out->channel, sizeof out->channel, p.channel);
    str_copy(out->tap_no, sizeof out->tap_no, p.tap_no);
    app_staff_display_name(ctx, p.created_by, out->clerk, sizeof out->clerk);   /* the 氏名, else the username */
    out->payment_id = p.id;
    out->amount = p.amount;
    out->reversed = p.reversed_by > 0;
    alloc_row *as = NULL;
    size_t n = 0;
    if ((rc = alloc_store_list_payment(ctx->db, p.id, &as, &n, e)))
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(as[i].kind, "payment") != 0 && strcmp(as[i].kind, "after_writeoff") != 0)
            continue;
        size_t k = 0;
        while (k < out->nlines && out->lines[k].bill_id != as[i].bill_id)
            k++;
        if (k == out->nlines) {
            if (k == APP_RECEIPT_LINES)
                k--;   /* more bills than lines: the last line takes the rest */
            else {
                out->nlines++;
                out->lines[k].bill_id = as[i].bill_id;
                bill_row b;
                if (!bill_store_get(ctx->db, as[i].bill_id, &b, NULL)) {
                    str_copy(out->lines[k].cycle, sizeof out->lines[k].cycle, b.cycle);
                    bill_row_clear(&b);
                }
            }
        }
        out->lines[k].amount += as[i].amount;
    }
    free(as);
    int64_t refunded = 0;
    if ((rc = credit_store_of_payment(ctx->db, p.id, &out->credited, &refunded, e)))
        return rc;
    if (p.tap_id > 0 && (rc = credit_store_balance(ctx->db, p.tap_id, &out->credit_balance, e)))
        return rc;
    customer_row *c = malloc(sizeof *c);
    if (c && p.customer_id > 0 && !customer_store_get(ctx->db, p.customer_id, c, NULL)) {
        char *name = crypto_open(ctx->env->keys, c->name_enc);
        str_copy(out->customer, sizeof out->customer, name ? name : "（復号できません）");
        free(name);
    }
    free(c);
    char obj[40];
    str_fmt(obj, sizeof obj, "payment:%lld", (long long)p.id);
    return app_audit_now(ctx, "receipt.view", obj, "{}", e);
}
