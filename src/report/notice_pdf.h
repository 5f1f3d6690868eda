/* notice_pdf — the letters of a dunning run (督促状・催告書・給水停止予告通知書)
 * as one PDF, one A4 page each: the address in the window of a 長形3号
 * window envelope, the title, the bills reminded of, the total, the
 * deadline (and the stoppage date), where and how to pay, and a payment slip
 * with its GS1-128 barcode when the total can be paid by slip (over
 * ¥999,999: no barcode, and the page says so); also the 納付書 of a late charge
 * (step APP_NOTICE_LATE_CHARGE: one line, its own title).  cairo and pango (IPAex
 * fonts), the GS1-128 symbol encoded by libzint.
 *
 * Ownership: the caller's letters; the file at path is created or replaced. */
#ifndef SUIDO_NOTICE_PDF_H
#define SUIDO_NOTICE_PDF_H

#include <stddef.h>

#include "app/arrears/app_dunning.h"

/* 0, or -1 with a message in err. */
int notice_pdf_write(const app_notice_doc *docs, size_t n, const char *path, char *err, size_t errsz);

#endif
