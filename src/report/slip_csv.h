/* slip_csv — a print run's slips as CSV for an outside print vendor
 * (印刷業者向けデータ): one row per slip with every printed field and the 44
 * barcode digits; UTF-8 (with BOM) or CP932.
 *
 * Ownership: appends to the caller's buffer. */
#ifndef SUIDO_SLIP_CSV_H
#define SUIDO_SLIP_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "app/billing/app_bill.h"
#include "base/buf.h"

/* encoding: enum csv_encoding (base/csv.h).  false when the text cannot be
 * converted or does not fit out's cap: give out at least
 * slip_csv_max_bytes(n) (a whole city's print run, 990,000 slips at
 * 2,000,000 taps, is about 180 MB, above a buffer's default cap). */
bool slip_csv_write(const app_slip *slips, size_t n, int encoding, buf_t *out);
/* An upper bound of the CSV of n slips (a row is under 2 KB). */
size_t slip_csv_max_bytes(size_t n);

#endif
