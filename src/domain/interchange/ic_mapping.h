/* ic_mapping — a declarative mapping (suido-mapping/1, docs/interchange.md)
 * that turns a foreign legacy layout into the rows of the interchange format
 * without code: per target file of the format, the legacy source file, its
 * layout (fixed-width by byte, or CSV), which records are data, trailer
 * (control totals) or skipped, and for each CSV column of the target an
 * expression — a byte range, a CSV column or a literal — followed by
 * filters (code tables, dates including 和暦, months, integers, implied
 * decimals, a default).
 *
 * The text is INI-like:
 *
 *     [mapping]            format = suido-mapping/1, encoding = CP932 | UTF-8
 *     [code.NAME]          LEGACY = SUIDO (a code table)
 *     [taps.csv]           source.file = SUIDO.DAT, source.layout = fixed,
 *                          source.record = @1-1, source.data = D,
 *                          source.trailer = T, source.skip = H,
 *                          control.rows = @2-9, control.COLUMN = @10-21,
 *                          COLUMN = @2-9 | int, COLUMN = "literal" | ...
 *
 * Everything here is pure: ic_mapping_eval cuts and converts one record
 * handed over by the caller, who reads the files.  A mapping is one malloc'd
 * block: ic_mapping_free. */
#ifndef SUIDO_IC_MAPPING_H
#define SUIDO_IC_MAPPING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "domain/interchange/ic_format.h"
#include "domain/interchange/ic_manifest.h"

#define ICM_FORMAT_NAME "suido-mapping/1"
#define ICM_MAX_TARGETS 16
#define ICM_MAX_FILTERS 6
#define ICM_MAX_KINDS 4

enum icm_src { ICM_BYTES, ICM_COLUMN, ICM_LITERAL };
enum icm_op { ICM_CODE, ICM_DATE, ICM_MONTH, ICM_INT, ICM_DECIMALS, ICM_DEFAULT, ICM_KEEP };
enum icm_fmt { ICM_WAREKI, ICM_YYYYMMDD, ICM_ISO, ICM_YYYYMM };
enum icm_record { ICM_REC_DATA, ICM_REC_TRAILER, ICM_REC_SKIP, ICM_REC_UNKNOWN };

typedef struct icm_filter {
    int op;              /* enum icm_op */
    int fmt;             /* ICM_DATE / ICM_MONTH: enum icm_fmt */
    int n;               /* ICM_DECIMALS: digits */
    char arg[64];        /* ICM_CODE: the table; ICM_DEFAULT: the text */
} icm_filter;

typedef struct icm_expr {
    bool set;
    char key[80];        /* the mapping key as written ("issued_on", "control.rows") */
    int line;            /* its line in the mapping */
    int src;             /* enum icm_src */
    int from, to;        /* ICM_BYTES: 1-based, inclusive; ICM_COLUMN: from */
    char lit[160];       /* ICM_LITERAL */
    bool keep;           /* no trimming */
    icm_filter filters[ICM_MAX_FILTERS];
    int nfilters;
} icm_expr;

typedef struct icm_target {
    int file;                          /* enum ic_file */
    int line;                          /* of its [section] */
    char source[128];                  /* the legacy file's name (within the directory) */
    bool csv;                          /* layout: csv (else fixed) */
    int header;                        /* csv: lines to skip at the start */
    icm_expr record;                   /* the record type (unset: every line is data) */
    char data[ICM_MAX_KINDS][16];
    int ndata;
    char trailer[16];
    char skip[ICM_MAX_KINDS][16];
    int nskip;
    icm_expr cols[IC_MAX_CSV_COLS];    /* by CSV column of the target */
    icm_expr control_rows;
    icm_expr control_sums[IC_MANIFEST_MAX_SUMS];   /* by the target's money columns, in order */
} icm_target;

typedef struct icm_code {
    char table[32], from[32], to[48];
} icm_code;

typedef struct ic_mapping {
    char name[128];                    /* the mapping file's name, for messages */
    bool cp932;
    icm_target targets[ICM_MAX_TARGETS];
    int ntargets;
    icm_code *codes;
    size_t ncodes, capcodes;
} ic_mapping;

/* Parse the text (name: for messages).  NULL with "NAME:LINE: message" (in
 * Japanese) in msg.  Caller owns: ic_mapping_free. */
ic_mapping *ic_mapping_parse(const char *text, const char *name, char *msg, size_t msgsz);
void ic_mapping_free(ic_mapping *m);

/* Which kind of record a raw line (in the source's encoding, without its
 * line end) is. */
int ic_mapping_record(const ic_mapping *m, const icm_target *t, const char *line, size_t len, const char *const *fields,
                      int nfields);

/* Evaluate x on one record: line/len the raw bytes (fixed) or fields/nfields
 * (csv, already UTF-8).  raw gets the legacy text (converted to UTF-8,
 * trimmed unless keep), out the value for the interchange row.  false with a
 * Japanese message in msg (the caller adds file, line and the key). */
bool ic_mapping_eval(const ic_mapping *m, const icm_expr *x, const char *line, size_t len, const char *const *fields,
                     int nfields, buf_t *raw, buf_t *out, char *msg, size_t msgsz);

/* Trim ASCII spaces/tabs and U+3000 (full-width space) at both ends of s, in place. */
void ic_mapping_trim(char *s);

#endif
