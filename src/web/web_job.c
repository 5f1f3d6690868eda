/* web_job — see web_job.h. */
#include "web/web_job.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/buf.h"

struct web_job {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int refs;                  /* the request and the thread */
    bool started, finished;    /* the first chunk committed / fn returned */
    int rc;
    err_t e;
    app_ctx ctx;
    web_job_fn fn;
    char what[64];
    size_t size;
    unsigned char data[];      /* the caller's data, the job's copy */
};

/* Jobs whose thread has not ended yet (the server waits for them when it stops). */
static atomic_long JOBS_RUNNING;

long web_job_running(void)
{
    return atomic_load(&JOBS_RUNNING);
}

static void job_release(web_job *j)
{
    pthread_mutex_lock(&j->mu);
    bool last = --j->refs == 0;
    pthread_mutex_unlock(&j->mu);
    if (last) {
        pthread_mutex_destroy(&j->mu);
        pthread_cond_destroy(&j->cv);
        free(j);
    }
}

void web_job_started(web_job *j)
{
    pthread_mutex_lock(&j->mu);
    j->started = true;
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
}

static void *job_main(void *arg)
{
    web_job *j = arg;
    db_conn *db = NULL;
    err_t e;
    err_clear(&e);
    int rc = app_db_open(j->ctx.env, &db, &e);
    if (!rc) {
        j->ctx.db = db;
        rc = j->fn(j, &j->ctx, j->data, &e);
        app_db_close(db);
    }
    if (rc)
        log_warn("%s by %s failed: %s", j->what, j->ctx.actor.username, e.log);
    pthread_mutex_lock(&j->mu);
    j->finished = true;
    j->rc = rc;
    j->e = e;
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
    job_release(j);
    atomic_fetch_sub(&JOBS_RUNNING, 1);   /* last: its connection is closed, the env no longer used */
    return NULL;
}

int web_job_start(web_req *rq, web_job_fn fn, void *data, size_t size, const char *what, int wait_s,
                  web_job_outcome *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    web_job *j = calloc(1, sizeof *j + size);
    if (!j)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    pthread_mutex_init(&j->mu, NULL);
    pthread_cond_init(&j->cv, NULL);
    j->refs = 2;
    j->ctx.env = rq->ctx.env;
    j->ctx.actor = rq->ctx.actor;
    j->fn = fn;
    str_copy(j->what, sizeof j->what, what);
    j->size = size;
    memcpy(j->data, data, size);
    pthread_t th;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    atomic_fetch_add(&JOBS_RUNNING, 1);
    if (pthread_create(&th, &attr, job_main, j) != 0) {
        atomic_fetch_sub(&JOBS_RUNNING, 1);
        pthread_attr_destroy(&attr);
        j->refs = 1;
        job_release(j);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "cannot start a thread");
    }
    pthread_attr_destroy(&attr);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += wait_s;
    pthread_mutex_lock(&j->mu);
    while (!j->started && !j->finished)
        if (pthread_cond_timedwait(&j->cv, &j->mu, &until) != 0)
            break;
    out->finished = j->finished;
    if (j->finished) {
        /* fn has returned: its copy of the data is no longer written */
        out->rc = j->rc;
        out->e = j->e;
        memcpy(data, j->data, size);
    }
    pthread_mutex_unlock(&j->mu);
    job_release(j);
    return 0;
}
