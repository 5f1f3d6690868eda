/* app_import — the one skeleton every file import runs: payments (agent,
 * card), direct-debit results, and later migration, meter deliveries and
 * works payments.
 *
 * Contract of app_import_run (the caller has checked the permission and
 * parsed the file into rows it keeps in `arg`):
 *   1. one transaction (with db_bulk when kind->bulk) around everything;
 *   2. the file is recorded in import_files (kind in->file_kind, its name,
 *      size and hash): *file_id;
 *   3. kind->check (may be NULL): whole-file checks before any row;
 *   4. kind->row for i = 0 .. in->nrows-1, in order; the first error stops
 *      the import.  When kind->line is set, the error's message to the
 *      person gets "N 行目: " in front (N = kind->line(arg, i)), one format
 *      for every import (see app_import_at_line);
 *   5. kind->finish fills the file record's totals (and may write what
 *      belongs after the rows);
 *   6. the file record is finished and one audit row is written: action
 *      kind->audit_action, object and detail from kind->audit (the detail is
 *      an open JSON object: add members; "import_file:<id>" when the object
 *      is left empty);
 *   7. commit, or roll back everything on any error — then *file_id = 0.
 * Every callback gets `arg` back untouched; nothing here is owned by the
 * skeleton. */
#ifndef SUIDO_APP_IMPORT_H
#define SUIDO_APP_IMPORT_H

#include "app/app.h"

/* The file record's totals (import_files). */
typedef struct app_import_totals {
    int64_t records, amount, posted, suspense;
} app_import_totals;

typedef struct app_import_in {
    const char *file_kind;    /* import_files.kind */
    const char *name;         /* the file's name as sent */
    const void *data;         /* the file as sent (its hash is recorded) */
    size_t len;
    size_t nrows;
    void *arg;                /* the kind's own state */
} app_import_in;

typedef struct app_import_kind {
    const char *audit_action;
    bool bulk;
    int (*check)(app_ctx *ctx, void *arg, int64_t file_id, err_t *e);
    int (*row)(app_ctx *ctx, void *arg, int64_t file_id, size_t i, err_t *e);
    int64_t (*line)(const void *arg, size_t i);
    int (*finish)(app_ctx *ctx, void *arg, int64_t file_id, app_import_totals *t, err_t *e);
    void (*audit)(const void *arg, const app_import_in *in, int64_t file_id, char *object, size_t osz,
                  jsonw *detail);
    /* NULL: a transaction cut off by a failover before COMMIT fails (503, send the file again).
     * Otherwise app_import_run runs it once more (app_tx_again) after again(arg) has reset what
     * the rows gathered in arg: everything else they do is in the transaction. */
    void (*again)(void *arg);
} app_import_kind;

int app_import_run(app_ctx *ctx, const app_import_kind *kind, const app_import_in *in, int64_t *file_id,
                   err_t *e);

/* Put "N 行目: " in front of the message to the person in e; returns rc. */
int app_import_at_line(err_t *e, int64_t line, int rc);

#endif
