/* app_works_contractor — the acts on the designated contractors master
 * (see app_works_contractor.h; what is read is in app_works_contractor_view.c).
 * Names of persons and reasons are sealed here, before they reach store/. */
#include "app/works/app_works_contractor.h"
#include "app/app_seal.h"
#include "app/works/app_works_contractor_int.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "domain/role.h"
#include "domain/validate.h"
#include "domain/works/works_contractor.h"
#include "store/works/works_contractor_store.h"

static bool given(const char *s)
{
    return s && *s;
}

civil_date app_works_day(const char *iso)
{
    civil_date d = {0, 0, 0};
    if (iso && *iso && !date_parse(iso, &d))
        d = (civil_date){0, 0, 0};
    return d;
}

int app_works_not_found(err_t *e, int64_t id)
{
    return err_set(e, ERR_NOTFOUND, NULL, "該当する指定工事事業者がありません。", "contractor %lld not found",
                   (long long)id);
}

int app_works_nfkc_into(const char *s, char *out, size_t outsz, err_t *e)
{
    char *n = text_nfkc(s ? s : "");
    bool ok = n && str_copy(out, outsz, n);
    free(n);
    return ok ? 0 : err_set(e, ERR_INTERNAL, NULL, NULL, "normalising failed");
}

/* ---- checks ------------------------------------------------------------ */

/* The fields of a contractor as checked and normalised. */
typedef struct checked {
    char designation_no[24], name[256], name_kana[256], address[512], phone[32], representative[256];
    char designated_on[11], valid_until[11];
} checked;


/* A person's name as kept: NFKC, each run of spaces one U+3000 (山田　太郎,
 * as customers' names are written). */
static int person_into(const char *s, char *out, size_t outsz, err_t *e)
{
    char n[512];
    int rc = app_works_nfkc_into(s, n, sizeof n, e);
    if (rc)
        return rc;
    buf_t b;
    buf_init(&b, outsz - 1);
    for (const char *p = n; *p;) {
        size_t sp = strspn(p, " ");
        if (sp) {
            buf_puts(&b, "\xE3\x80\x80");   /* U+3000 */
            p += sp;
        } else
            buf_putc(&b, *p++);
    }
    bool ok = !b.failed && str_copy(out, outsz, buf_cstr(&b));
    buf_free(&b);
    return ok ? 0 : err_set(e, ERR_INTERNAL, NULL, NULL, "name too long");
}

static int check_fields(const app_works_contractor_input *in, bool edit, checked *k, err_t *e)
{
    memset(k, 0, sizeof *k);
    if (!works_contractor_designation_no(in->designation_no, k->designation_no, sizeof k->designation_no))
        return err_field(e, "designation_no", given(in->designation_no)
                                                  ? "指定番号は半角英数字とハイフンの16文字以内（数字を含む）で入力してください。"
                                                  : "指定番号を入力してください。");
    int rc = validate_text(in->name, true, APP_WORKS_NAME_MAX, "name", "商号（名称）", e);
    if (!rc)
        rc = validate_kana(in->name_kana, true, APP_WORKS_NAME_MAX, "name_kana", "商号のフリガナ", e);
    if (!rc)
        rc = validate_text(in->address, true, APP_WORKS_ADDRESS_MAX, "address", "所在地", e);
    if (!rc)
        rc = validate_phone(in->phone, true, "phone", "電話番号", e);
    if (!rc)
        rc = validate_text(in->representative, true, APP_WORKS_PERSON_MAX, "representative", "代表者氏名", e);
    civil_date des, until;
    if (!rc)
        rc = validate_date(in->designated_on, true, "designated_on", "指定日", &des, e);
    char why[160];
    if (!rc && !works_contractor_designated_on_ok(des, date_today_jst(), why, sizeof why))
        rc = err_field(e, "designated_on", "%s", why);
    if (!rc && edit && given(in->valid_until)) {
        rc = validate_date(in->valid_until, true, "valid_until", "有効期限", &until, e);
        if (!rc && date_cmp(until, des) < 0)
            rc = err_field(e, "valid_until", "有効期限は指定日より後の日付にしてください。");
        if (!rc)
            date_format_iso(until, k->valid_until);
    }
    if (rc)
        return rc;
    date_format_iso(des, k->designated_on);
    char *kana = text_kana_display(in->name_kana);
    bool ok = kana && str_copy(k->name_kana, sizeof k->name_kana, kana);
    free(kana);
    if (!ok)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "kana failed");
    if ((rc = app_works_nfkc_into(in->name, k->name, sizeof k->name, e)) ||
        (rc = app_works_nfkc_into(in->address, k->address, sizeof k->address, e)) ||
        (rc = app_works_nfkc_into(in->phone, k->phone, sizeof k->phone, e)) ||
        (rc = person_into(in->representative, k->representative, sizeof k->representative, e)))
        return rc;
    return 0;
}

