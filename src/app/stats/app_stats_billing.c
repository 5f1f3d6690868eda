/* app_stats_billing — 調定統計 (docs/statistics.md 「調定統計」): the
 * current bills of the period's cycles, folded from one grouped scan
 * (store/stats/stats_billing_store: the cube) into the tables by month,
 * use, diameter, area, sewer operator and kind, the services, and the
 * corrections and leak reductions of those cycles. */
#include "app/stats/app_stats_reports.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "domain/stats/stat_labels.h"
#include "domain/tapinfo.h"
#include "store/stats/stats_billing_store.h"

/* The columns of every table of bills, in the order of enum stats_bill_val. */
static const stat_col COLS[] = {
    {"bills", "調定件数", STAT_COUNT, 0, 0},
    {"volume_m3", "有収水量", STAT_M3, 0, 0},
    {"sewer_m3", "下水道使用水量", STAT_M3, 0, 0},
    {"water_yen", "水道料金（税込）", STAT_YEN, 0, 0},
    {"sewer_yen", "下水道使用料（税込）", STAT_YEN, 0, 0},
    {"adjust_yen", "減免等の調整額", STAT_YEN, 0, 0},
    {"tax_yen", "うち消費税等", STAT_YEN, 0, 0},
    {"total_yen", "調定額", STAT_YEN, 0, 0},
};
#define NCOLS ((int)(sizeof COLS / sizeof COLS[0]))

static const stat_col SERVICE_COLS[] = {
    {"bills", "件数", STAT_COUNT, 0, 0},
    {"volume_m3", "水量", STAT_M3, 0, 0},
    {"yen", "料金（税込）", STAT_YEN, 0, 0},
};

static const stat_col CORRECTION_COLS[] = {
    {"bills", "件数", STAT_COUNT, 0, 0},
    {"total_yen", "調定額の増減", STAT_YEN, 0, 0},
    {"volume_m3", "有収水量の増減", STAT_M3, 0, 0},
    {"sewer_m3", "下水道使用水量の増減", STAT_M3, 0, 0},
};

enum { S_MONTH, S_USE, S_DIAMETER, S_AREA, S_SEWER, S_KIND, S__N };

static bool fold(stat_section *sec[S__N], const stats_bill_cell *c)
{
    char key[40], label[160];
    stat_month_label(c->cycle, label, sizeof label);
    bool ok = stat_row_addv(sec[S_MONTH], c->cycle, label, c->v, SBV__N);
    ok = ok && stat_row_addv(sec[S_USE], c->use_code, tapinfo_label(TAPINFO_USES, c->use_code), c->v, SBV__N);
    str_fmt(key, sizeof key, "%lld", (long long)c->diameter);
    str_fmt(label, sizeof label, "%lldmm", (long long)c->diameter);
    ok = ok && stat_row_addv(sec[S_DIAMETER], key, label, c->v, SBV__N);
    str_fmt(label, sizeof label, "%s %s", c->area, c->area_name);
    ok = ok && stat_row_addv(sec[S_AREA], c->area, label, c->v, SBV__N);
    ok = ok && stat_row_addv(sec[S_SEWER], c->sewer_operator, tapinfo_label(TAPINFO_SEWERS, c->sewer_operator), c->v,
                             SBV__N);
    return ok && stat_row_addv(sec[S_KIND], c->kind, stat_bill_kind_label(c->kind), c->v, SBV__N);
}

static int services(stat_report *r, const stat_section *all, err_t *e)
{
    stat_section *s = stat_section_add(r, "by_service", "サービス別", "サービス", SERVICE_COLS, 3);
    if (!s)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "stats: too many sections");
    const int64_t *t = all->total.v;
    int64_t water[3] = {t[SBV_BILLS], t[SBV_USAGE], t[SBV_WATER]};
    int64_t sewer[3] = {0, t[SBV_SEWER_USAGE], t[SBV_SEWER]};
    for (size_t i = 0; i < all->n; i++)
        sewer[0] += all->rows[i].v[SBV_SEWER_BILLS];
    int64_t adjust[3] = {0, 0, t[SBV_ADJUST]};
    if (!stat_row_addv(s, "water", "水道料金", water, 3) || !stat_row_addv(s, "sewer", "下水道使用料", sewer, 3) ||
        !stat_row_addv(s, "adjust", "減免等の調整", adjust, 3))
        return err_set(e, ERR_INTERNAL, NULL, NULL, "stats: out of memory");
    s->no_total = true;   /* the bills of the two services are the same bills */
    return 0;
}

static int corrections(app_ctx *ctx, stat_report *r, err_t *e)
{
    stats_store_row *rows = NULL;
    size_t n = 0;
    int rc = stats_billing_store_corrections(ctx->db, r->period.first, r->period.last, &rows, &n, e);
    stat_section *s = rc ? NULL : stat_section_add(r, "corrections", "更正・減免（期間の調定周期の分）", "区分",
                                                   CORRECTION_COLS, 4);
    if (!rc && !s)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "stats: too many sections");
    for (size_t i = 0; !rc && i < n; i++) {
        const char *k = rows[i].key;
        const char *label = strcmp(k, "leak") == 0 ? "漏水減免" : strcmp(k, "correct") == 0 ? "更正" : "その他の再調定";
        if (!stat_row_addv(s, *k ? k : "other", label, rows[i].v, 4))
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "stats: out of memory");
    }
    free(rows);
    return rc;
}

static void headlines(stat_report *r, const stat_section *all)
{
    for (int c = 0; c < NCOLS; c++)
        stat_headline_add(r, COLS[c].key, COLS[c].title, COLS[c].unit, all->total.v[c]);
}

int app_stats_billing(app_ctx *ctx, stat_report *r, err_t *e)
{
    static const char *const KEYS[S__N][3] = {
        {"by_month", "調定周期（月）別", "調定周期"}, {"by_use", "用途別", "用途"}, {"by_diameter", "口径別", "口径"},
        {"by_area", "地区別", "地区"}, {"by_sewer", "下水道（事業者）別", "下水道"}, {"by_kind", "調定の種類別", "種類"},
    };
    stats_bill_cell *cells = NULL;
    size_t n = 0;
    int rc = stats_billing_store_cube(ctx->db, r->period.first, r->period.last, &cells, &n, e);
    stat_section *sec[S__N] = {0};
    for (int k = 0; !rc && k < S__N; k++)
        if (!(sec[k] = stat_section_add(r, KEYS[k][0], KEYS[k][1], KEYS[k][2], COLS, NCOLS)))
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "stats: too many sections");
    for (size_t i = 0; !rc && i < n; i++)
        if (!fold(sec, &cells[i]))
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "stats: out of memory");
    free(cells);
    if (rc)
        return rc;
    for (int k = S_USE; k < S__N; k++)
        stat_section_sort(sec[k]);
    stat_section_finish(sec[S_MONTH]);
    if ((rc = services(r, sec[S_MONTH], e)) || (rc = corrections(ctx, r, e)))
        return rc;
    stat_report_finish(r);
    headlines(r, &r->sec[S_MONTH]);
    r->note = "調定周期が期間内にある有効な調定（更正後のもの）を数えます。水道料金・下水道使用料は消費税等を含み、"
              "調定額は水道料金＋下水道使用料＋減免等の調整額です。";
    r->chart_sec = r->period.months > 1 ? S_MONTH : S_USE;
    r->chart_col = SBV_TOTAL;
    r->chart_title = r->period.months > 1 ? "調定額の推移（月別）" : "調定額（用途別）";
    return 0;
}
