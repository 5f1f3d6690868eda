/* db — the one database interface, with a SQLite and a PostgreSQL driver.
 *
 * Only src/store/ includes this header.  SQL is written once, in the
 * PostgreSQL dialect subset both engines share: parameters are $1..$n (the
 * SQLite driver binds them by name), types are TEXT and BIGINT only, ids come
 * from "RETURNING id".  Statements are prepared once per connection and
 * cached by their SQL text's address (a static const char[]), so every
 * statement is a named constant.
 *
 * A db_conn belongs to one thread at a time.  db_conn_open returns an owned
 * connection (db_conn_close).  A db_stmt* returned by db_prepare is owned by
 * the connection; the caller binds, steps, and calls db_done when finished
 * with the rows (this resets it for reuse). */
#ifndef SUIDO_DB_H
#define SUIDO_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"
#include "base/err.h"

typedef struct db_conn db_conn;
typedef struct db_stmt db_stmt;

enum db_kind { DB_SQLITE, DB_PG };
enum db_step_result { DB_ROW = 1, DB_DONE = 0, DB_ERROR = -1 };

/* url: "sqlite:PATH" or a PostgreSQL conninfo ("host=... dbname=...") or URI
 * ("postgresql://..."). readonly opens SQLite read-only (portal). */
int db_conn_open(const char *url, bool readonly, db_conn **out, err_t *e);
void db_conn_close(db_conn *c);
int db_kind(const db_conn *c);
/* Database errors in this process since it started (failed statements and
 * statements that could not be prepared), for /metrics. */
long long db_error_count(void);

/* Transactions.  db_begin starts a write transaction (SQLite: BEGIN
 * IMMEDIATE, so writers queue on the busy timeout instead of failing later).
 * db_rollback is safe to call when no transaction is open. */
int db_begin(db_conn *c, err_t *e);
int db_commit(db_conn *c, err_t *e);
void db_rollback(db_conn *c);
bool db_in_tx(const db_conn *c);
/* Work a store keeps until the write transaction ends, written at its end
 * in one go (e.g. a shared summary's rows, upserted once and in the order of
 * their keys, so that two writers lock them in the same order).  db_tx_state
 * returns the address of the transaction's state for fn (NULL at first: the
 * caller puts what it keeps there) and has fn called once when the
 * transaction ends: by db_commit before its COMMIT with commit=true (fn writes;
 * its failure fails the commit, which rolls back), or by db_rollback with
 * commit=false (fn only frees).  fn owns and frees the state in either case.
 * Returns NULL outside a write transaction or when DB_TX_ENDS functions are
 * registered already (the caller then writes at once). */
#define DB_TX_ENDS 4
typedef int (*db_tx_end_fn)(db_conn *c, void *state, bool commit, err_t *e);
void **db_tx_state(db_conn *c, db_tx_end_fn fn);
/* A read-only snapshot on this connection (SQLite: a deferred transaction
 * whose snapshot starts at once; PostgreSQL: REPEATABLE READ READ ONLY):
 * what other connections commit after it starts stays invisible until
 * db_end_read.  Each use case opens and ends its own: db_begin_read inside an open snapshot
 * (but a shared one, below) or a write transaction, and db_begin inside a snapshot, are
 * refused (ERR_INTERNAL), as a db_begin inside a transaction is.  db_end_read is safe
 * to call when no snapshot is open. */
int db_begin_read(db_conn *c, err_t *e);
void db_end_read(db_conn *c);
/* A snapshot that several use cases share (a page that shows many of them:
 * the カルテ).  Inside it, a use case's db_begin_read joins it (and its
 * db_end_read leaves it open) instead of being refused, so the page's reads
 * take one snapshot and, on SQLite, one page cache: each new read transaction
 * after another connection's commit (the audit writer's, every few ms) starts
 * with an empty cache.  db_begin inside it is refused as in any snapshot.
 * db_end_shared_read ends it. */
