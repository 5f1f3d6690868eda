/* app_workorder — the field work orders of reception (開栓・閉栓作業): the
 * day's list by route and their completion with the meter reading found
 * (see app_reception.h). */
#include "app/reception/app_reception.h"

#include <stdlib.h>
#include <string.h>

#include "app/collect/app_mandate.h"
#include "app/registry/app_registry.h"
#include "app/billing/app_bill.h"
#include "store/db.h"
#include "base/text.h"
#include "domain/role.h"
#include "domain/validate.h"
#include "store/billing/bill_store.h"
#include "store/registry/customer_store.h"
#include "store/reading/meter_store.h"
#include "store/reading/reading_store.h"
#include "store/reception/request_store.h"
#include "store/registry/tap_store.h"
#include "store/reception/workorder_store.h"

void app_work_order_free(app_work_order *w)
{
    if (!w)
        return;
    free(w->address);
    free(w->customer_name);
    free(w->phone);
    w->address = w->customer_name = w->phone = NULL;
}

void app_work_orders_free(app_work_order *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++)
        app_work_order_free(&rows[i]);
    free(rows);
}

static char *opened(app_ctx *ctx, const char *sealed)
{
    char *s = sealed && *sealed ? crypto_open(ctx->env->keys, sealed) : NULL;
    return s ? s : strdup("");
}

static int fill(app_ctx *ctx, const workorder_row *w, app_work_order *o, err_t *e)
{
    o->id = w->id;
    o->request_id = w->request_id;
    str_copy(o->kind, sizeof o->kind, w->kind);
    str_copy(o->tap_no, sizeof o->tap_no, w->tap_no);
    str_copy(o->due_on, sizeof o->due_on, w->due_on);
    str_copy(o->route, sizeof o->route, w->route);
    str_copy(o->status, sizeof o->status, w->status);
    str_copy(o->result, sizeof o->result, w->result);
    str_copy(o->note, sizeof o->note, w->note);
    str_copy(o->done_by, sizeof o->done_by, w->done_by);
    o->route_order = w->route_order;
    o->reading = w->reading;
    o->bill_id = w->bill_id;
    char place[640] = "";
    tap_row t;
    if (tap_store_get(ctx->db, w->tap_id, &t, NULL) == 0)
        app_registry_place_of_use(ctx, &t, place, sizeof place);
    o->address = strdup(place);
    customer_row *c = calloc(1, sizeof *c);
    if (c && w->customer_id > 0 && customer_store_get(ctx->db, w->customer_id, c, NULL) == 0) {
        o->customer_name = opened(ctx, c->name_enc);
        o->phone = opened(ctx, c->phone_enc);
    } else {
        o->customer_name = opened(ctx, NULL);
        o->phone = opened(ctx, NULL);
    }
    free(c);
    request_row *r = calloc(1, sizeof *r);
    if (r && request_store_get(ctx->db, w->request_id, r, NULL) == 0)
        str_copy(o->settle, sizeof o->settle, r->settle);
    free(r);
    o->urgent = w->urgent != 0;
    meter_row m;
    if (meter_store_current(ctx->db, w->tap_id, &m, NULL) == 0)
        str_copy(o->meter_no, sizeof o->meter_no, m.meter_no);
    /* the last reading before the visit: a done closing's own final
     * reading (on its day) is not the one the crew went out with */
    reading_row last[3];
    size_t nl = 0;
    o->last_reading = -1;
    if (reading_store_recent(ctx->db, w->tap_id, last, 3, &nl, NULL) == 0)
        for (size_t i = 0; i < nl; i++)
            if (strcmp(w->status, "open") == 0 || strcmp(last[i].read_on, w->due_on) < 0) {
                str_copy(o->last_read_on, sizeof o->last_read_on, last[i].read_on);
                o->last_reading = last[i].value;
                break;
            }
    if (!o->address || !o->customer_name || !o->phone)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    return 0;
}

