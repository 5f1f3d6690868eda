/* app_slip — what a payment slip (納付書) shows, for one bill or for every
 * bill of a cycle (see app.h). */
#include "app/app.h"
#include "app/registry/app_registry.h"
#include "app/billing/app_bill.h"
#include "app/reading/app_reading.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/vec.h"
#include "domain/bill_rules.h"
#include "domain/role.h"
#include "domain/slipcode.h"
#include "store/billing/bill_store.h"
#include "store/registry/tap_store.h"

/* Whether a bill can be paid by slip: ERR_CONFLICT with the reason if not. */
static int payable(int64_t id, const char *status, int64_t balance, err_t *e)
{
    if (strcmp(status, "current") != 0)
        return err_set(e, ERR_CONFLICT, NULL, "取り消された調定の納付書は作成できません。更正後の調定から作成してください。",
                       "bill %lld cancelled", (long long)id);
    if (balance < 1)
        return err_set(e, ERR_CONFLICT, NULL, "この調定に納めていただく額はありません。", "nothing due");
    if (!slipcode_payable(balance))
        return err_set(e, ERR_CONFLICT, NULL, "999,999円を超えるため、コンビニ等で納付できる納付書は作成できません。",
                       "over the agents' limit");
    return 0;
}

/* Fill out from a bill's figures (customer name and place of use already
 * in out): issue number reissue, payable until due_on (NULL: the bill's
 * due date). */
static int fill(app_ctx *ctx, const bill_row *b, int64_t reissue, const char *due_on, app_slip *out, err_t *e)
{
    str_copy(out->utility, sizeof out->utility, app_utility_name(ctx));
    out->bill_id = b->id;
    str_copy(out->tap_no, sizeof out->tap_no, b->tap_no);
    str_copy(out->cycle, sizeof out->cycle, b->cycle);
    str_copy(out->period_from, sizeof out->period_from, b->period_from);
    str_copy(out->period_to, sizeof out->period_to, b->period_to);
    str_copy(out->due_on, sizeof out->due_on, due_on && *due_on ? due_on : b->due_on);
    out->reissue = (int)reissue;
    str_copy(out->issued_on, sizeof out->issued_on, b->issued_on);
    out->usage = b->usage;
    out->estimated = b->estimated != 0;
    out->water_yen = b->water_yen;
    out->sewer_yen = b->sewer_yen;
    out->adjust_yen = b->adjust_yen;
    out->tax_yen = b->tax_yen;
    out->total_yen = b->total_yen;
    out->paid_yen = b->paid_yen;
    out->amount = bill_balance(b->total_yen, b->paid_yen);
    /* reference: the tap number (8 digits) and the bill id (13 digits) */
    char ref[32], msg[200];
    str_fmt(ref, sizeof ref, "%.8s%013lld", b->tap_no, (long long)b->id);
    slipcode_in in = {.company = config_get(ctx->env->cfg, "collection.company_code", "912345"), .reference = ref,
                      .reissue = (int)reissue, .due = out->due_on, .amount = out->amount};
    if (slipcode_build(&in, out->code, msg, sizeof msg) != 0)
        return err_set(e, ERR_INVALID, "collection.company_code", msg, "slip code: %s", msg);
    return 0;
}

/* One slip's place of use (給水場所), read from its tap. */
static void place_of(app_ctx *ctx, int64_t tap_id, app_slip *out)
{
    tap_row *t = malloc(sizeof *t);
    if (t && !tap_store_get(ctx->db, tap_id, t, NULL))
        app_registry_place_of_use(ctx, t, out->address, sizeof out->address);
    free(t);
}

int app_slip_get(app_ctx *ctx, int64_t bill_id, app_slip *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    app_bill v;
    if ((rc = app_bill_get(ctx, bill_id, &v, e)))   /* audited as a view */
        return rc;
    str_copy(out->customer, sizeof out->customer, v.customer_name);
    app_bill_free(&v);
    bill_row b;
    if ((rc = bill_store_get(ctx->db, bill_id, &b, e)))
        return rc;
    rc = payable(b.id, b.status, bill_balance(b.total_yen, b.paid_yen), e);
    int64_t reissue = 0;
    char due[11] = "";
    if (!rc)
        rc = bill_store_slip_last(ctx->db, b.id, &reissue, due, e);   /* the latest issue is printed again */
    if (!rc) {
        place_of(ctx, b.tap_id, out);
        rc = fill(ctx, &b, reissue, due, out, e);
    }
    bill_row_clear(&b);
    return rc;
}

