/* audit_writer — see audit_writer.h. */
#include "app/audit_writer.h"
#include "store/db.h"

#include <pthread.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/log.h"

#define MAX_BATCH 512
/* Group commit: once a row is queued, wait up to GATHER_US for more (or until
 * GATHER_ROWS are queued) before committing.  Each commit writes whole pages
 * to the WAL (table, indexes, head: ~6 pages), so committing 20 rows at once
 * instead of 3 cuts the disk traffic several times over, which is what the
 * answers' tail latency depends on (docs/performance.md). */
#define GATHER_US 2000
#define GATHER_ROWS 64

typedef struct item {
    const app_actor *actor;
    const char *action, *object, *detail;
    int rc;
    err_t err;
    bool done;
    struct item *next;
    /* Deferred rows (audit_writer_enqueue) own copies and report by callback. */
    void (*cb)(void *arg, int rc);
    void *cb_arg;
    app_actor actor_copy;
    char *owned;        /* action\0object\0detail\0 in one allocation */
} item;

struct audit_writer {
    app_env *env;
    db_conn *db;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;      /* the writer: work arrived or stop */
    pthread_cond_t done;      /* the submitters: a batch finished */
    item *head, *tail;
    int queued;
    bool stop;
    long long rows, batches, failed;   /* since the start, for the log at the stop */
};

static void run_batch(audit_writer *w, item *batch)
{
    app_ctx ctx = {.env = w->env, .db = w->db};
    app_audit_item rows[MAX_BATCH];
    size_t n = 0;
    for (item *it = batch; it && n < MAX_BATCH; it = it->next)
        rows[n++] = (app_audit_item){.actor = it->actor, .action = it->action, .object = it->object,
                                     .detail_json = it->detail};
    err_t e;
    err_clear(&e);
    int rc = db_begin(w->db, &e);
    if (!rc)
        rc = app_audit_many(&ctx, rows, n, &e);
    if (rc)
        db_rollback(w->db);
    else
        rc = db_commit(w->db, &e);
    if (rc)
        log_error("audit writer: batch failed: %s", e.log);
    pthread_mutex_lock(&w->lock);
    w->batches++;
    if (rc)
        w->failed += (long long)n;
    else
        w->rows += (long long)n;
    item *deferred = NULL;
    for (item *it = batch, *next; it; it = next) {
        next = it->next;
        if (it->cb) {
            it->next = deferred;
            deferred = it;
            continue;
        }
        it->rc = rc;
        it->err = e;
        it->done = true;
    }
    pthread_cond_broadcast(&w->done);
    pthread_mutex_unlock(&w->lock);
    for (item *it = deferred, *next; it; it = next) {
        next = it->next;
        it->cb(it->cb_arg, rc);
        free(it->owned);
        free(it);
    }
}

static void *writer_main(void *arg)
{
    audit_writer *w = arg;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (!w->head && !w->stop)
            pthread_cond_wait(&w->wake, &w->lock);
        if (!w->head && w->stop)
            break;
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += GATHER_US * 1000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (w->queued < GATHER_ROWS && !w->stop)
            if (pthread_cond_timedwait(&w->wake, &w->lock, &until) != 0)
                break;
        /* Take up to MAX_BATCH queued rows. */
        item *batch = w->head, *last = w->head;
        int n = 1;
        while (last->next && n < MAX_BATCH) {
            last = last->next;
            n++;
        }
        w->head = last->next;
        if (!w->head)
            w->tail = NULL;
        last->next = NULL;
        w->queued -= n;
        pthread_mutex_unlock(&w->lock);
        run_batch(w, batch);
        pthread_mutex_lock(&w->lock);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

int audit_writer_start(app_env *env, audit_writer **out, err_t *e)
{
    *out = NULL;
    audit_writer *w = calloc(1, sizeof *w);
    if (!w)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    w->env = env;
    int rc = app_db_open_server(env, &w->db, e);
    if (rc) {
        free(w);
        return rc;
    }
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    pthread_cond_init(&w->done, NULL);
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        db_conn_close(w->db);
        free(w);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "cannot start the audit writer thread");
    }
    *out = w;
    return 0;
}

void audit_writer_stop(audit_writer *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stop = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);   /* the thread commits what is queued before it ends */
    db_conn_close(w->db);
    log_info("audit writer: queue flushed and stopped; %lld row(s) committed in %lld batch(es) since the start, %lld failed",
             w->rows, w->batches, w->failed);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->wake);
    pthread_cond_destroy(&w->done);
    free(w);
}

int audit_writer_queued(audit_writer *w)
{
    if (!w)
        return 0;
    pthread_mutex_lock(&w->lock);
    int n = w->queued;
    pthread_mutex_unlock(&w->lock);
    return n;
}

static void push(audit_writer *w, item *it)
{
    if (w->tail)
        w->tail->next = it;
    else
        w->head = it;
    w->tail = it;
    /* Wake the writer for the first row (it then gathers) and when a group is full. */
    if (++w->queued == 1 || w->queued == GATHER_ROWS)
        pthread_cond_signal(&w->wake);
}

int audit_writer_enqueue(audit_writer *w, const app_actor *actor, const char *action, const char *object,
                         const char *detail_json, void (*done)(void *arg, int rc), void *arg, err_t *e)
{
    item *it = calloc(1, sizeof *it);
    buf_t b;
    buf_init(&b, 0);
    buf_puts(&b, action);
    buf_putc(&b, '\0');
    buf_puts(&b, object ? object : "");
    buf_putc(&b, '\0');
    buf_puts(&b, detail_json ? detail_json : "{}");
    if (!it || b.failed) {
        free(it);
        buf_free(&b);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    it->owned = buf_steal(&b, NULL);
    it->action = it->owned;
    it->object = it->action + strlen(it->action) + 1;
    it->detail = it->object + strlen(it->object) + 1;
    it->actor_copy = *actor;
    it->actor = &it->actor_copy;
    it->cb = done;
    it->cb_arg = arg;
    pthread_mutex_lock(&w->lock);
    if (w->stop) {
        pthread_mutex_unlock(&w->lock);
        free(it->owned);
        free(it);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "audit writer stopped");
    }
    push(w, it);
    pthread_mutex_unlock(&w->lock);
    return 0;
}

int audit_writer_submit(audit_writer *w, const app_actor *actor, const char *action, const char *object,
                        const char *detail_json, err_t *e)
{
    item it = {.actor = actor, .action = action, .object = object, .detail = detail_json};
    pthread_mutex_lock(&w->lock);
    if (w->stop) {
        pthread_mutex_unlock(&w->lock);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "audit writer stopped");
    }
    push(w, &it);
    while (!it.done)
        pthread_cond_wait(&w->done, &w->lock);
    pthread_mutex_unlock(&w->lock);
    if (it.rc && e)
        *e = it.err;
    return it.rc;
}
