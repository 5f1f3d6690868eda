/* receipt_store — counter receipts (領収書): the numbering of receipt numbers
 * within a day (payments.receipt_no).  Numbers are unique because numbering
 * is serialised (see receipt_store_last); the schema has no index for it.
 *
 * Ownership: nothing is allocated. */
#ifndef SUIDO_RECEIPT_STORE_H
#define SUIDO_RECEIPT_STORE_H

#include <stdint.h>
#include "store/db.h"

/* The highest receipt number starting with prefix ("" when none) into out
 * (size 24).  On PostgreSQL the caller's transaction first takes a lock that
 * serialises receipt numbering until it ends, so that two counters posting at
 * the same moment do not draw the same number (SQLite writers are serialised
 * already). */
int receipt_store_last(db_conn *c, const char *prefix, char out[24], err_t *e);

#endif
