/* bill_summary_csv — the 調定集計表 as CSV (header row, then one row per use
 * and diameter, subtotals and the total), in the chosen encoding
 * (csv_encoding_parse: UTF-8 with BOM or Shift_JIS for Excel).
 *
 * Ownership: appends to the caller's buffer; false when it cannot encode. */
#ifndef SUIDO_BILL_SUMMARY_CSV_H
#define SUIDO_BILL_SUMMARY_CSV_H

#include <stdbool.h>

#include "app/billing/app_bill_report.h"
#include "base/buf.h"

bool bill_summary_csv_write(const app_bill_report *r, int encoding, buf_t *out);

#endif
