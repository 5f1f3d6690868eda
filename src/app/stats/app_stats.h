/* app_stats — the statistics reports (統計, issue 22 item 1;
 * docs/statistics.md): every report is a row of APP_STATS_REPORTS (a name,
 * a title, a one-line summary, a permission and a builder), made for a
 * period (a month, a fiscal year or a range of months: domain/stats/
 * stat_period) into the one shape every renderer reads (domain/stats/
 * stat_table: headlines, sections of rows with totals, a chart).
 *
 * Reports read only (one read transaction each) and hold no personal data:
 * a screen is not audited; an export (CSV, Excel, PDF, JSON from the
 * command line) is, as "stats.export" with the report, period and format.
 * The permission of every report so far is PERM_CUSTOMER_VIEW (the
 * staff's view permission: 調定 and 収納 screens read with it too).
 *
 * A new report: a builder (app_stats_<area>.c, declared in
 * app_stats_reports.h) and a row in the table (app_stats.c).
 *
 * Ownership: out is the caller's; free with stat_report_free. */
#ifndef SUIDO_APP_STATS_H
#define SUIDO_APP_STATS_H

#include <stddef.h>

#include "app/app.h"
#include "domain/stats/stat_table.h"

/* The period as typed (NULL or "" = not given); see stat_period_args. */
typedef struct app_stats_args {
    const char *month, *year, *from, *to;
} app_stats_args;

/* Fill r (initialised: name, title, period, today) inside a read
 * transaction; finish its sections (stat_report_finish) before returning. */
typedef int (*app_stats_build_fn)(app_ctx *ctx, stat_report *r, err_t *e);

typedef struct app_stats_def {
    const char *name;      /* "billing": the URL and the command's NAME */
    const char *title;     /* "調定統計" */
    const char *summary;   /* one line for the menu and `suido report list` */
    int perm;
    app_stats_build_fn build;
} app_stats_def;

extern const app_stats_def APP_STATS_REPORTS[];
extern const size_t APP_STATS_NREPORTS;

/* The report of name, or NULL. */
const app_stats_def *app_stats_find(const char *name);

/* Make report name for the period of a.  ERR_INVALID naming "name" (no
 * such report) or the period's field ("month", "year", "from", "to");
 * ERR_FORBIDDEN without the report's permission. */
int app_stats_run(app_ctx *ctx, const char *name, const app_stats_args *a, stat_report *out, err_t *e);

/* The formats a report is exported in ("csv", "csv-sjis", "xlsx", "pdf",
 * "json"), and whether fmt is one. */
extern const char *const APP_STATS_FORMATS[];
bool app_stats_format_ok(const char *fmt);

/* Audit the export of r as format fmt ("stats.export", a transaction of its
 * own). */
int app_stats_export_audit(app_ctx *ctx, const stat_report *r, const char *fmt, err_t *e);

#endif
