/* sewer_xfer_pdf — see sewer_xfer_pdf.h. */
#include "report/sewer_xfer_pdf.h"

#include <cairo.h>
#include <string.h>

#include "base/buf.h"
#include "report/pdf_draw.h"
#include "report/works_pdf_doc.h"

#define MM PDF_MM

static double row(cairo_t *cr, double y, const char *label, const char *value)
{
    pdf_text(cr, 30 * MM, y, WORKS_PDF_BODY, label, PDF_LEFT, 0);
    pdf_text(cr, 80 * MM, y, WORKS_PDF_BODY, value, PDF_LEFT, 110 * MM);
    pdf_line(cr, 28 * MM, y + 6 * MM, 190 * MM, y + 6 * MM, 0.3);
    return y + 9 * MM;
}

static void m3(int64_t v, char out[48])
{
    char t[32];
    str_thousands(v < 0 ? -v : v, t);
    str_fmt(out, 48, "%s%s m³", v < 0 ? "−" : "", t);
}

int sewer_xfer_pdf_write(const sewer_xfer_pdf_in *in, const char *path, char *err, size_t errsz)
{
    works_pdf p;
    if (works_pdf_open(&p, path, err, errsz))
        return -1;
    cairo_t *cr = p.cr;
    const app_sewer_export_out *x = in->x;
    char s[400], d[48];
    str_fmt(s, sizeof s, "%s 下水道担当課 御中", x->operator_label);
    pdf_text(cr, 20 * MM, 22 * MM, "IPAexGothic 13", s, PDF_LEFT, 110 * MM);
    works_pdf_date(x->created_on, s, sizeof s);
    pdf_text(cr, 190 * MM, 22 * MM, WORKS_PDF_BODY, s, PDF_RIGHT, 0);
    pdf_text(cr, 190 * MM, 29 * MM, WORKS_PDF_BOLD, in->utility, PDF_RIGHT, 0);
    pdf_text(cr, 105 * MM, 48 * MM, WORKS_PDF_TITLE, "下水道使用水量データ送付書", PDF_CENTER, 0);
    pdf_text(cr, 20 * MM, 66 * MM, WORKS_PDF_BODY,
             "貴市町が下水道を管理する区域の水栓について、下記のとおり使用水量・汚水量のデータを送付します。"
             "区分「2 取消」の記録は以前に送付した記録の取消しですので、その水量を差し引いてください。",
             PDF_LEFT, 170 * MM);
    double y = 86 * MM;
    pdf_text(cr, 105 * MM, y, WORKS_PDF_BOLD, "記", PDF_CENTER, 0);
    y += 10 * MM;
    str_fmt(s, sizeof s, "%.4s年%s月 検針分（%s）", in->cycle, in->cycle + 5, in->cycle);
    y = row(cr, y, "調定年月", s);
    str_fmt(s, sizeof s, "第 %lld 回（%s）", (long long)x->batch_no, x->batch_no == 1 ? "当初分" : "訂正分（差分）");
    y = row(cr, y, "送付回", s);
    str_fmt(s, sizeof s, "%s（%s）", in->file_name ? in->file_name : "—",
            strcmp(in->format, "fixed") == 0 ? "固定長 220 バイト・シフトJIS" : "CSV・UTF-8");
    y = row(cr, y, "データ", s);
    str_fmt(s, sizeof s, "%lld 件（うち取消 %lld 件）", (long long)x->records, (long long)x->cancels);
    y = row(cr, y, "記録件数", s);
    m3(x->water_m3, d);
    y = row(cr, y, "上水使用水量 計", d);
    m3(x->sewer_m3, d);
    y = row(cr, y, "汚水量 計", d);
    y += 8 * MM;
    pdf_text(cr, 20 * MM, y, WORKS_PDF_SMALL,
             "合計は取消の記録を差し引いた値です。データには個人情報が含まれます。受領後は貴市町の規程に従って管理してください。",
             PDF_LEFT, 170 * MM);
    return works_pdf_close(&p, path, err, errsz);
}
