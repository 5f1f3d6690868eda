/* db — driver selection, statement cache and transactions (see db.h). */
#include "store/db_driver.h"

#include "base/buf.h"
#include "base/log.h"
#include "base/vec.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* SQLite allows one writer at a time.  Writers of this process queue on this
 * mutex instead of on SQLite's busy handler, which sleeps in steps of
 * milliseconds and would put those sleeps into request latency.  Other
 * processes (the CLI) still meet the busy timeout. */
static pthread_mutex_t g_sqlite_writer = PTHREAD_MUTEX_INITIALIZER;

int db_conn_open(const char *url, bool readonly, db_conn **out, err_t *e)
{
    *out = NULL;
    if (!url || !*url)
        return err_set(e, ERR_INVALID, "db", "データベースの指定がありません。", "empty database URL");
    db_conn *c = calloc(1, sizeof *c);
    if (!c)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    const char *rest = url;
    if (strncmp(url, "sqlite:", 7) == 0) {
        c->drv = &DB_DRIVER_SQLITE;
        rest = url + 7;
    } else {
        c->drv = &DB_DRIVER_PG;
    }
    c->readonly = readonly;
    c->url = strdup(rest);
    if (!c->url) {
        free(c);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    int rc = c->drv->open(c, rest, readonly, e);
    if (rc) {
        free(c->url);
        free(c);
        return rc;
    }
    *out = c;
    return 0;
}

static void memo_clear(db_conn *c);

void db_conn_close(db_conn *c)
{
    if (!c)
        return;
    if (c->in_tx)
        db_rollback(c);
    memo_clear(c);
    for (int i = 0; i < c->capstmts; i++) {
        if (c->stmts[i]) {
            c->drv->finalize(c->stmts[i]);
            free(c->stmts[i]);
        }
    }
    free(c->stmts);
    c->drv->close(c);
    free(c->url);
    free(c);
}

int db_kind(const db_conn *c)
{
    return c->drv->kind;
}

void db_autocheckpoint(db_conn *c, int pages)
{
    if (c->drv->autocheckpoint)
        c->drv->autocheckpoint(c, pages);
}

void db_server_reads(db_conn *c)
{
    if (c->drv->kind == DB_SQLITE)
        db_sqlite_server_reads(c);
}

void db_server_process(void)
{
    db_sqlite_server_process();
}

void db_release_memory(db_conn *c)
{
    if (c->drv->kind == DB_SQLITE)
        c->drv->exec_script(c, "PRAGMA shrink_memory", NULL);
}

void db_bulk(db_conn *c, bool on)
{
    if (c->drv->bulk)
        c->drv->bulk(c, on);
}

void db_batch_memory(void)
{
    db_sqlite_batch_memory();
}

void db_load_empty(db_conn *c, bool on)
{
    if (c->drv->kind == DB_SQLITE && !c->in_tx)
        db_sqlite_journal(c, on);
}

int db_checkpoint(db_conn *c, err_t *e)
{
    return c->drv->checkpoint ? c->drv->checkpoint(c, e) : 0;
}

int db_snapshot_to(db_conn *c, const char *path, err_t *e)
{
    if (c->drv->kind != DB_SQLITE)
        return err_set(e, ERR_INVALID, NULL, NULL, "db_snapshot_to: SQLite only");
    return db_sqlite_backup_to(c, path, e);
}

int db_table_digest(db_conn *c, const char *table, int64_t *rows, char hex[65], err_t *e)
{
    if (c->drv->kind != DB_SQLITE)
        return err_set(e, ERR_INVALID, NULL, NULL, "db_table_digest: SQLite only");
    return db_sqlite_table_digest(c, table, rows, hex, e);
}

int db_restrict(db_conn *c, const db_grant *grants, size_t n, err_t *e)
{
    c->grants = grants;
    c->ngrants = n;
    return c->drv->restrict_to ? c->drv->restrict_to(c, e) : 0;
}

int db_exec_script(db_conn *c, const char *sql, err_t *e)
{
    return c->drv->exec_script(c, sql, e);
}

void db_sql_params(buf_t *b, int first, int n)
{
    for (int k = 0; k < n; k++)
        buf_printf(b, "%s$%d", k ? "," : "", first + k);
}

void db_sql_values(buf_t *b, int first, int rows, int cols)
{
    for (int r = 0; r < rows; r++) {
        buf_puts(b, r ? ",(" : "(");
        db_sql_params(b, first + r * cols, cols);
        buf_putc(b, ')');
    }
}

size_t db_chunk(size_t n)
{
    size_t k = DB_CHUNK_MAX;
    while (k > 1 && k > n)
        k >>= 1;
    return k;
}

void db_sql_chunks(buf_t bufs[DB_CHUNK_SIZES], const char *sql[DB_CHUNK_SIZES], const char *head, int cols,
                   const char *tail)
{
    for (int slot = 0; slot < DB_CHUNK_SIZES; slot++) {
        buf_init(&bufs[slot], 0);
        buf_puts(&bufs[slot], head);
        db_sql_values(&bufs[slot], 1, 1 << slot, cols);
        buf_puts(&bufs[slot], tail);
        sql[slot] = buf_cstr(&bufs[slot]);
    }
}

int db_chunk_slot(size_t k)
{
    int slot = 0;
    while (slot + 1 < DB_CHUNK_SIZES && ((size_t)1 << slot) < k)
        slot++;
    return slot;
}

int db_analyze(db_conn *c, const char *table, err_t *e)
{
    if (c->drv->kind == DB_SQLITE)
        return 0;
    size_t n = strspn(table, "abcdefghijklmnopqrstuvwxyz_");
    if (n == 0 || table[n] != '\0' || n > 63)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "db_analyze: bad table name");
    char sql[80];
    str_fmt(sql, sizeof sql, "ANALYZE %s", table);
    return c->drv->exec_script(c, sql, e);
}

