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

#endif
