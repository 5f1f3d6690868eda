/* app_works_contractor_view — what is read of the designated contractors
 * master (see app_works_contractor.h): a contractor's page with its
 * engineers, history and standing; the standing on a day and the look-up
 * by number that the applications use; the list with the renewal reminders
 * and its exports.  Names of persons and reasons are opened only for the
 * contractor's page (audited as a view). */
#include "app/works/app_works_contractor.h"
#include "app/app_seal.h"
#include "app/works/app_works_contractor_int.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "base/text.h"
#include "domain/role.h"
#include "domain/validate.h"
#include "domain/works/works_contractor.h"
#include "store/works/works_contractor_store.h"

#define MAX_PERIODS 64

static bool given(const char *s)
{
    return s && *s;
}

static const struct {
    const char *code, *label;
} STATES[] = {
    {"active", "有効"}, {"suspended", "指定停止中"}, {"revoked", "指定取消"}, {"expired", "期限切れ"},
};

const char *app_works_state_label(const char *state)
{
    for (size_t i = 0; state && i < sizeof STATES / sizeof STATES[0]; i++)
        if (strcmp(state, STATES[i].code) == 0)
            return STATES[i].label;
    return "";
}

/* ---- standing -------------------------------------------------------------- */

static int load(app_ctx *ctx, int64_t id, works_contractor_rec *rec, err_t *e)
{
    err_t le;
    err_clear(&le);
    int rc = works_contractor_store_load(ctx->db, id, rec, &le);
    if (rc == ERR_NOTFOUND)
        return app_works_not_found(e, id);
    if (rc && e)
        *e = le;
    return rc;
}

/* The standing of a loaded contractor on day on. */
static bool standing_of(const works_contractor_rec *r, civil_date on, char *reason, size_t reasonsz)
{
    works_event ev[MAX_PERIODS];
    size_t nev = 0;
    for (size_t i = 0; i < r->nevents && nev < MAX_PERIODS; i++) {
        int k = works_event_from_code(r->events[i].kind);
        if (k != WORKS_EV_SUSPENDED && k != WORKS_EV_REINSTATED)
            continue;
        ev[nev].kind = (works_event_kind)k;
        ev[nev].from = app_works_day(r->events[i].from_on);
        ev[nev].until = app_works_day(r->events[i].until_on);
        nev++;
    }
    stat_period susp[MAX_PERIODS], eng[MAX_PERIODS];
    size_t neng = 0;
    for (size_t i = 0; i < r->nengineers && neng < MAX_PERIODS; i++) {
        eng[neng].from = app_works_day(r->engineers[i].registered_on);
        eng[neng].until = (civil_date){0, 0, 0};
        if (r->engineers[i].removed_on[0])
            eng[neng].until = date_from_days(date_to_days(app_works_day(r->engineers[i].removed_on)) - 1);
        neng++;
    }
    works_standing_input in = {
        .designated_on = app_works_day(r->c.designated_on),
        .valid_until = app_works_day(r->c.valid_until),
        .revoked = r->c.revoked_on[0] != '\0',
        .revoked_on = app_works_day(r->c.revoked_on),
        .suspensions = susp,
        .nsuspensions = works_contractor_suspensions(ev, nev, susp, MAX_PERIODS),
        .engineers = eng,
        .nengineers = neng,
    };
    return works_contractor_standing(&in, on, reason, reasonsz) == WORKS_STANDING_OK;
}

int app_works_contractor_standing(app_ctx *ctx, int64_t id, const char *date, bool *ok, char *reason,
                                  size_t reasonsz, err_t *e)
{
    *ok = false;
    if (reasonsz)
        reason[0] = '\0';
    if (!app_can(ctx, PERM_WORKS_VIEW) && !app_can(ctx, PERM_WORKS))
        return app_require(ctx, PERM_WORKS_VIEW, e);
    civil_date on = date_today_jst();
    if (given(date) && !date_parse(date, &on))
        return err_field(e, "date", "日付を YYYY-MM-DD で入力してください。");
    bool own = !db_in_tx(ctx->db);
    int rc = own ? db_begin_read(ctx->db, e) : 0;
    if (rc)
        return rc;
    works_contractor_rec rec;
    rc = load(ctx, id, &rec, e);
    if (own)
        db_end_read(ctx->db);
    if (rc)
        return rc;
    *ok = standing_of(&rec, on, reason, reasonsz);
    works_contractor_rec_free(&rec);
    return 0;
}

