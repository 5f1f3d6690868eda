/* works_inspection_pdf — 給水装置工事完成検査結果通知書 (one A4 page): to the
 * contractor with the applicant named, the latest 完成検査 or 再検査 of the
 * application: its result (合格 / 不合格), date, inspector and notes, and
 * what to do next (a failure: put it right and ask for 再検査).
 *
 * Ownership: the caller's document; the file at path is created or
 * replaced. */
#ifndef SUIDO_WORKS_INSPECTION_PDF_H
#define SUIDO_WORKS_INSPECTION_PDF_H

#include <stddef.h>

#include "app/works/app_works_document.h"

/* 0, or -1 with a message in err. */
int works_inspection_pdf_write(const app_works_doc *d, const char *path, char *err, size_t errsz);

#endif
