/* app_arrears — see app_arrears.h. */
#include "app/arrears/app_arrears.h"
#include "app/app_seal.h"

#include <stdlib.h>
#include <string.h>

#include "base/crypto.h"
#include "base/date.h"
#include "domain/role.h"
#include "domain/validate.h"
#include "app/arrears/app_dunning.h"
#include "domain/dunning.h"
#include "store/arrears/arrears_store.h"
#include "store/arrears/stage_store.h"

_Static_assert(ARREARS_STORE_NBUCKETS == ARREARS_NBUCKETS, "the store and the domain count the same aging buckets");
_Static_assert(ARREARS_STORE_NSTAGES == ARREARS_NSTAGES, "the store and the domain rank the same stages");
#include "store/reading/route_store.h"
#include "store/registry/customer_store.h"
#include "store/registry/tap_store.h"

static const char *const METHODS[] = {"debit", "slip", NULL};
static const char *const VIEWS[] = {"customer", "tap", NULL};
static const char *const SORTS[] = {"amount", "age", NULL};

static bool given(const char *s)
{
    return s && *s;
}

/* The typed filters into the store's, with today's cut-offs. */
static int filter_of(app_ctx *ctx, const app_arrears_filter *f, civil_date today, char today_iso[11],
                     char oldest_by[11], arrears_filter *sf, err_t *e)
{
    memset(sf, 0, sizeof *sf);
    date_format_iso(today, today_iso);
    sf->today = today_iso;
    arrears_cutoffs(today, sf->cut);
    int rc = 0;
    if (given(f->area)) {
        area_row a;
        if (strlen(f->area) > 15 || (rc = area_store_get(ctx->db, f->area, &a, e)) == ERR_NOTFOUND)
            return err_field(e, "area", "町丁目「%.40s」は登録されていません。一覧から選んでください。", f->area);
        if (rc)
            return rc;
    }
    if (given(f->route)) {
        route_row r;
        if (strlen(f->route) > 15 || (rc = route_store_get(ctx->db, f->route, &r, e)) == ERR_NOTFOUND)
            return err_field(e, "route", "検針区「%.40s」は登録されていません。一覧から選んでください。", f->route);
        if (rc)
            return rc;
    }
    sf->area = given(f->area) ? f->area : "";
    sf->route = given(f->route) ? f->route : "";
    long long lo = 0, hi = INT64_MAX, age = 0;
    if (given(f->amount_min) && (rc = validate_int(f->amount_min, 0, 999999999999LL, "amount_min",
                                                   "滞納額（から）", &lo, e)))
        return rc;
    if (given(f->amount_max) && (rc = validate_int(f->amount_max, 0, 999999999999LL, "amount_max",
                                                   "滞納額（まで）", &hi, e)))
        return rc;
    if (lo > hi)
        return err_field(e, "amount_max", "滞納額（まで）の %lld 円が滞納額（から）の %lld 円より少なくなっています。", hi,
                         lo);
    sf->min = lo;
    sf->max = hi;
    if (given(f->age) && (rc = validate_int(f->age, 0, 600, "age", "滞納月数（以上）", &age, e)))
        return rc;
    str_copy(oldest_by, 11, "9999-12-31");
    if (age > 0)
        date_format_iso(arrears_months_back(today, (int)age), oldest_by);
    sf->oldest_by = oldest_by;
    if (given(f->method) && (rc = validate_code(f->method, METHODS, "method", "支払方法", e)))
        return rc;
    sf->method = given(f->method) ? f->method : "";
    sf->stage = -1;
    if (given(f->stage) && (sf->stage = arrears_stage_of(f->stage)) < 0)
        return err_field(e, "stage", "段階「%.40s」は選べません。督促前・督促済・催告済・給水停止予告済・分納誓約の履行中・"
                                     "給水停止中・全てから選んでください。", f->stage);
    if (given(f->view) && (rc = validate_code(f->view, VIEWS, "view", "表示単位", e)))
        return rc;
    sf->per_tap = given(f->view) && strcmp(f->view, "tap") == 0;
    if (given(f->sort) && (rc = validate_code(f->sort, SORTS, "sort", "並び順", e)))
        return rc;
    sf->by_age = given(f->sort) && strcmp(f->sort, "age") == 0;
    return 0;
}

