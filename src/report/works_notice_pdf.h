/* works_notice_pdf — the 納入通知書 of a works application (one A4 page): to
 * the applicant (the payer) with the contractor named, the unpaid 加入金 and
 * fees each with its tax and the step it is due before (承認前 / 着工前),
 * the total and the tax in it, the deadline, and below the perforation a
 * payment slip with its GS1-128 barcode when the total can be paid by slip
 * (over ¥999,999: no barcode, and the slip says so, as the dunning letters
 * do).  The slip's reference is works_slipref's ('7' marks works).
 *
 * Ownership: the caller's document; the file at path is created or
 * replaced. */
#ifndef SUIDO_WORKS_NOTICE_PDF_H
#define SUIDO_WORKS_NOTICE_PDF_H

#include <stddef.h>

#include "app/works/app_works_document.h"

/* 0, or -1 with a message in err. */
int works_notice_pdf_write(const app_works_doc *d, const char *path, char *err, size_t errsz);

#endif
