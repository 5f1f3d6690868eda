/* app_reception_view — the reception inbox and a tap's requests, with
 * their sealed details opened (see app_reception.h). */
#include "app/reception/app_reception.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/collect/app_mandate.h"
#include "app/registry/app_registry.h"
#include "store/db.h"
#include "domain/reading_check.h"
#include "domain/role.h"
#include "store/reading/reading_store.h"
#include "store/collect/mandate_store.h"
#include "store/registry/customer_store.h"
#include "store/reception/request_store.h"
#include "store/registry/tap_store.h"
#include "store/reception/workorder_store.h"

void app_requests_free(app_request *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        free(rows[i].customer_name);
        free(rows[i].filer);
        free(rows[i].note);
    }
    free(rows);
}

/* The customer's name (opened), "" when none or unreadable. */
static char *customer_name(app_ctx *ctx, int64_t id)
{
    if (id <= 0)
        return strdup("");
    customer_row *r = calloc(1, sizeof *r);
    char *name = NULL;
    if (r && customer_store_get(ctx->db, id, r, NULL) == 0)
        name = crypto_open(ctx->env->keys, r->name_enc);
    free(r);
    return name ? name : strdup("");
}

/* Why a held stop waits: the check's reasons on its final reading. */
static void hold_reason(app_ctx *ctx, const request_row *r, char *out, size_t outsz)
{
    out[0] = '\0';
    reading_row rows[8];
    size_t n = 0;
    err_t e;
    err_clear(&e);
    if (reading_store_recent(ctx->db, r->tap_id, rows, 8, &n, &e))
        return;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(rows[i].read_on, r->effective_on) != 0 || strcmp(rows[i].status, "held") != 0)
            continue;
        unsigned bits = reading_reasons_parse(rows[i].reasons);
        buf_t b;
        buf_init(&b, 0);
        for (unsigned bit = 1; bit && bit <= bits; bit <<= 1)
            if (bits & bit)
                buf_printf(&b, "%s%s", b.len ? "・" : "", reading_reason_text(bit));
        str_fmt(out, outsz, "中止時の指針（%lld）が検針の点検で保留されています%s%s。係長が確認すると精算（最終の請求）に進みます。",
                (long long)rows[i].value, b.len ? ": " : "", b.len ? buf_cstr(&b) : "");
        buf_free(&b);
        return;
    }
}

static int fill(app_ctx *ctx, const request_row *r, app_request *o, err_t *e)
{
    o->id = r->id;
    str_copy(o->kind, sizeof o->kind, r->kind);
    str_copy(o->tap_no, sizeof o->tap_no, r->tap_no);
    str_copy(o->effective_on, sizeof o->effective_on, r->effective_on);
    str_copy(o->source, sizeof o->source, r->source);
    str_copy(o->status, sizeof o->status, r->status);
    str_copy(o->settle, sizeof o->settle, r->settle);
    str_copy(o->created_by, sizeof o->created_by, r->created_by);
    o->created_at = r->created_at;
    if (strcmp(r->status, "held") == 0)
        hold_reason(ctx, r, o->hold_reason, sizeof o->hold_reason);
    workorder_row w;
    if (workorder_store_for_request(ctx->db, r->id, &w, NULL) == 0)
        o->work_order_id = w.id;
    o->customer_name = customer_name(ctx, r->customer_id);
    char *plain = crypto_open(ctx->env->keys, r->detail_enc);
    json_t *j = plain ? json_loads(plain, 0, NULL) : NULL;
    free(plain);
    const char *fn = "", *fp = "", *fr = "", *note = "";
    json_unpack(j, "{s?{s?s,s?s,s?s},s?s}", "filer", "name", &fn, "phone", &fp, "relation", &fr, "note", &note);
    char filer[256] = "";
    if (*fn)
        str_fmt(filer, sizeof filer, "%s%s%s%s %s", fn, *fr ? "（" : "", fr, *fr ? "）" : "", fp);
    o->filer = strdup(filer);
    o->note = strdup(note);
    json_decref(j);
    if (!o->customer_name || !o->filer || !o->note)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    return 0;
}

static int fill_all(app_ctx *ctx, request_row *rs, size_t m, app_request **rows, size_t *n, err_t *e)
{
    app_request *out = calloc(m ? m : 1, sizeof *out);
    int rc = out ? 0 : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < m; i++)
        rc = fill(ctx, &rs[i], &out[i], e);
    if (rc) {
        app_requests_free(out, m);
        return rc;
    }
    *rows = out;
    *n = m;
    return 0;
}

