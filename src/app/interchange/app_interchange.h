/* app_interchange — data migration in and out of suido (issue 20): the
 * interchange format suido-interchange/1 (docs/interchange.md), written by
 * an export and read by an import.
 *
 * app_interchange_export writes every file of the format into dir (created
 * 0700; an existing directory must be empty), each created 0600, from one
 * read snapshot (SQLite: a read transaction; PostgreSQL: REPEATABLE READ),
 * personal data decrypted into them, then manifest.json (on a failure the
 * files written so far are removed again); it is audited
 * (interchange.export, with the reason and the rows per file) once the
 * files are complete.  PERM_USER_ADMIN (the operator at the command line).
 *
 * app_interchange_import reads such a directory into an EMPTY database
 * (after suido migrate; anything in the format's tables is refused, naming
 * the table): every row checked (fields, business keys unique, references
 * across files, the manifest's rows, money sums and SHA-256), every error
 * reported as "FILE:LINE: field: message" (up to APP_IC_MAX_ERRORS per file),
 * and nothing stored when there is any.  All of it is one transaction: a
 * kill leaves the database as empty as it was, and the import is simply run
 * again.  Personal data is sealed as the registry seals it; bills are stored
 * as they were (never recalculated) and marked by a bill run of status
 * 'imported'; the audit chain gets one interchange.import row.  dry_run
 * checks everything and stores nothing.  Progress lines go to progress (may
 * be NULL) every APP_IC_PROGRESS_ROWS rows of a file.
 *
 * The result is filled by value; errors (ERR_INVALID) are in r->errors (a
 * malloc'd text of lines: app_interchange_result_free). */
#ifndef SUIDO_APP_INTERCHANGE_H
#define SUIDO_APP_INTERCHANGE_H

#include <stdio.h>

#include "app/app.h"
#include "domain/interchange/ic_format.h"
#include "domain/interchange/ic_manifest.h"

#define APP_IC_MAX_ERRORS 20
#define APP_IC_PROGRESS_ROWS 100000

typedef struct app_ic_result {
    int64_t rows[IC_FILE__COUNT];   /* per file, in format order */
    int64_t nerrors;                /* import: all errors found (listed: up to the cap per file) */
    char *errors;                   /* import: "FILE:LINE: field: message\n"..., NULL when none */
} app_ic_result;

int app_interchange_export(app_ctx *ctx, const char *dir, const char *reason, FILE *progress, app_ic_result *r,
                           err_t *e);
int app_interchange_import(app_ctx *ctx, const char *dir, bool dry_run, FILE *progress, app_ic_result *r, err_t *e);
void app_interchange_result_free(app_ic_result *r);

/* What an import reads instead of the directory's files, and whom it tells
 * what it read (app_ic_mapping.c, app_ic_review.c).  Every member may be
 * NULL.  With manifest set, manifest.json is not read and file f (one the
 * manifest lists) is what pull hands over (UTF-8 CSV, up to n bytes a call,
 * 0 at its end, -1 out of memory; files in the format's order, each to its
 * end) — a mapped legacy export is never written to a file; the manifest's
 * entry of a file is read after the file (pull fills it at the end).  failed
 * counts errors found by the one who pulls (a mapping's): any, and nothing
 * is stored.  where names the place of an error at line of file f
 * ("TAPS.DAT:12"); on_row gets each row of the right width as read (before
 * its references are resolved), on_file each file's manifest entry (NULL
 * when none) and rows once it is read. */
typedef struct app_ic_hooks {
    const ic_manifest *manifest;
    ssize_t (*pull)(void *arg, int f, char *dst, size_t n);
    int64_t (*failed)(void *arg);
    void (*where)(void *arg, int f, int64_t line, char *out, size_t outsz);
    void (*on_row)(void *arg, int f, int64_t line, char **fields, int nfields);
    void (*on_file)(void *arg, int f, const ic_manifest_file *mf, int64_t rows);
    void *arg;
} app_ic_hooks;
int app_interchange_import_with(app_ctx *ctx, const char *dir, bool dry_run, FILE *progress, const app_ic_hooks *h,
                                app_ic_result *r, err_t *e);

#endif
