/* receipt_pdf — see receipt_pdf.h. */
#include "report/receipt_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "app/collect/app_payment.h"
#include "base/buf.h"
#include "base/date.h"
#include "report/pdf_draw.h"

#define MM PDF_MM


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
    pdf_text(cr, 88 * MM, 13 * MM, "IPAexGothic Bold 20", r->reversed ? "領収書（取消済み）" : "領収書", PDF_LEFT, 0);
    str_fmt(line, sizeof line, "領収書番号　%s", r->receipt_no);
    pdf_text(cr, R, 25 * MM, F, line, PDF_RIGHT, 0);
    pdf_wareki(r->paid_on, a, sizeof a);
    str_fmt(line, sizeof line, "収納日　%s（%s）", a, r->paid_on);
    pdf_text(cr, R, 30 * MM, F, line, PDF_RIGHT, 0);
    str_fmt(line, sizeof line, "%s 様", r->customer[0] ? r->customer : "");
    pdf_text(cr, L, 29 * MM, "IPAexGothic 14", line, PDF_LEFT, 0);
    hline(cr, L, 110 * MM, 36 * MM);
    str_fmt(line, sizeof line, "水栓番号　%s", r->tap_no);
    pdf_text(cr, L, 38 * MM, F, line, PDF_LEFT, 0);
    pdf_yen(r->amount, a);
    str_fmt(line, sizeof line, "金額　%s", a);
    pdf_text(cr, L, 45 * MM, "IPAexGothic Bold 18", line, PDF_LEFT, 0);
    pdf_text(cr, L, 54 * MM, F, "上記の金額を水道料金・下水道使用料として領収しました。", PDF_LEFT, 0);
    /* what was paid, per bill */
    double y = 62 * MM;
    pdf_text(cr, L, y, F, "内訳", PDF_LEFT, 0);
    pdf_text(cr, 60 * MM, y, F, "調定番号", PDF_LEFT, 0);
    pdf_text(cr, 130 * MM, y, F, "充当額", PDF_RIGHT, 0);
    hline(cr, L, 130 * MM, y + 5 * MM);
    y += 6 * MM;
    for (size_t i = 0; i < r->nlines; i++) {
        cycle_label(r->lines[i].cycle, a, sizeof a);
        pdf_text(cr, L, y, F, a, PDF_LEFT, 0);
        str_fmt(line, sizeof line, "%lld", (long long)r->lines[i].bill_id);
        pdf_text(cr, 60 * MM, y, F, line, PDF_LEFT, 0);
        pdf_yen(r->lines[i].amount, a);
        pdf_text(cr, 130 * MM, y, F, a, PDF_RIGHT, 0);
        y += 5 * MM;
    }
    if (r->credited > 0) {
        pdf_text(cr, L, y, F, "過誤納（お預かり）", PDF_LEFT, 0);
        pdf_yen(r->credited, a);
        pdf_text(cr, 130 * MM, y, F, a, PDF_RIGHT, 0);
        y += 5 * MM;
    }
    hline(cr, L, 130 * MM, y + 0.5 * MM);
    y += 1.5 * MM;
    pdf_text(cr, L, y, F, "受領額", PDF_LEFT, 0);
    pdf_yen(r->amount, a);
    pdf_text(cr, 130 * MM, y, "IPAexGothic Bold 10", a, PDF_RIGHT, 0);
    y += 6 * MM;
    if (r->credit_balance > 0) {
        pdf_yen(r->credit_balance, a);
        str_fmt(line, sizeof line, "現在のお預かり金（過誤納）残高　%s（次回以降の料金に充当します）", a);
        pdf_text(cr, L, y, FS, line, PDF_LEFT, 0);
    }
    /* the utility and the clerk */
    pdf_text(cr, R, 94 * MM, "IPAexGothic 12", r->utility, PDF_RIGHT, 0);
    str_fmt(line, sizeof line, "取扱者　%s　　取扱区分　%s", r->clerk, app_payment_channel_label(r->channel));
    pdf_text(cr, R, 101 * MM, F, line, PDF_RIGHT, 0);
    cairo_rectangle(cr, R - 22 * MM, 107 * MM, 20 * MM, 20 * MM);
    cairo_stroke(cr);
    pdf_text(cr, R - 16 * MM, 115 * MM, FS, "領収印", PDF_LEFT, 0);
    pdf_text(cr, L, 131 * MM, FS, "この領収書は大切に保管してください。お問い合わせの際は領収書番号をお知らせください。", PDF_LEFT, 0);
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
