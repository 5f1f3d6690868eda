/* maintenance — the server's housekeeping thread: WAL checkpoints (SQLite)
 * off the request path, and removal of idle sessions. */
#ifndef SUIDO_MAINTENANCE_H
#define SUIDO_MAINTENANCE_H

#include "app/app.h"

typedef struct maintenance maintenance;

/* Start the thread (its own connection).  While it runs, connections opened
 * with app_db_open leave checkpoints to it. */
int maintenance_start(app_env *env, maintenance **out, err_t *e);
void maintenance_stop(maintenance *m);

#endif
