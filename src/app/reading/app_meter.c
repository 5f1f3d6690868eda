/* app_meter — meters as far as reading needs them: register, install or
 * replace at a tap (with the old meter's final and the new meter's start
 * readings), list a tap's meters (see app.h). */
#include "app/app.h"

#include <stdlib.h>
#include <string.h>

#include "app/reading/reading_engine.h"
#include "app/reading/app_reading.h"
#include "app/meter/app_meter_stock.h"
#include "store/meter/meter_master_store.h"
#include "store/works/works_handover_store.h"
#include "store/db.h"
#include "base/date.h"
#include "domain/role.h"
#include "domain/validate.h"

#define CERT_YEARS 8   /* 計量法: a water meter's certification lasts 8 years */

/* The meter's particulars from the form into m (id and status untouched). */
static int meter_fields(const app_meter_input *in, const char *installed_on, meter_row *m, err_t *e)
{
    const char *no = in->meter_no ? in->meter_no : "";
    size_t len = strlen(no);
    bool ok = len >= 4 && len <= 20;
    for (size_t i = 0; ok && i < len; i++)
        ok = (no[i] >= '0' && no[i] <= '9') || (no[i] >= 'A' && no[i] <= 'Z') || no[i] == '-';
    if (!ok)
        return err_field(e, "meter_no", "メーター番号は英大文字・数字・ハイフンの4〜20文字で入力してください。");
    int rc;
    long long dia, digits;
    if ((rc = validate_text(in->maker, true, 30, "maker", "メーカー", e)) ||
        (rc = validate_int(in->diameter, 13, 200, "diameter", "口径", &dia, e)) ||
        (rc = validate_int(in->digits, 4, 6, "digits", "桁数", &digits, e)))
        return rc;
    if (!validate_is_diameter(dia))
        return err_field(e, "diameter", "口径は 13, 20, 25, 30, 40, 50, 75, 100, 150, 200 のいずれかです。");
    civil_date until;
    if (in->certified_until && *in->certified_until) {
        if ((rc = validate_date(in->certified_until, true, "certified_until", "検定満了日", &until, e)))
            return rc;
    } else {
        civil_date base;
        if (!installed_on || !date_parse(installed_on, &base))
            base = date_today_jst();
        until = (civil_date){base.y + CERT_YEARS, base.m, base.m == 2 && base.d == 29 ? 28 : base.d};
    }
    str_copy(m->meter_no, sizeof m->meter_no, no);
    str_copy(m->maker, sizeof m->maker, in->maker);
    m->diameter = dia;
    m->digits = digits;
    date_format_iso(until, m->certified_until);
    return 0;
}

int app_meter_add(app_ctx *ctx, const app_meter_input *in, err_t *e)
{
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    if (rc)
        return rc;
    meter_row m;
    memset(&m, 0, sizeof m);
    if ((rc = meter_fields(in, NULL, &m, e)))
        return rc;
    str_copy(m.status, sizeof m.status, "stock");
    m.created_at = date_now_unix();
    char today[11];
    date_format_iso(date_today_jst(), today);
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    rc = meter_store_insert(ctx->db, &m, &m.id, e);
    if (!rc)
        rc = app_meter_event_tx(ctx, m.id, today, "", "stock", 0, 0, "add", "", "meter_no", e);
    if (!rc) {
        char obj[48];
        str_fmt(obj, sizeof obj, "meter:%s", m.meter_no);
        rc = app_audit(ctx, "meter.add", obj, "{}", e);
    }
    return app_tx_end(ctx, rc, e);
}

/* A reading context for a meter outside the reading schedule (replacement day). */
static int meter_context(app_ctx *ctx, reading_engine *g, const tap_row *t, const meter_row *m, const char *on,
                         reading_context *c, err_t *e)
{
    memset(c, 0, sizeof *c);
    c->tap = *t;
    c->meter = *m;
    str_copy(c->on, sizeof c->on, on);
    str_fmt(c->cycle, sizeof c->cycle, "%.7s", on);
    int rc = reading_store_recent(ctx->db, t->id, c->recent, READING_HISTORY, &c->nrecent, e);
    if (!rc)
        reading_context_derive(g, c, on);
    return rc;
}