int app_works_contractor_by_no(app_ctx *ctx, const char *designation_no, const char *field, int64_t *id, char *name,
                               size_t namesz, err_t *e)
{
    *id = 0;
    if (name && namesz)
        name[0] = '\0';
    if (!app_can(ctx, PERM_WORKS_VIEW) && !app_can(ctx, PERM_WORKS))
        return app_require(ctx, PERM_WORKS_VIEW, e);
    char no[24];
    if (!works_contractor_designation_no(designation_no, no, sizeof no))
        return err_field(e, field, "指定工事事業者の指定番号を入力してください（半角英数字とハイフン、16文字以内）。");
    bool own = !db_in_tx(ctx->db);
    int rc = own ? db_begin_read(ctx->db, e) : 0;
    if (rc)
        return rc;
    works_contractor_row *r = malloc(sizeof *r);
    err_t le;
    err_clear(&le);
    rc = r ? works_contractor_store_by_no(ctx->db, no, r, &le) : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (own)
        db_end_read(ctx->db);
    if (rc == ERR_NOTFOUND)
        rc = err_set(e, ERR_NOTFOUND, field, "この指定番号の指定工事事業者はありません。", "contractor %s not found", no);
    else if (rc && r && e)
        *e = le;
    if (!rc) {
        *id = r->id;
        if (name)
            str_copy(name, namesz, r->name);
    }
    free(r);
    return rc;
}

/* ---- the contractor's page ------------------------------------------------- */

static const char *state_of(const works_contractor_row *r, const char *today)
{
    if (strcmp(r->status, "revoked") == 0)
        return "revoked";
    if (strcmp(r->valid_until, today) < 0)
        return "expired";
    if (strcmp(r->status, "suspended") == 0 && strcmp(r->suspended_from, today) <= 0 &&
        (!r->suspended_until[0] || strcmp(r->suspended_until, today) >= 0))
        return "suspended";
    return "active";
}

static int64_t days_between(const char *from_iso, const char *to_iso)
{
    return date_to_days(app_works_day(to_iso)) - date_to_days(app_works_day(from_iso));
}

/* The engineers and the history of a loaded contractor, names and reasons opened. */
static int fill_lists(app_ctx *ctx, const works_contractor_rec *rec, app_works_contractor *out, err_t *e)
{
    out->engineers = calloc(rec->nengineers + 1, sizeof *out->engineers);
    out->events = calloc(rec->nevents + 1, sizeof *out->events);
    if (!out->engineers || !out->events)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; i < rec->nengineers; i++) {
        const works_engineer_row *r = &rec->engineers[i];
        app_works_engineer *g = &out->engineers[out->nengineers++];
        g->id = r->id;
        str_copy(g->licence_no, sizeof g->licence_no, r->licence_no);
        app_open_into(ctx, r->name_enc, g->name, sizeof g->name);
        str_copy(g->registered_on, sizeof g->registered_on, r->registered_on);
        str_copy(g->removed_on, sizeof g->removed_on, r->removed_on);
    }
    for (size_t i = 0; i < rec->nevents; i++) {
        const works_event_row *r = &rec->events[i];
        app_works_event *v = &out->events[out->nevents++];
        v->id = r->id;
        str_copy(v->kind, sizeof v->kind, r->kind);
        v->label = works_event_label((works_event_kind)works_event_from_code(r->kind));
        str_copy(v->from_on, sizeof v->from_on, r->from_on);
        str_copy(v->until_on, sizeof v->until_on, r->until_on);
        app_open_into(ctx, r->reason_enc, v->reason, sizeof v->reason);
        str_copy(v->done_by, sizeof v->done_by, r->done_by);
        v->done_at = r->done_at;
        if (!(v->changes = strdup(r->changes)))
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    return 0;
}

