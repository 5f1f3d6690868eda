/* works_pdf_doc — see works_pdf_doc.h. */
#include "report/works_pdf_doc.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdio.h>

#include "base/buf.h"
#include "report/pdf_draw.h"

#define MM PDF_MM

int works_pdf_open(works_pdf *p, const char *path, char *err, size_t errsz)
{
    p->cr = NULL;
    p->surf = cairo_pdf_surface_create(path, 210 * MM, 297 * MM);
    if (cairo_surface_status(p->surf) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errsz, "PDF を作成できません: %s", path);
        cairo_surface_destroy(p->surf);
        p->surf = NULL;
        return -1;
    }
    p->cr = cairo_create(p->surf);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    return 0;
}

int works_pdf_close(works_pdf *p, const char *path, char *err, size_t errsz)
{
    cairo_show_page(p->cr);
    cairo_destroy(p->cr);
    cairo_surface_finish(p->surf);
    int rc = 0;
    if (cairo_surface_status(p->surf) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errsz, "PDF を書き込めません: %s", path);
        rc = -1;
    }
    cairo_surface_destroy(p->surf);
    p->cr = NULL;
    p->surf = NULL;
    return rc;
}

void works_pdf_date(const char *iso, char *out, size_t outsz)
{
    if (!iso || !iso[0]) {
        str_copy(out, outsz, "—");
        return;
    }
    char w[32];
    pdf_wareki(iso, w, sizeof w);
    str_fmt(out, outsz, "%s（%s）", w, iso);
}

void works_pdf_diameter(const app_works_application *a, char *out, size_t outsz)
{
    if (a->type == WORKS_REMODEL && a->old_diameter > 0)
        str_fmt(out, outsz, "%lld mm → %lld mm", (long long)a->old_diameter, (long long)a->diameter);
    else if (a->type == WORKS_COMPLEX)
        str_fmt(out, outsz, "%lld mm × %lld 戸", (long long)a->diameter, (long long)a->dwellings);
    else
        str_fmt(out, outsz, "%lld mm", (long long)a->diameter);
}

double works_pdf_begin(works_pdf *p, const char *path, const app_works_doc *d, int to, const char *title, char *err,
                       size_t errsz)
{
    if (works_pdf_open(p, path, err, errsz))
        return -1;
    cairo_t *cr = p->cr;
    char line[400], date[64];
    if (to == WORKS_PDF_TO_APPLICANT) {
        str_fmt(line, sizeof line, "%s 様", d->a.applicant_name);
        pdf_text(cr, 24 * MM, 22 * MM, "IPAexGothic 13", line, PDF_LEFT, 90 * MM);
        str_fmt(line, sizeof line, "（指定給水装置工事事業者 %s）", d->a.contractor_name);
        pdf_text(cr, 24 * MM, 31 * MM, "IPAexGothic 11", line, PDF_LEFT, 90 * MM);
    } else if (to == WORKS_PDF_TO_CONTRACTOR) {
        str_fmt(line, sizeof line, "%s 御中", d->a.contractor_name);
        pdf_text(cr, 24 * MM, 22 * MM, "IPAexGothic 13", line, PDF_LEFT, 90 * MM);
        str_fmt(line, sizeof line, "（申込者 %s 様）", d->a.applicant_name);
        pdf_text(cr, 24 * MM, 31 * MM, "IPAexGothic 11", line, PDF_LEFT, 90 * MM);
    }
    works_pdf_date(d->issued_on, date, sizeof date);
    str_fmt(line, sizeof line, "発行日 %s", date);
    pdf_text(cr, 196 * MM, 18 * MM, WORKS_PDF_BODY, line, PDF_RIGHT, 0);
    pdf_text(cr, 196 * MM, 25 * MM, WORKS_PDF_BOLD, d->utility, PDF_RIGHT, 0);
    str_fmt(line, sizeof line, "申込番号 %s", d->a.number);
    pdf_text(cr, 196 * MM, 32 * MM, WORKS_PDF_BODY, line, PDF_RIGHT, 0);
    if (d->contact[0])
        pdf_text(cr, 196 * MM, 38 * MM, WORKS_PDF_SMALL, d->contact, PDF_RIGHT, 0);
    pdf_text(cr, 105 * MM, 50 * MM, WORKS_PDF_TITLE, title, PDF_CENTER, 0);
    return 64 * MM;
}

double works_pdf_para(cairo_t *cr, double x, double y, const char *font, const char *s, double width)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_text(l, s && s[0] ? s : "—", -1);
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
    pango_font_description_free(fd);
    g_object_unref(l);
    return y + (double)h / PANGO_SCALE;
}

double works_pdf_row(cairo_t *cr, double y, const char *label, const char *value)
{
    pdf_text(cr, 24 * MM, y, WORKS_PDF_BODY, label, PDF_LEFT, 0);
    double used = works_pdf_para(cr, 68 * MM, y, WORKS_PDF_BODY, value, 120 * MM) - y;
    return y + (used > 5 * MM ? used + 1.5 * MM : 6.5 * MM);
}