/* Open a sealed value into out ("" when it is empty, a mark when it fails). */
static void open_into(app_ctx *ctx, const char *sealed, char *out, size_t outsz)
{
    app_open_into(ctx, sealed, out, outsz);
    if (sealed && *sealed && !*out)
        str_copy(out, outsz, "（復号できません）");
}

static int open_names(app_ctx *ctx, int64_t customer_id, char *name, size_t namesz, char *kana, size_t kanasz,
                      err_t *e)
{
    customer_row *c = malloc(sizeof *c);
    if (!c)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = customer_store_get(ctx->db, customer_id, c, e);
    if (!rc) {
        open_into(ctx, c->name_enc, name, namesz);
        open_into(ctx, c->kana_enc, kana, kanasz);
    }
    free(c);
    return rc;
}

static void filter_detail(app_audit_detail *d, const app_arrears_filter *f, const app_arrears_page *p)
{
    const struct { const char *k, *v; } F[] = {{"area", f->area},     {"route", f->route}, {"amount_min", f->amount_min},
                                               {"amount_max", f->amount_max}, {"age", f->age}, {"method", f->method},
                                               {"stage", f->stage}, {"view", f->view},     {"sort", f->sort}};
    for (size_t i = 0; i < sizeof F / sizeof F[0]; i++)
        if (given(F[i].v))
            jsonw_kv_string(&d->w, F[i].k, F[i].v);
    jsonw_kv_int(&d->w, "rows", (int64_t)p->n);
    jsonw_kv_int(&d->w, "total", p->total);
}

/* The list (a page, or every row when all), names opened for its rows. */
static int find(app_ctx *ctx, const app_arrears_filter *f, bool all, app_arrears_page *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    out->page = out->pages = 1;
    civil_date today = date_today_jst();
    char oldest_by[11];
    arrears_filter sf;
    int rc = db_begin_read(ctx->db, e);
    if (rc)
        return rc;
    rc = filter_of(ctx, f, today, out->today, oldest_by, &sf, e);
    /* the page asked for, carrying the totals; past the end (no row to
     * carry them), the totals alone and then the last page */
    int64_t page = all || f->page < 1 ? 1 : f->page;
    arrears_row *rows = NULL;
    size_t k = 0;
    arrears_totals t;
    memset(&t, 0, sizeof t);
    if (!rc)
        rc = arrears_store_page(ctx->db, &sf, all ? -1 : APP_ARREARS_PAGE, (page - 1) * APP_ARREARS_PAGE, &rows, &k, e);
    if (!rc && k > 0)
        t = rows[0].all;
    else if (!rc && page > 1 && !(rc = arrears_store_totals(ctx->db, &sf, &t, e)) && t.rows > 0) {
        page = (t.rows + APP_ARREARS_PAGE - 1) / APP_ARREARS_PAGE;
        free(rows);
        rows = NULL;
        rc = arrears_store_page(ctx->db, &sf, APP_ARREARS_PAGE, (page - 1) * APP_ARREARS_PAGE, &rows, &k, e);
    }
    if (!rc) {
        out->total = t.rows;
        out->bills = t.bills;
        out->sum = t.amount;
        memcpy(out->bucket, t.bucket, sizeof out->bucket);
        out->pages = t.rows > 0 ? (t.rows + APP_ARREARS_PAGE - 1) / APP_ARREARS_PAGE : 1;
        out->page = page;
    }
    if (!rc && !(out->rows = calloc(k ? k : 1, sizeof *out->rows)))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < k; i++) {
        app_arrears_row *o = &out->rows[i];
        const arrears_row *r = &rows[i];
        o->customer_id = r->customer_id;
        o->tap_id = r->tap_id;
        o->ntaps = r->taps;
        o->bills = r->bills;
        o->amount = r->amount;
        str_copy(o->oldest_due, sizeof o->oldest_due, r->oldest_due);
        civil_date od;
        o->age_months = date_parse(r->oldest_due, &od) ? arrears_age_months(od, today) : 0;
        memcpy(o->bucket, r->bucket, sizeof o->bucket);
        o->debit = r->debit;
        o->slip = r->slip;
        o->stage = r->stage >= 0 && r->stage < ARREARS_NSTAGES ? r->stage : 0;
        if (r->tap_id)
            str_copy(o->tap_no, sizeof o->tap_no, r->tap_first);
        if (r->taps <= 1 || r->tap_id)
            str_copy(o->taps, sizeof o->taps, r->tap_first);
        else if (r->taps == 2)
            str_fmt(o->taps, sizeof o->taps, "%s・%s", r->tap_first, r->tap_last);
        else
            rc = arrears_store_customer_taps(ctx->db, r->customer_id, out->today, o->taps, sizeof o->taps, e);
        if (!rc)
            rc = open_names(ctx, r->customer_id, o->name, sizeof o->name, o->kana, sizeof o->kana, e);
        out->n = i + 1;
    }
    free(rows);
    db_end_read(ctx->db);
    if (rc)
        app_arrears_page_free(out);
    return rc;
}