int db_begin_shared_read(db_conn *c, err_t *e);
void db_end_shared_read(db_conn *c);
/* A write on a connection that may be inside a snapshot (a form's one-time
 * token, issued while a page is read): db_read_pause ends the snapshot, if
 * one is open and no write transaction is, and says what it was;
 * db_read_resume opens a new one like it (what was committed meanwhile is
 * seen from then on).  Nothing to do when none was open. */
typedef struct {
    bool open, shared;
} db_read_state;
db_read_state db_read_pause(db_conn *c);
int db_read_resume(db_conn *c, db_read_state s, err_t *e);
/* Inside a shared snapshot: a slot on the connection where one store module
 * (key: the address of something of its own) may keep a row it read, since
 * nothing it reads can change until the snapshot ends.  NULL outside one, or
 * when all DB_MEMOS slots are taken.  What a slot holds is free()d when the
 * snapshot ends or is paused, or the connection is closed. */
#define DB_MEMOS 4
void **db_shared_memo(db_conn *c, const void *key);

/* Failover (PostgreSQL; never on SQLite).  The URL may name several hosts
 * with target_session_attrs=read-write: libpq connects to whichever is the
 * primary.  When the primary goes away, the connection is marked lost; the
 * next db_begin or db_begin_read opens a new session first, waiting for a
 * primary to answer for up to DB_RECONNECT_WAIT_S (the first waiting
 * connection of the process logs the outage once, and its end).  Nothing
 * is retried here: a transaction that was cut off fails with ERR_DB.
 *   db_retryable: the last transaction failed because the connection was
 *     lost before COMMIT was sent — it certainly did not commit, and
 *     running it again from db_begin is safe (app_tx_run does, once).
 *   A COMMIT that itself lost the connection has an unknown outcome: it
 *     fails with ERR_DB and a user message saying so, and is not retryable. */
#define DB_RECONNECT_WAIT_S 60
bool db_retryable(const db_conn *c);

/* SQLite only (no-op on PostgreSQL): pages of WAL after which a committing
 * connection checkpoints by itself (0 = never), and an explicit PASSIVE
 * checkpoint that does not block writers.  The server turns the automatic
 * one off on its request connections and checkpoints from a maintenance
 * thread, so that no request waits for a checkpoint's fsync. */
void db_autocheckpoint(db_conn *c, int pages);
int db_checkpoint(db_conn *c, err_t *e);

/* This process is a long-running server (SQLite only; call before its
 * first connection opens): its connections read the database file through
 * one memory map kept for the process (db_sqlite_map.c) instead of a map or
 * a page cache of their own.  SQLite drops a connection's whole map — and
 * empties its cache — whenever another connection has committed since its
 * last read, which in a server whose audit writer commits every few
 * milliseconds is before nearly every page: then each page read again by
 * pread (156 a カルテ) or faulted into a new map (docs/performance.md,
 * "The カルテ", sessions 34, 40 and 42). */
void db_server_process(void);
/* A connection of a long-running server, beside other connections that
 * commit (the audit writer, the other workers), SQLite only (no-op on
 * PostgreSQL): in a process of db_server_process its reads go through the
 * kept map; otherwise through its page cache instead of a map of its own,
 * which every other commit would drop (at 120,000 taps a カルテ cost 18–24
 * ms of the server's CPU with that map, 6 ms without).  Batch commands,
 * alone on the file, keep SQLite's own map. */
void db_server_reads(db_conn *c);
/* (db_server_reads, continued) Its page cache is held to 16 MiB (a batch
 * connection's may grow to 256 MiB): SQLite empties a connection's cache
 * whenever another has committed since its last read, so in the server a
 * cache serves one transaction only, while the four workers', the audit
 * writer's and the maintenance thread's caches, each grown to its largest
 * transaction (a report over a 2,000,000-tap city) and its pages kept by
 * the thread's malloc arena, could otherwise add up to 1.5 GiB. */

