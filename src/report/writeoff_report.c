/* writeoff_report — see writeoff_report.h. */
#include "report/writeoff_report.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "base/csv.h"
#include "base/date.h"
#include "report/pdf_draw.h"
#include "report/xlsx_text.h"

#define MM PDF_MM

const char *limitation_service_label(const char *service)
{
    return service && strcmp(service, "sewer") == 0 ? "下水道" : "水道";
}

bool limitation_csv_write(const app_limitation_page *p, int encoding, buf_t *out)
{
    static const char *const HEAD[] = {"調定番号", "水栓番号", "検針周期", "種別",   "検針日",     "納期限",
                                       "時効期間", "時効完成日", "未納額", "時効更新", "援用・放棄", "状態"};
    buf_t utf8;
    buf_init(&utf8, 0);
    csv_writer w;
    csv_begin(&w, &utf8, false);
    for (size_t k = 0; k < sizeof HEAD / sizeof HEAD[0]; k++)
        csv_field(&w, HEAD[k]);
    csv_end_row(&w);
    for (size_t i = 0; i < p->n; i++) {
        const app_limitation_row *r = &p->rows[i];
        char years[8];
        str_fmt(years, sizeof years, "%d年", r->years);
        csv_field_i64(&w, r->bill_id);
        csv_field(&w, r->tap_no);
        csv_field(&w, r->cycle);
        csv_field(&w, limitation_service_label(r->service));
        csv_field(&w, r->read_on);
        csv_field(&w, r->due_on);
        csv_field(&w, years);
        csv_field(&w, r->barred_from);
        csv_field_i64(&w, r->unpaid);
        csv_field_i64(&w, r->renewals);
        csv_field(&w, r->needs_invocation ? (r->act ? "記録あり" : "未") : "不要");
        csv_field(&w, r->barred ? "時効完成" : "進行中");
        csv_end_row(&w);
    }
    bool ok = !utf8.failed && csv_encode(&utf8, encoding, out);
    buf_free(&utf8);
    return ok;
}

static void fy_label(const app_writeoff_report *r, char *out, size_t outsz)
{
    char a[64], b[64];
    pdf_wareki(r->from, a, sizeof a);
    pdf_wareki(r->to, b, sizeof b);
    str_fmt(out, outsz, "%d年度（%s〜%s）", r->fy, a, b);
}

#define NC 7
static const char *const COLS[NC] = {"理由", "水道 件数", "水道 金額", "下水道 件数", "下水道 金額", "合計 件数", "合計 金額"};

static void values(const app_writeoff_report_row *x, long long v[NC])
{
    v[0] = 0;
    v[1] = x->water_n;
    v[2] = x->water_yen;
    v[3] = x->sewer_n;
    v[4] = x->sewer_yen;
    v[5] = x->water_n + x->sewer_n;
    v[6] = x->water_yen + x->sewer_yen;
}

