/* app_demo — the demo city: areas, taps, customers with occupancy history,
 * and demo staff accounts (see app.h).  Deterministic for a given seed.
 * The whole city is one transaction: a killed run leaves nothing behind, and
 * progress is reported every BATCH taps. */
#include "app/app.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/log.h"
#include "base/text.h"
#include "domain/demo_gen.h"
#include "domain/role.h"
#include "app/demo_tariffs.h"
#include "app/reading/reading_engine.h"
#include "app/account/app_staff.h"
#include "app/app_operator.h"
#include "app/works/app_works_application.h"
#include "app/works/app_works_demo.h"
#include "app/billing/app_bill.h"
#include "app/reading/app_reading.h"
#include "app/meter/app_meter_stock.h"
#include "store/db.h"
#include "domain/tariff.h"
#include "store/registry/customer_store.h"
#include "store/billing/tariff_store.h"
#include "store/registry/tap_store.h"
#include "store/account/user_store.h"

#define BATCH 2000

/* The demo's staff, with made-up names (sealed like every 氏名). */
static const struct { const char *user, *name, *role; } DEMO_STAFF[] = {
    {APP_DEMO_ADMIN, "水野 誠", "admin"},    {"kakaricho", "山田 花子", "chief"}, {"tanto", "佐藤 健一", "clerk"},
    {"kenshin", "鈴木 大輔", "reader"},    {"etsuran", "高橋 美咲", "viewer"}, {"kansa", "田中 由紀", "auditor"},
    {"koji", "渡辺 隆", "works"},
};

static const char *const NOTES[] = {
    "日中は不在がち。連絡は携帯電話へ。", "高齢のため、電話では大きめの声で。", "郵便物は勤務先へ送付希望。",
    "口座振替の手続き中。", "過去に宅内漏水あり（令和3年修理済）。",
};

typedef struct demo_state {
    app_ctx *ctx;
    bool leave_current_unread;
    reading_engine engine;     /* the current cycle's readings go through the real checks */
    demo_rng rng;
    customer_row cr;   /* scratch */
    int64_t start_day_min, start_day_max;
} demo_state;

static bool seal(const app_ctx *ctx, const char *plain, char *dst, size_t dstsz)
{
    char *s = crypto_seal(ctx->env->keys, plain);
    bool ok = s && str_copy(dst, dstsz, s);
    free(s);
    return ok;
}

static int new_customer(demo_state *st, bool company, int64_t *id, err_t *e)
{
    demo_person p;
    demo_person_make(&st->rng, company, &p);
    customer_row *r = &st->cr;
    memset(r, 0, sizeof *r);
    char postal[16] = "", mail[160] = "";
    const char *notes = "";
    if (demo_rng_below(&st->rng, 100) < 8) {
        const demo_area *a = &DEMO_AREAS[demo_rng_below(&st->rng, (uint32_t)DEMO_AREA_COUNT)];
        char addr[160];
        demo_address_make(&st->rng, a, addr, sizeof addr);
        str_fmt(postal, sizeof postal, "400-%04u", 100 + demo_rng_below(&st->rng, 800));
        str_fmt(mail, sizeof mail, "%s%s%s", DEMO_PREF_NAME, DEMO_CITY_NAME, addr);
    }
    if (demo_rng_below(&st->rng, 100) < 3)
        notes = NOTES[demo_rng_below(&st->rng, sizeof NOTES / sizeof NOTES[0])];
    char *kana_key = text_kana_key(p.kana);
    char *digits = text_digits(p.phone);
    bool ok = kana_key && digits && seal(st->ctx, p.name, r->name_enc, sizeof r->name_enc) &&
              seal(st->ctx, p.kana, r->kana_enc, sizeof r->kana_enc) &&
              seal(st->ctx, p.phone, r->phone_enc, sizeof r->phone_enc) &&
              seal(st->ctx, postal, r->postal_enc, sizeof r->postal_enc) &&
              seal(st->ctx, mail, r->mail_address_enc, sizeof r->mail_address_enc) &&
              seal(st->ctx, notes, r->notes_enc, sizeof r->notes_enc);
    if (ok) {
        crypto_blind_index(st->ctx->env->keys, "kana", kana_key, r->kana_bidx);
        crypto_blind_index(st->ctx->env->keys, "phone", digits, r->phone_bidx);
    }
    free(kana_key);
    free(digits);
    if (!ok)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "demo: sealing failed");
    r->created_at = date_now_unix();
    return customer_store_insert(st->ctx->db, r, id, e);
}

