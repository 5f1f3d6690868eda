/* app_works_receipt — see app_works_receipt.h. */
#include "app/works/app_works_receipt.h"

#include <stdlib.h>
#include <string.h>

#include "app/app_form.h"
#include "app/works/app_works_application.h"
#include "app/collect/payment_alloc.h"
#include "base/date.h"
#include "base/jsonw.h"
#include "domain/role.h"
#include "domain/validate.h"
#include "domain/works/works_fee.h"
#include "domain/works/works_progress.h"
#include "store/collect/payment_store.h"
#include "store/collect/suspense_store.h"
#include "store/works/works_application_store.h"
#include "store/works/works_receipt_store.h"

/* The application and its charges, the charges in the order they are due
 * (approval before start, then their own order). */
typedef struct works_due {
    works_app_row *app;
    works_charge_row *ch;
    size_t n;
    int64_t open;                 /* Σ what is left to pay */
} works_due;

static void due_free(works_due *d)
{
    free(d->app);
    free(d->ch);
    memset(d, 0, sizeof *d);
}

static int64_t charge_open(const works_charge_row *c)
{
    return c->yen > c->paid_yen ? c->yen - c->paid_yen : 0;
}

/* ERR_NOTFOUND (e untouched) when there is no such application. */
static int due_load(app_ctx *ctx, int64_t id, works_due *d, err_t *e)
{
    memset(d, 0, sizeof *d);
    d->app = calloc(1, sizeof *d->app);
    if (!d->app)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = works_app_store_get(ctx->db, id, d->app, e);
    if (!rc)
        rc = works_charge_store_list(ctx->db, id, &d->ch, &d->n, e);
    if (rc)
        return rc;
    /* stable: approval first, each group in its seq order */
    works_charge_row *sorted = d->n ? calloc(d->n, sizeof *sorted) : NULL;
    if (d->n && !sorted)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    size_t k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < d->n; i++)
            if ((works_fee_due_parse(d->ch[i].due) == WORKS_DUE_APPROVAL) == (pass == 0))
                sorted[k++] = d->ch[i];
    free(d->ch);
    d->ch = sorted;
    for (size_t i = 0; i < d->n; i++)
        d->open += charge_open(&d->ch[i]);
    return 0;
}

/* Why an application takes no money (NULL: it does). */
static const char *closed_reason(const works_app_row *a)
{
    int st = works_status_parse(a->status);
    if (st == WORKS_ST_CANCELLED)
        return "取り消されています";
    if (st == WORKS_ST_COMPLETED)
        return "完了しています";
    return NULL;
}

/* The tax contained in amount paid on charge c (the rest of its tax when
 * amount completes it, else in proportion, rounded down). */
static int tax_share(app_ctx *ctx, const works_charge_row *c, int64_t amount, int64_t *tax, err_t *e)
{
    *tax = 0;
    if (c->tax <= 0 || c->yen <= 0)
        return 0;
    if (c->paid_yen + amount >= c->yen) {
        int64_t had = 0;
        int rc = works_receipt_store_tax_paid(ctx->db, c->id, &had, e);
        *tax = rc ? 0 : c->tax - had;
        return rc;
    }
    *tax = amount * c->tax / c->yen;
    return 0;
}

/* amount of payment pid over d's open charges in the order due; *left what
 * found no charge (0 unless amount > d->open). */
static int spread(app_ctx *ctx, int64_t pid, works_due *d, int64_t amount, const char *posted_on, int64_t *left,
                  err_t *e)
{
    int rc = 0;
    for (size_t i = 0; !rc && amount > 0 && i < d->n; i++) {
        works_charge_row *c = &d->ch[i];
        int64_t take = charge_open(c) < amount ? charge_open(c) : amount;
        if (take <= 0)
            continue;
        works_receipt_row r = {.payment_id = pid, .application_id = c->application_id, .charge_id = c->id,
                               .amount = take, .created_at = date_now_unix()};
        str_copy(r.kind, sizeof r.kind, strcmp(c->code, "kanyukin") == 0 ? "kanyukin" : "fee");
        str_copy(r.posted_on, sizeof r.posted_on, posted_on);
        if (!(rc = tax_share(ctx, c, take, &r.tax, e)) && !(rc = works_receipt_store_insert(ctx->db, &r, e)))
            rc = works_receipt_store_add_paid(ctx->db, c->id, take, e);
        c->paid_yen += take;
        amount -= take;
    }
    *left = amount;
    return rc;
}

