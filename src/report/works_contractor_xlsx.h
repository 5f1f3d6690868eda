/* works_contractor_xlsx — the designated contractors list as an Excel
 * workbook (libxlsxwriter): the conditions on top, one row per contractor
 * with the columns of works_contractor_csv.h, the header frozen, A4
 * landscape; who printed it and when.
 *
 * Ownership: the caller's struct; the file at path is created or replaced. */
#ifndef SUIDO_WORKS_CONTRACTOR_XLSX_H
#define SUIDO_WORKS_CONTRACTOR_XLSX_H

#include <stddef.h>
#include <stdint.h>

#include "app/works/app_works_contractor.h"

/* 0, or -1 with a message in err. */
int works_contractor_xlsx_write(const app_works_contractor_page *p, const char *conditions, const char *printed_by,
                                int64_t printed_at, const char *path, char *err, size_t errsz);

#endif
