/* slip_pdf — payment slips (納付書) as PDF: cairo draws the page, pango sets
 * the Japanese text in the IPAex fonts, libzint encodes the GS1-128 symbol
 * (drawn as vector bars) with its 44 digits printed under it.
 *
 * Ownership: the caller's slips; the file at path is created or replaced. */
#ifndef SUIDO_SLIP_PDF_H
#define SUIDO_SLIP_PDF_H

#include <stddef.h>

#include "app/app.h"
#include "app/billing/app_bill.h"

/* One A4 page per slip.  0, or -1 with a message in err. */
int slip_pdf_write(const app_slip *slips, size_t n, const char *path, char *err, size_t errsz);

#endif
