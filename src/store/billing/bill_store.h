/* bill_store — bills (調定) and their balances (bill_balances: what is paid,
 * pending, and how it is collected), the totals of a cycle, sewer deduction
 * volumes, and reissued slips.  The runs and their candidates are in
 * bill_run_store.h; correction and leak requests in bill_request_store.h.
 *
 * A bill is never updated in place except to cancel it: a correction
 * cancels the current bill and inserts its replacement (replaces = the old
 * id), so the history stays.  At most one current bill per reading (unique
 * index), which is what makes a billing run idempotent.
 *
 * Ownership: rows filled by value; bill_row.lines is a malloc'd JSON text
 * freed by bill_row_clear / bill_store_rows_free; lists are malloc'd arrays. */
#ifndef SUIDO_BILL_STORE_H
#define SUIDO_BILL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct bill_row {
    int64_t id, tap_id, customer_id, reading_id, run_id;
    char tap_no[16];            /* joined on reads */
    char cycle[8];
    char kind[12];              /* "regular", "final" */
    char status[12];            /* "current", "cancelled" */
    int64_t replaces;           /* 0: none */
    char period_from[11], period_to[11];
    int64_t days, months;
    char use_code[16];
    int64_t diameter, usage, estimated;
    char sewer_operator[16];
    int64_t sewer_usage;
    int64_t water_yen, sewer_yen, adjust_yen, tax_yen, total_yen, paid_yen;
    char water_tariff[64], sewer_tariff[64];
    char *lines;                /* malloc'd JSON array (NULL in lists) */
    char issued_on[11], due_on[11];
    char reason[256];
    char created_by[64];
    int64_t created_at, cancelled_at;
    int64_t pending_yen;        /* flash reports (速報) awaiting confirmation */
    char collect[8];            /* after a failed debit: "retry", "slip"; "" as the tap's method */
    bool written_off;           /* 不納欠損 (bill_writeoffs): set by the money reads only */
} bill_row;

void bill_row_clear(bill_row *b);
void bill_store_rows_free(bill_row *rows, size_t n);

/* A bill, and its balance row (bill_balances) when paid_yen, pending_yen
 * or collect is set (a replacement carrying what was paid). */
int bill_store_insert(db_conn *c, const bill_row *b, int64_t *id_out, err_t *e);
/* Insert n new bills (ids not returned; no balance: ERR_INTERNAL if one
 * has), with their lines and open rows, in the caller's transaction.
 * SQLite: BILL_STORE_BATCH rows per statement.  PostgreSQL: the n ids drawn
 * from the sequence in one statement (rows[k] takes the k-th, as the INSERTs
 * would), then the rows by COPY. */
#define BILL_STORE_BATCH 64
int bill_store_insert_many(db_conn *c, const bill_row *rows, size_t n, err_t *e);
int bill_store_get(db_conn *c, int64_t id, bill_row *out, err_t *e);
/* The same without the lines (lines NULL): what collections need, cheaper. */
int bill_store_get_head(db_conn *c, int64_t id, bill_row *out, err_t *e);
/* The newest bill issued in place of bill id (its replaces = id); *out 0 when none. */
int bill_store_replaced_by(db_conn *c, int64_t id, int64_t *out, err_t *e);
/* Only the money of a bill (id, tap_id, customer_id, status, the charges,
 * total, paid and due date; the rest zero): ERR_NOTFOUND (e untouched) when none. */
int bill_store_get_money(db_conn *c, int64_t id, bill_row *out, err_t *e);
/* The same for n bills at once: out[k] for ids[k] (caller's array of n),
 * out[k].id 0 when there is no such bill.  An id may occur more than once.
 * BILL_STORE_MONEY_BATCH bills a statement. */
