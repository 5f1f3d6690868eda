/* works_application_xlsx — see works_application_xlsx.h. */
#include "report/works_application_xlsx.h"

#include <xlsxwriter.h>

#include "base/buf.h"
#include "base/date.h"
#include "report/works_application_csv.h"
#include "report/xlsx_text.h"

#define HEAD_ROW 4

static lxw_format *fmt(lxw_workbook *wb, bool bold, const char *num)
{
    lxw_format *x = workbook_add_format(wb);
    format_set_font_name(x, "IPAexGothic");
    format_set_border(x, LXW_BORDER_THIN);
    if (bold)
        format_set_bold(x);
    if (num)
        format_set_num_format(x, num);
    return x;
}

static void write_row(lxw_worksheet *ws, lxw_row_t row, const app_works_row *r, const char *today, lxw_format *label,
                      lxw_format *num)
{
    char dia[48];
    works_application_diameter_text(r, dia, sizeof dia);
    xlsx_text_write(ws, row, 0, r->number, label);
    xlsx_text_write(ws, row, 1, works_application_type_label(r->type), label);
    xlsx_text_write(ws, row, 2, works_status_label(r->status), label);
    xlsx_text_write(ws, row, 3, r->received_on, label);
    xlsx_text_write(ws, row, 4, r->status_on, label);
    worksheet_write_number(ws, row, 5, (double)r->days_open, num);
    xlsx_text_write(ws, row, 6, r->overdue ? "滞留" : "", label);
    xlsx_text_write(ws, row, 7, r->contractor_name, label);
    xlsx_text_write(ws, row, 8, r->area_name, label);
    xlsx_text_write(ws, row, 9, r->tap_no, label);
    xlsx_text_write(ws, row, 10, dia, label);
    xlsx_text_write(ws, row, 11, today, label);
}

int works_application_xlsx_write(const app_works_page *p, const char *conditions, const char *printed_by,
                                 int64_t printed_at, const char *path, char *err, size_t errsz)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        str_fmt(err, errsz, "Excel ファイルを作成できません: %s", path);
        return -1;
    }
    lxw_worksheet *ws = workbook_add_worksheet(wb, "工事申込");
    lxw_format *title = workbook_add_format(wb), *head = fmt(wb, true, NULL), *label = fmt(wb, false, NULL),
               *num = fmt(wb, false, "#,##0");
    format_set_font_name(title, "IPAexGothic");
    format_set_bold(title);
    format_set_font_size(title, 16);
    format_set_bg_color(head, 0xE6E6E6);
    format_set_align(head, LXW_ALIGN_CENTER);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);   /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_column(ws, 0, 6, 12, NULL);
    worksheet_set_column(ws, 7, 8, 24, NULL);
    worksheet_set_column(ws, 9, WORKS_APPLICATION_NCOLS - 1, 12, NULL);
    char s[512], when[20];
    xlsx_text_write(ws, 0, 0, "給水装置工事申込一覧", title);
    str_fmt(s, sizeof s, "基準日 %s　%s　%lld件", p->today, conditions && *conditions ? conditions : "条件なし",
            (long long)p->total);
    xlsx_text_write(ws, 1, 0, s, NULL);
    date_format_ts_jst(printed_at, when);
    str_fmt(s, sizeof s, "印刷日時 %s　印刷者 %s", when, printed_by);
    xlsx_text_write(ws, 2, 0, s, NULL);
    for (int k = 0; k < WORKS_APPLICATION_NCOLS; k++)
        xlsx_text_write(ws, HEAD_ROW, (lxw_col_t)k, WORKS_APPLICATION_COL_TITLES[k], head);
    worksheet_freeze_panes(ws, HEAD_ROW + 1, 1);
    for (size_t i = 0; i < p->n; i++)
        write_row(ws, (lxw_row_t)(HEAD_ROW + 1 + i), &p->rows[i], p->today, label, num);
    lxw_error rc = workbook_close(wb);
    if (rc != LXW_NO_ERROR) {
        str_fmt(err, errsz, "Excel ファイルを書けません: %s", lxw_strerror(rc));
        return -1;
    }
    return 0;
}
