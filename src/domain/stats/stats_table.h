/* stats_table — one statistics report as its renderers take it (統計の表):
 * a title, the period in words, the column titles, rows of a label
 * and integer values (counts, m³, yen: never fractions), the 合計 row, and
 * which columns the chart stacks.  Every format (screen and SVG chart,
 * CSV, XLSX, JSON) is drawn from this alone.
 *
 * Ownership: rows are malloc'd by stats_table_add and freed by
 * stats_table_free; strings are copied in. */
#ifndef SUIDO_STATS_TABLE_H
#define SUIDO_STATS_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STATS_TABLE_MAXCOLS 16

typedef struct stats_table_row {
    char label[160];
    int64_t v[STATS_TABLE_MAXCOLS];
} stats_table_row;

typedef struct stats_table {
    char name[32];                 /* "meter_forecast" */
    char title[96];                /* 「メーター検定満了予測（年度・口径別）」 */
    char period[96];               /* the period or day in words */
    char head[48];                 /* the label column's title: 「路線」 */
    char cols[STATS_TABLE_MAXCOLS][48];
    char keys[STATS_TABLE_MAXCOLS][24]; /* the columns' JSON names ("held") */
    int ncols;
    stats_table_row *rows;
    size_t nrows, cap;
    bool has_total;                /* the 合計 row is meaningful (sums of the rows) */
    int64_t total[STATS_TABLE_MAXCOLS];
    int chart_from, chart_to;      /* the columns stacked in the chart, inclusive; chart_from -1: no chart */
    bool failed;                   /* an allocation failed */
} stats_table;

/* An empty table with its columns (titles and keys, n of each). */
void stats_table_init(stats_table *t, const char *name, const char *title, const char *head, const char *const *cols,
                      const char *const *keys, int ncols);
/* Append a row (ncols values from v); false (and t->failed) when out of memory. */
bool stats_table_add(stats_table *t, const char *label, const int64_t *v);
/* total[] = the sums of the rows; has_total = true. */
void stats_table_sum(stats_table *t);
void stats_table_free(stats_table *t);

#endif
