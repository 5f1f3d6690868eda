/* app_works_handover — the dispatcher of a 完了's hand-over: the kind's
 * file by the application's type, then the audit row; see
 * app_works_handover.h, app_works_handover_internal.h (which file does which
 * kind) and docs/works.md 「引き渡し」. */
#include "app/works/app_works_handover.h"

#include <stdlib.h>
#include <string.h>

#include "app/works/app_works_handover_internal.h"
#include "base/buf.h"
#include "domain/works/works_progress.h"

/* 特団 or 特団改造: a complex naming a tap of a block remodels that block. */
static int complex_or_block(app_works_handover_run *h, err_t *e)
{
    app_works_block_dwelling *p = NULL;
    size_t np = 0;
    int rc = app_works_handover_plan_tx(h->ctx, h->r, &p, &np, e);
    if (!rc)
        rc = np ? app_works_handover_block(h, p, np, e) : app_works_handover_complex(h, e);
    free(p);
    return rc;
}

static int audit(app_works_handover_run *h, err_t *e)
{
    char obj[48];
    str_fmt(obj, sizeof obj, "works_application:%lld", (long long)h->r->id);
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_string(&d.w, "number", h->r->number);
    jsonw_kv_string(&d.w, "type", h->r->type);
    jsonw_kv_string(&d.w, "on", h->on);
    jsonw_kv_string(&d.w, "tap", h->first_tap);
    jsonw_kv_int(&d.w, "taps_made", h->taps_made);
    jsonw_kv_int(&d.w, "diameter", h->r->diameter);
    jsonw_kv_int(&d.w, "request", h->request_id);
    jsonw_kv_int(&d.w, "starts", h->starts);
    jsonw_kv_int(&d.w, "stops", h->stops);
    jsonw_kv_int(&d.w, "diameter_changes", h->changed);
    return app_audit_json(h->ctx, "works.application.handover", obj, &d, e);
}

int app_works_handover_tx(app_ctx *ctx, const works_app_row *r, const char *on, const app_works_handover_opts *opts,
                          char *tap_no, err_t *e)
{
    app_works_handover_run h;
    memset(&h, 0, sizeof h);
    if (opts)
        h.opts = *opts;
    h.ctx = ctx;
    h.r = r;
    h.on = on;
    int rc = works_meter_store_list(ctx->db, r->id, &h.meters, &h.nmeters, e);
    int type = works_type_parse(r->type);
    if (!rc && (type == WORKS_NEW || type == WORKS_BRANCH))
        rc = app_works_handover_new(&h, e);
    else if (!rc && type == WORKS_COMPLEX)
        rc = complex_or_block(&h, e);
    else if (!rc && type == WORKS_REMODEL)
        rc = app_works_handover_remodel(&h, e);
    else if (!rc && type == WORKS_REMOVAL)
        rc = app_works_handover_removal(&h, e);
    if (!rc)
        rc = audit(&h, e);
    if (!rc && tap_no)
        str_copy(tap_no, 16, h.first_tap);
    free(h.meters);
    return rc;
}