static int occupy(app_ctx *ctx, int64_t tap_id, int64_t cust_id, int64_t start_day, int64_t end_day, err_t *e)
{
    occupancy_row o = {.tap_id = tap_id, .customer_id = cust_id, .created_at = date_now_unix()};
    date_format_iso(date_from_days(start_day), o.start_on);
    if (end_day > 0)
        date_format_iso(date_from_days(end_day), o.end_on);
    return occupancy_store_insert(ctx->db, &o, NULL, e);
}

/* Route codes follow make_tap: <area code minus district><A|B>, L<district>. */
static int demo_routes(app_ctx *ctx, err_t *e)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < DEMO_AREA_COUNT; i++) {
        const demo_area *a = &DEMO_AREAS[i];
        route_row r;
        memset(&r, 0, sizeof r);
        str_fmt(r.code, sizeof r.code, "%s%c", a->code, (i % 2) ? 'B' : 'A');
        str_fmt(r.name, sizeof r.name, "%s", a->name);
        str_copy(r.grp, sizeof r.grp, (i % 2) ? "even" : "odd");
        rc = route_store_upsert(ctx->db, &r, e);
        if (!rc && (i == 0 || strncmp(a->code, DEMO_AREAS[i - 1].code, 2) != 0)) {
            str_fmt(r.code, sizeof r.code, "L%.2s", a->code);
            str_fmt(r.name, sizeof r.name, "大口使用者（%s地区）", a->name);
            str_copy(r.grp, sizeof r.grp, "monthly");
            rc = route_store_upsert(ctx->db, &r, e);
        }
    }
    return rc;
}

/* The day of the month a route is read (3rd..22nd), stable per route. */
static int route_day(const char *route)
{
    unsigned h = 0;
    for (const char *p = route; *p; p++)
        h = h * 31 + (unsigned char)*p;
    return 3 + (int)(h % 20);
}

/* The demo's open cycle: the newest month whose readings went through the
 * checks (some held, odd route days left unread) and are not yet billed.  It
 * is the current month once every route day (the 22nd at the latest) has
 * passed, and the month before until then, so that the open cycle always
 * holds a whole month of readings whatever the date. */
void app_demo_open_cycle(civil_date today, civil_date *open)
{
    *open = (civil_date){today.y, today.m, 1};
    if (today.d <= 22) {
        open->m--;
        if (open->m == 0) {
            open->m = 12;
            open->y--;
        }
    }
}

static bool due(const char *route, int month)
{
    size_t n = strlen(route);
    if (route[0] == 'L')
        return true;
    return (route[n - 1] == 'A') == (month % 2 == 1);
}

/* Monthly m³ of a tap by use (household size varies), and the season. */
static int64_t monthly_use(demo_rng *r, const char *use, int dia)
{
    if (strcmp(use, "household") == 0 || strcmp(use, "shared") == 0)
        return 5 + demo_rng_below(r, 14);
    if (strcmp(use, "factory") == 0 || dia >= 50)
        return 80 + demo_rng_below(r, 400);
    return 15 + demo_rng_below(r, 60);
}

static const int SEASON_PCT[13] = {0, 90, 88, 92, 97, 100, 108, 122, 125, 112, 100, 94, 92};

/* What the history of one tap needs between cycles: the demo writes every
 * tap's meter and start reading with the tap, then the readings cycle by
 * cycle (every tap's reading of a cycle before the next cycle's), as a
 * utility's database grows a month at a time.  Each tap keeps its own random
 * streams, so its readings are those a tap-by-tap history would draw. */
