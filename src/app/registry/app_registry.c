/* app_registry — taps, customers and occupancies: create, edit, お客様カルテ
 * (see app.h).  Personal fields are sealed here, before they reach store/. */
#include "app/app.h"
#include "app/registry/app_registry.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/registry/search_index.h"
#include "app/registry/app_customer.h"
#include "store/db.h"
#include "base/date.h"
#include "base/log.h"
#include "base/text.h"
#include "domain/role.h"
#include "domain/tapinfo.h"
#include "domain/validate.h"
#include "store/registry/customer_store.h"
#include "store/reading/route_store.h"
#include "store/registry/tap_store.h"

/* ---- validation ---- */

static int check_route(app_ctx *ctx, const char *s, err_t *e)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 1 || n > 8)
        return err_field(e, "route", "検針区は半角英数字1〜8文字で入力してください。");
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
            return err_field(e, "route", "検針区は半角英数字1〜8文字で入力してください。");
    /* A tap on an unregistered route would never be scheduled for reading. */
    route_row r;
    int rc = route_store_get(ctx->db, s, &r, e);
    if (rc == ERR_NOTFOUND) {
        char msg[160];
        str_fmt(msg, sizeof msg, "検針区 %s は登録されていません。検針 → 検針区の一覧で先に登録してください。", s);
        return err_set(e, ERR_INVALID, "route", msg, "unknown route %s", s);
    }
    return rc;
}

/* Validate the tap fields into row (everything but tap_no, address_enc). */
static int tap_fields(app_ctx *ctx, const app_tap_input *in, bool with_status, tap_row *row, err_t *e)
{
    long long v;
    int rc;
    area_row area;
    if (!in->area_code || !*in->area_code)
        return err_field(e, "area_code", "町丁目を選んでください。");
    if (area_store_get(ctx->db, in->area_code, &area, NULL) != 0)
        return err_field(e, "area_code", "町丁目を一覧から選んでください。");
    if ((rc = validate_text(in->address, true, 100, "address", "給水場所（番地）", e)))
        return rc;
    if ((rc = validate_int(in->diameter, 13, 300, "diameter", "口径", &v, e)))
        return rc;
    if (!validate_is_diameter(v))
        return err_field(e, "diameter", "口径を一覧から選んでください。");
    row->diameter = v;
    if ((rc = validate_code(in->use_code, tapinfo_codes(TAPINFO_USES), "use_code", "用途", e)) ||
        (rc = validate_code(in->sewer, tapinfo_codes(TAPINFO_SEWERS), "sewer", "下水道", e)) ||
        (rc = check_route(ctx, in->route, e)) ||
        (rc = validate_int(in->route_order, 0, 999999, "route_order", "順路", &v, e)))
        return rc;
    row->route_order = v;
    if (with_status && (rc = validate_code(in->status, tapinfo_codes(TAPINFO_STATUSES), "status", "状態", e)))
        return rc;
    str_copy(row->area_code, sizeof row->area_code, in->area_code);
    str_copy(row->use_code, sizeof row->use_code, in->use_code);
    str_copy(row->sewer, sizeof row->sewer, in->sewer);
    str_copy(row->route, sizeof row->route, in->route);
    str_copy(row->status, sizeof row->status, with_status ? in->status : "active");
    return 0;
}

int app_registry_customer_check(const app_customer_input *c, err_t *e)
{
    int rc;
    if ((rc = validate_text(c->name, true, 60, "name", "氏名（名称）", e)) ||
        (rc = validate_kana(c->kana, true, 80, "kana", "カナ氏名", e)) ||
        (rc = validate_phone(c->phone, false, "phone", "電話番号", e)) ||
        (rc = validate_postal(c->postal, false, "postal", "送付先郵便番号", e)) ||
        (rc = validate_text(c->mail_address, false, 120, "mail_address", "送付先住所", e)) ||
        (rc = validate_note(c->notes, false, 1000, "notes", "備考", e)))
        return rc;
    return 0;
}

/* Seal one field into dst (size dstsz); false when sealing fails or overflows. */
static bool seal_into(const app_ctx *ctx, const char *plain, char *dst, size_t dstsz)
{
    char *s = crypto_seal(ctx->env->keys, plain ? plain : "");
    bool ok = s && str_copy(dst, dstsz, s);
    free(s);
    return ok;
}

