/* db_pg — the PostgreSQL driver (libpq): named prepared statements created
 * on first use per connection, parameters sent as text, results fetched
 * whole and walked row by row (or, for a statement marked db_stream, in
 * single-row mode: a result per row, as the server sends them). */
#include "store/db_driver.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

typedef struct pg_stmt {
    char name[24];
    int nparam;
    char **params;  /* [nparam] */
    PGresult *res;
    int row;        /* current row, -1 before the first step */
    bool started;
    bool streaming; /* sent in single-row mode (db_stream): results still to come */
    unsigned generation;  /* the session it was prepared on (db_conn.generation) */
} pg_stmt;

static int pg_code(const char *sqlstate)
{
    if (sqlstate && strncmp(sqlstate, "23", 2) == 0)
        return ERR_CONFLICT;  /* integrity constraint violation */
    if (sqlstate && strcmp(sqlstate, "42501") == 0)
        return ERR_FORBIDDEN; /* insufficient privilege */
    return ERR_DB;
}

/* Did this failure mean the session is gone (or now on a server that cannot
 * take writes)?  Then no statement on it can succeed: see db_retryable. */
static bool pg_session_lost(PGconn *conn, const char *state)
{
    if (!conn || PQstatus(conn) == CONNECTION_BAD)
        return true;
    if (!state)
        return false;
    return strncmp(state, "08", 2) == 0        /* connection exception */
           || strcmp(state, "57P01") == 0      /* admin_shutdown */
           || strcmp(state, "57P02") == 0      /* crash_shutdown */
           || strcmp(state, "57P03") == 0      /* cannot_connect_now */
           || strcmp(state, "25006") == 0;     /* read_only_sql_transaction: a standby now */
}

static int pg_fail_res(db_conn *c, PGresult *r, PGconn *conn, err_t *e, const char *what)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    bool lost = c && pg_session_lost(conn, state);
    if (lost)
        c->lost = true;
    const char *msg = r ? PQresultErrorMessage(r) : PQerrorMessage(conn);
    char clean[400];
    str_copy(clean, sizeof clean, msg ? msg : "?");
    for (char *p = clean; *p; p++)
        if (*p == '\n')
            *p = ' ';
    /* A lost session: whatever the transaction wrote is gone with it (503, send again). */
    return err_set(e, lost ? ERR_UNAVAILABLE : pg_code(state), NULL, NULL, "postgres %s: %s [%s]", what, clean,
                   state ? state : "-");
}

static int pg_open(db_conn *c, const char *url, bool readonly, err_t *e)
{
    (void)readonly;
    PGconn *conn = PQconnectdb(url);
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        err_set(e, ERR_DB, NULL, "データベースに接続できません。", "postgres connect: %s",
                conn ? PQerrorMessage(conn) : "out of memory");
        PQfinish(conn);
        return ERR_DB;
    }
    c->handle = conn;
    PGresult *r = PQexec(conn, "SET client_min_messages = warning; SET TIME ZONE 'UTC'");
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        pg_fail_res(NULL, r, conn, e, "session setup");
        PQclear(r);
        PQfinish(conn);
        c->handle = NULL;
        return ERR_DB;
    }
    PQclear(r);
    return 0;
}

static void pg_close(db_conn *c)
{
    PQfinish(c->handle);
    c->handle = NULL;
}

/* The old session is dropped only when a new one is up, so that c->handle is
 * never NULL (a failed attempt leaves the dead one: every call on it fails). */
static int pg_reconnect(db_conn *c, err_t *e)
{
    void *old = c->handle;
    int rc = pg_open(c, c->url, c->readonly, e);
    if (rc) {
        c->handle = old;
        return rc;
    }
    PQfinish(old);
    c->generation++;
    return 0;
}

static int pg_exec_script(db_conn *c, const char *sql, err_t *e)
{
    PGresult *r = PQexec(c->handle, sql);
    ExecStatusType st = PQresultStatus(r);
    int rc = 0;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        rc = pg_fail_res(c, r, c->handle, e, "exec");
    PQclear(r);
    return rc;
}

