/* daily_pdf — see daily_pdf.h. */
#include "report/daily_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "report/pdf_draw.h"

#define MM PDF_MM

/* Columns: label, then the figures. */
#define NCOLS 9
static const char *const HEAD[NCOLS] = {"区分", "件数", "うち取消", "収納額", "水道料金", "下水道使用料", "消費税等",
                                        "過誤納", "未消込"};
static const double COLX[NCOLS + 1] = {15, 55, 73, 97, 128, 158, 190, 220, 251, 282};   /* mm, edges */

static void row(cairo_t *cr, double y, const char *label, const daily_line *l, bool bold, bool counts)
{
    const char *F = bold ? "IPAexGothic Bold 10" : "IPAexGothic 10";
    pdf_text(cr, (COLX[0] + 2) * MM, y + 1.6 * MM, F, label, PDF_LEFT, 0);
    long long v[NCOLS] = {0, l->count, l->reversals, l->amount, l->water, l->sewer, l->tax, l->credit, l->suspense};
    for (int c = 1; c < NCOLS; c++) {
        char s[32];
        if (c <= 2 && !counts)
            str_copy(s, sizeof s, "");
        else
            str_thousands(v[c], s);
        pdf_text(cr, (COLX[c + 1] - 2) * MM, y + 1.6 * MM, F, s, PDF_RIGHT, 0);
    }
}

