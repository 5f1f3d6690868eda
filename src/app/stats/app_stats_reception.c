/* app_stats_reception — 受付統計 (docs/statistics.md 「受付統計」): the
 * service requests received in the period (from 00:00 JST of its first
 * day to 00:00 JST after its last) by channel and kind, from one grouped
 * scan (store/stats/stats_reception_store). */
#include "app/stats/app_stats_reports.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "domain/reception.h"
#include "store/stats/stats_reception_store.h"

enum { C_TOTAL, C_START, C_STOP, C_NAME, C_OTHER, C_CANCELLED, C__N };

static const stat_col CHANNEL_COLS[C__N] = {
    {"requests", "受付件数", STAT_COUNT, 0, 0}, {"start", "使用開始", STAT_COUNT, 0, 0},
    {"stop", "使用中止", STAT_COUNT, 0, 0},     {"name_change", "名義変更", STAT_COUNT, 0, 0},
    {"other", "その他", STAT_COUNT, 0, 0},      {"cancelled", "うち取消", STAT_COUNT, 0, 0},
};
static const stat_col KIND_COLS[STATS_RC_NCOLS] = {
    {"requests", "受付件数", STAT_COUNT, 0, 0},
    {"cancelled", "うち取消", STAT_COUNT, 0, 0},
};

/* 00:00 JST of d as Unix seconds, in decimal. */
static void jst_midnight(civil_date d, int64_t plus_days, char out[24])
{
    str_fmt(out, 24, "%lld", (long long)((date_to_days(d) + plus_days) * 86400 - 9 * 3600));
}

static int kind_col(const char *kind)
{
    return strcmp(kind, "start") == 0 ? C_START : strcmp(kind, "stop") == 0 ? C_STOP
                                              : strcmp(kind, "name_change") == 0 ? C_NAME
                                                                                  : C_OTHER;
}

int app_stats_reception(app_ctx *ctx, stat_report *r, err_t *e)
{
    char from_s[24], to_s[24];
    jst_midnight(r->period.from, 0, from_s);
    jst_midnight(r->period.to, 1, to_s);
    stats_store_row *cells = NULL;
    size_t n = 0;
    int rc = stats_reception_store_cube(ctx->db, from_s, to_s, &cells, &n, e);
    stat_section *ch = rc ? NULL : stat_section_add(r, "by_channel", "受付経路別", "受付経路", CHANNEL_COLS, C__N);
    stat_section *kd = rc ? NULL : stat_section_add(r, "by_kind", "受付の種類別", "種類", KIND_COLS, STATS_RC_NCOLS);
    if (!rc && (!ch || !kd))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "stats: too many sections");
    for (size_t i = 0; !rc && i < n; i++) {
        const stats_store_row *c = &cells[i];
        int64_t v[C__N] = {0};
        v[C_TOTAL] = c->v[STATS_RC_COUNT];
        v[kind_col(c->label)] = c->v[STATS_RC_COUNT];
        v[C_CANCELLED] = c->v[STATS_RC_CANCELLED];
        const char *src = reception_source_label(c->key), *kind = reception_kind_label(c->label);
        if (!stat_row_addv(ch, c->key, src ? src : c->key, v, C__N) ||
            !stat_row_addv(kd, c->label, kind ? kind : c->label, c->v, STATS_RC_NCOLS))
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "stats: out of memory");
    }
    free(cells);
    if (rc)
        return rc;
    stat_report_finish(r);
    for (int c = 0; c < C__N; c++)
        stat_headline_add(r, CHANNEL_COLS[c].key, CHANNEL_COLS[c].title, STAT_COUNT, ch->total.v[c]);
    r->note = "期間内（初日の0時から末日の24時まで、日本時間）に受け付けた使用開始・中止・名義変更などの届出を、"
              "その後の処理（予定・完了・取消）にかかわらず数えます。取消になったものは「うち取消」にも数えます。";
    r->chart_sec = 0;
    r->chart_col = C_TOTAL;
    r->chart_title = "受付件数（受付経路別）";
    return 0;
}