/* The new meter of an exchange into nw: known (in store, or lent to the
 * contractor who sets it), else registered in store now (unless it must
 * exist).  *contractor gets the contractor holding it (0: none). */
static int exchange_new_meter(app_ctx *ctx, const app_meter_exchange *x, int64_t now, meter_row *nw,
                              int64_t *contractor, err_t *e)
{
    const app_meter_input *in = x->meter;
    *contractor = 0;
    int rc = meter_store_get_by_no(ctx->db, in->meter_no ? in->meter_no : "", nw, e);
    if (rc == ERR_NOTFOUND && x->must_exist)
        return err_field(e, "serial", "そのメーター番号は登録されていません（庫入されたメーターを入力してください）。");
    if (rc == ERR_NOTFOUND) {   /* not in stock yet: register it now */
        err_clear(e);
        memset(nw, 0, sizeof *nw);
        rc = meter_fields(in, x->on, nw, e);
        if (!rc) {
            str_copy(nw->status, sizeof nw->status, "stock");
            nw->created_at = now;
            rc = meter_store_insert(ctx->db, nw, &nw->id, e);
        }
        return rc ? rc : app_meter_event_tx(ctx, nw->id, x->on, "", "stock", 0, 0, "exchange", "取替時に登録",
                                            "meter_no", e);
    }
    const char *field = x->must_exist ? "serial" : "meter_no";
    if (!rc && strcmp(nw->status, "installed") == 0)
        return err_field(e, field, "そのメーターは在庫にありません（設置中または撤去済み）。既に設置されているメーターは、"
                                   "撤去するまで別の水栓に設置できません。");
    if (!rc && strcmp(nw->status, "stock") != 0 && strcmp(nw->status, "issued") != 0)
        /* a meter in store, or issued to the contractor who sets it (docs/meters.md) */
        return err_field(e, field, "そのメーターは在庫にありません（設置中または撤去済み）。");
    if (!rc && strcmp(nw->status, "issued") == 0) {
        meter_master_row mm;
        rc = meter_master_store_get(ctx->db, nw->meter_no, &mm, e);
        *contractor = mm.contractor_id;
    }
    if (!rc && x->must_exist && *contractor == 0)
        return err_field(e, field, "そのメーターは工事事業者に庫出（貸出）されていません（在庫のメーターは先に庫出してください）。");
    if (!rc && x->contractor_id > 0 && *contractor != x->contractor_id)
        return err_field(e, field, "そのメーターはこの工事事業者に庫出（貸出）されていません。");
    return rc;
}

/* The old meter's final dial as a reading (its part of the period). */
static int exchange_final(app_ctx *ctx, reading_engine *g, reading_context *c, const tap_row *t, const meter_row *old,
                          const char *on, const char *old_final, app_meter_exchange_done *done, err_t *e)
{
    long long final_v = 0;
    int rc = validate_int(old_final, 0, reading_dial_span((int)old->digits) - 1, "old_final",
                          "旧メーターの取外し指針", &final_v, e);
    if (!rc)
        rc = meter_context(ctx, g, t, old, on, c, e);
    if (!rc && c->prev && strcmp(on, c->prev->read_on) < 0)
        rc = err_field(e, "on", "取替日は旧メーターの前回検針日より後の日付にしてください。");
    if (rc)
        return rc;
    reading_verdict v;
    reading_basis b = c->basis;
    b.other_meters_m3 = 0;
    reading_check(&ctx->env->reading, &b, final_v, &v);
    c->basis.other_meters_m3 = 0;
    /* Not the whole period's usage: only the steps that misreadings cause hold it. */
    unsigned hold = v.reasons & (RR_LOWER | RR_BELOW_ESTIMATE | RR_EXCHANGE_MASK);
    app_reading_out out;
    memset(&out, 0, sizeof out);
    rc = reading_engine_store(g, c, "final", hold ? READING_HELD : READING_ACCEPTED, final_v, v.meter_usage,
                              hold | (v.reasons & RR_ROLLOVER), "office", NULL, &out, e);
    done->final_reading_id = out.reading_id;
    done->old_final = final_v;
    done->final_held = hold != 0;
    return rc;
}