static void payment_base(app_ctx *ctx, payment_row *p, const app_pay_in *in, const char *posted, const char *number)
{
    memset(p, 0, sizeof *p);
    str_copy(p->channel, sizeof p->channel, in->channel);
    str_copy(p->status, sizeof p->status, "posted");
    p->amount = in->amount;
    str_copy(p->paid_on, sizeof p->paid_on, in->paid_on);
    str_copy(p->posted_on, sizeof p->posted_on, posted);
    str_copy(p->ref, sizeof p->ref, in->ref);
    p->file_id = in->file_id;
    p->line = in->line;
    str_copy(p->receipt_no, sizeof p->receipt_no, in->receipt_no ? in->receipt_no : "");
    str_fmt(p->note, sizeof p->note, "工事申込 %s の加入金・手数料", number);
    str_copy(p->created_by, sizeof p->created_by, ctx->actor.username);
    p->created_at = date_now_unix();
}

/* Into suspense through the core, belonging to no tap, with a detail that
 * names the application. */
static int to_suspense(app_ctx *ctx, const app_pay_in *in, const char *reason, const char *detail, app_pay_out *out,
                       err_t *e)
{
    app_pay_in s = *in;
    s.bill_id = 0;
    s.tap_no = NULL;
    s.exact = false;
    s.suspense_reason = reason;
    s.note = detail;
    return app_payment_post_tx(ctx, &s, out, e);
}

int app_works_receipt_post_tx(app_ctx *ctx, int64_t application_id, const char *number, const app_pay_in *in,
                              app_pay_out *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    char d[256];
    works_due w;
    int rc = due_load(ctx, application_id, &w, e);
    if (rc == ERR_NOTFOUND || (!rc && strcmp(w.app->number, number) != 0)) {
        err_clear(e);
        due_free(&w);
        str_fmt(d, sizeof d, "工事申込 %s（番号 %lld）は見つかりません。", number, (long long)application_id);
        return to_suspense(ctx, in, "no_bill", d, out, e);
    }
    const char *closed = rc ? NULL : closed_reason(w.app);
    if (rc) {
        /* nothing */
    } else if (closed) {
        str_fmt(d, sizeof d, "工事申込 %s は%s（入金額 %lld 円）。", number, closed, (long long)in->amount);
        rc = to_suspense(ctx, in, "cancelled", d, out, e);
    } else if (w.open <= 0 || w.open != in->amount) {
        str_fmt(d, sizeof d, "工事申込 %s の未納額 %lld 円に対し入金額 %lld 円（差額 %lld 円）。", number, (long long)w.open,
                (long long)in->amount, (long long)(in->amount - w.open));
        rc = to_suspense(ctx, in, "amount", d, out, e);
    } else {
        char today[11];
        date_format_iso(date_today_jst(), today);
        const char *posted = in->posted_on && *in->posted_on ? in->posted_on : today;
        payment_row p;
        payment_base(ctx, &p, in, posted, number);
        int64_t left = 0;
        if (!(rc = payment_insert(ctx, &p, out, e)) && !out->duplicate)
            rc = spread(ctx, out->payment_id, &w, in->amount, posted, &left, e);
        if (!rc && !out->duplicate)
            out->allocated = in->amount - left;
    }
    due_free(&w);
    return rc;
}

int app_works_receipt_on_reverse_tx(app_ctx *ctx, int64_t payment_id, int64_t reversal_id, const char *posted_on,
                                    err_t *e)
{
    works_receipt_row *r = NULL;
    size_t n = 0;
    int rc = works_receipt_store_of_payment(ctx->db, payment_id, &r, &n, e);
    /* money already paid back (還付) cannot be taken back off its charge */
    works_charge_row *ch = NULL;
    size_t nc = 0;
    if (!rc && n > 0)
        rc = works_charge_store_list(ctx->db, r[0].application_id, &ch, &nc, e);
    for (size_t i = 0; !rc && i < n; i++)
        for (size_t k = 0; k < nc; k++)
            if (ch[k].id == r[i].charge_id && ch[k].paid_yen - r[i].amount < ch[k].refunded_yen)
                rc = err_set(e, ERR_CONFLICT, NULL, "この入金の工事の加入金・手数料は還付済みのため、取り消せません。",
                             "works charge %lld refunded", (long long)ch[k].id);
    free(ch);
    for (size_t i = 0; !rc && i < n; i++) {
        works_receipt_row x = r[i];
        x.payment_id = reversal_id;
        x.amount = -r[i].amount;
        x.tax = -r[i].tax;
        str_copy(x.posted_on, sizeof x.posted_on, posted_on);
        x.created_at = date_now_unix();
        if (!(rc = works_receipt_store_insert(ctx->db, &x, e)))
            rc = works_receipt_store_add_paid(ctx->db, x.charge_id, x.amount, e);
    }
    free(r);
    return rc;
}

