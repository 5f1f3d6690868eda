/* app_payment — posting money received, allocation, reversal, flash
 * reports, result-file bookkeeping and suspense (see app_payment.h). */
#include "app/collect/app_payment.h"
#include "app/collect/payment_alloc.h"
#include "app/arrears/app_late_charge.h"
#include "app/arrears/app_reopen.h"
#include "app/arrears/app_writeoff.h"
#include "app/works/app_works_receipt.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/jsonw.h"
#include "domain/alloc.h"
#include "domain/bill_rules.h"
#include "domain/role.h"
#include "domain/slipcode.h"
#include "store/billing/bill_store.h"
#include "store/registry/customer_store.h"
#include "store/collect/alloc_store.h"
#include "store/collect/credit_store.h"
#include "store/collect/flash_store.h"
#include "store/collect/import_file_store.h"
#include "store/collect/payment_store.h"
#include "store/collect/suspense_store.h"
#include "store/arrears/writeoff_store.h"
#include "store/registry/tap_store.h"
#include "domain/validate.h"

static const struct { const char *code, *label; } CHANNELS[] = {
    {PAY_DEBIT, "口座振替"}, {PAY_CVS, "コンビニ"},      {PAY_APP, "スマホ決済"},
    {PAY_CARD, "クレジットカード"}, {PAY_COUNTER, "窓口"}, {PAY_BANK, "金融機関"},
};

const char *const APP_PAYMENT_CHANNELS[] = {PAY_DEBIT, PAY_CVS, PAY_APP, PAY_CARD, PAY_COUNTER, PAY_BANK, NULL};

const char *app_payment_channel_label(const char *channel)
{
    for (size_t i = 0; i < sizeof CHANNELS / sizeof CHANNELS[0]; i++)
        if (channel && strcmp(CHANNELS[i].code, channel) == 0)
            return CHANNELS[i].label;
    return channel ? channel : "";
}

static bool channel_known(const char *channel)
{
    for (size_t i = 0; i < sizeof CHANNELS / sizeof CHANNELS[0]; i++)
        if (channel && strcmp(CHANNELS[i].code, channel) == 0)
            return true;
    return false;
}

static const struct { const char *code, *label; } REASONS[] = {
    {"amount", "金額が調定の未納額と一致しない"},
    {"no_bill", "該当する調定がない"},
    {"cancelled", "取り消された調定への入金"},
    {"unmatched", "照合できない入金"},
};

const char *app_suspense_label(const char *reason)
{
    for (size_t i = 0; i < sizeof REASONS / sizeof REASONS[0]; i++)
        if (reason && strcmp(REASONS[i].code, reason) == 0)
            return REASONS[i].label;
    return reason ? reason : "";
}

static void today_iso(char out[11])
{
    date_format_iso(date_today_jst(), out);
}

static int date_field(const char *v, const char *field, const char *label, err_t *e)
{
    civil_date d;
    if (!v || !date_parse(v, &d))
        return err_field(e, field, "%sは YYYY-MM-DD の日付で入力してください。", label);
    return 0;
}

/* The paid date is a date and not after today (JST). */
static int paid_on_field(const char *v, err_t *e)
{
    int rc = date_field(v, "paid_on", "収納日", e);
    civil_date d, today = date_today_jst();
    if (rc || (date_parse(v, &d) && alloc_money_date_ok(d, today)))
        return rc;
    char t[11];
    date_format_iso(today, t);
    return err_field(e, "paid_on", "収納日 %s は本日（%s）より後の日付です。未来の日付の入金は計上できません。", v, t);
}

/* What is owed on each part of a bill (water, sewer, tax), given what has
 * been allocated to it.  An amount carried over from a corrected bill (paid
 * without allocations on this bill) counts as paid in proportion. */
static int bill_paid_parts(app_ctx *ctx, const bill_row *b, alloc_parts *whole, alloc_parts *paid, err_t *e)
{
    alloc_bill_parts(b->water_yen, b->sewer_yen, b->adjust_yen, b->tax_yen, whole);
    int64_t amount = 0, w = 0, s = 0, t = 0;
    int rc = 0;
    /* nothing paid: nothing allocated (a reversal nets its payment's parts to 0) */
    if (b->paid_yen != 0 && (rc = alloc_store_sums_bill(ctx->db, b->id, &amount, &w, &s, &t, e)))
        return rc;
    *paid = (alloc_parts){w, s, t};
    int64_t carried = b->paid_yen - amount;
    if (carried > 0 && carried <= alloc_parts_sum(whole) - alloc_parts_sum(paid)) {
        alloc_parts more;
        if (alloc_split(whole, paid, carried, &more) == 0) {
            paid->water += more.water;
            paid->sewer += more.sewer;
            paid->tax += more.tax;
        }
    }
    return 0;
}