/* A new meter of another diameter than the tap's (see app_reading.h). */
static int exchange_diameter(app_ctx *ctx, const app_meter_exchange *x, const tap_row *t, const meter_row *nw,
                             err_t *e)
{
    if (!x->diameter_check || nw->diameter == t->diameter)
        return 0;
    if (!x->diameter_confirmed)
        return err_field(e, "confirm_diameter",
                         "水栓の登録口径は %lldmm ですが、新メーターは %lldmm です。口径を変更する場合は"
                         "「口径を変更する」を選んでください。",
                         (long long)t->diameter, (long long)nw->diameter);
    char source[48];
    str_fmt(source, sizeof source, "meter:%s", nw->meter_no);
    return works_handover_store_change_diameter(ctx->db, t->id, x->on, t->diameter, nw->diameter, source,
                                                date_now_unix(), e);
}

static int exchange_audit(app_ctx *ctx, const app_meter_exchange *x, const tap_row *t, bool has_old,
                          const app_meter_exchange_done *done, err_t *e)
{
    char obj[40];
    str_fmt(obj, sizeof obj, "tap:%s", t->tap_no);
    app_audit_detail d;
    app_audit_detail_begin(&d);
    if (has_old) {
        jsonw_kv_string(&d.w, "old", done->old_no);
        jsonw_kv_int(&d.w, "old_final", done->old_final);
    }
    jsonw_kv_string(&d.w, "new", done->new_no);
    jsonw_kv_int(&d.w, "start", x->start);
    jsonw_kv_int(&d.w, "flush_m3", x->flush_m3);
    jsonw_kv_string(&d.w, "on", x->on);
    if (done->old_diameter != done->new_diameter) {
        jsonw_kv_int(&d.w, "diameter_from", done->old_diameter);
        jsonw_kv_int(&d.w, "diameter_to", done->new_diameter);
        jsonw_kv_bool(&d.w, "diameter_confirmed", true);
    }
    return app_audit_json(ctx, has_old ? "meter.replace" : "meter.install", obj, &d, e);
}

int app_meter_exchange_tx(app_ctx *ctx, const app_meter_exchange *x, app_meter_exchange_done *done, err_t *e)
{
    memset(done, 0, sizeof *done);
    tap_row t;
    int rc = tap_store_get_by_no(ctx->db, x->tap_no ? x->tap_no : "", &t, e);
    if (rc)
        return rc;
    reading_context *c = malloc(sizeof *c);
    if (!c)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    reading_engine g;
    memset(&g, 0, sizeof g);
    g.ctx = ctx;
    g.now = date_now_unix();
    date_format_iso(date_today_jst(), g.today);
    const char *on = x->on;
    meter_row nw, old;
    bool has_old = false;
    int64_t new_contractor = 0;
    rc = exchange_new_meter(ctx, x, g.now, &nw, &new_contractor, e);
    if (!rc && (x->start < 0 || x->start >= reading_dial_span((int)nw.digits)))
        rc = err_field(e, "start_value", "取付指針がメーターの桁数を超えています。");
    if (!rc) {
        rc = meter_store_current(ctx->db, t.id, &old, e);
        has_old = rc == 0;
        if (rc == ERR_NOTFOUND) {
            err_clear(e);
            rc = 0;
        }
    }
    done->old_diameter = done->new_diameter = t.diameter;
    if (!rc)
        rc = exchange_diameter(ctx, x, &t, &nw, e);
    if (!rc && x->diameter_check)
        done->new_diameter = nw.diameter;
    if (!rc && has_old) {
        str_copy(done->old_no, sizeof done->old_no, old.meter_no);
        rc = exchange_final(ctx, &g, c, &t, &old, on, x->old_final, done, e);
        if (!rc)
            rc = app_meter_event_tx(ctx, old.id, on, old.status, "removed", t.id, 0, "exchange", "", "meter_no", e);
        if (!rc)
            rc = meter_store_remove(ctx->db, old.id, on, e);
    }
    if (!rc)
        rc = app_meter_event_tx(ctx, nw.id, on, nw.status, "installed", t.id, 0, "exchange",
                                new_contractor ? "工事事業者が設置" : "", "meter_no", e);
    if (!rc)
        rc = meter_store_install(ctx->db, nw.id, t.id, on, e);
    if (!rc) {
        nw.tap_id = t.id;
        str_copy(done->new_no, sizeof done->new_no, nw.meter_no);
        memset(c, 0, sizeof *c);
        c->tap = t;
        c->meter = nw;
        c->flush_m3 = x->flush_m3;
        str_copy(c->on, sizeof c->on, on);
        str_fmt(c->cycle, sizeof c->cycle, "%.7s", on);
        app_reading_out out;
        memset(&out, 0, sizeof out);
        rc = reading_engine_store(&g, c, "start", READING_ACCEPTED, x->start, 0, 0, "office", NULL, &out, e);
    }
    if (!rc)
        rc = exchange_audit(ctx, x, &t, has_old, done, e);
    free(c);
    return rc;
}

