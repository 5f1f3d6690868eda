/* check_store — see check_store.h.  Each statement gives the same columns:
 * tap_no, bill id (0 none), and the two values that disagree, as text. */
#include "store/checks/check_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define CUR_BILLS " FROM bills b JOIN taps t ON t.id = b.tap_id WHERE b.cycle = $1 AND b.status = 'current'"

static const char SQL_NO_SEWER[] =
    "SELECT t.tap_no, b.id, a.sewer, b.sewer_operator FROM bills b JOIN taps t ON t.id = b.tap_id"
    " JOIN areas a ON a.code = t.area_code WHERE b.cycle = $1 AND b.status = 'current'"
    " AND b.sewer_operator = 'none' AND a.sewer <> 'none' ORDER BY t.tap_no, b.id";
static const char SQL_SEWER_ZERO[] =
    "SELECT t.tap_no, b.id, CAST(b.usage AS TEXT), CAST(b.sewer_usage AS TEXT)" CUR_BILLS
    " AND b.sewer_operator <> 'none' AND b.usage > 0 AND b.sewer_usage = 0 ORDER BY t.tap_no, b.id";
/* The parent: the tap the complex's application names. */
static const char SQL_CHILD_SEWER[] =
    "SELECT t.tap_no, 0, p.sewer, t.sewer FROM works_dwellings d"
    " JOIN works_applications w ON w.id = d.application_id JOIN taps t ON t.id = d.tap_id JOIN taps p ON p.id = w.tap_id"
    " WHERE d.tap_id > 0 AND w.type = 'complex' AND w.tap_id > 0 AND p.id <> t.id AND t.sewer <> p.sewer"
    " AND t.status <> 'removed' ORDER BY t.tap_no";
/* meters_one_per_tap: the tap's installed meter. */
static const char SQL_DIAMETER[] =
    "SELECT t.tap_no, b.id, CAST(m.diameter AS TEXT), CAST(b.diameter AS TEXT) FROM bills b"
    " JOIN taps t ON t.id = b.tap_id JOIN meters m ON m.tap_id = b.tap_id AND m.status = 'installed'"
    " WHERE b.cycle = $1 AND b.status = 'current' AND m.diameter <> b.diameter ORDER BY t.tap_no, b.id";
/* occupancies_tap (tap_id, start_on) finds the customer of the reading day. */
static const char SQL_NO_CUSTOMER[] =
    "SELECT t.tap_no, 0, r.read_on, CAST(r.usage AS TEXT) FROM readings r JOIN taps t ON t.id = r.tap_id"
    " WHERE r.cycle = $1 AND r.status <> 'replaced' AND r.usage > 0"
    " AND NOT EXISTS (SELECT 1 FROM occupancies o WHERE o.tap_id = r.tap_id AND o.start_on <= r.read_on"
    "  AND (o.end_on IS NULL OR o.end_on >= r.read_on))"
    " ORDER BY t.tap_no, r.read_on";
/* bills_tap_cycle: the tap's third newest cycle up to this one, then any
 * bill read (not estimated) since. */
#define THIRD                                                                                              \
    "(SELECT b3.cycle FROM bills b3 WHERE b3.tap_id = b.tap_id AND b3.status = 'current' AND b3.cycle <= $1" \
    " ORDER BY b3.cycle DESC LIMIT 1 OFFSET 2)"
static const char SQL_ESTIMATED[] =
    "SELECT t.tap_no, b.id, " THIRD ", b.cycle" CUR_BILLS " AND b.estimated = 1 AND " THIRD " IS NOT NULL"
    " AND NOT EXISTS (SELECT 1 FROM bills b2 WHERE b2.tap_id = b.tap_id AND b2.status = 'current'"
    "  AND b2.cycle <= $1 AND b2.cycle >= " THIRD " AND b2.estimated = 0)"
    " ORDER BY t.tap_no, b.id";
static const char SQL_LAST_CYCLE[] = "SELECT COALESCE(MAX(cycle), '') FROM bills WHERE status = 'current'";
static const char SQL_WATER_BILLS[] =
    "SELECT b.id, t.tap_no, b.use_code, b.water_tariff, b.diameter, b.months, b.days, b.water_yen" CUR_BILLS
    " AND b.water_tariff <> '' ORDER BY t.tap_no, b.id";

/* Indexed by the kind numbers of check_kinds.h (under-base: NULL). */
static const char *const LISTS[] = {SQL_NO_SEWER, SQL_SEWER_ZERO, SQL_CHILD_SEWER, SQL_DIAMETER, SQL_NO_CUSTOMER,
                                    SQL_ESTIMATED};

