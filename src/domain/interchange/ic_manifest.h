/* ic_manifest — manifest.json of an interchange directory: the format's
 * name, the schema version of the database that wrote it, when, the text
 * encoding of the files, and per file its rows, the sums of its money
 * columns (IC_YEN) and its SHA-256.  Plain values: nothing to free. */
#ifndef SUIDO_IC_MANIFEST_H
#define SUIDO_IC_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "domain/interchange/ic_format.h"

#define IC_MANIFEST_MAX_SUMS 8

typedef struct ic_sum {
    char col[48];
    int64_t yen;
} ic_sum;

typedef struct ic_manifest_file {
    char name[64];
    int64_t rows;
    char sha256[65];
    ic_sum sums[IC_MANIFEST_MAX_SUMS];
    int nsums;
} ic_manifest_file;

typedef struct ic_manifest {
    char format[32];         /* IC_FORMAT_NAME */
    int64_t schema_version;
    char created_at[32];     /* "2026-04-01T09:00:00Z" */
    char encoding[16];       /* "UTF-8" (written); "CP932" accepted on import */
    ic_manifest_file files[IC_FILE__COUNT];
    int nfiles;
} ic_manifest;

/* The money columns of file f into sums, zeroed (their count). */
int ic_manifest_sums_init(int f, ic_sum *sums);
/* Add v (a checked integer text) to the sum of column name; false when the
 * sum would overflow. */
bool ic_manifest_sum_add(ic_sum *sums, int nsums, const char *col, int64_t v);
/* The manifest as JSON (two-space indent, files in format order) into out. */
void ic_manifest_write(const ic_manifest *m, buf_t *out);
/* Read the JSON text; false with a Japanese message naming the member. */
bool ic_manifest_parse(const char *json, ic_manifest *m, char *msg, size_t msgsz);
/* The entry of file name, or NULL. */
const ic_manifest_file *ic_manifest_find(const ic_manifest *m, const char *name);

#endif
