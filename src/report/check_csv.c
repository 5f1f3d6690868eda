/* check_csv — see check_csv.h. */
#include "report/check_csv.h"

#include "base/csv.h"

bool check_csv_write(const app_check_list *l, int encoding, buf_t *out)
{
    buf_t raw;
    buf_init(&raw, 0);
    csv_writer w;
    csv_begin(&w, &raw, false);
    csv_field(&w, "水栓番号");
    csv_field(&w, "調定番号");
    csv_field(&w, l->info->col_a);
    csv_field(&w, l->info->col_b);
    csv_field(&w, "カルテ");
    csv_end_row(&w);
    for (size_t i = 0; i < l->n; i++) {
        const app_check_row *r = &l->rows[i];
        char path[48];
        str_fmt(path, sizeof path, "/karte/%s", r->tap_no);
        csv_field(&w, r->tap_no);
        if (r->bill_id)
            csv_field_i64(&w, r->bill_id);
        else
            csv_field(&w, "");
        csv_field(&w, r->a);
        csv_field(&w, r->b);
        csv_field(&w, path);
        csv_end_row(&w);
    }
    bool ok = !raw.failed && csv_encode(&raw, encoding, out);
    buf_free(&raw);
    return ok;
}
