/* app_bill — bills: viewing, a tap's list, corrections (更正) and leak
 * reductions (漏水減免) through the second-person approval (see app.h). */
#include "app/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/collect/app_payment.h"
#include "app/billing/bill_engine.h"
#include "app/reading/reading_engine.h"
#include "app/app_approval.h"
#include "app/billing/app_bill.h"
#include "app/reading/app_reading.h"
#include "store/db.h"
#include "store/arrears/writeoff_store.h"
#include "base/date.h"
#include "base/jsonw.h"
#include "domain/bill_rules.h"
#include "domain/role.h"
#include "store/billing/bill_request_store.h"
#include "store/billing/bill_run_store.h"
#include "store/approval_store.h"
#include "store/billing/bill_store.h"
#include "store/registry/customer_store.h"
#include "store/registry/tap_store.h"
#include "store/reading/reading_store.h"
#include "app/registry/app_registry.h"
#include "store/billing/tariff_store.h"

static void to_app(const bill_row *b, app_bill *o)
{
    memset(o, 0, sizeof *o);
    o->id = b->id;
    o->reading_id = b->reading_id;
    o->replaces = b->replaces;
    o->customer_id = b->customer_id;
    str_copy(o->tap_no, sizeof o->tap_no, b->tap_no);
    str_copy(o->cycle, sizeof o->cycle, b->cycle);
    str_copy(o->kind, sizeof o->kind, b->kind);
    str_copy(o->status, sizeof o->status, b->status);
    str_copy(o->period_from, sizeof o->period_from, b->period_from);
    str_copy(o->period_to, sizeof o->period_to, b->period_to);
    str_copy(o->issued_on, sizeof o->issued_on, b->issued_on);
    str_copy(o->due_on, sizeof o->due_on, b->due_on);
    o->days = b->days;
    o->months = b->months;
    o->diameter = b->diameter;
    o->usage = b->usage;
    o->estimated = b->estimated;
    o->sewer_usage = b->sewer_usage;
    str_copy(o->use_code, sizeof o->use_code, b->use_code);
    str_copy(o->sewer_operator, sizeof o->sewer_operator, b->sewer_operator);
    str_copy(o->water_tariff, sizeof o->water_tariff, b->water_tariff);
    str_copy(o->sewer_tariff, sizeof o->sewer_tariff, b->sewer_tariff);
    o->water_yen = b->water_yen;
    o->sewer_yen = b->sewer_yen;
    o->adjust_yen = b->adjust_yen;
    o->tax_yen = b->tax_yen;
    o->total_yen = b->total_yen;
    o->paid_yen = b->paid_yen;
    o->balance_yen = bill_open_balance(b->status, b->total_yen, b->paid_yen);
    o->pending_yen = b->pending_yen;
    str_copy(o->collect, sizeof o->collect, b->collect);
    str_copy(o->reason, sizeof o->reason, b->reason);
    str_copy(o->created_by, sizeof o->created_by, b->created_by);
    o->created_at = b->created_at;
    o->cancelled_at = b->cancelled_at;
}

int app_bill_get(app_ctx *ctx, int64_t id, app_bill *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    bill_row b;
    if ((rc = bill_store_get(ctx->db, id, &b, e)))
        return rc;
    to_app(&b, out);
    out->lines = b.lines;
    b.lines = NULL;
    if (b.replaces) {
        bill_row old;
        if (!bill_store_get_head(ctx->db, b.replaces, &old, NULL))
            out->replaced_total = old.total_yen;
    }
    if (strcmp(b.status, "cancelled") == 0 && (rc = bill_store_replaced_by(ctx->db, id, &out->replaced_by, e))) {
        app_bill_free(out);
        bill_row_clear(&b);
        return rc;
    }
    const struct { const char *id; char *name; } T[] = {{out->water_tariff, out->water_tariff_name},
                                                        {out->sewer_tariff, out->sewer_tariff_name}};
    for (size_t i = 0; i < 2; i++) {
        tariff_row tr;
        memset(&tr, 0, sizeof tr);
        if (T[i].id[0] && !tariff_store_get(ctx->db, T[i].id, &tr, NULL))
            str_copy(T[i].name, sizeof out->water_tariff_name, tr.name);
        free(tr.body);
    }
    customer_row *c = malloc(sizeof *c);
    if (c && !customer_store_get(ctx->db, b.customer_id, c, NULL)) {
        char *name = crypto_open(ctx->env->keys, c->name_enc);
        str_copy(out->customer_name, sizeof out->customer_name, name ? name : "（復号できません）");
        free(name);
    }
    free(c);
    char obj[48];
    str_fmt(obj, sizeof obj, "bill:%lld", (long long)id);
    if ((rc = app_audit_now(ctx, "bill.view", obj, "{}", e)))
        app_bill_free(out);
    return rc;
}

