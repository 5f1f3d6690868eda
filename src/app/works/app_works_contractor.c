/* app_works_contractor — the designated contractors master (see
 * app_works_contractor.h).  Names of persons and reasons are sealed here,
 * before they reach store/, and opened only for the contractor's page. */
#include "app/works/app_works_contractor.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "domain/role.h"
#include "domain/validate.h"
#include "domain/works/works_contractor.h"
#include "store/works/works_contractor_store.h"

#define MAX_PERIODS 64

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

static bool given(const char *s)
{
    return s && *s;
}

static civil_date parse_or_zero(const char *iso)
{
    civil_date d = {0, 0, 0};
    if (iso && *iso && !date_parse(iso, &d))
        d = (civil_date){0, 0, 0};
    return d;
}

static void open_into(app_ctx *ctx, const char *sealed, char *out, size_t outsz)
{
    out[0] = '\0';
    if (!sealed || !*sealed)
        return;
    char *p = crypto_open(ctx->env->keys, sealed);
    if (p) {
        str_copy(out, outsz, p);
        free(p);
    }
}

/* Seal plain ("" stays "") into out; ERR_INTERNAL when it does not fit. */
__attribute__((unused)) static int seal_into(app_ctx *ctx, const char *plain, char *out, size_t outsz, err_t *e)
{
    out[0] = '\0';
    if (!plain || !*plain)
        return 0;
    char *s = crypto_seal(ctx->env->keys, plain);
    bool ok = s && str_copy(out, outsz, s);
    free(s);
    return ok ? 0 : err_set(e, ERR_INTERNAL, NULL, NULL, "sealing failed");
}

static int not_found(err_t *e, int64_t id)
{
    return err_set(e, ERR_NOTFOUND, NULL, "該当する指定工事事業者がありません。", "contractor %lld not found",
                   (long long)id);
}

static int load(app_ctx *ctx, int64_t id, works_contractor_rec *rec, err_t *e)
{
    err_t le;
    err_clear(&le);
    int rc = works_contractor_store_load(ctx->db, id, rec, &le);
    if (rc == ERR_NOTFOUND)
        return not_found(e, id);
    if (rc && e)
        *e = le;
    return rc;
}

/* ---- standing ---------------------------------------------------------- */

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
        ev[nev].from = parse_or_zero(r->events[i].from_on);
        ev[nev].until = parse_or_zero(r->events[i].until_on);
        nev++;
    }
    works_period susp[MAX_PERIODS], eng[MAX_PERIODS];
    size_t neng = 0;
    for (size_t i = 0; i < r->nengineers && neng < MAX_PERIODS; i++) {
        eng[neng].from = parse_or_zero(r->engineers[i].registered_on);
        eng[neng].until = (civil_date){0, 0, 0};
        if (r->engineers[i].removed_on[0])
            eng[neng].until = date_from_days(date_to_days(parse_or_zero(r->engineers[i].removed_on)) - 1);
        neng++;
    }
    works_standing_input in = {
        .designated_on = parse_or_zero(r->c.designated_on),
        .valid_until = parse_or_zero(r->c.valid_until),
        .revoked = r->c.revoked_on[0] != '\0',
        .revoked_on = parse_or_zero(r->c.revoked_on),
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

/* ---- state as of today -------------------------------------------------- */

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
    return date_to_days(parse_or_zero(to_iso)) - date_to_days(parse_or_zero(from_iso));
}

/* ---- the contractor's page --------------------------------------------- */

static int fill_engineers(app_ctx *ctx, const works_contractor_rec *rec, app_works_contractor *out, err_t *e)
{
    if (!rec->nengineers)
        return 0;
    out->engineers = calloc(rec->nengineers, sizeof *out->engineers);
    if (!out->engineers)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    out->nengineers = rec->nengineers;
    for (size_t i = 0; i < rec->nengineers; i++) {
        const works_engineer_row *r = &rec->engineers[i];
        app_works_engineer *g = &out->engineers[i];
        g->id = r->id;
        str_copy(g->licence_no, sizeof g->licence_no, r->licence_no);
        open_into(ctx, r->name_enc, g->name, sizeof g->name);
        str_copy(g->registered_on, sizeof g->registered_on, r->registered_on);
        str_copy(g->removed_on, sizeof g->removed_on, r->removed_on);
    }
    return 0;
}

static int fill_events(app_ctx *ctx, const works_contractor_rec *rec, app_works_contractor *out, err_t *e)
{
    if (!rec->nevents)
        return 0;
    out->events = calloc(rec->nevents, sizeof *out->events);
    if (!out->events)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    out->nevents = rec->nevents;
    for (size_t i = 0; i < rec->nevents; i++) {
        const works_event_row *r = &rec->events[i];
        app_works_event *v = &out->events[i];
        v->id = r->id;
        str_copy(v->kind, sizeof v->kind, r->kind);
        v->label = works_event_label((works_event_kind)works_event_from_code(r->kind));
        str_copy(v->from_on, sizeof v->from_on, r->from_on);
        str_copy(v->until_on, sizeof v->until_on, r->until_on);
        open_into(ctx, r->reason_enc, v->reason, sizeof v->reason);
        v->changes = strdup(r->changes);
        if (!v->changes)
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        str_copy(v->done_by, sizeof v->done_by, r->done_by);
        v->done_at = r->done_at;
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
    open_into(ctx, r->representative_enc, out->representative, sizeof out->representative);
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
    rc = fill_engineers(ctx, &rec, out, e);
    if (!rc)
        rc = fill_events(ctx, &rec, out, e);
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
