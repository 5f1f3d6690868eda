/* bill_summary_xlsx — the 調定集計表 as an Excel workbook (libxlsxwriter):
 * one sheet with the cycle compared, the use and diameter lines, subtotals
 * in bold, the total; figures as numbers (yen formatted, not text), the
 * header frozen, A4 landscape; who printed it and when.
 *
 * Ownership: the caller's struct; the file at path is created or replaced. */
#ifndef SUIDO_BILL_SUMMARY_XLSX_H
#define SUIDO_BILL_SUMMARY_XLSX_H

#include <stddef.h>
#include <stdint.h>

#include "app/billing/app_bill_report.h"

/* 0, or -1 with a message in err. */
int bill_summary_xlsx_write(const app_bill_report *r, const char *printed_by, int64_t printed_at, const char *path,
                            char *err, size_t errsz);

#endif