/* The pages the connection's cache holds and no statement is using, freed
 * (SQLite; no-op on PostgreSQL): after a walk over a whole table (the
 * search index's load) on a connection that stays open or whose memory is
 * to be given back to the system. */
void db_release_memory(db_conn *c);

/* Bulk writing (imports of tens of thousands of rows), SQLite only: the next
 * commit is made durable by syncing the WAL itself (synchronous=FULL), and
 * no checkpoint runs inside it; the WAL is checkpointed later (by the
 * server's maintenance thread, or when the last connection closes).  Turn it
 * off again after the commit. */
void db_bulk(db_conn *c, bool on);

/* A batch process that writes thousands of pages (a month's readings
 * import, billing run, debit request or result import), SQLite only: call
 * before the process opens its first connection.  SQLite's page cache then
 * takes its buffers from one region of up to 384 MiB backed by huge pages
 * (where the kernel has them), touched only as far as it is used, instead
 * of one malloc and first-touch page fault per page written; what it used
 * stays resident until the process ends, so a long-lived process (the
 * server) does not call it. */
void db_batch_memory(void);

/* Loading a whole database into an empty one in one transaction (suido
 * import), SQLite only, outside a transaction: the rollback journal instead
 * of the WAL while on.  The WAL would receive every page the load writes
 * (an index page as often as the cache spills it) and then copy them all
 * into the database at the checkpoint; the rollback journal keeps only what
 * the pages held before (of an empty database: next to nothing), and the
 * pages are written once, in place.  A kill still leaves the database as it
 * was: the journal left behind is played back on the next open.  Nothing
 * happens when the mode cannot change (another connection has the database
 * open); off restores the WAL. */
void db_load_empty(db_conn *c, bool on);

/* Least privilege for a connection that serves outsiders (the citizen
 * portal): from now on it may read only the listed columns of the listed
 * tables and insert only into tables marked insert; anything else (other
 * tables, UPDATE, DELETE, DDL, PRAGMA, ATTACH) fails when prepared.
 * SQLite: an authorizer (sqlite3_set_authorizer), an in-process defence
 * only.  PostgreSQL: a no-op, the role's own grants do it (suido portal
 * grant).  grants must outlive the connection (static tables). */
typedef struct db_grant {
    const char *table;
    const char *const *read_cols;   /* NULL-terminated */
    bool insert;
} db_grant;
int db_restrict(db_conn *c, const db_grant *grants, size_t n, err_t *e);

/* Parameter lists for statements that carry many rows at once (built once,
 * the values bound): "$first,...,$(first+n-1)" for an IN (...) list, and
 * "($first,..),(..)" for rows groups of cols parameters each (a multi-row
 * VALUES), numbered on from first. */
void db_sql_params(buf_t *b, int first, int n);
void db_sql_values(buf_t *b, int first, int rows, int cols);

/* The statements of an import's write path carry their rows in chunks whose
 * sizes are powers of two up to DB_CHUNK_MAX (256 rows: on PostgreSQL one
 * round trip each; 4,096 parameters for 16 columns), so that any n rows go in
 * whole statements, at most DB_CHUNK_SIZES of them for a tail, each size's
 * SQL built once.  db_chunk(n): the largest such size not above n (n >= 1);
 * db_chunk_slot(k): the index (0 .. DB_CHUNK_SIZES-1) of size k = 1 << slot. */
#define DB_CHUNK_MAX 256
#define DB_CHUNK_SIZES 9
size_t db_chunk(size_t n);
int db_chunk_slot(size_t k);
/* The statements head + VALUES of 1 << slot rows of cols parameters + tail
 * (tail may be ""), for every slot, into bufs; sql[slot] points into them
 * (kept as long as the process, the statement caches key them by address). */
void db_sql_chunks(buf_t bufs[DB_CHUNK_SIZES], const char *sql[DB_CHUNK_SIZES], const char *head, int cols,
                   const char *tail);

