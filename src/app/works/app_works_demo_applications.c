/* app_works_demo_applications — a year of works applications for the demo
 * city (see app_works_application.h): Kofu's shape (1,736 a year for about
 * 120,000 taps: 新設 947, 改造 750, 私補 140, 特団 21) scaled by the taps,
 * at least 30 so that every status shows.  Received on days spread over the
 * last year, each taken through the steps (domain/works/works_progress.h,
 * so that every record keeps the rules) at the pace of a real section: some
 * are done, some on their way, a few cancelled, a tenth failing their first
 * inspection, and a few left waiting long enough to be overdue.  The first
 * nine are made to end in each status in turn.  Fees are assessed from the
 * shipped tables and marked paid as the steps needed them.  The completed
 * 新設, 私補 and 特団 go through the hand-over (new taps and meters, no start
 * requests); 改造 and 撤去 do not (their taps' readings run to today).
 * Deterministic for a seed (its own stream). */
#include "app/works/app_works_application.h"
#include "app/app_seal.h"
#include "app/works/app_works_handover.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "domain/demo_gen.h"
#include "domain/tapinfo.h"
#include "store/registry/tap_store.h"
#include "store/works/works_application_store.h"
#include "store/works/works_contractor_store.h"
#include "store/works/works_handover_store.h"

#define KOFU_TAPS 120000
#define MIN_APPLICATIONS 30
#define STUCK_PERCENT 6
#define CANCEL_PERCENT 3
#define FAIL_PERCENT 10

typedef struct demo_works {
    app_ctx *ctx;
    demo_rng rng;
    int64_t taps, today;
    works_choice_row *engineers;   /* of active contractors */
    size_t nengineers;
} demo_works;

/* The type of application i of n in Kofu's proportions. */
static works_type type_of(demo_rng *r)
{
    uint32_t x = demo_rng_below(r, 1858);   /* 947 + 750 + 140 + 21 */
    return x < 947 ? WORKS_NEW : x < 1697 ? WORKS_REMODEL : x < 1837 ? WORKS_BRANCH : WORKS_COMPLEX;
}

/* The place: an existing tap's for a remodel (its sealed address copied),
 * a new lot in a random area otherwise. */
static int place_of(demo_works *d, works_type t, works_app_row *r, err_t *e)
{
    if (t == WORKS_REMODEL && d->taps > 0) {
        tap_row *tap = calloc(1, sizeof *tap);
        if (!tap)
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        int rc = tap_store_get(d->ctx->db, 1 + (int64_t)demo_rng_below(&d->rng, (uint32_t)d->taps), tap, e);
        if (!rc) {
            r->tap_id = tap->id;
            str_copy(r->area_code, sizeof r->area_code, tap->area_code);
            str_copy(r->address_enc, sizeof r->address_enc, tap->address_enc);
            r->old_diameter = tap->diameter;
        }
        free(tap);
        return rc;
    }
    const demo_area *a = &DEMO_AREAS[demo_rng_below(&d->rng, (uint32_t)DEMO_AREA_COUNT)];
    char addr[64];
    str_fmt(addr, sizeof addr, "%u番%u号", 1 + demo_rng_below(&d->rng, 40), 1 + demo_rng_below(&d->rng, 30));
    str_copy(r->area_code, sizeof r->area_code, a->code);
    return app_seal_into(d->ctx, addr, r->address_enc, sizeof r->address_enc, e);
}

static int persons_of(demo_works *d, works_app_row *r, err_t *e)
{
    demo_person owner, agent;
    demo_person_make(&d->rng, false, &owner);
    demo_person_make(&d->rng, false, &agent);
    int rc;
    if ((rc = app_seal_into(d->ctx, owner.name, r->owner_name_enc, sizeof r->owner_name_enc, e)) ||
        (rc = app_seal_into(d->ctx, owner.phone, r->owner_phone_enc, sizeof r->owner_phone_enc, e)) ||
        (rc = app_seal_into(d->ctx, agent.name, r->applicant_name_enc, sizeof r->applicant_name_enc, e)))
        return rc;
    return app_seal_into(d->ctx, agent.phone, r->applicant_phone_enc, sizeof r->applicant_phone_enc, e);
}

