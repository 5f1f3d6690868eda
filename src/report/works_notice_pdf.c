/* works_notice_pdf — see works_notice_pdf.h. */
#include "report/works_notice_pdf.h"

#include <cairo.h>

#include "base/buf.h"
#include "report/pdf_draw.h"
#include "report/works_application_csv.h"
#include "report/works_pdf_doc.h"

#define MM PDF_MM
#define SLIP_Y (200 * MM)   /* the top of the slip */

static const char *due_label(int due)
{
    return due == WORKS_DUE_APPROVAL ? "承認前" : "着工前";
}

static double charges(cairo_t *cr, const app_works_doc *d, double y)
{
    char a[40], b[40], c[40];
    pdf_text(cr, 26 * MM, y, WORKS_PDF_BODY, "項目", PDF_LEFT, 0);
    pdf_text(cr, 72 * MM, y, WORKS_PDF_BODY, "納期", PDF_LEFT, 0);
    pdf_text(cr, 120 * MM, y, WORKS_PDF_BODY, "金額（税込）", PDF_RIGHT, 0);
    pdf_text(cr, 152 * MM, y, WORKS_PDF_BODY, "うち消費税", PDF_RIGHT, 0);
    pdf_text(cr, 186 * MM, y, WORKS_PDF_BODY, "納入額", PDF_RIGHT, 0);
    y += 5.5 * MM;
    pdf_line(cr, 24 * MM, y, 186 * MM, y, 0.5);
    y += 1.5 * MM;
    for (size_t i = 0; i < d->nlines; i++) {
        const app_works_doc_line *l = &d->lines[i];
        pdf_text(cr, 26 * MM, y, WORKS_PDF_BODY, l->name, PDF_LEFT, 45 * MM);
        pdf_text(cr, 72 * MM, y, WORKS_PDF_BODY, due_label(l->due), PDF_LEFT, 0);
        pdf_yen(l->yen, a);
        pdf_yen(l->tax, b);
        pdf_yen(l->open, c);
        pdf_text(cr, 120 * MM, y, WORKS_PDF_BODY, a, PDF_RIGHT, 0);
        pdf_text(cr, 152 * MM, y, WORKS_PDF_BODY, b, PDF_RIGHT, 0);
        pdf_text(cr, 186 * MM, y, WORKS_PDF_BODY, c, PDF_RIGHT, 0);
        y += 5.5 * MM;
    }
    pdf_line(cr, 24 * MM, y, 186 * MM, y, 0.5);
    y += 2 * MM;
    pdf_yen(d->total, c);
    pdf_text(cr, 26 * MM, y, WORKS_PDF_BOLD, "合計", PDF_LEFT, 0);
    pdf_text(cr, 186 * MM, y, WORKS_PDF_BOLD, c, PDF_RIGHT, 0);
    y += 6 * MM;
    pdf_yen(d->tax, b);
    str_fmt(a, sizeof a, "（うち消費税 %s）", b);
    pdf_text(cr, 186 * MM, y, WORKS_PDF_BODY, a, PDF_RIGHT, 0);
    return y + 8 * MM;
}