/* A reason: required, one line, up to APP_WORKS_REASON_MAX characters. */
static int check_reason(const char *reason, bool required, err_t *e)
{
    return validate_text(reason, required, APP_WORKS_REASON_MAX, "reason", "理由", e);
}

/* A day of an act: required, not after today unless future_ok. */
static int check_day(const char *s, const char *field, const char *label, bool future_ok, civil_date *out, err_t *e)
{
    int rc = validate_date(s, true, field, label, out, e);
    if (!rc && !future_ok && date_cmp(*out, date_today_jst()) > 0)
        rc = err_field(e, field, "%sに未来の日付は入力できません。", label);
    return rc;
}

/* ---- the transaction of one act ------------------------------------------ */

/* An act on a contractor: its event row and its audit row.  changes: JSON
 * without personal data ("" = {}); reason: plaintext, sealed here. */
typedef struct act {
    int64_t contractor_id;
    works_event_kind kind;
    const char *from_on, *until_on, *reason, *changes;
    const char *designation_no;
} act;

static int record_act(app_ctx *ctx, const act *a, err_t *e)
{
    works_event_row *ev = calloc(1, sizeof *ev);
    if (!ev)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    ev->contractor_id = a->contractor_id;
    str_copy(ev->kind, sizeof ev->kind, works_event_code(a->kind));
    str_copy(ev->from_on, sizeof ev->from_on, a->from_on ? a->from_on : "");
    str_copy(ev->until_on, sizeof ev->until_on, a->until_on ? a->until_on : "");
    str_copy(ev->changes, sizeof ev->changes, given(a->changes) ? a->changes : "{}");
    str_copy(ev->done_by, sizeof ev->done_by, ctx->actor.username);
    ev->done_at = date_now_unix();
    int rc = app_seal_into(ctx, a->reason, ev->reason_enc, sizeof ev->reason_enc, e);
    if (!rc)
        rc = works_event_store_insert(ctx->db, ev, NULL, e);
    free(ev);
    if (rc)
        return rc;
    char obj[48], action[64];
    str_fmt(obj, sizeof obj, "works_contractor:%lld", (long long)a->contractor_id);
    str_fmt(action, sizeof action, "works.contractor.%s", works_event_code(a->kind));
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_string(&d.w, "designation_no", a->designation_no);
    if (given(a->from_on))
        jsonw_kv_string(&d.w, "from", a->from_on);
    if (given(a->until_on))
        jsonw_kv_string(&d.w, "to", a->until_on);
    if (given(a->reason))
        jsonw_kv_int(&d.w, "reason_chars", (int64_t)text_len_chars(a->reason));
    return app_audit_json(ctx, action, obj, &d, e);
}

/* Begin a change: permission, transaction, the contractor's row. */
static int change_begin(app_ctx *ctx, int64_t id, works_contractor_row *row, err_t *e)
{
    int rc = app_require(ctx, PERM_WORKS_CONTRACTOR, e);
    if (rc)
        return rc;
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    err_t le;
    err_clear(&le);
    rc = works_contractor_store_get(ctx->db, id, row, &le);
    if (rc == ERR_NOTFOUND)
        rc = app_works_not_found(e, id);
    else if (rc && e)
        *e = le;
    if (rc)
        db_rollback(ctx->db);
    return rc;
}

static int refuse_revoked(const works_contractor_row *r, err_t *e)
{
    if (strcmp(r->status, "revoked") != 0)
        return 0;
    return err_set(e, ERR_CONFLICT, NULL, "指定を取り消された事業者は変更できません。", "contractor %lld revoked",
                   (long long)r->id);
}

