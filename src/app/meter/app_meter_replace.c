/* app_meter_replace — see app_meter_replace.h. */
#include "app/meter/app_meter_replace.h"

#include <stdlib.h>
#include <string.h>

#include "app/meter/app_meter_int.h"
#include "app/works/app_works_contractor.h"
#include "base/date.h"
#include "domain/meter/meter_serial.h"
#include "domain/role.h"
#include "domain/validate.h"
#include "store/meter/meter_plan_store.h"

#define PLAN_MAX_MONTHS 120   /* ten years at most in one plan */

/* The plan's period and filter from the text typed. */
static int plan_filter(const app_meter_plan_in *in, app_meter_plan *p, meter_plan_filter *f, err_t *e)
{
    char last[11];
    if (!in->from || !meter_expiry_parse(in->from, last, sizeof last))
        return err_field(e, "from", "期間（から）は YYYY-MM の形で入力してください（例: 2027-04）。");
    str_fmt(p->from_day, sizeof p->from_day, "%.7s-01", last);
    if (!in->to || !meter_expiry_parse(in->to, p->to_day, sizeof p->to_day))
        return err_field(e, "to", "期間（まで）は YYYY-MM の形で入力してください（例: 2028-03）。");
    if (strcmp(p->to_day, p->from_day) < 0)
        return err_field(e, "to", "期間（まで）は期間（から）と同じか後の月にしてください。");
    civil_date a, b;
    (void)date_parse(p->from_day, &a);
    (void)date_parse(p->to_day, &b);
    if ((b.y - a.y) * 12 + (b.m - a.m) >= PLAN_MAX_MONTHS)
        return err_field(e, "to", "期間は10年（120か月）以内にしてください。");
    *f = (meter_plan_filter){.from = p->from_day, .to = p->to_day, .route = in->route ? in->route : ""};
    if (in->route && strlen(in->route) > 15)
        return err_field(e, "route", "検針区は15文字以内で入力してください。");
    if (in->diameter && *in->diameter)
        return app_meter_diameter(in->diameter, "diameter", &f->diameter, e);
    return 0;
}

/* The plan inside the caller's read (no permission checked). */
static int plan_read(app_ctx *ctx, const app_meter_plan_in *in, int64_t limit, app_meter_plan *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    meter_plan_filter f;
    int rc = plan_filter(in, out, &f, e);
    meter_plan_row *rows = NULL;
    meter_plan_month *months = NULL;
    size_t n = 0, nm = 0;
    if (!rc)
        rc = meter_plan_store_months(ctx->db, &f, &months, &nm, e);
    if (!rc)
        rc = meter_plan_store_list(ctx->db, &f, limit, &rows, &n, e);
    if (rc) {
        free(months);
        return rc;
    }
    /* the store rows and the app rows have the same fields */
    out->items = n ? calloc(n, sizeof *out->items) : NULL;
    out->months = nm ? calloc(nm, sizeof *out->months) : NULL;
    if ((n && !out->items) || (nm && !out->months)) {
        free(rows);
        free(months);
        app_meter_plan_free(out);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        app_meter_plan_item *a = &out->items[i];
        const meter_plan_row *r = &rows[i];
        str_copy(a->tap_no, sizeof a->tap_no, r->tap_no);
        str_copy(a->route, sizeof a->route, r->route);
        a->route_order = r->route_order;
        str_copy(a->serial, sizeof a->serial, r->serial);
        str_copy(a->maker, sizeof a->maker, r->maker);
        a->diameter = r->diameter;
        a->digits = r->digits;
        str_copy(a->certified_until, sizeof a->certified_until, r->certified_until);
        str_copy(a->installed_on, sizeof a->installed_on, r->installed_on);
    }
    for (size_t i = 0; i < nm; i++) {
        str_copy(out->months[i].month, sizeof out->months[i].month, months[i].month);
        out->months[i].diameter = months[i].diameter;
        out->months[i].count = months[i].count;
        out->total += months[i].count;
    }
    out->n = n;
    out->nmonths = nm;
    free(rows);
    free(months);
    return 0;
}

int app_meter_plan_get(app_ctx *ctx, const app_meter_plan_in *in, int64_t limit, app_meter_plan *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_METER_VIEW, e);
    return rc ? rc : plan_read(ctx, in, limit, out, e);
}