/* Sizes by type: a remodel enlarges its tap's meter one size now and then
 * (else keeps it), a complex has 4 to 30 dwellings of 13 or 20 mm. */
static void sizes_of(demo_works *d, works_type t, works_app_row *r)
{
    int dia = 13;
    const char *use = "household";
    demo_tap_attrs(&d->rng, &dia, &use);
    r->dwellings = 1;
    r->meter_count = 1;
    if (t == WORKS_REMODEL) {
        dia = (int)r->old_diameter;
        if (demo_rng_below(&d->rng, 4) == 0)
            for (size_t i = 0; TAPINFO_DIAMETERS[i]; i++)
                if (TAPINFO_DIAMETERS[i] > r->old_diameter && TAPINFO_DIAMETERS[i] <= 50) {
                    dia = TAPINFO_DIAMETERS[i];
                    break;
                }
    } else if (t == WORKS_COMPLEX) {
        dia = demo_rng_below(&d->rng, 3) ? 13 : 20;
        r->dwellings = 4 + demo_rng_below(&d->rng, 27);
        r->meter_count = r->dwellings;
        use = "household";
    } else if (t == WORKS_BRANCH && dia > 50) {
        dia = 25;
    }
    r->diameter = dia;
    str_copy(r->use_code, sizeof r->use_code, use);
    str_copy(r->meter_place, sizeof r->meter_place, demo_rng_below(&d->rng, 2) ? "敷地内（道路側）" : "玄関脇");
}

static int charges_of(demo_works *d, int64_t id, const works_app_row *r, civil_date on, err_t *e)
{
    size_t nt;
    const works_fee_table *tables = app_works_fee_tables(&nt);
    works_fee_request rq = {works_type_parse(r->type), (int)r->diameter,
                            strcmp(r->type, "remodel") == 0 ? (int)r->old_diameter : 0,
                            strcmp(r->type, "complex") == 0 ? (int)r->dwellings : 0, on};
    works_fee_quote *q = calloc(1, sizeof *q);
    if (!q)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = works_fee_quote_for(tables, nt, &rq, q, e);
    int64_t seq = 0;
    const works_fee_line *lines[WORKS_FEE_MAX_FEES + 1];
    int nl = 0;
    if (!rc && q->kanyukin.yen > 0)
        lines[nl++] = &q->kanyukin;
    for (int i = 0; !rc && i < q->nfees; i++)
        lines[nl++] = &q->fees[i];
    for (int i = 0; !rc && i < nl; i++) {
        works_charge_row c = {.application_id = id, .seq = ++seq, .yen = lines[i]->yen, .tax = lines[i]->tax,
                              .refundable = lines[i]->refundable};
        str_copy(c.code, sizeof c.code, lines[i]->code);
        str_copy(c.name, sizeof c.name, lines[i]->name);
        str_copy(c.due, sizeof c.due, works_fee_due_code(lines[i]->due));
        rc = works_charge_store_insert(d->ctx->db, &c, e);
    }
    free(q);
    return rc;
}

/* Days a step takes after the one before it, at a section's pace. */
static int64_t pace(demo_rng *r, int step)
{
    static const int BASE[WORKS_NSTEPS] = {0, 1, 2, 3, 5, 20, 3, 1, 1};
    static const int SPREAD[WORKS_NSTEPS] = {1, 3, 6, 12, 25, 40, 8, 5, 20};
    return BASE[step] + demo_rng_below(r, (uint32_t)SPREAD[step]);
}