static void stamp(app_ctx *ctx, works_contractor_row *r)
{
    str_copy(r->updated_by, sizeof r->updated_by, ctx->actor.username);
    r->updated_at = date_now_unix();
}

/* ---- designate and edit ------------------------------------------------ */

static int row_from_checked(app_ctx *ctx, const checked *k, works_contractor_row *r, err_t *e)
{
    str_copy(r->designation_no, sizeof r->designation_no, k->designation_no);
    str_copy(r->name, sizeof r->name, k->name);
    str_copy(r->name_kana, sizeof r->name_kana, k->name_kana);
    str_copy(r->address, sizeof r->address, k->address);
    str_copy(r->phone, sizeof r->phone, k->phone);
    str_copy(r->designated_on, sizeof r->designated_on, k->designated_on);
    return app_seal_into(ctx, k->representative, r->representative_enc, sizeof r->representative_enc, e);
}

int app_works_contractor_create(app_ctx *ctx, const app_works_contractor_input *in, int64_t *id, err_t *e)
{
    int64_t local = 0;
    if (!id)
        id = &local;
    *id = 0;
    int rc = app_require(ctx, PERM_WORKS_CONTRACTOR, e);
    if (rc)
        return rc;
    checked k;
    if ((rc = check_fields(in, false, &k, e)))
        return rc;
    works_contractor_row *r = calloc(1, sizeof *r);
    if (!r)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    rc = row_from_checked(ctx, &k, r, e);
    civil_date des = app_works_day(k.designated_on);
    date_format_iso(works_contractor_first_until(des), r->valid_until);
    str_copy(r->status, sizeof r->status, "active");
    str_copy(r->created_by, sizeof r->created_by, ctx->actor.username);
    r->created_at = date_now_unix();
    if (!rc && !(rc = db_begin(ctx->db, e))) {
        rc = works_contractor_store_insert(ctx->db, r, id, e);
        if (!rc) {
            char changes[128];
            str_fmt(changes, sizeof changes, "{\"valid_until\":\"%s\"}", r->valid_until);
            act a = {*id, WORKS_EV_DESIGNATED, k.designated_on, r->valid_until, "", changes, k.designation_no};
            rc = record_act(ctx, &a, e);
        }
        rc = app_tx_end(ctx, rc, e);
    }
    free(r);
    if (rc)
        *id = 0;
    return rc;
}

/* One field's change into the JSON of changes (personal: only that it changed). */
static void diff_field(jsonw *w, const char *key, const char *old, const char *now, bool personal, int *n)
{
    if (strcmp(old, now) == 0)
        return;
    (*n)++;
    jsonw_key(w, key);
    jsonw_object(w);
    if (personal)
        jsonw_kv_bool(w, "changed", true);
    else {
        jsonw_kv_string(w, "from", old);
        jsonw_kv_string(w, "to", now);
    }
    jsonw_end_object(w);
}

/* A corrected 指定日 moves the expiry with it while the expiry is still the
 * one computed from the old day (never renewed nor corrected by hand). */
static void follow_designation(const works_contractor_row *r, checked *k)
{
    if (k->valid_until[0] || strcmp(r->designated_on, k->designated_on) == 0)
        return;
    char computed[11];
    date_format_iso(works_contractor_first_until(app_works_day(r->designated_on)), computed);
    if (strcmp(computed, r->valid_until) == 0)
        date_format_iso(works_contractor_first_until(app_works_day(k->designated_on)), k->valid_until);
}

