/* stats_store_row — see stats_store_row.h. */
#include "store/stats/stats_store_row.h"

#include "base/buf.h"

static void row_fn(db_stmt *s, void *p)
{
    stats_store_row *r = p;
    str_copy(r->key, sizeof r->key, db_col_text(s, 0));
    str_copy(r->label, sizeof r->label, db_col_text(s, 1));
    r->key2 = db_col_i64(s, 2);
    for (int i = 0; i < STATS_STORE_NV; i++)
        r->v[i] = db_col_i64(s, 3 + i);
}

int stats_store_collect(db_stmt *s, stats_store_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    return db_collect(s, row_fn, sizeof **rows, (void **)rows, n, e);
}

int stats_store_query(db_conn *c, const char *sql, const char *p1, const char *p2, stats_store_row **rows, size_t *n,
                      err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    if (p1)
        db_bind_text(s, 1, p1);
    if (p2)
        db_bind_text(s, 2, p2);
    return stats_store_collect(s, rows, n, e);
}
