/* xlsx_list — a list screen's rows as an Excel workbook (libxlsxwriter), the
 * frame every list export shares: a title, the base day with the
 * conditions and the count, who printed it and when, the header row
 * (frozen), A4 landscape fitted to the width, thin borders, IPAex fonts; the
 * rows are the caller's, written by its callback with the formats given.
 * Its users: the works applications and contractors lists, the works reports,
 * the statistics reports (a sheet per table).
 *
 * Ownership: the caller's struct; the file at path is created or replaced. */
#ifndef SUIDO_XLSX_LIST_H
#define SUIDO_XLSX_LIST_H

#include <stddef.h>
#include <stdint.h>
#include <xlsxwriter.h>

typedef struct xlsx_list_formats {
    lxw_format *label;   /* text */
    lxw_format *num;     /* #,##0 */
    lxw_format *yen;     /* ¥#,##0, negatives red */
} xlsx_list_formats;

/* Write row i of the list at sheet row `row`. */
typedef void (*xlsx_list_row_fn)(lxw_worksheet *ws, lxw_row_t row, size_t i, const void *arg,
                                 const xlsx_list_formats *f);

typedef struct xlsx_list {
    const char *sheet, *title;       /* the sheet's name, the title on top */
    const char *const *cols;         /* the header row's titles */
    int ncols;
    const double *widths;            /* ncols widths (NULL: 14 each) */
    int freeze_cols;                 /* columns kept in view when scrolling right */
    const char *today, *conditions;  /* the base day; the filters in words ("" none) */
    int64_t total;                   /* the count shown beside them */
    const char *printed_by;
    int64_t printed_at;              /* Unix seconds */
    size_t nrows;
    xlsx_list_row_fn row;
    const void *arg;
} xlsx_list;

/* 0, or -1 with a message in err. */
int xlsx_list_write(const xlsx_list *l, const char *path, char *err, size_t errsz);
/* Several lists, one sheet each (names unique, at most 31 characters), in
 * one workbook: 0, or -1 with a message in err. */
int xlsx_list_write_sheets(const xlsx_list *l, size_t n, const char *path, char *err, size_t errsz);

#endif
