/* maintenance — see maintenance.h. */
#include "app/maintenance.h"
#include "store/db.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "base/date.h"
#include "base/log.h"
#include "store/session_store.h"

#define CHECKPOINT_S 1

struct maintenance {
    app_env *env;
    db_conn *db;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;
};

static void *maint_main(void *arg)
{
    maintenance *m = arg;
    int64_t last_sweep = 0, last_ckpt = 0;
    pthread_mutex_lock(&m->lock);
    while (!m->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&m->wake, &m->lock, &until);
        if (m->stop)
            break;
        pthread_mutex_unlock(&m->lock);
        log_flush();
        err_t e;
        err_clear(&e);
        int64_t now = date_now_unix();
        /* Small, frequent checkpoints keep the WAL short (bench/search.sh
         * showed longer intervals trade many small stalls for rare long ones). */
        if (now - last_ckpt >= CHECKPOINT_S) {
            last_ckpt = now;
            if (db_checkpoint(m->db, &e))
                log_warn("checkpoint failed: %s", e.log);
        }
        if (now - last_sweep >= 60) {
            last_sweep = now;
            /* A batch command (a month's import, billing, a debit file) may hold the file's
             * write lock for longer than the busy timeout: the sweep waits for the next minute,
             * nothing lost, so it is no warning. */
            int rc = session_store_delete_idle(m->db, now - m->env->idle_timeout_s, &e);
            if (rc == ERR_UNAVAILABLE)
                log_info("idle session sweep put off to the next minute: %s", e.log);
            else if (rc)
                log_warn("idle session sweep failed: %s", e.log);
        }
        pthread_mutex_lock(&m->lock);
    }
    pthread_mutex_unlock(&m->lock);
    return NULL;
}

int maintenance_start(app_env *env, maintenance **out, err_t *e)
{
    *out = NULL;
    maintenance *m = calloc(1, sizeof *m);
    if (!m)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    m->env = env;
    int rc = app_db_open_server(env, &m->db, e);
    if (rc) {
        free(m);
        return rc;
    }
    pthread_mutex_init(&m->lock, NULL);
    pthread_cond_init(&m->wake, NULL);
    if (pthread_create(&m->thread, NULL, maint_main, m) != 0) {
        db_conn_close(m->db);
        free(m);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "cannot start the maintenance thread");
    }
    *out = m;
    return 0;
}

void maintenance_stop(maintenance *m)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->lock);
    m->stop = true;
    pthread_cond_signal(&m->wake);
    pthread_mutex_unlock(&m->lock);
    pthread_join(m->thread, NULL);
    err_t e;
    db_checkpoint(m->db, &e);
    db_conn_close(m->db);
    pthread_mutex_destroy(&m->lock);
    pthread_cond_destroy(&m->wake);
    free(m);
}
