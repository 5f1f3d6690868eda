/* pdf_baseline — the floor for bench/slip_render.sh: N A4 pages, each with
 * one line of Japanese text set by pango in the same font, written by
 * cairo's PDF surface; prints the seconds.
 *   pdf_baseline N OUT.pdf */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "base/buf.h"

int main(int argc, char **argv)
{
    long long n = 0;
    if (argc != 3 || !str_to_i64(argv[1], &n) || n < 1) {
        fputs("usage: pdf_baseline N OUT.pdf\n", stderr);
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cairo_surface_t *surf = cairo_pdf_surface_create(argv[2], 595.0, 842.0);
    cairo_t *cr = cairo_create(surf);
    PangoFontDescription *fd = pango_font_description_from_string("IPAexGothic 10");
    for (long long i = 0; i < n; i++) {
        PangoLayout *l = pango_cairo_create_layout(cr);
        pango_layout_set_font_description(l, fd);
        char line[64];
        str_fmt(line, sizeof line, "水道料金・下水道使用料 納付書 %lld", i + 1);
        pango_layout_set_text(l, line, -1);
        cairo_move_to(cr, 50, 50);
        pango_cairo_show_layout(cr, l);
        g_object_unref(l);
        cairo_show_page(cr);
    }
    pango_font_description_free(fd);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    cairo_surface_destroy(surf);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%.3f\n", (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 0;
}