/* Highest $n in the SQL text (outside quotes). */
static int pg_count_params(const char *sql)
{
    int max = 0;
    bool quoted = false;
    for (const char *p = sql; *p; p++) {
        if (*p == '\'')
            quoted = !quoted;
        if (quoted || *p != '$' || p[1] < '0' || p[1] > '9')
            continue;
        int n = 0;
        const char *q = p + 1;
        while (*q >= '0' && *q <= '9' && n < 1000)
            n = n * 10 + (*q++ - '0');
        if (n > max)
            max = n;
    }
    return max;
}

static int pg_prepare(db_conn *c, db_stmt *s, err_t *e)
{
    pg_stmt *q = calloc(1, sizeof *q);
    if (!q)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    q->nparam = pg_count_params(s->sql);
    if (q->nparam > DB_MAX_PARAMS) {
        free(q);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "postgres: too many parameters");
    }
    q->params = calloc((size_t)q->nparam + 1, sizeof *q->params);
    if (!q->params) {
        free(q);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    str_fmt(q->name, sizeof q->name, "s%d", ++c->next_name);
    PGresult *r = PQprepare(c->handle, q->name, s->sql, 0, NULL);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        int rc = pg_fail_res(c, r, c->handle, e, "prepare");
        PQclear(r);
        free(q->params);
        free(q);
        return rc;
    }
    PQclear(r);
    q->row = -1;
    q->generation = c->generation;
    s->drv = q;
    return 0;
}

static void pg_clear_params(pg_stmt *q)
{
    for (int i = 0; i < q->nparam; i++) {
        free(q->params[i]);
        q->params[i] = NULL;
    }
}

static void pg_done(db_stmt *s)
{
    pg_stmt *q = s->drv;
    PQclear(q->res);
    q->res = NULL;
    if (q->streaming) {   /* left before its end: the rest read and dropped (the connection is then free) */
        PGresult *r;
        while ((r = PQgetResult(s->conn->handle)) != NULL)
            PQclear(r);
        q->streaming = false;
    }
    q->row = -1;
    q->started = false;
    pg_clear_params(q);
}

static void pg_finalize(db_stmt *s)
{
    pg_stmt *q = s->drv;
    if (!q)
        return;
    pg_done(s);
    free(q->params);
    free(q);
    s->drv = NULL;
}

static void pg_set(db_stmt *s, int idx, char *v)
{
    pg_stmt *q = s->drv;
    if (idx < 1 || idx > q->nparam) {
        free(v);
        return;
    }
    free(q->params[idx - 1]);
    q->params[idx - 1] = v;
}

static void pg_bind_text(db_stmt *s, int idx, const char *v)
{
    pg_set(s, idx, strdup(v));
}

static void pg_bind_i64(db_stmt *s, int idx, int64_t v)
{
    char tmp[24];
    str_fmt(tmp, sizeof tmp, "%lld", (long long)v);
    pg_set(s, idx, strdup(tmp));
}

static void pg_bind_null(db_stmt *s, int idx)
{
    pg_set(s, idx, NULL);
}

/* The next row of a statement in single-row mode: each comes as a result of
 * its own (PGRES_SINGLE_TUPLE), then one without rows (PGRES_TUPLES_OK) and
 * NULL. */
static int pg_stream_next(db_stmt *s, err_t *e)
{
    pg_stmt *q = s->drv;
    PQclear(q->res);
    q->res = PQgetResult(s->conn->handle);
    q->row = 0;
    ExecStatusType st = q->res ? PQresultStatus(q->res) : PGRES_TUPLES_OK;
    if (st == PGRES_SINGLE_TUPLE)
        return DB_ROW;
    int rc = DB_DONE;
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
        rc = (pg_fail_res(s->conn, q->res, s->conn->handle, e, "execute"), DB_ERROR);
    PQclear(q->res);
    q->res = NULL;
    PGresult *r;
    while ((r = PQgetResult(s->conn->handle)) != NULL)
        PQclear(r);
    q->streaming = false;
    s->changes = 0;
    return rc;
}