static int edit_tx(app_ctx *ctx, works_contractor_row *r, checked *k, int64_t version, err_t *e)
{
    int rc = refuse_revoked(r, e);
    if (rc)
        return rc;
    if (version > 0 && version != r->version)
        return err_set(e, ERR_CONFLICT, NULL, "他の職員が先に変更しました。最新の内容を確かめてから、もう一度変更してください。",
                       "contractor %lld: edit of version %lld, now %lld", (long long)r->id, (long long)version,
                       (long long)r->version);
    follow_designation(r, k);
    char old_rep[256];
    app_open_into(ctx, r->representative_enc, old_rep, sizeof old_rep);
    buf_t b;
    buf_init(&b, WORKS_CHANGES_MAX - 1);
    jsonw w;
    jsonw_begin(&w, &b);
    jsonw_object(&w);
    int n = 0;
    diff_field(&w, "designation_no", r->designation_no, k->designation_no, false, &n);
    diff_field(&w, "name", r->name, k->name, false, &n);
    diff_field(&w, "name_kana", r->name_kana, k->name_kana, false, &n);
    diff_field(&w, "address", r->address, k->address, false, &n);
    diff_field(&w, "phone", r->phone, k->phone, false, &n);
    diff_field(&w, "representative", old_rep, k->representative, true, &n);
    diff_field(&w, "designated_on", r->designated_on, k->designated_on, false, &n);
    if (k->valid_until[0])
        diff_field(&w, "valid_until", r->valid_until, k->valid_until, false, &n);
    jsonw_end_object(&w);
    if (b.failed)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "changes too long");
    else if (n == 0)
        rc = err_set(e, ERR_INVALID, NULL, "変更された項目がありません。", "nothing changed");
    if (!rc)
        rc = row_from_checked(ctx, k, r, e);
    if (!rc && k->valid_until[0])
        str_copy(r->valid_until, sizeof r->valid_until, k->valid_until);
    stamp(ctx, r);
    if (!rc)
        rc = works_contractor_store_update(ctx->db, r, e);
    if (!rc) {
        act a = {r->id, WORKS_EV_EDITED, "", "", "", buf_cstr(&b), r->designation_no};
        rc = record_act(ctx, &a, e);
    }
    buf_free(&b);
    return rc;
}

int app_works_contractor_edit(app_ctx *ctx, int64_t id, const app_works_contractor_input *in, err_t *e)
{
    int rc = app_require(ctx, PERM_WORKS_CONTRACTOR, e);
    if (rc)
        return rc;
    checked k;
    if ((rc = check_fields(in, true, &k, e)))
        return rc;
    long long version = 0;
    if (given(in->version) && (!str_to_i64(in->version, &version) || version < 1))
        return err_field(e, "version", "フォームが古いか壊れています。画面を開き直してください。");
    works_contractor_row *r = malloc(sizeof *r);
    if (!r)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (!(rc = change_begin(ctx, id, r, e)))
        rc = app_tx_end(ctx, edit_tx(ctx, r, &k, version, e), e);
    free(r);
    return rc;
}

/* ---- renewal, suspension, reinstatement, revocation -------------------- */

/* An act on a day (renew, reinstate, revoke): the day checked (field, label;
 * a day to come only when future_ok), the reason (required or not), then
 * tx on the contractor's row in one transaction. */
typedef int (*dated_tx_fn)(app_ctx *ctx, works_contractor_row *r, civil_date on, const char *reason, err_t *e);
typedef struct dated_act {
    const char *field, *label;
    bool future_ok, reason_required;
    dated_tx_fn tx;
} dated_act;

static int run_dated(app_ctx *ctx, int64_t id, const dated_act *a, const char *on, const char *reason, err_t *e)
{
    int rc = app_require(ctx, PERM_WORKS_CONTRACTOR, e);
    civil_date d;
    if (!rc)
        rc = check_day(on, a->field, a->label, a->future_ok, &d, e);
    if (!rc)
        rc = check_reason(reason, a->reason_required, e);
    works_contractor_row r;
    if (!rc && !(rc = change_begin(ctx, id, &r, e)))
        rc = app_tx_end(ctx, a->tx(ctx, &r, d, reason, e), e);
    return rc;
}

/* Renewals are taken from a year before the expiry (a second click cannot
 * move the expiry ten years on). */
#define RENEW_WINDOW_DAYS 366

