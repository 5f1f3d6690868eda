/* csv_read — reading CSV (RFC 4180, as Excel and handheld terminals write it)
 * through libcsv, one row at a time.
 *
 * The fields handed to the callback are NUL-terminated copies owned by the
 * reader, valid only during the call.  Line numbers count physical lines
 * from 1 (a quoted field may span several lines). */
#ifndef SUIDO_CSV_READ_H
#define SUIDO_CSV_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CSV_READ_MAX_FIELDS 64

/* Called once per row; return non-zero to stop reading. */
typedef int (*csv_row_fn)(int64_t line, char **fields, size_t nfields, void *arg);

/* Parse all of data (UTF-8).  Returns 0, the callback's non-zero value, or
 * -1 when the text is not valid CSV (an unterminated quote) or a row has
 * more than CSV_READ_MAX_FIELDS fields; *bad_line then names the line. */
int csv_read_all(const char *data, size_t len, csv_row_fn fn, void *arg, int64_t *bad_line);

/* The same, fed piece by piece (a file read or decoded a line at a time, so
 * that nothing holds the whole text).  Each piece must end at a line end
 * ('\n'), except the last; line numbers count the '\n's fed.
 * csv_reader_new: NULL when out of memory; free with csv_reader_free.
 * csv_reader_feed and csv_reader_end return as csv_read_all does (once
 * non-zero, stop feeding); *bad_line is set by csv_reader_end or on -1. */
typedef struct csv_reader csv_reader;
csv_reader *csv_reader_new(csv_row_fn fn, void *arg);
int csv_reader_feed(csv_reader *r, const char *piece, size_t len, int64_t *bad_line);
int csv_reader_end(csv_reader *r, int64_t *bad_line);
void csv_reader_free(csv_reader *r);

#endif