static int pg_stream_start(db_stmt *s, err_t *e)
{
    pg_stmt *q = s->drv;
    if (!PQsendQueryPrepared(s->conn->handle, q->name, q->nparam, (const char *const *)q->params, NULL, NULL, 0)) {
        pg_fail_res(s->conn, NULL, s->conn->handle, e, "send");
        return DB_ERROR;
    }
    q->streaming = true;
    if (!PQsetSingleRowMode(s->conn->handle)) {
        PGresult *r;   /* what comes is read and dropped: the connection is then free */
        while ((r = PQgetResult(s->conn->handle)) != NULL)
            PQclear(r);
        q->streaming = false;
        err_set(e, ERR_DB, NULL, NULL, "postgres: single-row mode refused");
        return DB_ERROR;
    }
    return pg_stream_next(s, e);
}

static int pg_step(db_stmt *s, err_t *e)
{
    pg_stmt *q = s->drv;
    if (!q->started) {
        q->started = true;
        if (q->generation != s->conn->generation) {   /* a new session since: prepare it there */
            PGresult *r = PQprepare(s->conn->handle, q->name, s->sql, 0, NULL);
            if (PQresultStatus(r) != PGRES_COMMAND_OK) {
                pg_fail_res(s->conn, r, s->conn->handle, e, "prepare");
                PQclear(r);
                return DB_ERROR;
            }
            PQclear(r);
            q->generation = s->conn->generation;
        }
        if (s->stream)
            return pg_stream_start(s, e);
        q->res = PQexecPrepared(s->conn->handle, q->name, q->nparam, (const char *const *)q->params, NULL, NULL, 0);
        ExecStatusType st = PQresultStatus(q->res);
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
            pg_fail_res(s->conn, q->res, s->conn->handle, e, "execute");
            return DB_ERROR;
        }
        q->row = -1;
    }
    if (q->streaming)
        return pg_stream_next(s, e);
    if (!q->res)
        return DB_DONE;
    q->row++;
    if (q->row < PQntuples(q->res))
        return DB_ROW;
    long long n = 0;
    const char *ct = PQcmdTuples(q->res);
    s->changes = (ct && *ct && str_to_i64(ct, &n)) ? n : 0;
    return DB_DONE;
}

static const char *pg_col_text(db_stmt *s, int col)
{
    pg_stmt *q = s->drv;
    return PQgetvalue(q->res, q->row, col);
}

static int64_t pg_col_i64(db_stmt *s, int col)
{
    pg_stmt *q = s->drv;
    long long v = 0;
    const char *t = PQgetvalue(q->res, q->row, col);
    if (t && *t && !str_to_i64(t, &v))
        v = 0;
    return v;
}

static bool pg_col_is_null(db_stmt *s, int col)
{
    pg_stmt *q = s->drv;
    return PQgetisnull(q->res, q->row, col) != 0;
}

/* ---- db_copy: COPY ... FROM STDIN, text format ---- */

#define PG_COPY_BATCH (256 * 1024)

typedef struct pg_copy {
    buf_t out;    /* rows not yet sent */
    bool failed;  /* the server refused a batch: the COPY is over */
} pg_copy;

static int pg_copy_begin(db_copy *cp, const char *table, const char *cols, err_t *e)
{
    pg_copy *q = calloc(1, sizeof *q);
    if (!q)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    buf_init(&q->out, 0);
    buf_t sql;
    buf_init(&sql, 0);
    buf_printf(&sql, "COPY %s (%s) FROM STDIN", table, cols);
    PGresult *r = PQexec(cp->conn->handle, buf_cstr(&sql));
    buf_free(&sql);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        int rc = pg_fail_res(cp->conn, r, cp->conn->handle, e, "copy");
        PQclear(r);
        buf_free(&q->out);
        free(q);
        return rc;
    }
    PQclear(r);
    cp->drv = q;
    return 0;
}

