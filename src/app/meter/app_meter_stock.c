/* app_meter_stock — 庫入, 発注, 庫出, 返却, the stock and the reorder
 * points (see app_meter_stock.h). */
#include "app/meter/app_meter_stock.h"
#include "app/meter/app_meter_int.h"

#include <stdlib.h>
#include <string.h>

#include "app/works/app_works_contractor.h"
#include "domain/meter/meter_serial.h"
#include "domain/meter/meter_status.h"
#include "domain/role.h"
#include "domain/validate.h"
#include "store/db.h"
#include "store/meter/meter_master_store.h"
#include "store/meter/meter_receipt_store.h"
#include "store/meter/meter_stock_store.h"

#define CERT_YEARS 8   /* 計量法: a water meter's certification lasts 8 years */

/* ---- 庫入 ------------------------------------------------------------------ */

/* The particulars of a delivery, checked, into r (and the range). */
static int receive_fields(const app_meter_receive_input *in, meter_receipt_row *r, meter_range *range,
                          int64_t *order, err_t *e)
{
    int rc;
    memset(r, 0, sizeof *r);
    if ((rc = app_meter_diameter(in->diameter, "diameter", &r->diameter, e)) ||
        (rc = validate_text(in->maker, true, 30, "maker", "メーカー", e)) ||
        (rc = validate_text(in->model, false, 30, "model", "型式", e)) ||
        (rc = validate_text(in->lot, false, 30, "lot", "製造ロット", e)) ||
        (rc = app_meter_day(in->received_on, "received_on", "庫入日", r->received_on, e)))
        return rc;
    char why[300];
    if (!meter_range_parse(in->serials, range, why, sizeof why))
        return err_field(e, "serials", "メーター番号の範囲: %s", why);
    long long digits = r->diameter <= 25 ? 4 : r->diameter <= 75 ? 5 : 6;
    if (in->digits && *in->digits && (rc = validate_int(in->digits, 4, 6, "digits", "桁数", &digits, e)))
        return rc;
    r->digits = digits;
    if (in->expiry && *in->expiry) {
        if (!meter_expiry_parse(in->expiry, r->certified_until, sizeof r->certified_until))
            return err_field(e, "expiry", "検定満了年月は「2034-03」のように年-月で入力してください。");
        if (strcmp(r->certified_until, r->received_on) < 0)
            return err_field(e, "expiry", "検定満了年月が庫入日より前です（検定の切れたメーターは庫入できません）。");
    } else {
        civil_date d = date_today_jst();
        date_parse(r->received_on, &d);
        char ym[16];
        str_fmt(ym, sizeof ym, "%04d-%02d", d.y + CERT_YEARS, d.m);
        meter_expiry_parse(ym, r->certified_until, sizeof r->certified_until);
    }
    long long o = 0;
    if (in->order && *in->order && (rc = validate_int(in->order, 1, INT64_MAX / 2, "order", "発注番号", &o, e)))
        return rc;
    *order = o;
    str_copy(r->maker, sizeof r->maker, in->maker);
    str_copy(r->model, sizeof r->model, in->model ? in->model : "");
    str_copy(r->lot, sizeof r->lot, in->lot ? in->lot : "");
    r->quantity = meter_range_count(range);
    meter_range_serial(range, 0, r->serial_from, sizeof r->serial_from);
    meter_range_serial(range, r->quantity - 1, r->serial_to, sizeof r->serial_to);
    return 0;
}

/* The first existing serial inside the range, into clash ("" none). */
static int first_clash(app_ctx *ctx, const meter_receipt_row *r, const meter_range *range, char *clash, size_t sz,
                       err_t *e)
{
    clash[0] = '\0';
    meter_serial_row *rows = NULL;
    size_t n = 0;
    int rc = meter_master_store_between(ctx->db, r->serial_from, r->serial_to, &rows, &n, e);
    for (size_t i = 0; !rc && i < n && !clash[0]; i++)
        if (meter_range_has(range, rows[i].serial, NULL))
            str_copy(clash, sz, rows[i].serial);
    free(rows);
    return rc;
}