int app_arrears_find(app_ctx *ctx, const app_arrears_filter *f, app_arrears_page *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (!rc)
        rc = find(ctx, f, false, out, e);
    if (rc)
        return rc;
    app_audit_detail d;
    app_audit_detail_begin(&d);
    filter_detail(&d, f, out);
    jsonw_kv_int(&d.w, "page", out->page);
    if ((rc = app_audit_now_json(ctx, "arrears.view", "customers", &d, e)))
        app_arrears_page_free(out);
    return rc;
}

int app_arrears_export(app_ctx *ctx, const app_arrears_filter *f, const char *format, app_arrears_page *out,
                       err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (!rc)
        rc = app_require(ctx, PERM_CUSTOMER_EXPORT, e);
    if (!rc)
        rc = find(ctx, f, true, out, e);
    if (rc)
        return rc;
    app_audit_detail d;
    app_audit_detail_begin(&d);
    filter_detail(&d, f, out);
    jsonw_kv_string(&d.w, "format", format);
    if ((rc = app_audit_now_json(ctx, "arrears.export", "customers", &d, e)))
        app_arrears_page_free(out);
    return rc;
}

void app_arrears_page_free(app_arrears_page *p)
{
    free(p->rows);
    p->rows = NULL;
    p->n = 0;
}

int app_arrears_customer_get(app_ctx *ctx, int64_t customer_id, app_arrears_customer *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    out->customer_id = customer_id;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    civil_date today = date_today_jst();
    date_format_iso(today, out->today);
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    rc = open_names(ctx, customer_id, out->name, sizeof out->name, out->kana, sizeof out->kana, e);
    if (rc == ERR_NOTFOUND)
        rc = err_set(e, ERR_NOTFOUND, NULL, "該当するお客様がありません。", "customer %lld not found",
                     (long long)customer_id);
    arrears_bill *bs = NULL;
    size_t k = 0;
    if (!rc)
        rc = arrears_store_customer_bills(ctx->db, customer_id, out->today, &bs, &k, e);
    db_end_read(ctx->db);
    if (!rc && !(out->bills = calloc(k ? k : 1, sizeof *out->bills)))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < k; i++) {
        app_arrears_bill *o = &out->bills[i];
        o->bill_id = bs[i].bill_id;
        str_copy(o->tap_no, sizeof o->tap_no, bs[i].tap_no);
        str_copy(o->cycle, sizeof o->cycle, bs[i].cycle);
        str_copy(o->due_on, sizeof o->due_on, bs[i].due_on);
        o->total = bs[i].total;
        o->paid = bs[i].paid;
        o->balance = bs[i].total - bs[i].paid;
        civil_date d;
        o->age_months = date_parse(bs[i].due_on, &d) ? arrears_age_months(d, today) : 0;
        out->amount += o->balance;
        out->bucket[arrears_bucket(o->age_months)] += o->balance;
        if (i == 0)
            out->age_months = o->age_months;
        out->n = i + 1;
    }
    free(bs);
    if (rc) {
        app_arrears_customer_free(out);
        return rc;
    }
    char obj[48];
    str_fmt(obj, sizeof obj, "customer:%lld", (long long)customer_id);
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_int(&d.w, "bills", (int64_t)out->n);
    if ((rc = app_audit_now_json(ctx, "arrears.customer", obj, &d, e)))
        app_arrears_customer_free(out);
    return rc;
}

void app_arrears_customer_free(app_arrears_customer *c)
{
    free(c->bills);
    c->bills = NULL;
    c->n = 0;
}

/* Where this tap's debt stands on the arrears path and what comes next
 * (stage_store's facts, domain/dunning's schedule). */