int app_workorder_list_range(app_ctx *ctx, const char *from, const char *to, const char *route,
                             app_work_order **rows, size_t *n, int64_t *open_before, err_t *e)
{
    *rows = NULL;
    *n = 0;
    if (open_before)
        *open_before = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    civil_date d1, d2;
    if (rc)
        return rc;
    if (!from || !date_parse(from, &d1))
        return err_field(e, "day", "日付は YYYY-MM-DD の形式で入力してください。");
    if (!to || !date_parse(to, &d2) || date_to_days(d2) < date_to_days(d1) || date_to_days(d2) - date_to_days(d1) > 30)
        return err_field(e, "day", "表示する期間は 1日から31日までにしてください。");
    char a[11], z[11];
    date_format_iso(d1, a);
    date_format_iso(d2, z);
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    workorder_row *ws = NULL;
    size_t m = 0;
    rc = workorder_store_list_range(ctx->db, a, z, route, &ws, &m, e);
    if (!rc && open_before)
        rc = workorder_store_count_open_before(ctx->db, a, route, open_before, e);
    app_work_order *out = rc ? NULL : calloc(m ? m : 1, sizeof *out);
    if (!rc && !out)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < m; i++)
        rc = fill(ctx, &ws[i], &out[i], e);
    db_end_read(ctx->db);
    free(ws);
    if (rc) {
        app_work_orders_free(out, m);
        return rc;
    }
    app_audit_detail det;
    app_audit_detail_begin(&det);
    jsonw_kv_string(&det.w, "day", a);
    if (strcmp(a, z) != 0)
        jsonw_kv_string(&det.w, "to", z);
    jsonw_kv_int(&det.w, "orders", (int64_t)m);
    err_t ae;
    err_clear(&ae);
    app_audit_now_json(ctx, "workorder.list.view", "work_orders", &det, &ae);
    *rows = out;
    *n = m;
    return 0;
}

int app_workorder_list(app_ctx *ctx, const char *day, const char *route, app_work_order **rows, size_t *n,
                       err_t *e)
{
    return app_workorder_list_range(ctx, day, day, route, rows, n, NULL, e);
}

int app_workorder_get(app_ctx *ctx, int64_t id, app_work_order *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc || (rc = db_begin_read(ctx->db, e)))
        return rc;
    workorder_row w;
    rc = workorder_store_get(ctx->db, id, &w, e);
    if (rc == ERR_NOTFOUND)
        rc = err_set(e, ERR_NOTFOUND, NULL, "その作業はありません。", "work order %lld not found", (long long)id);
    if (!rc)
        rc = fill(ctx, &w, out, e);
    db_end_read(ctx->db);
    if (rc) {
        app_work_order_free(out);
        memset(out, 0, sizeof *out);
    }
    return rc;
}

/* Opening: the reading must not be below the tap's last one; the customer's
 * occupancy starts on the day, once the previous customer's has ended. */
static int open_done(app_ctx *ctx, const workorder_row *w, int64_t value, err_t *e)
{
    reading_row last;
    size_t nl = 0;
    int rc = reading_store_recent(ctx->db, w->tap_id, &last, 1, &nl, e);
    if (rc)
        return rc;
    if (nl && value < last.value)
        return err_field(e, "reading", "前回の指針（%lld、%s）より小さい値です。メーターを確かめてください。",
                         (long long)last.value, last.read_on);
    occupancy_row cur;
    rc = occupancy_store_current(ctx->db, w->tap_id, &cur, e);
    if (rc == 0)
        return err_set(e, ERR_CONFLICT, "reading", "前の使用者の閉栓作業が終わっていません。先に閉栓作業を完了してください。",
                       "tap %lld still occupied", (long long)w->tap_id);
    if (rc != ERR_NOTFOUND)
        return rc;
    err_clear(e);
    if (w->customer_id <= 0)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "start request without a customer");
    occupancy_row o = {.tap_id = w->tap_id, .customer_id = w->customer_id, .created_at = date_now_unix()};
    str_copy(o.start_on, sizeof o.start_on, w->due_on);
    return occupancy_store_insert(ctx->db, &o, NULL, e);
}

/* A stop settled by slip: its final bill is not debited, the mandate ends. */
static int settle_slip(app_ctx *ctx, const request_row *r, const char *tap_no, const char *on, int64_t bill_id,
                       err_t *e)
{
    if (bill_id <= 0 || strcmp(r->settle, "slip") != 0)
        return 0;
    int rc = bill_store_set_collect(ctx->db, bill_id, "slip", e);
    if (!rc) {
        int r2 = app_mandate_end_tx(ctx, tap_no, on, e);
        if (r2 == ERR_NOTFOUND || r2 == ERR_INVALID)
            err_clear(e);   /* no mandate in force, or one that started later: nothing to end */
        else
            rc = r2;
    }
    return rc;
}

