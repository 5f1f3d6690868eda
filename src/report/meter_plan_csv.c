/* meter_plan_csv — see meter_plan_csv.h. */
#include "report/meter_plan_csv.h"

#include "base/csv.h"

bool meter_plan_csv_write(const app_meter_plan *p, int encoding, buf_t *out)
{
    static const char *const TITLES[] = {"水栓番号", "検針区", "順路", "メーター番号", "口径",
                                         "メーカー", "検定満了日", "設置日"};
    buf_t utf8;
    buf_init(&utf8, 0);
    csv_writer w;
    csv_begin(&w, &utf8, false);
    for (size_t k = 0; k < sizeof TITLES / sizeof TITLES[0]; k++)
        csv_field(&w, TITLES[k]);
    csv_end_row(&w);
    for (size_t i = 0; i < p->n; i++) {
        const app_meter_plan_item *m = &p->items[i];
        csv_field(&w, m->tap_no);
        csv_field(&w, m->route);
        csv_field_i64(&w, m->route_order);
        csv_field(&w, m->serial);
        csv_field_i64(&w, m->diameter);
        csv_field(&w, m->maker);
        csv_field(&w, m->certified_until);
        csv_field(&w, m->installed_on);
        csv_end_row(&w);
    }
    bool ok = !utf8.failed && csv_encode(&utf8, encoding, out);
    buf_free(&utf8);
    return ok;
}
