/* app_reception — start, stop, name change, mailing-address and payment-
 * method changes as received by phone, at the counter, by mail or from the
 * portal (see app_reception.h).  The opening and closing work orders are
 * completed in app_workorder.c. */
#include "app/reception/app_reception.h"
#include "app/app_form.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/reception/app_application.h"
#include "app/collect/app_mandate.h"
#include "app/registry/app_registry.h"
#include "app/registry/app_customer.h"
#include "store/db.h"
#include "base/text.h"
#include "domain/reception.h"
#include "domain/role.h"
#include "domain/validate.h"
#include "store/registry/customer_store.h"
#include "store/collect/mandate_store.h"
#include "store/reception/request_store.h"
#include "store/registry/tap_store.h"
#include "store/reception/workorder_store.h"

/* ---- checks shared by the use cases --------------------------------- */

/* The form's one-time token (app/app_form.h), claimed first in the
 * transaction: -1 when this form was posted before (out: that request,
 * nothing done now), else 0 or the error. */
static int form_claim(app_ctx *ctx, app_request_out *out, err_t *e)
{
    int rc = app_form_claim_tx(ctx, e);
    if (rc || !app_form_replayed(ctx))
        return rc;
    out->request_id = app_form_result_id(ctx, "request");
    out->replayed = true;
    return -1;
}

/* After the request is made (rc 0): the token remembers it. */
static int form_done(app_ctx *ctx, int rc, const app_request_out *out, err_t *e)
{
    if (rc)
        return rc;
    char res[40];
    str_fmt(res, sizeof res, "request:%lld", (long long)out->request_id);
    return app_form_done_tx(ctx, res, e);
}

/* A reception's transaction for app_tx_run: the form's one-time token claimed, the request
 * made by fn, the token given its result.  app_tx_run may run it twice (a failover before
 * COMMIT); that is safe: out is filled afresh, the token's claim and result, the request, its
 * customer and its visit, and the audit rows are all written in the transaction, and nothing
 * outside the database is touched before COMMIT (the search index is refreshed after it). */
typedef int (*reception_fn)(app_ctx *ctx, const void *in, const char *day, app_request_out *out, err_t *e);
typedef struct reception_arg {
    reception_fn fn;
    const void *in;
    const char *day;
    app_request_out *out;
} reception_arg;

static int reception_tx(app_ctx *ctx, void *arg, err_t *e)
{
    const reception_arg *a = arg;
    memset(a->out, 0, sizeof *a->out);
    int c = form_claim(ctx, a->out, e);
    return c < 0 ? 0 : c ? c : form_done(ctx, a->fn(ctx, a->in, a->day, a->out, e), a->out, e);
}

static int reception_run(app_ctx *ctx, reception_fn fn, const void *in, civil_date d, app_request_out *out, err_t *e)
{
    char day[11];
    date_format_iso(d, day);
    reception_arg a = {.fn = fn, .in = in, .day = day, .out = out};
    return app_tx_run(ctx, reception_tx, &a, e);
}

static int check_source(const char *source, err_t *e)
{
    for (size_t i = 0; RECEPTION_SOURCES[i]; i++)
        if (source && strcmp(source, RECEPTION_SOURCES[i]) == 0)
            return 0;
    return err_field(e, "source", "受付方法（電話・窓口・郵送・ウェブ）を選んでください。");
}

static int check_filer(const app_filer *f, const char *note, err_t *e)
{
    int rc;
    if ((rc = validate_text(f->name, false, 60, "filer_name", "届出人の氏名", e)) ||
        (rc = validate_phone(f->phone, false, "filer_phone", "届出人の電話番号", e)) ||
        (rc = validate_text(f->relation, false, 20, "filer_relation", "使用者との関係", e)) ||
        (rc = validate_note(note, false, 1000, "note", "備考", e)))
        return rc;
    return 0;
}