static int renew_tx(app_ctx *ctx, works_contractor_row *r, civil_date on, const char *reason, err_t *e)
{
    (void)reason;
    int rc = refuse_revoked(r, e);
    if (rc)
        return rc;
    civil_date until = app_works_day(r->valid_until);
    if (date_cmp(on, app_works_day(r->designated_on)) < 0)
        return err_field(e, "renewed_on", "更新日は指定日以降の日付にしてください。");
    if (date_to_days(until) - date_to_days(on) > RENEW_WINDOW_DAYS)
        return err_field(e, "renewed_on", "更新は有効期限（%s）の1年前から受け付けます。", r->valid_until);
    char from[11], old[11];
    str_copy(old, sizeof old, r->valid_until);
    date_format_iso(works_contractor_renewal_start(until), from);
    date_format_iso(works_contractor_renewed_until(until), r->valid_until);
    stamp(ctx, r);
    if ((rc = works_contractor_store_set_state(ctx->db, r, e)))
        return rc;
    char changes[160], day[11];
    date_format_iso(on, day);
    str_fmt(changes, sizeof changes, "{\"valid_until\":{\"from\":\"%s\",\"to\":\"%s\"},\"renewed_on\":\"%s\"}", old,
            r->valid_until, day);
    act a = {r->id, WORKS_EV_RENEWED, from, r->valid_until, "", changes, r->designation_no};
    return record_act(ctx, &a, e);
}

int app_works_contractor_renew(app_ctx *ctx, int64_t id, const char *renewed_on, err_t *e)
{
    dated_act a = {"renewed_on", "更新日", false, false, renew_tx};
    return run_dated(ctx, id, &a, renewed_on, NULL, e);
}

static int suspend_tx(app_ctx *ctx, works_contractor_row *r, const char *from, const char *until, const char *reason,
                      err_t *e)
{
    int rc = refuse_revoked(r, e);
    if (rc)
        return rc;
    if (strcmp(r->status, "suspended") == 0 && (!r->suspended_until[0] || strcmp(r->suspended_until, from) >= 0))
        return err_set(e, ERR_CONFLICT, "from", "すでに指定停止中です。停止期間を変えるときは、いったん解除してください。",
                       "contractor %lld already suspended", (long long)r->id);
    if (strcmp(from, r->designated_on) < 0)
        return err_field(e, "from", "停止の開始日は指定日以降の日付にしてください。");
    str_copy(r->status, sizeof r->status, "suspended");
    str_copy(r->suspended_from, sizeof r->suspended_from, from);
    str_copy(r->suspended_until, sizeof r->suspended_until, until);
    stamp(ctx, r);
    if ((rc = works_contractor_store_set_state(ctx->db, r, e)))
        return rc;
    act a = {r->id, WORKS_EV_SUSPENDED, from, until, reason, "", r->designation_no};
    return record_act(ctx, &a, e);
}

int app_works_contractor_suspend(app_ctx *ctx, int64_t id, const char *from, const char *until, const char *reason,
                                 err_t *e)
{
    int rc = app_require(ctx, PERM_WORKS_CONTRACTOR, e);
    civil_date f, u;
    char fs[11] = "", us[11] = "";
    if (!rc)
        rc = check_day(from, "from", "停止の開始日", true, &f, e);
    if (!rc)   /* 水道法25条の11: a period of six months at most, fixed when suspended */
        rc = validate_date(until, true, "until", "停止の終了日", &u, e);
    if (!rc && date_cmp(u, f) < 0)
        rc = err_field(e, "until", "停止の終了日は開始日以降の日付にしてください。");
    if (!rc && date_cmp(u, works_contractor_suspension_last(f)) > 0)
        rc = err_field(e, "until", "停止の期間は6か月以内です（水道法25条の11）。");
    if (!rc)
        date_format_iso(u, us);
    if (!rc)
        rc = check_reason(reason, true, e);
    if (rc)
        return rc;
    date_format_iso(f, fs);
    works_contractor_row r;
    if (!(rc = change_begin(ctx, id, &r, e)))
        rc = app_tx_end(ctx, suspend_tx(ctx, &r, fs, us, reason, e), e);
    return rc;
}

static int reinstate_tx(app_ctx *ctx, works_contractor_row *r, civil_date on, const char *reason, err_t *e)
{
    if (strcmp(r->status, "suspended") != 0)
        return err_set(e, ERR_CONFLICT, NULL, "指定停止中ではありません。", "contractor %lld not suspended",
                       (long long)r->id);
    char day[11];
    date_format_iso(on, day);
    if (strcmp(day, r->suspended_from) < 0)
        return err_field(e, "on", "解除日は停止の開始日（%s）以降の日付にしてください。", r->suspended_from);
    if (r->suspended_until[0] && strcmp(day, r->suspended_until) > 0)
        return err_field(e, "on", "停止期間（%sまで）の後の日付です。期間の満了で停止は終わっています。",
                         r->suspended_until);
    str_copy(r->status, sizeof r->status, "active");
    date_format_iso(date_from_days(date_to_days(on) - 1), r->suspended_until);
    stamp(ctx, r);
    int rc = works_contractor_store_set_state(ctx->db, r, e);
    if (rc)
        return rc;
    act a = {r->id, WORKS_EV_REINSTATED, day, "", reason, "", r->designation_no};
    return record_act(ctx, &a, e);
}

