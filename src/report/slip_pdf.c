/* slip_pdf — see slip_pdf.h. */
#include "report/slip_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "report/pdf_draw.h"
#include "app/billing/app_bill.h"

#define MM PDF_MM

static int page(cairo_t *cr, const app_slip *s, char *err, size_t errsz)
{
    char a[128], b[128], line[512];
    const char *F = "IPAexGothic 10", *FB = "IPAexGothic Bold 14", *FS = "IPAexGothic 8";
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.7);
    cairo_rectangle(cr, 12 * MM, 12 * MM, 186 * MM, 150 * MM);
    cairo_stroke(cr);
    pdf_text(cr, 18 * MM, 16 * MM, FB, s->reissue ? "水道料金・下水道使用料 納付書（再発行）" : "水道料金・下水道使用料 納付書", PDF_LEFT, 0);
    pdf_text(cr, 130 * MM, 18 * MM, F, s->utility, PDF_LEFT, 0);
    str_fmt(line, sizeof line, "%s 様", s->customer);
    pdf_text(cr, 18 * MM, 28 * MM, "IPAexGothic 13", line, PDF_LEFT, 0);
    str_fmt(line, sizeof line, "給水場所　%s", s->address);
    pdf_text(cr, 18 * MM, 36 * MM, F, line, PDF_LEFT, 0);
    str_fmt(line, sizeof line, "水栓番号　%s　　検針周期　%s", s->tap_no, s->cycle);
    pdf_text(cr, 18 * MM, 42 * MM, F, line, PDF_LEFT, 0);
    pdf_wareki(s->period_from, a, sizeof a);
    pdf_wareki(s->period_to, b, sizeof b);
    str_fmt(line, sizeof line, "使用期間　%s〜%s", a, b);
    pdf_text(cr, 18 * MM, 48 * MM, F, line, PDF_LEFT, 0);
    str_fmt(line, sizeof line, "使用水量　%lld m³%s", (long long)s->usage, s->estimated ? "（認定）" : "");
    pdf_text(cr, 18 * MM, 54 * MM, F, line, PDF_LEFT, 0);
    const struct { const char *label; long long v; } ROWS[] = {
        {"水道料金", s->water_yen}, {"下水道使用料", s->sewer_yen}, {"減免等", s->adjust_yen},
        {"（うち消費税等）", s->tax_yen}, {"調定額", s->total_yen}, {"収納済額", s->paid_yen},
    };
    double y = 62 * MM;
    for (size_t i = 0; i < sizeof ROWS / sizeof ROWS[0]; i++) {
        if ((i == 2 && !ROWS[i].v) || (i == 5 && !ROWS[i].v))
            continue;
        pdf_yen(ROWS[i].v, a);
        pdf_text(cr, 18 * MM, y, F, ROWS[i].label, PDF_LEFT, 0);
        pdf_text(cr, 70 * MM, y, F, a, PDF_LEFT, 0);
        y += 6 * MM;
    }
    pdf_yen(s->amount, a);
    str_fmt(line, sizeof line, "納付金額　%s", a);
    pdf_text(cr, 18 * MM, y + 2 * MM, FB, line, PDF_LEFT, 0);
    pdf_wareki(s->due_on, b, sizeof b);
    str_fmt(line, sizeof line, "納期限　%s（%s）", b, s->due_on);
    pdf_text(cr, 100 * MM, y + 3 * MM, "IPAexGothic 11", line, PDF_LEFT, 0);
    /* the barcode: X dimension 0.33 mm, 12 mm high, with its digits under it */
    if (pdf_gs1_128(cr, s->code, 22 * MM, 118 * MM, 0.33 * MM, 12 * MM, err, errsz))
        return -1;
    pdf_slip_digits(s->code, line, sizeof line);
    pdf_text(cr, 22 * MM, 132 * MM, "IPAexGothic 9", line, PDF_LEFT, 0);
    pdf_text(cr, 18 * MM, 142 * MM, FS, "この納付書は、金融機関・コンビニエンスストア・スマートフォン決済アプリで納付できます。", PDF_LEFT, 0);
    pdf_text(cr, 18 * MM, 147 * MM, FS, "納期限を過ぎるとスマートフォン決済アプリでは納付できません。領収書はスマートフォン決済では発行されません。", PDF_LEFT, 0);
    cairo_show_page(cr);
    return 0;
}

int slip_pdf_write(const app_slip *slips, size_t n, const char *path, char *err, size_t errsz)
{
    cairo_surface_t *surf = cairo_pdf_surface_create(path, 210 * MM, 297 * MM);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errsz, "PDF を作成できません: %s", path);
        cairo_surface_destroy(surf);
        return -1;
    }
    cairo_t *cr = cairo_create(surf);
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++)
        rc = page(cr, &slips[i], err, errsz);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    if (!rc && cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errsz, "PDF を書き込めません: %s", path);
        rc = -1;
    }
    cairo_surface_destroy(surf);
    return rc;
}