/* The order the delivery answers: same diameter, enough still to come. */
static int check_order(app_ctx *ctx, int64_t id, const meter_receipt_row *r, err_t *e)
{
    meter_order_row o;
    int rc = meter_order_store_get(ctx->db, id, &o, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_INVALID, "order", "その発注番号はありません。", "order %lld", (long long)id);
    if (rc)
        return rc;
    if (o.diameter != r->diameter)
        return err_field(e, "order", "発注番号 %lld は口径 %lldmm の発注です。", (long long)id, (long long)o.diameter);
    if (o.received + r->quantity > o.quantity)
        return err_field(e, "order", "発注番号 %lld の残りは %lld 個です（%lld 個は庫入できません）。", (long long)id,
                         (long long)(o.quantity - o.received), (long long)r->quantity);
    return 0;
}

/* Every meter of the range, in store, with its first history row. */
static int insert_meters(app_ctx *ctx, const meter_receipt_row *r, const meter_range *range, err_t *e)
{
    meter_master_row m;
    memset(&m, 0, sizeof m);
    str_copy(m.maker, sizeof m.maker, r->maker);
    str_copy(m.model, sizeof m.model, r->model);
    str_copy(m.lot, sizeof m.lot, r->lot);
    str_copy(m.certified_until, sizeof m.certified_until, r->certified_until);
    str_copy(m.status, sizeof m.status, meter_status_code(METER_STOCK));
    m.diameter = r->diameter;
    m.digits = r->digits;
    m.receipt_id = r->id;
    m.created_at = r->created_at;
    char ref[32];
    str_fmt(ref, sizeof ref, "receipt:%lld", (long long)r->id);
    int rc = 0;
    for (int64_t k = 0; !rc && k < r->quantity; k++) {
        meter_range_serial(range, k, m.serial, sizeof m.serial);
        int64_t id = 0;
        rc = meter_master_store_insert(ctx->db, &m, &id, e);
        if (!rc)
            rc = app_meter_event_tx(ctx, id, r->received_on, "", m.status, 0, 0, ref, "庫入", "serials", e);
    }
    return rc;
}

int app_meter_receive(app_ctx *ctx, const app_meter_receive_input *in, app_meter_receive_result *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_METER, e);
    meter_receipt_row r;
    meter_range range;
    int64_t order = 0;
    if (rc || (rc = receive_fields(in, &r, &range, &order, e)))
        return rc;
    str_copy(r.created_by, sizeof r.created_by, ctx->actor.username[0] ? ctx->actor.username : "operator");
    r.created_at = date_now_unix();
    r.order_id = order;
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    char clash[24];
    if (order)
        rc = check_order(ctx, order, &r, e);
    if (!rc)
        rc = first_clash(ctx, &r, &range, clash, sizeof clash, e);
    if (!rc && clash[0]) {
        char msg[300];
        str_fmt(msg, sizeof msg,
                "メーター番号 %s は既に登録されています（%s〜%s のうち最初の重複）。この庫入は登録していません。", clash,
                r.serial_from, r.serial_to);
        rc = err_set(e, ERR_CONFLICT, "serials", msg, "serial %s exists", clash);
    }
    if (!rc)
        rc = meter_receipt_store_insert(ctx->db, &r, &r.id, e);
    if (!rc)
        rc = insert_meters(ctx, &r, &range, e);
    if (!rc && order)
        rc = meter_order_store_add_received(ctx->db, order, r.quantity, e);
    if (!rc) {
        char obj[40];
        str_fmt(obj, sizeof obj, "meter_receipt:%lld", (long long)r.id);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_int(&d.w, "diameter", r.diameter);
        jsonw_kv_string(&d.w, "maker", r.maker);
        jsonw_kv_string(&d.w, "from", r.serial_from);
        jsonw_kv_string(&d.w, "to", r.serial_to);
        jsonw_kv_int(&d.w, "count", r.quantity);
        jsonw_kv_string(&d.w, "lot", r.lot);
        jsonw_kv_string(&d.w, "certified_until", r.certified_until);
        jsonw_kv_string(&d.w, "on", r.received_on);
        if (order)
            jsonw_kv_int(&d.w, "order", order);
        rc = app_audit_json(ctx, "meter.receive", obj, &d, e);
    }
    if ((rc = app_tx_end(ctx, rc, e)))
        return rc;
    out->receipt_id = r.id;
    out->count = r.quantity;
    str_copy(out->first, sizeof out->first, r.serial_from);
    str_copy(out->last, sizeof out->last, r.serial_to);
    return 0;
}

