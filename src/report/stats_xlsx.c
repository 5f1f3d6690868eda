/* stats_xlsx — a statistics report as Excel and as PDF (see
 * stats_report.h): the headline figures, then a sheet (a table) per
 * section. */
#include "report/stats_report.h"

#include <stdlib.h>

#include "report/pdf_table.h"
#include "report/xlsx_list.h"
#include "report/xlsx_text.h"

static const char *const HEAD_COLS[] = {"項目", "値", "単位"};

/* The columns of a section: the label's, then each value's with its unit. */
typedef struct heads {
    char text[STAT_MAX_COLS + 1][160];
    const char *p[STAT_MAX_COLS + 1];
} heads;

static void heads_of(const stat_section *s, heads *h)
{
    str_copy(h->text[0], sizeof h->text[0], s->head);
    for (int c = 0; c < s->ncols; c++)
        str_fmt(h->text[c + 1], sizeof h->text[c + 1], "%s（%s）", s->cols[c].title, stat_unit_suffix(s->cols[c].unit));
    for (int c = 0; c <= s->ncols; c++)
        h->p[c] = h->text[c];
}

static const stat_row *row_at(const stat_section *s, size_t i)
{
    return i < s->n ? &s->rows[i] : &s->total;
}

static size_t nrows(const stat_section *s)
{
    return s->n + (s->no_total ? 0 : 1);
}

/* ---- Excel ----------------------------------------------------------------- */

static void xlsx_value(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, int unit, int64_t v, const xlsx_list_formats *f)
{
    if (unit == STAT_RATE) {
        char t[32];
        stat_value_text(unit, v, t, sizeof t);
        xlsx_text_write(ws, row, col, t, f->label);
    } else {
        worksheet_write_number(ws, row, col, (double)v, unit == STAT_YEN ? f->yen : f->num);
    }
}

static void head_row(lxw_worksheet *ws, lxw_row_t row, size_t i, const void *arg, const xlsx_list_formats *f)
{
    const stat_headline *h = &((const stat_report *)arg)->head[i];
    xlsx_text_write(ws, row, 0, h->title, f->label);
    xlsx_value(ws, row, 1, h->unit, h->value, f);
    xlsx_text_write(ws, row, 2, stat_unit_suffix(h->unit), f->label);
}

static void section_row(lxw_worksheet *ws, lxw_row_t row, size_t i, const void *arg, const xlsx_list_formats *f)
{
    const stat_section *s = arg;
    const stat_row *r = row_at(s, i);
    xlsx_text_write(ws, row, 0, r->label, f->label);
    for (int c = 0; c < s->ncols; c++)
        xlsx_value(ws, row, (lxw_col_t)(c + 1), s->cols[c].unit, r->v[c], f);
}

int stats_xlsx_write(const stat_report *r, const char *printed_by, int64_t printed_at, const char *path, char *err,
                     size_t errsz)
{
    static const double HEAD_W[] = {28, 18, 8};
    static const double WIDTHS[STAT_MAX_COLS + 1] = {24, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16};
    char period[128], titles[STAT_MAX_SECTIONS + 1][200];
    stats_period_text(r, period, sizeof period);
    xlsx_list *l = calloc(r->nsec + 1, sizeof *l);
    heads *h = calloc(r->nsec + 1, sizeof *h);
    if (!l || !h) {
        free(l);
        free(h);
        str_copy(err, errsz, "Excel ファイルを作成できません（メモリ不足）");
        return -1;
    }
    str_fmt(titles[0], sizeof titles[0], "%s　%s", r->title, period);
    l[0] = (xlsx_list){"概要", titles[0], HEAD_COLS, 3, HEAD_W, 1, r->today, period, (int64_t)r->nhead,
                       printed_by, printed_at, r->nhead, head_row, r};
    for (size_t i = 0; i < r->nsec; i++) {
        const stat_section *s = &r->sec[i];
        heads_of(s, &h[i + 1]);
        str_fmt(titles[i + 1], sizeof titles[i + 1], "%s　%s　%s", r->title, s->title, period);
        l[i + 1] = (xlsx_list){s->title, titles[i + 1], h[i + 1].p, s->ncols + 1, WIDTHS, 1, r->today, period,
                               (int64_t)s->n, printed_by, printed_at, nrows(s), section_row, s};
    }
    int rc = xlsx_list_write_sheets(l, r->nsec + 1, path, err, errsz);
    free(l);
    free(h);
    return rc;
}

/* ---- PDF ------------------------------------------------------------------- */

static void value_text(int unit, int64_t v, char *out, size_t outsz)
{
    char t[32];
    stat_value_text(unit, v, t, sizeof t);
    str_fmt(out, outsz, "%s%s", t, unit == STAT_RATE ? "%" : "");
}

static void head_cell(const void *arg, size_t i, int c, char *out, size_t outsz, bool *bold)
{
    const stat_headline *h = &((const stat_report *)arg)->head[i];
    *bold = false;
    if (c == 0)
        str_copy(out, outsz, h->title);
    else if (c == 1)
        value_text(h->unit, h->value, out, outsz);
    else
        str_copy(out, outsz, stat_unit_suffix(h->unit));
}

static void section_cell(const void *arg, size_t i, int c, char *out, size_t outsz, bool *bold)
{
    const stat_section *s = arg;
    const stat_row *r = row_at(s, i);
    *bold = i == s->n;
    if (c == 0)
        str_copy(out, outsz, r->label);
    else
        value_text(s->cols[c - 1].unit, r->v[c - 1], out, outsz);
}

int stats_pdf_write(const stat_report *r, const char *printed_by, int64_t printed_at, const char *path, char *err,
                    size_t errsz)
{
    cairo_surface_t *surf;
    cairo_t *cr;
    if (pdf_table_open(path, r->title, &surf, &cr, err, errsz))
        return -1;
    char cond[256], period[128], title[256];
    stats_period_text(r, period, sizeof period);
    str_fmt(cond, sizeof cond, "期間 %s　基準日 %s", period, r->today);
    pdf_pager p = {cr, cond, printed_by, printed_at, 0};
    static const double XH[] = {15, 95, 150, 170};
    pdf_table ht = {r->title, 3, 1, XH, HEAD_COLS, r->nhead, head_cell, r};
    pdf_table_draw(&p, &ht);
    for (size_t i = 0; i < r->nsec; i++) {
        const stat_section *s = &r->sec[i];
        heads h;
        heads_of(s, &h);
        double x[STAT_MAX_COLS + 2];
        double label_w = 55, w = (282.0 - 15 - label_w) / (s->ncols ? s->ncols : 1);
        x[0] = 15;
        x[1] = 15 + label_w;
        for (int c = 1; c <= s->ncols; c++)
            x[c + 1] = x[c] + w;
        str_fmt(title, sizeof title, "%s　%s", r->title, s->title);
        pdf_table t = {title, s->ncols + 1, 1, x, h.p, nrows(s), section_cell, s};
        pdf_table_draw(&p, &t);
    }
    return pdf_table_close(surf, cr, path, err, errsz);
}