void app_bill_free(app_bill *b)
{
    free(b->lines);
    b->lines = NULL;
}

int app_bill_list_tap(app_ctx *ctx, const char *tap_no, size_t limit, app_bill **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    tap_row *t = malloc(sizeof *t);
    if (!t)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    rc = tap_store_get_by_no(ctx->db, tap_no, t, e);
    bill_row *b = NULL;
    size_t k = 0;
    if (!rc)
        rc = bill_store_list_tap(ctx->db, t->id, limit, &b, &k, e);
    free(t);
    if (rc)
        return rc;
    *rows = calloc(k ? k : 1, sizeof **rows);
    if (!*rows) {
        bill_store_rows_free(b, k);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < k; i++)
        to_app(&b[i], &(*rows)[i]);
    *n = k;
    bill_store_rows_free(b, k);
    return 0;
}

void app_bill_list_free(app_bill *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++)
        free(rows[i].lines);
    free(rows);
}

/* The usage of the same cycle a year before (NOTFOUND when not billed). */
static int last_year_usage(app_ctx *ctx, const bill_row *b, int64_t *usage, err_t *e)
{
    int y = 0, m = 0;
    char cyc[8];
    if (sscanf(b->cycle, "%4d-%2d", &y, &m) != 2)
        return ERR_NOTFOUND;
    str_fmt(cyc, sizeof cyc, "%04d-%02d", (y - 1) % 10000, m % 100);
    bill_row *rows = NULL;
    size_t n = 0;
    int rc = bill_store_list_tap(ctx->db, b->tap_id, 40, &rows, &n, e);
    if (rc)
        return rc;
    rc = ERR_NOTFOUND;
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].status, "current") == 0 && strcmp(rows[i].cycle, cyc) == 0) {
            *usage = rows[i].usage;
            rc = 0;
            break;
        }
    bill_store_rows_free(rows, n);
    return rc;
}

/* The bill that replaces `old` under request q (its usage, or an approved
 * leak reduction among the facts), priced but not stored. */
static int price_correction(app_ctx *ctx, const bill_row *old, const bill_request *q, bill_row *nb, err_t *e)
{
    bill_engine g;
    bill_cand c;
    bill_engine_skip sk;
    bool skipped = false;
    memset(nb, 0, sizeof *nb);
    int rc = bill_engine_init(&g, ctx, e);
    if (rc)
        return rc;
    rc = bill_store_candidate(ctx->db, old->reading_id, &c, e);
    if (!rc) {
        c.customer_id = old->customer_id;
        bill_engine_assemble(&g, &c, q->usage >= 0 ? q->usage : old->usage, old->kind, nb, &sk, &skipped);
        if (skipped)
            rc = err_set(e, ERR_CONFLICT, NULL, sk.row.detail, "correction cannot be priced: %s", sk.row.reason);
    }
    bill_engine_free(&g);
    return rc;
}

