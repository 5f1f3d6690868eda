/* slip_csv — see slip_csv.h. */
#include "report/slip_csv.h"

#include "base/csv.h"
#include "app/billing/app_bill.h"

/* An upper bound of the CSV of n slips (a row is under 2 KB). */
static size_t max_bytes(size_t n)
{
    return (n + 1) * 2048;
}

bool slip_csv_write(const app_slip *slips, size_t n, int encoding, buf_t *out)
{
    static const char *const HEAD[] = {"水栓番号", "お客様名", "給水場所", "検針周期", "使用期間開始", "使用期間終了",
                                       "使用水量", "認定", "水道料金", "下水道使用料", "減免等", "消費税等", "調定額",
                                       "収納済額", "納付金額", "納期限", "再発行区分", "バーコード"};
    buf_t utf8;
    buf_init(&utf8, 0);
    buf_allow(&utf8, max_bytes(n));
    buf_allow(out, out->len + max_bytes(n));
    csv_writer w;
    csv_begin(&w, &utf8, false);
    for (size_t i = 0; i < sizeof HEAD / sizeof HEAD[0]; i++)
        csv_field(&w, HEAD[i]);
    csv_end_row(&w);
    for (size_t i = 0; i < n; i++) {
        const app_slip *s = &slips[i];
        csv_field(&w, s->tap_no);
        csv_field(&w, s->customer);
        csv_field(&w, s->address);
        csv_field(&w, s->cycle);
        csv_field(&w, s->period_from);
        csv_field(&w, s->period_to);
        csv_field_i64(&w, s->usage);
        csv_field(&w, s->estimated ? "1" : "0");
        csv_field_i64(&w, s->water_yen);
        csv_field_i64(&w, s->sewer_yen);
        csv_field_i64(&w, s->adjust_yen);
        csv_field_i64(&w, s->tax_yen);
        csv_field_i64(&w, s->total_yen);
        csv_field_i64(&w, s->paid_yen);
        csv_field_i64(&w, s->amount);
        csv_field(&w, s->due_on);
        csv_field_i64(&w, s->reissue);
        csv_field(&w, s->code);
        csv_end_row(&w);
    }
    bool ok = !utf8.failed && csv_encode(&utf8, encoding, out);
    buf_free(&utf8);
    return ok;
}
