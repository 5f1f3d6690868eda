/* app_ic_mapping — a legacy export turned into the interchange format's rows
 * by a mapping (domain/interchange/ic_mapping.h), streamed into the importer:
 * `suido import DIR --mapping FILE` (docs/interchange.md, "Mapping a legacy
 * export").
 *
 * app_ic_map_open reads the mapping and lists its target files whose legacy
 * source is in DIR (a manifest the importer reads instead of manifest.json).
 * app_ic_map_pull then hands over file f's rows as CSV (UTF-8), made as they
 * are asked for: the source is read a megabyte at a time (CP932 or UTF-8),
 * each data record cut and converted, so that memory holds a piece of one
 * file, never a whole file nor all the rows (the personal data in them is
 * never written to a file).  At the source's end the control totals (a
 * trailer record or literal control.* values) are checked against what was
 * read and the file's rows, sums and SHA-256 filled in the manifest, before
 * the importer compares them.  Every error names the legacy file, its line,
 * the target column and the mapping key: "TAPS.DAT:12: taps.csv の use_code
 * （対応表 legacy.ini:40）: コード 09 が対応表 [code.use] にありません。";
 * they gather in m->errors / m->nerrors while the import runs (which then
 * stores nothing).
 *
 * The caller owns the result: app_ic_mapped_free (also after a failed open). */
#ifndef SUIDO_APP_IC_MAPPING_H
#define SUIDO_APP_IC_MAPPING_H

#include "app/interchange/app_interchange.h"
#include "domain/interchange/ic_mapping.h"
#include "domain/interchange/ic_review.h"

#include <sys/types.h>

typedef struct app_ic_control {
    bool set;                 /* the mapping gave control totals for this file */
    char from[96];            /* "BILL.DAT:61（トレーラー）", "対応表" */
    bool rows_set;
    int64_t rows;
    ic_sum sums[IC_MANIFEST_MAX_SUMS];
    int nsums;                /* only those given */
} app_ic_control;

typedef struct app_ic_conv app_ic_conv;   /* the file being converted (app_ic_mapping.c) */

typedef struct app_ic_mapped {
    ic_manifest manifest;
    bool has[IC_FILE__COUNT];
    char source[IC_FILE__COUNT][128];
    char *legacy[IC_FILE__COUNT][ICR_SAMPLES][IC_MAX_CSV_COLS];   /* the legacy text of the first rows' columns */
    app_ic_control control[IC_FILE__COUNT];
    buf_t errors;
    int64_t nerrors;
    ic_mapping *map;
    int dirfd;
    app_ic_conv *cur;
} app_ic_mapped;

/* ERR_INVALID with the mapping's own error in e (a broken mapping), ERR_IO
 * (the directory), or 0 with the missing sources (if any) in m->errors. */
int app_ic_map_open(const char *dir, const char *mapping_path, app_ic_mapped *m, err_t *e);
/* Up to n bytes of file f's CSV into dst: 0 at its end (a file not made: at
 * once), -1 out of memory.  Files are asked for in the format's order, each
 * to its end. */
ssize_t app_ic_map_pull(app_ic_mapped *m, int f, char *dst, size_t n);
/* The conversion's errors so far. */
int64_t app_ic_map_errors(const app_ic_mapped *m);
/* "CHOTEI.DAT:12（bills.csv）" for line (of the generated CSV) of file f: the
 * rows lately handed over; else "bills.csv:LINE". */
void app_ic_mapped_where(const app_ic_mapped *m, int f, int64_t line, char *out, size_t outsz);
void app_ic_mapped_free(app_ic_mapped *m);

#endif