typedef struct demo_tap_hist {
    demo_rng r, xr;                 /* the tap's usage and its exceptions */
    int64_t tap_id, meter_id, created_at;
    int64_t prev_value, prev_day, end_day, base, span;
    uint8_t route_day, monthly, odd;   /* read on; an L route; read in odd months */
} demo_tap_hist;

/* A meter and its start reading when it went in; the rest of the history
 * (demo_cycle_readings) starts from here. */
static int demo_meter(demo_state *st, const tap_row *t, int64_t tap_id, int dia, const char *use, int64_t end_day,
                      int years, int64_t today, demo_tap_hist *h, err_t *e)
{
    app_ctx *ctx = st->ctx;
    memset(h, 0, sizeof *h);
    demo_rng_seed(&h->r, (uint64_t)tap_id * 7919u + 17u);
    demo_rng_seed(&h->xr, (uint64_t)tap_id * 104729u + 5u);
    demo_rng *r = &h->r;
    static const char *const MAKERS[] = {"愛知時計電機", "アズビル金門", "東洋計器", "大豊機工", "リコーエレメックス"};
    meter_row m;
    memset(&m, 0, sizeof m);
    str_fmt(m.meter_no, sizeof m.meter_no, "M%s", t->tap_no);
    str_copy(m.maker, sizeof m.maker, MAKERS[demo_rng_below(r, 5)]);
    m.diameter = dia;
    m.digits = dia <= 25 ? 4 : dia <= 50 ? 5 : 6;
    int64_t window = today - 365 * (int64_t)(years > 0 ? years : 1) - 62;
    /* Installed some time in the last 7.5 years (3% are overdue for replacement). */
    int64_t installed = today - 30 - (int64_t)demo_rng_below(r, 2700);
    if (demo_rng_below(r, 100) < 3)
        installed = today - 2950 - (int64_t)demo_rng_below(r, 300);
    if (installed > window)
        installed = window;
    civil_date inst = date_from_days(installed);
    date_format_iso(inst, m.installed_on);
    civil_date until = {inst.y + 8, inst.m, inst.d > 28 ? 28 : inst.d};
    date_format_iso(until, m.certified_until);
    str_copy(m.status, sizeof m.status, "stock");
    m.created_at = date_now_unix();
    int rc = meter_store_insert(ctx->db, &m, &m.id, e);
    if (!rc)
        rc = meter_store_install(ctx->db, m.id, tap_id, m.installed_on, e);
    if (!rc)   /* its history begins at the tap (the demo city has no older stock) */
        rc = app_meter_event_tx(ctx, m.id, m.installed_on, "", "installed", tap_id, 0, "demo", "", "meter_no", e);
    if (rc)
        return rc;
    h->span = reading_dial_span((int)m.digits);
    h->base = monthly_use(r, use, dia);
    reading_row row;
    memset(&row, 0, sizeof row);
    row.tap_id = tap_id;
    row.meter_id = m.id;
    str_copy(row.kind, sizeof row.kind, "start");
    str_copy(row.status, sizeof row.status, "accepted");
    str_copy(row.source, sizeof row.source, "office");
    str_copy(row.entered_by, sizeof row.entered_by, ctx->actor.username);
    str_copy(row.read_on, sizeof row.read_on, m.installed_on);
    str_fmt(row.cycle, sizeof row.cycle, "%.7s", m.installed_on);
    row.value = demo_rng_below(r, (uint32_t)(h->span / 2));
    row.created_at = m.created_at;
    if ((rc = reading_store_insert(ctx->db, &row, NULL, e)))
        return rc;
    h->tap_id = tap_id;
    h->meter_id = m.id;
    h->created_at = m.created_at;
    h->prev_value = row.value;
    h->prev_day = installed;
    h->end_day = end_day;
    h->route_day = (uint8_t)route_day(t->route);
    h->monthly = t->route[0] == 'L';
    h->odd = t->route[strlen(t->route) - 1] == 'A';
    return 0;
}

