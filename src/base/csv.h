/* csv — RFC 4180 CSV writing (CR LF line ends, quotes doubled, fields quoted
 * when they contain , " CR LF or leading/trailing space).  Writes into a
 * buf_t owned by the caller.  Encoding to CP932 is done on the finished
 * buffer with csv_finish. */
#ifndef SUIDO_CSV_H
#define SUIDO_CSV_H

#include <stdbool.h>
#include "base/buf.h"

typedef struct csv_writer {
    buf_t *out;
    int col;       /* columns written on the current row */
} csv_writer;

void csv_begin(csv_writer *w, buf_t *out, bool utf8_bom);
/* A text cell.  Text a spreadsheet would take for a formula (first character
 * = + - @ TAB or CR) is written with a leading apostrophe: "=SUM(A1)" becomes
 * "'=SUM(A1)".  Numbers belong in csv_field_i64, which never adds one. */
void csv_field(csv_writer *w, const char *s);          /* NULL -> empty */
void csv_field_i64(csv_writer *w, long long v);
/* A cell written exactly as given, never with the apostrophe: for files read
 * back by programs (the interchange format), where the cell's bytes are data. */
void csv_field_exact(csv_writer *w, const char *s);        /* a number: -1200 stays -1200 */
/* True when s starts with a character that makes a spreadsheet cell a formula
 * (= + - @ TAB CR); the one rule shared by the CSV and XLSX writers. */
bool csv_text_is_formula(const char *s);
void csv_end_row(csv_writer *w);

enum csv_encoding { CSV_UTF8_BOM, CSV_UTF8, CSV_CP932 };
/* Parse "utf8" / "utf8bom" / "cp932" / "sjis" (case-insensitive); -1 if unknown. */
int csv_encoding_parse(const char *s);
/* Convert a UTF-8 CSV (as written, without BOM) in `in` to the encoding,
 * appending to out (adds the BOM for CSV_UTF8_BOM).  false on failure. */
bool csv_encode(const buf_t *in, int encoding, buf_t *out);

#endif