#define BILL_STORE_MONEY_BATCH 256
int bill_store_get_money_many(db_conn *c, const int64_t *ids, size_t n, bill_row *out, err_t *e);
/* The current bill of a reading (ERR_NOTFOUND, e untouched, when none). */
int bill_store_current_for_reading(db_conn *c, int64_t reading_id, bill_row *out, err_t *e);
/* A tap's bills (all statuses), newest first, without lines. */
int bill_store_list_tap(db_conn *c, int64_t tap_id, size_t limit, bill_row **rows, size_t *n, err_t *e);
/* The current bills of a cycle ordered by tap number, without lines. */
int bill_store_list_cycle(db_conn *c, const char *cycle, bill_row **rows, size_t *n, err_t *e);
/* The same with whom and where each bill is for, read in the same query
 * (one round trip for the cycle instead of three per bill): the customer's
 * sealed name, the tap's sealed address and its area's name.  Each row is
 * handed to fn as it is read, never the whole cycle at once (a print run of
 * 2,000,000 taps is a million bills): the row and its strings belong to the
 * statement and are valid during the call only, and fn must not use the
 * connection.  A non-zero return of fn stops the walk and is returned. */
typedef struct bill_addressed {
    bill_row b;
    const char *name_enc;       /* "" when the bill has no customer row */
    const char *address_enc;
    const char *area_name;
} bill_addressed;
typedef int (*bill_addressed_fn)(const bill_addressed *row, void *arg, err_t *e);
int bill_store_each_cycle_addressed(db_conn *c, const char *cycle, bill_addressed_fn fn, void *arg, err_t *e);
/* After many bills were issued or paid at once (a billing run, a bank's
 * result): the open-bill list's statistics renewed, so that the next
 * statements start from it (PostgreSQL; nothing on SQLite). */
int bill_store_open_changed(db_conn *c, err_t *e);
/* Recompute the bill_open rows of bills ids[0..n-1] from the bills, their
 * balances and their write-offs (a write-off of 不納欠損 closes a bill). */
int bill_store_open_resync(db_conn *c, const int64_t *ids, size_t n, err_t *e);
/* Fill the empty open-bill list from every bill (the interchange's import,
 * which carries bills and balances but not the list derived from them). */
int bill_store_open_rebuild(db_conn *c, err_t *e);
/* Cancel where still current (ERR_CONFLICT if not). */
int bill_store_cancel(db_conn *c, int64_t id, int64_t at, err_t *e);

/* Totals of the current bills of a cycle. */
typedef struct bill_totals { int64_t bills, usage, water_yen, sewer_yen, adjust_yen, tax_yen, total_yen; } bill_totals;
int bill_store_totals(db_conn *c, const char *cycle, bill_totals *out, err_t *e);

int bill_store_deduction_put(db_conn *c, int64_t tap_id, const char *cycle, int64_t m3, const char *by, int64_t at,
                             err_t *e);

/* Reissued payment slips (再発行): the latest for a bill (reissue 0 and
 * due_on "" when it was never reissued), and a new one. */
int bill_store_slip_last(db_conn *c, int64_t bill_id, int64_t *reissue, char due_on[11], err_t *e);
int bill_store_slip_add(db_conn *c, int64_t bill_id, int64_t reissue, const char *due_on, int64_t amount,
                        const char *by, int64_t at, err_t *e);


/* Collections: add to what is paid (allocations; negative for a reversal)
 * or pending (flash reports) on a bill; how it is collected after a failed
 * debit; a tap's current bills with a balance, oldest due first; the bill
 * that replaced one (0: none). */
int bill_store_add_paid(db_conn *c, int64_t id, int64_t delta, err_t *e);
int bill_store_add_pending(db_conn *c, int64_t id, int64_t delta, err_t *e);
/* The same for n distinct bills at once (imports). */
int bill_store_add_paid_many(db_conn *c, const int64_t *ids, const int64_t *deltas, size_t n, err_t *e);
int bill_store_set_collect(db_conn *c, int64_t id, const char *collect, err_t *e);
/* The same for n distinct bills (ids[k] to collects[k]), up to DB_CHUNK_MAX
 * a statement; ERR_NOTFOUND when one is not a bill. */
int bill_store_set_collect_many(db_conn *c, const int64_t *ids, const char *const *collects, size_t n, err_t *e);
int bill_store_open_tap(db_conn *c, int64_t tap_id, bill_row **rows, size_t *n, err_t *e);
int bill_store_replacement(db_conn *c, int64_t id, int64_t *next, err_t *e);
/* The cycles that have current bills (each string malloc'd, and the array). */
int bill_store_cycles(db_conn *c, char ***cycles, size_t *n, err_t *e);

#endif