/* The readings written so far, READING_STORE_BATCH to a statement. */
typedef struct demo_rbuf {
    reading_row rows[READING_STORE_BATCH];
    size_t n;
} demo_rbuf;

static int rbuf_flush(app_ctx *ctx, demo_rbuf *b, err_t *e)
{
    int rc = b->n ? reading_store_insert_many(ctx->db, b->rows, b->n, e) : 0;
    b->n = 0;
    return rc;
}

static int rbuf_add(app_ctx *ctx, demo_rbuf *b, const reading_row *row, err_t *e)
{
    b->rows[b->n++] = *row;
    return b->n == READING_STORE_BATCH ? rbuf_flush(ctx, b, e) : 0;
}

/* One tap's reading of cycle c, if its route is due: every scheduled cycle
 * after the meter went in and before the occupancy closed; the current
 * cycle is read (through the real checks) for about half of the routes
 * whose day has passed, with the odd typing error that the checks hold. */
static int demo_tap_cycle(demo_state *st, demo_tap_hist *h, int64_t tap_index, civil_date c, civil_date now,
                          int64_t today, demo_rbuf *buf, err_t *e)
{
    app_ctx *ctx = st->ctx;
    bool current = c.y == now.y && c.m == now.m;
    if (!(h->monthly || h->odd == (c.m % 2 == 1)))
        return 0;
    civil_date rd = {c.y, c.m, h->route_day};
    int64_t day = date_to_days(rd);
    bool closed = h->end_day > 0 && day > h->end_day;
    bool skip = current && (rd.d % 2 == 1 || st->leave_current_unread);
    if (closed || day <= h->prev_day || day >= today || skip)
        return 0;
    demo_rng *r = &h->r;
    int64_t prev_value = h->prev_value, span = h->span, base = h->base;
    int64_t days = day - h->prev_day;
    int64_t usage = base * days * SEASON_PCT[c.m] / 3000;
    usage = usage * (85 + demo_rng_below(r, 31)) / 100;
    int64_t value = (prev_value + usage) % span;
    int rc = 0;
    if (current) {
        /* Today's cycle: entered as a handheld would, through the checks. */
        uint32_t dice = demo_rng_below(r, 120);
        if (dice == 0)
            value = (value * 10 + 7) % span;   /* a slip of the finger */
        else if (dice <= 3 && usage >= 24)     /* a hidden leak: 1.75 times the usual */
            value = (prev_value + usage * 7 / 4) % span;
        char v[24], on[11], tap_no[16];
        str_fmt(v, sizeof v, "%lld", (long long)value);
        str_fmt(tap_no, sizeof tap_no, "%08lld", (long long)(10000001 + tap_index));
        date_format_iso(rd, on);
        app_reading_in in = {.tap_no = tap_no, .read_on = on, .value = v, .source = "handheld"};
        app_reading_out out;
        if ((rc = reading_engine_record(&st->engine, &in, &out, e)))
            return rc;
    } else {
        reading_row row;
        memset(&row, 0, sizeof row);
        row.tap_id = h->tap_id;
        row.meter_id = h->meter_id;
        row.created_at = h->created_at;
        str_copy(row.status, sizeof row.status, "accepted");
        str_copy(row.entered_by, sizeof row.entered_by, ctx->actor.username);
        date_format_iso(rd, row.read_on);
        str_fmt(row.cycle, sizeof row.cycle, "%04d-%02d", c.y, c.m);
        row.prev_value = prev_value;
        row.days = days;
        str_copy(row.source, sizeof row.source, "handheld");
        /* The exceptions of a real month, from a generator of their own (the
         * city's values stay those of the seed): 3 in 1,000 could not be read
         * and were estimated (認定) from the season's usual use; 5 in 1,000 were
         * mistyped, held by the checks and re-read, the wrong entry kept as
         * replaced. */
        uint32_t x = demo_rng_below(&h->xr, 1000);
        if (x < 3) {
            usage = base * days * SEASON_PCT[c.m] / 3000;
            value = (prev_value + usage) % span;
            str_copy(row.kind, sizeof row.kind, "estimated");
            str_copy(row.source, sizeof row.source, "office");
            reading_reasons_join(RR_ESTIMATED, row.reasons, sizeof row.reasons);
        } else if (x < 8) {
            str_copy(row.kind, sizeof row.kind, "actual");
            str_copy(row.status, sizeof row.status, "replaced");
            row.value = (value * 10 + 7) % span;
            row.meter_usage = row.usage = (row.value - prev_value + span) % span;
            reading_reasons_join(row.value < prev_value ? RR_LOWER : RR_HIGH_PREV, row.reasons, sizeof row.reasons);
            int64_t wrong;   /* written in turn: the re-read's id follows the wrong entry's */
            if ((rc = rbuf_flush(ctx, buf, e)) || (rc = reading_store_insert(ctx->db, &row, &wrong, e)) ||
                (rc = reading_store_set_reread(ctx->db, wrong, 1, e)))
                return rc;
            str_copy(row.status, sizeof row.status, "accepted");
            row.reasons[0] = '\0';
        } else {
            str_copy(row.kind, sizeof row.kind, "actual");
        }
        row.value = value;
        row.meter_usage = row.usage = usage;
        if ((rc = rbuf_add(ctx, buf, &row, e)))
            return rc;
    }
    h->prev_value = value;
    h->prev_day = day;
    return 0;
}

