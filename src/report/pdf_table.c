/* pdf_table — see pdf_table.h. */
#include "report/pdf_table.h"

#include <cairo-pdf.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/date.h"
#include "report/pdf_draw.h"

#define MM PDF_MM
#define ROW_H 6.5   /* mm */
#define TOP 34.0
#define BOTTOM 188.0

static void page_frame(pdf_pager *p, const char *title)
{
    cairo_t *cr = p->cr;
    char s[256], when[20];
    p->page++;
    pdf_text(cr, 15 * MM, 12 * MM, "IPAexGothic Bold 16", title, PDF_LEFT, 0);
    pdf_text(cr, 15 * MM, 22 * MM, "IPAexGothic 10", p->conditions, PDF_LEFT, 0);
    date_format_ts_jst(p->at, when);
    str_fmt(s, sizeof s, "%dページ　印刷日時 %s　印刷者 %s", p->page, when, p->by);
    pdf_text(cr, 282 * MM, 198 * MM, "IPAexGothic 8", s, PDF_RIGHT, 0);
}

static double head_row(cairo_t *cr, const pdf_table *t, double y)
{
    for (int c = 0; c < t->ncols; c++)
        pdf_text(cr, (c < t->left ? t->x[c] + 1.5 : t->x[c + 1] - 1.5) * MM, (y + 1.5) * MM, "IPAexGothic Bold 8",
                 t->heads[c], c < t->left ? PDF_LEFT : PDF_RIGHT, 0);
    y += ROW_H;
    pdf_line(cr, t->x[0] * MM, y * MM, t->x[t->ncols] * MM, y * MM, 0.8);
    return y;
}

static void grid(cairo_t *cr, const pdf_table *t, double top, double y)
{
    cairo_set_line_width(cr, 0.8);
    cairo_rectangle(cr, t->x[0] * MM, top * MM, (t->x[t->ncols] - t->x[0]) * MM, (y - top) * MM);
    cairo_stroke(cr);
    for (int c = 1; c < t->ncols; c++)
        pdf_line(cr, t->x[c] * MM, top * MM, t->x[c] * MM, y * MM, 0.3);
}

void pdf_table_draw(pdf_pager *p, const pdf_table *t)
{
    cairo_t *cr = p->cr;
    page_frame(p, t->title);
    double top = TOP, y = head_row(cr, t, top);
    for (size_t i = 0; i < t->nrows; i++) {
        if (y + ROW_H > BOTTOM) {
            grid(cr, t, top, y);
            cairo_show_page(cr);
            page_frame(p, t->title);
            top = TOP;
            y = head_row(cr, t, top);
        }
        bool bold = false;
        for (int c = 0; c < t->ncols; c++) {
            char v[320];
            t->cell(t->arg, i, c, v, sizeof v, &bold);
            pdf_text(cr, (c < t->left ? t->x[c] + 1.5 : t->x[c + 1] - 1.5) * MM, (y + 1.3) * MM,
                     bold ? "IPAexGothic Bold 9" : "IPAexGothic 9", v, c < t->left ? PDF_LEFT : PDF_RIGHT, 0);
        }
        y += ROW_H;
        pdf_line(cr, t->x[0] * MM, y * MM, t->x[t->ncols] * MM, y * MM, bold ? 0.8 : 0.3);
    }
    grid(cr, t, top, y);
    cairo_show_page(cr);
}

int pdf_table_open(const char *path, const char *title, cairo_surface_t **surf, cairo_t **cr, char *err, size_t errsz)
{
    *surf = cairo_pdf_surface_create(path, 297 * MM, 210 * MM);
    *cr = NULL;
    if (cairo_surface_status(*surf) != CAIRO_STATUS_SUCCESS) {
        str_fmt(err, errsz, "PDF を作成できません: %s", path);
        cairo_surface_destroy(*surf);
        *surf = NULL;
        return -1;
    }
    cairo_pdf_surface_set_metadata(*surf, CAIRO_PDF_METADATA_TITLE, title);
    *cr = cairo_create(*surf);
    cairo_set_source_rgb(*cr, 0, 0, 0);
    return 0;
}

int pdf_table_close(cairo_surface_t *surf, cairo_t *cr, const char *path, char *err, size_t errsz)
{
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    int rc = 0;
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        str_fmt(err, errsz, "PDF を書き込めません: %s", path);
        rc = -1;
    }
    cairo_surface_destroy(surf);
    return rc;
}
