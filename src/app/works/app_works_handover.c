/* app_works_handover — see app_works_handover.h and docs/works.md 「引き渡し」. */
#include "app/works/app_works_handover.h"

#include <stdlib.h>
#include <string.h>

#include "app/app_seal.h"
#include "app/reading/app_reading.h"
#include "app/reception/app_reception.h"
#include "app/registry/app_registry.h"
#include "base/buf.h"
#include "base/config.h"
#include "domain/validate.h"
#include "domain/works/works_progress.h"
#include "store/collect/mandate_store.h"
#include "store/db.h"
#include "store/reading/meter_store.h"
#include "store/registry/customer_store.h"
#include "store/registry/tap_store.h"
#include "store/works/works_handover_store.h"

#define MAX_DIGITS 6

static bool given(const char *s)
{
    return s && *s;
}

/* ---- the meters of a passing inspection ------------------------------ */

/* A meter's form field: "meter_no", or "meter_no_3" for dwelling 3. */
static void field_of(char out[40], const char *base, int64_t dwelling)
{
    if (dwelling > 0)
        str_fmt(out, 40, "%s_%lld", base, (long long)dwelling);
    else
        str_copy(out, 40, base);
}

/* The number as the meter records keep it (app_meter's rule). */
static bool meter_no_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    bool ok = n >= 4 && n <= 20;
    for (size_t i = 0; ok && i < n; i++)
        ok = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '-';
    return ok;
}

/* What one meter of the form says (for dwelling, "" label for the one of
 * the application), checked against the diameter it must have. */
typedef struct meter_check {
    int64_t dwelling, diameter;
    const char *label;          /* "" or "101号の" */
    bool with_old;              /* the old meter's last dial is needed */
    bool with_new;              /* a new meter is set */
} meter_check;

static int check_new_meter(app_ctx *ctx, const app_works_meter_input *m, const meter_check *k, works_meter_row *out,
                           err_t *e)
{
    char f[40], label[96];
    long long v;
    int rc;
    field_of(f, "meter_no", k->dwelling);
    if (!given(m->meter_no))
        return err_field(e, f, "%s設置したメーターの番号を入力してください。", k->label);
    if (!meter_no_ok(m->meter_no))
        return err_field(e, f, "%sメーター番号は英大文字・数字・ハイフンの4〜20文字で入力してください。", k->label);
    meter_row *have = calloc(1, sizeof *have);
    if (!have)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    rc = meter_store_get_by_no(ctx->db, m->meter_no, have, e);
    if (rc == 0 && strcmp(have->status, "stock") != 0)
        rc = err_field(e, f, "%sメーター %s は在庫にありません（設置中または撤去済み）。番号を確かめてください。", k->label,
                       m->meter_no);
    else if (rc == ERR_NOTFOUND) {
        err_clear(e);
        rc = 0;
    }
    free(have);
    if (rc)
        return rc;
    field_of(f, "meter_maker", k->dwelling);
    str_fmt(label, sizeof label, "%sメーターのメーカー", k->label);
    if ((rc = validate_text(m->maker, true, 30, f, label, e)))
        return rc;
    field_of(f, "meter_diameter", k->dwelling);
    if (given(m->diameter)) {
        str_fmt(label, sizeof label, "%sメーターの口径", k->label);
        if ((rc = validate_int(m->diameter, 13, 300, f, label, &v, e)))
            return rc;
        if (v != k->diameter)
            return err_field(e, f, "%sメーターの口径（%lld mm）が申込の口径（%lld mm）と違います。", k->label, v,
                             (long long)k->diameter);
    }
    field_of(f, "meter_digits", k->dwelling);
    v = 4;
    str_fmt(label, sizeof label, "%sメーターの桁数", k->label);
    if (given(m->digits) && (rc = validate_int(m->digits, 4, MAX_DIGITS, f, label, &v, e)))
        return rc;
    out->digits = v;
    field_of(f, "meter_reading", k->dwelling);
    str_fmt(label, sizeof label, "%s取付指針", k->label);
    if ((rc = validate_int(m->reading, 0, 999999, f, label, &v, e)))
        return rc;
    long long span = 1;
    for (int64_t i = 0; i < out->digits; i++)
        span *= 10;
    if (v >= span)
        return err_field(e, f, "%s取付指針がメーターの桁数（%lld桁）を超えています。", k->label, (long long)out->digits);
    out->start_value = v;
    str_copy(out->meter_no, sizeof out->meter_no, m->meter_no);
    str_copy(out->maker, sizeof out->maker, m->maker);
    out->diameter = k->diameter;
    return 0;
}

