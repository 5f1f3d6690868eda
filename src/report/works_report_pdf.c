/* works_report_pdf — the works statistics as a PDF (see works_report.h): A4
 * landscape, the counts by type, diameter, area and contractor, then the
 * charges by diameter on a page of their own; a table longer than a page
 * goes on with its header repeated; each page with the period, its number,
 * who printed it and when. */
#include "report/works_report.h"

#include "report/pdf_draw.h"
#include "report/pdf_table.h"

static void stats_cell(const void *arg, size_t i, int c, char *out, size_t outsz, bool *bold)
{
    const app_works_stats *s = arg;
    char label[320];
    int d;
    const works_stat_row *r = works_stats_row(s, i, &d, label, sizeof label);
    *bold = r == &s->total;
    const long long v[4] = {r->received, r->approved, r->completed, r->cancelled};
    if (c == 0)
        str_copy(out, outsz, app_works_dim_title(d));
    else if (c == 1)
        str_copy(out, outsz, label);
    else {
        char t[32];
        str_thousands(v[c - 2], t);
        str_copy(out, outsz, t);
    }
}

static void fees_cell(const void *arg, size_t i, int c, char *out, size_t outsz, bool *bold)
{
    const app_works_stats *s = arg;
    long long v[WORKS_FEES_NCOLS];
    works_fees_values(s, i, v);
    *bold = i == s->nfees;
    char t[40];
    if (c == 0 && i < s->nfees)
        str_fmt(out, outsz, "%lldmm", v[0]);
    else if (c == 0)
        str_copy(out, outsz, "合計");
    else if (c == 1) {
        str_thousands(v[1], t);
        str_copy(out, outsz, t);
    } else {
        pdf_yen(v[c], t);
        str_copy(out, outsz, t);
    }
}

int works_stats_pdf_write(const app_works_stats *s, const char *printed_by, int64_t printed_at, const char *path,
                          char *err, size_t errsz)
{
    cairo_surface_t *surf;
    cairo_t *cr;
    if (pdf_table_open(path, "給水装置工事統計表", &surf, &cr, err, errsz))
        return -1;
    char cond[256];
    str_fmt(cond, sizeof cond, "期間 %s（%s〜%s）　基準日 %s", s->period.label, s->period.from_iso, s->period.to_iso,
            s->today);
    pdf_pager p = {cr, cond, printed_by, printed_at, 0};
    static const double XS[] = {15, 60, 182, 207, 232, 257, 282};
    static const char *const HS[] = {"集計区分", "項目", "受付", "承認", "完了", "取消"};
    pdf_table st = {"給水装置工事統計表（件数）", 6, 2, XS, HS, works_stats_nrows(s), stats_cell, s};
    pdf_table_draw(&p, &st);
    static const double XF[] = {15, 32, 46, 76, 106, 136, 164, 192, 220, 251, 282};
    static const char *const HF[] = {"口径", "件数", "加入金調定", "加入金収納", "加入金未納",
                                     "手数料調定", "手数料収納", "手数料未納", "合計調定", "合計収納"};
    pdf_table ft = {"加入金・手数料 調定・収納状況（口径別、期間内の申込）", 10, 1, XF, HF, s->nfees + 1, fees_cell, s};
    pdf_table_draw(&p, &ft);
    return pdf_table_close(surf, cr, path, err, errsz);
}
