/* daily_pdf — the daily totals (日計表) as one A4 landscape PDF page: title,
 * the utility, the accounting day in 和暦 and 西暦, a row per channel with
 * the services as columns, the totals, set-offs, the movements of suspense
 * and credit, the check line, and when and by whom it was printed.  cairo
 * draws, pango sets the text in IPAex Gothic.
 *
 * Ownership: the caller's struct; the file at path is created or replaced. */
#ifndef SUIDO_DAILY_PDF_H
#define SUIDO_DAILY_PDF_H

#include <stddef.h>

#include "app/collect/app_daily.h"

/* 0, or -1 with a message in err. */
int daily_pdf_write(const app_daily *d, const char *path, char *err, size_t errsz);

#endif
