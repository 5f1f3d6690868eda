/* app_works_handover_remodel — 改造 and 撤去: the work on the tap the
 * application names (see app_works_handover.h and docs/works.md 「引き渡し」);
 * a 撤去's closing also closes a 特団改造's dwelling that only the block had. */
#include <stdlib.h>
#include <string.h>

#include "app/reading/app_reading.h"
#include "app/reception/app_reception.h"
#include "app/works/app_works_handover_internal.h"
#include "base/buf.h"
#include "store/collect/mandate_store.h"
#include "store/reading/meter_store.h"
#include "store/registry/customer_store.h"

int app_works_handover_named_tap(app_ctx *ctx, const works_app_row *r, tap_row *t, bool *has_meter, err_t *e)
{
    int rc = tap_store_get(ctx->db, r->tap_id, t, e);
    if (rc == ERR_NOTFOUND)
        return err_field(e, "step", "申込の水栓（%s）が登録されていません。", r->tap_no);
    return rc ? rc : app_works_handover_tap_meter(ctx, t->id, has_meter, e);
}

/* 改造: the new meter (if any) and the diameter from the completion day. */
static int remodel(app_works_handover_run *h, const tap_row *t, bool has_meter, err_t *e)
{
    (void)has_meter;
    const works_app_row *r = h->r;
    int rc = 0;
    const works_meter_row *m = app_works_handover_meter_of(h, 0);
    if (t->diameter != r->diameter && (!m || !m->meter_no[0]))
        rc = err_field(e, "step", "口径が変わる改造ですが、完成検査で新しいメーターが記録されていません。完成検査（再検査）をやり直してください。");
    if (!rc && m && m->meter_no[0])
        rc = app_works_handover_install_meter(h, t->tap_no, m, e);
    if (!rc && t->diameter != r->diameter)
        rc = app_works_handover_change_diameter(h, t->id, t->diameter, r->diameter, e);
    return rc;
}

int app_works_handover_close_tap(app_works_handover_run *h, const tap_row *t, bool has_meter,
                                 const works_meter_row *m, err_t *e)
{
    const works_app_row *r = h->r;
    int rc = 0;
    if (has_meter && (!m || m->old_final < 0))
        rc = err_field(e, "step", "撤去したメーターの指針が完成検査で記録されていません。完成検査（再検査）をやり直してください。");
    occupancy_row occ;
    int occupied = rc ? ERR_NOTFOUND : occupancy_store_current(h->ctx->db, t->id, &occ, e);
    if (!rc && occupied != 0 && occupied != ERR_NOTFOUND)
        rc = occupied;
    if (!rc && occupied == 0 && has_meter) {
        mandate_row md;
        int r2 = mandate_store_open(h->ctx->db, t->id, &md, e);
        if (r2 && r2 != ERR_NOTFOUND)
            rc = r2;
        err_clear(e);
        char note[96], dial[16];
        str_fmt(note, sizeof note, "給水装置工事 %s（撤去）の完了による中止", r->number);
        str_fmt(dial, sizeof dial, "%lld", (long long)m->old_final);
        app_stop_in in = {.tap_no = t->tap_no, .stop_on = h->on, .source = "works",
                          .settle = r2 == 0 && md.customer_id == occ.customer_id ? "debit" : "slip", .note = note};
        app_request_out out;
        app_workorder_done done;
        if (!rc)
            rc = app_reception_stop_tx(h->ctx, &in, &out, e);
        h->request_id = out.request_id;
        h->stops += rc == 0;
        if (!rc)
            rc = app_workorder_complete_tx(h->ctx, out.work_order_id, dial, "給水装置の撤去", &done, e);
        if (rc == ERR_INVALID && strcmp(e->field, "reading") == 0)
            str_copy(e->field, sizeof e->field, "step");
    }
    meter_row cur;
    if (!rc && has_meter) {   /* still on the tap (the closing order reads it, never takes it off) */
        rc = meter_store_current(h->ctx->db, t->id, &cur, e);
        if (!rc)
            rc = meter_store_remove(h->ctx->db, cur.id, h->on, e);
    }
    if (!rc)
        rc = works_handover_store_tap_removed(h->ctx->db, t->id, date_now_unix(), e);
    return rc;
}

static int removal(app_works_handover_run *h, const tap_row *t, bool has_meter, err_t *e)
{
    return app_works_handover_close_tap(h, t, has_meter, app_works_handover_meter_of(h, 0), e);
}

/* A 改造's or 撤去's work (fn) on the tap the application names. */
static int on_named_tap(app_works_handover_run *h, int (*fn)(app_works_handover_run *, const tap_row *, bool, err_t *),
                        err_t *e)
{
    tap_row *t = calloc(1, sizeof *t);
    if (!t)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    bool has_meter = false;
    int rc = app_works_handover_named_tap(h->ctx, h->r, t, &has_meter, e);
    if (!rc)
        rc = fn(h, t, has_meter, e);
    if (!rc)
        str_copy(h->first_tap, sizeof h->first_tap, t->tap_no);
    free(t);
    return rc;
}

int app_works_handover_remodel(app_works_handover_run *h, err_t *e)
{
    return on_named_tap(h, remodel, e);
}

int app_works_handover_removal(app_works_handover_run *h, err_t *e)
{
    return on_named_tap(h, removal, e);
}