static int record_step(demo_works *d, works_app_row *r, int step, int result, int to, civil_date on, const char *by,
                       err_t *e)
{
    char iso[11];
    date_format_iso(on, iso);
    static const int DATE_OF[WORKS_NSTEPS] = {-1, 0, 1, 2, 3, 4, 4, 5, 6};
    char *cols[] = {r->reviewed_on, r->approved_on, r->paid_on, r->started_on, r->inspected_on, r->completed_on,
                    r->cancelled_on};
    if (DATE_OF[step] >= 0)
        str_copy(cols[DATE_OF[step]], 11, iso);
    str_copy(r->status, sizeof r->status, works_status_code(to));
    str_copy(r->status_on, sizeof r->status_on, iso);
    works_step_row s = {.application_id = r->id, .created_at = r->created_at};
    str_copy(s.step, sizeof s.step, works_step_code(step));
    str_copy(s.result, sizeof s.result, works_result_code(result));
    str_copy(s.status, sizeof s.status, r->status);
    str_copy(s.step_on, sizeof s.step_on, iso);
    str_copy(s.taken_by, sizeof s.taken_by, by);
    if (step == WORKS_STEP_CANCEL) {
        int rc = app_seal_into(d->ctx, "施主の都合により取りやめ", r->cancel_reason_enc, sizeof r->cancel_reason_enc, e);
        if (rc)
            return rc;
        str_copy(s.note_enc, sizeof s.note_enc, r->cancel_reason_enc);
    }
    return works_step_store_insert(d->ctx->db, &s, e);
}

/* Whether the hand-over runs for r in the demo: the types that make new
 * taps (新設, 私補, 特団), which clash with none of the generated readings.
 * A 改造 or 撤去 names a tap whose readings run to today: a meter changed
 * or a tap closed in the past would sit under readings made after it. */
static bool hands_over(const works_app_row *r)
{
    int t = works_type_parse(r->type);
    return t == WORKS_NEW || t == WORKS_BRANCH || t == WORKS_COMPLEX;
}

/* The meters a passing inspection of r sets (numbered after the
 * application, never in the meter records before: "WD" and its id). */
static int demo_meters(demo_works *d, const works_app_row *r, civil_date on, err_t *e)
{
    int64_t n = strcmp(r->type, "complex") == 0 ? r->dwellings : 1;
    works_meter_row *m = calloc((size_t)n, sizeof *m);
    if (!m)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (int64_t k = 0; k < n; k++) {
        m[k] = (works_meter_row){.application_id = r->id, .dwelling_no = strcmp(r->type, "complex") == 0 ? k + 1 : 0,
                                 .diameter = r->diameter, .digits = 4, .start_value = 0, .old_final = -1};
        str_fmt(m[k].meter_no, sizeof m[k].meter_no, "WD%07lld-%02lld", (long long)r->id, (long long)(k + 1));
        str_copy(m[k].maker, sizeof m[k].maker, k % 2 ? "愛知時計" : "金門製作所");
        date_format_iso(on, m[k].recorded_on);
    }
    int rc = works_meter_store_replace(d->ctx->db, r->id, m, (size_t)n, e);
    free(m);
    return rc;
}

/* What a step hands to billing in the demo: the meters of a pass, the
 * taps (and a 新設's start request) on 完了, as app_works_step does. */
static int demo_handover(demo_works *d, const works_app_row *r, int step, int result, civil_date on, err_t *e)
{
    if (!hands_over(r))
        return 0;
    if ((step == WORKS_STEP_INSPECT || step == WORKS_STEP_REINSPECT) && result == WORKS_RESULT_PASS)
        return demo_meters(d, r, on, e);
    if (step != WORKS_STEP_COMPLETE)
        return 0;
    /* a 町丁目 the small demo city has no tap in has no route to read a new
     * one on (works.default_route is the utility's to set): recorded without */
    char route[16];
    int64_t last = 0;
    int rc = works_handover_store_area_route(d->ctx->db, r->area_code, route, &last, e);
    if (rc == ERR_NOTFOUND) {
        err_clear(e);
        return 0;
    }
    if (rc)
        return rc;
    char iso[11];
    date_format_iso(on, iso);
    static const app_works_handover_opts demo = {.no_start = true};   /* the taps wait for their residents */
    return app_works_handover_tx(d->ctx, r, iso, &demo, NULL, e);
}

/* Take r through its steps from its received date: until today, or until
 * it stops (stuck, cancelled, or, for the first nine, its target status). */