static int complete_tx(app_ctx *ctx, int64_t id, const char *value, const char *note, app_workorder_done *out,
                       err_t *e)
{
    workorder_row w;
    int rc = workorder_store_get(ctx->db, id, &w, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "その作業はありません。", "work order %lld not found", (long long)id);
    if (rc)
        return rc;
    if (strcmp(w.status, "open") != 0)
        return err_set(e, ERR_CONFLICT, NULL, "この作業はすでに完了または取消されています。", "work order not open");
    long long v = 0;
    if (!str_to_i64(value, &v) || v < 0 || v > 9999999)
        return err_field(e, "reading", "メーターの指針を数字で入力してください。");
    request_row *r = calloc(1, sizeof *r);
    if (!r)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    rc = request_store_get(ctx->db, w.request_id, r, e);
    if (!rc && strcmp(w.kind, "open") == 0)
        rc = open_done(ctx, &w, v, e);
    if (!rc && strcmp(w.kind, "close") == 0) {
        app_final_result f;
        rc = app_bill_final_tx(ctx, w.tap_no, w.due_on, value, NULL, &f, e);
        out->reading = f.reading;
        if (!rc && f.reading.status == READING_REFUSED)
            rc = err_field(e, "reading", "%s", f.reading.message);
        out->bill_id = f.bill_id;
        out->total_yen = f.total_yen;
        if (!rc)
            rc = settle_slip(ctx, r, w.tap_no, w.due_on, out->bill_id, e);
    }
    int64_t now = date_now_unix();
    /* a closing whose final reading the check held: the field work is done,
     * the stop waits (held) for the reading's confirmation and its final bill */
    bool held = strcmp(w.kind, "close") == 0 && out->reading.status == READING_HELD;
    if (!rc)
        rc = workorder_store_finish(ctx->db, id, "done", v, out->bill_id, note, ctx->actor.username, now, e);
    if (!rc)
        rc = held ? request_store_hold(ctx->db, w.request_id, e)
                  : request_store_finish(ctx->db, w.request_id, "done", ctx->actor.username, now, e);
    if (!rc) {
        char obj[32];
        str_fmt(obj, sizeof obj, "tap:%s", w.tap_no);
        app_audit_detail det;
        app_audit_detail_begin(&det);
        jsonw_kv_int(&det.w, "work_order", id);
        jsonw_kv_string(&det.w, "kind", w.kind);
        jsonw_kv_int(&det.w, "reading", v);
        jsonw_kv_int(&det.w, "bill", out->bill_id);
        rc = app_audit_json(ctx, "workorder.done", obj, &det, e);
    }
    free(r);
    return rc;
}

int app_workorder_complete_tx(app_ctx *ctx, int64_t id, const char *reading, const char *note,
                              app_workorder_done *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    return complete_tx(ctx, id, reading, note, out, e);
}

int app_workorder_complete(app_ctx *ctx, int64_t id, const char *reading, const char *note, app_workorder_done *out,
                           err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    if (!rc)
        rc = validate_text(note, false, 200, "note", "作業メモ", e);
    if (!rc && note && !text_is_clean(note, false))
        rc = err_field(e, "note", "作業メモに使えない文字が含まれています。");
    if (rc || (rc = db_begin(ctx->db, e)))
        return rc;
    rc = app_tx_end(ctx, complete_tx(ctx, id, reading, note, out, e), e);
    if (!rc) {
        workorder_row w;
        if (workorder_store_get(ctx->db, id, &w, NULL) == 0)
            app_registry_refresh_tap(ctx, w.tap_id);
    }
    return rc;
}

int app_reception_final_confirmed_tx(app_ctx *ctx, int64_t tap_id, const char *read_on, int64_t reading_id,
                                     int64_t *bill_id, err_t *e)
{
    *bill_id = 0;
    request_row *r = calloc(1, sizeof *r);
    if (!r)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = request_store_held_for(ctx->db, tap_id, "stop", read_on, r, e);
    if (rc == ERR_NOTFOUND) {   /* no stop waits on this reading */
        err_clear(e);
        free(r);
        return 0;
    }
    int64_t total = 0;
    if (!rc)
        rc = app_bill_final_for_reading_tx(ctx, r->tap_no, r->effective_on, reading_id, bill_id, &total, e);
    if (!rc)
        rc = settle_slip(ctx, r, r->tap_no, r->effective_on, *bill_id, e);
    if (!rc && *bill_id > 0)
        rc = workorder_store_set_bill(ctx->db, r->id, *bill_id, e);
    if (!rc)
        rc = request_store_finish(ctx->db, r->id, "done", ctx->actor.username, date_now_unix(), e);
    if (!rc) {
        char obj[32];
        str_fmt(obj, sizeof obj, "tap:%s", r->tap_no);
        app_audit_detail det;
        app_audit_detail_begin(&det);
        jsonw_kv_int(&det.w, "request", r->id);
        jsonw_kv_int(&det.w, "reading", reading_id);
        jsonw_kv_int(&det.w, "bill", *bill_id);
        rc = app_audit_json(ctx, "reception.stop.final", obj, &det, e);
    }
    free(r);
    return rc;
}