/* Every tap's readings, cycle by cycle: from one route period (a month for
 * L routes, else two) before the history window — the last reading before
 * it is the starting point of the window's first bill, so that every bill
 * of the demo spans its route's normal period, not the years since the
 * meter went in — up to the open cycle. */
static int demo_cycle_readings(demo_state *st, demo_tap_hist *hist, int64_t ntaps, int years, int64_t today, err_t *e)
{
    civil_date now;
    app_demo_open_cycle(date_from_days(today), &now);
    civil_date first = date_from_days(today - 365 * (int64_t)(years > 0 ? years : 1) - 62);
    first.d = 1;
    first.m -= 2;   /* an L route's first cycle is a month later */
    if (first.m < 1) {
        first.m += 12;
        first.y--;
    }
    demo_rbuf *buf = calloc(1, sizeof *buf);
    if (!buf)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = 0;
    for (civil_date c = first; !rc && (c.y < now.y || (c.y == now.y && c.m <= now.m));
         c = c.m == 12 ? (civil_date){c.y + 1, 1, 1} : (civil_date){c.y, c.m + 1, 1}) {
        bool before_monthly = c.y == first.y && c.m == first.m;
        for (int64_t i = 0; !rc && i < ntaps; i++)
            if (!(before_monthly && hist[i].monthly))
                rc = demo_tap_cycle(st, &hist[i], i, c, now, today, buf, e);
        if (!rc)   /* the cycle's rows before the next cycle's (and before the engine reads them) */
            rc = rbuf_flush(st->ctx, buf, e);
    }
    free(buf);
    return rc;
}

/* The demo city's water and sewer tariffs (compiled in), as if loaded by
 * an administrator. */
static int demo_tariffs(app_ctx *ctx, err_t *e)
{
    tariff *t = malloc(sizeof *t);
    if (!t)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = 0;
    for (const demo_tariff_file *f = DEMO_TARIFF_FILES; !rc && f->name; f++) {
        char msg[300];
        if (tariff_parse(f->text, f->len, t, msg, sizeof msg) != 0) {
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "demo tariff %s: %s", f->name, msg);
            break;
        }
        tariff_row r;
        memset(&r, 0, sizeof r);
        str_copy(r.tariff_id, sizeof r.tariff_id, t->id);
        str_copy(r.service, sizeof r.service, t->service);
        str_copy(r.effective_from, sizeof r.effective_from, t->effective_from);
        str_copy(r.name, sizeof r.name, t->name);
        r.body = (char *)f->text;
        crypto_sha256_hex(f->text, f->len, r.sha256);
        str_copy(r.loaded_by, sizeof r.loaded_by, APP_DEMO_ADMIN);
        r.loaded_at = date_now_unix();
        rc = tariff_store_insert(ctx->db, &r, NULL, e);
    }
    free(t);
    return rc;
}

