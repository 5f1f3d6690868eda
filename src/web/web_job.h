/* web_job — a long batch (the billing run, a dunning run) started from a
 * screen: it runs on a detached thread of its own with a database
 * connection of its own, acting as the requesting staff member, while the
 * request waits a little for it to commit its first chunk (or to end: a
 * refusal such as another run under way is then shown on the form), and
 * then answers; the run goes on, its progress read from its run row.
 *
 * Ownership: data (size bytes) is copied into the job; the job's copy is
 * handed to fn and, when the job ended within the wait, copied back into
 * data for the caller (its summary).  The job frees itself when both the
 * request and the thread have let go. */
#ifndef SUIDO_WEB_JOB_H
#define SUIDO_WEB_JOB_H

#include <stdbool.h>
#include <stddef.h>

#include "web/web.h"

typedef struct web_job web_job;

/* The body of a job: ctx has the requester's env and actor and the job's
 * own database connection; fn calls web_job_started(job) once its first
 * chunk is committed (from its progress hook). */
typedef int (*web_job_fn)(web_job *job, app_ctx *ctx, void *data, err_t *e);

typedef struct web_job_outcome {
    bool finished;   /* the job ended within the wait: rc and e are its result */
    int rc;
    err_t e;
} web_job_outcome;

/* Start fn on its own thread and wait up to wait_s seconds for it to start
 * or end.  what names the job in the log when it fails.  0 with *out set,
 * or an error (no memory, no thread) in e and nothing started. */
int web_job_start(web_req *rq, web_job_fn fn, void *data, size_t size, const char *what, int wait_s,
                  web_job_outcome *out, err_t *e);

/* How many jobs are still running (their threads not ended): the server,
 * stopping, waits for them as for requests in flight (web_drain) — a job
 * stops after its unit in flight once stop_request() was called. */
long web_job_running(void);

/* Called by the job (any thread) when its first chunk is committed. */
void web_job_started(web_job *job);

#endif