int app_bill_quote_reading_tx(app_ctx *ctx, int64_t reading_id, int64_t *total, int64_t *prev_total, err_t *e)
{
    *total = *prev_total = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    bill_cand c;
    if ((rc = bill_store_candidate(ctx->db, reading_id, &c, e)))
        return rc;
    bill_engine g;
    if ((rc = bill_engine_init(&g, ctx, e)))
        return rc;
    bill_row nb;
    bill_engine_skip sk;
    bool skipped = false;
    memset(&nb, 0, sizeof nb);
    rc = bill_engine_assemble(&g, &c, -1, "regular", &nb, &sk, &skipped);
    if (!rc && skipped)
        rc = err_set(e, ERR_CONFLICT, NULL, sk.row.detail, "reading %lld cannot be priced: %s", (long long)reading_id,
                     sk.row.reason);
    if (!rc)
        *total = nb.total_yen;
    bill_row_clear(&nb);
    bill_engine_free(&g);
    bill_row *prev = NULL;
    size_t n = 0;
    if (!rc && !(rc = bill_store_list_tap(ctx->db, c.tap_id, 4, &prev, &n, e))) {
        for (size_t i = 0; i < n; i++)
            if (strcmp(prev[i].status, "current") == 0) {
                *prev_total = prev[i].total_yen;
                break;
            }
        bill_store_rows_free(prev, n);
    }
    return rc;
}

/* 不納欠損: a bill written off (or proposed for it) is not corrected; its
 * replacement would be a new open bill. */
static int not_written_off(app_ctx *ctx, int64_t bill_id, err_t *e)
{
    wo_bill wb;
    int64_t pending = 0;
    int rc = wo_store_bill(ctx->db, bill_id, &wb, e);
    if (!rc)
        rc = wo_store_pending_of_bill(ctx->db, bill_id, &pending, e);
    if (!rc && (wb.writeoff_id || pending))
        rc = err_set(e, ERR_CONFLICT, NULL,
                     wb.writeoff_id ? "不納欠損済みの調定は更正・減免できません。"
                                    : "不納欠損の起案が承認待ちの調定は更正・減免できません（先に起案を却下してください）。",
                     "bill %lld written off or pending", (long long)bill_id);
    return rc;
}

