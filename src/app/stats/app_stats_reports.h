/* app_stats_reports — the builders of the statistics reports (see
 * app_stats.h: each fills a stat_report inside the read transaction
 * app_stats_run opened).  Private to app/stats. */
#ifndef SUIDO_APP_STATS_REPORTS_H
#define SUIDO_APP_STATS_REPORTS_H

#include "app/stats/app_stats.h"

/* 調定統計 (app_stats_billing.c) */
int app_stats_billing(app_ctx *ctx, stat_report *r, err_t *e);
/* 収納統計 (app_stats_collect.c) */
int app_stats_collect(app_ctx *ctx, stat_report *r, err_t *e);
/* 決算・水道統計 (app_stats_yearend.c) */
int app_stats_yearend(app_ctx *ctx, stat_report *r, err_t *e);

/* Add n sections of the same columns, keys[k] = {key, title, head} each,
 * into out[0..n) (app_stats_sections.c); ERR_INTERNAL when the report is
 * full. */
int app_stats_sections(stat_report *r, const char *const keys[][3], int n, const stat_col *cols, int ncols,
                       stat_section **out, err_t *e);

/* 検針統計 (app_stats_reading.c) */
int app_stats_reading(app_ctx *ctx, stat_report *r, err_t *e);
/* 受付統計 (app_stats_reception.c) */
int app_stats_reception(app_ctx *ctx, stat_report *r, err_t *e);
/* 水栓・使用者統計 (app_stats_registry.c) */
int app_stats_registry(app_ctx *ctx, stat_report *r, err_t *e);
/* メーターの統計 (app_stats_meter.c): 検定満了・満了予測, 在庫移動, メーカー・ロット別 */
int app_stats_meter_expiry(app_ctx *ctx, stat_report *r, err_t *e);
int app_stats_meter_moves(app_ctx *ctx, stat_report *r, err_t *e);
int app_stats_meter_lot(app_ctx *ctx, stat_report *r, err_t *e);

#endif
