/* app_stats_reading — 検針統計 (docs/statistics.md 「検針統計」): the
 * readings of the period's cycles from one grouped scan
 * (store/stats/stats_reading_store: cycle × route × reader) folded into
 * the tables by month, route and reader. */
#include "app/stats/app_stats_reports.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "domain/stats/stat_labels.h"
#include "store/stats/stats_reading_store.h"

static const stat_col COLS[STATS_RD_NCOLS] = {
    {"readings", "検針件数", STAT_COUNT, 0, 0},   {"actual", "実検針", STAT_COUNT, 0, 0},
    {"estimated", "認定", STAT_COUNT, 0, 0},      {"held", "保留中", STAT_COUNT, 0, 0},
    {"confirmed", "保留後確認", STAT_COUNT, 0, 0}, {"leak", "漏水の疑い", STAT_COUNT, 0, 0},
};

enum { S_MONTH, S_ROUTE, S_READER, S__N };

/* The route's name of code, or "". */
static const char *route_name(const stats_store_row *routes, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(routes[i].key, code) == 0)
            return routes[i].label;
    return "";
}

static bool fold(stat_section *sec[S__N], const stats_store_row *c, const stats_store_row *routes, size_t nroutes)
{
    char label[200], route[40];
    stat_month_label(c->key, label, sizeof label);
    bool ok = stat_row_addv(sec[S_MONTH], c->key, label, c->v, STATS_RD_NCOLS);
    const char *bar = strchr(c->label, '|');
    const char *reader = bar ? bar + 1 : "";
    str_copy(route, sizeof route, c->label);
    if (bar && (size_t)(bar - c->label) < sizeof route)
        route[bar - c->label] = '\0';
    const char *name = route_name(routes, nroutes, route);
    str_fmt(label, sizeof label, "%s%s%s", route, *name ? " " : "", name);
    ok = ok && stat_row_addv(sec[S_ROUTE], route, label, c->v, STATS_RD_NCOLS);
    return ok && stat_row_addv(sec[S_READER], reader, *reader ? reader : "（不明）", c->v, STATS_RD_NCOLS);
}

int app_stats_reading(app_ctx *ctx, stat_report *r, err_t *e)
{
    static const char *const KEYS[S__N][3] = {
        {"by_month", "検針周期（月）別", "検針周期"},
        {"by_route", "路線別", "路線"},
        {"by_reader", "検針員（入力者）別", "検針員"},
    };
    stats_store_row *cells = NULL, *routes = NULL;
    size_t n = 0, nroutes = 0;
    int rc = stats_reading_store_cube(ctx->db, r->period.first, r->period.last, &cells, &n, e);
    if (!rc)
        rc = stats_reading_store_routes(ctx->db, &routes, &nroutes, e);
    stat_section *sec[S__N] = {0};
    if (!rc)
        rc = app_stats_sections(r, KEYS, S__N, COLS, STATS_RD_NCOLS, sec, e);
    for (size_t i = 0; !rc && i < n; i++)
        if (!fold(sec, &cells[i], routes, nroutes))
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "stats: out of memory");
    free(cells);
    free(routes);
    if (rc)
        return rc;
    stat_section_sort(sec[S_ROUTE]);
    stat_section_sort(sec[S_READER]);
    stat_report_finish(r);
    for (int c = 0; c < STATS_RD_NCOLS; c++)
        stat_headline_add(r, COLS[c].key, COLS[c].title, COLS[c].unit, sec[S_MONTH]->total.v[c]);
    r->note = "期間内の検針周期の検針（実検針と認定。再検針で置き換えられたもの、取替・中止の指針は除く）を数えます。"
              "保留中は今も保留のもの、保留後確認は保留の後に別の職員が確認して確定したもの、"
              "漏水の疑いは検針時の点検で漏水の疑いとされたものです（保留・確認と重なります）。";
    r->chart_sec = r->period.months > 1 ? S_MONTH : S_ROUTE;
    r->chart_col = STATS_RD_TOTAL;
    r->chart_title = r->period.months > 1 ? "検針件数の推移（月別）" : "検針件数（路線別）";
    return 0;
}