int app_slip_reissue(app_ctx *ctx, int64_t bill_id, app_slip *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    if (rc)
        return rc;
    app_bill v;
    if ((rc = app_bill_get(ctx, bill_id, &v, e)))
        return rc;
    str_copy(out->customer, sizeof out->customer, v.customer_name);
    app_bill_free(&v);
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    bill_row b;
    memset(&b, 0, sizeof b);
    int64_t last = 0;
    char last_due[11] = "";
    rc = bill_store_get(ctx->db, bill_id, &b, e);
    if (!rc)
        rc = payable(b.id, b.status, bill_balance(b.total_yen, b.paid_yen), e);
    if (!rc)
        rc = bill_store_slip_last(ctx->db, b.id, &last, last_due, e);
    if (!rc && last >= 9)
        rc = err_set(e, ERR_CONFLICT, NULL, "再発行は9回までです（再発行区分は1桁）。", "reissue limit");
    /* A slip past its due date carries a new deadline: today plus
     * [collection] reissue_days, moved to the next business day. */
    char due[11];
    civil_date today = date_today_jst();
    char today_iso[11];
    date_format_iso(today, today_iso);
    str_copy(due, sizeof due, last_due[0] ? last_due : b.due_on);
    if (!rc && strcmp(due, today_iso) < 0) {
        long long days = 14;
        config_get_int(ctx->env->cfg, "collection.reissue_days", 14, 1, 90, &days, NULL);
        date_format_iso(bill_due_on(date_to_days(today), days), due);
    }
    if (!rc)
        rc = bill_store_slip_add(ctx->db, b.id, last + 1, due, bill_balance(b.total_yen, b.paid_yen), ctx->actor.username,
                                 date_now_unix(), e);
    if (!rc) {
        place_of(ctx, b.tap_id, out);
        rc = fill(ctx, &b, last + 1, due, out, e);
    }
    if (!rc) {
        char obj[40];
        str_fmt(obj, sizeof obj, "bill:%lld", (long long)b.id);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_int(&d.w, "reissue", (int64_t)(last + 1));
        jsonw_kv_string(&d.w, "due_on", due);
        rc = app_audit_json(ctx, "slip.reissue", obj, &d, e);
    }
    bill_row_clear(&b);
    return app_tx_end(ctx, rc, e);
}

/* The walk of a cycle's slips: each payable bill's slip filled in place
 * and handed on; the others counted. */
typedef struct slip_walk {
    app_ctx *ctx;
    app_slip_fn fn;
    void *arg;
    app_slip slip;
    size_t n, skipped;
} slip_walk;

static int slip_of_row(const bill_addressed *row, void *arg, err_t *e)
{
    slip_walk *w = arg;
    const bill_row *b = &row->b;
    err_t e2;
    err_clear(&e2);
    if (payable(b->id, b->status, bill_balance(b->total_yen, b->paid_yen), &e2)) {
        w->skipped++;
        return 0;
    }
    app_slip *s = &w->slip;
    memset(s, 0, sizeof *s);
    char *name = row->name_enc[0] ? crypto_open(w->ctx->env->keys, row->name_enc) : NULL;
    str_copy(s->customer, sizeof s->customer, name ? name : "");
    free(name);
    app_registry_place_format(w->ctx, row->area_name, row->address_enc, s->address, sizeof s->address);
    int rc = fill(w->ctx, b, 0, NULL, s, e);
    if (!rc)
        rc = w->fn(s, w->arg, e);
    if (!rc)
        w->n++;
    return rc;
}

int app_slips_cycle_each(app_ctx *ctx, const char *cycle, app_slip_fn fn, void *arg, size_t *n, size_t *skipped,
                         err_t *e)
{
    *n = *skipped = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    int y, m;
    if (rc || (rc = app_cycle_field(cycle, &y, &m, e)))
        return rc;
    /* the cycle's bills with their customers' names and places of use in
     * one query (one snapshot), a row at a time: on PostgreSQL three round
     * trips per slip cost more than the slips themselves, and a city's run
     * is never held in memory whole */
    slip_walk *w = calloc(1, sizeof *w);
    if (!w)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    *w = (slip_walk){.ctx = ctx, .fn = fn, .arg = arg};
    rc = bill_store_each_cycle_addressed(ctx->db, cycle, slip_of_row, w, e);
    if (!rc) {
        char obj[32];
        str_fmt(obj, sizeof obj, "cycle:%s", cycle);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_int(&d.w, "slips", (int64_t)w->n);
        jsonw_kv_int(&d.w, "skipped", (int64_t)w->skipped);
        rc = app_audit_now_json(ctx, "slip.print", obj, &d, e);
    }
    *n = w->n;
    *skipped = w->skipped;
    free(w);
    return rc;
}

/* app_slips_cycle's array, grown as the slips come. */
typedef struct slip_array {
    app_slip *v;
    size_t n, cap;
} slip_array;

static int slip_keep(const app_slip *s, void *arg, err_t *e)
{
    slip_array *a = arg;
    app_slip *d = vec_slot((void **)&a->v, &a->n, &a->cap, sizeof *d);
    if (!d)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    *d = *s;
    return 0;
}

int app_slips_cycle(app_ctx *ctx, const char *cycle, app_slip **slips, size_t *n, size_t *skipped, err_t *e)
{
    *slips = NULL;
    slip_array a = {0};
    int rc = app_slips_cycle_each(ctx, cycle, slip_keep, &a, n, skipped, e);
    if (rc) {
        free(a.v);
        *n = 0;
        return rc;
    }
    *slips = a.v;
    return 0;
}