int app_works_contractor_reinstate(app_ctx *ctx, int64_t id, const char *on, const char *reason, err_t *e)
{
    dated_act a = {"on", "解除日", true, false, reinstate_tx};
    return run_dated(ctx, id, &a, on, reason, e);
}

static int revoke_tx(app_ctx *ctx, works_contractor_row *r, civil_date on, const char *reason, err_t *e)
{
    int rc = refuse_revoked(r, e);
    if (rc)
        return rc;
    char day[11];
    date_format_iso(on, day);
    if (strcmp(day, r->designated_on) < 0)
        return err_field(e, "on", "取消日は指定日以降の日付にしてください。");
    str_copy(r->status, sizeof r->status, "revoked");
    str_copy(r->revoked_on, sizeof r->revoked_on, day);
    stamp(ctx, r);
    if ((rc = works_contractor_store_set_state(ctx->db, r, e)))
        return rc;
    act a = {r->id, WORKS_EV_REVOKED, day, "", reason, "", r->designation_no};
    return record_act(ctx, &a, e);
}

int app_works_contractor_revoke(app_ctx *ctx, int64_t id, const char *on, const char *reason, err_t *e)
{
    dated_act a = {"on", "取消日", false, true, revoke_tx};
    return run_dated(ctx, id, &a, on, reason, e);
}

/* ---- chief engineers ---------------------------------------------------- */

static int engineer_add_tx(app_ctx *ctx, const works_contractor_row *c, works_engineer_row *g, int64_t *id,
                           err_t *e)
{
    int rc = refuse_revoked(c, e);
    if (rc)
        return rc;
    if (strcmp(g->registered_on, c->designated_on) < 0)
        return err_field(e, "registered_on", "登録日は事業者の指定日（%s）以降の日付にしてください。", c->designated_on);
    int64_t n = 0;
    if ((rc = works_engineer_store_count_licence(ctx->db, c->id, g->licence_no, &n, e)))
        return rc;
    if (n > 0)
        return err_set(e, ERR_CONFLICT, "licence_no", "この免状番号の主任技術者はすでに登録されています。",
                       "licence %s registered", g->licence_no);
    if ((rc = works_engineer_store_insert(ctx->db, g, id, e)))
        return rc;
    char changes[96];
    str_fmt(changes, sizeof changes, "{\"engineer\":%lld,\"licence_no\":\"%s\"}", (long long)*id, g->licence_no);
    act a = {c->id, WORKS_EV_ENGINEER_ADDED, g->registered_on, "", "", changes, c->designation_no};
    return record_act(ctx, &a, e);
}

int app_works_engineer_add(app_ctx *ctx, int64_t contractor_id, const char *licence_no, const char *name,
                           const char *registered_on, int64_t *id, err_t *e)
{
    int64_t local = 0;
    if (!id)
        id = &local;
    *id = 0;
    int rc = app_require(ctx, PERM_WORKS_CONTRACTOR, e);
    if (rc)
        return rc;
    works_engineer_row *g = calloc(1, sizeof *g);
    if (!g)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    civil_date on;
    char plain[256];
    if (!works_contractor_licence_no(licence_no, g->licence_no, sizeof g->licence_no))
        rc = err_field(e, "licence_no", given(licence_no) ? "免状番号は半角数字10桁以内で入力してください。"
                                                          : "免状番号を入力してください。");
    if (!rc)
        rc = validate_text(name, true, APP_WORKS_PERSON_MAX, "engineer_name", "主任技術者の氏名", e);
    if (!rc)
        rc = check_day(registered_on, "registered_on", "登録日", false, &on, e);
    if (!rc)
        rc = person_into(name, plain, sizeof plain, e);
    if (!rc)
        rc = app_seal_into(ctx, plain, g->name_enc, sizeof g->name_enc, e);
    if (!rc) {
        g->contractor_id = contractor_id;
        date_format_iso(on, g->registered_on);
        str_copy(g->created_by, sizeof g->created_by, ctx->actor.username);
        g->created_at = date_now_unix();
    }
    works_contractor_row c;
    if (!rc && !(rc = change_begin(ctx, contractor_id, &c, e)))
        rc = app_tx_end(ctx, engineer_add_tx(ctx, &c, g, id, e), e);
    free(g);
    if (rc)
        *id = 0;
    return rc;
}

