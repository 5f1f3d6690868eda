/* app_works_report — the works statistics and lists (工事統計・帳票, issue 18
 * item 7; docs/works.md "統計・帳票"):
 *
 * - the statistics of a month or a fiscal year (domain/stats/stat_period):
 *   the applications by type, diameter, area and contractor, each counted
 *   as received, approved, completed and cancelled in the period by the
 *   date of that step; the 加入金 and fees assessed on the applications
 *   received in the period, and what is paid of them, by diameter;
 * - the progress list (進捗一覧): every open application by its current
 *   step (the order of the steps), the longest in its step first, with the
 *   days in it and the overdue mark (works.overdue_days, the search's rule).
 *   The overdue list is the search's (app_works_search, overdue "1").
 *
 * PERM_WORKS_VIEW; reads only, no personal data, not audited (as the
 * search).
 *
 * Ownership: filled into the caller's structs; free with the _free. */
#ifndef SUIDO_APP_WORKS_REPORT_H
#define SUIDO_APP_WORKS_REPORT_H

#include "app/works/app_works_application.h"
#include "domain/stats/stat_period.h"
#include "store/works/works_report_store.h"

typedef struct app_works_stats {
    stat_period period;
    char today[11];
    works_stat_row *dims[WORKS_NDIMS];   /* the rows of each dimension */
    size_t n[WORKS_NDIMS];
    works_stat_row total;                /* the four counts over every application */
    works_fee_row *fees;                 /* by diameter */
    size_t nfees;
    works_fee_row fee_total;
} app_works_stats;

/* The statistics of month ("YYYY-MM") or year ("YYYY", 年度); neither: this
 * month.  ERR_INVALID naming "month" or "year". */
int app_works_report_stats(app_ctx *ctx, const char *month, const char *year, app_works_stats *out, err_t *e);
void app_works_stats_free(app_works_stats *s);

/* The dimension's title (種別別, 口径別, 町丁目別, 事業者別) and a row's
 * label ("新設", "20mm", the area's name, "指定番号 商号"). */
const char *app_works_dim_title(int dim);
void app_works_stat_label(int dim, const works_stat_row *r, char *out, size_t outsz);

/* The progress list into out (every row; page 1 of 1). */
int app_works_report_progress(app_ctx *ctx, app_works_page *out, err_t *e);

#endif