int writeoff_report_pdf_write(const app_writeoff_report *r, const char *printed_by, int64_t printed_at,
                              const char *path, char *err, size_t errsz)
{
    cairo_surface_t *surf = cairo_pdf_surface_create(path, 297 * MM, 210 * MM);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errsz, "PDF を作成できません: %s", path);
        cairo_surface_destroy(surf);
        return -1;
    }
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, "不納欠損処分調書");
    cairo_t *cr = cairo_create(surf);
    static const double X[NC + 1] = {15, 70, 100, 140, 170, 210, 240, 282};
    char s[256], fy[160];
    cairo_set_source_rgb(cr, 0, 0, 0);
    pdf_text(cr, 15 * MM, 12 * MM, "IPAexGothic Bold 18", "不納欠損処分調書", PDF_LEFT, 0);
    fy_label(r, fy, sizeof fy);
    pdf_text(cr, 15 * MM, 24 * MM, "IPAexGothic 12", fy, PDF_LEFT, 0);
    pdf_text(cr, 282 * MM, 25 * MM, "IPAexGothic 9", "単位：件・円", PDF_RIGHT, 0);
    const double rh = 8.0;
    double y = 31 * MM, top = y;
    for (int c = 0; c < NC; c++)
        pdf_text(cr, (c == 0 ? X[0] + 2 : X[c + 1] - 2) * MM, y + 1.8 * MM, "IPAexGothic Bold 9.5", COLS[c],
                 c ? PDF_RIGHT : PDF_LEFT, 0);
    y += rh * MM;
    pdf_line(cr, X[0] * MM, y, X[NC] * MM, y, 0.8);
    for (int i = 0; i <= WRITEOFF__NREASONS; i++) {
        const app_writeoff_report_row *x = i < WRITEOFF__NREASONS ? &r->rows[i] : &r->total;
        const char *F = i < WRITEOFF__NREASONS ? "IPAexGothic 10" : "IPAexGothic Bold 10";
        pdf_text(cr, (X[0] + 2) * MM, y + 1.6 * MM, F, i < WRITEOFF__NREASONS ? writeoff_reason_label(i) : "合計",
                 PDF_LEFT, 0);
        long long v[NC];
        values(x, v);
        for (int c = 1; c < NC; c++) {
            char t[40];
            str_thousands(v[c], t);
            pdf_text(cr, (X[c + 1] - 2) * MM, y + 1.6 * MM, F, t, PDF_RIGHT, 0);
        }
        y += rh * MM;
        pdf_line(cr, X[0] * MM, y, X[NC] * MM, y, i == WRITEOFF__NREASONS - 1 ? 0.8 : 0.3);
    }
    cairo_set_line_width(cr, 0.8);
    cairo_rectangle(cr, X[0] * MM, top, (X[NC] - X[0]) * MM, y - top);
    cairo_stroke(cr);
    for (int c = 1; c < NC; c++)
        pdf_line(cr, X[c] * MM, top, X[c] * MM, y, 0.3);
    char when[20];
    date_format_ts_jst(printed_at, when);
    str_fmt(s, sizeof s, "印刷日時 %s　印刷者 %s", when, printed_by);
    pdf_text(cr, 282 * MM, 196 * MM, "IPAexGothic 8", s, PDF_RIGHT, 0);
    cairo_show_page(cr);
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

int writeoff_report_xlsx_write(const app_writeoff_report *r, const char *printed_by, int64_t printed_at,
                               const char *path, char *err, size_t errsz)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        snprintf(err, errsz, "Excel ファイルを作成できません: %s", path);
        return -1;
    }
    lxw_worksheet *ws = workbook_add_worksheet(wb, "不納欠損");
    lxw_format *title = workbook_add_format(wb), *head = workbook_add_format(wb), *num = workbook_add_format(wb),
               *label = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 16);
    format_set_bold(head);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_bg_color(head, 0xE6E6E6);
    format_set_num_format(num, "#,##0");
    format_set_border(num, LXW_BORDER_THIN);
    format_set_border(label, LXW_BORDER_THIN);
    worksheet_set_column(ws, 0, 0, 18, NULL);
    worksheet_set_column(ws, 1, NC - 1, 14, NULL);
    char s[256], fy[160], when[20];
    xlsx_text_write(ws, 0, 0, "不納欠損処分調書", title);
    fy_label(r, fy, sizeof fy);
    xlsx_text_write(ws, 1, 0, fy, NULL);
    date_format_ts_jst(printed_at, when);
    str_fmt(s, sizeof s, "印刷日時 %s　印刷者 %s", when, printed_by);
    xlsx_text_write(ws, 2, 0, s, NULL);
    for (int c = 0; c < NC; c++)
        xlsx_text_write(ws, 4, (lxw_col_t)c, COLS[c], head);
    for (int i = 0; i <= WRITEOFF__NREASONS; i++) {
        const app_writeoff_report_row *x = i < WRITEOFF__NREASONS ? &r->rows[i] : &r->total;
        lxw_row_t row = (lxw_row_t)(5 + i);
        xlsx_text_write(ws, row, 0, i < WRITEOFF__NREASONS ? writeoff_reason_label(i) : "合計", label);
        long long v[NC];
        values(x, v);
        for (int c = 1; c < NC; c++)
            worksheet_write_number(ws, row, (lxw_col_t)c, (double)v[c], num);
    }
    char ttl[] = "不納欠損処分調書", author[128];
    str_copy(author, sizeof author, printed_by);
    lxw_doc_properties props = {.title = ttl, .author = author};
    workbook_set_properties(wb, &props);
    lxw_error le = workbook_close(wb);
    if (le != LXW_NO_ERROR) {
        snprintf(err, errsz, "Excel ファイルを書き込めません: %s（%s）", path, lxw_strerror(le));
        return -1;
    }
    return 0;
}
