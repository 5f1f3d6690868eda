/* works_application_xlsx — the works applications search (工事申込一覧) as an
 * Excel workbook (libxlsxwriter): the conditions on top, one row per
 * application with the columns of works_application_csv.h, the header
 * frozen, A4 landscape; who printed it and when.
 *
 * Ownership: the caller's struct; the file at path is created or replaced. */
#ifndef SUIDO_WORKS_APPLICATION_XLSX_H
#define SUIDO_WORKS_APPLICATION_XLSX_H

#include <stddef.h>
#include <stdint.h>

#include "app/works/app_works_application.h"

/* conditions: the filters in words ("" when none).  0, or -1 with a message. */
int works_application_xlsx_write(const app_works_page *p, const char *conditions, const char *printed_by,
                                 int64_t printed_at, const char *path, char *err, size_t errsz);

/* The same under another sheet name and title (the progress list). */
int works_application_xlsx_titled(const app_works_page *p, const char *sheet, const char *title, const char *conditions,
                                  const char *printed_by, int64_t printed_at, const char *path, char *err, size_t errsz);

#endif
