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
 * converted.  out's cap is raised to fit n slips (a whole city's print run,
 * 990,000 slips at 2,000,000 taps, is about 180 MB, above a buffer's default
 * cap). */
bool slip_csv_write(const app_slip *slips, size_t n, int encoding, buf_t *out);

#endif
