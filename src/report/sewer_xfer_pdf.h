/* sewer_xfer_pdf — 下水道使用水量データ送付書 (one A4 page): the transmittal
 * that goes with a 他市町下水データ file (docs/sewer_transfer.md): to whom,
 * from whom, the cycle, which file (送付回, original or differences), its
 * format and the counts and sums the receiver checks the file against.  No
 * personal data.
 *
 * Ownership: the file at path is created or replaced. */
#ifndef SUIDO_SEWER_XFER_PDF_H
#define SUIDO_SEWER_XFER_PDF_H

#include <stddef.h>

#include "app/sewer_xfer/app_sewer_xfer.h"

typedef struct sewer_xfer_pdf_in {
    const app_sewer_export_out *x;
    const char *utility;        /* the sender */
    const char *cycle;
    const char *format;         /* "csv" / "fixed" */
    const char *file_name;      /* the data file's name as sent */
} sewer_xfer_pdf_in;

/* 0, or -1 with a message in err. */
int sewer_xfer_pdf_write(const sewer_xfer_pdf_in *in, const char *path, char *err, size_t errsz);

#endif