int app_registry_seal_customer(const app_ctx *ctx, const app_customer_input *c, customer_row *r, err_t *e)
{
    char *kana_norm = text_kana_display(c->kana);
    char *kana_key = text_kana_key(c->kana);
    char *digits = text_digits(c->phone ? c->phone : "");
    char *notes = strdup(c->notes ? c->notes : "");   /* line breaks kept as LF */
    text_newlines_lf(notes);
    bool ok = kana_norm && kana_key && digits && notes &&
              seal_into(ctx, c->name, r->name_enc, sizeof r->name_enc) &&
              seal_into(ctx, kana_norm, r->kana_enc, sizeof r->kana_enc) &&
              seal_into(ctx, c->phone, r->phone_enc, sizeof r->phone_enc) &&
              seal_into(ctx, c->postal, r->postal_enc, sizeof r->postal_enc) &&
              seal_into(ctx, c->mail_address, r->mail_address_enc, sizeof r->mail_address_enc) &&
              seal_into(ctx, notes, r->notes_enc, sizeof r->notes_enc);
    if (ok) {
        crypto_blind_index(ctx->env->keys, "kana", kana_key, r->kana_bidx);
        crypto_blind_index(ctx->env->keys, "phone", digits, r->phone_bidx);
    }
    free(kana_norm);
    free(kana_key);
    free(digits);
    free(notes);
    return ok ? 0 : err_set(e, ERR_INTERNAL, NULL, NULL, "sealing customer fields failed");
}

void app_registry_refresh_tap(app_ctx *ctx, int64_t tap_id)
{
    if (!ctx->env->index)
        return;
    err_t e;
    err_clear(&e);
    if (search_index_refresh_tap(ctx->env->index, ctx, tap_id, &e))
        log_msg(LOG_WARN, ctx->actor.rid, "search index refresh of tap %lld failed: %s", (long long)tap_id, e.log);
}

static char *dump(json_t *j)
{
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    return s;
}

/* ---- use cases ---- */

typedef struct tap_create_arg {
    tap_row *tr;
    const customer_row *cr;
    const app_tap_input *t;
    const app_customer_input *c;
    civil_date sd;
    int64_t now;
    int64_t tap_id;
} tap_create_arg;

/* app_tap_create's transaction.  app_tx_run may run it twice (a failover before COMMIT): the
 * tap number is taken afresh, the tap, customer, occupancy and audit row are written in the
 * transaction; the search index is refreshed only after COMMIT. */
static int tap_create_tx(app_ctx *ctx, void *arg, err_t *e)
{
    tap_create_arg *a = arg;
    tap_row *tr = a->tr;
    const app_tap_input *t = a->t;
    const app_customer_input *c = a->c;
    int rc = 0;
    if (t->tap_no && *t->tap_no)
        str_copy(tr->tap_no, sizeof tr->tap_no, t->tap_no);
    else
        rc = tap_store_next_no(ctx->db, tr->tap_no, e);
    int64_t cust_id = 0;
    a->tap_id = 0;
    if (!rc)
        rc = tap_store_insert(ctx->db, tr, &a->tap_id, e);
    if (!rc)
        rc = customer_store_insert(ctx->db, a->cr, &cust_id, e);
    occupancy_row o = {.tap_id = a->tap_id, .customer_id = cust_id, .created_at = a->now};
    date_format_iso(a->sd, o.start_on);
    if (!rc)
        rc = occupancy_store_insert(ctx->db, &o, NULL, e);
    if (!rc) {
        char obj[32];
        str_fmt(obj, sizeof obj, "tap:%s", tr->tap_no);
        char *d = dump(json_pack("{s{sssssIsssssssssI}s{ssssssssssss}ss}", "tap", "area_code", tr->area_code,
                                 "address", t->address, "diameter", (json_int_t)tr->diameter, "use", tr->use_code,
                                 "sewer", tr->sewer, "route", tr->route, "status", tr->status, "route_order",
                                 (json_int_t)tr->route_order, "customer", "name", c->name, "kana", c->kana, "phone",
                                 c->phone ? c->phone : "", "postal", c->postal ? c->postal : "", "mail_address",
                                 c->mail_address ? c->mail_address : "", "notes", c->notes ? c->notes : "",
                                 "start_on", o.start_on));
        rc = app_audit(ctx, "tap.create", obj, d, e);
        free(d);
    }
    return rc;
}