int app_meter_order(app_ctx *ctx, const char *diameter, const char *maker, const char *model, const char *quantity,
                    const char *ordered_on, int64_t *id_out, err_t *e)
{
    int rc = app_require(ctx, PERM_METER, e);
    meter_order_row o;
    memset(&o, 0, sizeof o);
    long long qty = 0;
    if (rc || (rc = app_meter_diameter(diameter, "diameter", &o.diameter, e)) ||
        (rc = validate_text(maker, true, 30, "maker", "メーカー", e)) ||
        (rc = validate_text(model, false, 30, "model", "型式", e)) ||
        (rc = validate_int(quantity, 1, 100000, "quantity", "数量", &qty, e)) ||
        (rc = app_meter_day(ordered_on, "ordered_on", "発注日", o.ordered_on, e)))
        return rc;
    o.quantity = qty;
    str_copy(o.maker, sizeof o.maker, maker);
    str_copy(o.model, sizeof o.model, model ? model : "");
    str_copy(o.created_by, sizeof o.created_by, ctx->actor.username[0] ? ctx->actor.username : "operator");
    o.created_at = date_now_unix();
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    rc = meter_order_store_insert(ctx->db, &o, id_out, e);
    if (!rc) {
        char obj[40];
        str_fmt(obj, sizeof obj, "meter_order:%lld", (long long)*id_out);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_int(&d.w, "diameter", o.diameter);
        jsonw_kv_string(&d.w, "maker", o.maker);
        jsonw_kv_int(&d.w, "quantity", o.quantity);
        jsonw_kv_string(&d.w, "on", o.ordered_on);
        rc = app_audit_json(ctx, "meter.order", obj, &d, e);
    }
    return app_tx_end(ctx, rc, e);
}

/* ---- 庫出・返却 ------------------------------------------------------------ */

/* The meter of a serial as typed, inside the transaction. */
static int load_meter(app_ctx *ctx, const char *serial, meter_master_row *m, err_t *e)
{
    if (!meter_serial_ok(serial))
        return err_field(e, "serial", "メーター番号は英大文字・数字・ハイフンの4〜20文字で入力してください。");
    int rc = meter_master_store_get(ctx->db, serial, m, e);
    if (rc == ERR_NOTFOUND) {
        err_clear(e);
        return err_field(e, "serial", "メーター番号 %s は登録されていません。", serial);
    }
    return rc;
}

static int audit_move(app_ctx *ctx, const char *action, const meter_master_row *m, const char *on, const char *to,
                      err_t *e)
{
    char obj[40];
    str_fmt(obj, sizeof obj, "meter:%s", m->serial);
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_string(&d.w, "from", m->status);
    jsonw_kv_string(&d.w, "on", on);
    if (to)
        jsonw_kv_string(&d.w, "to", to);
    return app_audit_json(ctx, action, obj, &d, e);
}

