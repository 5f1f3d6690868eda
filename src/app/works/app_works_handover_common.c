/* app_works_handover_common — what the kinds of the works hand-over share
 * (app_works_handover_internal.h): a new tap with its route and meter, a
 * meter installed, a diameter change from the completion day, whether a tap
 * has a meter. */
#include <stdlib.h>
#include <string.h>

#include "app/app_seal.h"
#include "app/reading/app_reading.h"
#include "app/works/app_works_handover_internal.h"
#include "base/buf.h"
#include "base/config.h"
#include "store/reading/meter_store.h"
#include "store/registry/customer_store.h"

bool app_works_handover_given(const char *s)
{
    return s && *s;
}

int app_works_handover_tap_meter(app_ctx *ctx, int64_t tap_id, bool *has, err_t *e)
{
    meter_row m;
    int rc = meter_store_current(ctx->db, tap_id, &m, e);
    *has = rc == 0;
    if (rc == ERR_NOTFOUND) {
        err_clear(e);
        rc = 0;
    }
    return rc;
}

const works_meter_row *app_works_handover_meter_of(const app_works_handover_run *h, int64_t dwelling)
{
    for (size_t i = 0; i < h->nmeters; i++)
        if (h->meters[i].dwelling_no == dwelling)
            return &h->meters[i];
    return NULL;
}

/* The route a new tap of the area is read on: that of most of the area's
 * taps (after the last of them), else works.default_route. */
static int pick_route(app_works_handover_run *h, err_t *e)
{
    if (h->route[0])
        return 0;
    int rc = works_handover_store_area_route(h->ctx->db, h->r->area_code, h->route, &h->route_order, e);
    if (rc != ERR_NOTFOUND)
        return rc;
    err_clear(e);
    const char *def = config_get(h->ctx->env->cfg, "works.default_route", "");
    if (!app_works_handover_given(def))
        return err_field(e, "step",
                         "町丁目 %s には水栓がまだないため、検針区を決められません。設定 works.default_route に検針区を指定してください。",
                         h->r->area_code);
    str_copy(h->route, sizeof h->route, def);
    return works_handover_store_route_last(h->ctx->db, h->route, &h->route_order, e);
}

/* The meter m installed at tap_no on the completion day (old_final: the
 * dial of the meter taken off, when one was there). */
int app_works_handover_install_meter(app_works_handover_run *h, const char *tap_no, const works_meter_row *m,
                                     err_t *e)
{
    char dia[16], digits[8], old[16];
    str_fmt(dia, sizeof dia, "%lld", (long long)m->diameter);
    str_fmt(digits, sizeof digits, "%lld", (long long)m->digits);
    str_fmt(old, sizeof old, "%lld", (long long)m->old_final);
    app_meter_input in = {m->meter_no, m->maker, dia, digits, NULL};
    int rc = app_meter_replace_tx(h->ctx, tap_no, h->on, m->old_final >= 0 ? old : NULL, &in, m->start_value, e);
    if (rc == ERR_INVALID && strcmp(e->field, "start_value") == 0)
        str_copy(e->field, sizeof e->field, "meter_reading");
    return rc;
}

/* One new tap: numbered, with the diameter, use and place (the address
 * and, for a dwelling, its room), then its meter. */
int app_works_handover_make_tap(app_works_handover_run *h, int64_t dwelling, int64_t diameter, const char *room,
                                char made[16], err_t *e)
{
    const works_app_row *r = h->r;
    const works_meter_row *m = app_works_handover_meter_of(h, dwelling);
    if (!m || !m->meter_no[0])
        return err_field(e, "step", "完成検査で設置したメーターが記録されていません。完成検査（再検査）をやり直してください。");
    area_row area;
    int rc = area_store_get(h->ctx->db, r->area_code, &area, e);
    if (!rc)
        rc = pick_route(h, e);
    tap_row *t = calloc(1, sizeof *t);
    if (!t)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (!rc && room && *room) {
        char place[700], *plain = malloc(600);
        if (!plain)
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        if (!rc) {
            app_open_into(h->ctx, r->address_enc, plain, 600);
            str_fmt(place, sizeof place, "%s %s", plain, room);
            rc = app_seal_into(h->ctx, place, t->address_enc, sizeof t->address_enc, e);
        }
        free(plain);
    } else if (!rc) {
        str_copy(t->address_enc, sizeof t->address_enc, r->address_enc);
    }
    if (!rc)
        rc = tap_store_next_no(h->ctx->db, t->tap_no, e);
    if (!rc) {
        str_copy(t->area_code, sizeof t->area_code, r->area_code);
        t->diameter = diameter;
        str_copy(t->use_code, sizeof t->use_code, r->use_code);
        str_copy(t->sewer, sizeof t->sewer, area.sewer);
        str_copy(t->route, sizeof t->route, h->route);
        t->route_order = ++h->route_order;
        str_copy(t->status, sizeof t->status, "active");
        t->created_at = date_now_unix();
        rc = tap_store_insert(h->ctx->db, t, &t->id, e);
    }
    if (!rc)
        rc = works_handover_store_set_tap(h->ctx->db, r->id, dwelling, t->id, e);
    if (!rc)
        rc = app_works_handover_install_meter(h, t->tap_no, m, e);
    if (!rc) {
        if (!h->first_tap[0])
            str_copy(h->first_tap, sizeof h->first_tap, t->tap_no);
        if (made)
            str_copy(made, 16, t->tap_no);
        h->taps_made++;
    }
    free(t);
    return rc;
}

int app_works_handover_change_diameter(app_works_handover_run *h, int64_t tap_id, int64_t from, int64_t to, err_t *e)
{
    char source[40];
    str_fmt(source, sizeof source, "works:%lld", (long long)h->r->id);
    int rc = works_handover_store_change_diameter(h->ctx->db, tap_id, h->on, from, to, source, date_now_unix(), e);
    h->changed += rc == 0;
    return rc;
}
