/* bill_run_store — what a billing run works from and leaves behind: the
 * candidate readings of a cycle (with the facts the engine needs), the taps
 * held back, the taps skipped and why (bill_skips), and the runs themselves
 * (bill_runs: progress, heartbeat, summary).
 *
 * Ownership: rows filled by value; candidate, held and skip lists are
 * malloc'd arrays (free()); bill_run_row.summary is malloc'd, freed with
 * the list by bill_run_rows_free (or free() after bill_run_get). */
#ifndef SUIDO_BILL_RUN_STORE_H
#define SUIDO_BILL_RUN_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

/* What a billing run needs to know about one billable reading. */
typedef struct bill_cand {
    int64_t reading_id, tap_id, customer_id;
    char tap_no[16];
    char cycle[8], read_on[11], kind[12];
    int64_t usage, days;
    char use_code[16];
    int64_t diameter;                  /* on the reading day (a change dated after it: its old diameter) */
    char dc_from[11];                  /* the tap's latest diameter change on or before the reading ("" none) */
    int64_t dc_old;                    /* the diameter before that change */
    char sewer[16], sewer_basis[12];
    int64_t well_persons;
    char tap_status[16], grp[12];
    char occ_start[11], occ_end[11];   /* "" when none */
    int64_t deduct_m3;                 /* -1: no deduction entered */
    int64_t leak_m3;                   /* approved leak reduction, 0: none */
    int64_t period_confirmed;          /* 1: a 係長 confirmed a long period of this tap and cycle */
} bill_cand;

/* Accepted regular readings of a cycle (grp "all" or a route group) with no
 * current bill, ordered by tap; one row per reading (the occupancy in force
 * on the reading date, the latest when two meet). */
int bill_store_candidates(db_conn *c, const char *cycle, const char *grp, bill_cand **rows, size_t *n, err_t *e);
/* The same facts for one reading (billed or not). */
int bill_store_candidate(db_conn *c, int64_t reading_id, bill_cand *out, err_t *e);
/* Taps of the cycle (and group) whose only readings of the cycle are held. */
typedef struct bill_held { int64_t tap_id; char tap_no[16]; } bill_held;
int bill_store_held(db_conn *c, const char *cycle, const char *grp, bill_held **rows, size_t *n, err_t *e);

typedef struct bill_skip {
    char cycle[8];
    int64_t tap_id;
    char tap_no[16];
    char reason[24];
    char detail[256];
    int64_t run_id;
} bill_skip;
int bill_store_skip_put(db_conn *c, const bill_skip *s, err_t *e);
int bill_store_skip_clear(db_conn *c, const char *cycle, int64_t tap_id, err_t *e);
int bill_store_skips(db_conn *c, const char *cycle, size_t limit, bill_skip **rows, size_t *n, err_t *e);
/* The skip record of one tap in a cycle; ERR_NOTFOUND when none. */
int bill_store_skip_get(db_conn *c, const char *cycle, int64_t tap_id, bill_skip *out, err_t *e);

/* A 係長's confirmation of a long period (bill_period_confirms): the next
 * run bills the tap's reading of the cycle.  A second confirmation of the
 * same tap and cycle replaces the first. */
typedef struct bill_period_confirm {
    char cycle[8];
    int64_t tap_id, reading_id, days;
    char confirmed_by[64];
    int64_t confirmed_at;
} bill_period_confirm;
int bill_store_period_confirm(db_conn *c, const bill_period_confirm *k, err_t *e);

typedef struct bill_run_row {
    int64_t id;
    char cycle[8], grp[12], status[16];
    int64_t dry_run, pid;
    char started_by[64];
    int64_t started_at, heartbeat_at, finished_at;
    int64_t total_taps, done_taps, billed, skipped;
    char *summary;              /* malloc'd JSON ("" while running); NULL in lists */
} bill_run_row;

int bill_run_insert(db_conn *c, const bill_run_row *r, int64_t *id_out, err_t *e);
int bill_run_progress(db_conn *c, int64_t id, int64_t done, int64_t billed, int64_t skipped, int64_t at, err_t *e);
int bill_run_finish(db_conn *c, int64_t id, const char *status, const char *summary, int64_t at, err_t *e);
/* Runs still marked "running" (the caller decides which are dead). */
int bill_run_list_running(db_conn *c, bill_run_row **rows, size_t *n, err_t *e);
int bill_run_set_status(db_conn *c, int64_t id, const char *status, err_t *e);
int bill_run_get(db_conn *c, int64_t id, bill_run_row *out, err_t *e);
int bill_run_list(db_conn *c, size_t limit, bill_run_row **rows, size_t *n, err_t *e);
void bill_run_rows_free(bill_run_row *rows, size_t n);

#endif
