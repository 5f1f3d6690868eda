/* stats_table_out — a statistics report (domain/stats/stats_table.h) as
 * files: CSV (UTF-8 with BOM, UTF-8 or CP932: the label column, the
 * values, the 合計 row, the period on every row), Excel (report/xlsx_list:
 * the same rows under the title and period), JSON (report name, title,
 * period, columns, rows, total) and TSV (the CSV's rows for a terminal).
 * The PDF is stats_table_pdf.h's.  No personal data is ever in a table.
 *
 * Ownership: the caller's table; CSV/JSON/TSV are appended to out; the
 * file at path is created or replaced. */
#ifndef SUIDO_STATS_TABLE_OUT_H
#define SUIDO_STATS_TABLE_OUT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/jsonw.h"
#include "domain/stats/stats_table.h"

bool stats_table_csv_write(const stats_table *t, int encoding, buf_t *out);
void stats_table_tsv_write(const stats_table *t, buf_t *out);
/* The table as one JSON object: {"report", "title", "period", "columns":
 * [{"key", "title"}], "rows": [{"label", KEY: n...}], "total": {KEY: n}}. */
void stats_table_json_write(const stats_table *t, jsonw *w);
/* 0, or -1 with a message in err. */
int stats_table_xlsx_write(const stats_table *t, const char *today, const char *printed_by, int64_t printed_at,
                           const char *path, char *err, size_t errsz);

#endif