/* [reception] in the settings. */
static int rules_load(app_ctx *ctx, reception_rules *r, err_t *e)
{
    long long v[3];
    static const struct { const char *key; long long def, min, max; } K[] = {
        {"reception.lead_business_days", 3, 0, 30},
        {"reception.max_days_ahead", 60, 1, 365},
        {"reception.past_days", 30, 0, 365},
    };
    for (size_t i = 0; i < 3; i++) {
        int rc = config_get_int(ctx->env->cfg, K[i].key, K[i].def, K[i].min, K[i].max, &v[i], e);
        if (rc)
            return rc;
    }
    r->lead_business_days = (int)v[0];
    r->max_days_ahead = (int)v[1];
    r->past_days = (int)v[2];
    return 0;
}

/* The day against [reception] (field names the form's date). */
static int check_day(app_ctx *ctx, const char *s, const char *field, const char *label, bool urgent,
                     civil_date *day, err_t *e)
{
    int rc = validate_date(s, true, field, label, day, e);
    if (rc)
        return rc;
    reception_rules r;
    if ((rc = rules_load(ctx, &r, e)))
        return rc;
    civil_date first;
    char msg[256];
    if (!reception_day_ok(&r, RECEPTION_STAFF, urgent, date_today_jst(), *day, &first, msg, sizeof msg))
        return err_field(e, field, "%s", msg);
    return 0;
}

/* The tap and its current tenure; when there is none, ERR_INVALID on field
 * tap_no with what to do instead (hint, after the sentence). */
static int current_tenure(app_ctx *ctx, const char *tap_no, const char *hint, tap_row *t, occupancy_row *occ,
                          err_t *e)
{
    memset(occ, 0, sizeof *occ);
    int rc = app_registry_find_tap(ctx, tap_no, "tap_no", t, e);
    if (rc)
        return rc;
    rc = occupancy_store_current(ctx->db, t->id, occ, e);
    if (rc == ERR_NOTFOUND)
        return err_field(e, "tap_no", "水栓 %s には現在の使用者がいません%s", t->tap_no, hint);
    return rc;
}

/* The sealed detail of a request: who filed it, the note and extras. */
static int seal_detail(app_ctx *ctx, const app_filer *f, const char *note, json_t *extra, char *dst, size_t dstsz,
                       err_t *e)
{
    char *lf = strdup(note ? note : "");   /* line breaks kept as LF */
    text_newlines_lf(lf);
    json_t *j = lf ? json_pack("{s{ssssss}ss}", "filer", "name", f->name ? f->name : "", "phone",
                               f->phone ? f->phone : "", "relation", f->relation ? f->relation : "", "note", lf)
                   : NULL;
    free(lf);
    if (j && extra)
        json_object_update(j, extra);
    json_decref(extra);
    char *plain = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    char *sealed = plain ? crypto_seal(ctx->env->keys, plain) : NULL;
    free(plain);
    bool ok = sealed && str_copy(dst, dstsz, sealed);
    free(sealed);
    return ok ? 0 : err_set(e, ERR_INTERNAL, NULL, NULL, "sealing a request's detail failed");
}

