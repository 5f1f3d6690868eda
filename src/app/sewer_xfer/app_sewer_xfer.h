/* app_sewer_xfer — 他市町下水データ: the file of an operator's cycle for the
 * municipality that operates the sewer of those taps (docs/sewer_transfer.md).
 *
 * The first export of an operator's cycle records every record it holds
 * (batch 1).  Exporting the cycle again makes the same file byte for byte
 * (the records are read back, never the bills as they are now); with
 * corrections it makes a file of the differences since (domain/sewer_xfer:
 * 'cancel' and 'new' records) and records it as the next batch — none when
 * nothing changed.  Permission PERM_CUSTOMER_EXPORT (the file carries the
 * users' names and places); every export is audited ("sewer.export").
 *
 * Ownership: out->file is the caller's (buf_free); written to out_path too
 * (mode 0600, replaced only once the transaction committed) when given. */
#ifndef SUIDO_APP_SEWER_XFER_H
#define SUIDO_APP_SEWER_XFER_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "base/buf.h"

typedef struct app_sewer_export_in {
    const char *operator_code;   /* "chuo", "kai", "showa" (domain/tapinfo.h), field "operator" */
    const char *cycle;           /* "YYYY-MM", field "cycle" */
    const char *format;          /* "csv" (NULL too) or "fixed", field "format" */
    bool corrections;            /* the differences since the last file */
    int64_t batch_no;            /* a repeat: which file (0: the first) */
    const char *out_path;        /* NULL: out->file only */
} app_sewer_export_in;

typedef struct app_sewer_export_out {
    buf_t file;
    char operator_label[64];
    int64_t batch_no;            /* the file's batch (0: no differences, nothing made) */
    bool again;                  /* a repeat of a file made before */
    int64_t records, cancels, water_m3, sewer_m3;   /* sums signed: a cancel subtracts */
    int64_t batches;             /* files made for the cycle so far */
    char created_on[11];         /* the day the batch was made (Asia/Tokyo) */
} app_sewer_export_out;

int app_sewer_export(app_ctx *ctx, const app_sewer_export_in *in, app_sewer_export_out *out, err_t *e);
void app_sewer_export_free(app_sewer_export_out *out);

/* The operators other than the utility itself: code and label, NULL-terminated. */
typedef struct app_sewer_operator { const char *code, *label; } app_sewer_operator;
const app_sewer_operator *app_sewer_operators(void);

typedef struct app_sewer_batch {
    char operator_code[16], operator_label[64], cycle[8], created_by[64], created_on[11];
    int64_t batch_no, records, water_m3, sewer_m3;
} app_sewer_batch;
/* The files made lately, newest first (PERM_CUSTOMER_EXPORT); *rows: free(). */
int app_sewer_batches(app_ctx *ctx, int64_t limit, app_sewer_batch **rows, size_t *n, err_t *e);
/* Key rotation (app_key_rotate, inside its transaction): every sent
 * record's name and place sealed again under the current key; *count of
 * them.  A value that cannot be opened stops it (ERR_INTERNAL). */
int app_sewer_xfer_reseal_tx(app_ctx *ctx, int64_t *count, err_t *e);

#endif
