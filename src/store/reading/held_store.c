/* held_store — see held_store.h. */
#include "store/reading/held_store.h"

#include <string.h>

#include "base/buf.h"

/* The comparisons are the regular readings (actual or estimated, accepted)
 * of the same tap: the newest before this one, and the one of the cycle a
 * year before ("2026-11" -> "2025-11", written the same way on both
 * engines). */
#define HELD_SQL(from)                                                                                          \
    "SELECT r.id, t.tap_no, m.meter_no, r.cycle, r.read_on, t.route, r.value, r.prev_value, r.days, r.usage,"  \
    " r.reread, r.reasons, r.entered_by,"                                                                      \
    " COALESCE((SELECT p.usage FROM readings p WHERE p.tap_id = r.tap_id AND p.status = 'accepted'"            \
    "   AND p.kind IN ('actual', 'estimated') AND p.read_on < r.read_on ORDER BY p.read_on DESC, p.id DESC"    \
    "   LIMIT 1), -1),"                                                                                        \
    " COALESCE((SELECT p.days FROM readings p WHERE p.tap_id = r.tap_id AND p.status = 'accepted'"             \
    "   AND p.kind IN ('actual', 'estimated') AND p.read_on < r.read_on ORDER BY p.read_on DESC, p.id DESC"    \
    "   LIMIT 1), -1),"                                                                                        \
    " COALESCE((SELECT y.usage FROM readings y WHERE y.tap_id = r.tap_id AND y.status = 'accepted'"            \
    "   AND y.kind IN ('actual', 'estimated')"                                                                 \
    "   AND y.cycle = CAST(CAST(substr(r.cycle, 1, 4) AS INTEGER) - 1 AS TEXT) || substr(r.cycle, 5)"          \
    "   ORDER BY y.read_on DESC, y.id DESC LIMIT 1), -1),"                                                     \
    " COALESCE((SELECT y.days FROM readings y WHERE y.tap_id = r.tap_id AND y.status = 'accepted'"             \
    "   AND y.kind IN ('actual', 'estimated')"                                                                 \
    "   AND y.cycle = CAST(CAST(substr(r.cycle, 1, 4) AS INTEGER) - 1 AS TEXT) || substr(r.cycle, 5)"          \
    "   ORDER BY y.read_on DESC, y.id DESC LIMIT 1), -1)"                                                      \
    " FROM " from " JOIN taps t ON t.id = r.tap_id JOIN meters m ON m.id = r.meter_id"                         \
    " WHERE r.status = 'held' AND ($1 = '' OR r.cycle = $1) AND ($2 = '' OR t.route = $2)"                    \
    " ORDER BY t.route, t.route_order, t.tap_no, r.read_on, r.id LIMIT $3"
/* SQLite without statistics would walk readings_cycle over every year. */
static const char SQL_SQLITE[] = HELD_SQL("readings r INDEXED BY readings_held");
static const char SQL_PG[] = HELD_SQL("readings r");

static void row_fn(db_stmt *s, void *p)
{
    held_row *h = p;
    int i = 0;
    h->id = db_col_i64(s, i++);
    str_copy(h->tap_no, sizeof h->tap_no, db_col_text(s, i++));
    str_copy(h->meter_no, sizeof h->meter_no, db_col_text(s, i++));
    str_copy(h->cycle, sizeof h->cycle, db_col_text(s, i++));
    str_copy(h->read_on, sizeof h->read_on, db_col_text(s, i++));
    str_copy(h->route, sizeof h->route, db_col_text(s, i++));
    h->value = db_col_i64(s, i++);
    h->prev_value = db_col_i64(s, i++);
    h->days = db_col_i64(s, i++);
    h->usage = db_col_i64(s, i++);
    h->reread = db_col_i64(s, i++);
    str_copy(h->reasons, sizeof h->reasons, db_col_text(s, i++));
    str_copy(h->entered_by, sizeof h->entered_by, db_col_text(s, i++));
    h->prev_usage = db_col_i64(s, i++);
    h->prev_days = db_col_i64(s, i++);
    h->ly_usage = db_col_i64(s, i++);
    h->ly_days = db_col_i64(s, i++);
}

int held_store_list(db_conn *c, const char *cycle, const char *route, size_t limit, held_row **rows, size_t *n,
                    err_t *e)
{
    db_stmt *s = db_prepare(c, db_kind(c) == DB_SQLITE ? SQL_SQLITE : SQL_PG, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, cycle ? cycle : "");
    db_bind_text(s, 2, route ? route : "");
    db_bind_i64(s, 3, (int64_t)limit);
    return db_collect(s, row_fn, sizeof **rows, (void **)rows, n, e);
}
