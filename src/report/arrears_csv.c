/* arrears_csv — see arrears_csv.h. */
#include "report/arrears_csv.h"

#include "base/csv.h"

const char *const ARREARS_COL_TITLES[ARREARS_NCOLS] = {
    "お客様番号", "氏名", "カナ氏名", "水栓番号", "件数", "滞納額", "最古の納期限", "経過月数",
    "1か月未満", "1〜2か月", "2〜3か月", "3〜6か月", "6〜12か月", "12〜24か月", "24か月以上", "支払方法", "段階", "基準日"};

const char *arrears_method_label(const app_arrears_row *r)
{
    return r->debit && r->slip ? "口座振替・納付書" : r->debit ? "口座振替" : "納付書";
}

bool arrears_csv_write(const app_arrears_page *p, int encoding, buf_t *out)
{
    buf_t utf8;
    buf_init(&utf8, 0);
    csv_writer w;
    csv_begin(&w, &utf8, false);
    for (int k = 0; k < ARREARS_NCOLS; k++)
        csv_field(&w, ARREARS_COL_TITLES[k]);
    csv_end_row(&w);
    for (size_t i = 0; i < p->n; i++) {
        const app_arrears_row *r = &p->rows[i];
        csv_field_i64(&w, r->customer_id);
        csv_field(&w, r->name);
        csv_field(&w, r->kana);
        csv_field(&w, r->taps);
        csv_field_i64(&w, r->bills);
        csv_field_i64(&w, r->amount);
        csv_field(&w, r->oldest_due);
        csv_field_i64(&w, r->age_months);
        for (int k = 0; k < ARREARS_NBUCKETS; k++)
            csv_field_i64(&w, r->bucket[k]);
        csv_field(&w, arrears_method_label(r));
        csv_field(&w, ARREARS_STAGE_LABELS[r->stage]);
        csv_field(&w, p->today);
        csv_end_row(&w);
    }
    bool ok = !utf8.failed && csv_encode(&utf8, encoding, out);
    buf_free(&utf8);
    return ok;
}
