/* stats_collect_store — see stats_collect_store.h.
 *
 * The period's allocations are read from their sums by day, channel and
 * bill cycle (allocation_days); the open bills from bill_open alone. */
#include "store/stats/stats_collect_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

/* The allocations summed by day posted, channel and bill cycle
 * (allocation_days, migration 43, kept by alloc_store as allocations are
 * inserted): a few hundred rows a day by its primary key, whatever the
 * number of allocations. */
static const char SQL_ALLOCS[] =
    "SELECT channel, substr(posted_on, 1, 7), cycle, SUM(allocations), SUM(amount) FROM allocation_days"
    " WHERE posted_on BETWEEN $1 AND $2 GROUP BY channel, substr(posted_on, 1, 7), cycle ORDER BY 1, 2, 3";

/* $1 the first day of the fiscal year, $2 its first cycle: the bills written
 * off since $1 that are not open now (the open ones are SQL_OPEN's), each
 * bill by its key (CROSS JOIN keeps SQLite from walking every earlier bill
 * by bills_cycle instead). */
static const char SQL_CARRY_WRITTEN_OFF[] =
    "SELECT b.cycle, '', COUNT(*), SUM(b.total_yen - COALESCE(x.paid_yen, 0))"
    " FROM (SELECT DISTINCT bw.bill_id FROM writeoffs w JOIN bill_writeoffs bw ON bw.writeoff_id = w.id"
    "   WHERE w.decided_on >= $1) k CROSS JOIN bills b LEFT JOIN bill_balances x ON x.bill_id = b.id"
    " WHERE b.id = k.bill_id AND b.status = 'current' AND b.cycle < $2"
    " AND NOT EXISTS (SELECT 1 FROM bill_open o WHERE o.bill_id = b.id)"
    " GROUP BY b.cycle ORDER BY b.cycle";

/* The allocations posted $1..$2 by their bill's cycle, from allocation_days
 * as SQL_ALLOCS. */
static const char SQL_PAID_BY_CYCLE[] =
    "SELECT cycle, '', SUM(allocations), SUM(amount) FROM allocation_days WHERE posted_on BETWEEN $1 AND $2"
    " GROUP BY cycle ORDER BY cycle";

/* The write-offs of the period by writeoffs_decided, then their bills. */
static const char SQL_WRITEOFFS[] =
    "SELECT b.cycle, '', COUNT(*), SUM(bw.water_yen + bw.sewer_yen)"
    " FROM writeoffs w JOIN bill_writeoffs bw ON bw.writeoff_id = w.id CROSS JOIN bills b"
    " WHERE b.id = bw.bill_id AND w.decided_on BETWEEN $1 AND $2 GROUP BY b.cycle ORDER BY b.cycle";

/* The open bills by due day and cycle, what is owed of each kept on its
 * bill_open row (migration 47): one pass over that narrow table serving the
 * aging (by due day) and the carry-over (by cycle). */
static const char SQL_OPEN[] =
    "SELECT due_on, cycle, COUNT(*), SUM(owed_yen) FROM bill_open GROUP BY due_on, cycle ORDER BY due_on, cycle";

static const char SQL_BILLED[] =
    "SELECT b.cycle, '', COUNT(*), SUM(b.total_yen) FROM bills b"
    " WHERE b.cycle BETWEEN $1 AND $2 AND b.status = 'current' GROUP BY b.cycle ORDER BY b.cycle";

static void alloc_fn(db_stmt *s, void *p)
{
    stats_alloc_cell *r = p;
    str_copy(r->channel, sizeof r->channel, db_col_text(s, 0));
    str_copy(r->month, sizeof r->month, db_col_text(s, 1));
    str_copy(r->cycle, sizeof r->cycle, db_col_text(s, 2));
    r->allocations = db_col_i64(s, 3);
    r->amount = db_col_i64(s, 4);
}

int stats_collect_store_allocs(db_conn *c, const char *from, const char *to, stats_alloc_cell **rows, size_t *n,
                               err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_ALLOCS, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, from);
    db_bind_text(s, 2, to);
    return db_collect(s, alloc_fn, sizeof **rows, (void **)rows, n, e);
}

int stats_collect_store_carry_written_off(db_conn *c, const char *fy_start, const char *fy_cycle,
                                          stats_store_row **rows, size_t *n, err_t *e)
{
    return stats_store_rows2(c, SQL_CARRY_WRITTEN_OFF, fy_start, fy_cycle, 2, rows, n, e);
}

int stats_collect_store_paid_by_cycle(db_conn *c, const char *from, const char *to, stats_store_row **rows,
                                      size_t *n, err_t *e)
{
    return stats_store_rows2(c, SQL_PAID_BY_CYCLE, from, to, 2, rows, n, e);
}

int stats_collect_store_writeoffs(db_conn *c, const char *from, const char *to, stats_store_row **rows, size_t *n,
                                  err_t *e)
{
    return stats_store_rows2(c, SQL_WRITEOFFS, from, to, 2, rows, n, e);
}

int stats_collect_store_open(db_conn *c, stats_store_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    return stats_store_rows(c, SQL_OPEN, NULL, 0, 2, rows, n, e);
}

int stats_collect_store_billed(db_conn *c, const char *first, const char *last, stats_store_row **rows, size_t *n,
                               err_t *e)
{
    return stats_store_rows2(c, SQL_BILLED, first, last, 2, rows, n, e);
}
