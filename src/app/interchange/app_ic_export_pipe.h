/* app_ic_export_pipe — the export's second core: the database is read ahead
 * on one thread and the finished CSV hashed and written on another, while
 * the calling thread formats the rows (app_ic_export.c).
 *
 * Measured (docs/performance.md, "Interchange", session 34): reading
 * (SQLite's steps, its pages, and the numbering of a group's rows) is about
 * a third of the export's work, hashing and writing about a tenth, the
 * formatting the rest; the three overlap on two cores.
 *
 * Nothing here touches the database except the reading thread, and only
 * while app_ic_rows_each runs: the caller uses db for nothing else then. */
#ifndef SUIDO_APP_IC_EXPORT_PIPE_H
#define SUIDO_APP_IC_EXPORT_PIPE_H

#include <stdbool.h>

#include "base/buf.h"
#include "base/crypto.h"
#include "store/interchange/ic_store.h"

/* ic_store_each(db, t, fn, arg, e) with the rows read on a thread of its
 * own, up to six batches (4,096 rows or 1 MiB each) ahead: fn runs on the
 * calling thread, in the file's order, with the same arguments; its
 * non-zero return stops the reading and is
 * returned; else the reading's error (in e), or 0.  The thread is joined
 * before the return.  t is the table of file f (domain/interchange/
 * ic_format.h); when f numbers the rows of a group (an IC_SEQ column), the
 * reading thread numbers them too: fn gets the row's number (1, 2, ...
 * among the rows before it whose key columns before the IC_SEQ one hold
 * the same values) as that column's text, in place of the 0 the table
 * reads there.  Values, not business keys, make the group: a reference's
 * id stands for its target's key one to one (an empty reference, NULL or
 * an IC_ZERO 0, for the empty key).  The reading thread's CPU (ms) is
 * added to *cpu_ms. */
int app_ic_rows_each(db_conn *db, const ic_store_table *t, int f, ic_store_row_fn fn, void *arg, int64_t *cpu_ms,
                     err_t *e);

/* A thread that hashes and writes what it is handed, in the order handed. */
typedef struct app_ic_file_writer app_ic_file_writer;
/* NULL when out of memory or no thread could be made. */
app_ic_file_writer *app_ic_file_writer_start(void);
/* Hands b's bytes over, to be added to sha then written to fd; b comes back
 * empty (another buffer: b's bytes now belong to the writer).  Waits while
 * the writer still has a buffer waiting.  false when a write has failed
 * since the last sync (nothing more is written until then). */
bool app_ic_file_writer_put(app_ic_file_writer *w, int fd, crypto_sha256 *sha, buf_t *b);
/* Waits until everything handed over is hashed and written; false, with
 * the failed write's errno in *err_no, when a write failed (the failure is
 * then forgotten). */
bool app_ic_file_writer_sync(app_ic_file_writer *w, int *err_no);
/* Syncs, ends the thread and frees w (NULL: nothing); its CPU (ms) into
 * *cpu_ms (may be NULL). */
void app_ic_file_writer_stop(app_ic_file_writer *w, int64_t *cpu_ms);

#endif
