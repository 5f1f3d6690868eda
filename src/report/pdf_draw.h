/* pdf_draw — what every PDF of suido draws with: text set by pango in a
 * font given as a pango description ("IPAexGothic Bold 10"), lines, and
 * yen amounts.  Coordinates are in points; PDF_MM converts millimetres.
 * Nothing here owns anything: the caller's cairo context and buffers. */
#ifndef SUIDO_PDF_DRAW_H
#define SUIDO_PDF_DRAW_H

#include <cairo.h>
#include <stddef.h>

#define PDF_MM (72.0 / 25.4)   /* points per millimetre */

enum { PDF_LEFT = 0, PDF_RIGHT = 1, PDF_CENTER = 2 };

/* Text whose top edge is at y: starting at x (PDF_LEFT), ending at x
 * (PDF_RIGHT) or centred on x (PDF_CENTER).  width > 0 wraps the text at
 * that width (points) and aligns inside it from x. */
void pdf_text(cairo_t *cr, double x, double y, const char *font, const char *s, int align, double width);
/* A straight line of the given width (points). */
void pdf_line(cairo_t *cr, double x0, double y0, double x1, double y1, double width);
/* A ruled sheet of rows (作業票, 取替指示書): columns whose left edges are
 * colx[0..ncols) and the right edge of the last colx[ncols] (mm), a grey
 * heading band head_h mm high from top (mm) with the titles, then rows of
 * row_h mm.  pdf_sheet_cell sets text in column c of a row whose top is y
 * (points), wrapped at the column's width. */
typedef struct pdf_sheet {
    const double *colx;
    int ncols;
    double top, head_h, row_h;   /* mm */
} pdf_sheet;
void pdf_sheet_cell(cairo_t *cr, const pdf_sheet *t, int c, double y, const char *font, const char *s);
void pdf_sheet_head(cairo_t *cr, const pdf_sheet *t, const char *const *titles);
/* The sheet's head on an A4 landscape page: title (bold 16) and the line
 * under it at the left, the utility and "page / pages 頁" at the right, then
 * the heading band with the titles. */
void pdf_sheet_page_head(cairo_t *cr, const pdf_sheet *t, const char *title, const char *line, const char *utility,
                         int page, int pages, const char *const *titles);
/* The rules of the band and of rows rows (points are drawn from the top). */
void pdf_sheet_grid(cairo_t *cr, const pdf_sheet *t, int rows);
/* "12,345円" into out (size >= 40). */
void pdf_yen(long long v, char out[40]);
/* An ISO date "2026-04-01" as 令和8年4月1日 into out (size >= 32); text
 * that is not a date is copied as it is. */
void pdf_wareki(const char *iso, char *out, size_t outsz);
/* The GS1-128 symbol of a payment slip's 44 digits (domain/slipcode.h)
 * with its top left corner at (x, y): xdim points per module, height
 * points high, drawn as an image one pixel per module that is never
 * smoothed (a few dozen bytes in the PDF instead of a hundred rectangles).
 * 0, or -1 with a message in err. */
int pdf_gs1_128(cairo_t *cr, const char *code44, double x, double y, double xdim, double height, char *err,
                size_t errsz);
/* The perforation (a dashed line with きりとり線 above it) 4 mm above sy and
 * the frame of a payment slip (186 × 88 mm from 12 mm left) from sy down. */
void pdf_slip_frame(cairo_t *cr, double sy);
/* The 44 digits as printed under the barcode, grouped by field:
 * "(91) 912345 0123… 0 261210 0 012345 3" (out: at least 64 bytes). */
void pdf_slip_digits(const char *code44, char *out, size_t outsz);

#endif