int payment_allocate(app_ctx *ctx, int64_t pid, const bill_row *b, int64_t amount, const char *kind,
                    const char *posted_on, err_t *e)
{
    alloc_parts whole, paid, part;
    int rc = bill_paid_parts(ctx, b, &whole, &paid, e);
    if (!rc && strcmp(kind, "payment") == 0)
        rc = app_writeoff_alloc_kind(ctx, b->id, &kind, e);   /* a written-off bill: 不納欠損後の収入 */
    if (rc)
        return rc;
    if (alloc_split(&whole, &paid, amount, &part) != 0) {
        /* nothing left to split by (a bill of 0 parts): all to water */
        part = (alloc_parts){amount, 0, 0};
    }
    alloc_row a = {.payment_id = pid, .bill_id = b->id, .amount = amount, .water_yen = part.water,
                   .sewer_yen = part.sewer, .tax_yen = part.tax, .created_at = date_now_unix()};
    str_copy(a.kind, sizeof a.kind, kind);
    str_copy(a.posted_on, sizeof a.posted_on, posted_on);
    str_copy(a.created_by, sizeof a.created_by, ctx->actor.username);
    if ((rc = alloc_store_insert(ctx->db, &a, e)))
        return rc;
    return bill_store_add_paid(ctx->db, b->id, amount, e);
}

static int add_credit(app_ctx *ctx, int64_t customer_id, int64_t tap_id, int64_t pid, const char *kind,
                      int64_t amount, int64_t bill_id, int64_t approval_id, const char *posted_on, const char *note,
                      err_t *e)
{
    credit_row r = {.customer_id = customer_id, .tap_id = tap_id, .payment_id = pid, .amount = amount,
                    .bill_id = bill_id, .approval_id = approval_id, .created_at = date_now_unix()};
    str_copy(r.kind, sizeof r.kind, kind);
    str_copy(r.posted_on, sizeof r.posted_on, posted_on);
    str_copy(r.note, sizeof r.note, note ? note : "");
    str_copy(r.created_by, sizeof r.created_by, ctx->actor.username);
    return credit_store_insert(ctx->db, &r, e);
}

/* The customer a tap's money belongs to: its current occupant, else the
 * customer of its newest bill (0: none). */
static int tap_customer(app_ctx *ctx, int64_t tap_id, int64_t *customer_id, err_t *e)
{
    *customer_id = 0;
    occupancy_row o;
    memset(&o, 0, sizeof o);
    int rc = occupancy_store_current(ctx->db, tap_id, &o, e);
    if (!rc) {
        *customer_id = o.customer_id;
        return 0;
    }
    if (rc != ERR_NOTFOUND)
        return rc;
    bill_row *rows = NULL;
    size_t n = 0;
    if ((rc = bill_store_list_tap(ctx->db, tap_id, 1, &rows, &n, e)))
        return rc;
    if (n > 0)
        *customer_id = rows[0].customer_id;
    bill_store_rows_free(rows, n);
    return 0;
}

/* Spread amount of payment pid over the tap's open bills (first the bill
 * named, when given), oldest due first; what is left is credit. */
int app_payment_spread_tx(app_ctx *ctx, int64_t pid, int64_t tap_id, int64_t customer_id, int64_t first_bill,
                          int64_t amount, const char *posted_on, app_pay_out *out, err_t *e)
{
    int rc = 0;
    char today[11];
    if (!posted_on) {
        today_iso(today);
        posted_on = today;
    }
    int64_t left = amount;
    if (first_bill > 0) {
        bill_row b;
        if ((rc = bill_store_get_head(ctx->db, first_bill, &b, e)))
            return rc;
        int64_t bal = bill_open_balance(b.status, b.total_yen, b.paid_yen);
        int64_t take = bal < left ? bal : left;
        if (take > 0) {
            rc = payment_allocate(ctx, pid, &b, take, "payment", posted_on, e);
            left -= take;
            out->allocated += take;
        }
        bill_row_clear(&b);
        if (rc)
            return rc;
    }
    if (left > 0 && tap_id > 0) {
        bill_row *rows = NULL;
        size_t n = 0;
        if ((rc = bill_store_open_tap(ctx->db, tap_id, &rows, &n, e)))
            return rc;
        int64_t *bal = calloc(n ? n : 1, sizeof *bal), *take = calloc(n ? n : 1, sizeof *take);
        if (!bal || !take)
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        for (size_t i = 0; !rc && i < n; i++)
            bal[i] = rows[i].customer_id == customer_id || customer_id == 0 ? bill_balance(rows[i].total_yen, rows[i].paid_yen) : 0;
        if (!rc)
            left = alloc_plan(bal, n, left, take);
        for (size_t i = 0; !rc && i < n; i++)
            if (take[i] > 0) {
                rc = payment_allocate(ctx, pid, &rows[i], take[i], "payment", posted_on, e);
                out->allocated += take[i];
            }
        free(bal);
        free(take);
        bill_store_rows_free(rows, n);
        if (rc)
            return rc;
    }
    if (left > 0) {
        if (customer_id == 0)
            return err_set(e, ERR_CONFLICT, NULL, "お客様の分からない過誤納は預かれません。未消込として処理してください。",
                           "credit without a customer");
        if ((rc = add_credit(ctx, customer_id, tap_id, pid, "over", left, 0, 0, posted_on, NULL, e)))
            return rc;
        out->credited = left;
    }
    return 0;
}