static int tap_stage(app_ctx *ctx, int64_t tap_id, const char *today, app_arrears_brief *out, err_t *e)
{
    stage_row st;
    dunning_rules rules;
    int rc = stage_store_tap(ctx->db, tap_id, today, &st, e);
    if (rc || (rc = app_dunning_rules(ctx, &rules, e)))
        return rc;
    static const char *const DONE[3] = {"督促済", "催告済", "給水停止予告済"};
    if (st.stopped_on[0]) {
        str_fmt(out->stage, sizeof out->stage, "給水停止中（%s から）", st.stopped_on);
        return 0;
    }
    if (st.pledged) {
        str_copy(out->stage, sizeof out->stage, "分納誓約の履行中");
        return 0;
    }
    if (!st.oldest_due[0] && st.step < 0)
        return 0;   /* this tap owes nothing overdue (another tap of the customer does) */
    str_copy(out->stage, sizeof out->stage, st.step >= 0 && st.step <= 2 ? DONE[st.step] : "督促前");
    civil_date due = {0, 0, 0}, deadline = {0, 0, 0}, stop_on = {0, 0, 0}, on;
    date_parse(st.oldest_due, &due);
    date_parse(st.deadline, &deadline);
    date_parse(st.stop_on, &stop_on);
    int next = -1;
    dunning_next(&rules, (int)st.step, due, deadline, stop_on, &next, &on);
    str_copy(out->next, sizeof out->next, next == DUNNING__MAX ? "給水停止" : dunning_step_title(next));
    date_format_iso(on, out->next_on);
    if (st.deadline[0])
        str_copy(out->deadline, sizeof out->deadline, st.deadline);
    return 0;
}

int app_arrears_brief_get(app_ctx *ctx, const char *tap_no, int64_t current_customer, app_arrears_brief *out,
                          err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    civil_date today = date_today_jst();
    char iso[11];
    date_format_iso(today, iso);
    tap_row *t = malloc(sizeof *t);
    if (!t)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    rc = tap_store_get_by_no(ctx->db, tap_no ? tap_no : "", t, e);
    int64_t tap_id = t->id;
    free(t);
    if (rc)
        return rc;
    arrears_row r;
    memset(&r, 0, sizeof r);
    if (current_customer > 0 && (rc = arrears_store_customer_sum(ctx->db, current_customer, iso, &r, e)))
        return rc;
    if (r.bills == 0) {
        int64_t debtor = 0;
        if ((rc = arrears_store_tap_debtor(ctx->db, tap_id, iso, &debtor, e)))
            return rc;
        if (debtor > 0 && (rc = arrears_store_customer_sum(ctx->db, debtor, iso, &r, e)))
            return rc;
    }
    if (r.bills == 0)
        return 0;
    out->customer_id = r.customer_id;
    out->bills = r.bills;
    out->amount = r.amount;
    out->ntaps = r.taps;
    str_copy(out->oldest_due, sizeof out->oldest_due, r.oldest_due);
    civil_date od;
    out->age_months = date_parse(r.oldest_due, &od) ? arrears_age_months(od, today) : 0;
    return tap_stage(ctx, tap_id, iso, out, e);
}

int app_arrears_choices(app_ctx *ctx, app_arrears_choice **areas, size_t *nareas, app_arrears_choice **routes,
                        size_t *nroutes, err_t *e)
{
    *areas = *routes = NULL;
    *nareas = *nroutes = 0;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    area_row *as = NULL;
    route_row *rs = NULL;
    size_t na = 0, nr = 0;
    if ((rc = area_store_list(ctx->db, &as, &na, e)) || (rc = route_store_list(ctx->db, &rs, &nr, e))) {
        free(as);
        return rc;
    }
    *areas = calloc(na ? na : 1, sizeof **areas);
    *routes = calloc(nr ? nr : 1, sizeof **routes);
    if (!*areas || !*routes) {
        free(as);
        free(rs);
        free(*areas);
        free(*routes);
        *areas = *routes = NULL;
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < na; i++) {
        str_copy((*areas)[i].code, sizeof (*areas)[i].code, as[i].code);
        str_copy((*areas)[i].name, sizeof (*areas)[i].name, as[i].name);
    }
    for (size_t i = 0; i < nr; i++) {
        str_copy((*routes)[i].code, sizeof (*routes)[i].code, rs[i].code);
        str_copy((*routes)[i].name, sizeof (*routes)[i].name, rs[i].name);
    }
    *nareas = na;
    *nroutes = nr;
    free(as);
    free(rs);
    return 0;
}
