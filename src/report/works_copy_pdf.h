/* works_copy_pdf — 給水装置工事申込書（控）: a works application as it was
 * entered, for the file (one A4 page): type, place, existing tap,
 * diameters, dwellings, meters and use, owner and applicant, contractor and
 * chief engineer, consents, the charges assessed and the status on the day
 * of issue.  Personal data is printed (the copy is the file's); the page is
 * served only to PERM_WORKS_VIEW and its issue audited.
 *
 * Ownership: the caller's document; the file at path is created or
 * replaced. */
#ifndef SUIDO_WORKS_COPY_PDF_H
#define SUIDO_WORKS_COPY_PDF_H

#include <stddef.h>

#include "app/works/app_works_document.h"

/* 0, or -1 with a message in err. */
int works_copy_pdf_write(const app_works_doc *d, const char *path, char *err, size_t errsz);

#endif
