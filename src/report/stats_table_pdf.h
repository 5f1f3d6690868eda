/* stats_table_pdf — a statistics report (domain/stats/stats_table.h) as a
 * PDF: A4 landscape, the title, the period, the table with its 合計 row
 * (bold); a table longer than a page goes on with its header repeated;
 * each page with its number, who printed it and when.  The columns share
 * the width left beside the label column.
 *
 * Ownership: the caller's table; the file at path is created or replaced. */
#ifndef SUIDO_STATS_TABLE_PDF_H
#define SUIDO_STATS_TABLE_PDF_H

#include <stddef.h>
#include <stdint.h>

#include "domain/stats/stats_table.h"

/* 0, or -1 with a message in err. */
int stats_table_pdf_write(const stats_table *t, const char *printed_by, int64_t printed_at, const char *path,
                          char *err, size_t errsz);

#endif