static int cycle_cmp(const void *a, const void *b)
{
    return strcmp(((const schedule_row *)a)->cycle, ((const schedule_row *)b)->cycle);
}

int app_demo_bill_history(app_ctx *ctx, void (*progress)(const char *cycle, void *arg), void *arg, err_t *e)
{
    int rc = app_require(ctx, PERM_JOB_RUN, e);
    if (rc)
        return rc;
    schedule_row *sched = NULL;
    size_t n = 0;
    if ((rc = schedule_store_all(ctx->db, &sched, &n, e)))
        return rc;
    char current[8];
    civil_date open;
    app_demo_open_cycle(date_today_jst(), &open);
    str_fmt(current, sizeof current, "%04d-%02d", open.y, open.m);
    app_bill_summary *sum = malloc(sizeof *sum);
    if (!sum) {
        free(sched);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    /* Cycles in date order, each billed once (the schedule lists them per route). */
    qsort(sched, n, sizeof *sched, cycle_cmp);
    for (size_t i = 0; !rc && i < n; i++) {
        if ((i > 0 && strcmp(sched[i].cycle, sched[i - 1].cycle) == 0) || strcmp(sched[i].cycle, current) >= 0)
            continue;
        if (progress)
            progress(sched[i].cycle, arg);
        rc = app_bill_run(ctx, sched[i].cycle, "all", false, NULL, sum, e);
    }
    free(sum);
    free(sched);
    return rc;
}

/* Every cycle's schedule in the history window and the current month. */
static int demo_schedule(app_ctx *ctx, int years, int64_t today, err_t *e)
{
    route_row *routes = NULL;
    size_t n = 0;
    int rc = route_store_list(ctx->db, &routes, &n, e);
    civil_date now = date_from_days(today);
    civil_date c = date_from_days(today - 365 * (int64_t)(years > 0 ? years : 1) - 62);
    while (!rc && (c.y < now.y || (c.y == now.y && c.m <= now.m))) {
        civil_date next = c.m == 12 ? (civil_date){c.y + 1, 1, 1} : (civil_date){c.y, c.m + 1, 1};
        for (size_t i = 0; !rc && i < n; i++) {
            if (!due(routes[i].code, c.m))
                continue;
            schedule_row s;
            memset(&s, 0, sizeof s);
            str_fmt(s.cycle, sizeof s.cycle, "%04d-%02d", c.y, c.m);
            str_copy(s.route, sizeof s.route, routes[i].code);
            date_format_iso((civil_date){c.y, c.m, 1}, s.from_on);
            date_format_iso(date_from_days(date_to_days(next) - 1), s.to_on);
            rc = schedule_store_add(ctx->db, &s, NULL, e);
        }
        c = next;
    }
    free(routes);
    return rc;
}

/* One tap with its occupancy history over the last `years` years, its meter
 * and start reading; what its readings need next is left in *h. */
static int make_tap(demo_state *st, int64_t i, int years, int64_t today, size_t *route_seq, demo_tap_hist *h,
                    err_t *e)
{
    app_ctx *ctx = st->ctx;
    size_t ai = demo_rng_below(&st->rng, (uint32_t)DEMO_AREA_COUNT);
    const demo_area *a = &DEMO_AREAS[ai];
    tap_row t;
    memset(&t, 0, sizeof t);
    str_fmt(t.tap_no, sizeof t.tap_no, "%08lld", (long long)(10000001 + i));
    str_copy(t.area_code, sizeof t.area_code, a->code);
    char addr[160];
    demo_address_make(&st->rng, a, addr, sizeof addr);
    /* The stored address is what follows the area name. */
    const char *rest = strncmp(addr, a->name, strlen(a->name)) == 0 ? addr + strlen(a->name) : addr;
    if (!seal(ctx, rest, t.address_enc, sizeof t.address_enc))
        return err_set(e, ERR_INTERNAL, NULL, NULL, "demo: sealing failed");
    int dia;
    const char *use;
    demo_tap_attrs(&st->rng, &dia, &use);
    t.diameter = dia;
    str_copy(t.use_code, sizeof t.use_code, use);
    str_copy(t.sewer, sizeof t.sewer, a->sewer);
    /* Routes: one per area, read in odd (A) or even (B) months; large users
     * (50 mm and up) on a monthly route per district (L + 2 digits). */
    if (dia >= 50)
        str_fmt(t.route, sizeof t.route, "L%.2s", a->code);
    else
        str_fmt(t.route, sizeof t.route, "%s%c", a->code, (ai % 2) ? 'B' : 'A');
    t.route_order = (int64_t)(++route_seq[ai]) * 10;
    bool closed_now = demo_rng_below(&st->rng, 100) < 2;
    str_copy(t.status, sizeof t.status, closed_now ? "closed" : "active");
    t.created_at = date_now_unix();
    int64_t tap_id;
    int rc = tap_store_insert(ctx->db, &t, &tap_id, e);
    if (rc)
        return rc;
    bool company = strcmp(use, "household") != 0 && strcmp(use, "shared") != 0;
    /* First occupancy starts before the history window. */
    int64_t span = st->start_day_max - st->start_day_min;
    int64_t start = st->start_day_min + (int64_t)demo_rng_below(&st->rng, (uint32_t)(span > 0 ? span : 1));
    int64_t window_start = today - 365 * (int64_t)years;
    /* Customer changes: about 25% of taps per year. */
    int64_t changes[16];
    int nch = 0;
    for (int y = 0; y < years && nch < 16; y++)
        if (demo_rng_below(&st->rng, 100) < 25)
            changes[nch++] = window_start + 365 * y + demo_rng_below(&st->rng, 365);
    for (int k = 0; k < nch; k++) {
        int64_t cid;
        if ((rc = new_customer(st, company, &cid, e)))
            return rc;
        int64_t end = changes[k] - 1;
        if (end < start)
            end = start;
        if ((rc = occupy(ctx, tap_id, cid, start, end, e)))
            return rc;
        /* The next occupant moves in the day after: a vacancy would need its
         * readings left out (a closed tap is not read). */
        start = changes[k];
        if (start > today)
            start = today;
    }
    int64_t cid;
    if ((rc = new_customer(st, company, &cid, e)))
        return rc;
    int64_t end = 0;
    if (closed_now) {
        end = today - 1 - (int64_t)demo_rng_below(&st->rng, 60);
        if (end < start)
            end = start;
    }
    if ((rc = occupy(ctx, tap_id, cid, start, end, e)))
        return rc;
    return demo_meter(st, &t, tap_id, dia, use, end, years, today, h, e);
}

static int demo_staff(app_ctx *ctx, err_t *e)
{
    for (size_t i = 0; i < sizeof DEMO_STAFF / sizeof DEMO_STAFF[0]; i++) {
        user_row u;
        if (user_store_get_by_name(ctx->db, DEMO_STAFF[i].user, &u, NULL) == 0)
            continue;
        int rc = app_user_add(ctx, DEMO_STAFF[i].user, DEMO_STAFF[i].name, DEMO_STAFF[i].role, APP_DEMO_PASSWORD, false,
                              NULL, NULL, e);
        if (rc)
            return rc;
    }
    return 0;
}

int app_demo_generate(app_ctx *ctx, const app_demo_opts *o, err_t *e)
{
    int rc = app_require(ctx, PERM_USER_ADMIN, e);
    if (rc)
        return rc;
    if (o->taps < 1 || o->taps > 2000000)
        return err_field(e, "taps", "--taps は 1〜2000000 の整数で指定してください。");
    if (o->years < 0 || o->years > 15)
        return err_field(e, "years", "--years は 0〜15 の整数で指定してください。");
    int64_t existing = 0;
    if ((rc = tap_store_count(ctx->db, &existing, e)))
        return rc;
    if (existing > 0)
        return err_set(e, ERR_CONFLICT, NULL, "このデータベースには既に水栓があります。デモ都市は空のデータベースに作成してください。",
                       "demo: database already has %lld taps", (long long)existing);
    if ((rc = demo_staff(ctx, e)))
        return rc;
    demo_state *st = calloc(1, sizeof *st);
    size_t *route_seq = calloc(DEMO_AREA_COUNT, sizeof *route_seq);
    demo_tap_hist *hist = calloc((size_t)o->taps, sizeof *hist);
    if (!st || !route_seq || !hist) {
        free(st);
        free(route_seq);
        free(hist);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    st->ctx = ctx;
    st->leave_current_unread = o->leave_current_unread;
    demo_rng_seed(&st->rng, o->seed);
    int64_t today = date_to_days(date_today_jst());
    st->start_day_max = today - 365 * (int64_t)o->years - 1;
    st->start_day_min = st->start_day_max - 365 * 30;
    /* The city is written into an empty database in one transaction: on
     * SQLite through the rollback journal (db_load_empty), which holds next to
     * nothing, rather than a WAL that would grow to the whole database before
     * its checkpoint copied it all again (2 × 22 GB at 2,000,000 taps). */
    db_load_empty(ctx->db, true);
    if ((rc = db_begin(ctx->db, e)))
        goto out;
    for (size_t i = 0; !rc && i < DEMO_AREA_COUNT; i++) {
        area_row a;
        memset(&a, 0, sizeof a);
        str_copy(a.code, sizeof a.code, DEMO_AREAS[i].code);
        str_copy(a.name, sizeof a.name, DEMO_AREAS[i].name);
        str_copy(a.kana, sizeof a.kana, DEMO_AREAS[i].kana);
        str_copy(a.sewer, sizeof a.sewer, DEMO_AREAS[i].sewer);
        rc = area_store_upsert(ctx->db, &a, e);
    }
    if (!rc)
        rc = demo_routes(ctx, e);
    if (!rc)
        rc = demo_schedule(ctx, o->years, today, e);
    if (!rc && !o->no_tariffs)
        rc = demo_tariffs(ctx, e);
    if (!rc)
        rc = reading_engine_init(&st->engine, ctx, e);
    for (int64_t i = 0; !rc && i < o->taps; i++) {
        rc = make_tap(st, i, o->years, today, route_seq, &hist[i], e);
        if (!rc && o->progress && ((i + 1) % BATCH == 0 || i + 1 == o->taps))
            o->progress(i + 1, o->taps, o->progress_arg);
    }
    if (!rc)
        rc = demo_cycle_readings(st, hist, o->taps, o->years, today, e);
    if (!rc)   /* the works section's designated contractors */
        rc = app_works_demo_contractors_tx(ctx, o->seed, o->taps, NULL, e);
    if (!rc)   /* a year of works applications naming them */
        rc = app_works_demo_applications_tx(ctx, o->seed, o->taps, NULL, e);
    if (!rc) {
        app_audit_detail detail;
        app_audit_detail_begin(&detail);
        jsonw_kv_int(&detail.w, "taps", (int64_t)o->taps);
        jsonw_kv_int(&detail.w, "years", o->years);
        jsonw_key(&detail.w, "seed");
        buf_printf(&detail.buf, "%llu", (unsigned long long)o->seed);
        detail.w.first[detail.w.depth] = false;   /* a member written by hand */
        rc = app_audit_json(ctx, "demo.generate", "demo", &detail, e);
    }
    if (!rc)
        rc = db_commit(ctx->db, e);
    if (rc)
        db_rollback(ctx->db);
    reading_engine_free(&st->engine);
out:
    db_load_empty(ctx->db, false);
    free(st);
    free(route_seq);
    free(hist);
    return rc;
}
