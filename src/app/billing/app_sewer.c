/* app_sewer — how a tap's sewer volume is found (汚水量の認定) and the
 * deduction meter's volume per cycle (see app.h). */
#include "app/app.h"
#include "app/billing/app_bill.h"
#include "app/reading/app_reading.h"
#include "app/registry/app_registry.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "domain/role.h"
#include "domain/sewer_basis.h"
#include "store/billing/bill_store.h"
#include "store/registry/tap_store.h"

/* The id of the tap numbered tap_no; refusals as app_registry_find_tap's,
 * on the field "tap" (the CLI's --tap; the staff page has it in its path). */
static int tap_id(app_ctx *ctx, const char *tap_no, int64_t *id, err_t *e)
{
    tap_row *t = malloc(sizeof *t);
    if (!t)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = app_registry_find_tap(ctx, tap_no, "tap", t, e);
    if (!rc)
        *id = t->id;
    free(t);
    return rc;
}

static bool small_int(const char *s, long long max, long long *v)
{
    return s && str_to_i64(s, v) && *v >= 0 && *v <= max;
}

int app_sewer_basis_set(app_ctx *ctx, const char *tap_no, const char *basis, const char *persons, err_t *e)
{
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    if (rc)
        return rc;
    int bs = sewer_basis_parse(basis);
    if (bs < 0)
        return err_field(e, "basis", "汚水量の算定は「水道メーター」「減量（認定）」「井戸水」から選んでください。");
    long long n = 0;
    if (bs == SEWER_BASIS_WELL && (!small_int(persons, 99, &n) || n < 1))
        return err_field(e, "persons", "井戸水の使用人数は 1〜99 人で入力してください。");
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    int64_t id = 0;
    rc = tap_id(ctx, tap_no, &id, e);
    if (!rc)
        rc = tap_store_set_sewer_basis(ctx->db, id, basis, n, date_now_unix(), e);
    if (!rc) {
        char obj[40];
        str_fmt(obj, sizeof obj, "tap:%s", tap_no);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_string(&d.w, "sewer_basis", basis);
        jsonw_kv_int(&d.w, "well_persons", n);
        rc = app_audit_json(ctx, "tap.sewer_basis", obj, &d, e);
    }
    return app_tx_end(ctx, rc, e);
}

int app_sewer_basis_get(app_ctx *ctx, const char *tap_no, char basis[12], int64_t *persons, err_t *e)
{
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    int64_t id = 0;
    if (!rc)
        rc = tap_id(ctx, tap_no, &id, e);
    return rc ? rc : tap_store_get_sewer_basis(ctx->db, id, basis, persons, e);
}

int app_sewer_deduction_set(app_ctx *ctx, const char *tap_no, const char *cycle, const char *m3, err_t *e)
{
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    if (rc)
        return rc;
    int y, m;
    if ((rc = app_cycle_field(cycle, &y, &m, e)))
        return rc;
    long long v = 0;
    if (!small_int(m3, 9999999, &v))
        return err_field(e, "m3", "減量水量は 0〜9,999,999 の整数（m³）で入力してください。");
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    int64_t id = 0;
    rc = tap_id(ctx, tap_no, &id, e);
    if (!rc)
        rc = bill_store_deduction_put(ctx->db, id, cycle, v, ctx->actor.username, date_now_unix(), e);
    if (!rc) {
        char obj[40];
        str_fmt(obj, sizeof obj, "tap:%s", tap_no);
        app_audit_detail det;
        app_audit_detail_begin(&det);
        jsonw_kv_string(&det.w, "cycle", cycle);
        jsonw_kv_int(&det.w, "deduct_m3", v);
        rc = app_audit_json(ctx, "tap.sewer_deduction", obj, &det, e);
    }
    return app_tx_end(ctx, rc, e);
}
