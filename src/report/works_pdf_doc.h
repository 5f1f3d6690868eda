/* works_pdf_doc — what the works documents (works_*_pdf.c) print alike: an
 * A4 PDF opened and finished, the head of a letter (the addressee, the
 * issue date, the issuer and the application's number at the right, the
 * title), rows of "label  value", the type and diameters of an application,
 * dates in 令和 with the ISO date beside them.
 *
 * Ownership: nothing here owns anything; the file at path is created or
 * replaced. */
#ifndef SUIDO_WORKS_PDF_DOC_H
#define SUIDO_WORKS_PDF_DOC_H

#include <cairo.h>
#include <stddef.h>

#include "app/works/app_works_document.h"

#define WORKS_PDF_BODY "IPAexGothic 10"
#define WORKS_PDF_SMALL "IPAexGothic 8"
#define WORKS_PDF_BOLD "IPAexGothic Bold 11"
#define WORKS_PDF_TITLE "IPAexGothic Bold 20"

typedef struct works_pdf {
    cairo_surface_t *surf;
    cairo_t *cr;
} works_pdf;

/* 0, or -1 with a message in err. */
int works_pdf_open(works_pdf *p, const char *path, char *err, size_t errsz);
/* Ends the page, writes and frees the file: 0, or -1 with a message. */
int works_pdf_close(works_pdf *p, const char *path, char *err, size_t errsz);

/* "令和8年4月1日（2026-04-01）" into out; "—" for an empty date. */
void works_pdf_date(const char *iso, char *out, size_t outsz);
/* "20 mm", "13 mm → 20 mm" (改造), "20 mm × 12 戸" (特団). */
void works_pdf_diameter(const app_works_application *a, char *out, size_t outsz);

/* Whom a document is addressed to. */
enum works_pdf_to {
    WORKS_PDF_TO_FILE,          /* no one: the file's copy */
    WORKS_PDF_TO_APPLICANT,     /* "<applicant> 様", the contractor named under it */
    WORKS_PDF_TO_CONTRACTOR     /* "<contractor> 御中", the applicant named under it */
};
/* Opens the PDF at path and draws the letter's head: the addressee, the
 * issue date, the utility and 申込番号 at the right, the title centred.
 * Returns the y (points) below the title, or -1 with a message in err. */
double works_pdf_begin(works_pdf *p, const char *path, const app_works_doc *d, int to, const char *title, char *err,
                       size_t errsz);
/* Text set from (x, y) and wrapped at width points ("—" when empty);
 * returns the y below it. */
double works_pdf_para(cairo_t *cr, double x, double y, const char *font, const char *s, double width);
/* One row: label at the left, value (wrapped) beside it; returns the y of
 * the next row. */
double works_pdf_row(cairo_t *cr, double y, const char *label, const char *value);

#endif
