/* check_csv — a consistency list (app_checks.h) as CSV, UTF-8 with BOM:
 * 水栓番号, 調定番号, the list's two values, the カルテ's path; or in
 * another encoding of base/csv.h (CP932 for older spreadsheets).
 *
 * Ownership: appends to the caller's buffer. */
#ifndef SUIDO_CHECK_CSV_H
#define SUIDO_CHECK_CSV_H

#include <stdbool.h>

#include "app/checks/app_checks.h"
#include "base/buf.h"

/* encoding: enum csv_encoding.  false when out of memory. */
bool check_csv_write(const app_check_list *l, int encoding, buf_t *out);

#endif