static int engineer_remove_tx(app_ctx *ctx, const works_contractor_row *c, int64_t engineer_id, civil_date on,
                              err_t *e)
{
    works_engineer_row *g = malloc(sizeof *g);
    if (!g)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    err_t le;
    err_clear(&le);
    int rc = works_engineer_store_get(ctx->db, engineer_id, g, &le);
    if (rc == ERR_NOTFOUND || (!rc && g->contractor_id != c->id))
        rc = err_set(e, ERR_NOTFOUND, NULL, "該当する主任技術者がありません。", "engineer %lld not found",
                     (long long)engineer_id);
    else if (rc && e)
        *e = le;
    char day[11];
    date_format_iso(on, day);
    if (!rc && g->removed_on[0])
        rc = err_set(e, ERR_CONFLICT, NULL, "この主任技術者はすでに削除されています。", "engineer removed");
    if (!rc && strcmp(day, g->registered_on) <= 0)
        rc = err_field(e, "removed_on", "削除日は登録日（%s）より後の日付にしてください。", g->registered_on);
    bool changed = false;
    if (!rc)
        rc = works_engineer_store_remove(ctx->db, engineer_id, day, &changed, e);
    if (!rc) {
        char changes[96];
        str_fmt(changes, sizeof changes, "{\"engineer\":%lld,\"licence_no\":\"%s\"}", (long long)engineer_id,
                g->licence_no);
        act a = {c->id, WORKS_EV_ENGINEER_REMOVED, day, "", "", changes, c->designation_no};
        rc = record_act(ctx, &a, e);
    }
    free(g);
    return rc;
}

int app_works_engineer_remove(app_ctx *ctx, int64_t contractor_id, int64_t engineer_id, const char *removed_on,
                              err_t *e)
{
    int rc = app_require(ctx, PERM_WORKS_CONTRACTOR, e);
    civil_date on;
    if (!rc)
        rc = check_day(removed_on, "removed_on", "削除日", false, &on, e);
    works_contractor_row c;
    if (!rc && !(rc = change_begin(ctx, contractor_id, &c, e)))
        rc = app_tx_end(ctx, engineer_remove_tx(ctx, &c, engineer_id, on, e), e);
    return rc;
}

/* ---- key rotation --------------------------------------------------------- */

typedef struct reseal_st {
    app_ctx *ctx;
    int64_t count;
    err_t *e;
} reseal_st;

static int reseal_one(const char *table, int64_t id, const char *enc, void *arg)
{
    reseal_st *st = arg;
    char kid[CRYPTO_KEYID_MAX];
    if (!enc[0] || (crypto_sealed_keyid(enc, kid, sizeof kid) &&
                    strcmp(kid, crypto_keyring_current(st->ctx->env->keys)) == 0))
        return 0;
    char *plain = crypto_open(st->ctx->env->keys, enc);
    char *now = plain ? crypto_seal(st->ctx->env->keys, plain) : NULL;
    free(plain);
    int rc = now ? works_contractor_store_set_enc(st->ctx->db, table, id, now, st->e)
                 : err_set(st->e, ERR_INTERNAL, NULL, NULL, "works %s %lld: re-seal failed", table, (long long)id);
    free(now);
    st->count += rc == 0;
    return rc;
}

int app_works_contractor_reseal_tx(app_ctx *ctx, int64_t *count, err_t *e)
{
    reseal_st st = {ctx, 0, e};
    int rc = works_contractor_store_walk_enc(ctx->db, reseal_one, &st, e);
    *count = st.count;
    return rc;
}
