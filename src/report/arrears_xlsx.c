/* arrears_xlsx — see arrears_xlsx.h.  Yen are Excel numbers (exact up to 2^53). */
#include "report/arrears_xlsx.h"

#include <stdio.h>
#include <xlsxwriter.h>

#include "base/buf.h"
#include "base/date.h"
#include "report/arrears_csv.h"
#include "report/xlsx_text.h"

#define HEAD_ROW 4

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

int arrears_xlsx_write(const app_arrears_page *p, const char *conditions, const char *printed_by, int64_t printed_at,
                       const char *path, char *err, size_t errsz)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        snprintf(err, errsz, "Excel ファイルを作成できません: %s", path);
        return -1;
    }
    lxw_worksheet *ws = workbook_add_worksheet(wb, "滞納整理簿");
    static const char YEN[] = "\"¥\"#,##0;[Red]-\"¥\"#,##0";
    lxw_format *title = fmt(wb, true, NULL, false), *head = fmt(wb, true, NULL, true), *label = fmt(wb, false, NULL, true),
               *num = fmt(wb, false, "#,##0", true), *yen = fmt(wb, false, YEN, true), *yen_b = fmt(wb, true, YEN, true),
               *num_b = fmt(wb, true, "#,##0", true), *label_b = fmt(wb, true, NULL, true);
    format_set_font_size(title, 16);
    format_set_bg_color(head, 0xE6E6E6);
    format_set_align(head, LXW_ALIGN_CENTER);
    format_set_text_wrap(head);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);   /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_column(ws, 0, 0, 10, NULL);
    worksheet_set_column(ws, 1, 2, 18, NULL);
    worksheet_set_column(ws, 3, 3, 16, NULL);
    worksheet_set_column(ws, 4, ARREARS_NCOLS - 1, 11, NULL);
    char s[512], when[20];
    xlsx_text_write(ws, 0, 0, "滞納整理簿", title);
    str_fmt(s, sizeof s, "基準日 %s　%s", p->today, conditions && *conditions ? conditions : "条件なし");
    xlsx_text_write(ws, 1, 0, s, NULL);
    date_format_ts_jst(printed_at, when);
    str_fmt(s, sizeof s, "印刷日時 %s　印刷者 %s", when, printed_by);
    xlsx_text_write(ws, 2, 0, s, NULL);
    for (int k = 0; k < ARREARS_NCOLS; k++)
        xlsx_text_write(ws, HEAD_ROW, (lxw_col_t)k, ARREARS_COL_TITLES[k], head);
    worksheet_freeze_panes(ws, HEAD_ROW + 1, 3);
    lxw_row_t row = HEAD_ROW + 1;
    for (size_t i = 0; i < p->n; i++, row++) {
        const app_arrears_row *r = &p->rows[i];
        worksheet_write_number(ws, row, 0, (double)r->customer_id, label);
        xlsx_text_write(ws, row, 1, r->name, label);
        xlsx_text_write(ws, row, 2, r->kana, label);
        xlsx_text_write(ws, row, 3, r->taps, label);
        worksheet_write_number(ws, row, 4, (double)r->bills, num);
        worksheet_write_number(ws, row, 5, (double)r->amount, yen);
        xlsx_text_write(ws, row, 6, r->oldest_due, label);
        worksheet_write_number(ws, row, 7, (double)r->age_months, num);
        for (int k = 0; k < ARREARS_NBUCKETS; k++)
            worksheet_write_number(ws, row, (lxw_col_t)(8 + k), (double)r->bucket[k], yen);
        xlsx_text_write(ws, row, 8 + ARREARS_NBUCKETS, arrears_method_label(r), label);
        xlsx_text_write(ws, row, 9 + ARREARS_NBUCKETS, ARREARS_STAGE_LABELS[r->stage], label);
        xlsx_text_write(ws, row, 10 + ARREARS_NBUCKETS, p->today, label);
    }
    /* the total of every row */
    xlsx_text_write(ws, row, 0, "合計", label_b);
    str_fmt(s, sizeof s, "%lld件", (long long)p->total);
    xlsx_text_write(ws, row, 1, s, label_b);
    worksheet_write_number(ws, row, 4, (double)p->bills, num_b);
    worksheet_write_number(ws, row, 5, (double)p->sum, yen_b);
    for (int k = 0; k < ARREARS_NBUCKETS; k++)
        worksheet_write_number(ws, row, (lxw_col_t)(8 + k), (double)p->bucket[k], yen_b);
    char ttl[] = "滞納整理簿", author[128];   /* the library takes non-const strings */
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
