/* app_debit — direct debit (口座振替) with the bank: the request file
 * (全銀協 91) for the bills due, and the bank's result file read back.
 *
 * A request (export) takes every current bill with a balance whose tap has
 * a mandate in force on the debit date, given by the bill's customer, due on or before it, not in a batch
 * still awaiting results and not sent to a slip (collect 'slip'); attempt 2
 * (retry) takes only the bills sent back for a second debit (collect
 * 'retry').  It records a debit_batches row and one debit_items row per bill
 * in one transaction and writes the file atomically.  Asked again for the
 * same date and attempt while that batch awaits its result, it writes the
 * same file again (byte for byte: the batch's SHA-256 is checked) and
 * records nothing new, so a lost or half-copied file can be made again and
 * no bill is ever in two open batches.
 *
 * 顧客番号 (20 digits) is the batch id (8 digits) and the bill id (12
 * digits); 新規コード 1 marks a mandate whose first debit has not gone
 * through yet.
 *
 * A result (import) is taken whole or not at all: malformed or truncated
 * files, a trailer disagreeing with its records, a record matching no item
 * of the batch, an amount differing from the request, an unknown result
 * code, or the file already read (its SHA-256): refused, nothing posted.
 * Code 0 posts the payment (channel debit, exact, paid and posted on the
 * debit date, ref "B<batch>-<bill>"); other codes are recorded on the item
 * with their meaning and send the bill to collect = settings
 * [debit] on_failure ('retry' or 'slip', default 'retry'; a failed retry
 * always 'slip').
 *
 * Settings [debit]: consignor_code (10 digits), consignor_name (kana),
 * bank, bank_name, branch, branch_name, account_type, account (the
 * waterworks' own account the money goes to), on_failure.
 *
 * Permissions: PERM_JOB_RUN (係長+); audited ("debit.export",
 * "debit.import").  Ownership: outputs are the caller's structs. */
#ifndef SUIDO_APP_DEBIT_H
#define SUIDO_APP_DEBIT_H

#include "app/app.h"

typedef struct app_debit_export_out {
    int64_t batch_id;          /* 0 when there was nothing to request */
    int64_t attempt;           /* 1, or 2 for a retry */
    int64_t records, amount;
    int64_t first;             /* records with 新規コード 1 */
    bool rewritten;            /* the batch existed: its file was written again */
} app_debit_export_out;

/* debit_on: YYYY-MM-DD, a business day (ERR_INVALID on field "date"
 * suggesting the next one).  out_path: the file to write (its directory
 * must exist).  Nothing to request: rc 0, batch_id 0, no file written. */
int app_debit_export(app_ctx *ctx, const char *debit_on, bool retry, const char *out_path,
                     app_debit_export_out *out, err_t *e);
/* The same, the file's bytes appended to data (the caller's buffer) instead
 * of written anywhere: for the web download, so that bank data never sits in
 * a file.  Nothing to request: rc 0, batch_id 0, data untouched. */
int app_debit_export_data(app_ctx *ctx, const char *debit_on, bool retry, buf_t *data, app_debit_export_out *out,
                          err_t *e);

typedef struct app_debit_import_out {
    int64_t batch_id, file_id, attempt;
    char debit_on[11];
    int64_t records;
    int64_t done_count, done_amount;       /* 振替済 (posted) */
    int64_t suspense;                      /* of those, put in suspense (the bill changed meanwhile) */
    int64_t failed_count, failed_amount;   /* 振替不能 */
    int64_t code_count[10], code_amount[10];   /* by 振替結果コード '0'..'9' */
    int64_t to_retry, to_slip;
    double seconds;                        /* parse to durable commit */
} app_debit_import_out;

/* Read a result file (name: for the record of files read). */
int app_debit_import(app_ctx *ctx, const char *name, const char *data, size_t len, app_debit_import_out *out,
                     err_t *e);

typedef struct app_debit_item {
    int64_t bill_id, amount, payment_id;
    char tap_no[16], customer_ref[24], result[4], result_text[64], collect[8];
} app_debit_item;
/* The items of a batch, by bill (result "" while awaiting the result).
 * PERM_PAYMENT_POST; not audited (no personal data).  *batch receives the
 * batch (debit_on, attempt, status). */
typedef struct app_debit_batch {
    int64_t id, attempt, records, amount;
    char debit_on[11], status[12];
} app_debit_batch;
int app_debit_items(app_ctx *ctx, int64_t batch_id, app_debit_batch *batch, app_debit_item **rows, size_t *n,
                    err_t *e);

/* The latest batches, newest first (at most limit, 1..1000), for the
 * direct-debit screen.  PERM_PAYMENT_POST; not audited.  *rows is a malloc'd
 * array (free()). */
int app_debit_batches(app_ctx *ctx, size_t limit, app_debit_batch **rows, size_t *n, err_t *e);

#endif
