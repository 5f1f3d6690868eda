/* app_works_demo — the demo city's designated contractors (see
 * app_works_demo.h): about one per 500 taps and at least 5, designated from
 * 2005 on (those before 2019-10-01 under the transitional table, then
 * renewed as a real master would be), each with one to three chief
 * engineers; two whose designation expires within 90 days, one suspended
 * now, one revoked.  Deterministic for a seed, with a stream of its own so
 * that the rest of the city does not change with it. */
#include "app/works/app_works_demo.h"
#include "app/app_seal.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#include "domain/demo_gen.h"
#include "domain/works/works_contractor.h"
#include "store/works/works_contractor_store.h"

#define TAPS_PER_CONTRACTOR 500
#define MIN_CONTRACTORS 5

static const struct {
    const char *name, *kana;
} PREFIX[] = {
    {"山峡", "サンキョウ"}, {"桜", "サクラ"},     {"富士", "フジ"},     {"甲斐", "カイ"},     {"昭和", "ショウワ"},
    {"青葉", "アオバ"},     {"緑", "ミドリ"},     {"中央", "チュウオウ"}, {"東", "ヒガシ"},   {"北", "キタ"},
    {"南", "ミナミ"},       {"朝日", "アサヒ"},   {"峡東", "キョウトウ"}, {"峡北", "キョウホク"}, {"白根", "シラネ"},
    {"竜王", "リュウオウ"}, {"八幡", "ヤワタ"},   {"双葉", "フタバ"},   {"千代田", "チヨダ"}, {"若松", "ワカマツ"},
};
static const struct {
    const char *name, *kana;
} TRADE[] = {
    {"設備", "セツビ"}, {"水道工業", "スイドウコウギョウ"}, {"管工", "カンコウ"},
    {"住設", "ジュウセツ"}, {"工務店", "コウムテン"}, {"設備工業", "セツビコウギョウ"},
};
#define NPREFIX (sizeof PREFIX / sizeof PREFIX[0])
#define NTRADE (sizeof TRADE / sizeof TRADE[0])

typedef struct demo_ctx {
    app_ctx *ctx;
    demo_rng rng;
    civil_date today;
} demo_ctx;

static int event(demo_ctx *d, int64_t cid, works_event_kind k, const char *from, const char *until,
                 const char *reason, const char *changes, err_t *e)
{
    works_event_row *ev = calloc(1, sizeof *ev);
    if (!ev)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    ev->contractor_id = cid;
    str_copy(ev->kind, sizeof ev->kind, works_event_code(k));
    str_copy(ev->from_on, sizeof ev->from_on, from);
    str_copy(ev->until_on, sizeof ev->until_on, until);
    str_copy(ev->changes, sizeof ev->changes, changes);
    str_copy(ev->done_by, sizeof ev->done_by, "koji");
    ev->done_at = date_now_unix();
    int rc = reason && *reason ? app_seal_into(d->ctx, reason, ev->reason_enc, sizeof ev->reason_enc, e) : 0;
    if (!rc)
        rc = works_event_store_insert(d->ctx->db, ev, NULL, e);
    free(ev);
    return rc;
}

static civil_date days_from(civil_date d, int64_t n)
{
    return date_from_days(date_to_days(d) + n);
}

/* The day of designation of the i-th contractor: the special ones so that
 * their (renewed) expiry falls where the demo wants it. */
static civil_date designated(demo_ctx *d, size_t i)
{
    if (i == 1 || i == 2) {   /* expiring in 30 and 75 days: designated five years before, less a day */
        civil_date until = days_from(d->today, i == 1 ? 30 : 75);
        civil_date back = {until.y - WORKS_VALID_YEARS, until.m, until.d};
        if (!date_valid(back))
            back = (civil_date){until.y - WORKS_VALID_YEARS, 3, 1};
        return days_from(back, 1);
    }
    int64_t from = date_to_days((civil_date){2005, 4, 1});
    int64_t span = date_to_days(d->today) - 400 - from;
    return date_from_days(from + demo_rng_below(&d->rng, (uint32_t)span));
}

static int engineers(demo_ctx *d, const works_contractor_row *c, err_t *e)
{
    int n = 1 + (int)demo_rng_below(&d->rng, 3);
    for (int k = 0; k < n; k++) {
        demo_person p;
        demo_person_make(&d->rng, false, &p);
        works_engineer_row g = {.contractor_id = c->id, .created_at = date_now_unix()};
        str_fmt(g.licence_no, sizeof g.licence_no, "%u", 10000 + demo_rng_below(&d->rng, 90000));
        str_copy(g.registered_on, sizeof g.registered_on, c->designated_on);
        str_copy(g.created_by, sizeof g.created_by, "koji");
        int64_t id = 0;
        int rc = app_seal_into(d->ctx, p.name, g.name_enc, sizeof g.name_enc, e);
        if (!rc)
            rc = works_engineer_store_insert(d->ctx->db, &g, &id, e);
        char changes[96];
        str_fmt(changes, sizeof changes, "{\"engineer\":%lld,\"licence_no\":\"%s\"}", (long long)id, g.licence_no);
        if (!rc)
            rc = event(d, c->id, WORKS_EV_ENGINEER_ADDED, g.registered_on, "", "", changes, e);
        if (rc)
            return rc;
    }
    return 0;
}