/* SQLite's VACUUM under this process's writer lock, its temporary copy of the
 * file in a file (connections keep temp_store=MEMORY, where a city's copy
 * would not fit), then the log, which now holds every page, written back and
 * truncated (readers of other connections may keep part of it until they
 * finish; that is no error). */
static int sqlite_vacuum(db_conn *c, err_t *e)
{
    pthread_mutex_lock(&g_sqlite_writer);
    int rc = c->drv->exec_script(c, "PRAGMA temp_store=FILE", e);
    if (!rc)
        rc = c->drv->exec_script(c, "VACUUM", e);
    err_t ignored;
    c->drv->exec_script(c, "PRAGMA temp_store=MEMORY", &ignored);
    if (!rc)
        rc = c->drv->exec_script(c, "PRAGMA wal_checkpoint(TRUNCATE)", e);
    pthread_mutex_unlock(&g_sqlite_writer);
    return rc;
}

int db_compact(db_conn *c, const char *table, err_t *e)
{
    if (c->in_tx)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "db_compact inside a transaction");
    size_t n = strspn(table, "abcdefghijklmnopqrstuvwxyz_");
    if (n == 0 || table[n] != '\0' || n > 63)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "db_compact: bad table name");
    if (c->drv->kind == DB_SQLITE)
        return sqlite_vacuum(c, e);
    char sql[80];
    str_fmt(sql, sizeof sql, "VACUUM FULL %s", table);
    int rc = c->drv->exec_script(c, sql, e);
    if (!rc)
        rc = db_analyze(c, table, e);
    return rc;
}

static int db_pragma_i64(db_conn *c, const char *sql, int64_t *out, err_t *e)
{
    db_stmt *s = db_prepare(c, sql, e);
    return s ? db_scalar_i64(s, out, e) : e->code;
}

static int sqlite_size(db_conn *c, int64_t *bytes, int64_t *free_bytes, err_t *e)
{
    int64_t page = 0, pages = 0, free_pages = 0;
    int rc = db_pragma_i64(c, "PRAGMA page_size", &page, e);
    if (!rc)
        rc = db_pragma_i64(c, "PRAGMA page_count", &pages, e);
    if (!rc && free_bytes)
        rc = db_pragma_i64(c, "PRAGMA freelist_count", &free_pages, e);
    *bytes = page * pages;
    if (free_bytes)
        *free_bytes = page * free_pages;
    return rc;
}

int db_compact_all(db_conn *c, db_compact_info *out, err_t *e)
{
    *out = (db_compact_info){0};
    if (c->in_tx || c->in_read)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "db_compact_all inside a transaction");
    if (c->drv->kind == DB_SQLITE) {
        int rc = sqlite_size(c, &out->bytes_before, &out->free_before, e);
        if (!rc)
            rc = sqlite_vacuum(c, e);
        return rc ? rc : sqlite_size(c, &out->bytes_after, NULL, e);
    }
    int rc = db_pragma_i64(c, "SELECT pg_database_size(current_database())", &out->bytes_before, e);
    if (!rc)
        rc = c->drv->exec_script(c, "VACUUM (ANALYZE)", e);
    return rc ? rc : db_pragma_i64(c, "SELECT pg_database_size(current_database())", &out->bytes_after, e);
}