int check_store_list(db_conn *c, int kind, const char *cycle, int64_t limit, check_row **rows, size_t *n,
                     int64_t *total, err_t *e)
{
    *rows = NULL;
    *n = 0;
    *total = 0;
    if (kind < 0 || kind >= (int)(sizeof LISTS / sizeof LISTS[0]))
        return err_set(e, ERR_INTERNAL, NULL, NULL, "check kind %d has no query", kind);
    db_stmt *s = db_prepare(c, LISTS[kind], e);
    if (!s)
        return e->code;
    if (kind != 2)
        db_bind_text(s, 1, cycle);
    size_t cap = 0;
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        (*total)++;
        if ((int64_t)*n >= limit)
            continue;
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            check_row *g = realloc(*rows, nc * sizeof *g);
            if (!g) {
                db_done(s);
                free(*rows);
                *rows = NULL;
                *n = 0;
                return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
            }
            *rows = g;
            cap = nc;
        }
        check_row *r = &(*rows)[(*n)++];
        memset(r, 0, sizeof *r);
        str_copy(r->tap_no, sizeof r->tap_no, db_col_text(s, 0));
        r->bill_id = db_col_i64(s, 1);
        str_copy(r->a, sizeof r->a, db_col_text(s, 2));
        str_copy(r->b, sizeof r->b, db_col_text(s, 3));
    }
    db_done(s);
    if (st == DB_ERROR) {
        free(*rows);
        *rows = NULL;
        *n = 0;
        return e->code;
    }
    return 0;
}

int check_store_last_cycle(db_conn *c, char cycle[8], err_t *e)
{
    cycle[0] = '\0';
    db_stmt *s = db_prepare(c, SQL_LAST_CYCLE, e);
    if (!s)
        return e->code;
    int st = db_step(s, e);
    if (st == DB_ROW)
        str_copy(cycle, 8, db_col_text(s, 0));
    db_done(s);
    return st == DB_ERROR ? e->code : 0;
}

static void read_bill(db_stmt *s, void *row)
{
    check_bill *b = row;
    int i = 0;
    b->id = db_col_i64(s, i++);
    str_copy(b->tap_no, sizeof b->tap_no, db_col_text(s, i++));
    str_copy(b->use_code, sizeof b->use_code, db_col_text(s, i++));
    str_copy(b->water_tariff, sizeof b->water_tariff, db_col_text(s, i++));
    b->diameter = db_col_i64(s, i++);
    b->months = db_col_i64(s, i++);
    b->days = db_col_i64(s, i++);
    b->water_yen = db_col_i64(s, i++);
}

int check_store_water_bills(db_conn *c, const char *cycle, check_bill **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_WATER_BILLS, e);
    if (!s)
        return e->code;
    db_bind_text(s, 1, cycle);
    return db_collect(s, read_bill, sizeof **rows, (void **)rows, n, e);
}

static const char SQL_COUNTS_LOAD[] = "SELECT kind, n, counted_at FROM check_counts WHERE cycle = $1";
static const char SQL_COUNTS_SAVE[] =
    "INSERT INTO check_counts (cycle, kind, n, counted_at) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (cycle, kind) DO UPDATE SET n = excluded.n, counted_at = excluded.counted_at";

int check_store_counts_load(db_conn *c, const char *cycle, const char *const *codes, size_t nkinds, int64_t *n,
                            int64_t *counted_at, err_t *e)
{
    for (size_t i = 0; i < nkinds; i++)
        n[i] = counted_at[i] = 0;
    db_stmt *s = db_prepare(c, SQL_COUNTS_LOAD, e);
    if (!s)
        return e->code;
    db_bind_text(s, 1, cycle);
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        const char *kind = db_col_text(s, 0);
        for (size_t i = 0; i < nkinds; i++)
            if (strcmp(codes[i], kind) == 0) {
                n[i] = db_col_i64(s, 1);
                counted_at[i] = db_col_i64(s, 2);
            }
    }
    db_done(s);
    return st == DB_ERROR ? e->code : 0;
}

int check_store_counts_save(db_conn *c, const char *cycle, const char *const *codes, size_t nkinds,
                            const int64_t *n, int64_t at, err_t *e)
{
    for (size_t i = 0; i < nkinds; i++) {
        db_stmt *s = db_prepare(c, SQL_COUNTS_SAVE, e);
        if (!s)
            return e->code;
        db_bind_text(s, 1, cycle);
        db_bind_text(s, 2, codes[i]);
        db_bind_i64(s, 3, n[i]);
        db_bind_i64(s, 4, at);
        if (db_exec(s, e))
            return e->code;
    }
    return 0;
}
