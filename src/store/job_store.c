/* job_store — job_runs (see job_store.h). */
#include "store/job_store.h"

#include <stdlib.h>
#include <string.h>

#define COLS "id, job, started_at, COALESCE(finished_at, 0), COALESCE(duration_ms, -1), COALESCE(result, ''), " \
             "COALESCE(exit_code, 0), summary, host, pid, alert"

static const char SQL_START[] =
    "INSERT INTO job_runs (job, started_at, host, pid) VALUES ($1, $2, $3, $4) RETURNING id";
static const char SQL_FINISH[] =
    "UPDATE job_runs SET finished_at = $2, duration_ms = $3, result = $4, exit_code = $5, summary = $6 WHERE id = $1";
static const char SQL_ALERT[] = "UPDATE job_runs SET alert = $2 WHERE id = $1";
static const char SQL_INTERRUPT[] =
    "UPDATE job_runs SET result = 'interrupted', summary = $2 WHERE id = $1 AND result IS NULL";
static const char SQL_UNFINISHED[] =
    "SELECT " COLS " FROM job_runs WHERE job = $1 AND host = $2 AND id <> $3 AND result IS NULL ORDER BY id";
static const char SQL_LATEST[] =
    "SELECT " COLS " FROM job_runs WHERE id IN (SELECT MAX(id) FROM job_runs GROUP BY job) ORDER BY job";
static const char SQL_RECENT[] = "SELECT " COLS " FROM job_runs ORDER BY id DESC LIMIT $1";
static const char SQL_LAST_OK[] =
    "SELECT " COLS " FROM job_runs WHERE job = $1 AND result = 'ok' ORDER BY id DESC LIMIT 1";

static void read_row(db_stmt *s, void *row)
{
    job_run_row *r = row;
    memset(r, 0, sizeof *r);
    r->id = db_col_i64(s, 0);
    str_copy(r->job, sizeof r->job, db_col_text(s, 1));
    r->started_at = db_col_i64(s, 2);
    r->finished_at = db_col_i64(s, 3);
    r->duration_ms = db_col_i64(s, 4);
    str_copy(r->result, sizeof r->result, db_col_text(s, 5));
    r->exit_code = db_col_i64(s, 6);
    str_copy(r->summary, sizeof r->summary, db_col_text(s, 7));
    str_copy(r->host, sizeof r->host, db_col_text(s, 8));
    r->pid = db_col_i64(s, 9);
    str_copy(r->alert, sizeof r->alert, db_col_text(s, 10));
}

static int collect(db_stmt *s, job_run_row **rows, size_t *n, err_t *e)
{
    void *v = NULL;
    int rc = db_collect(s, read_row, sizeof **rows, &v, n, e);
    *rows = v;
    return rc;
}

int job_store_start(db_conn *c, const char *job, int64_t started_at, const char *host, int64_t pid, int64_t *id,
                    err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_START, e);
    if (!s)
        return e->code;
    db_bind_text(s, 1, job);
    db_bind_i64(s, 2, started_at);
    db_bind_text(s, 3, host);
    db_bind_i64(s, 4, pid);
    return db_insert_id(s, id, e);
}

int job_store_finish(db_conn *c, int64_t id, int64_t finished_at, int64_t duration_ms, const char *result,
                     int64_t exit_code, const char *summary, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_FINISH, e);
    if (!s)
        return e->code;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, finished_at);
    db_bind_i64(s, 3, duration_ms);
    db_bind_text(s, 4, result);
    db_bind_i64(s, 5, exit_code);
    db_bind_text(s, 6, summary);
    return db_exec(s, e);
}

/* A statement of two parameters: a run's id and a text. */
static int exec_id_text(db_conn *c, const char *sql, int64_t id, const char *text, err_t *e)
{
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return e->code;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, text);
    return db_exec(s, e);
}

int job_store_set_alert(db_conn *c, int64_t id, const char *alert, err_t *e)
{
    return exec_id_text(c, SQL_ALERT, id, alert, e);
}

int job_store_interrupt(db_conn *c, int64_t id, const char *summary, err_t *e)
{
    return exec_id_text(c, SQL_INTERRUPT, id, summary, e);
}

int job_store_unfinished(db_conn *c, const char *job, const char *host, int64_t except_id, job_run_row **rows,
                         size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_UNFINISHED, e);
    if (!s)
        return e->code;
    db_bind_text(s, 1, job);
    db_bind_text(s, 2, host);
    db_bind_i64(s, 3, except_id);
    return collect(s, rows, n, e);
}

int job_store_latest(db_conn *c, job_run_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LATEST, e);
    if (!s)
        return e->code;
    return collect(s, rows, n, e);
}

int job_store_recent(db_conn *c, int limit, job_run_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RECENT, e);
    if (!s)
        return e->code;
    db_bind_i64(s, 1, limit);
    return collect(s, rows, n, e);
}

int job_store_last_ok(db_conn *c, const char *job, job_run_row *row, bool *found, err_t *e)
{
    *found = false;
    db_stmt *s = db_prepare(c, SQL_LAST_OK, e);
    if (!s)
        return e->code;
    db_bind_text(s, 1, job);
    int rc = db_one(s, read_row, row, e);
    if (rc == ERR_NOTFOUND)
        return 0;
    *found = !rc;
    return rc;
}
