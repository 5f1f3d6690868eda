/* pdf_draw — see pdf_draw.h. */
#include "report/pdf_draw.h"

#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <zint.h>

#include "base/buf.h"
#include "base/date.h"

void pdf_text(cairo_t *cr, double x, double y, const char *font, const char *s, int align, double width)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_alignment(l, align == PDF_RIGHT    ? PANGO_ALIGN_RIGHT
                                      : align == PDF_CENTER ? PANGO_ALIGN_CENTER
                                                            : PANGO_ALIGN_LEFT);
    }
    pango_layout_set_text(l, s ? s : "", -1);
    double dx = 0;
    if (width <= 0 && align != PDF_LEFT) {
        int w = 0, h = 0;
        pango_layout_get_size(l, &w, &h);
        dx = align == PDF_RIGHT ? -(double)w / PANGO_SCALE : -(double)w / PANGO_SCALE / 2;
    }
    cairo_move_to(cr, x + dx, y);
    pango_cairo_show_layout(cr, l);
    pango_font_description_free(fd);
    g_object_unref(l);
}

void pdf_line(cairo_t *cr, double x0, double y0, double x1, double y1, double width)
{
    cairo_set_line_width(cr, width);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
}

void pdf_yen(long long v, char out[40])
{
    char d[32];
    str_thousands(v, d);
    str_fmt(out, 40, "%s円", d);
}

void pdf_wareki(const char *iso, char *out, size_t outsz)
{
    civil_date d;
    if (date_parse(iso, &d))
        date_format_wareki(d, out, outsz);
    else
        str_copy(out, outsz, iso);
}

/* The GS1-128 symbol of the slip's 44 digits as an image one pixel high
 * and one pixel per module, scaled to xdim points per module and height
 * points, never smoothed (PDF /Interpolate false): the same bars as
 * slip_pdf's vector rectangles, but the page carries a few dozen bytes of
 * image instead of a hundred rectangles whose coordinates cairo prints one
 * by one (half of a letter's rendering time). */
int pdf_gs1_128(cairo_t *cr, const char *code44, double x, double y, double xdim, double height, char *err,
                         size_t errsz)
{
    struct zint_symbol *sym = ZBarcode_Create();
    if (!sym) {
        snprintf(err, errsz, "バーコードを作成できません（メモリ不足）。");
        return -1;
    }
    sym->symbology = BARCODE_GS1_128;
    sym->input_mode = GS1_MODE;
    sym->show_hrt = 0;
    char data[64];
    str_fmt(data, sizeof data, "[91]%s", code44 + 2);
    int zr = ZBarcode_Encode(sym, (const unsigned char *)data, (int)strlen(data));
    if (zr < ZINT_ERROR)
        zr = ZBarcode_Buffer_Vector(sym, 0);
    if (zr >= ZINT_ERROR || sym->width <= 0 || !sym->vector || sym->vector->width <= 0) {
        snprintf(err, errsz, "バーコードを作成できません: %s", sym->errtxt);
        ZBarcode_Delete(sym);
        return -1;
    }
    int w = sym->width;
    double per = sym->vector->width / w;   /* vector units per module */
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, 1);
    unsigned char *px = cairo_image_surface_get_data(img);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS || !px) {
        cairo_surface_destroy(img);
        ZBarcode_Delete(sym);
        snprintf(err, errsz, "バーコードを作成できません（メモリ不足）。");
        return -1;
    }
    cairo_surface_flush(img);
    uint32_t *row = (uint32_t *)(void *)px;
    for (int i = 0; i < w; i++)
        row[i] = 0x00ffffffu;
    for (struct zint_vector_rect *r = sym->vector->rectangles; r; r = r->next) {
        int from = (int)(r->x / per + 0.5), n = (int)(r->width / per + 0.5);
        for (int i = from; i < from + n && i < w; i++)
            if (i >= 0)
                row[i] = 0;
    }
    cairo_surface_mark_dirty(img);
    ZBarcode_Delete(sym);
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_scale(cr, xdim, height);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
    cairo_rectangle(cr, 0, 0, w, 1);
    cairo_fill(cr);
    cairo_restore(cr);
    cairo_surface_destroy(img);
    return 0;
}

