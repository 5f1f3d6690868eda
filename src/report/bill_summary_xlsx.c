/* bill_summary_xlsx — see bill_summary_xlsx.h.  Yen and m³ are written as
 * Excel numbers (exact up to 2^53). */
#include "report/bill_summary_xlsx.h"

#include <stdio.h>
#include <xlsxwriter.h>

#include "base/buf.h"
#include "base/date.h"
#include "report/bill_summary_cols.h"
#include "report/xlsx_text.h"

#define HEAD_ROW 4

typedef struct fmts { lxw_format *title, *head, *label, *num, *yen, *label_b, *num_b, *yen_b; } fmts;

static lxw_format *fmt(lxw_workbook *wb, bool bold, const char *num, bool border)
{
    lxw_format *x = workbook_add_format(wb);
    format_set_font_name(x, "IPAexGothic");
    if (bold)
        format_set_bold(x);
    if (num)
        format_set_num_format(x, num);
    if (border)
        format_set_border(x, LXW_BORDER_THIN);
    return x;
}

static void put_row(lxw_worksheet *ws, lxw_row_t row, const app_bill_report_row *x, const fmts *f)
{
    bool bold = !x->use_code[0] || x->diameter == 0;
    char dia[16];
    long long v[BILL_SUMMARY_NVALS];
    xlsx_text_write(ws, row, 0, app_bill_report_use_label(x), bold ? f->label_b : f->label);
    bill_summary_diameter(x, dia);
    xlsx_text_write(ws, row, 1, dia, bold ? f->label_b : f->label);
    bill_summary_values(x, v);
    for (int k = 0; k < BILL_SUMMARY_NVALS; k++)
        worksheet_write_number(ws, row, (lxw_col_t)(k + 2), (double)v[k],
                               BILL_SUMMARY_YEN[k] ? (bold ? f->yen_b : f->yen) : (bold ? f->num_b : f->num));
}

int bill_summary_xlsx_write(const app_bill_report *r, const char *printed_by, int64_t printed_at, const char *path,
                            char *err, size_t errsz)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        snprintf(err, errsz, "Excel ファイルを作成できません: %s", path);
        return -1;
    }
    lxw_worksheet *ws = workbook_add_worksheet(wb, "調定集計表");
    static const char YEN[] = "\"¥\"#,##0;[Red]-\"¥\"#,##0";
    fmts f = {.title = fmt(wb, true, NULL, false), .head = fmt(wb, true, NULL, true), .label = fmt(wb, false, NULL, true),
              .num = fmt(wb, false, "#,##0", true), .yen = fmt(wb, false, YEN, true),
              .label_b = fmt(wb, true, NULL, true), .num_b = fmt(wb, true, "#,##0", true),
              .yen_b = fmt(wb, true, YEN, true)};
    format_set_font_size(f.title, 16);
    format_set_bg_color(f.head, 0xE6E6E6);
    format_set_align(f.head, LXW_ALIGN_CENTER);
    format_set_text_wrap(f.head);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);   /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_column(ws, 0, 0, 12, NULL);
    worksheet_set_column(ws, 1, 1, 7, NULL);
    worksheet_set_column(ws, 2, BILL_SUMMARY_NVALS + 1, 13, NULL);
    char s[256], when[20];
    xlsx_text_write(ws, 0, 0, "調定集計表", f.title);
    xlsx_text_write(ws, 0, 6, r->utility, NULL);
    str_fmt(s, sizeof s, "検針周期 %s（前回 %s・前年同期 %s）", r->cycle, r->prev_cycle, r->last_year_cycle);
    xlsx_text_write(ws, 1, 0, s, NULL);
    date_format_ts_jst(printed_at, when);
    str_fmt(s, sizeof s, "印刷日時 %s　印刷者 %s", when, printed_by);
    xlsx_text_write(ws, 2, 0, s, NULL);
    xlsx_text_write(ws, HEAD_ROW, 0, "用途", f.head);
    xlsx_text_write(ws, HEAD_ROW, 1, "口径(mm)", f.head);
    for (int k = 0; k < BILL_SUMMARY_NVALS; k++)
        xlsx_text_write(ws, HEAD_ROW, (lxw_col_t)(k + 2), BILL_SUMMARY_TITLES[k], f.head);
    worksheet_freeze_panes(ws, HEAD_ROW + 1, 2);
    lxw_row_t row = HEAD_ROW + 1;
    for (size_t i = 0; i < r->n; i++)
        put_row(ws, row++, &r->rows[i], &f);
    put_row(ws, row, &r->total, &f);
    char title[] = "調定集計表", company[128], author[128];   /* the library takes non-const strings */
    str_copy(company, sizeof company, r->utility);
    str_copy(author, sizeof author, printed_by);
    lxw_doc_properties props = {.title = title, .company = company, .author = author};
    workbook_set_properties(wb, &props);
    lxw_error le = workbook_close(wb);
    if (le != LXW_NO_ERROR) {
        snprintf(err, errsz, "Excel ファイルを書き込めません: %s（%s）", path, lxw_strerror(le));
        return -1;
    }
    return 0;
}
