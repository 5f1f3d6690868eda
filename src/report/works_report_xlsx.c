/* works_report_xlsx — the works statistics, the charges and the progress
 * list as Excel (see works_report.h; the frame is report/xlsx_list's). */
#include "report/works_report.h"

#include "report/works_application_csv.h"
#include "report/works_application_xlsx.h"
#include "report/xlsx_list.h"
#include "report/xlsx_text.h"

static void stats_row(lxw_worksheet *ws, lxw_row_t row, size_t i, const void *arg, const xlsx_list_formats *f)
{
    const app_works_stats *s = arg;
    char label[320], period[32];
    int d;
    const works_stat_row *r = works_stats_row(s, i, &d, label, sizeof label);
    str_fmt(period, sizeof period, "%s〜%s", s->period.from_iso, s->period.to_iso);
    xlsx_text_write(ws, row, 0, app_works_dim_title(d), f->label);
    xlsx_text_write(ws, row, 1, label, f->label);
    worksheet_write_number(ws, row, 2, (double)r->received, f->num);
    worksheet_write_number(ws, row, 3, (double)r->approved, f->num);
    worksheet_write_number(ws, row, 4, (double)r->completed, f->num);
    worksheet_write_number(ws, row, 5, (double)r->cancelled, f->num);
    xlsx_text_write(ws, row, 6, period, f->label);
}

int works_stats_xlsx_write(const app_works_stats *s, const char *printed_by, int64_t printed_at, const char *path,
                           char *err, size_t errsz)
{
    static const double WIDTHS[WORKS_STATS_NCOLS] = {16, 36, 10, 10, 10, 10, 24};
    xlsx_list l = {"工事統計", "給水装置工事統計表", WORKS_STATS_COL_TITLES, WORKS_STATS_NCOLS, WIDTHS, 2,
                   s->today, s->period.label, (int64_t)works_stats_nrows(s), printed_by, printed_at,
                   works_stats_nrows(s), stats_row, s};
    return xlsx_list_write(&l, path, err, errsz);
}

static void fees_row(lxw_worksheet *ws, lxw_row_t row, size_t i, const void *arg, const xlsx_list_formats *f)
{
    const app_works_stats *s = arg;
    long long v[WORKS_FEES_NCOLS];
    works_fees_values(s, i, v);
    if (i < s->nfees)
        worksheet_write_number(ws, row, 0, (double)v[0], f->num);
    else
        xlsx_text_write(ws, row, 0, "合計", f->label);
    worksheet_write_number(ws, row, 1, (double)v[1], f->num);
    for (int c = 2; c < WORKS_FEES_NCOLS - 1; c++)
        worksheet_write_number(ws, row, (lxw_col_t)c, (double)v[c], f->yen);
    char period[32];
    str_fmt(period, sizeof period, "%s〜%s", s->period.from_iso, s->period.to_iso);
    xlsx_text_write(ws, row, WORKS_FEES_NCOLS - 1, period, f->label);
}

int works_fees_xlsx_write(const app_works_stats *s, const char *printed_by, int64_t printed_at, const char *path,
                          char *err, size_t errsz)
{
    static const double WIDTHS[WORKS_FEES_NCOLS] = {10, 8, 14, 14, 14, 14, 14, 14, 14, 14, 24};
    xlsx_list l = {"加入金・手数料", "加入金・手数料 調定・収納状況（口径別）", WORKS_FEES_COL_TITLES, WORKS_FEES_NCOLS,
                   WIDTHS, 1, s->today, s->period.label, s->fee_total.applications, printed_by, printed_at,
                   s->nfees + 1, fees_row, s};
    return xlsx_list_write(&l, path, err, errsz);
}

int works_progress_xlsx_write(const app_works_page *p, const char *printed_by, int64_t printed_at, const char *path,
                              char *err, size_t errsz)
{
    return works_application_xlsx_titled(p, "進捗", "給水装置工事 進捗一覧（手続きの順、滞留の長い順）", "未完了の申込",
                                         printed_by, printed_at, path, err, errsz);
}
