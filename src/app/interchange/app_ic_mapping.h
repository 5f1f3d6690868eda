/* app_ic_mapping — a legacy export turned into the interchange format's rows
 * by a mapping (domain/interchange/ic_mapping.h), in memory: `suido import
 * DIR --mapping FILE` (docs/interchange.md, "Mapping a legacy export").
 *
 * app_ic_map reads the mapping file and, for each of its target files, the
 * legacy source file in DIR (CP932 or UTF-8), cuts and converts every data
 * record into a CSV row of the target (UTF-8, held in memory only: the
 * personal data in it is never written to a file), checks the control totals
 * (a trailer record or literal control.* values) against what it read, and
 * fills a manifest of the generated files that the importer reads instead of
 * manifest.json.  Every error names the legacy file, its line, the target
 * column and the mapping key: "TAPS.DAT:12: taps.csv の use_code（対応表
 * legacy.ini:40）: コード 09 が対応表 [code.use] にありません。".
 *
 * The caller owns the result: app_ic_mapped_free. */
#ifndef SUIDO_APP_IC_MAPPING_H
#define SUIDO_APP_IC_MAPPING_H

#include "app/interchange/app_interchange.h"
#include "domain/interchange/ic_review.h"

typedef struct app_ic_control {
    bool set;                 /* the mapping gave control totals for this file */
    char from[96];            /* "BILL.DAT:61（トレーラー）", "対応表" */
    bool rows_set;
    int64_t rows;
    ic_sum sums[IC_MANIFEST_MAX_SUMS];
    int nsums;                /* only those given */
} app_ic_control;

typedef struct app_ic_mapped {
    ic_manifest manifest;
    buf_t files[IC_FILE__COUNT];
    bool has[IC_FILE__COUNT];
    char source[IC_FILE__COUNT][128];
    int64_t *lines[IC_FILE__COUNT];   /* data row i (CSV line i + 2) → its line in the source */
    size_t nlines[IC_FILE__COUNT], caplines[IC_FILE__COUNT];
    char *legacy[IC_FILE__COUNT][ICR_SAMPLES][IC_MAX_CSV_COLS];   /* the legacy text of the first rows' columns */
    app_ic_control control[IC_FILE__COUNT];
    buf_t errors;
    int64_t nerrors;
} app_ic_mapped;

/* ERR_INVALID with the mapping's own error in e (a broken mapping), or 0
 * with the conversion's errors (if any) in m->errors / m->nerrors. */
int app_ic_map(const char *dir, const char *mapping_path, app_ic_mapped *m, err_t *e);
/* "CHOTEI.DAT:12（bills.csv）" for line (of the generated CSV) of file f. */
void app_ic_mapped_where(const app_ic_mapped *m, int f, int64_t line, char *out, size_t outsz);
void app_ic_mapped_free(app_ic_mapped *m);

#endif
