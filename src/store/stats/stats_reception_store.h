/* stats_reception_store — the reception statistics (受付統計, issue 22
 * item 1): the service requests received (created) in a period, by the
 * channel they came in by (source: counter, phone, web, mail).
 *
 * Every request received counts, whatever became of it; cancelled ones
 * are counted again in their own column.  v[] (enum stats_reception_col):
 *   total, start (開始), stop (中止), name_change (名義変更), other
 *   (mail_address, pay_method...), cancelled.
 * key: the source code; label ""; key2 0.  Read by the
 * service_requests_created index (migration 40). */
#ifndef SUIDO_STATS_RECEPTION_STORE_H
#define SUIDO_STATS_RECEPTION_STORE_H

#include "store/stats/stats_store_row.h"

enum stats_reception_col {
    STATS_RC_TOTAL,
    STATS_RC_START,
    STATS_RC_STOP,
    STATS_RC_NAME,
    STATS_RC_OTHER,
    STATS_RC_CANCELLED,
    STATS_RC_NCOLS
};

/* Requests with from_s <= created_at < to_s (Unix seconds), by source,
 * ordered by it. */
int stats_reception_store_by_channel(db_conn *c, int64_t from_s, int64_t to_s, stats_store_row **rows, size_t *n,
                                     err_t *e);

#endif
