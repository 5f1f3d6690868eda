/* app_bill_report — see app_bill_report.h. */
#include "app/billing/app_bill_report.h"

#include <stdlib.h>
#include <string.h>

#include "app/reading/app_reading.h"
#include "base/date.h"
#include "domain/role.h"
#include "domain/tapinfo.h"
#include "store/billing/bill_report_store.h"
#include "store/reading/route_store.h"

static bool valid_group(const char *g)
{
    return g && (!strcmp(g, "all") || !strcmp(g, "odd") || !strcmp(g, "even") || !strcmp(g, "monthly"));
}

/* "YYYY-MM" moved back by months. */
static void cycle_back(int y, int m, int months, char out[8])
{
    int k = y * 12 + (m - 1) - months;
    str_fmt(out, 8, "%04d-%02d", (k / 12) % 10000, k % 12 + 1);
}

int app_bill_due_cycle(app_ctx *ctx, char out[8], err_t *e)
{
    char status[16];
    int64_t billed;
    return app_bill_cycle_state(ctx, out, status, &billed, e);
}

int app_bill_cycle_state(app_ctx *ctx, char cycle[8], char status[16], int64_t *billed, err_t *e)
{
    app_cycle_today(cycle);
    status[0] = '\0';
    *billed = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    char today[11], cyc[3][8];
    date_format_iso(date_today_jst(), today);
    size_t n = 0;
    if ((rc = bill_report_started_cycles(ctx->db, today, cyc, 3, &n, e)) || n == 0)
        return rc;
    for (size_t i = n; i-- > 0;) {   /* the oldest first; else the newest */
        if ((rc = bill_report_last_run(ctx->db, cyc[i], status, billed, e)))
            return rc;
        str_copy(cycle, 8, cyc[i]);
        if (strcmp(status, "done") != 0)
            break;
    }
    return 0;
}

int app_bill_open_cycles(app_ctx *ctx, char (*out)[8], size_t max, size_t *n, err_t *e)
{
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    char today[11], cyc[3][8], status[16];
    date_format_iso(date_today_jst(), today);
    size_t k = 0;
    int64_t billed;
    if ((rc = bill_report_started_cycles(ctx->db, today, cyc, 3, &k, e)))
        return rc;
    for (size_t i = k; i-- > 0 && *n < max;) {
        if ((rc = bill_report_last_run(ctx->db, cyc[i], status, &billed, e)))
            return rc;
        if (strcmp(status, "done") != 0)
            str_copy(out[(*n)++], 8, cyc[i]);
    }
    return 0;
}

int app_bill_readiness(app_ctx *ctx, const char *cycle, const char *grp, app_bill_ready *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int y, m;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc || (rc = app_cycle_field(cycle, &y, &m, e)))
        return rc;
    if (!grp || !*grp)
        grp = "all";
    if (!valid_group(grp))
        return err_field(e, "group", "検針グループは 全検針区・奇数月・偶数月・毎月 のいずれかを選んでください。");
    str_copy(out->cycle, sizeof out->cycle, cycle);
    str_copy(out->grp, sizeof out->grp, grp);
    schedule_row *sched = NULL;
    route_row *routes = NULL;
    route_count *cnt = NULL;
    bill_ready_row *ready = NULL;
    size_t ns = 0, nr = 0, nc = 0, nk = 0;
    if (!(rc = schedule_store_list(ctx->db, cycle, &sched, &ns, e)) && !(rc = route_store_list(ctx->db, &routes, &nr, e)) &&
        !(rc = route_store_counts(ctx->db, cycle, &cnt, &nc, e)) && !(rc = bill_report_ready(ctx->db, cycle, &ready, &nk, e))) {
        for (size_t i = 0; i < ns; i++) {
            const route_row *r = NULL;
            for (size_t k = 0; k < nr && !r; k++)
                if (!strcmp(routes[k].code, sched[i].route))
                    r = &routes[k];
            if (strcmp(grp, "all") && (!r || strcmp(r->grp, grp)))
                continue;
            out->routes++;
            if (!*out->from_on || strcmp(sched[i].from_on, out->from_on) < 0)
                str_copy(out->from_on, sizeof out->from_on, sched[i].from_on);
            if (strcmp(sched[i].to_on, out->to_on) > 0)
                str_copy(out->to_on, sizeof out->to_on, sched[i].to_on);
            for (size_t k = 0; k < nc; k++)
                if (!strcmp(cnt[k].route, sched[i].route)) {
                    out->taps += cnt[k].taps;
                    out->read += cnt[k].read;
                    out->held += cnt[k].held;
                }
            for (size_t k = 0; k < nk; k++)
                if (!strcmp(ready[k].route, sched[i].route)) {
                    out->estimated += ready[k].estimated;
                    out->billed += ready[k].billed;
                }
        }
        out->unread = out->taps - out->read - out->held;
        if (out->unread < 0)
            out->unread = 0;
        out->to_bill = out->read - out->billed;
        char today[11];
        date_format_iso(date_today_jst(), today);
        out->window_over = *out->to_on && strcmp(today, out->to_on) > 0;
    }
    free(sched);
    free(routes);
    free(cnt);
    free(ready);
    return rc;
}

/* The place of a use in the registry's table (unknown uses after, by code). */
static int use_rank(const char *code)
{
    for (int i = 0; TAPINFO_USES[i].code; i++)
        if (!strcmp(TAPINFO_USES[i].code, code))
            return i;
    return 1000;
}