/* The replacement inside the caller's transaction (see app_reading.h). */
int app_meter_replace_tx(app_ctx *ctx, const char *tap_no, const char *on, const char *old_final,
                         const app_meter_input *in, int64_t start, err_t *e)
{
    app_meter_exchange x = {.tap_no = tap_no, .on = on, .old_final = old_final, .meter = in, .start = start};
    app_meter_exchange_done done;
    return app_meter_exchange_tx(ctx, &x, &done, e);
}

int app_meter_replace(app_ctx *ctx, const char *tap_no, const char *on_s, const char *old_final,
                      const app_meter_input *in, const char *start_value, bool diameter_confirmed, err_t *e)
{
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    if (rc)
        return rc;
    civil_date on_d;
    if ((rc = validate_date(on_s, true, "on", "取替日", &on_d, e)))
        return rc;
    char on[11], today[11];
    date_format_iso(on_d, on);
    date_format_iso(date_today_jst(), today);
    if (strcmp(on, today) > 0)
        return err_field(e, "on", "取替日に未来の日付は入力できません。");
    long long start;
    if ((rc = validate_int(start_value, 0, 999999, "start_value", "新メーターの取付指針", &start, e)))
        return rc;
    tap_row t;
    if ((rc = tap_store_get_by_no(ctx->db, tap_no ? tap_no : "", &t, e)))
        return rc;
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    app_meter_exchange x = {.tap_no = tap_no, .on = on, .old_final = old_final, .meter = in, .start = start,
                            .diameter_check = true, .diameter_confirmed = diameter_confirmed};
    app_meter_exchange_done done;
    return app_tx_end(ctx, app_meter_exchange_tx(ctx, &x, &done, e), e);
}

int app_meter_list_tap(app_ctx *ctx, const char *tap_no, app_meter **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    tap_row t;
    if (rc || (rc = tap_store_get_by_no(ctx->db, tap_no ? tap_no : "", &t, e)))
        return rc;
    meter_row *m = NULL;
    size_t nm = 0;
    if ((rc = meter_store_list_tap(ctx->db, t.id, &m, &nm, e)))
        return rc;
    *rows = nm ? calloc(nm, sizeof **rows) : NULL;
    if (nm && !*rows) {
        free(m);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    char today[11];
    date_format_iso(date_today_jst(), today);
    for (size_t i = 0; i < nm; i++) {
        app_meter *a = &(*rows)[i];
        str_copy(a->meter_no, sizeof a->meter_no, m[i].meter_no);
        str_copy(a->maker, sizeof a->maker, m[i].maker);
        str_copy(a->certified_until, sizeof a->certified_until, m[i].certified_until);
        str_copy(a->installed_on, sizeof a->installed_on, m[i].installed_on);
        str_copy(a->removed_on, sizeof a->removed_on, m[i].removed_on);
        str_copy(a->status, sizeof a->status, m[i].status);
        a->diameter = m[i].diameter;
        a->digits = m[i].digits;
        a->expired = strcmp(m[i].certified_until, today) < 0;
    }
    *n = nm;
    free(m);
    return 0;
}
