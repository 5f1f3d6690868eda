/* app_stats_more — the reading, reception, registry and meter reports of
 * the statistics (統計, issue 22 item 1; issue 21 item 5): each one built
 * as a stats_table (domain/stats/stats_table.h) for the renderers of every
 * format.  Definitions: docs/statistics.md, docs/meters.md.
 *
 * Permissions: the reading, reception and registry reports need
 * PERM_CUSTOMER_VIEW, the meter reports PERM_METER_VIEW.  Building a
 * report for a file (export) writes an audit row "stats.export" naming
 * the report, the period and the format; showing it on screen does not.
 *
 * Ownership: *out is the caller's; its rows are freed with
 * stats_table_free. */
#ifndef SUIDO_APP_STATS_MORE_H
#define SUIDO_APP_STATS_MORE_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "domain/stats/stats_table.h"

enum app_stats_kind {
    APP_STATS_PERIOD,   /* a month, a fiscal year or a range of months */
    APP_STATS_DAY,      /* the state on a day */
    APP_STATS_NOW,      /* the state now (the meter master) */
};

typedef struct app_stats_more_info {
    const char *name;   /* "reading_route" */
    const char *title;  /* 「検針統計（路線別）」 */
    int kind;           /* enum app_stats_kind */
    int perm;
} app_stats_more_info;

/* The reports, in menu order; n in *n. */
const app_stats_more_info *app_stats_more_list(size_t *n);
/* The report called name, or NULL. */
const app_stats_more_info *app_stats_more_find(const char *name);

/* What was typed: month "YYYY-MM", year "YYYY" (年度), from/to "YYYY-MM",
 * on "YYYY-MM-DD" ("" or NULL: not given).  A report takes the ones of its
 * kind and ignores the others. */
typedef struct app_stats_params {
    const char *month, *year, *from, *to, *on;
} app_stats_params;

/* Build report name.  format: "" for the screen, else the file's format
 * ("csv", "xlsx", "pdf", "json": audited).  ERR_NOTFOUND naming the field
 * "report" for an unknown name; ERR_INVALID naming the period's field;
 * ERR_FORBIDDEN. */
int app_stats_more_build(app_ctx *ctx, const char *name, const app_stats_params *p, const char *format,
                         stats_table *out, err_t *e);

#endif