int app_tap_create(app_ctx *ctx, const app_tap_input *t, const app_customer_input *c, const char *start_on,
                   char tap_no_out[16], err_t *e)
{
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    if (rc)
        return rc;
    tap_row tr;
    memset(&tr, 0, sizeof tr);
    civil_date sd;
    if (t->tap_no && *t->tap_no && (rc = validate_tap_no(t->tap_no, "tap_no", "水栓番号", e)))
        return rc;
    if ((rc = tap_fields(ctx, t, false, &tr, e)) || (rc = app_registry_customer_check(c, e)) ||
        (rc = validate_date(start_on, true, "start_on", "開栓日", &sd, e)))
        return rc;
    customer_row cr;
    memset(&cr, 0, sizeof cr);
    if ((rc = app_registry_seal_customer(ctx, c, &cr, e)))
        return rc;
    if (!seal_into(ctx, t->address, tr.address_enc, sizeof tr.address_enc))
        return err_set(e, ERR_INTERNAL, NULL, NULL, "sealing address failed");
    int64_t now = date_now_unix();
    tr.created_at = cr.created_at = now;
    tap_create_arg a = {.tr = &tr, .cr = &cr, .t = t, .c = c, .sd = sd, .now = now};
    if ((rc = app_tx_run(ctx, tap_create_tx, &a, e)))
        return rc;
    str_copy(tap_no_out, 16, tr.tap_no);
    app_registry_refresh_tap(ctx, a.tap_id);
    return 0;
}

/* Add {field: [before, after]} to changes when they differ. */
static void diff(json_t *changes, const char *field, const char *before, const char *after)
{
    before = before ? before : "";
    after = after ? after : "";
    if (strcmp(before, after) != 0)
        json_object_set_new(changes, field, json_pack("[ss]", before, after));
}

/* diff for a note, whose line breaks are stored as LF whatever the form sent */
static void diff_lines(json_t *changes, const char *field, const char *before, const char *after)
{
    char *lf = strdup(after ? after : "");
    text_newlines_lf(lf);
    diff(changes, field, before, lf ? lf : after);
    free(lf);
}

static void diff_i(json_t *changes, const char *field, int64_t before, int64_t after)
{
    if (before != after)
        json_object_set_new(changes, field, json_pack("[II]", (json_int_t)before, (json_int_t)after));
}

static int parse_version(const char *s, int64_t *v, err_t *e)
{
    long long x;
    if (!s || !str_to_i64(s, &x) || x < 1)
        return err_field(e, "version", "画面を開き直してから、もう一度入力してください。");
    *v = x;
    return 0;
}

int app_registry_find_tap(app_ctx *ctx, const char *tap_no, const char *field, tap_row *t, err_t *e)
{
    if (!tap_no || !*tap_no)
        return err_field(e, field, "水栓番号を入力してください。");
    int rc = tap_store_get_by_no(ctx->db, tap_no, t, e);
    if (rc == ERR_NOTFOUND) {
        err_field(e, field, "水栓番号 %.15s は登録されていません。", tap_no);
        if (e)
            e->code = ERR_NOTFOUND;
    }
    return rc;
}

typedef struct update_arg {
    const tap_row *row;            /* a tap's new values (object "tap") */
    const customer_row *customer;  /* or a customer's (object "customer") */
    const char *object;
    const char *tap_no;
    char *detail;                  /* the audit row's changes */
} update_arg;

/* The transaction of app_tap_update and app_customer_update: the row (its version checked)
 * and the audit row.  app_tx_run may run it twice (a failover before COMMIT): both writes are
 * in the transaction; the search index is refreshed only after COMMIT. */
static int update_tx(app_ctx *ctx, void *arg, err_t *e)
{
    const update_arg *a = arg;
    char obj[48];
    int rc;
    if (a->row) {
        rc = tap_store_update(ctx->db, a->row, date_now_unix(), e);
        str_fmt(obj, sizeof obj, "tap:%s", a->tap_no);
    } else {
        rc = customer_store_update(ctx->db, a->customer, date_now_unix(), e);
        str_fmt(obj, sizeof obj, "customer:%lld", (long long)a->customer->id);
    }
    if (!rc)
        rc = app_audit(ctx, strcmp(a->object, "tap") == 0 ? "tap.update" : "customer.update", obj, a->detail, e);
    return rc;
}