/* Many rows into one table, fast (an import): on PostgreSQL COPY table
 * (cols) FROM STDIN in text format, the rows sent in batches of about 256 KB;
 * on SQLite one prepared INSERT run per row.  table and cols are names written
 * in the code ("taps", "tap_no, area_code, ..."), ncols of them.  Each row
 * is ncols texts (NULL: SQL NULL), converted by the columns' types as bound
 * text is.  Inside the caller's transaction; nothing else may run on the
 * connection until db_copy_end.  On PostgreSQL a row's fault (a constraint)
 * may show only at a later db_copy_row or at db_copy_end, which then fails
 * (and the transaction with it).  db_copy_end(ok=false) abandons the copy
 * (PostgreSQL: the COPY fails, the caller rolls back); it always frees cp. */
typedef struct db_copy db_copy;
int db_copy_begin(db_conn *c, const char *table, const char *cols, int ncols, db_copy **out, err_t *e);
int db_copy_row(db_copy *cp, const char *const *vals, err_t *e);
/* The same with integers given as integers (is_int: i64; else text, NULL:
 * SQL NULL): SQLite binds them as such (nothing to convert back from text,
 * stored as the column's affinity would store the integer's decimal text),
 * PostgreSQL writes them in decimal. */
typedef struct db_val {
    const char *text;
    int64_t i64;
    bool is_int;
} db_val;
int db_copy_values(db_copy *cp, const db_val *vals, err_t *e);
int db_copy_end(db_copy *cp, bool ok, err_t *e);
/* The copy ended after its rows: abandoned if rc (the rows' own failure,
 * returned as it was), else completed, returning what the end returned (a
 * constraint's ERR_CONFLICT as from any statement).  cp may be NULL. */
int db_copy_finish(db_copy *cp, int rc, err_t *e);

/* Run SQL text without parameters or rows (DDL in migrations only). */
int db_exec_script(db_conn *c, const char *sql, err_t *e);

/* After a bulk fill of table (a name written in the code, [a-z_]+): on
 * PostgreSQL, ANALYZE it, so that the next statements are planned for the
 * rows it now holds (autovacuum would only do so a minute or more later; a
 * table planned as empty was joined by scanning it once per row).  On
 * SQLite a no-op: its planner goes by the indexes, not by statistics. */
int db_analyze(db_conn *c, const char *table, err_t *e);

/* Give back the room left in table's pages by rows that were shrunk (a
 * column moved out by a migration): on SQLite, VACUUM of the whole file as
 * db_compact_all does it (it needs free disk for a copy of it); on
 * PostgreSQL, VACUUM FULL of the table.  Outside any transaction; the table
 * is locked meanwhile. */
int db_compact(db_conn *c, const char *table, err_t *e);

/* The whole database compacted (`suido db compact`, the monthly maintenance
 * job): on SQLite, VACUUM — every table and index rewritten in order into
 * full pages, the free pages given back — with its temporary copy in a file
 * (SQLite's temporary directory; never in memory, which a city's file would
 * not fit), then the write-ahead log checkpointed and truncated; writers of
 * other connections wait meanwhile, readers go on.  On PostgreSQL, VACUUM
 * (ANALYZE) of every table: dead rows' room made reusable and the planner's
 * statistics renewed without locking anyone out (autovacuum does the same
 * by itself; this makes it happen now).  The page size is left as it is.
 * Outside any transaction.  The sizes before and after (the file's pages,
 * or pg_database_size) into *out; free_before is SQLite's free pages in
 * bytes (0 on PostgreSQL). */
typedef struct db_compact_info {
    int64_t bytes_before, bytes_after, free_before;
} db_compact_info;
int db_compact_all(db_conn *c, db_compact_info *out, err_t *e);