/* Insert the payment; a (channel, ref) seen before is answered as a
 * duplicate (out->duplicate, the existing id) and nothing is written: the
 * caller stops there. */
static int insert_payment(app_ctx *ctx, const payment_row *p, app_pay_out *out, err_t *e)
{
    int rc = payment_store_insert(ctx->db, p, &out->payment_id, e);
    if (!rc && out->payment_id == 0) {
        out->duplicate = true;
        rc = payment_store_exists(ctx->db, p->channel, p->ref, &out->payment_id, e);
    }
    return rc;
}

int payment_insert(app_ctx *ctx, const payment_row *p, app_pay_out *out, err_t *e)
{
    return insert_payment(ctx, p, out, e);
}

static int to_suspense(app_ctx *ctx, payment_row *p, const char *reason, const char *detail, app_pay_out *out,
                       err_t *e)
{
    str_copy(p->status, sizeof p->status, "suspense");
    int rc = insert_payment(ctx, p, out, e);
    if (rc || out->duplicate)
        return rc;
    rc = suspense_store_insert(ctx->db, out->payment_id, reason, detail, &out->suspense_id, e);
    str_copy(out->reason, sizeof out->reason, reason);
    return rc;
}

static int post_one_tx(app_ctx *ctx, const app_pay_in *in, app_pay_out *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    if (!channel_known(in->channel))
        return err_field(e, "channel", "収納経路「%s」は使えません。", in->channel ? in->channel : "");
    if (in->amount <= 0 || in->amount > 99999999999LL)
        return err_field(e, "amount", "金額は1円以上で入力してください。");
    int rc = paid_on_field(in->paid_on, e);
    if (rc)
        return rc;
    char posted[11];
    if (in->posted_on && *in->posted_on) {
        if ((rc = date_field(in->posted_on, "posted_on", "計上日", e)))
            return rc;
        str_copy(posted, sizeof posted, in->posted_on);
    } else {
        today_iso(posted);
    }
    if (!in->ref || !*in->ref || strlen(in->ref) >= 96)
        return err_field(e, "ref", "入金の識別番号がありません。");
    payment_row p;
    memset(&p, 0, sizeof p);
    str_copy(p.channel, sizeof p.channel, in->channel);
    str_copy(p.status, sizeof p.status, "posted");
    p.amount = in->amount;
    str_copy(p.paid_on, sizeof p.paid_on, in->paid_on);
    str_copy(p.posted_on, sizeof p.posted_on, posted);
    str_copy(p.ref, sizeof p.ref, in->ref);
    p.file_id = in->file_id;
    p.line = in->line;
    str_copy(p.receipt_no, sizeof p.receipt_no, in->receipt_no ? in->receipt_no : "");
    str_copy(p.note, sizeof p.note, in->note ? in->note : "");
    str_copy(p.created_by, sizeof p.created_by, ctx->actor.username);
    p.created_at = date_now_unix();

    bill_row b;
    memset(&b, 0, sizeof b);
    bool have_bill = false;
    if (in->bill_id > 0) {
        rc = bill_store_get_head(ctx->db, in->bill_id, &b, e);
        if (rc && rc != ERR_NOTFOUND)
            return rc;
        if (rc == ERR_NOTFOUND) {
            err_clear(e);
            char d[96];
            str_fmt(d, sizeof d, "調定番号 %lld は見つかりません。", (long long)in->bill_id);
            return to_suspense(ctx, &p, "no_bill", d, out, e);
        }
        have_bill = true;
        p.tap_id = b.tap_id;
        p.customer_id = b.customer_id;
        p.bill_id = b.id;
    } else {
        if ((!in->tap_no || !*in->tap_no) && in->suspense_reason && *in->suspense_reason)
            return to_suspense(ctx, &p, in->suspense_reason, in->note ? in->note : "", out, e);   /* no tap: a works slip's */
        if (!in->tap_no || !*in->tap_no)
            return err_field(e, "tap", "水栓番号または調定番号を指定してください。");
        tap_row *t = malloc(sizeof *t);
        if (!t)
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        rc = tap_store_get_by_no(ctx->db, in->tap_no, t, e);
        if (!rc)
            p.tap_id = t->id;
        free(t);
        if (rc == ERR_NOTFOUND)
            return err_field(e, "tap", "水栓番号 %s は登録されていません。", in->tap_no);
        if (rc)
            return rc;
        if ((rc = tap_customer(ctx, p.tap_id, &p.customer_id, e)))
            return rc;
    }
    if (in->suspense_reason && *in->suspense_reason) {
        rc = to_suspense(ctx, &p, in->suspense_reason, in->note ? in->note : "", out, e);
        bill_row_clear(&b);
        return rc;
    }
    if (have_bill && in->exact) {
        int64_t balance = bill_balance(b.total_yen, b.paid_yen);
        char d[200];
        if (strcmp(b.status, "current") != 0) {
            str_fmt(d, sizeof d, "調定番号 %lld は取り消されています（更正後の調定で照合してください）。", (long long)b.id);
            rc = to_suspense(ctx, &p, "cancelled", d, out, e);
        } else if (balance == 0) {
            /* paid already (twice by two channels): the money is the customer's credit */
            str_copy(p.note, sizeof p.note, "二重納付（過誤納）");
            if (!(rc = insert_payment(ctx, &p, out, e)) && !out->duplicate)
                rc = add_credit(ctx, p.customer_id, p.tap_id, out->payment_id, "over", p.amount, b.id, 0, posted,
                                "二重納付", e);
            out->credited = rc || out->duplicate ? 0 : p.amount;
        } else if (balance != in->amount) {
            str_fmt(d, sizeof d, "入金額 %lld 円が調定番号 %lld の未納額 %lld 円と一致しません。", (long long)in->amount,
                    (long long)b.id, (long long)balance);
            rc = to_suspense(ctx, &p, "amount", d, out, e);
        } else {
            if (!(rc = insert_payment(ctx, &p, out, e)) && !out->duplicate)
                rc = payment_allocate(ctx, out->payment_id, &b, in->amount, "payment", posted, e);
            out->allocated = rc || out->duplicate ? 0 : in->amount;
            if (!rc && out->allocated > 0)
                rc = app_late_charge_on_payment_tx(ctx, out->payment_id, e);   /* 延滞金・督促手数料 */
        }
        bill_row_clear(&b);
        return rc;
    }
    if (have_bill && strcmp(b.status, "current") != 0) {
        /* a cancelled bill: the money goes to the bill that replaced it */
        int64_t next = 0;
        rc = bill_store_replacement(ctx->db, b.id, &next, e);
        if (!rc && next > 0)
            p.bill_id = next;
    }
    bill_row_clear(&b);
    if (!rc)
        rc = insert_payment(ctx, &p, out, e);
    if (!rc && !out->duplicate)
        rc = app_payment_spread_tx(ctx, out->payment_id, p.tap_id, p.customer_id, p.bill_id, p.amount, posted, out, e);
    if (!rc && !out->duplicate && out->allocated > 0)
        rc = app_late_charge_on_payment_tx(ctx, out->payment_id, e);   /* 延滞金・督促手数料 */
    return rc;
}