static int check_meter(app_ctx *ctx, const app_works_meter_input *m, const meter_check *k, works_meter_row *out,
                       err_t *e)
{
    static const app_works_meter_input NONE = {0};
    if (!m)
        m = &NONE;
    out->dwelling_no = k->dwelling;
    out->old_final = -1;
    int rc = k->with_new ? check_new_meter(ctx, m, k, out, e) : 0;
    if (!rc && !k->with_new && given(m->meter_no))
        return err_field(e, "meter_no", "撤去の工事では新しいメーターは設置しません（メーター番号は空にしてください）。");
    if (!rc && k->with_old) {
        long long v;
        char f[40], label[128];
        field_of(f, "old_final", k->dwelling);
        str_fmt(label, sizeof label, "%s取り外したメーターの指針", k->label);
        if ((rc = validate_int(m->old_final, 0, 999999, f, label, &v, e)))
            return rc;
        out->old_final = v;
    }
    return rc;
}

/* ---- 特団改造: the block's dwellings matched by 部屋番号 --------------- */

static int tap_has_meter(app_ctx *ctx, int64_t tap_id, bool *has, err_t *e)
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

static int plan_close(app_ctx *ctx, const works_block_row *b, int64_t no, app_works_block_dwelling *d, err_t *e)
{
    *d = (app_works_block_dwelling){.no = no, .kind = APP_WORKS_DW_CLOSE, .tap_id = b->tap_id,
                                    .old_diameter = b->diameter};
    str_copy(d->label, sizeof d->label, b->label);
    str_copy(d->tap_no, sizeof d->tap_no, b->tap_no);
    return tap_has_meter(ctx, b->tap_id, &d->has_meter, e);
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
                rc = tap_has_meter(ctx, d->tap_id, &d->has_meter, e);
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

/* The inspection of a 特団改造: a new dwelling's meter; a kept one's new
 * meter when its diameter changes (or one is given) with the old one's last
 * dial; a closing one's last dial (「2号室の撤去時指針」). */
static int check_block(app_ctx *ctx, const app_works_block_dwelling *p, size_t np, const app_works_meter_input *m,
                       size_t n, works_meter_row *out, err_t *e)
{
    static const app_works_meter_input NONE = {0};
    int rc = 0;
    for (size_t i = 0; !rc && i < np; i++) {
        const app_works_block_dwelling *d = &p[i];
        const app_works_meter_input *in = (size_t)d->no <= n ? &m[d->no - 1] : &NONE;
        char label[96];
        str_fmt(label, sizeof label, "%sの", d->label);
        out[i].dwelling_no = d->no;
        out[i].old_final = -1;
        if (d->kind == APP_WORKS_DW_CLOSE) {
            char f[40], what[128];
            long long v;
            field_of(f, "old_final", d->no);
            str_fmt(what, sizeof what, "%s撤去時指針", label);
            if (d->has_meter && !(rc = validate_int(in->old_final, 0, 999999, f, what, &v, e)))
                out[i].old_final = v;
            continue;
        }
        bool with_new = d->kind != APP_WORKS_DW_KEEP || given(in->meter_no);
        meter_check k = {d->no, d->diameter, label, d->kind != APP_WORKS_DW_NEW && d->has_meter && with_new, with_new};
        rc = check_meter(ctx, in, &k, &out[i], e);
    }
    return rc;
}

/* The tap an application names, and whether a meter is on it. */
static int named_tap(app_ctx *ctx, const works_app_row *r, tap_row *t, bool *has_meter, err_t *e)
{
    int rc = tap_store_get(ctx->db, r->tap_id, t, e);
    if (rc == ERR_NOTFOUND)
        return err_field(e, "step", "申込の水栓（%s）が登録されていません。", r->tap_no);
    meter_row m;
    if (!rc) {
        rc = meter_store_current(ctx->db, t->id, &m, e);
        *has_meter = rc == 0;
        if (rc == ERR_NOTFOUND) {
            err_clear(e);
            rc = 0;
        }
    }
    return rc;
}

static int check_dwellings(app_ctx *ctx, const works_app_row *r, const app_works_meter_input *m, size_t n,
                           works_meter_row **out, size_t *nout, err_t *e)
{
    app_works_block_dwelling *p = NULL;
    size_t np = 0;
    int rc = app_works_handover_plan_tx(ctx, r, &p, &np, e);
    if (!rc && !np) {   /* a new 特団: a new tap and meter for each dwelling */
        works_dwelling_row *dw = NULL;
        size_t nd = 0;
        rc = works_dwelling_store_list(ctx->db, r->id, &dw, &nd, e);
        if (!rc && nd && !(p = calloc(nd, sizeof *p)))
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        for (size_t i = 0; !rc && i < nd; i++) {
            p[i] = (app_works_block_dwelling){.no = dw[i].no, .kind = APP_WORKS_DW_NEW, .diameter = dw[i].diameter};
            str_copy(p[i].label, sizeof p[i].label, dw[i].label);
        }
        np = rc ? 0 : nd;
        free(dw);
    }
    if (!rc && np && !(*out = calloc(np, sizeof **out)))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (!rc)
        rc = check_block(ctx, p, np, m, n, *out, e);
    for (size_t i = 0; !rc && i < np; i++)
        for (size_t j = 0; !rc && j < i; j++)
            if ((*out)[i].meter_no[0] && strcmp((*out)[j].meter_no, (*out)[i].meter_no) == 0) {
                char f[40];
                field_of(f, "meter_no", p[i].no);
                rc = err_field(e, f, "メーター番号 %s が %s と %s の2戸にあります。", (*out)[i].meter_no, p[j].label,
                               p[i].label);
            }
    if (!rc)
        *nout = np;
    free(p);
    return rc;
}

int app_works_handover_inspect_tx(app_ctx *ctx, const works_app_row *r, const app_works_meter_input *m, size_t n,
                                  const char *on, err_t *e)
{
    works_meter_row *rows = NULL, one;
    size_t nrows = 0;
    memset(&one, 0, sizeof one);
    int rc = 0;
    int type = works_type_parse(r->type);
    if (type == WORKS_COMPLEX) {
        rc = check_dwellings(ctx, r, m, n, &rows, &nrows, e);
    } else if (type == WORKS_NEW || type == WORKS_BRANCH) {
        meter_check k = {0, r->diameter, "", false, true};
        rc = check_meter(ctx, n ? &m[0] : NULL, &k, &one, e);
        rows = &one;
        nrows = 1;
    } else {
        tap_row *t = calloc(1, sizeof *t);
        bool has_meter = false;
        if (!t)
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        rc = named_tap(ctx, r, t, &has_meter, e);
        /* 改造: a new meter when the diameter changes (or one is given);
         * 撤去: none, the old one's last dial */
        bool new_meter = type == WORKS_REMODEL && (t->diameter != r->diameter || (n && given(m[0].meter_no)));
        meter_check k = {0, r->diameter, "", has_meter && (new_meter || type == WORKS_REMOVAL), new_meter};
        if (!rc && (k.with_new || k.with_old)) {
            rc = check_meter(ctx, n ? &m[0] : NULL, &k, &one, e);
            rows = &one;
            nrows = 1;
        }
        free(t);
    }
    for (size_t i = 0; !rc && i < nrows; i++) {
        rows[i].application_id = r->id;
        str_copy(rows[i].recorded_on, sizeof rows[i].recorded_on, on);
    }
    if (!rc)
        rc = works_meter_store_replace(ctx->db, r->id, rows, nrows, e);
    if (rows != &one)
        free(rows);
    return rc;
}

/* ---- 完了 ------------------------------------------------------------ */

typedef struct handover {
    app_ctx *ctx;
    const works_app_row *r;
    const char *on;
    works_meter_row *meters;
    size_t nmeters;
    char first_tap[16];
    int64_t taps_made, request_id, starts, stops, changed;
    bool no_start;              /* the demo's: the new taps wait for their residents */
    char route[16];
    int64_t route_order;
} handover;

static const works_meter_row *meter_of(const handover *h, int64_t dwelling)
{
    for (size_t i = 0; i < h->nmeters; i++)
        if (h->meters[i].dwelling_no == dwelling)
            return &h->meters[i];
    return NULL;
}

/* The route a new tap of the area is read on: that of most of the area's
 * taps (after the last of them), else works.default_route. */
static int pick_route(handover *h, err_t *e)
{
    if (h->route[0])
        return 0;
    int rc = works_handover_store_area_route(h->ctx->db, h->r->area_code, h->route, &h->route_order, e);
    if (rc != ERR_NOTFOUND)
        return rc;
    err_clear(e);
    const char *def = config_get(h->ctx->env->cfg, "works.default_route", "");
    if (!given(def))
        return err_field(e, "step",
                         "町丁目 %s には水栓がまだないため、検針区を決められません。設定 works.default_route に検針区を指定してください。",
                         h->r->area_code);
    str_copy(h->route, sizeof h->route, def);
    return works_handover_store_route_last(h->ctx->db, h->route, &h->route_order, e);
}

/* The meter m installed at tap_no on the completion day (old_final: the
 * dial of the meter taken off, when one was there). */
static int install_meter(handover *h, const char *tap_no, const works_meter_row *m, err_t *e)
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
static int make_tap(handover *h, int64_t dwelling, int64_t diameter, const char *room, char made[16], err_t *e)
{
    const works_app_row *r = h->r;
    const works_meter_row *m = meter_of(h, dwelling);
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
        rc = install_meter(h, t->tap_no, m, e);
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

/* The start request in 受付 for the owner, from the completion day. */
static int open_start(handover *h, const char *tap_no, err_t *e)
{
    if (h->no_start)
        return 0;
    const works_app_row *r = h->r;
    char name[256], kana[256] = "", phone[32], aphone[32];
    app_open_into(h->ctx, r->owner_name_enc, name, sizeof name);
    if (r->owner_kana_enc[0])
        app_open_into(h->ctx, r->owner_kana_enc, kana, sizeof kana);
    app_open_into(h->ctx, r->owner_phone_enc, phone, sizeof phone);
    app_open_into(h->ctx, r->applicant_phone_enc, aphone, sizeof aphone);
    char note[96];
    str_fmt(note, sizeof note, kana[0] ? "給水装置工事 %s の完了による開始" : "給水装置工事 %s の完了による開始（カナ氏名は未登録）",
            r->number);
    app_start_in in = {.tap_no = tap_no, .start_on = h->on, .source = "works",
                       .customer = {.name = name, .kana = kana, .phone = phone[0] ? phone : aphone, .postal = "",
                                    .mail_address = "", .notes = ""},
                       .note = note};
    app_request_out out;
    int rc = app_reception_start_tx(h->ctx, &in, &out, e);
    h->request_id = out.request_id;
    h->starts += rc == 0;
    return rc;
}

/* 改造: the new meter (if any) and the diameter from the completion day. */
static int remodel(handover *h, const tap_row *t, bool has_meter, err_t *e)
{
    (void)has_meter;
    const works_app_row *r = h->r;
    int rc = 0;
    const works_meter_row *m = meter_of(h, 0);
    if (t->diameter != r->diameter && (!m || !m->meter_no[0]))
        rc = err_field(e, "step", "口径が変わる改造ですが、完成検査で新しいメーターが記録されていません。完成検査（再検査）をやり直してください。");
    if (!rc && m && m->meter_no[0])
        rc = install_meter(h, t->tap_no, m, e);
    if (!rc && t->diameter != r->diameter) {
        char source[40];
        str_fmt(source, sizeof source, "works:%lld", (long long)r->id);
        rc = works_handover_store_change_diameter(h->ctx->db, t->id, h->on, t->diameter, r->diameter, source,
                                                  date_now_unix(), e);
        h->changed += rc == 0;
    }
    return rc;
}

/* 撤去: a stop through 受付 on the completion day, its closing order done
 * with the last dial m recorded at the inspection (the final bill), the
 * meter off, the tap removed. */
static int close_tap(handover *h, const tap_row *t, bool has_meter, const works_meter_row *m, err_t *e)
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

static int removal(handover *h, const tap_row *t, bool has_meter, err_t *e)
{
    return close_tap(h, t, has_meter, meter_of(h, 0), e);
}

/* A 改造's or 撤去's work (fn) on the tap the application names. */
static int on_named_tap(handover *h, int (*fn)(handover *, const tap_row *, bool, err_t *), err_t *e)
{
    tap_row *t = calloc(1, sizeof *t);
    if (!t)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    bool has_meter = false;
    int rc = named_tap(h->ctx, h->r, t, &has_meter, e);
    if (!rc)
        rc = fn(h, t, has_meter, e);
    if (!rc)
        str_copy(h->first_tap, sizeof h->first_tap, t->tap_no);
    free(t);
    return rc;
}

/* A dwelling kept by a 特団改造: its tap named by the dwelling, a new
 * meter when one was set (the old one's last dial read), a diameter change
 * from the completion day as a 改造's. */
static int keep_dwelling(handover *h, const app_works_block_dwelling *d, err_t *e)
{
    const works_meter_row *m = meter_of(h, d->no);
    int rc = works_handover_store_set_tap(h->ctx->db, h->r->id, d->no, d->tap_id, e);
    if (!rc && d->kind == APP_WORKS_DW_CHANGE && (!m || !m->meter_no[0]))
        rc = err_field(e, "step", "%sは口径が変わりますが、完成検査で新しいメーターが記録されていません。完成検査（再検査）をやり直してください。",
                       d->label);
    if (!rc && m && m->meter_no[0])
        rc = install_meter(h, d->tap_no, m, e);
    if (!rc && d->kind == APP_WORKS_DW_CHANGE) {
        char source[40];
        str_fmt(source, sizeof source, "works:%lld", (long long)h->r->id);
        rc = works_handover_store_change_diameter(h->ctx->db, d->tap_id, h->on, d->old_diameter, d->diameter, source,
                                                  date_now_unix(), e);
        h->changed += rc == 0;
    }
    return rc;
}

/* 特団改造: each dwelling of the application kept (its tap), changed (as a
 * 改造) or new (a tap, its meter and a start request for the owner); each
 * dwelling only in the old block closed as a 撤去. */
static int remodel_block(handover *h, const app_works_block_dwelling *p, size_t np, err_t *e)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < np; i++) {
        const app_works_block_dwelling *d = &p[i];
        if (d->kind == APP_WORKS_DW_NEW) {
            char made[16];
            rc = make_tap(h, d->no, d->diameter, d->label, made, e);
            if (!rc)
                rc = open_start(h, made, e);
        } else if (d->kind == APP_WORKS_DW_CLOSE) {
            tap_row *t = calloc(1, sizeof *t);
            if (!t)
                return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
            rc = tap_store_get(h->ctx->db, d->tap_id, t, e);
            if (!rc)
                rc = close_tap(h, t, d->has_meter, meter_of(h, d->no), e);
            free(t);
        } else {
            rc = keep_dwelling(h, d, e);
            if (!rc && !h->first_tap[0])
                str_copy(h->first_tap, sizeof h->first_tap, d->tap_no);
        }
    }
    return rc;
}