static int request(app_ctx *ctx, const char *kind, int64_t bill_id, int64_t usage, int64_t leak_m3,
                   const char *reason, int64_t *approval_id, err_t *e)
{
    *approval_id = 0;
    int rc = app_require(ctx, PERM_BILL_CORRECT, e);
    if (rc)
        return rc;
    if (usage > 9999999)
        return err_field(e, "usage", "使用水量は 0〜9,999,999 m³ で入力してください。");
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    bill_row b;
    memset(&b, 0, sizeof b);
    rc = bill_store_get(ctx->db, bill_id, &b, e);
    if (!rc && strcmp(b.status, "current") != 0)
        rc = err_set(e, ERR_CONFLICT, NULL, "取り消し済みの調定は更正できません。最新の調定から申請してください。",
                     "bill %lld cancelled", (long long)bill_id);
    if (!rc)
        rc = not_written_off(ctx, bill_id, e);
    if (!rc && strcmp(kind, "leak") == 0 && leak_m3 == 0) {
        int64_t ly = 0;
        int r2 = last_year_usage(ctx, &b, &ly, e);
        if (r2 == ERR_NOTFOUND)
            rc = err_field(e, "leak_m3", "前年同期の調定がないため、減免水量を入力してください。");
        else if (r2)
            rc = r2;
        else if (b.usage <= ly)
            rc = err_field(e, "leak_m3", "使用水量が前年同期（%lld m³）を超えていないため、減免の対象になりません。",
                           (long long)ly);
        else
            leak_m3 = (b.usage - ly) / 2;
    }
    if (!rc && strcmp(kind, "leak") == 0 && (leak_m3 <= 0 || leak_m3 > b.usage))
        rc = err_field(e, "leak_m3", "減免水量は 1 m³ 以上、使用水量以下で入力してください。");
    char object[40], summary[256];
    str_fmt(object, sizeof object, "bill:%lld", (long long)bill_id);
    if (strcmp(kind, "leak") == 0)
        str_fmt(summary, sizeof summary, "水栓 %s %s 調定の漏水減免 %lld m³（使用水量 %lld m³）", b.tap_no, b.cycle,
                (long long)leak_m3, (long long)b.usage);
    else if (usage >= 0)
        str_fmt(summary, sizeof summary, "水栓 %s %s 調定の更正: 使用水量 %lld → %lld m³", b.tap_no, b.cycle,
                (long long)b.usage, (long long)usage);
    else
        str_fmt(summary, sizeof summary, "水栓 %s %s 調定の更正（現在の用途・口径・下水道区分で再計算）", b.tap_no,
                b.cycle);
    if (!rc)
        rc = app_approval_request_tx(ctx, strcmp(kind, "leak") == 0 ? "bill.leak" : "bill.correct", object, summary,
                                     reason, approval_id, e);
    if (!rc) {
        bill_request q;
        memset(&q, 0, sizeof q);
        str_copy(q.kind, sizeof q.kind, kind);
        q.bill_id = bill_id;
        q.reading_id = b.reading_id;
        q.usage = strcmp(kind, "correct") == 0 ? usage : -1;
        q.leak_m3 = strcmp(kind, "leak") == 0 ? leak_m3 : 0;
        str_copy(q.reason, sizeof q.reason, reason);
        q.approval_id = *approval_id;
        str_copy(q.requested_by, sizeof q.requested_by, ctx->actor.username);
        q.requested_at = date_now_unix();
        rc = bill_request_insert(ctx->db, &q, &q.id, e);
        /* What the approver will decide on: the new total and the difference, priced now as the
         * approval will price it (an approved leak reduction counts in the facts, so the request
         * is approved for the pricing and set back to pending, inside this transaction). */
        bill_row nb;
        if (!rc && !(rc = bill_request_decide(ctx->db, q.id, "approved", 0, e))) {
            rc = price_correction(ctx, &b, &q, &nb, e);
            int r2 = bill_request_decide(ctx->db, q.id, "pending", 0, e);
            rc = rc ? rc : r2;
        }
        if (!rc) {
            char t0[32], t1[32], dd[32], more[96];
            str_thousands(b.total_yen, t0);
            str_thousands(nb.total_yen, t1);
            int64_t diff = nb.total_yen - b.total_yen;
            str_thousands(diff < 0 ? -diff : diff, dd);
            str_fmt(more, sizeof more, "、請求額 ¥%s → ¥%s（差額 %s¥%s）", t0, t1, diff < 0 ? "−" : "+", dd);
            size_t sl = strlen(summary);
            str_copy(summary + sl, sizeof summary - sl, more);
            rc = approval_store_set_summary(ctx->db, *approval_id, summary, e);
            bill_row_clear(&nb);
        }
    }
    bill_row_clear(&b);
    return app_tx_end(ctx, rc, e);
}

int app_bill_request_correction(app_ctx *ctx, int64_t bill_id, int64_t usage, const char *reason,
                                int64_t *approval_id, err_t *e)
{
    return request(ctx, "correct", bill_id, usage, 0, reason, approval_id, e);
}

int app_bill_request_leak(app_ctx *ctx, int64_t bill_id, int64_t leak_m3, const char *reason, int64_t *approval_id,
                          err_t *e)
{
    if (leak_m3 < 0)
        return err_field(e, "leak_m3", "減免水量は 0 以上で入力してください（0 は前年同期超過分の2分の1）。");
    return request(ctx, "leak", bill_id, leak_m3, leak_m3, reason, approval_id, e);
}

/* Inside the approval's transaction: cancel the bill and issue its
 * replacement, carrying over what was paid: up to the new total (the
 * difference is the balance for collections); what was paid beyond it
 * becomes credit (過誤納) in the same transaction. */