int app_payment_post_tx(app_ctx *ctx, const app_pay_in *in, app_pay_out *out, err_t *e)
{
    int rc = post_one_tx(ctx, in, out, e);
    return rc ? rc : app_reopen_after_payment_tx(ctx, out, e);   /* a stopped tap paid up: its 解除 */
}

/* Rows waiting to be written together by app_payment_post_exact_many_tx. */
typedef struct exact_batch {
    payment_row *p, *lp;   /* lp: room for the rows paid late, when written */
    alloc_row *a;
    int64_t *bill, *amount;
    size_t *slot;          /* index into the caller's out[] */
    bool *late;            /* paid after the bill's due date: late charges to assess */
    size_t n, cap;
} exact_batch;

/* Write the rows waiting in b.  A row whose (channel, ref) turned out to be
 * posted already (by an earlier import, or earlier in this call) is left out
 * of the allocations and the bills and then goes the general way, which
 * reports it as a duplicate.  The rows paid late then have their late
 * charges assessed, a batch at a time (app_late_charge_on_batch_tx), before
 * the stopped taps are looked at, as app_payment_post_tx does per row. */
static int batch_flush(app_ctx *ctx, exact_batch *b, const app_pay_in *in, app_pay_out *out, err_t *e)
{
    if (b->n == 0)
        return 0;
    int rc = payment_store_insert_many(ctx->db, b->p, b->n, e);
    size_t kept = 0, ndup = 0;
    size_t *dup = rc ? NULL : calloc(b->n, sizeof *dup);
    if (!rc && !dup)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < b->n; i++) {
        if (b->p[i].id <= 0) {
            dup[ndup++] = b->slot[i];
            continue;
        }
        out[b->slot[i]].payment_id = b->p[i].id;
        out[b->slot[i]].allocated = b->amount[i];
        b->a[kept] = b->a[i];
        b->a[kept].payment_id = b->p[i].id;
        b->bill[kept] = b->bill[i];
        b->amount[kept] = b->amount[i];
        kept++;
    }
    if (!rc)
        rc = alloc_store_insert_many(ctx->db, b->a, kept, e);
    if (!rc)
        rc = bill_store_add_paid_many(ctx->db, b->bill, b->amount, kept, e);
    size_t nlate = 0;
    for (size_t i = 0; !rc && i < b->n; i++)
        if (b->late[i] && b->p[i].id > 0)
            b->lp[nlate++] = b->p[i];   /* the written rows paid late, in order */
    if (!rc && nlate > 0)
        rc = app_late_charge_on_batch_tx(ctx, b->lp, nlate, e);   /* 延滞金・督促手数料 */
    if (!rc)
        rc = app_reopen_after_batch_tx(ctx, b->p, b->n, e);   /* stopped taps only (app_reopen.h) */
    for (size_t k = 0; !rc && k < ndup; k++)
        rc = app_payment_post_tx(ctx, &in[dup[k]], &out[dup[k]], e);
    free(dup);
    b->n = 0;
    return rc;
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

