/* app_stats_registry — 水栓・使用者統計 (docs/statistics.md 「水栓・使用者
 * 統計」): taps and customers on the period's last day (today when the
 * period runs on past it), by use, by diameter and by both, from one
 * grouped scan (store/stats/stats_registry_store). */
#include "app/stats/app_stats_reports.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "domain/tapinfo.h"
#include "store/stats/stats_registry_store.h"

static const stat_col COLS[STATS_RG_NCOLS] = {
    {"taps", "水栓数", STAT_COUNT, 0, 0},
    {"in_use", "使用中（使用者あり）", STAT_COUNT, 0, 0},
    {"idle", "未使用（閉栓・休止）", STAT_COUNT, 0, 0},
};

enum { S_USE, S_DIAMETER, S_BOTH, S__N };

static bool fold(stat_section *sec[S__N], const stats_store_row *c)
{
    char key[64], label[200];
    const char *use = tapinfo_label(TAPINFO_USES, c->key);
    bool ok = stat_row_addv(sec[S_USE], c->key, use, c->v, STATS_RG_NCOLS);
    str_fmt(label, sizeof label, "%smm", c->label);
    ok = ok && stat_row_addv(sec[S_DIAMETER], c->label, label, c->v, STATS_RG_NCOLS);
    str_fmt(key, sizeof key, "%s|%s", c->key, c->label);
    str_fmt(label, sizeof label, "%s %smm", use, c->label);
    return ok && stat_row_addv(sec[S_BOTH], key, label, c->v, STATS_RG_NCOLS);
}

int app_stats_registry(app_ctx *ctx, stat_report *r, err_t *e)
{
    static const char *const KEYS[S__N][3] = {
        {"by_use", "用途別", "用途"},
        {"by_diameter", "口径別", "口径"},
        {"by_use_diameter", "用途・口径別", "用途・口径"},
    };
    civil_date today = date_today_jst(), day = r->period.to;
    if (date_cmp(day, today) > 0)
        day = today;
    char day_iso[11], end_s[24];
    date_format_iso(day, day_iso);
    str_fmt(end_s, sizeof end_s, "%lld", (long long)((date_to_days(day) + 1) * 86400 - 9 * 3600));
    stats_store_row *cells = NULL;
    size_t n = 0;
    int64_t customers = 0;
    int rc = stats_registry_store_cube(ctx->db, day_iso, end_s, &cells, &n, e);
    stat_section *sec[S__N] = {0};
    if (!rc)
        rc = app_stats_sections(r, KEYS, S__N, COLS, STATS_RG_NCOLS, sec, e);
    for (size_t i = 0; !rc && i < n; i++)
        if (strcmp(cells[i].key, STATS_RG_CUSTOMERS_KEY) == 0)
            customers = cells[i].v[0];
        else if (!fold(sec, &cells[i]))
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "stats: out of memory");
    free(cells);
    if (rc)
        return rc;
    stat_section_sort(sec[S_USE]);
    stat_section_sort(sec[S_DIAMETER]);
    stat_report_finish(r);
    for (int c = 0; c < STATS_RG_NCOLS; c++)
        stat_headline_add(r, COLS[c].key, COLS[c].title, STAT_COUNT, sec[S_USE]->total.v[c]);
    stat_headline_add(r, "customers", "使用者数（重複なし）", STAT_COUNT, customers);
    r->note = "期間の末日（今日より後なら今日）現在の水栓を数えます（撤去済みは除く）。使用中は、その日に使用者"
              "（使用期間）のある水栓です。用途・口径は今の登録のものです。使用者数は、複数の水栓をもつ使用者を一人と数えます。";
    r->chart_sec = S_USE;
    r->chart_col = STATS_RG_TAPS;
    r->chart_title = "水栓数（用途別）";
    return 0;
}
