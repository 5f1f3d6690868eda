/* works_report — the works statistics (工事統計, app_works_report.h) as
 * documents: the counts by type, diameter, area and contractor and the
 * charges by diameter, each as CSV (UTF-8 with BOM, UTF-8 or Shift_JIS)
 * and Excel (report/xlsx_list), and both together as a PDF (A4 landscape,
 * pages as long as the lists, the header repeated); the progress list as
 * Excel with its own title (its CSV is works_application_csv's).
 *
 * Ownership: the caller's structs; files at path are created or replaced;
 * CSV is appended to out. */
#ifndef SUIDO_WORKS_REPORT_H
#define SUIDO_WORKS_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/works/app_works_report.h"
#include "base/buf.h"

#define WORKS_STATS_NCOLS 7
extern const char *const WORKS_STATS_COL_TITLES[WORKS_STATS_NCOLS];
#define WORKS_FEES_NCOLS 11
extern const char *const WORKS_FEES_COL_TITLES[WORKS_FEES_NCOLS];

bool works_stats_csv_write(const app_works_stats *s, int encoding, buf_t *out);
bool works_fees_csv_write(const app_works_stats *s, int encoding, buf_t *out);
/* 0, or -1 with a message in err. */
int works_stats_xlsx_write(const app_works_stats *s, const char *printed_by, int64_t printed_at, const char *path,
                           char *err, size_t errsz);
int works_fees_xlsx_write(const app_works_stats *s, const char *printed_by, int64_t printed_at, const char *path,
                          char *err, size_t errsz);
int works_stats_pdf_write(const app_works_stats *s, const char *printed_by, int64_t printed_at, const char *path,
                          char *err, size_t errsz);
int works_progress_xlsx_write(const app_works_page *p, const char *printed_by, int64_t printed_at, const char *path,
                              char *err, size_t errsz);

/* The statistics' rows in print order: each dimension's rows and its 合計
 * row.  Row i (< works_stats_nrows) as its dimension, its label and the row
 * (the total for a 合計 row). */
size_t works_stats_nrows(const app_works_stats *s);
const works_stat_row *works_stats_row(const app_works_stats *s, size_t i, int *dim, char *label, size_t labelsz);
/* The fees row i (the total for i == s->nfees) as its 11 values (the
 * diameter 0 for the total). */
void works_fees_values(const app_works_stats *s, size_t i, long long v[WORKS_FEES_NCOLS]);

#endif