static int progress(demo_works *d, works_app_row *r, civil_date received, int target, err_t *e)
{
    bool stuck = demo_rng_below(&d->rng, 100) < STUCK_PERCENT, cancel = demo_rng_below(&d->rng, 100) < CANCEL_PERCENT;
    if (target >= 0)
        stuck = cancel = false;
    bool fail = target == WORKS_ST_FAILED || demo_rng_below(&d->rng, 100) < FAIL_PERCENT;
    int stop_after = stuck || cancel ? 1 + (int)demo_rng_below(&d->rng, 5) : WORKS_NSTEPS;
    int64_t day = date_to_days(received);
    int status = WORKS_ST_RECEIVED, taken = 0;
    works_progress_state st = {status, received, "koji", NULL, 0};   /* fees: marked paid as the gates need */
    while (status != WORKS_ST_COMPLETED && status != target) {
        works_forward fw = works_step_forward(status);
        int step = (cancel && taken >= stop_after) || target == WORKS_ST_CANCELLED ? WORKS_STEP_CANCEL : fw.step;
        if (fw.step < 0 || (stuck && taken >= stop_after && target < 0))
            break;
        /* who takes it: the 係長 where another person than the one who entered it must */
        const char *actor = step == fw.step && fw.other_person ? "kakaricho" : "koji";
        day += pace(&d->rng, step);
        if (day > d->today)
            break;
        works_step_request rq = {step, date_from_days(day), date_from_days(d->today), WORKS_RESULT_NONE,
                                 "施主の都合により取りやめ", actor};
        if (works_step_takes_result(step))
            rq.result = fail && step == WORKS_STEP_INSPECT ? WORKS_RESULT_FAIL : WORKS_RESULT_PASS;
        int to = status;
        int rc = works_progress_check(&st, &rq, &to, e);
        if (!rc)
            rc = demo_handover(d, r, step, rq.result, rq.on, e);
        if (!rc)
            rc = record_step(d, r, step, rq.result, to, rq.on, actor, e);
        if (rc)
            return rc;
        st.status = status = to;
        st.last_on = rq.on;
        taken++;
        if (step == WORKS_STEP_CANCEL)
            break;
    }
    /* what the gates passed was paid: the approval's fees from 承認, all from 納付 */
    bool approved = r->approved_on[0], paid = r->paid_on[0];
    if (paid || approved) {
        int rc = works_charge_store_mark_paid(d->ctx->db, r->id, paid ? "start" : "approval", e);
        if (rc)
            return rc;
    }
    return works_app_store_set_progress(d->ctx->db, r, r->created_at, e);
}

static int make_one(demo_works *d, int target, int64_t back, err_t *e)
{
    works_app_row *r = calloc(1, sizeof *r);
    if (!r)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    works_type t = target == WORKS_ST_FAILED ? WORKS_NEW : type_of(&d->rng);
    civil_date received = date_from_days(d->today - back);
    const works_choice_row *eng = &d->engineers[demo_rng_below(&d->rng, (uint32_t)d->nengineers)];
    int rc = place_of(d, t, r, e);
    if (!rc)
        rc = persons_of(d, r, e);
    if (!rc) {
        sizes_of(d, t, r);
        str_copy(r->type, sizeof r->type, works_type_code(t));
        r->contractor_id = eng->contractor_id;
        r->engineer_id = eng->id;
        date_format_iso(received, r->received_on);
        str_copy(r->status_on, sizeof r->status_on, r->received_on);
        str_copy(r->status, sizeof r->status, works_status_code(WORKS_ST_RECEIVED));
        str_copy(r->fee_table, sizeof r->fee_table, "");
        str_copy(r->entered_by, sizeof r->entered_by, "koji");
        r->fy = received.m >= 4 ? received.y : received.y - 1;
        r->created_at = r->updated_at = date_now_unix() - (d->today - date_to_days(received)) * 86400;
        rc = works_app_store_next_seq(d->ctx->db, r->fy, &r->seq, e);
    }
    if (!rc) {
        str_fmt(r->number, sizeof r->number, "R%lld-%05lld", (long long)(r->fy - 2018), (long long)r->seq);
        size_t nt = 0;
        const works_fee_table *tables = app_works_fee_tables(&nt);
        const works_fee_table *v = works_fee_in_force(tables, nt, received);
        str_copy(r->fee_table, sizeof r->fee_table, v ? v->id : "");
        rc = works_app_store_insert(d->ctx->db, r, &r->id, e);
    }
    for (int64_t k = 1; !rc && strcmp(r->type, "complex") == 0 && k <= r->dwellings; k++) {
        works_dwelling_row w = {.application_id = r->id, .no = k, .diameter = r->diameter};
        str_fmt(w.label, sizeof w.label, "%lld", (long long)(100 + k));
        rc = works_dwelling_store_insert(d->ctx->db, &w, e);
    }
    if (!rc)
        rc = charges_of(d, r->id, r, received, e);
    if (!rc) {
        works_step_row s = {.application_id = r->id, .created_at = r->created_at};
        str_copy(s.step, sizeof s.step, works_step_code(WORKS_STEP_RECEIVE));
        str_copy(s.status, sizeof s.status, r->status);
        str_copy(s.step_on, sizeof s.step_on, r->received_on);
        str_copy(s.taken_by, sizeof s.taken_by, "koji");
        rc = works_step_store_insert(d->ctx->db, &s, e);
    }
    r->version = 1;
    if (!rc)
        rc = progress(d, r, received, target, e);
    free(r);
    return rc;
}

