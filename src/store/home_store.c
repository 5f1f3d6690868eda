/* home_store — see home_store.h. */
#include "store/home_store.h"

#include <string.h>

/* Held readings through their partial index: SQLite, without statistics,
 * would rather scan every reading of every year (0.13 s at 120,000 taps). */
#define COUNTS_TAIL                                                                                     \
    " (SELECT COUNT(*) FROM suspense WHERE status = 'open'),"                                          \
    " (SELECT COALESCE(SUM(p.amount), 0) FROM suspense s JOIN payments p ON p.id = s.payment_id"       \
    "  WHERE s.status = 'open'),"                                                                      \
    " (SELECT COUNT(*) FROM approvals WHERE status = 'pending'),"                                      \
    " (SELECT COUNT(*) FROM work_orders WHERE due_on = $1 AND status = 'open'),"                       \
    " (SELECT COUNT(*) FROM work_orders WHERE due_on = $1 AND status <> 'cancelled')"
static const char SQL_COUNTS_SQLITE[] =
    "SELECT (SELECT COUNT(*) FROM applications WHERE status = 'received'),"
    " (SELECT COUNT(*) FROM readings INDEXED BY readings_held WHERE status = 'held')," COUNTS_TAIL;
static const char SQL_COUNTS_PG[] =
    "SELECT (SELECT COUNT(*) FROM applications WHERE status = 'received'),"
    " (SELECT COUNT(*) FROM readings WHERE status = 'held')," COUNTS_TAIL;

static void counts_fn(db_stmt *s, void *p)
{
    home_counts *h = p;
    h->applications = db_col_i64(s, 0);
    h->held = db_col_i64(s, 1);
    h->suspense = db_col_i64(s, 2);
    h->suspense_yen = db_col_i64(s, 3);
    h->approvals = db_col_i64(s, 4);
    h->orders_open = db_col_i64(s, 5);
    h->orders_day = db_col_i64(s, 6);
}

int home_store_counts(db_conn *c, const char *day, home_counts *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, db_kind(c) == DB_SQLITE ? SQL_COUNTS_SQLITE : SQL_COUNTS_PG, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, day);
    return db_one(s, counts_fn, out, e);
}
