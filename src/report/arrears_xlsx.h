/* arrears_xlsx — the arrears ledger (滞納整理簿) as an Excel workbook
 * (libxlsxwriter): the filters and the totals on top, one row per customer
 * (or per customer and tap) with the columns of arrears_csv.h, yen and
 * counts as numbers, the header frozen, A4 landscape; who printed it and when.
 *
 * Ownership: the caller's struct; the file at path is created or replaced. */
#ifndef SUIDO_ARREARS_XLSX_H
#define SUIDO_ARREARS_XLSX_H

#include <stddef.h>
#include <stdint.h>

#include "app/arrears/app_arrears.h"

/* conditions: the filters in words ("" when none).  0, or -1 with a message. */
int arrears_xlsx_write(const app_arrears_page *p, const char *conditions, const char *printed_by, int64_t printed_at,
                       const char *path, char *err, size_t errsz);

#endif