static int slip(cairo_t *cr, const app_works_doc *d, char *err, size_t errsz)
{
    char line[400], a[64], b[40];
    double sy = SLIP_Y;
    pdf_slip_frame(cr, sy);
    pdf_text(cr, 18 * MM, sy + 4 * MM, WORKS_PDF_BOLD, "給水装置工事 加入金・手数料 納付書", PDF_LEFT, 0);
    pdf_text(cr, 192 * MM, sy + 5 * MM, WORKS_PDF_BODY, d->utility, PDF_RIGHT, 0);
    str_fmt(line, sizeof line, "%s 様　　申込番号 %s", d->a.applicant_name, d->a.number);
    pdf_text(cr, 18 * MM, sy + 13 * MM, WORKS_PDF_BODY, line, PDF_LEFT, 172 * MM);
    pdf_yen(d->total, b);
    str_fmt(line, sizeof line, "納付金額　%s", b);
    pdf_text(cr, 18 * MM, sy + 21 * MM, WORKS_PDF_BOLD, line, PDF_LEFT, 0);
    works_pdf_date(d->deadline, a, sizeof a);
    str_fmt(line, sizeof line, "納付期限　%s", a);
    pdf_text(cr, 100 * MM, sy + 22 * MM, WORKS_PDF_BODY, line, PDF_LEFT, 0);
    if (d->code[0]) {
        if (pdf_gs1_128(cr, d->code, 22 * MM, sy + 34 * MM, 0.33 * MM, 12 * MM, err, errsz))
            return -1;
        pdf_slip_digits(d->code, line, sizeof line);
        pdf_text(cr, 22 * MM, sy + 48 * MM, "IPAexGothic 9", line, PDF_LEFT, 0);
        pdf_text(cr, 18 * MM, sy + 58 * MM, WORKS_PDF_SMALL,
                 "この納付書は、金融機関・コンビニエンスストア・スマートフォン決済アプリでお納めいただけます。"
                 "納付期限を過ぎるとコンビニエンスストア・スマートフォン決済アプリではお納めいただけません。",
                 PDF_LEFT, 172 * MM);
    } else {
        pdf_text(cr, 18 * MM, sy + 36 * MM, WORKS_PDF_BODY,
                 "金額が999,999円を超えるため、この納付書にはバーコードを印刷していません（コンビニエンスストア・"
                 "スマートフォン決済アプリではお納めいただけません）。金融機関または水道局の窓口でお納めください。",
                 PDF_LEFT, 172 * MM);
    }
    str_fmt(line, sizeof line, "納付番号 %s", d->reference);
    pdf_text(cr, 18 * MM, sy + 78 * MM, WORKS_PDF_SMALL, line, PDF_LEFT, 0);
    return 0;
}

int works_notice_pdf_write(const app_works_doc *d, const char *path, char *err, size_t errsz)
{
    works_pdf p;
    double y = works_pdf_begin(&p, path, d, WORKS_PDF_TO_APPLICANT, "納入通知書", err, errsz);
    if (y < 0)
        return -1;
    cairo_t *cr = p.cr;
    char line[700], a[64];
    str_fmt(line, sizeof line,
            "給水装置工事（%s）の申込みに係る加入金及び手数料を、下記のとおり納入してください。"
            "%sに納入が必要なものを含みます。",
            works_application_type_label(d->a.type), d->due == WORKS_DUE_APPROVAL ? "承認（認可）前" : "着工前");
    pdf_text(cr, 20 * MM, y, WORKS_PDF_BODY, line, PDF_LEFT, 170 * MM);
    y += 12 * MM;
    pdf_text(cr, 105 * MM, y, WORKS_PDF_BOLD, "記", PDF_CENTER, 0);
    y += 7 * MM;
    str_fmt(line, sizeof line, "%s%s", d->a.area_name, d->a.address);
    y = works_pdf_row(cr, y, "工事場所", line);
    works_pdf_diameter(&d->a, a, sizeof a);
    str_fmt(line, sizeof line, "%s　口径 %s", works_application_type_label(d->a.type), a);
    y = works_pdf_row(cr, y, "工事種別", line);
    y = works_pdf_row(cr, y, "工事事業者", d->a.contractor_name);
    y += 2 * MM;
    y = charges(cr, d, y);
    works_pdf_date(d->deadline, a, sizeof a);
    str_fmt(line, sizeof line, "納付期限　%s", a);
    pdf_text(cr, 26 * MM, y, WORKS_PDF_BOLD, line, PDF_LEFT, 0);
    y += 7 * MM;
    pdf_text(cr, 20 * MM, y, WORKS_PDF_SMALL,
             d->due == WORKS_DUE_APPROVAL
                 ? "【ご注意】承認前に納入が必要な手数料が納入されるまで、工事の承認（認可）はできません。"
                   "着工前に納入が必要なものが納入されるまで、着工はできません。"
                 : "【ご注意】着工前に納入が必要な加入金・手数料が納入されるまで、着工はできません。",
             PDF_LEFT, 170 * MM);
    int rc = slip(cr, d, err, errsz);
    int rc2 = works_pdf_close(&p, path, err, errsz);
    return rc ? rc : rc2;
}