/* Whether id occurs exactly once in the sorted array. */
static bool named_once(const int64_t *sorted, size_t n, int64_t id)
{
    const int64_t *f = bsearch(&id, sorted, n, sizeof *sorted, cmp_i64);
    if (!f)
        return false;
    size_t k = (size_t)(f - sorted);
    return !(k > 0 && sorted[k - 1] == id) && !(k + 1 < n && sorted[k + 1] == id);
}

/* Whether in[i] may be written with the batch, before its bill is read
 * (payments of any channel: a batch's rows are told apart by channel and
 * ref, payment_store_insert_many). */
static bool plain_input(const app_pay_in *x, const int64_t *seen, size_t nseen)
{
    civil_date d;
    return x->exact && x->bill_id > 0 && channel_known(x->channel) && x->amount > 0 && x->ref && *x->ref &&
           strlen(x->ref) < 96 && (!x->suspense_reason || !*x->suspense_reason) && named_once(seen, nseen, x->bill_id) &&
           x->paid_on && date_parse(x->paid_on, &d) && alloc_money_date_ok(d, date_today_jst()) &&
           (!x->posted_on || !*x->posted_on || date_parse(x->posted_on, &d));
}

/* The bills' money read ahead, up to MONEY_AHEAD inputs at a time: money[k]
 * is the bill of in[from + k].  A row that goes the general way throws the
 * window away (the bills read may be what it changes), so after one the
 * window starts again at one bill and doubles with each read: a run of such
 * rows (a file's arrears come first, ordered by bill) reads each bill once
 * instead of a whole window each. */
#define MONEY_AHEAD BILL_STORE_MONEY_BATCH
typedef struct money_ahead {
    bill_row money[MONEY_AHEAD];
    int64_t ids[MONEY_AHEAD];
    size_t from, n;
    size_t want;              /* the next window's size, 1 .. MONEY_AHEAD */
} money_ahead;

static int read_ahead(app_ctx *ctx, money_ahead *m, const app_pay_in *in, size_t from, size_t n, err_t *e)
{
    size_t want = m->want ? m->want : MONEY_AHEAD;
    m->from = from;
    m->n = n - from < want ? n - from : want;
    m->want = want * 2 < MONEY_AHEAD ? want * 2 : MONEY_AHEAD;
    for (size_t k = 0; k < m->n; k++)
        m->ids[k] = in[from + k].bill_id > 0 ? in[from + k].bill_id : 0;
    return bill_store_get_money_many(ctx->db, m->ids, m->n, m->money, e);
}

