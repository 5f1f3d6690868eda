/* app_checks — see app_checks.h. */
#include "app/checks/app_checks.h"

#include <stdlib.h>
#include <string.h>

#include "app/billing/bill_engine.h"
#include "app/reading/app_reading.h"
#include "base/config.h"
#include "base/date.h"
#include "base/log.h"
#include "domain/role.h"
#include "domain/tariff.h"
#include "store/checks/check_store.h"

static int pick_cycle(app_ctx *ctx, const char *cycle, char out[8], err_t *e)
{
    if (!cycle || !*cycle)
        return check_store_last_cycle(ctx->db, out, e);
    int y, m;
    int rc = app_cycle_field(cycle, &y, &m, e);
    if (!rc)
        str_copy(out, 8, cycle);
    return rc;
}

static const tariff *tariff_by_id(const bill_engine *g, const char *id)
{
    for (size_t i = 0; i < g->ntariffs; i++)
        if (strcmp(g->tariffs[i].id, id) == 0)
            return &g->tariffs[i];
    return NULL;
}

/* The charge of 0 m³ for a use, diameter, months and days under a tariff
 * (a partial first period's base is the tariff's 日割, when it has one),
 * kept for the combinations met so far (a cycle's bills share a few). */
typedef struct base_memo { const tariff *t; char use[16]; int64_t diameter, months, days, yen; } base_memo;
typedef struct base_cache { base_memo m[512]; size_t n; tariff_quote q; } base_cache;

/* -1: no price (no tariff, no class for the use and diameter). */
static int64_t base_of(base_cache *c, const tariff *t, const check_bill *b)
{
    for (size_t i = 0; i < c->n; i++) {
        const base_memo *m = &c->m[i];
        if (m->t == t && m->diameter == b->diameter && m->months == b->months && m->days == b->days &&
            strcmp(m->use, b->use_code) == 0)
            return m->yen;
    }
    char msg[200];
    int64_t yen = -1;
    if (t && !tariff_quote_for(t, b->use_code, (int)b->diameter, 0, (int)b->months, (int)b->days, &c->q, msg,
                                   sizeof msg))
        yen = c->q.total;
    if (c->n < sizeof c->m / sizeof c->m[0]) {
        base_memo *m = &c->m[c->n++];
        *m = (base_memo){.t = t, .diameter = b->diameter, .months = b->months, .days = b->days, .yen = yen};
        str_copy(m->use, sizeof m->use, b->use_code);
    }
    return yen;
}

/* Bills whose water charge is below the tariff's charge for 0 m³. */
static int under_base(app_ctx *ctx, const char *cycle, int64_t limit, app_check_list *out, err_t *e)
{
    bill_engine g;
    int rc = bill_engine_init(&g, ctx, e);
    if (rc)
        return rc;
    check_bill *bills = NULL;
    size_t nb = 0;
    base_cache *q = calloc(1, sizeof *q);
    rc = q ? check_store_water_bills(ctx->db, cycle, &bills, &nb, e)
           : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    size_t cap = 0;
    for (size_t i = 0; i < nb && !rc; i++) {
        int64_t base = base_of(q, tariff_by_id(&g, bills[i].water_tariff), &bills[i]);
        if (base < 0 || bills[i].water_yen >= base)
            continue;
        out->total++;
        if ((int64_t)out->n >= limit)
            continue;
        if (out->n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            app_check_row *r = realloc(out->rows, nc * sizeof *r);
            if (!r) {
                rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
                break;
            }
            out->rows = r;
            cap = nc;
        }
        app_check_row *r = &out->rows[out->n++];
        memset(r, 0, sizeof *r);
        str_copy(r->tap_no, sizeof r->tap_no, bills[i].tap_no);
        r->bill_id = bills[i].id;
        str_fmt(r->a, sizeof r->a, "%lld", (long long)base);
        str_fmt(r->b, sizeof r->b, "%lld", (long long)bills[i].water_yen);
    }
    free(q);
    free(bills);
    bill_engine_free(&g);
    return rc;
}

