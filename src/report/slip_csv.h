/* slip_csv — a print run's slips as CSV for an outside print vendor
 * (印刷業者向けデータ): one row per slip with every printed field and the 44
 * barcode digits; UTF-8 (with or without BOM) or CP932.
 *
 * The file is written as the slips come, a few hundred KB at a time, so that
 * a city's run (990,000 slips, about 180 MB, at 2,000,000 taps) is never held
 * in memory.  It is written under a temporary name beside PATH, readable by
 * its owner only (names and places of use), and renamed to PATH only by a
 * successful slip_csv_close: a run that fails leaves no half-written file.
 *
 * Ownership: the slip_csv_file is the caller's; slip_csv_close releases what
 * slip_csv_open took, whatever happened in between. */
#ifndef SUIDO_SLIP_CSV_H
#define SUIDO_SLIP_CSV_H

#include <stdbool.h>
#include <stdio.h>

#include "app/billing/app_bill.h"
#include "base/buf.h"
#include "base/csv.h"

typedef struct slip_csv_file {
    char path[4096], tmp[4096];
    FILE *f;
    int encoding;      /* enum csv_encoding (base/csv.h) */
    bool started;      /* the first chunk (with the BOM, if any) is out */
    bool failed;
    buf_t utf8, enc;
    csv_writer w;
} slip_csv_file;

/* Create the temporary file and write the header row; false when it cannot
 * be created (nothing left behind). */
bool slip_csv_open(slip_csv_file *c, const char *path, int encoding);
/* One slip's row; false once anything failed (a write to a full disk).  In
 * CP932 a character it cannot hold is written as '?' (base/text.h). */
bool slip_csv_add(slip_csv_file *c, const app_slip *s);
/* keep: the run succeeded; the file is completed and renamed to its path
 * (true when all of that worked).  !keep, or any failure: the temporary file
 * is removed, and false. */
bool slip_csv_close(slip_csv_file *c, bool keep);

#endif
