/* app_works_handover_block — 特団改造: a complex application naming a tap
 * of a block an earlier 特団 made; its dwellings matched to the block's by
 * 部屋番号 (see app_works_handover.h and docs/works.md 「特団改造」). */
#include <stdlib.h>
#include <string.h>

#include "app/works/app_works_handover_internal.h"
#include "base/buf.h"
#include "domain/works/works_progress.h"

static int plan_close(app_ctx *ctx, const works_block_row *b, int64_t no, app_works_block_dwelling *d, err_t *e)
{
    *d = (app_works_block_dwelling){.no = no, .kind = APP_WORKS_DW_CLOSE, .tap_id = b->tap_id,
                                    .old_diameter = b->diameter};
    str_copy(d->label, sizeof d->label, b->label);
    str_copy(d->tap_no, sizeof d->tap_no, b->tap_no);
    return app_works_handover_tap_meter(ctx, b->tap_id, &d->has_meter, e);
}

int app_works_handover_plan_tx(app_ctx *ctx, const works_app_row *r, app_works_block_dwelling **out, size_t *n,
                               err_t *e)
{
    *out = NULL;
    *n = 0;
    if (works_type_parse(r->type) != WORKS_COMPLEX || r->tap_id == 0)
        return 0;
    works_block_row *old = NULL;
    works_dwelling_row *dw = NULL;
    size_t nold = 0, nd = 0, k = 0;
    int rc = works_handover_store_block(ctx->db, r->tap_id, &old, &nold, e);
    if (!rc && nold == 0)
        rc = err_field(e, "step", "申込の水栓（%s）は特団の工事でできた水栓ではないため、部屋番号で照合できません。", r->tap_no);
    if (!rc)
        rc = works_dwelling_store_list(ctx->db, r->id, &dw, &nd, e);
    bool *kept = rc ? NULL : calloc(nold, sizeof *kept);
    app_works_block_dwelling *p = rc ? NULL : calloc(nd + nold, sizeof *p);
    if (!rc && (!kept || !p))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < nd; i++, k++) {
        app_works_block_dwelling *d = &p[k];
        *d = (app_works_block_dwelling){.no = dw[i].no, .kind = APP_WORKS_DW_NEW, .diameter = dw[i].diameter};
        str_copy(d->label, sizeof d->label, dw[i].label);
        for (size_t j = 0; j < nold; j++)
            if (!kept[j] && strcmp(old[j].label, dw[i].label) == 0) {
                kept[j] = true;
                d->kind = old[j].diameter == dw[i].diameter ? APP_WORKS_DW_KEEP : APP_WORKS_DW_CHANGE;
                d->tap_id = old[j].tap_id;
                d->old_diameter = old[j].diameter;
                str_copy(d->tap_no, sizeof d->tap_no, old[j].tap_no);
                rc = app_works_handover_tap_meter(ctx, d->tap_id, &d->has_meter, e);
                break;
            }
    }
    for (size_t j = 0; !rc && j < nold; j++)
        if (!kept[j]) {
            rc = plan_close(ctx, &old[j], (int64_t)k + 1, &p[k], e);   /* numbered after the application's */
            k++;
        }
    free(kept);
    free(old);
    free(dw);
    if (rc) {
        free(p);
        return rc;
    }
    *out = p;
    *n = k;
    return 0;
}

int app_works_handover_plan(app_ctx *ctx, int64_t id, app_works_block_dwelling **out, size_t *n, err_t *e)
{
    *out = NULL;
    *n = 0;
    works_app_row *r = calloc(1, sizeof *r);
    if (!r)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = works_app_store_get(ctx->db, id, r, e);
    if (!rc)
        rc = app_works_handover_plan_tx(ctx, r, out, n, e);
    free(r);
    return rc;
}

/* A dwelling kept by a 特団改造: its tap named by the dwelling, a new
 * meter when one was set (the old one's last dial read), a diameter change
 * from the completion day as a 改造's. */
static int keep_dwelling(app_works_handover_run *h, const app_works_block_dwelling *d, err_t *e)
{
    const works_meter_row *m = app_works_handover_meter_of(h, d->no);
    int rc = works_handover_store_set_tap(h->ctx->db, h->r->id, d->no, d->tap_id, e);
    if (!rc && d->kind == APP_WORKS_DW_CHANGE && (!m || !m->meter_no[0]))
        rc = err_field(e, "step", "%sは口径が変わりますが、完成検査で新しいメーターが記録されていません。完成検査（再検査）をやり直してください。",
                       d->label);
    if (!rc && m && m->meter_no[0])
        rc = app_works_handover_install_meter(h, d->tap_no, m, e);
    if (!rc && d->kind == APP_WORKS_DW_CHANGE)
        rc = app_works_handover_change_diameter(h, d->tap_id, d->old_diameter, d->diameter, e);
    return rc;
}

/* 特団改造: each dwelling of the application kept (its tap), changed (as a
 * 改造) or new (a tap and its meter as a 特団's: no start request, its
 * resident asks); each dwelling only in the old block closed as a 撤去. */
int app_works_handover_block(app_works_handover_run *h, const app_works_block_dwelling *p, size_t np, err_t *e)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < np; i++) {
        const app_works_block_dwelling *d = &p[i];
        if (d->kind == APP_WORKS_DW_NEW) {
            rc = app_works_handover_make_tap(h, d->no, d->diameter, d->label, NULL, e);
        } else if (d->kind == APP_WORKS_DW_CLOSE) {
            tap_row *t = calloc(1, sizeof *t);
            if (!t)
                return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
            rc = tap_store_get(h->ctx->db, d->tap_id, t, e);
            if (!rc)
                rc = app_works_handover_close_tap(h, t, d->has_meter, app_works_handover_meter_of(h, d->no), e);
            free(t);
        } else {
            rc = keep_dwelling(h, d, e);
            if (!rc && !h->first_tap[0])
                str_copy(h->first_tap, sizeof h->first_tap, d->tap_no);
        }
    }
    return rc;
}