int app_meter_issue(app_ctx *ctx, const char *serial, const char *to, const char *on_s, char *name, size_t namesz,
                    err_t *e)
{
    char on[11], cname[256] = "", why[512];
    int rc = app_require(ctx, PERM_METER, e);
    if (rc || (rc = app_meter_day(on_s, "on", "庫出日", on, e)))
        return rc;
    if (!to || !*to)
        return err_field(e, "to", "庫出先の指定番号を入力してください。");
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    meter_master_row m;
    int64_t cid = 0;
    bool ok = false;
    rc = load_meter(ctx, serial, &m, e);
    if (!rc) {
        rc = app_works_contractor_by_no(ctx, to, "to", &cid, cname, sizeof cname, e);
        if (rc == ERR_NOTFOUND) {   /* a number typed wrong: the field's fault */
            char msg[sizeof e->user];
            str_copy(msg, sizeof msg, e->user);
            rc = err_field(e, "to", "%s", msg);
        }
    }
    if (!rc)
        rc = app_works_contractor_standing(ctx, cid, on, &ok, why, sizeof why, e);
    if (!rc && !ok)
        rc = err_field(e, "to", "%s には庫出できません（%s）。", cname, why);
    if (!rc && strcmp(m.certified_until, on) < 0) {
        char msg[200];
        str_fmt(msg, sizeof msg, "メーター %s は検定満了（%s）を過ぎているため庫出できません。", m.serial,
                m.certified_until);
        rc = err_set(e, ERR_CONFLICT, "serial", msg, "meter %s expired", m.serial);
    }
    const char *issued = meter_status_code(METER_ISSUED);
    if (!rc)
        rc = app_meter_event_tx(ctx, m.id, on, m.status, issued, 0, cid, "issue", "", "serial", e);
    if (!rc)
        rc = meter_master_store_move(ctx->db, m.id, m.status, issued, cid, e);
    if (!rc) {
        char dest[40];
        str_fmt(dest, sizeof dest, "contractor:%s", to);
        rc = audit_move(ctx, "meter.issue", &m, on, dest, e);
    }
    if ((rc = app_tx_end(ctx, rc, e)))
        return rc;
    if (name)
        str_copy(name, namesz, cname);
    return 0;
}

int app_meter_return(app_ctx *ctx, const char *serial, const char *on_s, const char *note, err_t *e)
{
    char on[11];
    int rc = app_require(ctx, PERM_METER, e);
    if (rc || (rc = app_meter_day(on_s, "on", "返却日", on, e)) ||
        (rc = validate_text(note, false, 100, "note", "備考", e)))
        return rc;
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    meter_master_row m;
    const char *stock = meter_status_code(METER_STOCK);
    rc = load_meter(ctx, serial, &m, e);
    if (!rc && strcmp(m.status, meter_status_code(METER_ISSUED)) != 0) {
        char msg[200];
        str_fmt(msg, sizeof msg, "メーター %s は庫出中ではありません（現在: %s）。", m.serial,
                meter_status_label((meter_status)meter_status_parse(m.status)));
        rc = err_set(e, ERR_CONFLICT, "serial", msg, "meter %s not issued", m.serial);
    }
    if (!rc)
        rc = app_meter_event_tx(ctx, m.id, on, m.status, stock, 0, m.contractor_id, "return", note, "serial", e);
    if (!rc)
        rc = meter_master_store_move(ctx->db, m.id, m.status, stock, 0, e);
    if (!rc)
        rc = audit_move(ctx, "meter.return", &m, on, NULL, e);
    return app_tx_end(ctx, rc, e);
}

/* The status a move may lead to here, or -1. */
static int move_target(const char *to)
{
    static const meter_status ALLOWED[] = {METER_REPAIR, METER_TESTING, METER_SCRAPPED, METER_STOCK};
    int t = meter_status_parse(to);
    for (size_t i = 0; t >= 0 && i < sizeof ALLOWED / sizeof ALLOWED[0]; i++)
        if ((meter_status)t == ALLOWED[i])
            return t;
    return -1;
}

int app_meter_move(app_ctx *ctx, const char *serial, const char *to, const char *on_s, const char *expiry,
                   const char *note, err_t *e)
{
    char on[11], until[11] = "";
    int rc = app_require(ctx, PERM_METER, e);
    if (rc || (rc = app_meter_day(on_s, "on", "日付", on, e)) ||
        (rc = validate_text(note, false, 100, "note", "備考", e)))
        return rc;
    int t = move_target(to);
    if (t < 0)
        return err_field(e, "to", "移す先は 修理・検定・廃棄・在庫 のいずれかです（庫出・返却・設置はそれぞれの画面で）。");
    if (expiry && *expiry && !meter_expiry_parse(expiry, until, sizeof until))
        return err_field(e, "expiry", "検定満了年月は「2034-03」のように年-月で入力してください。");
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    meter_master_row m;
    const char *dest = meter_status_code((meter_status)t);
    rc = load_meter(ctx, serial, &m, e);
    bool passed = !rc && t == METER_STOCK && strcmp(m.status, meter_status_code(METER_TESTING)) == 0;
    if (!rc && passed && !until[0])
        rc = err_field(e, "expiry", "検定から在庫に戻すときは、新しい検定満了年月を入力してください。");
    if (!rc && passed && strcmp(until, on) < 0)
        rc = err_field(e, "expiry", "新しい検定満了年月が日付より前です。");
    if (!rc)
        rc = app_meter_event_tx(ctx, m.id, on, m.status, dest, 0, 0, "move", note, "to", e);
    if (!rc)
        rc = meter_master_store_move(ctx->db, m.id, m.status, dest, 0, e);
    if (!rc && passed)
        rc = meter_master_store_recertify(ctx->db, m.id, until, e);
    if (!rc)
        rc = audit_move(ctx, "meter.move", &m, on, dest, e);
    return app_tx_end(ctx, rc, e);
}

