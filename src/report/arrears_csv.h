/* arrears_csv — the arrears ledger (滞納整理簿) as CSV and its columns,
 * shared with the Excel workbook so that the two cannot drift: a header
 * row, then one row per customer (or per customer and tap), in the chosen
 * encoding (csv_encoding_parse: UTF-8 with BOM or Shift_JIS for Excel).
 *
 * Ownership: appends to the caller's buffer; false when it cannot encode. */
#ifndef SUIDO_ARREARS_CSV_H
#define SUIDO_ARREARS_CSV_H

#include <stdbool.h>

#include "app/arrears/app_arrears.h"
#include "base/buf.h"

/* The columns: 6 text ones, then numbers (件数, 滞納額, 経過月数, the buckets). */
#define ARREARS_NCOLS (10 + ARREARS_NBUCKETS + 1)
extern const char *const ARREARS_COL_TITLES[ARREARS_NCOLS];
/* The method's label: "口座振替", "納付書" or "口座振替・納付書". */
const char *arrears_method_label(const app_arrears_row *r);

bool arrears_csv_write(const app_arrears_page *p, int encoding, buf_t *out);

#endif
