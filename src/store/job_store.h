/* job_store — job_runs (migration 31): one row per run of an unattended
 * batch job (app/app_jobs.h).  A row is inserted when the run starts and
 * completed when it ends; a runner killed outright leaves it unfinished.
 *
 * Ownership: rows are filled by value; arrays are malloc'd (free()). */
#ifndef SUIDO_JOB_STORE_H
#define SUIDO_JOB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

typedef struct job_run_row {
    int64_t id;
    char job[48];
    int64_t started_at, finished_at;  /* Unix seconds; finished_at 0: not finished */
    int64_t duration_ms;              /* -1: not finished */
    char result[16];                  /* ok, failed, interrupted, or "" while unfinished */
    int64_t exit_code;
    char summary[512];
    char host[64];
    int64_t pid;
    char alert[16];
} job_run_row;

/* A new unfinished run; *id its id. */
int job_store_start(db_conn *c, const char *job, int64_t started_at, const char *host, int64_t pid, int64_t *id,
                    err_t *e);
/* Complete run id. */
int job_store_finish(db_conn *c, int64_t id, int64_t finished_at, int64_t duration_ms, const char *result,
                     int64_t exit_code, const char *summary, err_t *e);
/* Record how the failure was announced ('sent', 'no-mta', ...). */
int job_store_set_alert(db_conn *c, int64_t id, const char *alert, err_t *e);
/* Close an unfinished run as interrupted (no finish time: it is not known). */
int job_store_interrupt(db_conn *c, int64_t id, const char *summary, err_t *e);
/* The unfinished runs of job on host other than except_id, oldest first. */
int job_store_unfinished(db_conn *c, const char *job, const char *host, int64_t except_id, job_run_row **rows,
                         size_t *n, err_t *e);
/* The newest run of each job, by job name. */
int job_store_latest(db_conn *c, job_run_row **rows, size_t *n, err_t *e);
/* The newest limit runs of every job, newest first. */
int job_store_recent(db_conn *c, int limit, job_run_row **rows, size_t *n, err_t *e);
/* The newest run of job with result ok (*found false when none). */
int job_store_last_ok(db_conn *c, const char *job, job_run_row *row, bool *found, err_t *e);

#endif