int app_payment_post_exact_many_tx(app_ctx *ctx, const app_pay_in *in, size_t n, app_pay_out *out, err_t *e)
{
    exact_batch b = {.cap = PAYMENT_STORE_BATCH};
    b.p = calloc(b.cap, sizeof *b.p);
    b.lp = calloc(b.cap, sizeof *b.lp);
    b.late = calloc(b.cap, sizeof *b.late);
    b.a = calloc(b.cap, sizeof *b.a);
    b.bill = calloc(b.cap, sizeof *b.bill);
    b.amount = calloc(b.cap, sizeof *b.amount);
    b.slot = calloc(b.cap, sizeof *b.slot);
    money_ahead *m = calloc(1, sizeof *m);
    /* every bill named in this call, sorted: a bill named twice goes the slow way */
    int64_t *seen = calloc(n ? n : 1, sizeof *seen);
    size_t nseen = 0;
    for (size_t i = 0; seen && i < n; i++)
        if (in[i].bill_id > 0)
            seen[nseen++] = in[i].bill_id;
    if (seen && nseen > 0)
        qsort(seen, nseen, sizeof *seen, cmp_i64);
    int rc = b.p && b.lp && b.late && b.a && b.bill && b.amount && b.slot && seen && m
                 ? 0
                 : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    /* the taps stopped (給水停止中: a handful): their payments go the general
     * way, which looks at reopening each one in turn */
    int64_t *stopped = NULL;
    size_t nstopped = 0;
    if (!rc)
        rc = app_reopen_stopped_taps_tx(ctx, &stopped, &nstopped, e);
    char today[11];
    today_iso(today);
    int64_t now = date_now_unix();
    for (size_t i = 0; !rc && i < n; i++) {
        const app_pay_in *x = &in[i];
        memset(&out[i], 0, sizeof out[i]);
        bool simple = plain_input(x, seen, nseen);
        const bill_row *bh = NULL;
        if (simple) {
            if (i < m->from || i >= m->from + m->n)
                if ((rc = read_ahead(ctx, m, in, i, n, e)))
                    break;
            bh = &m->money[i - m->from];
            /* a payment after the due date stays in the batch: its late
             * charges are assessed when the batch is written */
            simple = bh->id == x->bill_id && strcmp(bh->status, "current") == 0 && bh->paid_yen == 0 &&
                     bh->total_yen == x->amount &&
                     !(nstopped > 0 && bsearch(&bh->tap_id, stopped, nstopped, sizeof *stopped, cmp_i64));
        }
        if (!simple) {
            /* the general path sees what the batch wrote so far, and the
             * bills read ahead may be what it changes: read them again */
            if (!(rc = batch_flush(ctx, &b, in, out, e)))
                rc = app_payment_post_tx(ctx, x, &out[i], e);
            m->n = 0;
            m->want = 1;
            continue;
        }
        payment_row *p = &b.p[b.n];
        memset(p, 0, sizeof *p);
        str_copy(p->channel, sizeof p->channel, x->channel);
        str_copy(p->status, sizeof p->status, "posted");
        p->tap_id = bh->tap_id;
        p->customer_id = bh->customer_id;
        p->bill_id = bh->id;
        p->amount = x->amount;
        str_copy(p->paid_on, sizeof p->paid_on, x->paid_on);
        str_copy(p->posted_on, sizeof p->posted_on, x->posted_on && *x->posted_on ? x->posted_on : today);
        str_copy(p->ref, sizeof p->ref, x->ref);
        p->file_id = x->file_id;
        p->line = x->line;
        str_copy(p->receipt_no, sizeof p->receipt_no, x->receipt_no ? x->receipt_no : "");
        str_copy(p->note, sizeof p->note, x->note ? x->note : "");
        str_copy(p->created_by, sizeof p->created_by, ctx->actor.username);
        p->created_at = now;
        alloc_parts whole;
        alloc_bill_parts(bh->water_yen, bh->sewer_yen, bh->adjust_yen, bh->tax_yen, &whole);
        alloc_row *a = &b.a[b.n];
        memset(a, 0, sizeof *a);
        a->bill_id = bh->id;
        a->amount = x->amount;
        a->water_yen = whole.water;
        a->sewer_yen = whole.sewer;
        a->tax_yen = whole.tax;
        str_copy(a->kind, sizeof a->kind, bh->written_off ? WO_AFTER_KIND : "payment");   /* 不納欠損後の収入 */
        str_copy(a->posted_on, sizeof a->posted_on, p->posted_on);
        str_copy(a->created_by, sizeof a->created_by, ctx->actor.username);
        a->created_at = now;
        str_copy(a->channel, sizeof a->channel, p->channel);   /* for the day's sums, without a look-up */
        str_copy(a->cycle, sizeof a->cycle, bh->cycle);
        b.bill[b.n] = bh->id;
        b.amount[b.n] = x->amount;
        b.slot[b.n] = i;
        b.late[b.n] = strcmp(x->paid_on, bh->due_on) > 0;
        b.n++;
        if (b.n == b.cap) {
            rc = batch_flush(ctx, &b, in, out, e);
            m->n = 0;   /* a duplicate's general path may have changed a bill */
        }
    }
    if (!rc)
        rc = batch_flush(ctx, &b, in, out, e);
    free(b.p);
    free(b.lp);
    free(b.late);
    free(stopped);
    free(b.a);
    free(b.bill);
    free(b.amount);
    free(b.slot);
    free(seen);
    free(m);
    return rc;
}

static void audit_payment(app_ctx *ctx, const char *action, int64_t pid, const char *channel, int64_t amount,
                          int64_t bill_id, const char *extra_key, const char *extra, buf_t *d)
{
    jsonw w;
    jsonw_begin(&w, d);
    jsonw_object(&w);
    jsonw_kv_string(&w, "action", action);
    jsonw_kv_int(&w, "payment", pid);
    jsonw_kv_string(&w, "channel", channel);
    jsonw_kv_int(&w, "amount", amount);
    jsonw_kv_int(&w, "bill", bill_id);
    if (extra_key)
        jsonw_kv_string(&w, extra_key, extra);
    jsonw_end_object(&w);
}

typedef struct payment_post_arg {
    const app_pay_in *in;
    app_pay_out *out;
} payment_post_arg;

/* The transaction of app_payment_post (app_tx_run may run it twice). */
static int payment_post_tx(app_ctx *ctx, void *arg, err_t *e)
{
    const payment_post_arg *a = arg;
    const app_pay_in *in = a->in;
    app_pay_out *out = a->out;
    int rc = app_payment_post_tx(ctx, in, out, e);
    if (!rc && !out->duplicate) {
        buf_t d;
        buf_init(&d, 0);
        audit_payment(ctx, "post", out->payment_id, in->channel, in->amount, in->bill_id,
                      out->suspense_id ? "suspense" : NULL, out->reason, &d);
        char obj[40];
        str_fmt(obj, sizeof obj, "payment:%lld", (long long)out->payment_id);
        rc = app_audit(ctx, "payment.post", obj, buf_cstr(&d), e);
        buf_free(&d);
    }
    return rc;
}

