/* works_contractor_csv — the designated contractors list (指定給水装置工事
 *事業者一覧) as CSV, and its columns, shared with the Excel workbook so that
 * the two cannot drift: a header row, then one row per contractor, in the
 * chosen encoding (csv_encoding_parse: UTF-8 with BOM or Shift_JIS).  No
 * personal data: the representative and the engineers' names are not listed.
 *
 * Ownership: appends to the caller's buffer; false when it cannot encode. */
#ifndef SUIDO_WORKS_CONTRACTOR_CSV_H
#define SUIDO_WORKS_CONTRACTOR_CSV_H

#include <stdbool.h>

#include "app/works/app_works_contractor.h"
#include "base/buf.h"

#define WORKS_CONTRACTOR_NCOLS 12
extern const char *const WORKS_CONTRACTOR_COL_TITLES[WORKS_CONTRACTOR_NCOLS];
/* The period or day of the state ("令和…" is the screen's; here ISO):
 * "2026-04-01〜2026-06-30" for a suspension, the day for a revocation. */
void works_contractor_state_note(const app_works_contractor_item *r, char *out, size_t outsz);

bool works_contractor_csv_write(const app_works_contractor_page *p, int encoding, buf_t *out);

#endif