static int insert_request(app_ctx *ctx, const char *kind, const tap_row *t, int64_t customer_id, const char *day,
                          const char *source, const char *settle, bool urgent, const app_filer *f, const char *note,
                          json_t *extra, int64_t *id, err_t *e)
{
    request_row *r = calloc(1, sizeof *r);
    if (!r) {
        json_decref(extra);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    str_copy(r->kind, sizeof r->kind, kind);
    r->tap_id = t->id;
    r->customer_id = customer_id;
    str_copy(r->effective_on, sizeof r->effective_on, day);
    str_copy(r->source, sizeof r->source, source);
    str_copy(r->settle, sizeof r->settle, settle ? settle : "");
    r->urgent = urgent;
    str_copy(r->created_by, sizeof r->created_by, ctx->actor.username);
    r->created_at = date_now_unix();
    int rc = seal_detail(ctx, f, note, extra, r->detail_enc, sizeof r->detail_enc, e);
    if (!rc)
        rc = request_store_insert(ctx->db, r, id, e);
    free(r);
    return rc;
}

static int insert_order(app_ctx *ctx, int64_t request_id, const tap_row *t, const char *kind, const char *day,
                        int64_t *id, err_t *e)
{
    workorder_row w;
    memset(&w, 0, sizeof w);
    w.request_id = request_id;
    w.tap_id = t->id;
    str_copy(w.kind, sizeof w.kind, kind);
    str_copy(w.due_on, sizeof w.due_on, day);
    str_copy(w.route, sizeof w.route, t->route);
    w.route_order = t->route_order;
    return workorder_store_insert(ctx->db, &w, id, e);
}

static int audit_request(app_ctx *ctx, const char *action, const tap_row *t, const app_request_out *out,
                         const char *day, const char *source, err_t *e)
{
    char obj[32];
    str_fmt(obj, sizeof obj, "tap:%s", t->tap_no);
    app_audit_detail det;
    app_audit_detail_begin(&det);
    jsonw_kv_int(&det.w, "request", out->request_id);
    jsonw_kv_int(&det.w, "work_order", out->work_order_id);
    jsonw_kv_int(&det.w, "customer", out->customer_id);
    jsonw_kv_string(&det.w, "on", day);
    jsonw_kv_string(&det.w, "source", source);
    return app_audit_json(ctx, action, obj, &det, e);
}

/* After a start's or a stop's request row: the portal application it came
 * from (if any) marked converted, the field visit (open | close) due on the
 * day, and the audit row. */
static int with_visit(app_ctx *ctx, const tap_row *t, const char *visit, int64_t application_id, const char *day,
                      const char *source, app_request_out *out, err_t *e)
{
    int rc = 0;
    if (application_id > 0)
        rc = app_application_converted_tx(ctx, application_id, out->request_id, e);
    if (!rc)
        rc = insert_order(ctx, out->request_id, t, visit, day, &out->work_order_id, e);
    if (!rc)
        rc = audit_request(ctx, strcmp(visit, "open") == 0 ? "reception.start" : "reception.stop", t, out, day,
                           source, e);
    return rc;
}

/* The search index's entry of a tap, after a change to who uses it. */
static void refresh(app_ctx *ctx, const char *tap_no)
{
    tap_row t;
    if (tap_store_get_by_no(ctx->db, tap_no, &t, NULL) == 0)
        app_registry_refresh_tap(ctx, t.id);
}

/* The customer a start or a name change brings: an existing one, or a new
 * one from the form (sealed and inserted). */
static int take_customer(app_ctx *ctx, int64_t existing, const app_customer_input *c, int64_t *id, err_t *e)
{
    customer_row *r = calloc(1, sizeof *r);
    if (!r)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc;
    if (existing > 0) {
        rc = customer_store_get(ctx->db, existing, r, e);
        if (rc == ERR_NOTFOUND)
            rc = err_field(e, "customer_id", "お客様番号 %lld は登録されていません。", (long long)existing);
        *id = existing;
    } else {
        r->created_at = r->updated_at = date_now_unix();
        rc = app_registry_seal_customer(ctx, c, r, e);
        if (!rc)
            rc = customer_store_insert(ctx->db, r, id, e);
    }
    free(r);
    return rc;
}

/* ---- use cases ------------------------------------------------------ */

static int start_tx(app_ctx *ctx, const app_start_in *in, const char *day, app_request_out *out, err_t *e)
{
    tap_row t;
    int rc = app_registry_find_tap(ctx, in->tap_no, "tap_no", &t, e);
    if (rc)
        return rc;
    request_row *dup = calloc(1, sizeof *dup);
    if (!dup)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    rc = request_store_scheduled(ctx->db, t.id, "start", dup, e);
    if (rc == 0)
        rc = err_set(e, ERR_CONFLICT, "start_on", NULL, "a start is already scheduled");
    if (rc == ERR_CONFLICT)
        err_field(e, "start_on", "この水栓にはすでに使用開始の受付（%s から）があります。", dup->effective_on);
    if (rc == ERR_NOTFOUND) {
        err_clear(e);
        rc = 0;
    }
    occupancy_row occ;
    if (!rc) {
        int r2 = occupancy_store_current(ctx->db, t.id, &occ, e);
        if (r2 == 0) {
            /* occupied: only after a stop scheduled before the day */
            int r3 = request_store_scheduled(ctx->db, t.id, "stop", dup, e);
            if (r3 == ERR_NOTFOUND)
                rc = err_field(e, "start_on",
                               "水栓 %s には現在の使用者がいます（使用中）。先に使用中止を受け付けるか、名義変更にしてください。",
                               t.tap_no);
            else if (r3)
                rc = r3;
            else if (strcmp(dup->effective_on, day) >= 0)
                rc = err_field(e, "start_on", "前の使用者の中止日（%s）より後の日を開始日にしてください。",
                               dup->effective_on);
        } else if (r2 != ERR_NOTFOUND) {
            rc = r2;
        } else {
            err_clear(e);
        }
    }
    free(dup);
    if (!rc)
        rc = take_customer(ctx, in->customer_id, &in->customer, &out->customer_id, e);
    if (!rc)
        rc = insert_request(ctx, "start", &t, out->customer_id, day, in->source, "", in->urgent, &in->filer, in->note,
                            json_pack("{sb}", "urgent", in->urgent), &out->request_id, e);
    if (!rc)
        rc = with_visit(ctx, &t, "open", in->application_id, day, in->source, out, e);
    return rc;
}

static int start_tx_cb(app_ctx *ctx, const void *in, const char *day, app_request_out *out, err_t *e)
{
    return start_tx(ctx, in, day, out, e);
}

int app_reception_start_tx(app_ctx *ctx, const app_start_in *in, app_request_out *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    return start_tx(ctx, in, in->start_on, out, e);
}

int app_reception_start(app_ctx *ctx, const app_start_in *in, app_request_out *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    civil_date d;
    if (!rc)
        rc = check_source(in->source, e);
    if (!rc)
        rc = check_day(ctx, in->start_on, "start_on", "開始日", in->urgent, &d, e);
    if (!rc && in->customer_id <= 0)
        rc = app_registry_customer_check(&in->customer, e);
    if (!rc)
        rc = check_filer(&in->filer, in->note, e);
    if (rc)
        return rc;
    return reception_run(ctx, start_tx_cb, in, d, out, e);
}

/* Change the current customer's phone and mailing address (stop, 送付先). */
static int update_contact(app_ctx *ctx, int64_t customer_id, const char *phone, const char *postal,
                          const char *mail_address, err_t *e)
{
    customer_row *r = calloc(1, sizeof *r);
    app_person p;
    memset(&p, 0, sizeof p);
    if (!r)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = customer_store_get(ctx->db, customer_id, r, e);
    if (!rc)
        rc = app_registry_open_person(ctx, r, &p, e);
    if (!rc) {
        app_customer_input c = {.name = p.name, .kana = p.kana, .phone = phone && *phone ? phone : p.phone,
                                .postal = mail_address && *mail_address ? postal : p.postal,
                                .mail_address = mail_address && *mail_address ? mail_address : p.mail_address,
                                .notes = p.notes};
        rc = app_registry_seal_customer(ctx, &c, r, e);
        if (!rc)
            rc = customer_store_update(ctx->db, r, date_now_unix(), e);
        /* a new mailing address answers returned mail (不着) */
        if (!rc && mail_address && *mail_address)
            rc = customer_store_set_mail_doubtful(ctx->db, customer_id, 0, NULL, e);
    }
    app_person_free(&p);
    free(r);
    return rc;
}

static int stop_tx(app_ctx *ctx, const app_stop_in *in, const char *day, app_request_out *out, err_t *e)
{
    tap_row t;
    occupancy_row occ;
    int rc = current_tenure(ctx, in->tap_no, "（閉栓中）。", &t, &occ, e);
    if (rc)
        return rc;
    if (strcmp(day, occ.start_on) < 0)
        return err_field(e, "stop_on", "中止日は使用開始日（%s）以降にしてください。", occ.start_on);
    request_row *dup = calloc(1, sizeof *dup);
    if (!dup)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    rc = request_store_scheduled(ctx->db, t.id, "stop", dup, e);
    if (rc == 0)
        rc = err_field(e, "stop_on", "この水栓にはすでに使用中止の受付（%s）があります。", dup->effective_on);
    else if (rc == ERR_NOTFOUND) {
        err_clear(e);
        rc = 0;
    }
    free(dup);
    if (!rc && strcmp(in->settle, "debit") == 0) {
        mandate_row m;
        int r2 = mandate_store_open(ctx->db, t.id, &m, e);
        if (r2 == ERR_NOTFOUND || (r2 == 0 && m.customer_id != occ.customer_id))
            rc = err_field(e, "settle", "この使用者の口座振替の登録がありません。納付書払いを選んでください。");
        else
            rc = r2;
    }
    bool forward = (in->forward_address && *in->forward_address) || (in->phone && *in->phone);
    if (!rc && forward)
        rc = update_contact(ctx, occ.customer_id, in->phone, in->postal, in->forward_address, e);
    out->customer_id = occ.customer_id;
    if (!rc)
        rc = insert_request(ctx, "stop", &t, occ.customer_id, day, in->source, in->settle, in->urgent, &in->filer, in->note,
                            json_pack("{sbs{ssss}}", "urgent", in->urgent, "forward", "postal",
                                      in->postal ? in->postal : "", "address",
                                      in->forward_address ? in->forward_address : ""),
                            &out->request_id, e);
    if (!rc)
        rc = with_visit(ctx, &t, "close", in->application_id, day, in->source, out, e);
    return rc;
}

static int stop_tx_cb(app_ctx *ctx, const void *in, const char *day, app_request_out *out, err_t *e)
{
    return stop_tx(ctx, in, day, out, e);
}

int app_reception_stop_tx(app_ctx *ctx, const app_stop_in *in, app_request_out *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    return stop_tx(ctx, in, in->stop_on, out, e);
}

int app_reception_stop(app_ctx *ctx, const app_stop_in *in, app_request_out *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    civil_date d;
    if (!rc)
        rc = check_source(in->source, e);
    if (!rc)
        rc = check_day(ctx, in->stop_on, "stop_on", "中止日", in->urgent, &d, e);
    if (!rc && (!in->settle || (strcmp(in->settle, "debit") != 0 && strcmp(in->settle, "slip") != 0)))
        rc = err_field(e, "settle", "精算方法（口座振替・納付書）を選んでください。");
    if (!rc && in->forward_address && *in->forward_address)
        rc = validate_postal(in->postal, true, "postal", "転居先の郵便番号", e);
    if (!rc)
        rc = validate_text(in->forward_address, false, 120, "forward_address", "転居先住所", e);
    if (!rc)
        rc = validate_phone(in->phone, false, "phone", "連絡先電話番号", e);
    if (!rc)
        rc = check_filer(&in->filer, in->note, e);
    if (rc)
        return rc;
    rc = reception_run(ctx, stop_tx_cb, in, d, out, e);
    if (!rc)
        refresh(ctx, in->tap_no);
    return rc;
}

/* A change done at once: the request row is written done. */
static int done_request(app_ctx *ctx, const char *kind, const tap_row *t, int64_t customer_id, const char *day,
                        const app_change_in *in, json_t *extra, app_request_out *out, err_t *e)
{
    int rc = insert_request(ctx, kind, t, customer_id, day, in->source, "", false, &in->filer, in->note, extra,
                            &out->request_id, e);
    if (!rc)
        rc = request_store_finish(ctx->db, out->request_id, "done", ctx->actor.username, date_now_unix(), e);
    return rc;
}

static int name_change_tx(app_ctx *ctx, const app_change_in *in, const char *day, app_request_out *out, err_t *e)
{
    tap_row t;
    occupancy_row occ;
    int rc = current_tenure(ctx, in->tap_no, "。使用開始の受付にしてください。", &t, &occ, e);
    if (rc)
        return rc;
    if (strcmp(day, occ.start_on) <= 0)
        return err_field(e, "effective_on", "変更日は今の使用者の開始日（%s）より後にしてください。", occ.start_on);
    if (in->customer_id > 0 && in->customer_id == occ.customer_id)
        return err_field(e, "customer_id", "今の使用者と同じお客様です。");
    if ((rc = take_customer(ctx, in->customer_id, &in->customer, &out->customer_id, e)))
        return rc;
    civil_date d;
    date_parse(day, &d);
    char before[11];
    date_format_iso(date_from_days(date_to_days(d) - 1), before);
    occupancy_row o = {.tap_id = t.id, .customer_id = out->customer_id, .created_at = date_now_unix()};
    str_copy(o.start_on, sizeof o.start_on, day);
    if ((rc = occupancy_store_close(ctx->db, occ.id, before, e)) || (rc = occupancy_store_insert(ctx->db, &o, NULL, e)))
        return rc;
    if ((rc = done_request(ctx, "name_change", &t, out->customer_id, day, in,
                           json_pack("{sI}", "previous_customer", (json_int_t)occ.customer_id), out, e)))
        return rc;
    return audit_request(ctx, "reception.name_change", &t, out, day, in->source, e);
}

static int name_change_tx_cb(app_ctx *ctx, const void *in, const char *day, app_request_out *out, err_t *e)
{
    return name_change_tx(ctx, in, day, out, e);
}

/* The day of a change done at once: a date inside the window, no notice. */
static int change_day(app_ctx *ctx, const app_change_in *in, civil_date *d, err_t *e)
{
    int rc = check_source(in->source, e);
    if (!rc)
        rc = check_day(ctx, in->effective_on, "effective_on", "変更日", true, d, e);
    if (!rc)
        rc = check_filer(&in->filer, in->note, e);
    return rc;
}

int app_reception_name_change(app_ctx *ctx, const app_change_in *in, app_request_out *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    civil_date d;
    if (!rc)
        rc = change_day(ctx, in, &d, e);
    if (!rc && in->customer_id <= 0)
        rc = app_registry_customer_check(&in->customer, e);
    if (rc)
        return rc;
    rc = reception_run(ctx, name_change_tx_cb, in, d, out, e);
    if (!rc)
        refresh(ctx, in->tap_no);
    return rc;
}

static int mail_tx(app_ctx *ctx, const app_change_in *in, const char *day, app_request_out *out, err_t *e)
{
    tap_row t;
    occupancy_row occ;
    int rc = current_tenure(ctx, in->tap_no, "。", &t, &occ, e);
    out->customer_id = occ.customer_id;
    if (!rc)
        rc = update_contact(ctx, out->customer_id, NULL, in->postal, in->mail_address, e);
    if (!rc)
        rc = done_request(ctx, "mail_address", &t, out->customer_id, day, in,
                          json_pack("{s{ssss}}", "mail", "postal", in->postal, "address", in->mail_address), out, e);
    if (!rc)
        rc = audit_request(ctx, "reception.mail_address", &t, out, day, in->source, e);
    return rc;
}

static int mail_tx_cb(app_ctx *ctx, const void *in, const char *day, app_request_out *out, err_t *e)
{
    return mail_tx(ctx, in, day, out, e);
}

int app_reception_mail_address(app_ctx *ctx, const app_change_in *in, app_request_out *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    civil_date d;
    if (!rc)
        rc = change_day(ctx, in, &d, e);
    if (!rc)
        rc = validate_postal(in->postal, true, "postal", "送付先郵便番号", e);
    if (!rc)
        rc = validate_text(in->mail_address, true, 120, "mail_address", "送付先住所", e);
    if (rc)
        return rc;
    return reception_run(ctx, mail_tx_cb, in, d, out, e);
}

static int pay_tx(app_ctx *ctx, const app_change_in *in, const char *day, app_request_out *out, err_t *e)
{
    tap_row t;
    occupancy_row occ;
    int rc = current_tenure(ctx, in->tap_no, "。", &t, &occ, e);
    out->customer_id = occ.customer_id;
    if (!rc && strcmp(in->pay, "slip") == 0) {
        mandate_row m;
        int r2 = mandate_store_open(ctx->db, t.id, &m, e);
        if (r2 == ERR_NOTFOUND)
            rc = err_field(e, "pay", "この水栓には登録中の口座振替がありません（すでに納付書払いです）。");
        else if (r2)
            rc = r2;
        else {
            civil_date d;
            date_parse(day, &d);
            char last[11];   /* the mandate covers bills up to the day before */
            date_format_iso(date_from_days(date_to_days(d) - 1), last);
            if (strcmp(last, m.start_on) < 0)
                str_copy(last, sizeof last, m.start_on);
            rc = app_mandate_end_tx(ctx, t.tap_no, last, e);
            if (rc == ERR_INVALID)
                str_copy(e->field, sizeof e->field, "effective_on");
        }
    }
    if (!rc)
        rc = done_request(ctx, "pay_method", &t, out->customer_id, day, in, json_pack("{ss}", "pay", in->pay), out, e);
    if (!rc)
        rc = audit_request(ctx, "reception.pay_method", &t, out, day, in->source, e);
    return rc;
}

static int pay_tx_cb(app_ctx *ctx, const void *in, const char *day, app_request_out *out, err_t *e)
{
    return pay_tx(ctx, in, day, out, e);
}

int app_reception_pay_method(app_ctx *ctx, const app_change_in *in, app_request_out *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    civil_date d;
    if (!rc)
        rc = change_day(ctx, in, &d, e);
    if (!rc && (!in->pay || (strcmp(in->pay, "slip") != 0 && strcmp(in->pay, "debit") != 0)))
        rc = err_field(e, "pay", "支払方法（口座振替・納付書）を選んでください。");
    if (rc)
        return rc;
    return reception_run(ctx, pay_tx_cb, in, d, out, e);
}

static int cancel_tx(app_ctx *ctx, int64_t id, const char *reason, err_t *e)
{
    request_row *r = calloc(1, sizeof *r);
    if (!r)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = request_store_get(ctx->db, id, r, e);
    if (rc == ERR_NOTFOUND)
        rc = err_set(e, ERR_NOTFOUND, NULL, "その受付はありません。", "request %lld not found", (long long)id);
    int64_t now = date_now_unix();
    if (!rc)
        rc = request_store_finish(ctx->db, id, "cancelled", ctx->actor.username, now, e);
    workorder_row w;
    if (!rc) {
        int r2 = workorder_store_for_request(ctx->db, id, &w, e);
        if (r2 == 0)
            rc = workorder_store_finish(ctx->db, w.id, "cancelled", -1, 0, reason, ctx->actor.username, now, e);
        else if (r2 != ERR_NOTFOUND)
            rc = r2;
        else
            err_clear(e);
    }
    if (!rc) {
        json_t *j = json_pack("{sIssss}", "request", (json_int_t)id, "kind", r->kind, "reason", reason);
        char *d = j ? json_dumps(j, JSON_COMPACT) : NULL;
        json_decref(j);
        char obj[32];
        str_fmt(obj, sizeof obj, "tap:%s", r->tap_no);
        rc = d ? app_audit(ctx, "reception.cancel", obj, d, e) : err_set(e, ERR_INTERNAL, NULL, NULL, "json");
        free(d);
    }
    free(r);
    return rc;
}

typedef struct cancel_arg {
    int64_t request_id;
    const char *reason;
} cancel_arg;

/* app_reception_cancel's transaction (app_tx_run may run it twice: it only reads and writes
 * the database, audit row included). */
static int cancel_run(app_ctx *ctx, void *arg, err_t *e)
{
    const cancel_arg *a = arg;
    return cancel_tx(ctx, a->request_id, a->reason, e);
}

int app_reception_cancel(app_ctx *ctx, int64_t request_id, const char *reason, err_t *e)
{
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    if (!rc)
        rc = validate_text(reason, true, 200, "reason", "取消の理由", e);
    if (rc)
        return rc;
    cancel_arg a = {.request_id = request_id, .reason = reason};
    return app_tx_run(ctx, cancel_run, &a, e);
}
