/* pdf_table — a list as a table in an A4 landscape PDF, the frame the
 * statistics share (the works statistics, the statistics reports): a title
 * and a line of conditions on each page, the header row repeated on every
 * page a long table runs to, text columns left, numbers right, a bold
 * line under a total row; the page number, who printed it and when at the
 * foot.  Each table starts on a page of its own.
 *
 * Ownership: nothing is kept; the caller's strings and callbacks. */
#ifndef SUIDO_PDF_TABLE_H
#define SUIDO_PDF_TABLE_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Cell (row i, column c) as text into out; *bold for a total row. */
typedef void (*pdf_table_cell_fn)(const void *arg, size_t i, int c, char *out, size_t outsz, bool *bold);

typedef struct pdf_table {
    const char *title;
    int ncols, left;              /* columns; how many of the first are text (left-aligned) */
    const double *x;              /* ncols + 1 edges, mm (15 .. 282 fills the width) */
    const char *const *heads;
    size_t nrows;
    pdf_table_cell_fn cell;
    const void *arg;
} pdf_table;

typedef struct pdf_pager {
    cairo_t *cr;
    const char *conditions;       /* the line under the title ("期間 … 基準日 …") */
    const char *by;               /* who printed it */
    int64_t at;                   /* when (Unix seconds) */
    int page;                     /* pages drawn so far */
} pdf_pager;

/* Draw t from a new page on (as many pages as it takes). */
void pdf_table_draw(pdf_pager *p, const pdf_table *t);

/* A4 landscape PDF at path titled title: 0 with *surf and *cr, or -1 with
 * a message in err. */
int pdf_table_open(const char *path, const char *title, cairo_surface_t **surf, cairo_t **cr, char *err, size_t errsz);
/* Finish and close it: 0, or -1 with a message in err. */
int pdf_table_close(cairo_surface_t *surf, cairo_t *cr, const char *path, char *err, size_t errsz);

#endif