int app_tap_update(app_ctx *ctx, const char *tap_no, const app_tap_input *t, err_t *e)
{
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    if (rc)
        return rc;
    if ((rc = validate_tap_no(tap_no, "tap_no", "水栓番号", e)))
        return rc;
    tap_row old, nw;
    if ((rc = tap_store_get_by_no(ctx->db, tap_no, &old, e)))
        return rc;
    nw = old;
    if ((rc = tap_fields(ctx, t, true, &nw, e)) || (rc = parse_version(t->version, &nw.version, e)))
        return rc;
    char *old_addr = crypto_open(ctx->env->keys, old.address_enc);
    if (!old_addr)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "tap address cannot be decrypted");
    json_t *ch = json_object();
    diff(ch, "area_code", old.area_code, nw.area_code);
    diff(ch, "address", old_addr, t->address);
    diff_i(ch, "diameter", old.diameter, nw.diameter);
    diff(ch, "use", old.use_code, nw.use_code);
    diff(ch, "sewer", old.sewer, nw.sewer);
    diff(ch, "route", old.route, nw.route);
    diff_i(ch, "route_order", old.route_order, nw.route_order);
    diff(ch, "status", old.status, nw.status);
    bool same_addr = strcmp(old_addr, t->address) == 0;
    free(old_addr);
    if (!same_addr && !seal_into(ctx, t->address, nw.address_enc, sizeof nw.address_enc)) {
        json_decref(ch);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "sealing address failed");
    }
    update_arg a = {.row = &nw, .object = "tap", .tap_no = tap_no, .detail = dump(json_pack("{so}", "changes", ch))};
    rc = app_tx_run(ctx, update_tx, &a, e);
    free(a.detail);
    if (rc)
        return rc;
    app_registry_refresh_tap(ctx, old.id);
    return 0;
}

int app_registry_open_person(const app_ctx *ctx, const customer_row *r, app_person *p, err_t *e)
{
    memset(p, 0, sizeof *p);
    crypto_keyring *kr = ctx->env->keys;
    p->customer_id = r->id;
    p->version = r->version;
    p->name = crypto_open(kr, r->name_enc);
    p->kana = crypto_open(kr, r->kana_enc);
    p->phone = crypto_open(kr, r->phone_enc);
    p->postal = crypto_open(kr, r->postal_enc);
    p->mail_address = crypto_open(kr, r->mail_address_enc);
    p->notes = crypto_open(kr, r->notes_enc);
    if (!p->name || !p->kana || !p->phone || !p->postal || !p->mail_address || !p->notes) {
        app_person_free(p);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "customer %lld cannot be decrypted", (long long)r->id);
    }
    return 0;
}

void app_person_free(app_person *p)
{
    free(p->name);
    free(p->kana);
    free(p->phone);
    free(p->postal);
    free(p->mail_address);
    free(p->notes);
    memset(p, 0, sizeof *p);
}

int app_customer_update(app_ctx *ctx, int64_t customer_id, const app_customer_input *c, err_t *e)
{
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    if (rc)
        return rc;
    if ((rc = app_registry_customer_check(c, e)))
        return rc;
    customer_row *old = malloc(sizeof *old), *nw = malloc(sizeof *nw);
    app_person before;
    memset(&before, 0, sizeof before);
    char *d = NULL;
    if (!old || !nw) {
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        goto out;
    }
    if ((rc = customer_store_get(ctx->db, customer_id, old, e)) ||
        (rc = app_registry_open_person(ctx, old, &before, e)))
        goto out;
    *nw = *old;
    if ((rc = parse_version(c->version, &nw->version, e)) || (rc = app_registry_seal_customer(ctx, c, nw, e)))
        goto out;
    json_t *ch = json_object();
    diff(ch, "name", before.name, c->name);
    diff(ch, "kana", before.kana, c->kana);
    diff(ch, "phone", before.phone, c->phone);
    diff(ch, "postal", before.postal, c->postal);
    diff(ch, "mail_address", before.mail_address, c->mail_address);
    diff_lines(ch, "notes", before.notes, c->notes);
    d = dump(json_pack("{so}", "changes", ch));
    update_arg a = {.customer = nw, .object = "customer", .detail = d};
    if ((rc = app_tx_run(ctx, update_tx, &a, e)))
        goto out;
    /* Refresh every tap this customer occupies. */
    occupancy_row *occ = NULL;
    size_t n = 0;
    if (occupancy_store_list_customer(ctx->db, customer_id, &occ, &n, NULL) == 0) {
        for (size_t i = 0; i < n; i++)
            app_registry_refresh_tap(ctx, occ[i].tap_id);
        free(occ);
    }
out:
    free(d);
    app_person_free(&before);
    free(old);
    free(nw);
    return rc;
}

