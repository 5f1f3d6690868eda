/* stats_report — a statistics report (domain/stats/stat_table.h) as
 * documents, one writer per format for every report:
 * - CSV (UTF-8 with BOM, UTF-8 or Shift_JIS — csv_encoding): the title
 *   and period, the headline figures, then each table under its title
 *   with its header row and its 合計 row, a blank row between;
 * - Excel: a sheet 概要 (the headline figures), then a sheet per table
 *   (report/xlsx_list's frame);
 * - PDF: A4 landscape, the headline figures, then each table from a page
 *   of its own (report/pdf_table's frame);
 * - JSON: one object (the headline figures also as top-level keys, for
 *   scripts: `suido report billing --format json`).
 * Rates are printed as percent with two decimals ("98.76").
 *
 * Ownership: the caller's report; files at path are created or replaced;
 * CSV is appended to out, JSON written to w. */
#ifndef SUIDO_STATS_REPORT_H
#define SUIDO_STATS_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/jsonw.h"
#include "domain/stats/stat_table.h"

bool stats_csv_write(const stat_report *r, int encoding, buf_t *out);
void stats_json_write(jsonw *w, const stat_report *r);
/* 0, or -1 with a message in err. */
int stats_xlsx_write(const stat_report *r, const char *printed_by, int64_t printed_at, const char *path, char *err,
                     size_t errsz);
int stats_pdf_write(const stat_report *r, const char *printed_by, int64_t printed_at, const char *path, char *err,
                    size_t errsz);

/* The period as one line: "2026年4月（2026-04-01〜2026-04-30）". */
void stats_period_text(const stat_report *r, char *out, size_t outsz);

#endif
