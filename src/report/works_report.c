/* works_report — see works_report.h: the rows and the CSV.  The Excel is in
 * works_report_xlsx.c, the PDF in works_report_pdf.c. */
#include "report/works_report.h"

#include "base/csv.h"

const char *const WORKS_STATS_COL_TITLES[WORKS_STATS_NCOLS] = {"集計区分", "項目", "受付", "承認", "完了", "取消",
                                                               "期間"};
const char *const WORKS_FEES_COL_TITLES[WORKS_FEES_NCOLS] = {
    "口径（mm）", "件数", "加入金 調定額", "加入金 収納済額", "加入金 未納額", "手数料 調定額", "手数料 収納済額",
    "手数料 未納額", "合計 調定額", "合計 収納済額", "期間"};

size_t works_stats_nrows(const app_works_stats *s)
{
    size_t n = 0;
    for (int d = 0; d < WORKS_NDIMS; d++)
        n += s->n[d] + 1;
    return n;
}

const works_stat_row *works_stats_row(const app_works_stats *s, size_t i, int *dim, char *label, size_t labelsz)
{
    for (int d = 0; d < WORKS_NDIMS; d++) {
        if (i <= s->n[d]) {
            *dim = d;
            if (i == s->n[d]) {
                str_copy(label, labelsz, "合計");
                return &s->total;
            }
            app_works_stat_label(d, &s->dims[d][i], label, labelsz);
            return &s->dims[d][i];
        }
        i -= s->n[d] + 1;
    }
    *dim = 0;
    str_copy(label, labelsz, "");
    return &s->total;
}

void works_fees_values(const app_works_stats *s, size_t i, long long v[WORKS_FEES_NCOLS])
{
    const works_fee_row *f = i < s->nfees ? &s->fees[i] : &s->fee_total;
    long long k = f->kanyukin, kp = f->kanyukin_paid, fe = f->fees, fp = f->fees_paid;
    long long row[WORKS_FEES_NCOLS] = {i < s->nfees ? f->diameter : 0, f->applications, k, kp, k - kp, fe, fp, fe - fp,
                                       k + fe, kp + fp, 0};
    for (int c = 0; c < WORKS_FEES_NCOLS; c++)
        v[c] = row[c];
}

static void period_text(const app_works_stats *s, char *out, size_t outsz)
{
    str_fmt(out, outsz, "%s〜%s", s->period.from_iso, s->period.to_iso);
}

static bool finish(buf_t *utf8, int encoding, buf_t *out)
{
    bool ok = !utf8->failed && csv_encode(utf8, encoding, out);
    buf_free(utf8);
    return ok;
}

bool works_stats_csv_write(const app_works_stats *s, int encoding, buf_t *out)
{
    buf_t utf8;
    buf_init(&utf8, 0);
    csv_writer w;
    csv_begin(&w, &utf8, false);
    for (int k = 0; k < WORKS_STATS_NCOLS; k++)
        csv_field(&w, WORKS_STATS_COL_TITLES[k]);
    csv_end_row(&w);
    char period[32], label[320];
    period_text(s, period, sizeof period);
    for (size_t i = 0, n = works_stats_nrows(s); i < n; i++) {
        int d;
        const works_stat_row *r = works_stats_row(s, i, &d, label, sizeof label);
        csv_field(&w, app_works_dim_title(d));
        csv_field(&w, label);
        csv_field_i64(&w, r->received);
        csv_field_i64(&w, r->approved);
        csv_field_i64(&w, r->completed);
        csv_field_i64(&w, r->cancelled);
        csv_field(&w, period);
        csv_end_row(&w);
    }
    return finish(&utf8, encoding, out);
}

bool works_fees_csv_write(const app_works_stats *s, int encoding, buf_t *out)
{
    buf_t utf8;
    buf_init(&utf8, 0);
    csv_writer w;
    csv_begin(&w, &utf8, false);
    for (int k = 0; k < WORKS_FEES_NCOLS; k++)
        csv_field(&w, WORKS_FEES_COL_TITLES[k]);
    csv_end_row(&w);
    char period[32];
    period_text(s, period, sizeof period);
    for (size_t i = 0; i <= s->nfees; i++) {
        long long v[WORKS_FEES_NCOLS];
        works_fees_values(s, i, v);
        if (i < s->nfees)
            csv_field_i64(&w, v[0]);
        else
            csv_field(&w, "合計");
        for (int c = 1; c < WORKS_FEES_NCOLS - 1; c++)
            csv_field_i64(&w, v[c]);
        csv_field(&w, period);
        csv_end_row(&w);
    }
    return finish(&utf8, encoding, out);
}
