/* receipt_pdf — the counter receipt (領収書) as a PDF: an A5 landscape page
 * drawn by cairo, the Japanese text set by pango in the IPAex fonts, like the
 * payment slips (slip_pdf.h).
 *
 * Ownership: the caller's receipt; the file at path is created or replaced. */
#ifndef SUIDO_RECEIPT_PDF_H
#define SUIDO_RECEIPT_PDF_H

#include <stddef.h>

#include "app/collect/app_collect.h"

/* 0, or -1 with a message in err. */
int receipt_pdf_write(const app_receipt *r, const char *path, char *err, size_t errsz);

#endif
