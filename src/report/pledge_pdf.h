/* pledge_pdf — the instalment pledge (分納誓約書) to sign: A4 portrait, the
 * customer's name and address, the bills covered, the schedule, the
 * utility, and the lines for the debtor's signature and seal (IPAex fonts,
 * cairo/pango as receipt_pdf). */
#ifndef SUIDO_PLEDGE_PDF_H
#define SUIDO_PLEDGE_PDF_H

#include <stddef.h>

#include "app/arrears/app_pledge.h"

/* Write to path; 0, or -1 with a Japanese message in err. */
int pledge_pdf_write(const app_pledge *p, const char *utility, const char *path, char *err, size_t errsz);

#endif
