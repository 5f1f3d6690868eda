/* stats_store — see stats_store.h. */
#include "store/stats/stats_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

static stats_store_row *grow(stats_store_row **rows, size_t n, size_t *cap)
{
    if (n == *cap) {
        size_t nc = *cap ? *cap * 2 : 32;
        stats_store_row *r = realloc(*rows, nc * sizeof *r);
        if (!r)
            return NULL;
        *rows = r;
        *cap = nc;
    }
    return &(*rows)[n];
}

int stats_store_rows(db_conn *c, const char *sql, const char *const *params, int nparams, int nvals,
                     stats_store_row **rows, size_t *n, err_t *e)
{
    if (nvals < 0 || nvals > STATS_STORE_MAXV)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "stats store: %d values", nvals);
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    for (int i = 0; i < nparams; i++)
        db_bind_text(s, i + 1, params[i]);
    size_t cap = *n;   /* the array holds at least *n rows; grow from there */
    int rc;
    while ((rc = db_step(s, e)) == DB_ROW) {
        stats_store_row *r = grow(rows, *n, &cap);
        if (!r) {
            db_done(s);
            return err_set(e, ERR_INTERNAL, NULL, NULL, "stats store: out of memory");
        }
        memset(r, 0, sizeof *r);
        str_copy(r->key, sizeof r->key, db_col_text(s, 0));
        str_copy(r->label, sizeof r->label, db_col_text(s, 1));
        for (int k = 0; k < nvals; k++)
            r->v[k] = db_col_i64(s, 2 + k);
        (*n)++;
    }
    db_done(s);
    return rc == DB_DONE ? 0 : ERR_DB;
}
