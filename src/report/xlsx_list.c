/* xlsx_list — see xlsx_list.h. */
#include "report/xlsx_list.h"

#include "base/buf.h"
#include "base/date.h"
#include "report/xlsx_text.h"

#include <string.h>

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

/* Excel's rules for a sheet's name: at most 31 characters, none of []:*?/\ , unique in the
 * workbook (libxlsxwriter refuses any other name: workbook_add_worksheet gives NULL).  The name
 * is the caller's (a table's title, which may be longer): cut at 31 characters — UTF-8 ones,
 * never inside one —, the forbidden ones made '_', and a second sheet of the same name made
 * unique by a number ("名前 (2)"). */
static void sheet_name(lxw_workbook *wb, const char *want, char *out, size_t outsz)
{
    char base[128];
    size_t o = 0, chars = 0;
    for (const unsigned char *p = (const unsigned char *)(want && *want ? want : "Sheet"); *p && chars < 31;) {
        size_t len = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
        if (o + len >= sizeof base)
            break;
        if (len == 1 && strchr("[]:*?/\\", *p))
            base[o++] = '_';
        else
            for (size_t k = 0; k < len && p[k]; k++)
                base[o++] = (char)p[k];
        p += len;
        chars++;
    }
    base[o] = '\0';
    str_copy(out, outsz, base);
    for (int n = 2; workbook_get_worksheet_by_name(wb, out) && n < 1000; n++) {
        char suffix[16];
        str_fmt(suffix, sizeof suffix, " (%d)", n);
        /* keep room for the suffix within 31 characters: drop characters from the end */
        str_copy(out, outsz, base);
        size_t keep = strlen(out);
        size_t nchars = chars;
        while (nchars + strlen(suffix) > 31 && keep > 0) {
            do
                keep--;
            while (keep > 0 && ((unsigned char)out[keep] & 0xC0) == 0x80);
            nchars--;
        }
        out[keep] = '\0';
        str_fmt(out + keep, outsz - keep, "%s", suffix);
    }
}

static int sheet(lxw_workbook *wb, const formats *x, const xlsx_list *l)
{
    char name[160];
    sheet_name(wb, l->sheet, name, sizeof name);
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    if (!ws)
        return -1;
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
    return 0;
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
        if (sheet(wb, &x, &l[i]) != 0) {
            workbook_close(wb);
            str_fmt(err, errsz, "Excel ファイルを作成できません: シート名「%s」を使えません", l[i].sheet ? l[i].sheet : "");
            return -1;
        }
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
