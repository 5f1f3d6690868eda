/* writeoff_report — the documents of limitation and write-off: the list of
 * claims reaching limitation as CSV, and the fiscal-year report of 不納欠損
 * (件数・金額 by reason and service) as PDF (A4 landscape) and XLSX. */
#ifndef SUIDO_WRITEOFF_REPORT_H
#define SUIDO_WRITEOFF_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/arrears/app_limitation.h"
#include "app/arrears/app_writeoff.h"
#include "base/buf.h"

const char *limitation_service_label(const char *service);   /* 水道 / 下水道 */
bool limitation_csv_write(const app_limitation_page *p, int encoding, buf_t *out);
int writeoff_report_pdf_write(const app_writeoff_report *r, const char *printed_by, int64_t printed_at,
                              const char *path, char *err, size_t errsz);
int writeoff_report_xlsx_write(const app_writeoff_report *r, const char *printed_by, int64_t printed_at,
                               const char *path, char *err, size_t errsz);

#endif