/* An amount typed as one number of yen (commas, full-width digits, 円 allowed). */
static int amount_field(const char *v, int64_t *yen, err_t *e)
{
    int64_t lo = 0, hi = 0;
    if (!v || !*v)
        return err_field(e, "amount", "金額を入力してください。");
    int rc = validate_amount_range(v, "amount", "金額", &lo, &hi, e);
    if (!rc && (lo != hi || lo <= 0))
        return err_field(e, "amount", "金額は1円以上の金額を一つ入力してください。");
    *yen = lo;
    return rc;
}

static int audit_receipt(app_ctx *ctx, const char *action, const works_app_row *a, int64_t pid, int64_t amount,
                         int64_t suspense_id, err_t *e)
{
    char obj[48];
    str_fmt(obj, sizeof obj, "works_application:%lld", (long long)a->id);
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_string(&d.w, "number", a->number);
    jsonw_kv_int(&d.w, "payment", pid);
    jsonw_kv_int(&d.w, "amount", amount);
    if (suspense_id)
        jsonw_kv_int(&d.w, "suspense", suspense_id);
    return app_audit_json(ctx, action, obj, &d, e);
}

int app_works_receipt_counter(app_ctx *ctx, int64_t id, const char *amount, const char *receipt_no,
                              int64_t *payment_id, err_t *e)
{
    *payment_id = 0;
    int64_t yen = 0;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc || (rc = amount_field(amount, &yen, e)))
        return rc;
    if (receipt_no && strlen(receipt_no) >= 24)
        return err_field(e, "receipt_no", "領収書番号は23文字までで入力してください。");
    if ((rc = validate_visible(receipt_no, "receipt_no", "領収書番号", e)) || (rc = db_begin(ctx->db, e)))
        return rc;
    if ((rc = app_form_claim_tx(ctx, e)) || app_form_replayed(ctx)) {
        *payment_id = app_form_result_id(ctx, "payment");
        return app_tx_end(ctx, rc, e);
    }
    works_due w;
    rc = due_load(ctx, id, &w, e);
    if (rc == ERR_NOTFOUND)
        rc = app_works_application_not_found(e, id);
    const char *closed = rc ? NULL : closed_reason(w.app);
    if (!rc && closed)
        rc = err_set(e, ERR_CONFLICT, NULL, "この工事申込は入金を受けられません（取消または完了）。", "works %lld %s",
                     (long long)id, w.app->status);
    if (!rc && w.open <= 0)
        rc = err_set(e, ERR_CONFLICT, NULL, "この工事申込に未納の料金はありません。", "works %lld nothing open",
                     (long long)id);
    if (!rc && yen > w.open) {
        char o[32];
        str_thousands(w.open, o);
        rc = err_field(e, "amount", "金額が未納額（%s 円）を超えています。未納額までで入力してください。", o);
    }
    char today[11], ref[64];
    date_format_iso(date_today_jst(), today);
    app_pay_out out;
    memset(&out, 0, sizeof out);
    if (!rc) {
        str_fmt(ref, sizeof ref, "工事%lld-%lld", (long long)id, (long long)date_now_unix());
        app_pay_in in = {.channel = PAY_COUNTER, .amount = yen, .paid_on = today, .posted_on = today, .ref = ref,
                         .receipt_no = receipt_no};
        payment_row p;
        payment_base(ctx, &p, &in, today, w.app->number);
        rc = payment_insert(ctx, &p, &out, e);
        if (!rc && out.duplicate)
            rc = err_set(e, ERR_CONFLICT, NULL, "入金を計上できませんでした。もう一度操作してください。",
                         "works payment %s exists", ref);
    }
    int64_t left = 0;
    if (!rc)
        rc = spread(ctx, out.payment_id, &w, yen, today, &left, e);
    if (!rc)
        rc = audit_receipt(ctx, "works.receipt.counter", w.app, out.payment_id, yen, 0, e);
    if (!rc) {
        char obj[40];
        str_fmt(obj, sizeof obj, "payment:%lld", (long long)out.payment_id);
        rc = app_form_done_tx(ctx, obj, e);
    }
    due_free(&w);
    rc = app_tx_end(ctx, rc, e);
    if (!rc)
        *payment_id = out.payment_id;
    return rc;
}

