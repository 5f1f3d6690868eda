/* works_copy_pdf — see works_copy_pdf.h. */
#include "report/works_copy_pdf.h"

#include <cairo.h>

#include "base/buf.h"
#include "domain/tapinfo.h"
#include "report/pdf_draw.h"
#include "report/works_application_csv.h"
#include "report/works_pdf_doc.h"

#define MM PDF_MM

static void consent(const char *on, char *out, size_t outsz)
{
    if (!on[0])
        str_copy(out, outsz, "不要（なし）");
    else
        works_pdf_date(on, out, outsz);
}

static void person(const char *name, const char *phone, char *out, size_t outsz)
{
    str_fmt(out, outsz, "%s%s%s", name, phone[0] ? "　電話 " : "", phone);
}

int works_copy_pdf_write(const app_works_doc *d, const char *path, char *err, size_t errsz)
{
    works_pdf p;
    double y = works_pdf_begin(&p, path, d, WORKS_PDF_TO_FILE, "給水装置工事申込書（控）", err, errsz);
    if (y < 0)
        return -1;
    cairo_t *cr = p.cr;
    const app_works_application *a = &d->a;
    char line[900], s[64];
    y = works_pdf_row(cr, y, "申込番号", a->number);
    works_pdf_date(a->received_on, s, sizeof s);
    y = works_pdf_row(cr, y, "申込日", s);
    y = works_pdf_row(cr, y, "申込種別", works_application_type_label(a->type));
    str_fmt(line, sizeof line, "%s%s", a->area_name, a->address);
    y = works_pdf_row(cr, y, "工事場所", line);
    y = works_pdf_row(cr, y, "既設の水栓番号", a->tap_no);
    works_pdf_diameter(a, s, sizeof s);
    y = works_pdf_row(cr, y, "口径", s);
    if (a->ndwelling_rows > 0) {
        buf_t b;
        buf_init(&b, 0);
        for (size_t i = 0; i < a->ndwelling_rows; i++)
            buf_printf(&b, "%s%s", i ? "、" : "", a->dwelling_rows[i].label);
        y = works_pdf_row(cr, y, "各戸（部屋番号）", buf_cstr(&b));
        buf_free(&b);
    }
    str_fmt(line, sizeof line, "%lld 個%s%s", (long long)a->meter_count, a->meter_place[0] ? "　設置場所 " : "",
            a->meter_place);
    y = works_pdf_row(cr, y, "メーター", line);
    y = works_pdf_row(cr, y, "用途", tapinfo_label(TAPINFO_USES, a->use_code));
    person(a->owner_name, a->owner_phone, line, sizeof line);
    y = works_pdf_row(cr, y, "所有者", line);
    person(a->applicant_name, a->applicant_phone, line, sizeof line);
    y = works_pdf_row(cr, y, "申込者", line);
    y = works_pdf_row(cr, y, "指定工事事業者", a->contractor_name);
    str_fmt(line, sizeof line, "免状番号 %s", a->engineer_licence);
    y = works_pdf_row(cr, y, "主任技術者", line);
    consent(a->consent_land_on, s, sizeof s);
    y = works_pdf_row(cr, y, "土地所有者の承諾", s);
    consent(a->consent_house_on, s, sizeof s);
    y = works_pdf_row(cr, y, "家屋所有者の承諾", s);
    consent(a->consent_party_on, s, sizeof s);
    y = works_pdf_row(cr, y, "利害関係人の同意", s);
    y = works_pdf_row(cr, y, "料金表", a->fee_table);
    y += 3 * MM;
    pdf_text(cr, 24 * MM, y, WORKS_PDF_BOLD, "加入金・手数料", PDF_LEFT, 0);
    y += 7 * MM;
    for (size_t i = 0; i < a->ncharges; i++) {
        const app_works_charge *c = &a->charges[i];
        char yen[40], paid[40];
        pdf_yen(c->yen, yen);
        pdf_yen(c->paid_yen, paid);
        pdf_text(cr, 26 * MM, y, WORKS_PDF_BODY, c->name, PDF_LEFT, 0);
        pdf_text(cr, 80 * MM, y, WORKS_PDF_BODY, c->due == WORKS_DUE_APPROVAL ? "承認前" : "着工前", PDF_LEFT, 0);
        pdf_text(cr, 140 * MM, y, WORKS_PDF_BODY, yen, PDF_RIGHT, 0);
        str_fmt(line, sizeof line, "納付済 %s", paid);
        pdf_text(cr, 186 * MM, y, WORKS_PDF_BODY, line, PDF_RIGHT, 0);
        y += 5.5 * MM;
    }
    y += 4 * MM;
    str_fmt(line, sizeof line, "発行日現在の状態: %s（%s）　受付: %s", works_status_label(a->status), a->status_on,
            a->entered_by);
    pdf_text(cr, 24 * MM, y, WORKS_PDF_SMALL, line, PDF_LEFT, 0);
    pdf_text(cr, 24 * MM, 282 * MM, WORKS_PDF_SMALL,
             "この控は、受け付けた申込みの内容を記録したものです。個人情報を含みます。取扱いに注意してください。",
             PDF_LEFT, 170 * MM);
    return works_pdf_close(&p, path, err, errsz);
}
