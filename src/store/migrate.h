/* migrate — versioned schema migrations, applied in order, each in its own
 * transaction, recorded in schema_migrations. */
#ifndef SUIDO_MIGRATE_H
#define SUIDO_MIGRATE_H

#include "store/db.h"

/* Apply every pending migration: each of the list not recorded in
 * schema_migrations, in the list's order (also one below the newest
 * recorded, left behind by branches merged in another order).  *applied
 * (may be NULL) receives how many were applied now.  Safe to run repeatedly
 * and from several processes. */
int migrate_apply(db_conn *c, int *applied, err_t *e);
/* Latest version known to this binary, and the version of the database (0 if
 * none applied). */
int migrate_latest(void);
int migrate_current(db_conn *c, int *version, err_t *e);

#endif