int app_works_receipt_allocate(app_ctx *ctx, int64_t suspense_id, const char *number, const char *note,
                               int64_t *application_id, err_t *e)
{
    *application_id = 0;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    if (!number || !*number)
        return err_field(e, "number", "充てる工事申込の番号（例: R8-00012）を入力してください。");
    if (strlen(number) >= 16)
        return err_field(e, "number", "工事申込の番号は R8-00012 の形で入力してください。");
    if (!note || !*note)
        return err_field(e, "note", "処理の理由（照合の根拠）を入力してください。");
    if (strlen(note) >= 160)
        return err_field(e, "note", "理由は50文字程度までで入力してください。");
    if ((rc = validate_visible(note, "note", "理由", e)) || (rc = validate_visible(number, "number", "工事申込の番号", e)))
        return rc;
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    suspense_row *s = malloc(sizeof *s);
    works_due w;
    memset(&w, 0, sizeof w);
    rc = s ? suspense_store_get(ctx->db, suspense_id, s, e) : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (rc == ERR_NOTFOUND)
        rc = err_set(e, ERR_NOTFOUND, NULL, "該当する未消込の入金がありません。", "suspense %lld", (long long)suspense_id);
    if (!rc && strcmp(s->status, "open") != 0)
        rc = err_set(e, ERR_CONFLICT, NULL, "この未消込の入金は既に処理されています。", "suspense %lld closed",
                     (long long)suspense_id);
    int64_t id = 0;
    if (!rc) {
        rc = works_receipt_store_app_by_number(ctx->db, number, &id, e);
        if (rc == ERR_NOTFOUND)
            rc = err_field(e, "number", "工事申込 %s はありません。", number);
    }
    if (!rc && (rc = due_load(ctx, id, &w, e)) == ERR_NOTFOUND)
        rc = err_field(e, "number", "工事申込 %s はありません。", number);
    const char *closed = rc ? NULL : closed_reason(w.app);
    if (!rc && closed)
        rc = err_field(e, "number", "工事申込 %s は%sため、入金を充てられません。", number, closed);
    if (!rc && s->p.amount > w.open) {
        char o[32], a[32];
        str_thousands(w.open, o);
        str_thousands(s->p.amount, a);
        rc = err_field(e, "amount", "入金額 %s 円が工事申込 %s の未納額 %s 円を超えています。", a, number, o);
    }
    char today[11];
    date_format_iso(date_today_jst(), today);
    int64_t left = 0;
    if (!rc)
        rc = payment_store_set_posted(ctx->db, s->payment_id, 0, 0, 0, e);
    if (!rc)
        rc = spread(ctx, s->payment_id, &w, s->p.amount, today, &left, e);
    if (!rc)
        rc = suspense_store_close(ctx->db, s->id, "resolved", 0, ctx->actor.username, note, date_now_unix(), e);
    if (!rc)
        rc = audit_receipt(ctx, "works.receipt.allocate", w.app, s->payment_id, s->p.amount, s->id, e);
    if (!rc)
        *application_id = id;
    free(s);
    due_free(&w);
    return app_tx_end(ctx, rc, e);
}

int app_works_receipt_list(app_ctx *ctx, int64_t id, app_works_receipt **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_WORKS_VIEW, e);
    works_receipt_payment *r = NULL;
    size_t k = 0;
    if (rc || (rc = works_receipt_store_list(ctx->db, id, &r, &k, e)))
        return rc;
    app_works_receipt *out = k ? calloc(k, sizeof *out) : NULL;
    if (k && !out) {
        free(r);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < k; i++) {
        app_works_receipt *o = &out[i];
        o->payment_id = r[i].payment_id;
        o->amount = r[i].amount;
        o->kanyukin = r[i].kanyukin;
        o->fees = r[i].fees;
        o->reverses = r[i].reverses;
        o->reversed_by = r[i].reversed_by;
        str_copy(o->channel, sizeof o->channel, r[i].channel);
        str_copy(o->channel_label, sizeof o->channel_label, app_payment_channel_label(r[i].channel));
        str_copy(o->paid_on, sizeof o->paid_on, r[i].paid_on);
        str_copy(o->posted_on, sizeof o->posted_on, r[i].posted_on);
        str_copy(o->receipt_no, sizeof o->receipt_no, r[i].receipt_no);
    }
    free(r);
    *rows = out;
    *n = k;
    return 0;
}
