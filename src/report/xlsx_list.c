/* xlsx_list — see xlsx_list.h. */
#include "report/xlsx_list.h"

#include "base/buf.h"
#include "base/date.h"
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

typedef struct formats {
    lxw_format *title, *head;
    xlsx_list_formats f;
} formats;

static void formats_make(lxw_workbook *wb, formats *x)
{
    x->title = workbook_add_format(wb);
    x->head = fmt(wb, true, NULL);
    x->f = (xlsx_list_formats){fmt(wb, false, NULL), fmt(wb, false, "#,##0"),
                               fmt(wb, false, "\"¥\"#,##0;[Red]-\"¥\"#,##0")};
    format_set_font_name(x->title, "IPAexGothic");
    format_set_bold(x->title);
    format_set_font_size(x->title, 16);
    format_set_bg_color(x->head, 0xE6E6E6);
    format_set_align(x->head, LXW_ALIGN_CENTER);
    format_set_text_wrap(x->head);
}

static void sheet(lxw_workbook *wb, const formats *x, const xlsx_list *l)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, l->sheet);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);   /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    for (int k = 0; k < l->ncols; k++)
        worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, l->widths ? l->widths[k] : 14, NULL);
    char s[512], when[20];
    xlsx_text_write(ws, 0, 0, l->title, x->title);
    str_fmt(s, sizeof s, "基準日 %s　%s　%lld件", l->today, l->conditions && *l->conditions ? l->conditions : "条件なし",
            (long long)l->total);
    xlsx_text_write(ws, 1, 0, s, NULL);
    date_format_ts_jst(l->printed_at, when);
    str_fmt(s, sizeof s, "印刷日時 %s　印刷者 %s", when, l->printed_by);
    xlsx_text_write(ws, 2, 0, s, NULL);
    for (int k = 0; k < l->ncols; k++)
        xlsx_text_write(ws, HEAD_ROW, (lxw_col_t)k, l->cols[k], x->head);
    worksheet_freeze_panes(ws, HEAD_ROW + 1, (lxw_col_t)l->freeze_cols);
    for (size_t i = 0; i < l->nrows; i++)
        l->row(ws, (lxw_row_t)(HEAD_ROW + 1 + i), i, l->arg, &x->f);
}

int xlsx_list_write_sheets(const xlsx_list *l, size_t n, const char *path, char *err, size_t errsz)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        str_fmt(err, errsz, "Excel ファイルを作成できません: %s", path);
        return -1;
    }
    formats x;
    formats_make(wb, &x);
    for (size_t i = 0; i < n; i++)
        sheet(wb, &x, &l[i]);
    lxw_error rc = workbook_close(wb);
    if (rc != LXW_NO_ERROR) {
        str_fmt(err, errsz, "Excel ファイルを書けません: %s", lxw_strerror(rc));
        return -1;
    }
    return 0;
}

int xlsx_list_write(const xlsx_list *l, const char *path, char *err, size_t errsz)
{
    return xlsx_list_write_sheets(l, 1, path, err, errsz);
}
