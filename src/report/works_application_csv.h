/* works_application_csv — the works applications search (工事申込一覧) as
 * CSV, and its columns, shared with the Excel workbook so that the two
 * cannot drift: a header row, then one row per application, in the chosen
 * encoding (csv_encoding_parse: UTF-8 with BOM or Shift_JIS).  No personal
 * data: owners, applicants and addresses are not listed (the 町丁目 is).
 *
 * Ownership: appends to the caller's buffer; false when it cannot encode. */
#ifndef SUIDO_WORKS_APPLICATION_CSV_H
#define SUIDO_WORKS_APPLICATION_CSV_H

#include <stdbool.h>

#include "app/works/app_works_application.h"
#include "base/buf.h"

#define WORKS_APPLICATION_NCOLS 12
extern const char *const WORKS_APPLICATION_COL_TITLES[WORKS_APPLICATION_NCOLS];
/* 新設, 改造 …: the type's label (static). */
const char *works_application_type_label(int type);
/* "20" or "13→20" (a remodel), "13×12戸" (a complex), into out. */
void works_application_diameter_text(const app_works_row *r, char *out, size_t outsz);

bool works_application_csv_write(const app_works_page *p, int encoding, buf_t *out);

#endif