void app_meter_plan_free(app_meter_plan *p)
{
    free(p->items);
    free(p->months);
    p->items = NULL;
    p->months = NULL;
    p->n = p->nmonths = 0;
}

int app_meter_replace_order(app_ctx *ctx, const app_meter_plan_in *in, const char *contractor,
                            app_meter_order_doc *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_METER, e);
    if (rc)
        return rc;
    if (!in->route || !*in->route)
        return err_field(e, "route", "取替指示書は検針区ごとに作成します。検針区を入力してください。");
    if (!contractor || !*contractor)
        return err_field(e, "contractor", "取替を指示する工事事業者の指定番号を入力してください。");
    char today[11], why[512];
    date_format_iso(date_today_jst(), today);
    int64_t cid = 0;
    bool ok = false;
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    rc = app_works_contractor_by_no(ctx, contractor, "contractor", &cid, out->contractor_name,
                                    sizeof out->contractor_name, e);
    if (rc == ERR_NOTFOUND) {
        char msg[sizeof e->user];
        str_copy(msg, sizeof msg, e->user);
        rc = err_field(e, "contractor", "%s", msg);
    }
    if (!rc)
        rc = app_works_contractor_standing(ctx, cid, today, &ok, why, sizeof why, e);
    if (!rc && !ok)
        rc = err_field(e, "contractor", "%s には取替を指示できません（%s）。", out->contractor_name, why);
    if (!rc)
        rc = plan_read(ctx, in, 0, &out->plan, e);
    if (!rc) {
        str_copy(out->contractor_no, sizeof out->contractor_no, contractor);
        str_copy(out->route, sizeof out->route, in->route);
        char obj[48];
        str_fmt(obj, sizeof obj, "contractor:%s", contractor);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_string(&d.w, "route", in->route);
        jsonw_kv_string(&d.w, "from", out->plan.from_day);
        jsonw_kv_string(&d.w, "to", out->plan.to_day);
        jsonw_kv_int(&d.w, "meters", (int64_t)out->plan.n);
        rc = app_audit_json(ctx, "meter.replace_order", obj, &d, e);
    }
    if ((rc = app_tx_end(ctx, rc, e)))
        app_meter_order_doc_free(out);
    return rc;
}

void app_meter_order_doc_free(app_meter_order_doc *d)
{
    app_meter_plan_free(&d->plan);
}

int app_meter_replace_result(app_ctx *ctx, const app_meter_result_in *in, app_meter_exchange_done *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    char on[11];
    long long start = 0, flush = 0;
    int rc = app_require(ctx, PERM_METER, e);
    if (rc || (rc = app_meter_day(in->on, "on", "取替日", on, e)))
        return rc;
    if (!in->tap || !*in->tap)
        return err_field(e, "tap", "水栓番号を入力してください。");
    if (!in->serial || !*in->serial)
        return err_field(e, "serial", "新メーター番号を入力してください。");
    if ((rc = validate_int(in->new_start, 0, 999999, "new_start", "新メーターの取付指針", &start, e)) ||
        (rc = validate_int(in->flush, 0, 99, "flush", "試験通水量", &flush, e)))
        return rc;
    int64_t cid = 0;
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    if (in->contractor && *in->contractor) {
        rc = app_works_contractor_by_no(ctx, in->contractor, "contractor", &cid, NULL, 0, e);
        if (rc == ERR_NOTFOUND) {
            char msg[sizeof e->user];
            str_copy(msg, sizeof msg, e->user);
            rc = err_field(e, "contractor", "%s", msg);
        }
    }
    app_meter_input m = {.meter_no = in->serial};
    app_meter_exchange x = {.tap_no = in->tap, .on = on, .old_final = in->old_final, .meter = &m,
                            .start = start, .flush_m3 = flush, .contractor_id = cid, .must_exist = true,
                            .diameter_check = true,
                            .diameter_confirmed = in->confirm_diameter && strcmp(in->confirm_diameter, "1") == 0};
    if (!rc) {
        rc = app_meter_exchange_tx(ctx, &x, out, e);
        if (rc == ERR_NOTFOUND && !e->field[0])   /* the tap */
            rc = err_field(e, "tap", "水栓番号 %s は登録されていません。", in->tap);
    }
    return app_tx_end(ctx, rc, e);
}
