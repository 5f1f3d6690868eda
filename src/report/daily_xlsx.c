/* daily_xlsx — see daily_xlsx.h.  Yen are written as Excel numbers (IEEE
 * doubles, exact up to 2^53 yen): the integers of the ledger pass unchanged. */
#include "report/daily_xlsx.h"

#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "base/buf.h"
#include "base/date.h"
#include "report/xlsx_text.h"

#define NCOLS 9
static const char *const HEAD[NCOLS] = {"区分", "件数", "うち取消", "収納額", "水道料金", "下水道使用料", "消費税等",
                                        "過誤納", "未消込"};
#define HEAD_ROW 4   /* 0-based row of the column titles */

typedef struct fmts {
    lxw_format *title, *head, *label, *count, *yen, *label_b, *count_b, *yen_b, *bad;
} fmts;

static void put_row(lxw_worksheet *ws, lxw_row_t r, const char *label, const daily_line *l, bool bold, bool counts,
                    const fmts *f)
{
    xlsx_text_write(ws, r, 0, label, bold ? f->label_b : f->label);
    long long v[NCOLS] = {0, l->count, l->reversals, l->amount, l->water, l->sewer, l->tax, l->credit, l->suspense};
    for (lxw_col_t c = 1; c < NCOLS; c++) {
        if (c <= 2 && !counts)
            worksheet_write_blank(ws, r, c, bold ? f->count_b : f->count);
        else
            worksheet_write_number(ws, r, c, (double)v[c], c <= 2 ? (bold ? f->count_b : f->count)
                                                                 : (bold ? f->yen_b : f->yen));
    }
}

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

