/* debit_store — direct-debit requests (口座振替): the batches sent to the
 * bank (debit_batches, one per debit date and attempt), one item per bill
 * (debit_items) with the result read back, the bills a request may take, and
 * the bills' collection route after a failure (bills.collect).  Schema:
 * migration 6.
 *
 * Ownership: rows are filled by value; lists are malloc'd arrays (free()). */
#ifndef SUIDO_DEBIT_STORE_H
#define SUIDO_DEBIT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

/* A line of a request: a bill, its amount and the mandate's account. */
typedef struct debit_line {
    int64_t bill_id, tap_id, amount, mandate_id, account_type, first_done;
    char bank[5], branch[4];
    char account_enc[160], holder_enc[256];
    char bank_kana[96], branch_kana[96];     /* "" when the bank master lacks them */
    char collect[8];                         /* the bill's bills.collect */
} debit_line;

/* Bills to request on debit_on: current, a balance left (total − paid −
 * pending > 0), due on or before debit_on, collect not 'slip' (retry_only:
 * collect = 'retry'), the tap's mandate in force on debit_on given by the
 * bill's own customer (a new occupant's bills never go to the former one's
 * account), and not in a batch still awaiting its result.  Ordered by bill
 * id. */
int debit_store_candidates(db_conn *c, const char *debit_on, bool retry_only, debit_line **rows, size_t *n,
                           err_t *e);
/* The lines of an existing batch (its items, with their mandates). */
int debit_store_batch_lines(db_conn *c, int64_t batch_id, debit_line **rows, size_t *n, err_t *e);

typedef struct debit_batch {
    int64_t id, attempt, records, amount, result_file_id, created_at;
    char debit_on[11], sha256[65], status[12], created_by[64];   /* status 'sent' or 'done' */
} debit_batch;
int debit_store_batch_insert(db_conn *c, const debit_batch *b, int64_t *id, err_t *e);
int debit_store_batch_set_file(db_conn *c, int64_t id, const char *sha256, int64_t records, int64_t amount,
                               err_t *e);
int debit_store_batch_done(db_conn *c, int64_t id, int64_t result_file_id, err_t *e);
/* ERR_NOTFOUND (e untouched) when none. */
int debit_store_batch_get(db_conn *c, int64_t id, debit_batch *out, err_t *e);
int debit_store_batch_sent(db_conn *c, const char *debit_on, int64_t attempt, debit_batch *out, err_t *e);
/* Batches, newest first (at most limit). */
int debit_store_batch_list(db_conn *c, size_t limit, debit_batch **rows, size_t *n, err_t *e);

typedef struct debit_item {
    int64_t batch_id, bill_id, mandate_id, amount, payment_id;
    char customer_ref[24], result[4], result_text[64];
    char collect[8];                         /* the bill's bills.collect (joined) */
} debit_item;
/* n items at once (PostgreSQL: by COPY when n > 1; otherwise up to
 * DB_CHUNK_MAX items a statement, db_chunk); the table is then analyzed for
 * the result import's plans. */
int debit_store_items_insert(db_conn *c, const debit_item *items, size_t n, err_t *e);
/* ERR_NOTFOUND (e untouched) when none. */
int debit_store_item_get(db_conn *c, int64_t batch_id, int64_t bill_id, debit_item *out, err_t *e);
/* The items of n bills (bills[k], each once) of a batch, still without a
 * result, went through (code 0) and were posted as payments[k]; ERR_CONFLICT
 * when one of them is not such an item. */
int debit_store_items_done(db_conn *c, int64_t batch_id, const char *text, const int64_t *bills,
                           const int64_t *payments, size_t n, err_t *e);
/* The items of n bills (bills[k], each once) of a batch that failed: result
 * results[k] ("1".."9"), its text texts[k], no payment; up to DB_CHUNK_MAX a
 * statement.  ERR_CONFLICT when one of them is not an item of the batch. */
int debit_store_items_failed(db_conn *c, int64_t batch_id, const int64_t *bills, const char *const *results,
                             const char *const *texts, size_t n, err_t *e);
/* The items of a bill, newest batch first (at most 50). */
int debit_store_items_bill(db_conn *c, int64_t bill_id, debit_item **rows, size_t *n, err_t *e);

/* The items of a batch by bill, with the tap number
 * (joined). */
typedef struct debit_item_tap {
    debit_item it;
    char tap_no[16];
} debit_item_tap;
int debit_store_items_batch(db_conn *c, int64_t batch_id, debit_item_tap **rows, size_t *n, err_t *e);
/* The same items without their tap numbers (no bill or tap read), ordered
 * by bill: what a result file is checked against. */
int debit_store_items_of_batch(db_conn *c, int64_t batch_id, debit_item **rows, size_t *n, err_t *e);

/* The mandates of a batch's items whose result is 0 or 1 have had their
 * first debit (mandates.first_done = 1). */
int debit_store_mandates_first_done(db_conn *c, int64_t batch_id, err_t *e);

#endif