static void page(cairo_t *cr, const app_daily *d)
{
    const daily_table *t = &d->t;
    char a[128], s[512];
    cairo_set_source_rgb(cr, 0, 0, 0);
    pdf_text(cr, 15 * MM, 12 * MM, "IPAexGothic Bold 18", "収納日計表", PDF_LEFT, 0);
    pdf_text(cr, 282 * MM, 14 * MM, "IPAexGothic 11", d->utility, PDF_RIGHT, 0);
    pdf_wareki(d->date, a, sizeof a);
    str_fmt(s, sizeof s, "計上日　%s（%s）", a, d->date);
    pdf_text(cr, 15 * MM, 24 * MM, "IPAexGothic 12", s, PDF_LEFT, 0);
    pdf_text(cr, 282 * MM, 25 * MM, "IPAexGothic 9", "単位：円", PDF_RIGHT, 0);
    /* the table */
    const double rh = 8.0;   /* row height, mm */
    double y = 31 * MM;
    cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
    cairo_rectangle(cr, COLX[0] * MM, y, (COLX[NCOLS] - COLX[0]) * MM, rh * MM);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int c = 0; c < NCOLS; c++)
        pdf_text(cr, (c == 0 ? COLX[0] + 2 : COLX[c + 1] - 2) * MM, y + 1.8 * MM, "IPAexGothic Bold 9.5", HEAD[c], (c != 0) ? PDF_RIGHT : PDF_LEFT, 0);
    double top = y;
    y += rh * MM;
    pdf_line(cr, COLX[0] * MM, y, COLX[NCOLS] * MM, y, 0.8);
    for (size_t i = 0; i < t->n; i++) {
        char label[64];
        str_copy(label, sizeof label, app_daily_row_label(t->rows[i].channel));
        row(cr, y, label, &t->rows[i], false, true);
        y += rh * MM;
        pdf_line(cr, COLX[0] * MM, y, COLX[NCOLS] * MM, y, 0.3);
    }
    pdf_line(cr, COLX[0] * MM, y, COLX[NCOLS] * MM, y, 0.8);
    row(cr, y, "収納計", &t->receipts, true, true);
    y += rh * MM;
    pdf_line(cr, COLX[0] * MM, y, COLX[NCOLS] * MM, y, 0.3);
    row(cr, y, "過誤納充当", &t->setoff, false, true);
    y += rh * MM;
    pdf_line(cr, COLX[0] * MM, y, COLX[NCOLS] * MM, y, 0.8);
    row(cr, y, "合計", &t->grand, true, false);
    y += rh * MM;
    cairo_set_line_width(cr, 0.8);
    cairo_rectangle(cr, COLX[0] * MM, top, (COLX[NCOLS] - COLX[0]) * MM, y - top);
    cairo_stroke(cr);
    for (int c = 1; c < NCOLS; c++)
        pdf_line(cr, COLX[c] * MM, top, COLX[c] * MM, y, 0.3);
    /* movements and the check */
    y += 5 * MM;
    char v1[32], v2[32], v3[32], v4[32];
    str_thousands(t->suspense_in, v1);
    str_thousands(t->suspense_out, v2);
    str_fmt(s, sizeof s, "未消込　発生 %s 円　消込 %s 円", v1, v2);
    pdf_text(cr, 15 * MM, y, "IPAexGothic 10", s, PDF_LEFT, 0);
    y += 6 * MM;
    str_thousands(t->credit_over, v1);
    str_thousands(t->credit_reversal, v2);
    str_thousands(t->credit_setoff, v3);
    str_thousands(t->credit_refund, v4);
    str_fmt(s, sizeof s, "過誤納　発生 %s 円　取消 %s 円　充当 %s 円　還付 %s 円（%lld 件）", v1, v2, v3, v4,
            (long long)t->refund_count);
    pdf_text(cr, 15 * MM, y, "IPAexGothic 10", s, PDF_LEFT, 0);
    y += 6 * MM;
    str_thousands(t->receipts.late, v1);
    str_fmt(s, sizeof s, "延滞金・督促手数料　収納 %s 円（%lld 件）", v1, (long long)t->late_count);
    pdf_text(cr, 15 * MM, y, "IPAexGothic 10", s, PDF_LEFT, 0);
    y += 6 * MM;
    str_thousands(t->receipts.kanyukin, v1);
    str_thousands(t->receipts.works_fee, v2);
    str_thousands(t->works_refund_kanyukin + t->works_refund_fee, v3);
    str_fmt(s, sizeof s, "工事　加入金 %s 円　工事手数料 %s 円（明細 %lld 件）　還付 %s 円（明細 %lld 件、検算の外）", v1, v2,
            (long long)t->works_count, v3, (long long)t->works_refund_count);
    pdf_text(cr, 15 * MM, y, "IPAexGothic 10", s, PDF_LEFT, 0);
    y += 6 * MM;
    str_thousands(t->after_writeoff.amount, v1);
    str_thousands(t->after_writeoff.water, v2);
    str_thousands(t->after_writeoff.sewer, v3);
    str_thousands(t->after_writeoff.tax, v4);
    str_fmt(s, sizeof s, "不納欠損後の収入　%s 円（水道料金 %s 円　下水道使用料 %s 円　消費税等 %s 円　%lld 件、収納額の内数）",
            v1, v2, v3, v4, (long long)t->after_writeoff.count);
    pdf_text(cr, 15 * MM, y, "IPAexGothic 10", s, PDF_LEFT, 0);
    y += 8 * MM;
    str_thousands(t->check_in, v1);
    str_thousands(t->check_out, v2);
    if (t->balanced)
        str_fmt(s, sizeof s, "検算　収納額 %s 円 ＝ 水道料金＋下水道使用料＋消費税等＋過誤納＋未消込＋延滞金等＋工事 %s 円　一致", v1, v2);
    else {
        str_thousands(t->check_in - t->check_out, v3);
        str_fmt(s, sizeof s, "検算　収納額 %s 円 ≠ 消込等 %s 円　不一致（差額 %s 円、充当差 %lld 円、内訳差 %lld 円）", v1,
                v2, v3, (long long)t->check_setoff, (long long)t->check_parts);
    }
    if (!t->balanced)
        cairo_set_source_rgb(cr, 0.75, 0, 0);
    pdf_text(cr, 15 * MM, y, "IPAexGothic Bold 11", s, PDF_LEFT, 0);
    cairo_set_source_rgb(cr, 0, 0, 0);
    /* footer */
    char when[20];
    date_format_ts_jst(d->printed_at, when);
    str_fmt(s, sizeof s, "印刷日時 %s　印刷者 %s", when, d->printed_by);
    pdf_text(cr, 282 * MM, 196 * MM, "IPAexGothic 8", s, PDF_RIGHT, 0);
    cairo_show_page(cr);
}

int daily_pdf_write(const app_daily *d, const char *path, char *err, size_t errsz)
{
    cairo_surface_t *surf = cairo_pdf_surface_create(path, 297 * MM, 210 * MM);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errsz, "PDF を作成できません: %s", path);
        cairo_surface_destroy(surf);
        return -1;
    }
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, "収納日計表");
    cairo_t *cr = cairo_create(surf);
    page(cr, d);
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