int app_payment_post(app_ctx *ctx, const app_pay_in *in, app_pay_out *out, err_t *e)
{
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc || (rc = validate_visible(in->note, "note", "備考", e)))   /* a note typed by staff */
        return rc;
    payment_post_arg arg = {.in = in, .out = out};
    return app_tx_run(ctx, payment_post_tx, &arg, e);
}

int app_payment_reverse_tx(app_ctx *ctx, const char *channel, const char *ref, const char *posted_on,
                           const char *note, int64_t *reversal_id, bool *already, err_t *e)
{
    *reversal_id = 0;
    *already = false;
    payment_row p;
    int rc = payment_store_find_ref(ctx->db, channel, ref, &p, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "取り消す入金が見つかりません。", "payment %s/%s not found", channel, ref);
    if (rc)
        return rc;
    if (p.reverses > 0)
        return err_set(e, ERR_CONFLICT, NULL, "取消の取消はできません。", "reversal of a reversal");
    if (p.reversed_by > 0) {
        *already = true;
        *reversal_id = p.reversed_by;
        return 0;
    }
    char posted[11];
    if (posted_on && *posted_on) {
        if ((rc = date_field(posted_on, "posted_on", "計上日", e)))
            return rc;
        str_copy(posted, sizeof posted, posted_on);
    } else {
        today_iso(posted);
    }
    int64_t net = 0, refunded = 0;
    if ((rc = credit_store_of_payment(ctx->db, p.id, &net, &refunded, e)))
        return rc;
    if (refunded > 0)
        return err_set(e, ERR_CONFLICT, NULL, "この入金の過誤納は還付済みのため、取り消せません。", "refunded");
    payment_row r = p;
    r.id = 0;
    r.amount = -p.amount;
    r.reverses = p.id;
    r.reversed_by = 0;
    r.file_id = 0;
    r.line = 0;
    str_copy(r.posted_on, sizeof r.posted_on, posted);
    str_fmt(r.ref, sizeof r.ref, "%.80s#取消", p.ref);
    str_copy(r.note, sizeof r.note, note ? note : "取消");
    str_copy(r.receipt_no, sizeof r.receipt_no, "");
    str_copy(r.created_by, sizeof r.created_by, ctx->actor.username);
    r.created_at = date_now_unix();
    if ((rc = payment_store_insert(ctx->db, &r, reversal_id, e)))
        return rc;
    if (*reversal_id == 0)
        return err_set(e, ERR_CONFLICT, NULL, "この入金の取消は既に記録されています。", "reversal ref exists");
    if ((rc = payment_store_set_reversed(ctx->db, p.id, *reversal_id, e)))
        return rc;
    if ((rc = app_late_charge_on_reverse_tx(ctx, p.id, *reversal_id, posted, e)))   /* 延滞金・督促手数料 */
        return rc;
    if ((rc = app_works_receipt_on_reverse_tx(ctx, p.id, *reversal_id, posted, e)))   /* 工事の加入金・手数料 */
        return rc;
    if (strcmp(p.status, "suspense") == 0) {
        suspense_row s;
        rc = suspense_store_by_payment(ctx->db, p.id, &s, e);
        if (!rc && strcmp(s.status, "open") == 0)
            return suspense_store_close(ctx->db, s.id, "cancelled", 0, ctx->actor.username, "取消", date_now_unix(), e);
        return rc == ERR_NOTFOUND ? 0 : rc;
    }
    alloc_row *as = NULL;
    size_t n = 0;
    if ((rc = alloc_store_list_payment(ctx->db, p.id, &as, &n, e)))
        return rc;
    for (size_t i = 0; !rc && i < n; i++) {
        alloc_row a = as[i];
        a.payment_id = *reversal_id;
        a.amount = -a.amount;
        a.water_yen = -a.water_yen;
        a.sewer_yen = -a.sewer_yen;
        a.tax_yen = -a.tax_yen;
        /* 不納欠損後の収入 reversed stays apart (nets to 0 with it) */
        str_copy(a.kind, sizeof a.kind, strcmp(as[i].kind, "after_writeoff") == 0 ? "after_writeoff" : "reversal");
        str_copy(a.posted_on, sizeof a.posted_on, posted);
        str_copy(a.created_by, sizeof a.created_by, ctx->actor.username);
        a.created_at = date_now_unix();
        if (!(rc = alloc_store_insert(ctx->db, &a, e)))
            rc = bill_store_add_paid(ctx->db, a.bill_id, a.amount, e);
    }
    free(as);
    if (!rc && net != 0)
        rc = add_credit(ctx, p.customer_id, p.tap_id, *reversal_id, "reversal", -net, 0, 0, posted, "取消", e);
    return rc;
}

