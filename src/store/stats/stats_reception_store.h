/* stats_reception_store — the reception statistics (受付統計, issue 22
 * item 1, docs/statistics.md 「受付統計」): the service requests received
 * (created) in a period, by the channel they came in by and their kind.
 *
 * Every request received counts, whatever became of it; cancelled ones
 * are counted again in their own column.  A cell (stats_store_row): key
 * the source (counter, phone, web, mail); label the kind (start, stop,
 * name_change, mail_address, pay_method...); v[] as enum
 * stats_reception_col.  Read by the service_requests_created index
 * (migration 40). */
#ifndef SUIDO_STATS_RECEPTION_STORE_H
#define SUIDO_STATS_RECEPTION_STORE_H

#include "store/stats/stats_store.h"

enum stats_reception_col { STATS_RC_COUNT, STATS_RC_CANCELLED, STATS_RC_NCOLS };

/* Requests with from_s <= created_at < to_s (Unix seconds as decimal
 * text), ordered by source and kind. */
int stats_reception_store_cube(db_conn *c, const char *from_s, const char *to_s, stats_store_row **rows, size_t *n,
                               err_t *e);

#endif
