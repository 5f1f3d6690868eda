/* app_stats_yearend — 決算・水道統計 (docs/statistics.md 「決算・水道統計」):
 * the year-end tables a utility reports (the 決算書's 業務量 and the 水道統計's
 * 給水件数・有収水量・料金収入), by use and by diameter, for a fiscal year
 * (or any period): 給水件数 are the distinct taps billed in the period's
 * last two cycles (every tap, read monthly or every other month, is billed
 * in one of them); 有収水量 and 料金収入 are the period's current bills, as
 * the 調定統計 counts them. */
#include "app/stats/app_stats_reports.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "domain/stats/stat_labels.h"
#include "domain/tapinfo.h"
#include "store/stats/stats_billing_store.h"

enum { Y_TAPS, Y_VOLUME, Y_WATER, Y_SEWER, Y_TAX, Y_TOTAL, Y__N };
static const stat_col COLS[] = {
    {"taps", "給水件数", STAT_COUNT, 0, 0},
    {"volume_m3", "有収水量", STAT_M3, 0, 0},
    {"water_yen", "水道料金（税込）", STAT_YEN, 0, 0},
    {"sewer_yen", "下水道使用料（税込）", STAT_YEN, 0, 0},
    {"tax_yen", "うち消費税等", STAT_YEN, 0, 0},
    {"total_yen", "料金収入（調定額）", STAT_YEN, 0, 0},
};
static const stat_col MONTH_COLS[] = {
    {"bills", "調定件数", STAT_COUNT, 0, 0},
    {"volume_m3", "有収水量", STAT_M3, 0, 0},
    {"total_yen", "料金収入（調定額）", STAT_YEN, 0, 0},
};

#define OOM(e) err_set(e, ERR_INTERNAL, NULL, NULL, "stats: out of memory")

static void diameter_key(int64_t d, char key[40], char label[160])
{
    str_fmt(key, 40, "%lld", (long long)d);
    str_fmt(label, 160, "%lldmm", (long long)d);
}

static int fold_bills(stat_section *use, stat_section *dia, stat_section *mon, const stats_bill_cell *cells, size_t n,
                      err_t *e)
{
    for (size_t i = 0; i < n; i++) {
        const stats_bill_cell *c = &cells[i];
        int64_t v[Y__N] = {0, c->v[SBV_USAGE], c->v[SBV_WATER], c->v[SBV_SEWER], c->v[SBV_TAX], c->v[SBV_TOTAL]};
        int64_t m[3] = {c->v[SBV_BILLS], c->v[SBV_USAGE], c->v[SBV_TOTAL]};
        char key[40], label[160];
        diameter_key(c->diameter, key, label);
        bool ok = stat_row_addv(use, c->use_code, tapinfo_label(TAPINFO_USES, c->use_code), v, Y__N) &&
                  stat_row_addv(dia, key, label, v, Y__N);
        stat_month_label(c->cycle, label, sizeof label);
        if (!ok || !stat_row_addv(mon, c->cycle, label, m, 3))
            return OOM(e);
    }
    return 0;
}

/* The distinct taps of the last two cycles, keyed "use|diameter". */
static int fold_taps(app_ctx *ctx, const stat_report *r, stat_section *use, stat_section *dia, err_t *e)
{
    char first[8];
    stat_period_month(&r->period, r->period.months >= 2 ? r->period.months - 2 : 0, first);
    stats_store_row *rows = NULL;
    size_t n = 0;
    int rc = stats_billing_store_taps(ctx->db, first, r->period.last, &rows, &n, e);
    for (size_t i = 0; !rc && i < n; i++) {
        char u[40], key[40], label[160];
        str_copy(u, sizeof u, rows[i].key);
        char *bar = strchr(u, '|');
        long long d = 0;
        if (bar) {
            *bar = '\0';
            for (const char *p = bar + 1; *p >= '0' && *p <= '9'; p++)
                d = d * 10 + (*p - '0');
        }
        diameter_key(d, key, label);
        int64_t v[1] = {rows[i].v[0]};
        if (!stat_row_addv(use, u, tapinfo_label(TAPINFO_USES, u), v, 1) || !stat_row_addv(dia, key, label, v, 1))
            rc = OOM(e);
    }
    free(rows);
    return rc;
}

int app_stats_yearend(app_ctx *ctx, stat_report *r, err_t *e)
{
    stat_section *use = stat_section_add(r, "by_use", "用途別", "用途", COLS, Y__N);
    stat_section *dia = stat_section_add(r, "by_diameter", "口径別", "口径", COLS, Y__N);
    stat_section *mon = stat_section_add(r, "by_month", "月別（調定周期）", "調定周期", MONTH_COLS, 3);
    if (!use || !dia || !mon)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "stats: too many sections");
    stats_bill_cell *cells = NULL;
    size_t n = 0;
    int rc = stats_billing_store_cube(ctx->db, r->period.first, r->period.last, &cells, &n, e);
    if (!rc)
        rc = fold_bills(use, dia, mon, cells, n, e);
    free(cells);
    if (!rc)
        rc = fold_taps(ctx, r, use, dia, e);
    if (rc)
        return rc;
    stat_section_sort(dia);
    if (!stat_section_order(use, tapinfo_codes(TAPINFO_USES)))
        return OOM(e);
    stat_section_sort(mon);
    stat_report_finish(r);
    for (int c = 0; c < Y__N; c++)
        stat_headline_add(r, COLS[c].key, COLS[c].title, COLS[c].unit, use->total.v[c]);
    r->note = "給水件数は期間の最後の2か月の調定周期に調定のあった水栓の数（毎月・隔月検針のどちらも数えます）、"
              "有収水量と料金収入は期間内の調定周期の有効な調定の合計です（調定統計と同じ数え方）。"
              "料金収入は消費税等を含みます。";
    r->chart_sec = 2;
    r->chart_col = 1;
    r->chart_title = "有収水量の推移（月別）";
    return 0;
}