/* ---- the stock ------------------------------------------------------------- */

/* What the open orders still bring, by diameter (a diameter ordered and
 * never received has no row of its own: it shows once a meter of it is in). */
static int on_order(app_ctx *ctx, app_meter_stock_row *rows, size_t n, err_t *e)
{
    meter_order_row *o = NULL;
    size_t no = 0;
    int rc = meter_order_store_open(ctx->db, &o, &no, e);
    for (size_t i = 0; !rc && i < no; i++)
        for (size_t k = 0; k < n; k++)
            if (rows[k].diameter == o[i].diameter)
                rows[k].on_order += o[i].quantity - o[i].received;
    free(o);
    return rc;
}

int app_meter_stock(app_ctx *ctx, app_meter_stock_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_METER_VIEW, e);
    meter_stock_row *s = NULL;
    size_t ns = 0;
    if (rc || (rc = meter_stock_store_by_diameter(ctx->db, &s, &ns, e)))
        return rc;
    *rows = calloc(ns ? ns : 1, sizeof **rows);
    if (!*rows) {
        free(s);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < ns; i++) {
        app_meter_stock_row *r = &(*rows)[i];
        r->diameter = s[i].diameter;
        r->ordered = s[i].ordered;
        r->in_store = s[i].in_store;
        r->issued = s[i].issued;
        r->installed = s[i].installed;
        r->removed = s[i].removed;
        r->repair = s[i].repair + s[i].testing;
        r->reorder_point = s[i].reorder_point;
        r->shortfall = s[i].reorder_point > s[i].in_store ? s[i].reorder_point - s[i].in_store : 0;
    }
    *n = ns;
    free(s);
    return on_order(ctx, *rows, ns, e);
}

int app_meter_held_list(app_ctx *ctx, app_meter_held **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_METER_VIEW, e);
    meter_held_row *h = NULL;
    size_t nh = 0;
    if (rc || (rc = meter_stock_store_by_contractor(ctx->db, &h, &nh, e)))
        return rc;
    *rows = calloc(nh ? nh : 1, sizeof **rows);
    if (!*rows) {
        free(h);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < nh; i++) {
        app_meter_held *a = &(*rows)[i];
        str_copy(a->contractor_no, sizeof a->contractor_no, h[i].contractor_no);
        str_copy(a->contractor_name, sizeof a->contractor_name, h[i].contractor_name);
        a->diameter = h[i].diameter;
        a->count = h[i].count;
    }
    *n = nh;
    free(h);
    return 0;
}

int app_meter_reorder_set(app_ctx *ctx, const char *diameter, const char *point, err_t *e)
{
    int64_t dia = 0;
    long long p = 0;
    int rc = app_require(ctx, PERM_METER, e);
    if (rc || (rc = app_meter_diameter(diameter, "diameter", &dia, e)) ||
        (rc = validate_int(point, 0, 100000, "point", "発注点", &p, e)))
        return rc;
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    rc = meter_stock_store_set_reorder(ctx->db, dia, p, ctx->actor.username[0] ? ctx->actor.username : "operator",
                                       date_now_unix(), e);
    if (!rc) {
        char obj[32];
        str_fmt(obj, sizeof obj, "meter_reorder:%lld", (long long)dia);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_int(&d.w, "diameter", dia);
        jsonw_kv_int(&d.w, "point", p);
        rc = app_audit_json(ctx, "meter.reorder", obj, &d, e);
    }
    return app_tx_end(ctx, rc, e);
}
