/* app_ic_writer — the second core of `suido import`: a writer thread that
 * stores the rows the importer has read, checked and resolved.
 *
 * The importer (the caller's thread) reads each file, checks every row and
 * prepares its values; it hands them over with app_ic_writer_row, which
 * copies them into a batch (an arena of about a quarter megabyte).  Full
 * batches go through a bounded queue to the writer thread, which alone uses
 * the database connection from app_ic_writer_start until
 * app_ic_writer_finish: it begins each file's load (ic_store_load_begin: the
 * plain indexes set aside), binds and steps its rows, and ends it
 * (ic_store_load_end: the indexes made again from the rows) while the
 * importer already reads the next file.  Everything stays inside the
 * caller's one transaction, which the caller ends after
 * app_ic_writer_finish.
 *
 * A failure of the database is kept, the first only: after it the writer
 * stores nothing more (a failed statement may have aborted the transaction)
 * and abandons the load at its end; the importer asks for it with
 * app_ic_writer_failed (a flag read without a lock, cheap per row) and
 * reports it with the file and line it names.  Memory: the queue holds up
 * to APP_IC_WRITER_BATCHES batches, so the importer runs at most that far
 * ahead. */
#ifndef SUIDO_APP_IC_WRITER_H
#define SUIDO_APP_IC_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/db.h"
#include "store/interchange/ic_store.h"

#define APP_IC_WRITER_BATCH (256 * 1024)
#define APP_IC_WRITER_BATCHES 64

typedef struct app_ic_writer app_ic_writer;

/* The writer thread on db (which the caller uses no more until
 * app_ic_writer_finish).  *out is the caller's, freed by
 * app_ic_writer_free.  Fails only when out of memory or without a
 * thread. */
int app_ic_writer_start(db_conn *db, app_ic_writer **out, err_t *e);
/* File f's rows go into table t from now on. */
int app_ic_writer_begin(app_ic_writer *w, int f, const ic_store_table *t, err_t *e);
/* One row of the file (line: its line, named if the database refuses it):
 * the n values, copied (their texts need live only through the call). */
int app_ic_writer_row(app_ic_writer *w, int64_t id, int64_t line, const ic_store_val *v, int n, err_t *e);
/* The file's rows are all handed over: ok false abandons its load. */
int app_ic_writer_end(app_ic_writer *w, bool ok, err_t *e);
/* Whether the database refused something: then *f is the file, *line its
 * line (0: the file as a whole: its load's end), *fatal whether it was
 * no fault of a row (its load could not begin), *err the database's error
 * (a copy).  Any argument after w may be NULL. */
bool app_ic_writer_failed(app_ic_writer *w, int *f, int64_t *line, bool *fatal, err_t *err);
/* Everything handed over stored (or abandoned), the thread joined (after
 * which the caller uses db again); a load still open is abandoned.  w stays
 * for app_ic_writer_failed. */
void app_ic_writer_finish(app_ic_writer *w);
/* Finishes w if need be and frees it (NULL: nothing). */
void app_ic_writer_free(app_ic_writer *w);

#endif
