/* app_jobs — the jobs' last runs for the 運用 screen and /metrics (see
 * app_jobs.h; the runner is app_job_run.c, the mail app_job_mail.c). */
#include "app/app_jobs.h"
#include "app/app_jobs_internal.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/job_kinds.h"
#include "domain/role.h"
#include "store/db.h"
#include "store/job_store.h"

/* A run on another host cannot be looked at: it counts as running for a day. */
#define OTHER_HOST_RUNNING_S 86400

void app_job_host(char *out, size_t outsz)
{
    if (gethostname(out, outsz) != 0 || !out[0])
        str_copy(out, outsz, "localhost");
    out[outsz - 1] = '\0';
}

bool app_job_runner_alive(const char *host, int64_t pid, int64_t started_at, int64_t now)
{
    char me[64];
    app_job_host(me, sizeof me);
    if (strcmp(host, me) != 0)
        return now - started_at < OTHER_HOST_RUNNING_S;
    if (pid <= 0 || pid > 0x7fffffff)
        return false;
    return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

static void status_from_row(app_job_status *st, const job_run_row *r, int64_t now)
{
    st->ever = true;
    st->id = r->id;
    st->started_at = r->started_at;
    st->finished_at = r->finished_at;
    st->duration_ms = r->duration_ms;
    st->state = job_state_of(r->result, r->result[0] ? false : app_job_runner_alive(r->host, r->pid, r->started_at, now));
    st->exit_code = r->exit_code;
    str_copy(st->summary, sizeof st->summary, r->summary);
    str_copy(st->host, sizeof st->host, r->host);
    str_copy(st->alert, sizeof st->alert, r->alert);
}

static void status_named(app_job_status *st, const char *job)
{
    memset(st, 0, sizeof *st);
    str_copy(st->job, sizeof st->job, job);
    const job_kind *k = job_kind_find(job);
    st->label = k ? k->label : NULL;
    st->schedule = k ? k->schedule : "";
    st->duration_ms = -1;
}

/* The known jobs in order, then the others; latest: each job's newest run. */
static int fill_jobs(app_job_board *o, const job_run_row *latest, size_t n, int64_t now)
{
    o->jobs = calloc(JOB_NKINDS + n, sizeof *o->jobs);
    if (!o->jobs)
        return ERR_INTERNAL;
    for (size_t i = 0; i < JOB_NKINDS; i++)
        status_named(&o->jobs[o->njobs++], JOB_KINDS[i].name);
    for (size_t i = 0; i < n; i++) {
        app_job_status *st = NULL;
        for (size_t k = 0; k < JOB_NKINDS; k++)
            if (strcmp(o->jobs[k].job, latest[i].job) == 0)
                st = &o->jobs[k];
        if (!st) {
            st = &o->jobs[o->njobs++];
            status_named(st, latest[i].job);
        }
        status_from_row(st, &latest[i], now);
    }
    for (size_t i = 0; i < o->njobs; i++)
        if (!o->jobs[i].label)
            o->jobs[i].label = o->jobs[i].job;
    return 0;
}

static int read_overview(app_ctx *ctx, int recent, app_job_board *o, err_t *e)
{
    memset(o, 0, sizeof *o);
    int64_t now = date_now_unix();
    job_run_row *rows = NULL, last;
    size_t n = 0;
    bool found = false;
    int rc = job_store_latest(ctx->db, &rows, &n, e);
    if (!rc && fill_jobs(o, rows, n, now))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    free(rows);
    rows = NULL;
    n = 0;
    if (!rc && recent > 0)
        rc = job_store_recent(ctx->db, recent, &rows, &n, e);
    if (!rc && n && !(o->recent = calloc(n, sizeof *o->recent)))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        status_named(&o->recent[i], rows[i].job);
        if (!o->recent[i].label)
            o->recent[i].label = o->recent[i].job;
        status_from_row(&o->recent[i], &rows[i], now);
        o->nrecent++;
    }
    free(rows);
    if (!rc)
        rc = job_store_last_ok(ctx->db, JOB_BACKUP, &last, &found, e);
    if (!rc && found) {
        o->backup_known = true;
        o->backup_at = last.finished_at;
        o->backup_age_s = now - last.finished_at;
    }
    o->backup_stale = !o->backup_known || o->backup_age_s > JOB_BACKUP_MAX_AGE_S;
    if (rc)
        app_job_board_free(o);
    return rc;
}

int app_job_overview(app_ctx *ctx, int recent, app_job_board *o, err_t *e)
{
    memset(o, 0, sizeof *o);
    int rc = app_require(ctx, PERM_USER_ADMIN, e);
    return rc ? rc : read_overview(ctx, recent, o, e);
}

int app_job_metrics_read(app_ctx *ctx, app_job_board *o, err_t *e)
{
    return read_overview(ctx, 0, o, e);
}

void app_job_board_free(app_job_board *o)
{
    free(o->jobs);
    free(o->recent);
    memset(o, 0, sizeof *o);
}
