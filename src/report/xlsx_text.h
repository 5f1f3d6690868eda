/* xlsx_text — the one way text goes into an Excel cell (libxlsxwriter).
 * Text that a spreadsheet would read as a formula (csv_text_is_formula:
 * first character = + - @ TAB CR) is written with a leading apostrophe, the
 * same rule as the CSV writer; numbers go through worksheet_write_number.
 *
 * Ownership: nothing is returned; s is copied by the library. */
#ifndef SUIDO_XLSX_TEXT_H
#define SUIDO_XLSX_TEXT_H

#include <xlsxwriter.h>

/* Writes s (NULL -> blank) as a string cell; the libxlsxwriter error code. */
lxw_error xlsx_text_write(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f);

#endif