static void fill_head(app_ctx *ctx, const works_contractor_row *r, const char *today, app_works_contractor *out)
{
    out->id = r->id;
    str_copy(out->designation_no, sizeof out->designation_no, r->designation_no);
    str_copy(out->name, sizeof out->name, r->name);
    str_copy(out->name_kana, sizeof out->name_kana, r->name_kana);
    str_copy(out->address, sizeof out->address, r->address);
    str_copy(out->phone, sizeof out->phone, r->phone);
    app_open_into(ctx, r->representative_enc, out->representative, sizeof out->representative);
    str_copy(out->designated_on, sizeof out->designated_on, r->designated_on);
    str_copy(out->valid_until, sizeof out->valid_until, r->valid_until);
    str_copy(out->status, sizeof out->status, r->status);
    str_copy(out->state, sizeof out->state, state_of(r, today));
    out->state_label = app_works_state_label(out->state);
    str_copy(out->suspended_from, sizeof out->suspended_from, r->suspended_from);
    str_copy(out->suspended_until, sizeof out->suspended_until, r->suspended_until);
    str_copy(out->revoked_on, sizeof out->revoked_on, r->revoked_on);
    str_copy(out->updated_by, sizeof out->updated_by, r->updated_by);
    out->updated_at = r->updated_at;
    out->version = r->version;
    str_copy(out->today, sizeof out->today, today);
    out->due_in_days = days_between(today, r->valid_until);
}

int app_works_contractor_get(app_ctx *ctx, int64_t id, app_works_contractor *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_WORKS_VIEW, e);
    if (rc)
        return rc;
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    works_contractor_rec rec;
    rc = load(ctx, id, &rec, e);
    if (rc)
        return app_tx_end(ctx, rc, e);
    char today[11];
    date_format_iso(date_today_jst(), today);
    fill_head(ctx, &rec.c, today, out);
    out->standing_ok = standing_of(&rec, date_today_jst(), out->standing_reason, sizeof out->standing_reason);
    rc = fill_lists(ctx, &rec, out, e);
    works_contractor_rec_free(&rec);
    if (!rc) {
        char obj[48];
        str_fmt(obj, sizeof obj, "works_contractor:%lld", (long long)id);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_string(&d.w, "designation_no", out->designation_no);
        rc = app_audit_json(ctx, "works.contractor.view", obj, &d, e);
    }
    rc = app_tx_end(ctx, rc, e);
    if (rc)
        app_works_contractor_free(out);
    return rc;
}

void app_works_contractor_free(app_works_contractor *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nevents; i++)
        free(c->events[i].changes);
    free(c->events);
    free(c->engineers);
    c->events = NULL;
    c->engineers = NULL;
    c->nevents = c->nengineers = 0;
}

/* ---- the list and its exports ---------------------------------------------- */

static int notice_days(app_ctx *ctx, int64_t *out, err_t *e)
{
    long long v = 90;
    int rc = config_get_int(ctx->env->cfg, "works.renewal_notice_days", 90, 0, 3650, &v, e);
    *out = v;
    return rc;
}

/* The query as a store filter (strings in k). */
typedef struct list_keys {
    char no[32], name[256], kana[256], due_by[11], today[11];
} list_keys;

static int list_filter(const app_works_contractor_query *q, int64_t due_days, list_keys *k,
                       works_contractor_filter *f, err_t *e)
{
    memset(k, 0, sizeof *k);
    civil_date today = date_today_jst();
    date_format_iso(today, k->today);
    if (due_days >= 0)
        date_format_iso(date_from_days(date_to_days(today) + due_days), k->due_by);
    if (given(q->q)) {
        int rc = validate_text(q->q, false, 100, "q", "検索語", e);
        if (rc)
            return rc;
        char no[32];
        char *key = text_kana_key(q->q);
        if (works_contractor_designation_no(q->q, no, sizeof no) && strspn(no, "0123456789-") == strlen(no))
            str_copy(k->no, sizeof k->no, no);           /* digits: a number */
        else if (key && text_is_kana(q->q))
            str_copy(k->kana, sizeof k->kana, key);      /* kana: the フリガナ */
        else if ((rc = app_works_nfkc_into(q->q, k->name, sizeof k->name, e))) {
            free(key);
            return rc;
        }
        free(key);
    }
    static const char *const STATE_CODES[] = {"active", "suspended", "revoked", "expired", NULL};
    if (given(q->state)) {
        int rc = validate_code(q->state, STATE_CODES, "state", "状態", e);
        if (rc)
            return rc;
    }
    *f = (works_contractor_filter){k->no, k->name, k->kana, q->state ? q->state : "", k->due_by, k->today};
    return 0;
}

