/* app_meter_event — a meter's moves written to its history, and the
 * helpers the meter use cases share (see app_meter_stock.h,
 * app_meter_int.h). */
#include "app/meter/app_meter_stock.h"
#include "app/meter/app_meter_int.h"

#include <string.h>

#include "domain/meter/meter_status.h"
#include "domain/validate.h"
#include "store/db.h"
#include "store/meter/meter_event_store.h"

int app_meter_event_tx(app_ctx *ctx, int64_t meter_id, const char *on, const char *from, const char *to,
                       int64_t tap_id, int64_t contractor_id, const char *ref, const char *note, const char *field,
                       err_t *e)
{
    int f = meter_status_parse(from), t = meter_status_parse(to);
    char why[256];
    if (from[0] && !meter_transition_ok((meter_status)f, (meter_status)t, why, sizeof why))
        return err_set(e, ERR_CONFLICT, field, why, "meter %lld: %s -> %s refused", (long long)meter_id, from, to);
    meter_event_row r;
    memset(&r, 0, sizeof r);
    r.meter_id = meter_id;
    str_copy(r.on_date, sizeof r.on_date, on);
    str_copy(r.from_status, sizeof r.from_status, from);
    str_copy(r.to_status, sizeof r.to_status, to);
    r.tap_id = tap_id;
    r.contractor_id = contractor_id;
    str_copy(r.ref, sizeof r.ref, ref ? ref : "");
    str_copy(r.note, sizeof r.note, note ? note : "");
    str_copy(r.done_by, sizeof r.done_by, ctx->actor.username[0] ? ctx->actor.username : "operator");
    r.done_at = date_now_unix();
    return meter_event_store_insert(ctx->db, &r, e);
}

int app_meter_day(const char *s, const char *field, const char *label, char *out, err_t *e)
{
    civil_date d = date_today_jst();
    int rc = validate_date(s, false, field, label, &d, e);
    if (rc)
        return rc;
    char today[11];
    date_format_iso(d, out);
    date_format_iso(date_today_jst(), today);
    if (strcmp(out, today) > 0)
        return err_field(e, field, "%sに未来の日付は入力できません。", label);
    return 0;
}

int app_meter_diameter(const char *s, const char *field, int64_t *out, err_t *e)
{
    long long d = 0;
    int rc = validate_int(s, 13, 200, field, "口径", &d, e);
    if (!rc && !validate_is_diameter(d))
        rc = err_field(e, field, "口径は 13, 20, 25, 30, 40, 50, 75, 100, 150, 200 のいずれかです。");
    *out = d;
    return rc;
}