/* Backups, SQLite only (ERR_INVALID on PostgreSQL, which has its own tools):
 * db_snapshot_to copies the whole database through the online backup API
 * into a NEW file at path (created 0600; an existing file is refused), in
 * one read snapshot, so writers on other connections go on meanwhile; the
 * copy is left in rollback-journal mode, a single self-contained file.
 * db_table_digest counts table's rows and hashes them (SHA-256, 64 hex +
 * NUL) in a stable order (rowid, else every column), with the column
 * names, so that two files holding the same rows give the same digest.
 * table: [a-z0-9_]+ as listed by backup_store_tables. */
int db_snapshot_to(db_conn *c, const char *path, err_t *e);
int db_table_digest(db_conn *c, const char *table, int64_t *rows, char hex[65], err_t *e);

/* Prepare (or fetch from the cache) the statement for sql, which must be a
 * string with static storage duration.  NULL on error (e filled). */
db_stmt *db_prepare(db_conn *c, const char *sql, err_t *e);
void db_bind_text(db_stmt *s, int idx, const char *v);   /* idx from 1; NULL binds NULL */
/* The same for text the caller keeps, unchanged, until the statement is
 * done (db_done, db_exec): SQLite then reads it in place instead of copying
 * it (bulk inserts bind tens of thousands of such values). */
void db_bind_text_kept(db_stmt *s, int idx, const char *v);
void db_bind_i64(db_stmt *s, int idx, int64_t v);
void db_bind_null(db_stmt *s, int idx);
/* An optional id: NULL unless > 0. */
void db_bind_id_or_null(db_stmt *s, int idx, int64_t id);
/* The next run of s (its first db_step) hands its rows over as the server
 * sends them, instead of holding the whole result (PostgreSQL: libpq's
 * single-row mode; SQLite steps through its B-tree anyway): for reads of
 * millions of rows (suido export), memory then stays that of a row.  Until
 * db_done no other statement may run on the connection.  Cleared by db_done. */
void db_stream(db_stmt *s);
/* Execute/advance: DB_ROW, DB_DONE or DB_ERROR (e filled). */
int db_step(db_stmt *s, err_t *e);
/* Column accessors, valid until the next db_step/db_done.  Text is "" for
 * NULL unless db_col_is_null is checked first. */
const char *db_col_text(db_stmt *s, int col);
int64_t db_col_i64(db_stmt *s, int col);
bool db_col_is_null(db_stmt *s, int col);
/* Rows changed by the statement's last completed INSERT/UPDATE/DELETE
 * (still valid after db_done / db_exec). */
int64_t db_changes(db_stmt *s);
/* Finish with the statement: clears bindings and results. */
void db_done(db_stmt *s);

/* Convenience for "INSERT ... RETURNING id": run it, put the id in *id (may be
 * NULL), then db_done; returns 0/err. */
int db_insert_id(db_stmt *s, int64_t *id, err_t *e);
/* Convenience for a one-integer SELECT (COUNT, MAX): *out = first column of
 * the first row (0 when no row), then db_done; returns 0/err. */
int db_scalar_i64(db_stmt *s, int64_t *out, err_t *e);
/* Convenience for lists: step through every row, calling fn(s, slot) to fill
 * a zeroed slot of size bytes appended to *rows (malloc'd array, the caller
 * frees it); then db_done.  On error *rows is NULL and *n 0. */
typedef void (*db_row_fn)(db_stmt *s, void *row);
int db_collect(db_stmt *s, db_row_fn fn, size_t size, void **rows, size_t *n, err_t *e);
/* Convenience for a one-row SELECT (parameters bound): step once; when there
 * is a row, fn(s, out) reads it; then db_done.  Returns 0, ERR_NOTFOUND when
 * there is no row (e untouched: the caller words it), or the error. */
int db_one(db_stmt *s, db_row_fn fn, void *out, err_t *e);
/* Convenience: step to the end (rows ignored), then db_done; returns 0/err. */
int db_exec(db_stmt *s, err_t *e);

#endif