static void fill_item(const works_contractor_row *r, const char *today, app_works_contractor_item *it)
{
    it->id = r->id;
    str_copy(it->designation_no, sizeof it->designation_no, r->designation_no);
    str_copy(it->name, sizeof it->name, r->name);
    str_copy(it->name_kana, sizeof it->name_kana, r->name_kana);
    str_copy(it->address, sizeof it->address, r->address);
    str_copy(it->phone, sizeof it->phone, r->phone);
    str_copy(it->designated_on, sizeof it->designated_on, r->designated_on);
    str_copy(it->valid_until, sizeof it->valid_until, r->valid_until);
    str_copy(it->state, sizeof it->state, state_of(r, today));
    it->state_label = app_works_state_label(it->state);
    str_copy(it->suspended_from, sizeof it->suspended_from, r->suspended_from);
    str_copy(it->suspended_until, sizeof it->suspended_until, r->suspended_until);
    str_copy(it->revoked_on, sizeof it->revoked_on, r->revoked_on);
    it->engineers = r->engineers;
    it->due_in_days = days_between(today, r->valid_until);
}

static int list_read(app_ctx *ctx, const works_contractor_filter *f, app_works_contractor_page *out, err_t *e)
{
    works_contractor_filter due = {"", "", "", "", "", f->today};
    char due_by[11];
    date_format_iso(date_from_days(date_to_days(date_today_jst()) + out->notice_days), due_by);
    due.due_by = due_by;
    int rc = works_contractor_store_count(ctx->db, &due, &out->due_count, e);
    if (!rc)
        rc = works_contractor_store_count(ctx->db, f, &out->total, e);
    if (rc)
        return rc;
    int64_t limit = out->per_page < 0 ? out->total + 1 : out->per_page;
    int64_t offset = out->per_page < 0 ? 0 : (out->page - 1) * out->per_page;
    works_contractor_row *rows = NULL;
    size_t n = 0;
    if ((rc = works_contractor_store_page(ctx->db, f, limit, offset, &rows, &n, e)))
        return rc;
    out->rows = calloc(n ? n : 1, sizeof *out->rows);
    if (!out->rows)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < n; i++)
        fill_item(&rows[i], f->today, &out->rows[i]);
    if (!rc)
        out->n = n;
    free(rows);
    return rc;
}

int app_works_contractor_list(app_ctx *ctx, const app_works_contractor_query *q, app_works_contractor_page *out,
                              err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_WORKS_VIEW, e);
    if (!rc)
        rc = notice_days(ctx, &out->notice_days, e);
    if (rc)
        return rc;
    out->due_days = -1;
    if (given(q->due_days)) {
        long long v = 0;
        if ((rc = validate_int(q->due_days, 0, 3650, "due_days", "期限までの日数", &v, e)))
            return rc;
        out->due_days = v;
    } else if (given(q->due) && strcmp(q->due, "0") != 0)
        out->due_days = out->notice_days;
    out->page = q->page > 0 ? q->page : 1;
    out->per_page = q->per_page ? q->per_page : APP_WORKS_PAGE_DEFAULT;
    list_keys k;
    works_contractor_filter f;
    if ((rc = list_filter(q, out->due_days, &k, &f, e)))
        return rc;
    str_copy(out->today, sizeof out->today, k.today);
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    rc = list_read(ctx, &f, out, e);
    db_end_read(ctx->db);
    if (!rc && out->per_page > 0) {
        out->pages = (out->total + out->per_page - 1) / out->per_page;
        if (out->pages < 1)
            out->pages = 1;
    }
    if (rc)
        app_works_contractor_page_free(out);
    return rc;
}

void app_works_contractor_page_free(app_works_contractor_page *l)
{
    if (!l)
        return;
    free(l->rows);
    l->rows = NULL;
    l->n = 0;
}

int app_works_contractor_export(app_ctx *ctx, const app_works_contractor_query *q, const char *format,
                                app_works_contractor_page *out, err_t *e)
{
    app_works_contractor_query all = *q;
    all.page = 1;
    all.per_page = -1;
    int rc = app_works_contractor_list(ctx, &all, out, e);
    if (rc)
        return rc;
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_string(&d.w, "format", format);
    if (given(q->q))
        jsonw_kv_string(&d.w, "q", q->q);
    if (given(q->state))
        jsonw_kv_string(&d.w, "status", q->state);
    if (out->due_days >= 0)
        jsonw_kv_int(&d.w, "due_days", out->due_days);
    jsonw_kv_int(&d.w, "rows", out->total);
    if ((rc = app_audit_now_json(ctx, "works.contractor.export", "works_contractors", &d, e)))
        app_works_contractor_page_free(out);
    return rc;
}

