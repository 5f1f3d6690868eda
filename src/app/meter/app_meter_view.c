/* app_meter_view — one meter with its history, and the search (see
 * app_meter_stock.h).  Meters hold no personal data: reading them is not
 * audited. */
#include "app/meter/app_meter_stock.h"
#include "app/meter/app_meter_int.h"

#include <stdlib.h>
#include <string.h>

#include "domain/meter/meter_serial.h"
#include "domain/meter/meter_status.h"
#include "domain/role.h"
#include "store/db.h"
#include "store/meter/meter_event_store.h"
#include "store/meter/meter_master_store.h"

/* Where a meter in `status` is, in words: the place, and which one. */
static void where_of(const char *status, const char *contractor_no, const char *contractor_name, const char *tap_no,
                     char *out, size_t outsz)
{
    int st = meter_status_parse(status);
    meter_place p = st < 0 ? METER_AT_NONE : meter_status_place((meter_status)st);
    if (p == METER_AT_CONTRACTOR && contractor_no[0])
        str_fmt(out, outsz, "工事事業者 %s %s", contractor_no, contractor_name);
    else if (p == METER_AT_TAP && tap_no[0])
        str_fmt(out, outsz, "水栓 %s", tap_no);
    else
        str_copy(out, outsz, meter_place_label(p));
}

static const char *label_of(const char *status)
{
    int st = meter_status_parse(status);
    return st < 0 ? status : meter_status_label((meter_status)st);
}

static int events_of(app_ctx *ctx, int64_t meter_id, app_meter_info *out, err_t *e)
{
    meter_event_row *ev = NULL;
    size_t n = 0;
    int rc = meter_event_store_list(ctx->db, meter_id, &ev, &n, e);
    if (rc)
        return rc;
    out->events = calloc(n ? n : 1, sizeof *out->events);
    if (!out->events) {
        free(ev);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        app_meter_event *a = &out->events[i];
        str_copy(a->on_date, sizeof a->on_date, ev[i].on_date);
        str_copy(a->from_label, sizeof a->from_label, ev[i].from_status[0] ? label_of(ev[i].from_status) : "");
        str_copy(a->to_label, sizeof a->to_label, label_of(ev[i].to_status));
        where_of(ev[i].to_status, ev[i].contractor_no, ev[i].contractor_name, ev[i].tap_no, a->where, sizeof a->where);
        str_copy(a->ref, sizeof a->ref, ev[i].ref);
        str_copy(a->note, sizeof a->note, ev[i].note);
        str_copy(a->done_by, sizeof a->done_by, ev[i].done_by);
        date_format_ts_jst(ev[i].done_at, a->done_at);
    }
    out->nevents = n;
    free(ev);
    return 0;
}

int app_meter_show(app_ctx *ctx, const char *serial, app_meter_info *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_METER_VIEW, e);
    if (rc)
        return rc;
    if (!meter_serial_ok(serial))
        return err_set(e, ERR_NOTFOUND, "serial", "そのメーター番号は登録されていません。", "bad serial");
    meter_master_row m;
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    rc = meter_master_store_get(ctx->db, serial, &m, e);
    if (rc == ERR_NOTFOUND)
        str_copy(e->user, sizeof e->user, "そのメーター番号は登録されていません。");
    if (!rc)
        rc = events_of(ctx, m.id, out, e);
    db_end_read(ctx->db);
    if (rc) {
        app_meter_info_free(out);
        return rc;
    }
    str_copy(out->serial, sizeof out->serial, m.serial);
    str_copy(out->maker, sizeof out->maker, m.maker);
    str_copy(out->model, sizeof out->model, m.model);
    str_copy(out->lot, sizeof out->lot, m.lot);
    out->diameter = m.diameter;
    out->digits = m.digits;
    str_copy(out->certified_until, sizeof out->certified_until, m.certified_until);
    char today[11];
    date_format_iso(date_today_jst(), today);
    out->expired = strcmp(m.certified_until, today) < 0;
    str_copy(out->status, sizeof out->status, m.status);
    str_copy(out->status_label, sizeof out->status_label, label_of(m.status));
    int st = meter_status_parse(m.status);
    str_copy(out->place_label, sizeof out->place_label,
             meter_place_label(st < 0 ? METER_AT_NONE : meter_status_place((meter_status)st)));
    where_of(m.status, m.contractor_no, m.contractor_name, m.tap_no, out->where, sizeof out->where);
    str_copy(out->contractor_no, sizeof out->contractor_no, m.contractor_no);
    str_copy(out->tap_no, sizeof out->tap_no, m.tap_no);
    return 0;
}

void app_meter_info_free(app_meter_info *m)
{
    free(m->events);
    m->events = NULL;
    m->nevents = 0;
}

int app_meter_find(app_ctx *ctx, const char *q, const char *status, const char *diameter, app_meter_item **rows,
                   size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_METER_VIEW, e);
    if (rc)
        return rc;
    meter_master_filter f = {.q = q ? q : "", .status = "", .limit = 200};
    if (status && *status) {
        if (meter_status_parse(status) < 0)
            return err_field(e, "status", "状態の指定が正しくありません。");
        f.status = status;
    }
    if (diameter && *diameter && (rc = app_meter_diameter(diameter, "diameter", &f.diameter, e)))
        return rc;
    meter_master_row *m = NULL;
    size_t nm = 0;
    if ((rc = meter_master_store_find(ctx->db, &f, &m, &nm, e)))
        return rc;
    *rows = calloc(nm ? nm : 1, sizeof **rows);
    if (!*rows) {
        free(m);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < nm; i++) {
        app_meter_item *a = &(*rows)[i];
        str_copy(a->serial, sizeof a->serial, m[i].serial);
        str_copy(a->maker, sizeof a->maker, m[i].maker);
        str_copy(a->lot, sizeof a->lot, m[i].lot);
        str_copy(a->status_label, sizeof a->status_label, label_of(m[i].status));
        str_copy(a->certified_until, sizeof a->certified_until, m[i].certified_until);
        where_of(m[i].status, m[i].contractor_no, m[i].contractor_name, m[i].tap_no, a->where, sizeof a->where);
        a->diameter = m[i].diameter;
    }
    *n = nm;
    free(m);
    return 0;
}
