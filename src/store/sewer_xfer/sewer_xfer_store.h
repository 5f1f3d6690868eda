/* sewer_xfer_store — 他市町下水データ: the bills of an operator's cycle as
 * they are now, and the files sent (sewer_xfer_batches) with what each
 * said (sewer_xfer_records, migration 39).  Personal data stays sealed
 * here: the caller seals before it writes and opens after it reads.
 *
 * Ownership: lists are malloc'd arrays the caller frees with free(). */
#ifndef SUIDO_SEWER_XFER_STORE_H
#define SUIDO_SEWER_XFER_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

typedef struct sewer_xfer_row {
    int64_t batch_no;            /* reads of sent records: the file it was in */
    char entry[8];               /* "new" / "cancel" (bills: "new") */
    int64_t bill_id;
    char tap_no[16];
    char area_name[96];          /* bills only: the place is area_name + the address */
    char place_enc[1024];
    char user_enc[768];
    char period_from[11], period_to[11];
    int64_t water_m3, deduct_m3, well_m3, sewer_m3;   /* bills: deduct_m3 and well_m3 are 0 */
} sewer_xfer_row;

typedef struct sewer_xfer_batch {
    int64_t id, batch_no, records, water_m3, sewer_m3, created_at;
    char operator_code[16], cycle[8], created_by[64];
} sewer_xfer_batch;

/* The current bills of cycle whose sewer operator is op, by tap number. */
int sewer_xfer_store_bills(db_conn *c, const char *op, const char *cycle, sewer_xfer_row **rows, size_t *n,
                           err_t *e);
/* The batches of op's cycle, batch_no ascending (none: *n 0). */
int sewer_xfer_store_batches(db_conn *c, const char *op, const char *cycle, sewer_xfer_batch **rows, size_t *n,
                             err_t *e);
/* The records of op's cycle with batch_no <= upto (0: every batch), in the
 * order sent (batch, then seq). */
int sewer_xfer_store_records(db_conn *c, const char *op, const char *cycle, int64_t upto, sewer_xfer_row **rows,
                             size_t *n, err_t *e);
/* A new batch (b->id set) and its records, seq 1..n in the order given. */
int sewer_xfer_store_insert(db_conn *c, sewer_xfer_batch *b, const sewer_xfer_row *rows, size_t n, err_t *e);
/* The latest batches of every operator and cycle, newest first (the screen's history). */
int sewer_xfer_store_recent(db_conn *c, int64_t limit, sewer_xfer_batch **rows, size_t *n, err_t *e);
/* Key rotation: every sent record's sealed place and user, by (batch, seq);
 * fn may call sewer_xfer_store_set_enc; a non-zero return stops the walk
 * and is returned. */
typedef int (*sewer_xfer_enc_fn)(int64_t batch_id, int64_t seq, const char *place_enc, const char *user_enc, void *arg);
int sewer_xfer_store_walk_enc(db_conn *c, sewer_xfer_enc_fn fn, void *arg, err_t *e);
int sewer_xfer_store_set_enc(db_conn *c, int64_t batch_id, int64_t seq, const char *place_enc, const char *user_enc,
                             err_t *e);

#endif
