/* receipt_store — see receipt_store.h. */
#include "store/collect/receipt_store.h"

#include <string.h>

#include "base/buf.h"

/* An arbitrary, fixed key of the transaction-scoped advisory lock. */
static const char SQL_LOCK_PG[] = "SELECT pg_advisory_xact_lock(7246110)";
static const char SQL_LAST[] =
    "SELECT COALESCE(MAX(receipt_no), '') FROM payments WHERE receipt_no LIKE $1 AND receipt_no <> ''";

static void read_text(db_stmt *s, void *row)
{
    str_copy(row, 24, db_col_text(s, 0));
}

int receipt_store_last(db_conn *c, const char *prefix, char out[24], err_t *e)
{
    out[0] = '\0';
    if (db_kind(c) == DB_PG) {
        db_stmt *l = db_prepare(c, SQL_LOCK_PG, e);
        if (!l)
            return ERR_DB;
        int rc = db_exec(l, e);
        if (rc)
            return rc;
    }
    db_stmt *s = db_prepare(c, SQL_LAST, e);
    if (!s)
        return ERR_DB;
    char like[40];
    str_fmt(like, sizeof like, "%s%%", prefix);
    db_bind_text(s, 1, like);
    int rc = db_one(s, read_text, out, e);
    return rc == ERR_NOTFOUND ? 0 : rc;
}