void pdf_slip_frame(cairo_t *cr, double sy)
{
    cairo_save(cr);
    double dash[] = {3, 2};
    cairo_set_dash(cr, dash, 2, 0);
    pdf_line(cr, 10 * PDF_MM, sy - 4 * PDF_MM, 200 * PDF_MM, sy - 4 * PDF_MM, 0.5);
    cairo_restore(cr);
    pdf_text(cr, 105 * PDF_MM, sy - 9 * PDF_MM, "IPAexGothic 8", "きりとり線", PDF_CENTER, 0);
    cairo_set_line_width(cr, 0.7);
    cairo_rectangle(cr, 12 * PDF_MM, sy, 186 * PDF_MM, 88 * PDF_MM);
    cairo_stroke(cr);
}

void pdf_slip_digits(const char *c, char *out, size_t outsz)
{
    str_fmt(out, outsz, "(%.2s) %.6s %.21s %.1s %.6s %.1s %.6s %.1s", c, c + 2, c + 8, c + 29, c + 30, c + 36, c + 37,
            c + 43);
}

void pdf_sheet_cell(cairo_t *cr, const pdf_sheet *t, int c, double y, const char *font, const char *s)
{
    pdf_text(cr, (t->colx[c] + 1.5) * PDF_MM, y + 1.5 * PDF_MM, font, s, PDF_LEFT,
             (t->colx[c + 1] - t->colx[c] - 3) * PDF_MM);
}

void pdf_sheet_head(cairo_t *cr, const pdf_sheet *t, const char *const *titles)
{
    double y = t->top * PDF_MM;
    cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
    cairo_rectangle(cr, t->colx[0] * PDF_MM, y, (t->colx[t->ncols] - t->colx[0]) * PDF_MM, t->head_h * PDF_MM);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int c = 0; c < t->ncols; c++)
        pdf_sheet_cell(cr, t, c, y, "IPAexGothic Bold 8", titles[c]);
}

void pdf_sheet_grid(cairo_t *cr, const pdf_sheet *t, int rows)
{
    double body = t->top + t->head_h;
    double top = t->top * PDF_MM, bottom = (body + rows * t->row_h) * PDF_MM;
    double left = t->colx[0] * PDF_MM, right = t->colx[t->ncols] * PDF_MM;
    for (int r = 0; r <= rows + 1; r++) {
        double y = r == 0 ? top : (body + (r - 1) * t->row_h) * PDF_MM;
        pdf_line(cr, left, y, right, y, r == 1 ? 0.8 : 0.4);
    }
    for (int c = 0; c <= t->ncols; c++)
        pdf_line(cr, t->colx[c] * PDF_MM, top, t->colx[c] * PDF_MM, bottom, c == 0 || c == t->ncols ? 0.8 : 0.4);
}

void pdf_sheet_page_head(cairo_t *cr, const pdf_sheet *t, const char *title, const char *line, const char *utility,
                         int page, int pages, const char *const *titles)
{
    pdf_text(cr, 12 * PDF_MM, 10 * PDF_MM, "IPAexGothic Bold 16", title, PDF_LEFT, 0);
    pdf_text(cr, 12 * PDF_MM, 19 * PDF_MM, "IPAexGothic 10", line, PDF_LEFT, 0);
    pdf_text(cr, 285 * PDF_MM, 11 * PDF_MM, "IPAexGothic 10", utility, PDF_RIGHT, 0);
    char pg[32];
    str_fmt(pg, sizeof pg, "%d / %d 頁", page, pages);
    pdf_text(cr, 285 * PDF_MM, 19 * PDF_MM, "IPAexGothic 9", pg, PDF_RIGHT, 0);
    pdf_sheet_head(cr, t, titles);
}
