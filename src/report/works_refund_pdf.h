/* works_refund_pdf — 給水装置工事費還付通知書 (one A4 page): to the
 * applicant, the refund of a works application's charges paid out (工事の
 * 還付, docs/works.md "Settlement"): each charge refunded with the tax in
 * it, the total, the day paid out.
 *
 * Ownership: the caller's document; the file at path is created or
 * replaced. */
#ifndef SUIDO_WORKS_REFUND_PDF_H
#define SUIDO_WORKS_REFUND_PDF_H

#include <stddef.h>

#include "app/works/app_works_settle.h"

/* 0, or -1 with a message in err. */
int works_refund_pdf_write(const app_works_refund_doc *d, const char *path, char *err, size_t errsz);

#endif
