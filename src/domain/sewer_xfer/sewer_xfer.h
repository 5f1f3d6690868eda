/* sewer_xfer — the records of 他市町下水データ (docs/sewer_transfer.md): the
 * sewer volumes of the taps whose sewer another municipality operates, sent
 * to it per cycle.  Pure rules: the deduction and well water a bill's two
 * volumes imply, what has been sent (the batches so far, netted), the
 * differences a later file carries, and the two layouts of the file (CSV
 * and fixed width).  No I/O, no database.
 *
 * A correction is never a rewrite: a bill sent and later cancelled (更正) is
 * sent again as a 'cancel' record carrying the values it was sent with, and
 * its replacement as a 'new' record.  The receiver adds 'new' records and
 * subtracts 'cancel' ones.
 *
 * Ownership: records are plain values; the writers append to the caller's
 * buf_t. */
#ifndef SUIDO_SEWER_XFER_H
#define SUIDO_SEWER_XFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

enum sewer_xfer_entry { SEWER_XFER_NEW, SEWER_XFER_CANCEL, SEWER_XFER__NENTRIES };

typedef struct sewer_xfer_rec {
    int entry;                    /* enum sewer_xfer_entry */
    int64_t bill_id;
    char tap_no[16];
    char place[512];              /* plaintext only in memory and in the file */
    char user[256];
    char period_from[11], period_to[11];
    int64_t water_m3, deduct_m3, well_m3, sewer_m3;
} sewer_xfer_rec;

/* "new" / "cancel" (stored), the file's 区分 ('1' / '2'); parse: -1 unknown. */
const char *sewer_xfer_entry_code(int entry);
int sewer_xfer_entry_parse(const char *code);

enum sewer_xfer_format { SEWER_XFER_CSV, SEWER_XFER_FIXED, SEWER_XFER__NFORMATS };
/* "csv" / "fixed"; -1 unknown (NULL too). */
int sewer_xfer_format_parse(const char *s);

/* The deduction (減量) and well water (井戸水) behind a bill's sewer volume:
 * a sewer volume below the water volume is the deduction, one above it the
 * well water (a tap has one basis, domain/sewer_basis.h). */
void sewer_xfer_split(int64_t water_m3, int64_t sewer_m3, int64_t *deduct_m3, int64_t *well_m3);

/* What the operator holds after the records sent so far (every batch, in
 * the order sent): each 'new' adds its bill, each 'cancel' withdraws it.
 * The bills still held go to out (room for n), in the order first sent;
 * returns how many. */
size_t sewer_xfer_net(const sewer_xfer_rec *sent, size_t n, sewer_xfer_rec *out);

/* The differences from held (sewer_xfer_net) to now (the cycle's current
 * bills of the operator): a 'cancel' with the held values for each bill
 * held and no longer current, then a 'new' for each current bill not held,
 * each part by tap number then bill.  out has room for nheld + nnow;
 * returns how many. */
size_t sewer_xfer_diff(const sewer_xfer_rec *held, size_t nheld, const sewer_xfer_rec *now, size_t nnow,
                       sewer_xfer_rec *out);
/* Records in file order: by tap number, then bill. */
void sewer_xfer_sort(sewer_xfer_rec *r, size_t n);

typedef struct sewer_xfer_head {
    const char *operator_code;   /* "chuo" */
    const char *cycle;           /* "YYYY-MM" */
    int64_t batch_no;            /* 1: the cycle's first file */
} sewer_xfer_head;

/* The whole file: CSV (UTF-8 with BOM, a header row, CR LF) or fixed width
 * (CP932, SEWER_XFER_FIXED_LEN bytes a record plus CR LF, a trailer record
 * of counts and sums).  Returns false when a field cannot be written (out of
 * memory, a code or number too long for its place). */
#define SEWER_XFER_FIXED_LEN 220
bool sewer_xfer_write(const sewer_xfer_head *h, const sewer_xfer_rec *r, size_t n, int format, buf_t *out);

typedef struct sewer_xfer_sums { int64_t records, cancels, water_m3, sewer_m3; } sewer_xfer_sums;
/* Counts and signed sums (a 'cancel' subtracts) of n records. */
sewer_xfer_sums sewer_xfer_sum(const sewer_xfer_rec *r, size_t n);

#endif
