/* works_inspection_pdf — see works_inspection_pdf.h. */
#include "report/works_inspection_pdf.h"

#include <cairo.h>

#include "base/buf.h"
#include "report/pdf_draw.h"
#include "report/works_application_csv.h"
#include "report/works_pdf_doc.h"

#define MM PDF_MM

int works_inspection_pdf_write(const app_works_doc *d, const char *path, char *err, size_t errsz)
{
    works_pdf p;
    double y = works_pdf_begin(&p, path, d, WORKS_PDF_TO_CONTRACTOR, "給水装置工事完成検査結果通知書", err, errsz);
    if (y < 0)
        return -1;
    cairo_t *cr = p.cr;
    const app_works_application *a = &d->a;
    bool pass = d->result == WORKS_RESULT_PASS;
    char line[700], s[64];
    pdf_text(cr, 20 * MM, y, WORKS_PDF_BODY,
             "下記の給水装置工事について完成検査を行いましたので、その結果を通知します。", PDF_LEFT, 170 * MM);
    y += 10 * MM;
    pdf_text(cr, 105 * MM, y, WORKS_PDF_BOLD, "記", PDF_CENTER, 0);
    y += 7 * MM;
    y = works_pdf_row(cr, y, "申込番号", a->number);
    works_pdf_diameter(a, s, sizeof s);
    str_fmt(line, sizeof line, "%s　口径 %s", works_application_type_label(a->type), s);
    y = works_pdf_row(cr, y, "工事種別", line);
    str_fmt(line, sizeof line, "%s%s", a->area_name, a->address);
    y = works_pdf_row(cr, y, "工事場所", line);
    str_fmt(line, sizeof line, "%s（主任技術者 免状番号 %s）", a->contractor_name, a->engineer_licence);
    y = works_pdf_row(cr, y, "指定工事事業者", line);
    y = works_pdf_row(cr, y, "検査区分", d->reinspection ? "再検査" : "完成検査");
    works_pdf_date(d->inspected_on, s, sizeof s);
    y = works_pdf_row(cr, y, "検査日", s);
    y = works_pdf_row(cr, y, "検査員", d->inspector);
    y += 2 * MM;
    pdf_text(cr, 24 * MM, y, WORKS_PDF_BODY, "検査結果", PDF_LEFT, 0);
    pdf_text(cr, 68 * MM, y - 1 * MM, "IPAexGothic Bold 16", works_result_label(d->result), PDF_LEFT, 0);
    y += 10 * MM;
    y = works_pdf_row(cr, y, "特記事項", d->note);
    y += 4 * MM;
    pdf_text(cr, 20 * MM, y, WORKS_PDF_BODY,
             pass ? "完成検査に合格しました。給水の開始については、別途ご案内します。"
                  : "完成検査に合格しませんでした。特記事項の箇所を手直しのうえ、再検査を申し込んでください。",
             PDF_LEFT, 170 * MM);
    return works_pdf_close(&p, path, err, errsz);
}