int app_reception_list_tap(app_ctx *ctx, const char *tap_no, app_request **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc || (rc = db_begin_read(ctx->db, e)))
        return rc;
    tap_row t;
    request_row *rs = NULL;
    size_t m = 0;
    rc = tap_store_get_by_no(ctx->db, tap_no ? tap_no : "", &t, e);
    if (rc == ERR_NOTFOUND)
        rc = err_set(e, ERR_NOTFOUND, "tap_no", "その水栓番号は登録されていません。", "tap not found");
    if (!rc)
        rc = request_store_list_tap(ctx->db, t.id, 50, &rs, &m, e);
    if (!rc)
        rc = fill_all(ctx, rs, m, rows, n, e);
    db_end_read(ctx->db);
    free(rs);
    return rc;
}

int app_reception_held(app_ctx *ctx, app_request **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc || (rc = db_begin_read(ctx->db, e)))
        return rc;
    request_row *rs = NULL;
    size_t m = 0;
    rc = request_store_list_held(ctx->db, &rs, &m, e);
    if (!rc)
        rc = fill_all(ctx, rs, m, rows, n, e);
    db_end_read(ctx->db);
    free(rs);
    if (!rc && *n) {   /* names were shown: a view of personal data */
        app_audit_detail det;
        app_audit_detail_begin(&det);
        jsonw_kv_int(&det.w, "rows", (int64_t)*n);
        err_t ae;
        err_clear(&ae);
        app_audit_now_json(ctx, "reception.held.view", "reception", &det, &ae);
    }
    return rc;
}

int app_reception_inbox(app_ctx *ctx, const char *day, app_request **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    civil_date d;
    if (rc)
        return rc;
    if (!day || !date_parse(day, &d))
        return err_field(e, "day", "日付は YYYY-MM-DD の形式で入力してください。");
    /* the day in Japan time, as unix seconds */
    int64_t from = date_to_days(d) * 86400 - 9 * 3600, to = from + 86400;
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    request_row *rs = NULL;
    size_t m = 0;
    rc = request_store_list_received(ctx->db, from, to, &rs, &m, e);
    if (!rc)
        rc = fill_all(ctx, rs, m, rows, n, e);
    db_end_read(ctx->db);
    free(rs);
    if (!rc) {
        app_audit_detail det;
        app_audit_detail_begin(&det);
        jsonw_kv_string(&det.w, "day", day);
        jsonw_kv_int(&det.w, "rows", (int64_t)*n);
        err_t ae;
        err_clear(&ae);
        app_audit_now_json(ctx, "reception.inbox.view", "reception", &det, &ae);
    }
    return rc;
}

void app_tap_summary_free(app_tap_summary *s)
{
    if (!s)
        return;
    free(s->name);
    free(s->address);
    s->name = s->address = NULL;
}

/* The mandate in force of the tap's current customer, into s (debit false when none). */
static int summary_mandate(app_ctx *ctx, int64_t tap_id, app_tap_summary *s, err_t *e)
{
    mandate_row *m = calloc(1, sizeof *m);
    if (!m)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = mandate_store_open(ctx->db, tap_id, m, e);
    if (rc == ERR_NOTFOUND) {
        rc = 0;
    } else if (!rc && m->customer_id == s->customer_id) {
        char *acct = crypto_open(ctx->env->keys, m->account_enc);
        if (!acct) {
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "mandate %lld: cannot open sealed fields", (long long)m->id);
        } else {
            s->debit = true;
            str_copy(s->bank_name, sizeof s->bank_name, m->bank_name[0] ? m->bank_name : m->bank);
            str_copy(s->branch_name, sizeof s->branch_name, m->branch_name[0] ? m->branch_name : m->branch);
            app_mandate_mask(acct, s->account_masked);
            free(acct);
        }
    }
    free(m);
    return rc;
}

int app_reception_tap_summary(app_ctx *ctx, const char *tap_no, app_tap_summary *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc || (rc = db_begin_read(ctx->db, e)))
        return rc;
    tap_row t;
    rc = app_registry_find_tap(ctx, tap_no, "tap_no", &t, e);
    if (!rc) {
        str_copy(out->tap_no, sizeof out->tap_no, t.tap_no);
        char place[640] = "";
        app_registry_place_of_use(ctx, &t, place, sizeof place);
        out->address = strdup(place);
        occupancy_row occ;
        int r2 = occupancy_store_current(ctx->db, t.id, &occ, e);
        if (r2 == 0) {
            out->occupied = true;
            out->customer_id = occ.customer_id;
            out->name = customer_name(ctx, occ.customer_id);
            rc = summary_mandate(ctx, t.id, out, e);
        } else if (r2 == ERR_NOTFOUND) {
            err_clear(e);
            out->name = strdup("");
        } else {
            rc = r2;
        }
        if (!rc && (!out->address || !out->name))
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    db_end_read(ctx->db);
    if (!rc) {
        char obj[32];
        str_fmt(obj, sizeof obj, "tap:%s", out->tap_no);
        app_audit_detail det;
        app_audit_detail_begin(&det);
        jsonw_kv_int(&det.w, "customer", out->customer_id);
        rc = app_audit_now_json(ctx, "reception.form.view", obj, &det, e);
    }
    if (rc)
        app_tap_summary_free(out);
    return rc;
}