/* The chief engineers of the contractors active and designated a year ago. */
static int engineers_of(demo_works *d, err_t *e)
{
    works_choice_row *all = NULL;
    size_t n = 0;
    int rc = works_app_store_engineer_choices(d->ctx->db, &all, &n, e);
    if (rc)
        return rc;
    char year_ago[11];
    date_format_iso(date_from_days(d->today - 366), year_ago);
    d->engineers = calloc(n ? n : 1, sizeof *d->engineers);
    for (size_t i = 0; d->engineers && i < n; i++) {
        works_contractor_row c;
        works_engineer_row g;
        if (works_contractor_store_get(d->ctx->db, all[i].contractor_id, &c, NULL) == 0 &&
            works_engineer_store_get(d->ctx->db, all[i].id, &g, NULL) == 0 && strcmp(c.status, "active") == 0 &&
            strcmp(c.designated_on, year_ago) <= 0 && strcmp(g.registered_on, year_ago) <= 0)
            d->engineers[d->nengineers++] = all[i];
    }
    free(all);
    return d->engineers ? 0 : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
}

typedef struct demo_plan {
    int64_t back;   /* days before today it is received */
    int target;     /* the status it is made to end in; -1: as it comes */
} demo_plan;

static int oldest_first(const void *a, const void *b)
{
    const demo_plan *x = a, *y = b;
    return x->back != y->back ? (x->back < y->back ? 1 : -1) : (x->target > y->target) - (x->target < y->target);
}

int app_works_demo_applications_tx(app_ctx *ctx, uint64_t seed, int64_t taps, int64_t *made, err_t *e)
{
    demo_works d = {.ctx = ctx, .taps = taps, .today = date_to_days(date_today_jst())};
    demo_rng_seed(&d.rng, seed ^ 0x776f726b73ULL);   /* "works": a stream of its own */
    int64_t n = (1736 * taps + KOFU_TAPS / 2) / KOFU_TAPS;
    if (n < MIN_APPLICATIONS)
        n = MIN_APPLICATIONS;
    int rc = engineers_of(&d, e);
    if (!rc && d.nengineers == 0)
        n = 0;   /* no contractor to name: no applications */
    /* the received days, oldest first so that the numbers follow them: the
     * nine with a target a few months back (room for their steps), the rest
     * over the year */
    demo_plan *plan = n ? calloc((size_t)n, sizeof *plan) : NULL;
    if (!rc && n && !plan)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (int64_t k = 0; plan && k < n; k++) {
        plan[k].target = k < WORKS_NSTATUSES ? (int)k : -1;
        plan[k].back = k < WORKS_NSTATUSES ? 100 + demo_rng_below(&d.rng, 30) : 1 + demo_rng_below(&d.rng, 364);
    }
    if (plan)
        qsort(plan, (size_t)n, sizeof *plan, oldest_first);
    int64_t i = 0;
    for (; !rc && i < n; i++)
        rc = make_one(&d, plan[i].target, plan[i].back, e);
    free(plan);
    free(d.engineers);
    if (made)
        *made = rc ? 0 : i;
    return rc;
}
