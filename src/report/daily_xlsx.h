/* daily_xlsx — the daily totals (日計表) as an Excel workbook (libxlsxwriter):
 * one sheet "日計表" with the same table as the PDF, figures as numbers with a
 * yen number format (not text, so they can be summed), the header row
 * frozen, the totals and the check row (a formula with its computed value).
 *
 * Ownership: the caller's struct; the file at path is created or replaced. */
#ifndef SUIDO_DAILY_XLSX_H
#define SUIDO_DAILY_XLSX_H

#include <stddef.h>

#include "app/collect/app_daily.h"

/* 0, or -1 with a message in err. */
int daily_xlsx_write(const app_daily *d, const char *path, char *err, size_t errsz);

#endif