int app_payment_reverse(app_ctx *ctx, const char *channel, const char *ref, const char *posted_on, const char *note,
                        int64_t *reversal_id, bool *already, err_t *e)
{
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (!rc)
        rc = db_begin(ctx->db, e);
    if (rc)
        return rc;
    rc = app_payment_reverse_tx(ctx, channel, ref, posted_on, note, reversal_id, already, e);
    if (!rc && !*already) {
        char obj[40], d[160];
        str_fmt(obj, sizeof obj, "payment:%lld", (long long)*reversal_id);
        str_fmt(d, sizeof d, "{\"reversal\":%lld}", (long long)*reversal_id);
        rc = app_audit(ctx, "payment.reverse", obj, d, e);
    }
    return app_tx_end(ctx, rc, e);
}

int app_payment_flash_tx(app_ctx *ctx, const char *channel, const char *ref, int64_t bill_id, int64_t amount,
                         const char *paid_on, int64_t file_id, err_t *e)
{
    flash_row f;
    int rc = paid_on_field(paid_on, e);   /* a 速報 is never dated ahead either */
    if (rc)
        return rc;
    rc = flash_store_find(ctx->db, channel, ref, &f, e);
    if (rc != ERR_NOTFOUND)
        return rc;   /* 0: seen before, nothing to do */
    memset(&f, 0, sizeof f);
    str_copy(f.channel, sizeof f.channel, channel);
    str_copy(f.ref, sizeof f.ref, ref);
    f.bill_id = bill_id;
    f.amount = amount;
    str_copy(f.paid_on, sizeof f.paid_on, paid_on);
    f.file_id = file_id;
    if ((rc = flash_store_insert(ctx->db, &f, e)))
        return rc;
    return bill_id > 0 ? bill_store_add_pending(ctx->db, bill_id, amount, e) : 0;
}

int app_payment_flash_settle_tx(app_ctx *ctx, const char *channel, const char *ref, const char *status, err_t *e)
{
    flash_row f;
    int rc = flash_store_find(ctx->db, channel, ref, &f, e);
    if (rc == ERR_NOTFOUND)
        return 0;
    if (rc || strcmp(f.status, "pending") != 0)
        return rc;
    if ((rc = flash_store_set_status(ctx->db, f.id, status, e)))
        return rc;
    return f.bill_id > 0 ? bill_store_add_pending(ctx->db, f.bill_id, -f.amount, e) : 0;
}

int app_payment_bill_for_code(app_ctx *ctx, const char *digits44, int64_t *bill_id, err_t *e)
{
    *bill_id = 0;
    size_t len = digits44 ? strlen(digits44) : 0;
    bool digits = len == SLIPCODE_LEN;
    for (size_t i = 0; digits && i < len; i++)
        digits = digits44[i] >= '0' && digits44[i] <= '9';
    if (!digits)
        return err_field(e, "barcode", "バーコード情報は44桁の数字でなければなりません。");
    if (!slipcode_valid(digits44))
        return err_field(e, "barcode", "バーコード情報 %s のチェックディジットが正しくありません。", digits44);
    /* 自由使用欄 (positions 9–29): the tap number (8) and the bill id (13) */
    char tap_no[9], idtxt[14];
    memcpy(tap_no, digits44 + 8, 8);
    tap_no[8] = '\0';
    memcpy(idtxt, digits44 + 16, 13);
    idtxt[13] = '\0';
    int64_t id = 0;
    for (int i = 0; i < 13; i++)
        id = id * 10 + (idtxt[i] - '0');
    bill_row b;
    int rc = bill_store_get_head(ctx->db, id, &b, e);
    if (rc == ERR_NOTFOUND) {
        err_clear(e);
        return 0;
    }
    if (rc)
        return rc;
    if (strncmp(b.tap_no, tap_no, 8) == 0)
        *bill_id = b.id;
    bill_row_clear(&b);
    return 0;
}

int app_import_file_begin_tx(app_ctx *ctx, const char *kind, const char *name, const void *data, size_t len,
                             int64_t *file_id, err_t *e)
{
    import_file_row f;
    memset(&f, 0, sizeof f);
    crypto_sha256_hex(data, len, f.sha256);
    import_file_row old;
    int rc = import_file_store_find(ctx->db, f.sha256, &old, e);
    if (!rc) {
        char when[20];
        date_format_ts_jst(old.imported_at, when);
        char msg[256];
        str_fmt(msg, sizeof msg, "このファイルは取込済みです（%s に %s が取込、%lld 件）。同じファイルは二度取り込めません。",
                when, old.imported_by, (long long)old.records);
        return err_set(e, ERR_CONFLICT, "file", msg, "file %s already imported", f.sha256);
    }
    if (rc != ERR_NOTFOUND)
        return rc;
    str_copy(f.kind, sizeof f.kind, kind);
    str_copy(f.name, sizeof f.name, name ? name : "");
    str_copy(f.imported_by, sizeof f.imported_by, ctx->actor.username);
    f.imported_at = date_now_unix();
    return import_file_store_insert(ctx->db, &f, file_id, e);
}

int app_import_file_finish_tx(app_ctx *ctx, int64_t file_id, int64_t records, int64_t amount, int64_t posted,
                              int64_t suspense, err_t *e)
{
    return import_file_store_finish(ctx->db, file_id, records, amount, posted, suspense, e);
}
