/* works_approval_pdf — 給水装置工事認可書 (one A4 page): to the applicant with
 * the contractor named, the application approved (number, type, diameters,
 * place, contractor and chief engineer), the date of approval, the
 * conditions (works.approval_conditions), the charges due before 着工 with
 * what is still unpaid, and the approver (works.approver_title) under the
 * utility's name.
 *
 * Ownership: the caller's document; the file at path is created or
 * replaced. */
#ifndef SUIDO_WORKS_APPROVAL_PDF_H
#define SUIDO_WORKS_APPROVAL_PDF_H

#include <stddef.h>

#include "app/works/app_works_document.h"

/* 0, or -1 with a message in err. */
int works_approval_pdf_write(const app_works_doc *d, const char *path, char *err, size_t errsz);

#endif
