/* stats_table_pdf — see stats_table_pdf.h. */
#include "report/stats_table_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/date.h"
#include "report/pdf_draw.h"

#define MM PDF_MM
#define ROW_H 6.5     /* mm */
#define LEFT 15.0
#define RIGHT 282.0
#define LABEL_W 70.0
#define TOP 34.0
#define BOTTOM 188.0

typedef struct sheet {
    cairo_t *cr;
    const stats_table *t;
    const char *by;
    int64_t at;
    int page;
    double colw;
} sheet;

static double col_x(const sheet *s, int c)   /* the right edge of value column c */
{
    return LEFT + LABEL_W + s->colw * (c + 1);
}

static double start_page(sheet *s)
{
    cairo_t *cr = s->cr;
    char line[256], when[20];
    s->page++;
    pdf_text(cr, LEFT * MM, 12 * MM, "IPAexGothic Bold 16", s->t->title, PDF_LEFT, 0);
    str_fmt(line, sizeof line, "期間 %s", s->t->period);
    pdf_text(cr, LEFT * MM, 22 * MM, "IPAexGothic 10", line, PDF_LEFT, 0);
    date_format_ts_jst(s->at, when);
    str_fmt(line, sizeof line, "%dページ　印刷日時 %s　印刷者 %s", s->page, when, s->by);
    pdf_text(cr, RIGHT * MM, 198 * MM, "IPAexGothic 8", line, PDF_RIGHT, 0);
    pdf_text(cr, (LEFT + 1.5) * MM, (TOP + 1.5) * MM, "IPAexGothic Bold 8", s->t->head, PDF_LEFT, 0);
    for (int c = 0; c < s->t->ncols; c++)
        pdf_text(cr, (col_x(s, c) - 1.5) * MM, (TOP + 1.5) * MM, "IPAexGothic Bold 8", s->t->cols[c], PDF_RIGHT, 0);
    pdf_line(cr, LEFT * MM, (TOP + ROW_H) * MM, RIGHT * MM, (TOP + ROW_H) * MM, 0.8);
    return TOP + ROW_H;
}

static void end_page(sheet *s, double y)
{
    cairo_t *cr = s->cr;
    cairo_set_line_width(cr, 0.8);
    cairo_rectangle(cr, LEFT * MM, TOP * MM, (RIGHT - LEFT) * MM, (y - TOP) * MM);
    cairo_stroke(cr);
    pdf_line(cr, (LEFT + LABEL_W) * MM, TOP * MM, (LEFT + LABEL_W) * MM, y * MM, 0.3);
    for (int c = 0; c + 1 < s->t->ncols; c++)
        pdf_line(cr, col_x(s, c) * MM, TOP * MM, col_x(s, c) * MM, y * MM, 0.3);
    cairo_show_page(cr);
}

static double one_row(sheet *s, double y, const char *label, const int64_t *v, bool bold)
{
    const char *font = bold ? "IPAexGothic Bold 9" : "IPAexGothic 9";
    pdf_text(s->cr, (LEFT + 1.5) * MM, (y + 1.3) * MM, font, label, PDF_LEFT, 0);
    for (int c = 0; c < s->t->ncols; c++) {
        char n[32];
        str_thousands(v[c], n);
        pdf_text(s->cr, (col_x(s, c) - 1.5) * MM, (y + 1.3) * MM, font, n, PDF_RIGHT, 0);
    }
    y += ROW_H;
    pdf_line(s->cr, LEFT * MM, y * MM, RIGHT * MM, y * MM, bold ? 0.8 : 0.3);
    return y;
}

int stats_table_pdf_write(const stats_table *t, const char *printed_by, int64_t printed_at, const char *path,
                          char *err, size_t errsz)
{
    cairo_surface_t *surf = cairo_pdf_surface_create(path, 297 * MM, 210 * MM);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errsz, "PDF を作成できません: %s", path);
        cairo_surface_destroy(surf);
        return -1;
    }
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, t->title);
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 0, 0, 0);
    sheet s = {cr, t, printed_by, printed_at, 0, (RIGHT - LEFT - LABEL_W) / (t->ncols > 0 ? t->ncols : 1)};
    double y = start_page(&s);
    size_t n = t->nrows + (t->has_total ? 1 : 0);
    for (size_t i = 0; i < n; i++) {
        if (y + ROW_H > BOTTOM) {
            end_page(&s, y);
            y = start_page(&s);
        }
        if (i < t->nrows)
            y = one_row(&s, y, t->rows[i].label, t->rows[i].v, false);
        else
            y = one_row(&s, y, "合計", t->total, true);
    }
    end_page(&s, y);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    int rc = 0;
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errsz, "PDF を書き込めません: %s", path);
        rc = -1;
    }
    cairo_surface_destroy(surf);
    return rc;
}
