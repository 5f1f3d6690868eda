/* works_report_pdf — the works statistics as a PDF (see works_report.h): A4
 * landscape, the counts by type, diameter, area and contractor, then the
 * charges by diameter on a page of their own; a table longer than a page
 * goes on with its header repeated; each page with the period, its number,
 * who printed it and when. */
#include "report/works_report.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>

#include "base/date.h"
#include "report/pdf_draw.h"

#define MM PDF_MM
#define ROW_H 6.5   /* mm */
#define TOP 34.0
#define BOTTOM 188.0

/* A cell of row i, column c into out; *bold for a 合計 row. */
typedef void (*cell_fn)(const app_works_stats *s, size_t i, int c, char *out, size_t outsz, bool *bold);

typedef struct table {
    const char *title;
    int ncols, left;                 /* columns; how many of the first are text (left-aligned) */
    const double *x;                 /* ncols + 1 edges, mm */
    const char *const *heads;
    size_t nrows;
    cell_fn cell;
} table;

typedef struct pager {
    cairo_t *cr;
    const app_works_stats *s;
    const char *by;
    int64_t at;
    int page;
} pager;

static void page_frame(pager *p, const char *title)
{
    cairo_t *cr = p->cr;
    char s[256], when[20];
    p->page++;
    pdf_text(cr, 15 * MM, 12 * MM, "IPAexGothic Bold 16", title, PDF_LEFT, 0);
    str_fmt(s, sizeof s, "期間 %s（%s〜%s）　基準日 %s", p->s->period.label, p->s->period.from_iso, p->s->period.to_iso,
            p->s->today);
    pdf_text(cr, 15 * MM, 22 * MM, "IPAexGothic 10", s, PDF_LEFT, 0);
    date_format_ts_jst(p->at, when);
    str_fmt(s, sizeof s, "%dページ　印刷日時 %s　印刷者 %s", p->page, when, p->by);
    pdf_text(cr, 282 * MM, 198 * MM, "IPAexGothic 8", s, PDF_RIGHT, 0);
}

static double head_row(cairo_t *cr, const table *t, double y)
{
    for (int c = 0; c < t->ncols; c++)
        pdf_text(cr, (c < t->left ? t->x[c] + 1.5 : t->x[c + 1] - 1.5) * MM, (y + 1.5) * MM, "IPAexGothic Bold 8",
                 t->heads[c], c < t->left ? PDF_LEFT : PDF_RIGHT, 0);
    y += ROW_H;
    pdf_line(cr, t->x[0] * MM, y * MM, t->x[t->ncols] * MM, y * MM, 0.8);
    return y;
}

static void grid(cairo_t *cr, const table *t, double top, double y)
{
    cairo_set_line_width(cr, 0.8);
    cairo_rectangle(cr, t->x[0] * MM, top * MM, (t->x[t->ncols] - t->x[0]) * MM, (y - top) * MM);
    cairo_stroke(cr);
    for (int c = 1; c < t->ncols; c++)
        pdf_line(cr, t->x[c] * MM, top * MM, t->x[c] * MM, y * MM, 0.3);
}

static void draw_table(pager *p, const table *t)
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
            t->cell(p->s, i, c, v, sizeof v, &bold);
            pdf_text(cr, (c < t->left ? t->x[c] + 1.5 : t->x[c + 1] - 1.5) * MM, (y + 1.3) * MM,
                     bold ? "IPAexGothic Bold 9" : "IPAexGothic 9", v, c < t->left ? PDF_LEFT : PDF_RIGHT, 0);
        }
        y += ROW_H;
        pdf_line(cr, t->x[0] * MM, y * MM, t->x[t->ncols] * MM, y * MM, bold ? 0.8 : 0.3);
    }
    grid(cr, t, top, y);
    cairo_show_page(cr);
}

static void stats_cell(const app_works_stats *s, size_t i, int c, char *out, size_t outsz, bool *bold)
{
    char label[320];
    int d;
    const works_stat_row *r = works_stats_row(s, i, &d, label, sizeof label);
    *bold = r == &s->total;
    const long long v[4] = {r->received, r->approved, r->completed, r->cancelled};
    if (c == 0)
        str_copy(out, outsz, app_works_dim_title(d));
    else if (c == 1)
        str_copy(out, outsz, label);
    else {
        char t[32];
        str_thousands(v[c - 2], t);
        str_copy(out, outsz, t);
    }
}

static void fees_cell(const app_works_stats *s, size_t i, int c, char *out, size_t outsz, bool *bold)
{
    long long v[WORKS_FEES_NCOLS];
    works_fees_values(s, i, v);
    *bold = i == s->nfees;
    char t[40];
    if (c == 0 && i < s->nfees)
        str_fmt(out, outsz, "%lldmm", v[0]);
    else if (c == 0)
        str_copy(out, outsz, "合計");
    else if (c == 1) {
        str_thousands(v[1], t);
        str_copy(out, outsz, t);
    } else {
        pdf_yen(v[c], t);
        str_copy(out, outsz, t);
    }
}

int works_stats_pdf_write(const app_works_stats *s, const char *printed_by, int64_t printed_at, const char *path,
                          char *err, size_t errsz)
{
    cairo_surface_t *surf = cairo_pdf_surface_create(path, 297 * MM, 210 * MM);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errsz, "PDF を作成できません: %s", path);
        cairo_surface_destroy(surf);
        return -1;
    }
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, "給水装置工事統計表");
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 0, 0, 0);
    pager p = {cr, s, printed_by, printed_at, 0};
    static const double XS[] = {15, 60, 182, 207, 232, 257, 282};
    static const char *const HS[] = {"集計区分", "項目", "受付", "承認", "完了", "取消"};
    table st = {"給水装置工事統計表（件数）", 6, 2, XS, HS, works_stats_nrows(s), stats_cell};
    draw_table(&p, &st);
    static const double XF[] = {15, 32, 46, 76, 106, 136, 164, 192, 220, 251, 282};
    static const char *const HF[] = {"口径", "件数", "加入金調定", "加入金収納", "加入金未納",
                                     "手数料調定", "手数料収納", "手数料未納", "合計調定", "合計収納"};
    table ft = {"加入金・手数料 調定・収納状況（口径別、期間内の申込）", 10, 1, XF, HF, s->nfees + 1, fees_cell};
    draw_table(&p, &ft);
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
