/* receipt_pdf — see receipt_pdf.h. */
#include "report/receipt_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "app/app_payment.h"
#include "base/buf.h"
#include "base/date.h"

#define MM (72.0 / 25.4)   /* points per millimetre */

/* Text at (x, y); align 0 left, 1 right (x is then the right edge). */
static void text(cairo_t *cr, double x, double y, const char *font, const char *s, int align)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_layout_set_text(l, s, -1);
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    cairo_move_to(cr, align ? x - (double)w / PANGO_SCALE : x, y);
    pango_cairo_show_layout(cr, l);
    pango_font_description_free(fd);
    g_object_unref(l);
}

static void yen(char out[32], long long v)
{
    char d[24];
    str_fmt(d, sizeof d, "%lld", v < 0 ? -v : v);
    size_t n = strlen(d), k = 0;
    if (v < 0)
        out[k++] = '-';
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            out[k++] = ',';
        out[k++] = d[i];
    }
    memcpy(out + k, "円", sizeof "円");
}

static void wareki(const char *iso, char *out, size_t outsz)
{
    civil_date d;
    if (date_parse(iso, &d))
        date_format_wareki(d, out, outsz);
    else
        str_copy(out, outsz, iso);
}

/* "2026-11" -> "2026年11月検針分" */
static void cycle_label(const char *cycle, char *out, size_t outsz)
{
    if (strlen(cycle) == 7)
        str_fmt(out, outsz, "%.4s年%.2s月検針分", cycle, cycle + 5);
    else
        str_copy(out, outsz, cycle[0] ? cycle : "—");
}

static void hline(cairo_t *cr, double x0, double x1, double y)
{
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_stroke(cr);
}

static void page(cairo_t *cr, const app_receipt *r)
{
    char a[128], line[512];
    const char *F = "IPAexGothic 10", *FS = "IPAexGothic 8";
    double L = 14 * MM, R = 196 * MM;
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.7);
    cairo_rectangle(cr, 10 * MM, 10 * MM, 190 * MM, 128 * MM);
    cairo_stroke(cr);
    text(cr, 88 * MM, 13 * MM, "IPAexGothic Bold 20", r->reversed ? "領収書（取消済み）" : "領収書", 0);
    str_fmt(line, sizeof line, "領収書番号　%s", r->receipt_no);
    text(cr, R, 25 * MM, F, line, 1);
    wareki(r->paid_on, a, sizeof a);
    str_fmt(line, sizeof line, "収納日　%s（%s）", a, r->paid_on);
    text(cr, R, 30 * MM, F, line, 1);
    str_fmt(line, sizeof line, "%s 様", r->customer[0] ? r->customer : "");
    text(cr, L, 29 * MM, "IPAexGothic 14", line, 0);
    hline(cr, L, 110 * MM, 36 * MM);
    str_fmt(line, sizeof line, "水栓番号　%s", r->tap_no);
    text(cr, L, 38 * MM, F, line, 0);
    yen(a, r->amount);
    str_fmt(line, sizeof line, "金額　%s", a);
    text(cr, L, 45 * MM, "IPAexGothic Bold 18", line, 0);
    text(cr, L, 54 * MM, F, "上記の金額を水道料金・下水道使用料として領収しました。", 0);
    /* what was paid, per bill */
    double y = 62 * MM;
    text(cr, L, y, F, "内訳", 0);
    text(cr, 60 * MM, y, F, "調定番号", 0);
    text(cr, 130 * MM, y, F, "充当額", 1);
    hline(cr, L, 130 * MM, y + 5 * MM);
    y += 6 * MM;
    for (size_t i = 0; i < r->nlines; i++) {
        cycle_label(r->lines[i].cycle, a, sizeof a);
        text(cr, L, y, F, a, 0);
        str_fmt(line, sizeof line, "%lld", (long long)r->lines[i].bill_id);
        text(cr, 60 * MM, y, F, line, 0);
        yen(a, r->lines[i].amount);
        text(cr, 130 * MM, y, F, a, 1);
        y += 5 * MM;
    }
    if (r->credited > 0) {
        text(cr, L, y, F, "過誤納（お預かり）", 0);
        yen(a, r->credited);
        text(cr, 130 * MM, y, F, a, 1);
        y += 5 * MM;
    }
    hline(cr, L, 130 * MM, y + 0.5 * MM);
    y += 1.5 * MM;
    text(cr, L, y, F, "受領額", 0);
    yen(a, r->amount);
    text(cr, 130 * MM, y, "IPAexGothic Bold 10", a, 1);
    y += 6 * MM;
    if (r->credit_balance > 0) {
        yen(a, r->credit_balance);
        str_fmt(line, sizeof line, "現在のお預かり金（過誤納）残高　%s（次回以降の料金に充当します）", a);
        text(cr, L, y, FS, line, 0);
    }
    /* the utility and the clerk */
    text(cr, R, 94 * MM, "IPAexGothic 12", r->utility, 1);
    str_fmt(line, sizeof line, "取扱者　%s　　取扱区分　%s", r->clerk, app_payment_channel_label(r->channel));
    text(cr, R, 101 * MM, F, line, 1);
    cairo_rectangle(cr, R - 22 * MM, 107 * MM, 20 * MM, 20 * MM);
    cairo_stroke(cr);
    text(cr, R - 16 * MM, 115 * MM, FS, "領収印", 0);
    text(cr, L, 131 * MM, FS, "この領収書は大切に保管してください。お問い合わせの際は領収書番号をお知らせください。", 0);
    cairo_show_page(cr);
}

int receipt_pdf_write(const app_receipt *r, const char *path, char *err, size_t errsz)
{
    cairo_surface_t *surf = cairo_pdf_surface_create(path, 210 * MM, 148 * MM);   /* A5 landscape */
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errsz, "PDF を作成できません: %s", path);
        cairo_surface_destroy(surf);
        return -1;
    }
    cairo_t *cr = cairo_create(surf);
    page(cr, r);
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
