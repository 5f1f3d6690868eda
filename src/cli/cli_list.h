/* cli_list — the end every listing command shares: the rows an app/ call
 * fetched, printed as a table or (--csv) as CSV in UTF-8 with BOM, or the
 * call's refusal said: "--field: message" for bad input (exit 2), the
 * error for anything else (exit 1).
 *
 * Ownership: nothing is kept; the rows stay the caller's. */
#ifndef SUIDO_CLI_LIST_H
#define SUIDO_CLI_LIST_H

#include "base/buf.h"
#include "base/err.h"
#include "cli/cli.h"

/* The rows as CSV in encoding into out; false when it cannot be made. */
typedef bool (*cli_list_csv_fn)(const void *rows, int encoding, buf_t *out);
/* The rows as a table on stdout. */
typedef void (*cli_list_table_fn)(const void *rows);

typedef struct cli_list {
    const char *what;            /* "工事申込を読めません": the error's heading */
    cli_list_csv_fn csv;
    cli_list_table_fn table;
    /* an option named otherwise than the app's field (NULL: none) */
    const char *field, *option;
} cli_list;

/* A refused call said: "--field: message" for bad input (2), the error
 * under the heading what for anything else (1).  field/option: an option
 * named otherwise than the app's field (NULL: none). */
int cli_list_refused(const char *what, const err_t *e, const char *field, const char *option);

/* rc and e: the fetching call's; rows: what it filled (when rc is 0).
 * The exit status: 0, 1 (an error, or the CSV could not be made) or 2. */
int cli_list_out(const cli_list *l, const cli_opts *o, int rc, const err_t *e, const void *rows);

#endif