/* Connections of this process waiting for a primary now: the first one logs
 * the outage, the last one its end. */
static atomic_int g_waiting;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A new session in place of a lost one: tried every 200 ms for up to
 * DB_RECONNECT_WAIT_S (libpq goes through the hosts of the URL each time). */
static int db_reconnect(db_conn *c, err_t *e)
{
    if (!c->drv->reconnect)
        return err_set(e, ERR_DB, NULL, NULL, "connection lost");
    double t0 = now_s();
    bool first = atomic_fetch_add(&g_waiting, 1) == 0;
    if (first)
        log_warn("database connection lost: waiting up to %d s for a primary", DB_RECONNECT_WAIT_S);
    int rc;
    err_t tmp;
    for (;;) {
        err_clear(&tmp);
        rc = c->drv->reconnect(c, &tmp);
        if (!rc || now_s() - t0 >= DB_RECONNECT_WAIT_S)
            break;
        struct timespec pause = {0, 200 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    bool last = atomic_fetch_sub(&g_waiting, 1) == 1;
    if (rc) {
        log_error("database: no primary answered within %d s", DB_RECONNECT_WAIT_S);
        return err_set(e, ERR_UNAVAILABLE, NULL, "データベースに接続できません。しばらくしてからもう一度操作してください。",
                       "reconnect failed: %s", tmp.log);
    }
    c->lost = false;
    if (first || last)
        log_warn("database connection back after %.1f s", now_s() - t0);
    return 0;
}

/* SQLite: the transaction statements run as prepared statements kept in the
 * connection's cache, not through sqlite3_exec, which parsed them again
 * each time (3 % of a カルテ's server CPU at 120,000 taps).  The addresses
 * of these arrays are the cache's keys. */
static const char SQ_BEGIN[] = "BEGIN";
static const char SQ_BEGIN_IMMEDIATE[] = "BEGIN IMMEDIATE";
static const char SQ_FIRST_READ[] = "SELECT COUNT(*) FROM schema_migrations";   /* starts the snapshot */
static const char SQ_COMMIT[] = "COMMIT";
static const char SQ_ROLLBACK[] = "ROLLBACK";

static int sq_tx_stmt(db_conn *c, const char *sql, err_t *e)
{
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return e && e->code ? e->code : ERR_DB;
    int rc;
    while ((rc = c->drv->step(s, e)) == DB_ROW) {
    }
    c->drv->done(s);
    return rc == DB_DONE ? 0 : (e && e->code ? e->code : ERR_DB);
}

/* Run BEGIN (sql) on c, first opening a new session when the old one is
 * lost; when BEGIN itself finds the session gone, nothing had started, so
 * it is sent once more on a new session. */
static int db_begin_sql(db_conn *c, const char *sql, err_t *e)
{
    for (int attempt = 0;; attempt++) {
        if (c->lost) {
            int rc = db_reconnect(c, e);
            if (rc)
                return rc;
        }
        int rc = c->drv->exec_script(c, sql, e);
        if (!rc || !c->lost || attempt == 1)
            return rc;
        err_clear(e);
    }
}

int db_begin(db_conn *c, err_t *e)
{
    if (c->in_tx || c->in_read)
        return err_set(e, ERR_INTERNAL, NULL, NULL, c->in_tx ? "nested transaction" : "write inside a read snapshot");
    bool sq = c->drv->kind == DB_SQLITE;
    if (sq)
        pthread_mutex_lock(&g_sqlite_writer);
    c->commit_sent = false;
    int rc = sq ? sq_tx_stmt(c, SQ_BEGIN_IMMEDIATE, e) : db_begin_sql(c, "BEGIN", e);
    if (!rc)
        c->in_tx = true;
    else if (sq)
        pthread_mutex_unlock(&g_sqlite_writer);
    return rc;
}

void **db_tx_state(db_conn *c, db_tx_end_fn fn)
{
    if (!c->in_tx)
        return NULL;
    for (int i = 0; i < DB_TX_ENDS; i++) {
        if (c->tx_ends[i].fn == fn)
            return &c->tx_ends[i].state;
        if (!c->tx_ends[i].fn) {
            c->tx_ends[i].fn = fn;
            c->tx_ends[i].state = NULL;
            return &c->tx_ends[i].state;
        }
    }
    return NULL;
}

/* Calls the transaction's end functions in the order registered (commit:
 * until one fails; those left are then called as for a rollback). */
static int tx_ends_run(db_conn *c, bool commit, err_t *e)
{
    int rc = 0;
    for (int i = 0; i < DB_TX_ENDS && c->tx_ends[i].fn; i++) {
        db_tx_end_fn fn = c->tx_ends[i].fn;
        void *st = c->tx_ends[i].state;
        c->tx_ends[i].fn = NULL;
        c->tx_ends[i].state = NULL;
        int r = fn(c, st, commit && !rc, rc ? NULL : e);
        if (commit && !rc)
            rc = r;
    }
    return rc;
}

int db_commit(db_conn *c, err_t *e)
{
    if (!c->in_tx)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "commit without transaction");
    int rc = tx_ends_run(c, true, e);
    if (rc) {
        db_rollback(c);
        return rc;
    }
    c->commit_sent = true;
    rc = c->drv->kind == DB_SQLITE ? sq_tx_stmt(c, SQ_COMMIT, e) : c->drv->exec_script(c, "COMMIT", e);
    if (rc) {
        if (c->lost)   /* the server went away with the COMMIT: it may or may not have been applied */
            err_set(e, ERR_UNAVAILABLE, NULL,
                    "データベースとの接続が確定処理の途中で切れたため、この操作が記録されたかどうか確かめられませんでした。"
                    "記録を確かめてから、必要ならもう一度操作してください。",
                    "connection lost during COMMIT: outcome unknown");
        db_rollback(c);
        return rc;
    }
    c->in_tx = false;
    if (c->drv->kind == DB_SQLITE)
        pthread_mutex_unlock(&g_sqlite_writer);
    return 0;
}

void db_rollback(db_conn *c)
{
    if (!c->in_tx)
        return;
    tx_ends_run(c, false, NULL);
    if (c->drv->kind == DB_SQLITE)
        sq_tx_stmt(c, SQ_ROLLBACK, NULL);
    else if (!c->lost)
        c->drv->exec_script(c, "ROLLBACK", NULL);
    c->in_tx = false;
    if (c->drv->kind == DB_SQLITE)
        pthread_mutex_unlock(&g_sqlite_writer);
}

bool db_retryable(const db_conn *c)
{
    return c->lost && !c->commit_sent && !c->in_tx;
}

static int read_open(db_conn *c, err_t *e)
{
    bool sq = c->drv->kind == DB_SQLITE;
    int rc = 0;
    if (sq && !(rc = sq_tx_stmt(c, SQ_BEGIN, e)) && (rc = sq_tx_stmt(c, SQ_FIRST_READ, e)))
        sq_tx_stmt(c, SQ_ROLLBACK, NULL);
    if (!sq)
        rc = db_begin_sql(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT 1", e);
    if (!rc)
        c->in_read = true;
    return rc;
}

static void memo_clear(db_conn *c)
{
    for (int i = 0; i < DB_MEMOS; i++) {
        free(c->memo[i].val);
        c->memo[i].val = NULL;
        c->memo[i].key = NULL;
    }
}

void **db_shared_memo(db_conn *c, const void *key)
{
    if (!c->in_read || !c->shared_read)
        return NULL;
    for (int i = 0; i < DB_MEMOS; i++) {
        if (c->memo[i].key == key || !c->memo[i].key) {
            c->memo[i].key = key;
            return &c->memo[i].val;
        }
    }
    return NULL;
}

static void read_close(db_conn *c)
{
    memo_clear(c);
    if (c->drv->kind == DB_SQLITE)
        sq_tx_stmt(c, SQ_ROLLBACK, NULL);
    else if (!c->lost)
        c->drv->exec_script(c, "ROLLBACK", NULL);
    c->in_read = false;
    c->shared_read = false;
}

int db_begin_read(db_conn *c, err_t *e)
{
    if (c->in_read && c->shared_read && !c->in_tx)
        return 0;   /* joins the shared snapshot */
    if (c->in_tx || c->in_read)
        return err_set(e, ERR_INTERNAL, NULL, NULL, c->in_tx ? "nested transaction" : "nested snapshot");
    return read_open(c, e);
}

void db_end_read(db_conn *c)
{
    if (!c->in_read)
        return;
    if (!c->shared_read)   /* a use case's end inside a shared snapshot: it stays for the next */
        read_close(c);
}

int db_begin_shared_read(db_conn *c, err_t *e)
{
    if (c->in_tx || c->in_read)
        return err_set(e, ERR_INTERNAL, NULL, NULL, c->in_tx ? "nested transaction" : "nested snapshot");
    int rc = read_open(c, e);
    if (!rc)
        c->shared_read = true;
    return rc;
}

void db_end_shared_read(db_conn *c)
{
    if (c->in_read && c->shared_read)
        read_close(c);
}

db_read_state db_read_pause(db_conn *c)
{
    db_read_state s = {.open = c->in_read, .shared = c->shared_read};
    if (c->in_read && !c->in_tx)
        read_close(c);
    return s;
}

int db_read_resume(db_conn *c, db_read_state s, err_t *e)
{
    if (!s.open || c->in_read || c->in_tx)
        return 0;
    int rc = read_open(c, e);
    if (!rc)
        c->shared_read = s.shared;
    return rc;
}

bool db_in_tx(const db_conn *c)
{
    return c->in_tx;
}

static size_t slot_of(const char *sql, int cap)
{
    uintptr_t h = (uintptr_t)sql;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15u;
    return (size_t)(h >> 7) & (size_t)(cap - 1);
}

static bool cache_grow(db_conn *c)
{
    int ncap = c->capstmts ? c->capstmts * 2 : 64;
    db_stmt **n = calloc((size_t)ncap, sizeof *n);
    if (!n)
        return false;
    for (int i = 0; i < c->capstmts; i++) {
        db_stmt *s = c->stmts[i];
        if (!s)
            continue;
        size_t j = slot_of(s->sql, ncap);
        while (n[j])
            j = (j + 1) & (size_t)(ncap - 1);
        n[j] = s;
    }
    free(c->stmts);
    c->stmts = n;
    c->capstmts = ncap;
    return true;
}

/* Database errors since start-up (for /metrics): statements that failed
 * with ERR_DB, and statements that could not be prepared. */
static atomic_llong g_db_errors;

long long db_error_count(void)
{
    return atomic_load_explicit(&g_db_errors, memory_order_relaxed);
}

db_stmt *db_prepare(db_conn *c, const char *sql, err_t *e)
{
    if ((c->nstmts + 1) * 2 > c->capstmts && !cache_grow(c)) {
        err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        return NULL;
    }
    size_t j = slot_of(sql, c->capstmts);
    while (c->stmts[j]) {
        if (c->stmts[j]->sql == sql)
            return c->stmts[j];
        j = (j + 1) & (size_t)(c->capstmts - 1);
    }
    db_stmt *s = calloc(1, sizeof *s);
    if (!s) {
        err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        return NULL;
    }
    s->sql = sql;
    s->conn = c;
    if (c->drv->prepare(c, s, e)) {
        atomic_fetch_add_explicit(&g_db_errors, 1, memory_order_relaxed);
        free(s);
        return NULL;
    }
    c->stmts[j] = s;
    c->nstmts++;
    return s;
}

void db_bind_text(db_stmt *s, int idx, const char *v)
{
    if (!v)
        s->conn->drv->bind_null(s, idx);
    else
        s->conn->drv->bind_text(s, idx, v);
}

void db_bind_text_kept(db_stmt *s, int idx, const char *v)
{
    if (!v)
        s->conn->drv->bind_null(s, idx);
    else if (s->conn->drv->bind_text_kept)
        s->conn->drv->bind_text_kept(s, idx, v);
    else
        s->conn->drv->bind_text(s, idx, v);
}

void db_bind_i64(db_stmt *s, int idx, int64_t v)
{
    s->conn->drv->bind_i64(s, idx, v);
}

void db_bind_null(db_stmt *s, int idx)
{
    s->conn->drv->bind_null(s, idx);
}

void db_bind_id_or_null(db_stmt *s, int idx, int64_t id)
{
    if (id > 0)
        db_bind_i64(s, idx, id);
    else
        db_bind_null(s, idx);
}

int db_step(db_stmt *s, err_t *e)
{
    /* Outside a transaction (a statement on its own) a lost session is replaced first. */
    db_conn *c = s->conn;
    if (c->lost && !c->in_tx && !c->in_read && db_reconnect(c, e))
        return DB_ERROR;
    int rc = c->drv->step(s, e);
    if (rc == DB_ERROR && (!e || e->code == ERR_DB || e->code == ERR_UNAVAILABLE))
        atomic_fetch_add_explicit(&g_db_errors, 1, memory_order_relaxed);
    return rc;
}

const char *db_col_text(db_stmt *s, int col)
{
    return s->conn->drv->col_text(s, col);
}

int64_t db_col_i64(db_stmt *s, int col)
{
    return s->conn->drv->col_i64(s, col);
}

bool db_col_is_null(db_stmt *s, int col)
{
    return s->conn->drv->col_is_null(s, col);
}

int64_t db_changes(db_stmt *s)
{
    return s->changes;
}

void db_stream(db_stmt *s)
{
    s->stream = true;
}

void db_done(db_stmt *s)
{
    s->conn->drv->done(s);
    s->stream = false;
}

int db_exec(db_stmt *s, err_t *e)
{
    int rc = db_step(s, e);
    if (rc == DB_ERROR) {
        db_done(s);
        return e && e->code ? e->code : ERR_DB;
    }
    if (rc == DB_ROW) {
        /* Drain (e.g. RETURNING ignored by the caller). */
        while ((rc = db_step(s, e)) == DB_ROW) {
        }
    }
    db_done(s);
    if (rc == DB_ERROR)
        return e && e->code ? e->code : ERR_DB;
    return 0;
}

int db_insert_id(db_stmt *s, int64_t *id, err_t *e)
{
    int st = db_step(s, e);
    if (st == DB_ROW) {
        if (id)
            *id = db_col_i64(s, 0);
        st = db_step(s, e);
    }
    db_done(s);
    return st == DB_ERROR ? (e && e->code ? e->code : ERR_DB) : 0;
}

int db_scalar_i64(db_stmt *s, int64_t *out, err_t *e)
{
    int st = db_step(s, e);
    *out = st == DB_ROW ? db_col_i64(s, 0) : 0;
    db_done(s);
    return st == DB_ERROR ? (e && e->code ? e->code : ERR_DB) : 0;
}

int db_collect(db_stmt *s, db_row_fn fn, size_t size, void **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    size_t cap = 0;
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        void *r = vec_slot(rows, n, &cap, size);
        if (!r) {
            err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
            st = DB_ERROR;
            break;
        }
        fn(s, r);
    }
    db_done(s);
    if (st == DB_ERROR) {
        free(*rows);
        *rows = NULL;
        *n = 0;
        return e && e->code ? e->code : ERR_DB;
    }
    return 0;
}

int db_one(db_stmt *s, db_row_fn fn, void *out, err_t *e)
{
    int st = db_step(s, e);
    if (st == DB_ROW)
        fn(s, out);
    db_done(s);
    if (st == DB_ERROR)
        return e && e->code ? e->code : ERR_DB;
    return st == DB_ROW ? 0 : ERR_NOTFOUND;
}

/* ---- db_copy: many rows into one table (see db.h) ---- */

/* A name list written in the code: [a-z_0-9, ]+. */
static bool copy_names_ok(const char *s)
{
    size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz_0123456789, ");
    return n > 0 && s[n] == '\0' && n < 2000;
}

int db_copy_begin(db_conn *c, const char *table, const char *cols, int ncols, db_copy **out, err_t *e)
{
    *out = NULL;
    if (!copy_names_ok(table) || !copy_names_ok(cols) || ncols < 1 || ncols > DB_MAX_PARAMS)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "db_copy_begin: bad table or columns");
    db_copy *cp = calloc(1, sizeof *cp);
    if (!cp)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    cp->conn = c;
    cp->ncols = ncols;
    int rc = c->drv->copy_begin(cp, table, cols, e);
    if (rc) {
        free(cp);
        return rc;
    }
    *out = cp;
    return 0;
}

int db_copy_row(db_copy *cp, const char *const *vals, err_t *e)
{
    int rc = cp->conn->drv->copy_row(cp, vals, e);
    if (rc)
        atomic_fetch_add_explicit(&g_db_errors, 1, memory_order_relaxed);
    return rc;
}

int db_copy_values(db_copy *cp, const db_val *vals, err_t *e)
{
    int rc = cp->conn->drv->copy_values(cp, vals, e);
    if (rc)
        atomic_fetch_add_explicit(&g_db_errors, 1, memory_order_relaxed);
    return rc;
}

int db_copy_end(db_copy *cp, bool ok, err_t *e)
{
    if (!cp)
        return 0;
    int rc = cp->conn->drv->copy_end(cp, ok, e);
    if (rc && ok)
        atomic_fetch_add_explicit(&g_db_errors, 1, memory_order_relaxed);
    free(cp);
    return rc;
}

int db_copy_finish(db_copy *cp, int rc, err_t *e)
{
    int end = db_copy_end(cp, rc == 0, e);
    return rc ? rc : end;
}
