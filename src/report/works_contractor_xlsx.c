/* works_contractor_xlsx — see works_contractor_xlsx.h. */
#include "report/works_contractor_xlsx.h"

#include <stdio.h>
#include <xlsxwriter.h>

#include "base/buf.h"
#include "base/date.h"
#include "report/works_contractor_csv.h"
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

static void write_row(lxw_worksheet *ws, lxw_row_t row, const app_works_contractor_item *r, const char *today,
                      lxw_format *label, lxw_format *num)
{
    char note[64];
    xlsx_text_write(ws, row, 0, r->designation_no, label);
    xlsx_text_write(ws, row, 1, r->name, label);
    xlsx_text_write(ws, row, 2, r->name_kana, label);
    xlsx_text_write(ws, row, 3, r->address, label);
    xlsx_text_write(ws, row, 4, r->phone, label);
    xlsx_text_write(ws, row, 5, r->designated_on, label);
    xlsx_text_write(ws, row, 6, r->valid_until, label);
    worksheet_write_number(ws, row, 7, (double)r->due_in_days, num);
    xlsx_text_write(ws, row, 8, r->state_label, label);
    works_contractor_state_note(r, note, sizeof note);
    xlsx_text_write(ws, row, 9, note, label);
    worksheet_write_number(ws, row, 10, (double)r->engineers, num);
    xlsx_text_write(ws, row, 11, today, label);
}

int works_contractor_xlsx_write(const app_works_contractor_page *p, const char *conditions, const char *printed_by,
                                int64_t printed_at, const char *path, char *err, size_t errsz)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        str_fmt(err, errsz, "Excel ファイルを作成できません: %s", path);
        return -1;
    }
    lxw_worksheet *ws = workbook_add_worksheet(wb, "指定工事事業者");
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
    worksheet_set_column(ws, 0, 0, 12, NULL);
    worksheet_set_column(ws, 1, 3, 24, NULL);
    worksheet_set_column(ws, 4, WORKS_CONTRACTOR_NCOLS - 1, 13, NULL);
    char s[512], when[20];
    xlsx_text_write(ws, 0, 0, "指定給水装置工事事業者一覧", title);
    str_fmt(s, sizeof s, "基準日 %s　%s　%lld件", p->today, conditions && *conditions ? conditions : "条件なし",
            (long long)p->total);
    xlsx_text_write(ws, 1, 0, s, NULL);
    date_format_ts_jst(printed_at, when);
    str_fmt(s, sizeof s, "印刷日時 %s　印刷者 %s", when, printed_by);
    xlsx_text_write(ws, 2, 0, s, NULL);
    for (int k = 0; k < WORKS_CONTRACTOR_NCOLS; k++)
        xlsx_text_write(ws, HEAD_ROW, (lxw_col_t)k, WORKS_CONTRACTOR_COL_TITLES[k], head);
    worksheet_freeze_panes(ws, HEAD_ROW + 1, 2);
    for (size_t i = 0; i < p->n; i++)
        write_row(ws, (lxw_row_t)(HEAD_ROW + 1 + i), &p->rows[i], p->today, label, num);
    lxw_error rc = workbook_close(wb);
    if (rc != LXW_NO_ERROR) {
        str_fmt(err, errsz, "Excel ファイルを書けません: %s", lxw_strerror(rc));
        return -1;
    }
    return 0;
}
