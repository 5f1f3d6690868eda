/* notice_store — dunning (督促・催告・給水停止予告): the bills due for a step,
 * the runs (dunning_runs: progress, heartbeat, summary), the letters
 * (notice_letters: one per customer and tap and step) and the notice of each
 * bill and step (notices, unique per bill and step).
 *
 * The selection starts from bill_open (the current bills with something
 * left to pay) over its due-date index, never from every bill of every
 * year.
 *
 * Ownership: rows filled by value; lists are malloc'd arrays (free()),
 * except notice_print_letter lists (notice_store_print_free). */
#ifndef SUIDO_NOTICE_STORE_H
#define SUIDO_NOTICE_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

/* A bill due for a step: its open amount (total − paid − pending). */
typedef struct notice_cand {
    int64_t bill_id, tap_id, customer_id;
    char cycle[8], due_on[11];
    int64_t amount;
} notice_cand;

/* The bills due for step (a code) as of the selection: due on or before
 * due_cutoff, with an open amount > 0, without a notice of step; when prev
 * is not "", only those with a notice of prev whose deadline is on or before
 * prev_cutoff.  Ordered by bill id. */
int notice_store_candidates(db_conn *c, const char *step, const char *due_cutoff, const char *prev,
                            const char *prev_cutoff, notice_cand **rows, size_t *n, err_t *e);
/* The same, counted. */
int notice_store_count_due(db_conn *c, const char *step, const char *due_cutoff, const char *prev,
                           const char *prev_cutoff, int64_t *count, err_t *e);

typedef struct notice_letter {
    int64_t id, run_id;
    char step[12];
    int64_t customer_id, tap_id;
    char issued_on[11], deadline[11], stop_on[11];
    int64_t bills, amount, fee;
    char status[12];
} notice_letter;
/* Insert a letter (id_out) and then its notices, one per bill. */
int notice_store_letter_insert(db_conn *c, const notice_letter *l, int64_t *id_out, err_t *e);
int notice_store_notice_insert(db_conn *c, const notice_letter *l, const notice_cand *bill, err_t *e);

/* The letters of a tap, newest first (the karte). */
typedef struct notice_tap_row {
    int64_t id, run_id;
    char step[12], issued_on[11], deadline[11], stop_on[11];
    int64_t bills, amount, fee;
} notice_tap_row;
int notice_store_list_tap(db_conn *c, int64_t tap_id, size_t limit, notice_tap_row **rows, size_t *n, err_t *e);

/* What a run's letters print: the letter, its customer's sealed name and
 * mailing address, the tap and its place of use (sealed), and its bills. */
typedef struct notice_print_bill {
    int64_t bill_id;
    char cycle[8], due_on[11];
    int64_t amount;
} notice_print_bill;
typedef struct notice_print_letter {
    notice_letter l;
    char tap_no[16], area_name[64];
    char *name_enc, *postal_enc, *mail_enc, *address_enc;
    notice_print_bill *bills;
    size_t nbills;
} notice_print_letter;
/* The letters of a run in id order from the first-th (0-based), at most
 * limit of them (0: all), each with its bills. */
int notice_store_print(db_conn *c, int64_t run_id, size_t first, size_t limit, notice_print_letter **rows,
                       size_t *n, err_t *e);
void notice_store_print_free(notice_print_letter *rows, size_t n);

typedef struct dunning_run_row {
    int64_t id;
    char step[12], as_of[11], status[16];
    char started_by[64];
    int64_t pid, started_at, heartbeat_at, finished_at;
    int64_t total_letters, done_letters, bills, amount;
    char *summary;              /* malloc'd JSON; freed by dunning_run_rows_free */
} dunning_run_row;
int dunning_run_insert(db_conn *c, const dunning_run_row *r, int64_t *id_out, err_t *e);
int dunning_run_progress(db_conn *c, int64_t id, int64_t done, int64_t bills, int64_t amount, int64_t at, err_t *e);
/* The number of letters the run will write (known once it has selected). */
int dunning_run_total(db_conn *c, int64_t id, int64_t total_letters, int64_t at, err_t *e);
int dunning_run_finish(db_conn *c, int64_t id, const char *status, const char *summary, int64_t at, err_t *e);
int dunning_run_list_running(db_conn *c, dunning_run_row **rows, size_t *n, err_t *e);
int dunning_run_set_status(db_conn *c, int64_t id, const char *status, err_t *e);
int dunning_run_get(db_conn *c, int64_t id, dunning_run_row *out, err_t *e);
int dunning_run_list(db_conn *c, size_t limit, dunning_run_row **rows, size_t *n, err_t *e);
void dunning_run_rows_free(dunning_run_row *rows, size_t n);

#endif