static int list_of(app_ctx *ctx, int kind, int64_t limit, app_check_list *out, err_t *e)
{
    out->kind = kind;
    out->info = check_kind_get(kind);
    if (!out->cycle[0] && kind != CHECK_CHILD_SEWER)
        return 0;   /* nothing billed yet */
    if (kind == CHECK_UNDER_BASE)
        return under_base(ctx, out->cycle, limit, out, e);
    check_row *rows = NULL;
    size_t n = 0;
    int rc = check_store_list(ctx->db, kind, out->cycle, limit, &rows, &n, &out->total, e);
    out->rows = rc ? NULL : calloc(n ? n : 1, sizeof *out->rows);
    if (!rc && !out->rows)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        app_check_row *o = &out->rows[i];
        str_copy(o->tap_no, sizeof o->tap_no, rows[i].tap_no);
        o->bill_id = rows[i].bill_id;
        str_copy(o->a, sizeof o->a, rows[i].a);
        str_copy(o->b, sizeof o->b, rows[i].b);
    }
    out->n = rc ? 0 : n;
    free(rows);
    return rc;
}

static void kind_codes(const char *codes[CHECK__MAX])
{
    for (int k = 0; k < CHECK__MAX; k++)
        codes[k] = check_kind_get(k)->code;
}

int app_check_counts_get(app_ctx *ctx, const char *cycle, app_check_counts *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_BILL_CORRECT, e);
    if (!rc)
        rc = pick_cycle(ctx, cycle, out->cycle, e);
    out->counted_at = date_now_unix();
    for (int k = 0; k < CHECK__MAX && !rc; k++) {
        app_check_list l;
        memset(&l, 0, sizeof l);
        str_copy(l.cycle, sizeof l.cycle, out->cycle);
        rc = list_of(ctx, k, 0, &l, e);
        out->n[k] = l.total;
        app_check_list_free(&l);
    }
    if (rc || !out->cycle[0])
        return rc;
    /* Kept for home; a failure to keep them loses nothing (they are
     * counted again), so the counts are still answered. */
    const char *codes[CHECK__MAX];
    kind_codes(codes);
    err_t ke;
    err_clear(&ke);
    int kr = db_begin(ctx->db, &ke);   /* the seven rows together */
    if (!kr)
        kr = app_tx_end(ctx, check_store_counts_save(ctx->db, out->cycle, codes, CHECK__MAX, out->n, out->counted_at, &ke),
                        &ke);
    if (kr)
        log_warn("checks: counts of %s not kept: %s", out->cycle, ke.log);
    return 0;
}

int app_check_counts_recent(app_ctx *ctx, app_check_counts *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    long long max_age = 900;
    int rc = app_require(ctx, PERM_BILL_CORRECT, e);
    if (!rc)
        rc = config_get_int(ctx->env->cfg, "checks.home_max_age", 900, 0, 86400 * 31, &max_age, e);
    if (!rc)
        rc = check_store_last_cycle(ctx->db, out->cycle, e);
    if (rc || !out->cycle[0])
        return rc;
    const char *codes[CHECK__MAX];
    kind_codes(codes);
    int64_t at[CHECK__MAX];
    if ((rc = check_store_counts_load(ctx->db, out->cycle, codes, CHECK__MAX, out->n, at, e)))
        return rc;
    int64_t oldest = at[0];
    for (int k = 1; k < CHECK__MAX; k++)
        if (at[k] < oldest)
            oldest = at[k];
    int64_t now = date_now_unix();
    if (oldest > 0 && oldest <= now && now - oldest < max_age) {
        out->counted_at = oldest;
        return 0;
    }
    char cycle[8];
    str_copy(cycle, sizeof cycle, out->cycle);
    return app_check_counts_get(ctx, cycle, out, e);
}

int app_check_list_get(app_ctx *ctx, const char *code, const char *cycle, int64_t limit, app_check_list *out,
                       err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_BILL_CORRECT, e);
    if (rc)
        return rc;
    int kind = check_kind_parse(code);
    if (kind < 0)
        return err_field(e, "list", "点検の一覧の名前が正しくありません。");
    if ((rc = pick_cycle(ctx, cycle, out->cycle, e)))
        return rc;
    rc = list_of(ctx, kind, limit, out, e);
    if (rc)
        app_check_list_free(out);
    return rc;
}

void app_check_list_free(app_check_list *l)
{
    free(l->rows);
    l->rows = NULL;
    l->n = 0;
}
