/* works_application_csv — see works_application_csv.h. */
#include "report/works_application_csv.h"

#include "base/csv.h"

const char *const WORKS_APPLICATION_COL_TITLES[WORKS_APPLICATION_NCOLS] = {
    "申込番号", "申込種別", "状態", "申込日", "最終手続日", "経過日数", "滞留", "指定工事事業者", "町丁目", "水栓番号",
    "口径（mm）", "基準日"};

const char *works_application_type_label(int type)
{
    return works_type_label(type);
}

void works_application_diameter_text(const app_works_row *r, char *out, size_t outsz)
{
    if (r->type == WORKS_REMODEL)
        str_fmt(out, outsz, "%lld→%lld", (long long)r->old_diameter, (long long)r->diameter);
    else if (r->type == WORKS_COMPLEX)
        str_fmt(out, outsz, "%lld×%lld戸", (long long)r->diameter, (long long)r->dwellings);
    else
        str_fmt(out, outsz, "%lld", (long long)r->diameter);
}

bool works_application_csv_write(const app_works_page *p, int encoding, buf_t *out)
{
    buf_t utf8;
    buf_init(&utf8, 0);
    csv_writer w;
    csv_begin(&w, &utf8, false);
    for (int k = 0; k < WORKS_APPLICATION_NCOLS; k++)
        csv_field(&w, WORKS_APPLICATION_COL_TITLES[k]);
    csv_end_row(&w);
    for (size_t i = 0; i < p->n; i++) {
        const app_works_row *r = &p->rows[i];
        char dia[48];
        works_application_diameter_text(r, dia, sizeof dia);
        csv_field(&w, r->number);
        csv_field(&w, works_application_type_label(r->type));
        csv_field(&w, works_status_label(r->status));
        csv_field(&w, r->received_on);
        csv_field(&w, r->status_on);
        csv_field_i64(&w, r->days_open);
        csv_field(&w, r->overdue ? "滞留" : "");
        csv_field(&w, r->contractor_name);
        csv_field(&w, r->area_name);
        csv_field(&w, r->tap_no);
        csv_field(&w, dia);
        csv_field(&w, p->today);
        csv_end_row(&w);
    }
    bool ok = !utf8.failed && csv_encode(&utf8, encoding, out);
    buf_free(&utf8);
    return ok;
}