static int apply_request(app_ctx *ctx, int64_t approval_id, const char *object, err_t *e)
{
    (void)object;
    bill_request q;
    int rc = bill_request_by_approval(ctx->db, approval_id, &q, e);
    if (rc)
        return rc;
    bill_row old;
    memset(&old, 0, sizeof old);
    if ((rc = bill_store_get(ctx->db, q.bill_id, &old, e)))
        return rc;
    if (strcmp(old.status, "current") != 0) {
        bill_row_clear(&old);
        return err_set(e, ERR_CONFLICT, NULL, "この調定は既に取り消されています（別の更正が先に承認されました）。",
                       "bill %lld not current", (long long)old.id);
    }
    if ((rc = not_written_off(ctx, old.id, e))) {
        bill_row_clear(&old);
        return rc;
    }
    /* Approve first, so that an approved leak reduction counts in the facts. */
    if ((rc = bill_request_decide(ctx->db, q.id, "approved", 0, e))) {
        bill_row_clear(&old);
        return rc;
    }
    bill_row nb;
    rc = price_correction(ctx, &old, &q, &nb, e);
    if (!rc) {
        nb.replaces = old.id;
        /* paid beyond the corrected total is the customer's credit, never a negative balance */
        nb.paid_yen = old.paid_yen < nb.total_yen ? old.paid_yen : nb.total_yen;
        str_copy(nb.reason, sizeof nb.reason, q.reason);
        civil_date today = date_today_jst();
        date_format_iso(today, nb.issued_on);
        civil_date due = bill_due_on(date_to_days(today), ctx->env->billing.due_days);
        date_format_iso(due, nb.due_on);
        rc = bill_store_cancel(ctx->db, old.id, date_now_unix(), e);
    }
    if (!rc)
        rc = bill_store_insert(ctx->db, &nb, &nb.id, e);
    if (!rc && old.paid_yen > nb.paid_yen)
        rc = app_credit_from_correction_tx(ctx, old.id, nb.id, old.paid_yen - nb.paid_yen, e);
    if (!rc)
        rc = bill_request_decide(ctx->db, q.id, "approved", nb.id, e);
    if (!rc) {
        buf_t d;
        buf_init(&d, 0);
        jsonw w;
        jsonw_begin(&w, &d);
        jsonw_object(&w);
        jsonw_kv_string(&w, "kind", q.kind);
        jsonw_kv_int(&w, "old_bill", old.id);
        jsonw_kv_int(&w, "new_bill", nb.id);
        jsonw_kv_int(&w, "old_total", old.total_yen);
        jsonw_kv_int(&w, "new_total", nb.total_yen);
        jsonw_kv_int(&w, "paid", old.paid_yen);
        jsonw_kv_int(&w, "credited", old.paid_yen - nb.paid_yen);
        jsonw_end_object(&w);
        char obj[40];
        str_fmt(obj, sizeof obj, "bill:%lld", (long long)old.id);
        rc = app_audit(ctx, "bill.correct", obj, buf_cstr(&d), e);
        buf_free(&d);
    }
    bill_row_clear(&old);
    bill_row_clear(&nb);
    return rc;
}

static int reject_request(app_ctx *ctx, int64_t approval_id, const char *object, err_t *e)
{
    (void)object;
    bill_request q;
    int rc = bill_request_by_approval(ctx->db, approval_id, &q, e);
    return rc ? rc : bill_request_decide(ctx->db, q.id, "rejected", 0, e);
}

/* bill.correct / bill.leak: the particulars are in bill_requests. */
const app_approval_kind APP_BILL_APPROVAL_KINDS[] = {
    {"bill.correct", "調定の更正", PERM_BILL_CORRECT, apply_request, reject_request},
    {"bill.leak", "漏水減免", PERM_BILL_CORRECT, apply_request, reject_request},
    {NULL, NULL, 0, NULL, NULL},
};

int app_bill_skips(app_ctx *ctx, const char *cycle, size_t limit, app_bill_skip **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    bill_skip *k = NULL;
    size_t m = 0;
    if ((rc = bill_store_skips(ctx->db, cycle, limit, &k, &m, e)))
        return rc;
    *rows = calloc(m ? m : 1, sizeof **rows);
    if (!*rows) {
        free(k);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < m; i++) {
        str_copy((*rows)[i].tap_no, sizeof (*rows)[i].tap_no, k[i].tap_no);
        str_copy((*rows)[i].reason, sizeof (*rows)[i].reason, k[i].reason);
        str_copy((*rows)[i].detail, sizeof (*rows)[i].detail, k[i].detail);
    }
    *n = m;
    free(k);
    return 0;
}

