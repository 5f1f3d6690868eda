/* ic_run_store — import_runs and import_run_items: the record of each
 * `suido import` or dry run and the lines of its review report
 * (移行結果確認表; app/interchange/app_ic_review.c).
 *
 * Rows come back in caller-owned arrays (free()). */
#ifndef SUIDO_IC_RUN_STORE_H
#define SUIDO_IC_RUN_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

typedef struct ic_run_row {
    int64_t id;
    int64_t started_at, finished_at;
    char run_by[64];
    char kind[16];           /* import, dry-run */
    char source[256];        /* the directory */
    char mapping[256];       /* the mapping file, "" when none */
    char result[16];         /* ok, refused */
    int64_t rows_read;
    int64_t errors;
    char message[512];
} ic_run_row;

typedef struct ic_run_item_row {
    char section[16];        /* count, control, sample, diff */
    char file[64];
    int64_t fy;
    char name[160];
    char legacy[256];
    char loaded[640];
    bool differs;
} ic_run_item_row;

/* A run and its items, in one statement each (inside the caller's
 * transaction); *id the new run's. */
int ic_run_store_add(db_conn *c, const ic_run_row *run, const ic_run_item_row *items, size_t n, int64_t *id,
                     err_t *e);
/* The latest runs, newest first. */
int ic_run_store_recent(db_conn *c, int limit, ic_run_row **rows, size_t *n, err_t *e);
/* One run (ERR_NOTFOUND when none) and its items in order. */
int ic_run_store_get(db_conn *c, int64_t id, ic_run_row *run, ic_run_item_row **items, size_t *n, err_t *e);

#endif
