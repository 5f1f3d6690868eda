/* works_approval_pdf — see works_approval_pdf.h. */
#include "report/works_approval_pdf.h"

#include <cairo.h>

#include "base/buf.h"
#include "report/pdf_draw.h"
#include "report/works_application_csv.h"
#include "report/works_pdf_doc.h"

#define MM PDF_MM

int works_approval_pdf_write(const app_works_doc *d, const char *path, char *err, size_t errsz)
{
    works_pdf p;
    double y = works_pdf_begin(&p, path, d, WORKS_PDF_TO_APPLICANT, "給水装置工事認可書", err, errsz);
    if (y < 0)
        return -1;
    cairo_t *cr = p.cr;
    const app_works_application *a = &d->a;
    char line[700], s[64], yen[40];
    works_pdf_date(a->received_on, s, sizeof s);
    str_fmt(line, sizeof line, "%s付けで申込みのあった給水装置工事について、下記のとおり認可します。", s);
    pdf_text(cr, 20 * MM, y, WORKS_PDF_BODY, line, PDF_LEFT, 170 * MM);
    y += 10 * MM;
    pdf_text(cr, 105 * MM, y, WORKS_PDF_BOLD, "記", PDF_CENTER, 0);
    y += 7 * MM;
    y = works_pdf_row(cr, y, "申込番号", a->number);
    works_pdf_date(d->approved_on, s, sizeof s);
    y = works_pdf_row(cr, y, "認可日", s);
    works_pdf_diameter(a, s, sizeof s);
    str_fmt(line, sizeof line, "%s　口径 %s", works_application_type_label(a->type), s);
    y = works_pdf_row(cr, y, "工事種別", line);
    str_fmt(line, sizeof line, "%s%s", a->area_name, a->address);
    y = works_pdf_row(cr, y, "工事場所", line);
    y = works_pdf_row(cr, y, "指定工事事業者", a->contractor_name);
    str_fmt(line, sizeof line, "免状番号 %s", a->engineer_licence);
    y = works_pdf_row(cr, y, "主任技術者", line);
    y += 3 * MM;
    pdf_text(cr, 24 * MM, y, WORKS_PDF_BOLD, "認可の条件", PDF_LEFT, 0);
    y += 7 * MM;
    y = works_pdf_para(cr, 28 * MM, y, WORKS_PDF_BODY, d->conditions, 158 * MM) + 5 * MM;
    pdf_text(cr, 24 * MM, y, WORKS_PDF_BOLD, "着工前に納付が必要な加入金・手数料", PDF_LEFT, 0);
    y += 7 * MM;
    if (d->nlines == 0) {
        pdf_text(cr, 26 * MM, y, WORKS_PDF_BODY, "ありません。", PDF_LEFT, 0);
        y += 5.5 * MM;
    }
    for (size_t i = 0; i < d->nlines; i++) {
        const app_works_doc_line *l = &d->lines[i];
        pdf_yen(l->yen, yen);
        pdf_text(cr, 26 * MM, y, WORKS_PDF_BODY, l->name, PDF_LEFT, 75 * MM);
        pdf_text(cr, 140 * MM, y, WORKS_PDF_BODY, yen, PDF_RIGHT, 0);
        if (l->open > 0) {
            pdf_yen(l->open, yen);
            str_fmt(line, sizeof line, "未納 %s", yen);
        } else {
            str_copy(line, sizeof line, "納付済");
        }
        pdf_text(cr, 184 * MM, y, WORKS_PDF_BODY, line, PDF_RIGHT, 0);
        y += 5.5 * MM;
    }
    if (d->nlines > 0) {
        pdf_line(cr, 24 * MM, y, 186 * MM, y, 0.5);
        y += 2 * MM;
        pdf_yen(d->total, yen);
        pdf_text(cr, 26 * MM, y, WORKS_PDF_BOLD, "合計", PDF_LEFT, 0);
        pdf_text(cr, 140 * MM, y, WORKS_PDF_BOLD, yen, PDF_RIGHT, 0);
    }
    pdf_text(cr, 186 * MM, 250 * MM, WORKS_PDF_BOLD, d->utility, PDF_RIGHT, 0);
    pdf_text(cr, 186 * MM, 258 * MM, "IPAexGothic 12", d->approver_title, PDF_RIGHT, 0);
    return works_pdf_close(&p, path, err, errsz);
}
