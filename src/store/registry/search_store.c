/* search_store — see search_store.h. */
#include "store/registry/search_store.h"

static const char SQL_WALK[] =
    "SELECT t.id, c.id, o.id, t.tap_no, t.area_code, t.address_enc, c.name_enc, c.kana_enc, c.phone_enc, o.start_on,"
    " COALESCE(o.end_on, ''), t.stopped_on FROM occupancies o JOIN taps t ON t.id = o.tap_id JOIN customers c ON c.id = o.customer_id"
    " WHERE (CAST($1 AS BIGINT) = 0 OR t.id = $1) ORDER BY o.id";

int search_store_walk(db_conn *c, int64_t tap_id, search_visit_fn fn, void *ctx, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_WALK, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    int st, stop = 0;
    while (!stop && (st = db_step(s, e)) == DB_ROW) {
        search_src r = {
            .tap_id = db_col_i64(s, 0),
            .customer_id = db_col_i64(s, 1),
            .occupancy_id = db_col_i64(s, 2),
            .tap_no = db_col_text(s, 3),
            .area_code = db_col_text(s, 4),
            .address_enc = db_col_text(s, 5),
            .name_enc = db_col_text(s, 6),
            .kana_enc = db_col_text(s, 7),
            .phone_enc = db_col_text(s, 8),
            .start_on = db_col_text(s, 9),
            .end_on = db_col_text(s, 10),
            .stopped_on = db_col_text(s, 11),
        };
        stop = fn(&r, ctx);
    }
    db_done(s);
    if (stop)
        return stop;
    return st == DB_ERROR ? ERR_DB : 0;
}
