/* audit_writer — group commit for audit rows that stand alone (views of
 * personal data, searches): requests hand their row to one writer thread and
 * wait until it is committed; the writer appends everything queued in one
 * transaction.  The guarantee is unchanged (a request that showed personal
 * data has its audit row on disk before it answers) while a busy server
 * commits once per batch instead of once per request. */
#ifndef SUIDO_AUDIT_WRITER_H
#define SUIDO_AUDIT_WRITER_H

#include "app/app.h"

typedef struct audit_writer audit_writer;

/* Start the writer thread with its own database connection. */
int audit_writer_start(app_env *env, audit_writer **out, err_t *e);
/* Flush what is queued, stop the thread, close its connection and log
 * how many rows it committed since the start. */
void audit_writer_stop(audit_writer *w);
/* Queue one row without waiting; done(arg, rc) is called from the writer
 * thread after its batch committed (rc 0) or failed.  Strings are copied. */
int audit_writer_enqueue(audit_writer *w, const app_actor *actor, const char *action, const char *object,
                         const char *detail_json, void (*done)(void *arg, int rc), void *arg, err_t *e);
/* Rows queued and not yet committed (for /metrics; 0 when w is NULL). */
int audit_writer_queued(audit_writer *w);
/* Queue one row and wait until it is committed (or failed). */
int audit_writer_submit(audit_writer *w, const app_actor *actor, const char *action, const char *object,
                        const char *detail_json, err_t *e);

#endif
