/* works_refund_pdf — see works_refund_pdf.h. */
#include "report/works_refund_pdf.h"

#include <cairo.h>

#include "base/buf.h"
#include "report/pdf_draw.h"
#include "report/works_pdf_doc.h"

#define MM PDF_MM

int works_refund_pdf_write(const app_works_refund_doc *d, const char *path, char *err, size_t errsz)
{
    works_pdf p;
    if (works_pdf_open(&p, path, err, errsz))
        return -1;
    cairo_t *cr = p.cr;
    char s[700], v[32], t[32];
    double y = 25 * MM;
    str_fmt(s, sizeof s, "%s 様", d->applicant[0] ? d->applicant : "申込者");
    pdf_text(cr, 20 * MM, y, WORKS_PDF_BOLD, s, PDF_LEFT, 100 * MM);
    works_pdf_date(d->issued_on, s, sizeof s);
    pdf_text(cr, 190 * MM, y, WORKS_PDF_BODY, s, PDF_RIGHT, 0);
    y += 7 * MM;
    pdf_text(cr, 190 * MM, y, WORKS_PDF_BODY, d->utility, PDF_RIGHT, 0);
    if (d->contact[0]) {
        y += 5 * MM;
        pdf_text(cr, 190 * MM, y, WORKS_PDF_SMALL, d->contact, PDF_RIGHT, 0);
    }
    y += 6 * MM;
    str_fmt(s, sizeof s, "申込番号 %s", d->number);
    pdf_text(cr, 190 * MM, y, WORKS_PDF_BODY, s, PDF_RIGHT, 0);
    y += 14 * MM;
    pdf_text(cr, 105 * MM, y, WORKS_PDF_TITLE, "給水装置工事費還付通知書", PDF_CENTER, 0);
    y += 16 * MM;
    pdf_text(cr, 20 * MM, y, WORKS_PDF_BODY,
             "下記の給水装置工事について、申込の変更または取消による精算の結果、納付済みの加入金・手数料のうち次の額を還付しましたので通知します。",
             PDF_LEFT, 170 * MM);
    y += 14 * MM;
    pdf_text(cr, 105 * MM, y, WORKS_PDF_BOLD, "記", PDF_CENTER, 0);
    y += 8 * MM;
    y = works_pdf_row(cr, y, "申込番号", d->number);
    y = works_pdf_row(cr, y, "工事場所", d->place);
    works_pdf_date(d->paid_on, s, sizeof s);
    y = works_pdf_row(cr, y, "還付日", s);
    y += 4 * MM;
    pdf_text(cr, 24 * MM, y, WORKS_PDF_BODY, "項目", PDF_LEFT, 0);
    pdf_text(cr, 140 * MM, y, WORKS_PDF_BODY, "還付額", PDF_RIGHT, 0);
    pdf_text(cr, 186 * MM, y, WORKS_PDF_BODY, "うち消費税等", PDF_RIGHT, 0);
    y += 6 * MM;
    pdf_line(cr, 20 * MM, y - 4 * MM, 190 * MM, y - 4 * MM, 0.5);
    for (int i = 0; i < d->nlines; i++) {
        str_thousands(d->lines[i].amount, v);
        str_thousands(d->lines[i].tax, t);
        pdf_text(cr, 24 * MM, y, WORKS_PDF_BODY, d->lines[i].name, PDF_LEFT, 100 * MM);
        str_fmt(s, sizeof s, "%s 円", v);
        pdf_text(cr, 140 * MM, y, WORKS_PDF_BODY, s, PDF_RIGHT, 0);
        str_fmt(s, sizeof s, "%s 円", t);
        pdf_text(cr, 186 * MM, y, WORKS_PDF_BODY, s, PDF_RIGHT, 0);
        y += 7 * MM;
    }
    pdf_line(cr, 20 * MM, y - 4 * MM, 190 * MM, y - 4 * MM, 0.5);
    str_thousands(d->amount, v);
    str_thousands(d->tax, t);
    pdf_text(cr, 24 * MM, y, WORKS_PDF_BOLD, "還付額の合計", PDF_LEFT, 0);
    str_fmt(s, sizeof s, "%s 円", v);
    pdf_text(cr, 140 * MM, y, WORKS_PDF_BOLD, s, PDF_RIGHT, 0);
    str_fmt(s, sizeof s, "%s 円", t);
    pdf_text(cr, 186 * MM, y, WORKS_PDF_BODY, s, PDF_RIGHT, 0);
    y += 14 * MM;
    pdf_text(cr, 20 * MM, y, WORKS_PDF_SMALL,
             "設計審査手数料など審査の済んだ手数料、及び申込の変更で口径を小さくした場合の既納の加入金は、条例の定めにより還付しません。",
             PDF_LEFT, 170 * MM);
    return works_pdf_close(&p, path, err, errsz);
}
