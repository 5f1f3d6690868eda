/* stage_store — see stage_store.h. */
#include "store/arrears/stage_store.h"

#include <string.h>

#include "base/buf.h"

/* The tap's open bills: bills_tap, then bill_open by its key. */
#define OPEN_BILLS "SELECT b.id FROM bills b JOIN bill_open o ON o.bill_id = b.id WHERE b.tap_id = $1"
static const char SQL_STAGE[] =
    "SELECT COALESCE((SELECT MIN(o.due_on) FROM bills b JOIN bill_open o ON o.bill_id = b.id"
    "   WHERE b.tap_id = $1 AND o.due_on < $2), ''),"
    " COALESCE((SELECT MAX(CASE n.step WHEN 'tokusoku' THEN 0 WHEN 'saikoku' THEN 1 WHEN 'yokoku' THEN 2 END)"
    "   FROM notices n WHERE n.bill_id IN (" OPEN_BILLS ")), -1),"
    " t.stopped_on,"
    " CASE WHEN EXISTS (SELECT 1 FROM pledge_bills pl JOIN pledges p ON p.id = pl.pledge_id"
    "   WHERE p.status = 'active' AND pl.bill_id IN (" OPEN_BILLS ")) THEN 1 ELSE 0 END"
    " FROM taps t WHERE t.id = $1";
/* The furthest notice's letter: its deadline and stoppage date. */
static const char SQL_NOTICE[] =
    "SELECT n.deadline, COALESCE(l.stop_on, '') FROM notices n JOIN notice_letters l ON l.id = n.letter_id"
    " WHERE n.step = $2 AND n.bill_id IN (" OPEN_BILLS ") ORDER BY n.deadline DESC LIMIT 1";

static const char *const STEPS[3] = {"tokusoku", "saikoku", "yokoku"};

int stage_store_tap(db_conn *c, int64_t tap_id, const char *today, stage_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    out->step = -1;
    db_stmt *s = db_prepare(c, SQL_STAGE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_text(s, 2, today);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        str_copy(out->oldest_due, sizeof out->oldest_due, db_col_text(s, 0));
        out->step = db_col_i64(s, 1);
        str_copy(out->stopped_on, sizeof out->stopped_on, db_col_text(s, 2));
        out->pledged = db_col_i64(s, 3) != 0;
    }
    db_done(s);
    if (st == DB_ERROR)
        return ERR_DB;
    if (st != DB_ROW)
        return err_set(e, ERR_NOTFOUND, NULL, "水栓が見つかりません。", "no tap %lld", (long long)tap_id);
    if (out->step < 0 || out->step > 2)
        return 0;
    s = db_prepare(c, SQL_NOTICE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_text(s, 2, STEPS[out->step]);
    st = db_step(s, e);
    if (st == DB_ROW) {
        str_copy(out->deadline, sizeof out->deadline, db_col_text(s, 0));
        str_copy(out->stop_on, sizeof out->stop_on, db_col_text(s, 1));
    }
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}