static int new_taps(handover *h, err_t *e)
{
    const works_app_row *r = h->r;
    if (works_type_parse(r->type) != WORKS_COMPLEX) {
        int rc = make_tap(h, 0, r->diameter, NULL, NULL, e);
        return rc ? rc : open_start(h, h->first_tap, e);
    }
    app_works_block_dwelling *p = NULL;
    size_t np = 0;
    int rc = app_works_handover_plan_tx(h->ctx, r, &p, &np, e);
    if (!rc && np) {
        rc = remodel_block(h, p, np, e);
        free(p);
        return rc;
    }
    works_dwelling_row *dw = NULL;
    size_t nd = 0;
    if (!rc)
        rc = works_dwelling_store_list(h->ctx->db, r->id, &dw, &nd, e);
    for (size_t i = 0; !rc && i < nd; i++)
        if (dw[i].tap_id == 0)   /* made before: not again */
            rc = make_tap(h, dw[i].no, dw[i].diameter, dw[i].label, NULL, e);
    free(dw);
    return rc;
}

static int audit(handover *h, err_t *e)
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

static int run(app_ctx *ctx, const works_app_row *r, const char *on, char *tap_no, bool no_start, err_t *e)
{
    handover h;
    memset(&h, 0, sizeof h);
    h.no_start = no_start;
    h.ctx = ctx;
    h.r = r;
    h.on = on;
    int rc = works_meter_store_list(ctx->db, r->id, &h.meters, &h.nmeters, e);
    int type = works_type_parse(r->type);
    if (!rc && (type == WORKS_NEW || type == WORKS_BRANCH || type == WORKS_COMPLEX))
        rc = new_taps(&h, e);
    else if (!rc && type == WORKS_REMODEL)
        rc = on_named_tap(&h, remodel, e);
    else if (!rc && type == WORKS_REMOVAL)
        rc = on_named_tap(&h, removal, e);
    if (!rc)
        rc = audit(&h, e);
    if (!rc && tap_no)
        str_copy(tap_no, 16, h.first_tap);
    free(h.meters);
    return rc;
}

int app_works_handover_tx(app_ctx *ctx, const works_app_row *r, const char *on, char *tap_no, err_t *e)
{
    return run(ctx, r, on, tap_no, false, e);
}

int app_works_handover_demo_tx(app_ctx *ctx, const works_app_row *r, const char *on, err_t *e)
{
    return run(ctx, r, on, NULL, true, e);
}
