/* db_driver — the private contract between db.c and its two drivers.
 * Nothing outside src/store/db*.c includes this. */
#ifndef SUIDO_DB_DRIVER_H
#define SUIDO_DB_DRIVER_H

#include "store/db.h"

#define DB_MAX_PARAMS 4096   /* a multi-row INSERT (bill_store_insert_many) uses 2048 */

typedef struct db_driver {
    int kind;
    int (*open)(db_conn *c, const char *url, bool readonly, err_t *e);
    void (*close)(db_conn *c);
    int (*exec_script)(db_conn *c, const char *sql, err_t *e);
    /* Create the driver statement for s->sql. */
    int (*prepare)(db_conn *c, db_stmt *s, err_t *e);
    void (*finalize)(db_stmt *s);
    void (*bind_text)(db_stmt *s, int idx, const char *v);
    void (*bind_text_kept)(db_stmt *s, int idx, const char *v);   /* may be NULL: bind_text */
    void (*bind_i64)(db_stmt *s, int idx, int64_t v);
    void (*bind_null)(db_stmt *s, int idx);
    int (*step)(db_stmt *s, err_t *e);
    const char *(*col_text)(db_stmt *s, int col);
    int64_t (*col_i64)(db_stmt *s, int col);
    bool (*col_is_null)(db_stmt *s, int col);
    void (*done)(db_stmt *s);
    void (*autocheckpoint)(db_conn *c, int pages);   /* may be NULL */
    int (*checkpoint)(db_conn *c, err_t *e);          /* may be NULL */
    void (*bulk)(db_conn *c, bool on);                /* may be NULL */
    int (*restrict_to)(db_conn *c, err_t *e);         /* may be NULL: c->grants set (db_restrict) */
    /* PostgreSQL: open a new session for c->url in place of the lost one (c->handle replaced,
     * c->generation bumped so that statements are prepared again).  NULL: never lost. */
    int (*reconnect)(db_conn *c, err_t *e);
    /* db_copy_*: begin sets cp->drv (cp->conn, table, cols, ncols set). */
    int (*copy_begin)(db_copy *cp, const char *table, const char *cols, err_t *e);
    int (*copy_row)(db_copy *cp, const char *const *vals, err_t *e);
    int (*copy_values)(db_copy *cp, const db_val *vals, err_t *e);
    int (*copy_end)(db_copy *cp, bool ok, err_t *e);   /* frees cp->drv */
} db_driver;

struct db_copy {
    db_conn *conn;
    int ncols;
    void *drv;
};

struct db_stmt {
    const char *sql;      /* static SQL text: the cache key */
    db_conn *conn;
    void *drv;            /* driver's statement */
    int64_t changes;      /* rows changed, set by the driver when a step returns DB_DONE */
    bool stream;          /* db_stream: rows fetched as they come (until db_done) */
};

struct db_conn {
    const db_driver *drv;
    void *handle;         /* sqlite3* or PGconn* */
    bool in_tx;
    bool in_read;         /* a read-only snapshot (db_begin_read) is open */
    bool shared_read;     /* it was opened by db_begin_shared_read: use cases' snapshots join it */
    struct {
        const void *key;
        void *val;
    } memo[DB_MEMOS];     /* store modules' rows kept for the shared snapshot (db_shared_memo) */
    int nstmts, capstmts;
    db_stmt **stmts;      /* cache, open addressing on sql address */
    int next_name;        /* PostgreSQL prepared-statement names */
    int autocheckpoint;   /* SQLite: pages (as last set; 1000 = SQLite's default) */
    int saved_autocheckpoint;
    const db_grant *grants;  /* db_restrict: what this connection may touch (NULL: anything) */
    size_t ngrants;
    /* Losing the server (PostgreSQL failover; see db_retryable).  The driver sets lost when a
     * call failed because the session is gone: connection closed, SQLSTATE class 08, 57P01-03
     * (shut down), 25006 (read-only: the server is a standby now). */
    char *url;               /* owned: what db_conn_open was given, to connect again */
    bool readonly;
    bool lost;
    bool commit_sent;        /* COMMIT was sent in the current transaction */
    unsigned generation;     /* sessions opened so far on this connection (statements re-prepare) */
    struct {                 /* work kept until the write transaction ends (db_tx_state) */
        db_tx_end_fn fn;
        void *state;
    } tx_ends[DB_TX_ENDS];
};

extern const db_driver DB_DRIVER_SQLITE;
extern const db_driver DB_DRIVER_PG;

/* SQLite only (db_sqlite.c): see db_batch_memory, db_server_process and db_server_reads. */
void db_sqlite_batch_memory(void);
void db_sqlite_server_process(void);
void db_sqlite_server_reads(db_conn *c);
/* SQLite only (db_sqlite_map.c): register the kept map's VFS as the
 * process's default (SQLITE_OK or SQLite's error); pages handed out from it
 * so far, and the pages of the views' tables its warming thread read (-1
 * until it has ended; for tests). */
int db_sqlite_map_register(void);
long long db_sqlite_map_fetched(void);
long long db_sqlite_map_warmed(void);
/* SQLite only (db_sqlite_backup.c): see db_snapshot_to and db_table_digest. */
int db_sqlite_backup_to(db_conn *c, const char *path, err_t *e);
int db_sqlite_table_digest(db_conn *c, const char *table, int64_t *rows, char hex[65], err_t *e);
void db_sqlite_journal(db_conn *c, bool rollback);

#endif