int daily_xlsx_write(const app_daily *d, const char *path, char *err, size_t errsz)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        snprintf(err, errsz, "Excel ファイルを作成できません: %s", path);
        return -1;
    }
    const daily_table *t = &d->t;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "日計表");
    static const char YEN[] = "\"¥\"#,##0;[Red]-\"¥\"#,##0";
    fmts f = {.title = fmt(wb, true, NULL, false), .head = fmt(wb, true, NULL, true), .label = fmt(wb, false, NULL, true),
              .count = fmt(wb, false, "#,##0", true), .yen = fmt(wb, false, YEN, true),
              .label_b = fmt(wb, true, NULL, true), .count_b = fmt(wb, true, "#,##0", true),
              .yen_b = fmt(wb, true, YEN, true), .bad = fmt(wb, true, YEN, true)};
    format_set_font_size(f.title, 16);
    format_set_bg_color(f.head, 0xE6E6E6);
    format_set_align(f.head, LXW_ALIGN_CENTER);
    format_set_font_color(f.bad, LXW_COLOR_RED);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);   /* A4 */
    worksheet_set_column(ws, 0, 0, 18, NULL);
    worksheet_set_column(ws, 1, 2, 9, NULL);
    worksheet_set_column(ws, 3, NCOLS - 1, 15, NULL);
    char s[256], w[128];
    xlsx_text_write(ws, 0, 0, "収納日計表", f.title);
    xlsx_text_write(ws, 0, 5, d->utility, NULL);
    civil_date day;
    if (date_parse(d->date, &day))
        date_format_wareki(day, w, sizeof w);
    else
        str_copy(w, sizeof w, d->date);
    str_fmt(s, sizeof s, "計上日　%s（%s）", w, d->date);
    xlsx_text_write(ws, 1, 0, s, NULL);
    char when[20];
    date_format_ts_jst(d->printed_at, when);
    str_fmt(s, sizeof s, "印刷日時 %s　印刷者 %s", when, d->printed_by);
    xlsx_text_write(ws, 2, 0, s, NULL);
    for (lxw_col_t c = 0; c < NCOLS; c++)
        xlsx_text_write(ws, HEAD_ROW, c, HEAD[c], f.head);
    worksheet_freeze_panes(ws, HEAD_ROW + 1, 1);
    lxw_row_t r = HEAD_ROW + 1;
    for (size_t i = 0; i < t->n; i++)
        put_row(ws, r++, app_daily_row_label(t->rows[i].channel), &t->rows[i], false, true, &f);
    lxw_row_t receipts = r;
    put_row(ws, r++, "収納計", &t->receipts, true, true, &f);
    put_row(ws, r++, "過誤納充当", &t->setoff, false, true, &f);
    put_row(ws, r++, "合計", &t->grand, true, false, &f);
    r++;
    /* late charges paid (延滞金・督促手数料): money in that went to no bill */
    lxw_row_t late_row = r;
    xlsx_text_write(ws, r, 0, "延滞金・督促手数料", f.label);
    worksheet_write_number(ws, r, 3, (double)t->receipts.late, f.yen);
    r++;
    /* works receipts (工事): 加入金 and 工事手数料, apart from water and sewer */
    lxw_row_t works_row = r;
    xlsx_text_write(ws, r, 0, "加入金（工事）", f.label);
    worksheet_write_number(ws, r, 3, (double)t->receipts.kanyukin, f.yen);
    r++;
    xlsx_text_write(ws, r, 0, "工事手数料", f.label);
    worksheet_write_number(ws, r, 3, (double)t->receipts.works_fee, f.yen);
    r++;
    /* the check: money in less where it went, as a formula with its value */
    xlsx_text_write(ws, r, 0, "検算（差額）", f.label_b);
    char formula[128];
    str_fmt(formula, sizeof formula, "=D%u-SUM(E%u:I%u)-D%u-D%u-D%u", (unsigned)receipts + 1, (unsigned)receipts + 1,
            (unsigned)receipts + 1, (unsigned)late_row + 1, (unsigned)works_row + 1, (unsigned)works_row + 2);
    worksheet_write_formula_num(ws, r, 3, formula, t->balanced ? f.yen_b : f.bad,
                                (double)(t->check_in - t->check_out));
    xlsx_text_write(ws, r, 4, t->balanced ? "一致" : "不一致", f.label_b);
    r += 2;
    xlsx_text_write(ws, r, 0, "未消込 発生", f.label);
    worksheet_write_number(ws, r, 3, (double)t->suspense_in, f.yen);
    xlsx_text_write(ws, r, 4, "未消込 消込", f.label);
    worksheet_write_number(ws, r, 5, (double)t->suspense_out, f.yen);
    r++;
    static const char *const CL[4] = {"過誤納 発生", "過誤納 取消", "過誤納 充当", "過誤納 還付"};
    const int64_t cv[4] = {t->credit_over, t->credit_reversal, t->credit_setoff, t->credit_refund};
    for (int i = 0; i < 4; i++) {
        xlsx_text_write(ws, r + (lxw_row_t)(i / 2), (lxw_col_t)(i % 2 ? 4 : 0), CL[i], f.label);
        worksheet_write_number(ws, r + (lxw_row_t)(i / 2), (lxw_col_t)(i % 2 ? 5 : 3), (double)cv[i], f.yen);
    }
    r += 2;   /* 不納欠損後の収入 (収納額の内数) */
    xlsx_text_write(ws, r, 0, "不納欠損後の収入", f.label);
    worksheet_write_number(ws, r, 3, (double)t->after_writeoff.amount, f.yen);
    worksheet_write_number(ws, r, 4, (double)t->after_writeoff.water, f.yen);
    worksheet_write_number(ws, r, 5, (double)t->after_writeoff.sewer, f.yen);
    worksheet_write_number(ws, r, 6, (double)t->after_writeoff.tax, f.yen);
    char title[] = "収納日計表", company[128], author[128];   /* the library takes non-const strings */
    str_copy(company, sizeof company, d->utility);
    str_copy(author, sizeof author, d->printed_by);
    lxw_doc_properties props = {.title = title, .company = company, .author = author};
    workbook_set_properties(wb, &props);
    lxw_error le = workbook_close(wb);
    if (le != LXW_NO_ERROR) {
        snprintf(err, errsz, "Excel ファイルを書き込めません: %s（%s）", path, lxw_strerror(le));
        return -1;
    }
    return 0;
}