int app_customer_get(app_ctx *ctx, int64_t customer_id, app_person *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    customer_row *r = malloc(sizeof *r);
    if (!r)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    rc = customer_store_get(ctx->db, customer_id, r, e);
    if (!rc)
        rc = app_registry_open_person(ctx, r, out, e);
    free(r);
    if (!rc) {
        char obj[48];
        str_fmt(obj, sizeof obj, "customer:%lld", (long long)customer_id);
        rc = app_audit_now(ctx, "customer.view", obj, "{}", e);
        if (rc)
            app_person_free(out);
    }
    return rc;
}

void app_karte_free(app_karte *k)
{
    free(k->address);
    for (size_t i = 0; i < k->nocc; i++)
        app_person_free(&k->occ[i].who);
    free(k->occ);
    memset(k, 0, sizeof *k);
}

int app_karte_get(app_ctx *ctx, const char *tap_no, app_karte *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    if ((rc = validate_tap_no(tap_no, "tap_no", "水栓番号", e)))
        return rc;
    tap_row t;
    if ((rc = tap_store_get_by_no(ctx->db, tap_no, &t, e)))
        return rc;
    area_row area;
    if (area_store_get(ctx->db, t.area_code, &area, NULL) == 0)
        str_copy(out->area_name, sizeof out->area_name, area.name);
    out->tap_id = t.id;
    str_copy(out->tap_no, sizeof out->tap_no, t.tap_no);
    str_copy(out->area_code, sizeof out->area_code, t.area_code);
    out->address = crypto_open(ctx->env->keys, t.address_enc);
    out->diameter = t.diameter;
    str_copy(out->use_code, sizeof out->use_code, t.use_code);
    str_copy(out->sewer, sizeof out->sewer, t.sewer);
    str_copy(out->route, sizeof out->route, t.route);
    str_copy(out->status, sizeof out->status, t.status);
    out->route_order = t.route_order;
    out->version = t.version;
    if (!out->address) {
        app_karte_free(out);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "tap address cannot be decrypted");
    }
    occupancy_row *occ = NULL;
    size_t n = 0;
    if ((rc = occupancy_store_list_tap(ctx->db, t.id, &occ, &n, e))) {
        app_karte_free(out);
        return rc;
    }
    out->occ = calloc(n ? n : 1, sizeof *out->occ);
    customer_row *cr = malloc(sizeof *cr);
    if (!out->occ || !cr) {
        free(occ);
        free(cr);
        app_karte_free(out);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < n && !rc; i++) {
        app_occupancy *o = &out->occ[i];
        o->id = occ[i].id;
        str_copy(o->start_on, sizeof o->start_on, occ[i].start_on);
        str_copy(o->end_on, sizeof o->end_on, occ[i].end_on);
        rc = customer_store_get(ctx->db, occ[i].customer_id, cr, e);
        if (!rc)
            rc = app_registry_open_person(ctx, cr, &o->who, e);
        if (!rc)
            out->nocc++;
    }
    free(cr);
    free(occ);
    if (!rc) {
        char obj[32];
        str_fmt(obj, sizeof obj, "tap:%s", tap_no);
        rc = app_audit_now(ctx, "customer.view", obj, "{}", e);
    }
    if (rc)
        app_karte_free(out);
    return rc;
}

int app_area_list(app_ctx *ctx, app_area **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    area_row *as = NULL;
    size_t k = 0;
    if ((rc = area_store_list(ctx->db, &as, &k, e)))
        return rc;
    app_area *out = calloc(k ? k : 1, sizeof *out);
    if (!out) {
        free(as);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < k; i++) {
        str_copy(out[i].code, sizeof out[i].code, as[i].code);
        str_copy(out[i].name, sizeof out[i].name, as[i].name);
        str_copy(out[i].sewer, sizeof out[i].sewer, as[i].sewer);
    }
    free(as);
    *rows = out;
    *n = k;
    return 0;
}

void app_registry_place_of_use(app_ctx *ctx, const tap_row *t, char *out, size_t outsz)
{
    area_row area;
    memset(&area, 0, sizeof area);
    area_store_get(ctx->db, t->area_code, &area, NULL);
    app_registry_place_format(ctx, area.name, t->address_enc, out, outsz);
}

void app_registry_place_format(app_ctx *ctx, const char *area_name, const char *address_enc, char *out, size_t outsz)
{
    char *rest = crypto_open(ctx->env->keys, address_enc);
    str_fmt(out, outsz, "%s%s", area_name, rest ? rest : "");
    free(rest);
}