/* Renew until the designation is in force today (as the utility did). */
static int renewals(demo_ctx *d, works_contractor_row *c, err_t *e)
{
    civil_date until;
    date_parse(c->valid_until, &until);
    while (date_cmp(until, d->today) < 0) {
        civil_date next = works_contractor_renewed_until(until);
        char from[11], to[11], changes[160];
        date_format_iso(works_contractor_renewal_start(until), from);
        date_format_iso(next, to);
        str_fmt(changes, sizeof changes, "{\"valid_until\":{\"from\":\"%s\",\"to\":\"%s\"}}", c->valid_until, to);
        int rc = event(d, c->id, WORKS_EV_RENEWED, from, to, "", changes, e);
        if (rc)
            return rc;
        str_copy(c->valid_until, sizeof c->valid_until, to);
        until = next;
    }
    return works_contractor_store_set_state(d->ctx->db, c, e);
}

/* The special states: 3 suspended now, 4 revoked 200 days ago. */
static int special(demo_ctx *d, size_t i, works_contractor_row *c, err_t *e)
{
    char from[11], until[11];
    if (i == 3) {
        date_format_iso(days_from(d->today, -10), from);
        date_format_iso(days_from(d->today, 80), until);
        str_copy(c->status, sizeof c->status, "suspended");
        str_copy(c->suspended_from, sizeof c->suspended_from, from);
        str_copy(c->suspended_until, sizeof c->suspended_until, until);
        int rc = works_contractor_store_set_state(d->ctx->db, c, e);
        return rc ? rc : event(d, c->id, WORKS_EV_SUSPENDED, from, until, "給水装置の構造・材質基準に適合しない工事の施行", "", e);
    }
    if (i == 4) {
        date_format_iso(days_from(d->today, -200), from);
        if (strcmp(from, c->designated_on) < 0)
            str_copy(from, sizeof from, c->designated_on);
        str_copy(c->status, sizeof c->status, "revoked");
        str_copy(c->revoked_on, sizeof c->revoked_on, from);
        int rc = works_contractor_store_set_state(d->ctx->db, c, e);
        return rc ? rc : event(d, c->id, WORKS_EV_REVOKED, from, "", "", "事業所の廃止（廃止届の提出）", e) ;
    }
    return 0;
}

static int one(demo_ctx *d, size_t i, works_contractor_row *c, err_t *e)
{
    memset(c, 0, sizeof *c);
    size_t p = (i * 7) % NPREFIX, t = (i / NPREFIX + i) % NTRADE;
    bool kabu = (i / (NPREFIX * NTRADE)) % 2 == 0 ? (i % 3 != 0) : (i % 3 == 0);
    str_fmt(c->designation_no, sizeof c->designation_no, "%04zu", i + 1);
    str_fmt(c->name, sizeof c->name, "%s%s%s%s", kabu ? "株式会社" : "有限会社", PREFIX[p].name, TRADE[t].name,
            i >= NPREFIX * NTRADE * 2 ? "（第二）" : "");
    str_fmt(c->name_kana, sizeof c->name_kana, "%s%s", PREFIX[p].kana, TRADE[t].kana);
    const demo_area *a = &DEMO_AREAS[demo_rng_below(&d->rng, (uint32_t)DEMO_AREA_COUNT)];
    char addr[160];
    demo_address_make(&d->rng, a, addr, sizeof addr);
    str_fmt(c->address, sizeof c->address, "%s%s%s", DEMO_PREF_NAME, DEMO_CITY_NAME, addr);
    str_fmt(c->phone, sizeof c->phone, "055-2%02u-%04u", demo_rng_below(&d->rng, 100), demo_rng_below(&d->rng, 10000));
    demo_person rep;
    demo_person_make(&d->rng, false, &rep);
    date_format_iso(designated(d, i), c->designated_on);
    civil_date des;
    date_parse(c->designated_on, &des);
    date_format_iso(works_contractor_first_until(des), c->valid_until);
    str_copy(c->status, sizeof c->status, "active");
    str_copy(c->created_by, sizeof c->created_by, "koji");
    str_copy(c->updated_by, sizeof c->updated_by, "koji");
    c->created_at = c->updated_at = date_now_unix();
    int rc = app_seal_into(d->ctx, rep.name, c->representative_enc, sizeof c->representative_enc, e);
    if (!rc)
        rc = works_contractor_store_insert(d->ctx->db, c, &c->id, e);
    char changes[64];
    str_fmt(changes, sizeof changes, "{\"valid_until\":\"%s\"}", c->valid_until);
    if (!rc)
        rc = event(d, c->id, WORKS_EV_DESIGNATED, c->designated_on, c->valid_until, "", changes, e);
    if (!rc)
        rc = engineers(d, c, e);
    if (!rc)
        rc = renewals(d, c, e);
    if (!rc)
        rc = special(d, i, c, e);
    return rc;
}

int app_works_demo_contractors_tx(app_ctx *ctx, uint64_t seed, int64_t taps, int64_t *made, err_t *e)
{
    demo_ctx d = {.ctx = ctx, .today = date_today_jst()};
    demo_rng_seed(&d.rng, seed ^ 0x6b6f6a69ULL);   /* "koji": a stream of its own */
    int64_t n = taps / TAPS_PER_CONTRACTOR;
    if (n < MIN_CONTRACTORS)
        n = MIN_CONTRACTORS;
    works_contractor_row *c = malloc(sizeof *c);
    if (!c)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = 0;
    int64_t i = 0;
    for (; !rc && i < n; i++)
        rc = one(&d, (size_t)i, c, e);
    free(c);
    if (made)
        *made = rc ? 0 : n;
    return rc;
}