static int key_cmp(const char *ua, int64_t da, const char *ub, int64_t db)
{
    int ra = use_rank(ua), rb = use_rank(ub), c = ra != rb ? (ra < rb ? -1 : 1) : strcmp(ua, ub);
    return c ? c : da < db ? -1 : da > db ? 1 : 0;
}

static int group_cmp(const void *a, const void *b)
{
    const bill_group_row *x = a, *y = b;
    return key_cmp(x->use_code, x->diameter, y->use_code, y->diameter);
}

static void figures_add(app_bill_figures *t, const app_bill_figures *f)
{
    t->bills += f->bills;
    t->estimated += f->estimated;
    t->usage += f->usage;
    t->sewer_bills += f->sewer_bills;
    t->sewer_usage += f->sewer_usage;
    t->water_yen += f->water_yen;
    t->sewer_yen += f->sewer_yen;
    t->adjust_yen += f->adjust_yen;
    t->tax_yen += f->tax_yen;
    t->total_yen += f->total_yen;
}

static app_bill_figures figures_of(const bill_group_row *g)
{
    return (app_bill_figures){g->bills, g->estimated, g->usage, g->sewer_bills, g->sewer_usage,
                              g->water_yen, g->sewer_yen, g->adjust_yen, g->tax_yen, g->total_yen};
}

static void row_add(app_bill_report_row *t, const app_bill_report_row *r)
{
    figures_add(&t->cur, &r->cur);
    figures_add(&t->prev, &r->prev);
    figures_add(&t->last_year, &r->last_year);
}

/* Whether the cycle reads routes read every other month. */
static int previous_step(app_ctx *ctx, const char *cycle, int *step, err_t *e)
{
    *step = 1;
    schedule_row *sched = NULL;
    route_row *routes = NULL;
    size_t ns = 0, nr = 0;
    int rc = schedule_store_list(ctx->db, cycle, &sched, &ns, e);
    if (!rc)
        rc = route_store_list(ctx->db, &routes, &nr, e);
    for (size_t i = 0; !rc && i < ns && *step == 1; i++)
        for (size_t k = 0; k < nr; k++)
            if (!strcmp(routes[k].code, sched[i].route) && strcmp(routes[k].grp, "monthly"))
                *step = 2;
    free(sched);
    free(routes);
    return rc;
}

int app_bill_report_get(app_ctx *ctx, const char *cycle, app_bill_report *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int y, m, step;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc || (rc = app_cycle_field(cycle, &y, &m, e)) || (rc = previous_step(ctx, cycle, &step, e)))
        return rc;
    str_copy(out->cycle, sizeof out->cycle, cycle);
    cycle_back(y, m, step, out->prev_cycle);
    cycle_back(y, m, 12, out->last_year_cycle);
    str_copy(out->utility, sizeof out->utility, app_utility_name(ctx));
    const char *cycles[3] = {out->cycle, out->prev_cycle, out->last_year_cycle};
    bill_group_row *g[3] = {NULL, NULL, NULL};
    size_t ng[3] = {0, 0, 0};
    for (int k = 0; k < 3 && !rc; k++)
        if (!(rc = bill_report_groups(ctx->db, cycles[k], &g[k], &ng[k], e)) && ng[k] > 1)
            qsort(g[k], ng[k], sizeof *g[k], group_cmp);   /* never qsort(NULL, 0): UB */
    /* Merge the three sorted lists; a use's subtotal follows its diameters
     * when it has more than one. */
    size_t cap = 2 * (ng[0] + ng[1] + ng[2]) + 1, at[3] = {0, 0, 0};
    out->rows = rc ? NULL : calloc(cap, sizeof *out->rows);
    if (!rc && !out->rows)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    app_bill_report_row sub = {0};
    size_t in_use = 0;
    while (!rc) {
        const bill_group_row *next = NULL;
        for (int k = 0; k < 3; k++)
            if (at[k] < ng[k] && (!next || group_cmp(&g[k][at[k]], next) < 0))
                next = &g[k][at[k]];
        if (sub.use_code[0] && (!next || strcmp(next->use_code, sub.use_code))) {
            if (in_use > 1)
                out->rows[out->n++] = sub;
            memset(&sub, 0, sizeof sub);
            in_use = 0;
        }
        if (!next)
            break;
        app_bill_report_row r = {0};
        str_copy(r.use_code, sizeof r.use_code, next->use_code);
        r.diameter = next->diameter;
        app_bill_figures *dst[3] = {&r.cur, &r.prev, &r.last_year};
        char use[16];
        int64_t dia = next->diameter;
        str_copy(use, sizeof use, next->use_code);
        for (int k = 0; k < 3; k++)
            if (at[k] < ng[k] && key_cmp(g[k][at[k]].use_code, g[k][at[k]].diameter, use, dia) == 0)
                *dst[k] = figures_of(&g[k][at[k]++]);
        out->rows[out->n++] = r;
        str_copy(sub.use_code, sizeof sub.use_code, use);
        row_add(&sub, &r);
        row_add(&out->total, &r);
        in_use++;
    }
    for (int k = 0; k < 3; k++)
        free(g[k]);
    if (rc)
        app_bill_report_free(out);
    return rc;
}

void app_bill_report_free(app_bill_report *r)
{
    free(r->rows);
    r->rows = NULL;
    r->n = 0;
}

const char *app_bill_report_use_label(const app_bill_report_row *r)
{
    return r->use_code[0] ? tapinfo_label(TAPINFO_USES, r->use_code) : "合計";
}
