/* pdf_draw — see pdf_draw.h. */
#include "report/pdf_draw.h"

#include <pango/pangocairo.h>

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