/* The COPY's end (PQputCopyEnd sent): its result. */
static int pg_copy_result(db_copy *cp, err_t *e)
{
    int rc = 0;
    PGresult *r;
    while ((r = PQgetResult(cp->conn->handle)) != NULL) {
        if (!rc && PQresultStatus(r) != PGRES_COMMAND_OK)
            rc = pg_fail_res(cp->conn, r, cp->conn->handle, e, "copy");
        PQclear(r);
    }
    return rc;
}

static int pg_copy_flush(db_copy *cp, err_t *e)
{
    pg_copy *q = cp->drv;
    if (!q->out.len)
        return 0;
    if (PQputCopyData(cp->conn->handle, q->out.data, (int)q->out.len) != 1) {
        q->failed = true;
        return pg_fail_res(cp->conn, NULL, cp->conn->handle, e, "copy data");
    }
    q->out.len = 0;
    return 0;
}

/* One field of a row in COPY's text format. */
static void pg_copy_field(pg_copy *q, const char *v)
{
    if (!v) {
        buf_puts(&q->out, "\\N");
        return;
    }
    for (const char *p = v; *p; p++) {
        switch (*p) {
        case '\\': buf_puts(&q->out, "\\\\"); break;
        case '\t': buf_puts(&q->out, "\\t"); break;
        case '\n': buf_puts(&q->out, "\\n"); break;
        case '\r': buf_puts(&q->out, "\\r"); break;
        default: buf_putc(&q->out, *p);
        }
    }
}

static int pg_copy_row(db_copy *cp, const char *const *vals, err_t *e)
{
    pg_copy *q = cp->drv;
    if (q->failed)
        return err_set(e, ERR_DB, NULL, NULL, "postgres copy: already failed");
    for (int i = 0; i < cp->ncols; i++) {
        if (i)
            buf_putc(&q->out, '\t');
        pg_copy_field(q, vals[i]);
    }
    buf_putc(&q->out, '\n');
    return q->out.len >= PG_COPY_BATCH ? pg_copy_flush(cp, e) : 0;
}

static int pg_copy_values(db_copy *cp, const db_val *vals, err_t *e)
{
    pg_copy *q = cp->drv;
    if (q->failed)
        return err_set(e, ERR_DB, NULL, NULL, "postgres copy: already failed");
    for (int i = 0; i < cp->ncols; i++) {
        char num[24];
        if (i)
            buf_putc(&q->out, '\t');
        if (vals[i].is_int)
            buf_puts(&q->out, str_i64(vals[i].i64, num));
        else
            pg_copy_field(q, vals[i].text);
    }
    buf_putc(&q->out, '\n');
    return q->out.len >= PG_COPY_BATCH ? pg_copy_flush(cp, e) : 0;
}

static int pg_copy_end(db_copy *cp, bool ok, err_t *e)
{
    pg_copy *q = cp->drv;
    int rc = ok && !q->failed ? pg_copy_flush(cp, e) : 0;
    bool good = ok && !rc && !q->failed;
    if (PQputCopyEnd(cp->conn->handle, good ? NULL : "abandoned by the client") != 1 && !rc)
        rc = pg_fail_res(cp->conn, NULL, cp->conn->handle, e, "copy end");
    int rc2 = pg_copy_result(cp, e);
    if (!rc && good)
        rc = rc2;
    else if (!rc && q->failed)
        rc = rc2 ? rc2 : err_set(e, ERR_DB, NULL, NULL, "postgres copy failed");
    buf_free(&q->out);
    free(q);
    cp->drv = NULL;
    return rc;
}

const db_driver DB_DRIVER_PG = {
    .kind = DB_PG,
    .open = pg_open,
    .close = pg_close,
    .exec_script = pg_exec_script,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .bind_text = pg_bind_text,
    .bind_i64 = pg_bind_i64,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_text = pg_col_text,
    .col_i64 = pg_col_i64,
    .col_is_null = pg_col_is_null,
    .done = pg_done,
    .reconnect = pg_reconnect,
    .copy_begin = pg_copy_begin,
    .copy_row = pg_copy_row,
    .copy_values = pg_copy_values,
    .copy_end = pg_copy_end,
};
