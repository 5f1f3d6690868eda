/* stats_meter_store — the meter reports (メーター統計, issue 22 item 1 and
 * issue 21 item 5), from the meter master (meters) and its history
 * (meter_events).  docs/meters.md 「メーターの統計」.
 *
 * Rows are stats_store_rows.
 *
 * by_expiry: the meters of the master not 廃棄 (scrapped), by the month
 * their certification expires (key "YYYY-MM") and diameter (label, as
 * decimal text); v[] (enum stats_meter_col) by status.  The caller folds
 * the months into fiscal years: domain/stats/stats_meter.h.
 *
 * by_lot: every meter ever received, by maker (key), manufacture lot
 * (label) and diameter (STATS_MT_DIAMETER); v[] by status, with 廃棄 and
 * the earliest expiry of the lot as YYYYMM (STATS_MT_FIRST_EXPIRY).
 *
 * moves: the history rows dated from..to ("YYYY-MM-DD"), by month (key
 * "YYYY-MM") and diameter (label, decimal text); v[] (enum
 * stats_move_col).  A move is
 * told by its statuses: 庫入 into stock from nowhere or from 発注 (a
 * delivery, or a meter registered at an exchange), 庫出 into issued, 返却
 * from issued back to stock, 設置 into installed, 撤去 into removed; every
 * other move (修理, 検定, 廃棄, back to stock after repair) is その他.  The
 * rows written when the master was created ('移行') are no moves.  Read by
 * the meter_events_on index (migration 40). */
#ifndef SUIDO_STATS_METER_STORE_H
#define SUIDO_STATS_METER_STORE_H

#include "store/stats/stats_store.h"

enum stats_meter_col {
    STATS_MT_TOTAL,
    STATS_MT_STOCK,         /* 在庫 (and 発注 not yet delivered) */
    STATS_MT_ISSUED,        /* 庫出 */
    STATS_MT_INSTALLED,     /* 設置 */
    STATS_MT_REMOVED,       /* 撤去 */
    STATS_MT_AWAY,          /* 修理・検定 */
    STATS_MT_SCRAPPED,      /* 廃棄 (by_lot only) */
    STATS_MT_FIRST_EXPIRY,  /* by_lot: the earliest expiry, YYYYMM */
    STATS_MT_DIAMETER,      /* by_lot: the diameter */
    STATS_MT_NCOLS
};

enum stats_move_col {
    STATS_MV_RECEIVED,      /* 庫入 */
    STATS_MV_ISSUED,        /* 庫出 */
    STATS_MV_RETURNED,      /* 返却 */
    STATS_MV_INSTALLED,     /* 設置 */
    STATS_MV_REMOVED,       /* 撤去 */
    STATS_MV_OTHER,         /* その他 */
    STATS_MV_TOTAL,
    STATS_MV_NCOLS
};

/* Ordered by key, then key2. */
int stats_meter_store_by_expiry(db_conn *c, stats_store_row **rows, size_t *n, err_t *e);
int stats_meter_store_by_lot(db_conn *c, stats_store_row **rows, size_t *n, err_t *e);
int stats_meter_store_moves(db_conn *c, const char *from, const char *to, stats_store_row **rows, size_t *n,
                            err_t *e);

#endif
