/* bill_summary_csv — see bill_summary_csv.h. */
#include "report/bill_summary_csv.h"

#include "base/csv.h"
#include "report/bill_summary_cols.h"

static void put_row(csv_writer *w, const app_bill_report *r, const app_bill_report_row *x)
{
    char dia[16];
    long long v[BILL_SUMMARY_NVALS];
    csv_field(w, r->cycle);
    csv_field(w, app_bill_report_use_label(x));
    bill_summary_diameter(x, dia);
    csv_field(w, dia);
    bill_summary_values(x, v);
    for (int k = 0; k < BILL_SUMMARY_NVALS; k++)
        csv_field_i64(w, v[k]);
    csv_end_row(w);
}

bool bill_summary_csv_write(const app_bill_report *r, int encoding, buf_t *out)
{
    buf_t utf8;
    buf_init(&utf8, 0);
    csv_writer w;
    csv_begin(&w, &utf8, false);
    csv_field(&w, "検針周期");
    csv_field(&w, "用途");
    csv_field(&w, "口径(mm)");
    for (int k = 0; k < BILL_SUMMARY_NVALS; k++)
        csv_field(&w, BILL_SUMMARY_TITLES[k]);
    csv_end_row(&w);
    for (size_t i = 0; i < r->n; i++)
        put_row(&w, r, &r->rows[i]);
    put_row(&w, r, &r->total);
    bool ok = csv_encode(&utf8, encoding, out);
    buf_free(&utf8);
    return ok;
}
