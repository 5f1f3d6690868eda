/* stats_table — see stats_table.h. */
#include "domain/stats/stats_table.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

void stats_table_init(stats_table *t, const char *name, const char *title, const char *head, const char *const *cols,
                      const char *const *keys, int ncols)
{
    memset(t, 0, sizeof *t);
    str_copy(t->name, sizeof t->name, name);
    str_copy(t->title, sizeof t->title, title);
    str_copy(t->head, sizeof t->head, head);
    if (ncols > STATS_TABLE_MAXCOLS)
        ncols = STATS_TABLE_MAXCOLS;
    for (int i = 0; i < ncols; i++) {
        str_copy(t->cols[i], sizeof t->cols[i], cols[i]);
        str_copy(t->keys[i], sizeof t->keys[i], keys[i]);
    }
    t->ncols = ncols;
    t->chart_from = t->chart_to = -1;
}

bool stats_table_add(stats_table *t, const char *label, const int64_t *v)
{
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        stats_table_row *r = realloc(t->rows, cap * sizeof *r);
        if (!r) {
            t->failed = true;
            return false;
        }
        t->rows = r;
        t->cap = cap;
    }
    stats_table_row *r = &t->rows[t->nrows++];
    memset(r, 0, sizeof *r);
    str_copy(r->label, sizeof r->label, label);
    for (int i = 0; i < t->ncols; i++)
        r->v[i] = v[i];
    return true;
}

void stats_table_sum(stats_table *t)
{
    memset(t->total, 0, sizeof t->total);
    for (size_t i = 0; i < t->nrows; i++)
        for (int k = 0; k < t->ncols; k++)
            t->total[k] += t->rows[i].v[k];
    t->has_total = true;
}

void stats_table_free(stats_table *t)
{
    free(t->rows);
    t->rows = NULL;
    t->nrows = t->cap = 0;
}