int app_bill_period_confirm(app_ctx *ctx, const char *tap_no, const char *cycle, int64_t *days, err_t *e)
{
    if (days)
        *days = 0;
    int rc = app_require(ctx, PERM_APPROVE, e);
    if (rc)
        return rc;
    int y, m;
    if ((rc = app_cycle_field(cycle, &y, &m, e)))
        return rc;
    if (!tap_no || !*tap_no)
        return err_field(e, "tap", "水栓番号を入力してください。");
    tap_row *t = malloc(sizeof *t);
    reading_row *rd = calloc(24, sizeof *rd);
    if (!t || !rd) {
        free(t);
        free(rd);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    bill_skip k;
    size_t nr = 0;
    const reading_row *r = NULL;
    if ((rc = db_begin(ctx->db, e)))
        goto out;
    rc = app_registry_find_tap(ctx, tap_no, "tap", t, e);
    if (!rc) {
        rc = bill_store_skip_get(ctx->db, cycle, t->id, &k, e);
        if (rc == ERR_NOTFOUND || (!rc && bill_skip_parse(k.reason) != BILL_SKIP_LONG_PERIOD)) {
            err_clear(e);
            rc = err_set(e, ERR_CONFLICT, "tap", "この水栓はこの周期で使用期間の確認待ちになっていません。",
                         "tap %s is not skipped as long_period in %s", tap_no, cycle);
        }
    }
    if (!rc)
        rc = reading_store_recent(ctx->db, t->id, rd, 24, &nr, e);
    for (size_t i = 0; !rc && !r && i < nr; i++)
        if (strcmp(rd[i].cycle, cycle) == 0 && strcmp(rd[i].status, "accepted") == 0 &&
            (strcmp(rd[i].kind, "actual") == 0 || strcmp(rd[i].kind, "estimated") == 0))
            r = &rd[i];
    if (!rc && !r)
        rc = err_set(e, ERR_CONFLICT, "tap", "この周期の確定した検針がありません。", "no accepted reading of tap %s in %s",
                     tap_no, cycle);
    if (!rc) {
        bill_period_confirm pc;
        memset(&pc, 0, sizeof pc);
        str_copy(pc.cycle, sizeof pc.cycle, cycle);
        pc.tap_id = t->id;
        pc.reading_id = r->id;
        pc.days = r->days;
        str_copy(pc.confirmed_by, sizeof pc.confirmed_by, ctx->actor.username[0] ? ctx->actor.username : "operator");
        pc.confirmed_at = date_now_unix();
        rc = bill_store_period_confirm(ctx->db, &pc, e);
        if (!rc && days)
            *days = r->days;
    }
    if (!rc) {
        char obj[40];
        str_fmt(obj, sizeof obj, "tap:%s", tap_no);
        app_audit_detail det;
        app_audit_detail_begin(&det);
        jsonw_kv_string(&det.w, "cycle", cycle);
        jsonw_kv_int(&det.w, "reading", r->id);
        jsonw_kv_string(&det.w, "read_on", r->read_on);
        jsonw_kv_int(&det.w, "days", r->days);
        jsonw_kv_string(&det.w, "skip_detail", k.detail);
        rc = app_audit_json(ctx, "bill.period_confirm", obj, &det, e);
    }
    rc = app_tx_end(ctx, rc, e);
out:
    free(t);
    free(rd);
    return rc;
}

int app_bill_final_tx(app_ctx *ctx, const char *tap_no, const char *stop_on, const char *value, const char *meter_no,
                      app_final_result *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = 0;
    civil_date d;
    if (!stop_on || !date_parse(stop_on, &d))
        return err_field(e, "stop_on", "中止日は YYYY-MM-DD の形式で入力してください。");
    reading_engine g;
    if ((rc = reading_engine_init(&g, ctx, e)))
        return rc;
    g.stop = true;
    app_reading_in in = {.tap_no = tap_no, .meter_no = meter_no, .read_on = stop_on, .value = value, .source = "stop"};
    rc = reading_engine_record(&g, &in, &out->reading, e);
    reading_engine_free(&g);
    if (rc || out->reading.status == READING_REFUSED)
        return rc;
    char obj[40];
    str_fmt(obj, sizeof obj, "tap:%s", tap_no);
    if (!out->reading.duplicate)
        rc = app_audit(ctx, "reading.record", obj, "{\"source\":\"stop\"}", e);
    if (rc || out->reading.status == READING_HELD)
        return rc;   /* the bill waits for the reading's confirmation */
    return app_bill_final_for_reading_tx(ctx, tap_no, stop_on, out->reading.reading_id, &out->bill_id,
                                         &out->total_yen, e);
}

int app_bill_final_for_reading_tx(app_ctx *ctx, const char *tap_no, const char *stop_on, int64_t reading_id,
                                  int64_t *bill_id, int64_t *total_yen, err_t *e)
{
    *bill_id = *total_yen = 0;
    int rc = 0;
    char obj[40];
    str_fmt(obj, sizeof obj, "tap:%s", tap_no);
    /* Close the occupancy in force on the stop date. */
    tap_row t;
    occupancy_row occ;
    if (!(rc = tap_store_get_by_no(ctx->db, tap_no, &t, e))) {
        int r2 = occupancy_store_current(ctx->db, t.id, &occ, e);
        if (r2 == 0 && strcmp(occ.start_on, stop_on) <= 0)
            rc = occupancy_store_close(ctx->db, occ.id, stop_on, e);
        else if (r2 && r2 != ERR_NOTFOUND)
            rc = r2;
        else
            err_clear(e);
    }
    bill_row existing;
    memset(&existing, 0, sizeof existing);
    int have = rc ? 0 : bill_store_current_for_reading(ctx->db, reading_id, &existing, e);
    if (!rc && have == 0) {
        *bill_id = existing.id;                /* billed before: answer it */
        *total_yen = existing.total_yen;
        bill_row_clear(&existing);
        return 0;
    }
    if (!rc && have != ERR_NOTFOUND)
        rc = have;
    err_clear(e);
    bill_engine be;
    bill_cand c;
    bill_row b;
    bill_engine_skip sk;
    bool skipped = false;
    memset(&b, 0, sizeof b);
    if (!rc && !(rc = bill_engine_init(&be, ctx, e))) {
        if (!(rc = bill_store_candidate(ctx->db, reading_id, &c, e))) {
            bill_engine_assemble(&be, &c, -1, "final", &b, &sk, &skipped);
            if (skipped)
                rc = err_set(e, ERR_CONFLICT, NULL, sk.row.detail, "final bill not priced: %s", sk.row.reason);
        }
        bill_engine_free(&be);
    }
    if (!rc)
        rc = bill_store_insert(ctx->db, &b, bill_id, e);
    if (!rc) {
        *total_yen = b.total_yen;
        app_audit_detail d2;
        app_audit_detail_begin(&d2);
        jsonw_kv_int(&d2.w, "bill", *bill_id);
        jsonw_kv_string(&d2.w, "stop_on", stop_on);
        jsonw_kv_int(&d2.w, "usage", b.usage);
        jsonw_kv_int(&d2.w, "total", b.total_yen);
        rc = app_audit_json(ctx, "bill.final", obj, &d2, e);
    }
    bill_row_clear(&b);
    return rc;
}

int app_bill_final(app_ctx *ctx, const char *tap_no, const char *stop_on, const char *value, const char *meter_no,
                   app_final_result *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    if (rc || (rc = db_begin(ctx->db, e)))
        return rc;
    rc = app_bill_final_tx(ctx, tap_no, stop_on, value, meter_no, out, e);
    if (!rc && out->reading.status == READING_REFUSED) {
        db_rollback(ctx->db);   /* a refused reading stores nothing */
        return 0;
    }
    return app_tx_end(ctx, rc, e);
}
