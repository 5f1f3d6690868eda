/* bill_engine — see bill_engine.h. */
#include "app/billing/bill_engine.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "domain/bill_rules.h"
#include "domain/bill_segment.h"
#include "domain/sewer_basis.h"
#include "store/billing/tariff_store.h"

int bill_engine_init(bill_engine *g, app_ctx *ctx, err_t *e)
{
    memset(g, 0, sizeof *g);
    g->ctx = ctx;
    tariff_row *rows = NULL;
    size_t n = 0;
    int rc = tariff_store_list(ctx->db, true, &rows, &n, e);
    if (rc)
        return rc;
    g->tariffs = n ? calloc(n, sizeof *g->tariffs) : NULL;
    if (n && !g->tariffs) {
        tariff_store_rows_free(rows, n);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        char msg[256];
        if (tariff_parse(rows[i].body, strlen(rows[i].body), &g->tariffs[g->ntariffs], msg, sizeof msg) != 0) {
            rc = err_set(e, ERR_INTERNAL, NULL, "登録済みの料金表を読めません。", "stored tariff %s: %s",
                         rows[i].tariff_id, msg);
            break;
        }
        g->ntariffs++;
    }
    tariff_store_rows_free(rows, n);
    if (rc)
        bill_engine_free(g);
    return rc;
}

void bill_engine_free(bill_engine *g)
{
    free(g->tariffs);
    g->tariffs = NULL;
    g->ntariffs = 0;
}

const tariff *bill_engine_tariff(const bill_engine *g, const char *service, const char *on)
{
    const tariff *best = NULL;
    for (size_t i = 0; i < g->ntariffs; i++) {
        const tariff *t = &g->tariffs[i];
        if (strcmp(t->service, service) == 0 && strcmp(t->effective_from, on) <= 0 &&
            (!best || strcmp(t->effective_from, best->effective_from) > 0))
            best = t;
    }
    return best;
}

static bool skip(bill_engine_skip *sk, bool *skipped, const bill_cand *c, enum bill_skip_reason reason,
                 const char *detail)
{
    memset(sk, 0, sizeof *sk);
    bill_skip *s = &sk->row;
    sk->reason = reason;
    str_copy(s->cycle, sizeof s->cycle, c->cycle);
    s->tap_id = c->tap_id;
    str_copy(s->tap_no, sizeof s->tap_no, c->tap_no);
    str_copy(s->reason, sizeof s->reason, bill_skip_code(reason));
    str_copy(s->detail, sizeof s->detail, detail);
    *skipped = true;
    return true;
}

static int64_t day_no(const char *iso)
{
    civil_date d;
    return date_parse(iso, &d) ? date_to_days(d) : 0;
}

static void iso_of(int64_t days, char out[11])
{
    date_format_iso(date_from_days(days), out);
}

/* A service's pricing input: the tariff on the reading date and the
 * period's segments by days (domain/bill_segment.h): a tariff change when
 * the settings split it by days, the tap's diameter change always.
 * Returns the diameter the period ends at (the bill's). */
static int price_in(const bill_engine *g, const char *service, const bill_cand *c, int64_t from_day, int64_t to_day,
                    int64_t m3, bill_price_in *p)
{
    char on[11], first[11];
    iso_of(to_day, on);
    memset(p, 0, sizeof *p);
    p->t = bill_engine_tariff(g, service, on);
    p->m3 = m3;
    bill_segments_in si = {.from = from_day, .to = to_day, .t = p->t, .diameter = (int)c->diameter,
                           .dia_from = c->dc_from[0] ? day_no(c->dc_from) : 0, .dia_old = (int)c->dc_old};
    if (p->t && g->ctx->env->billing.change_by_days && to_day > from_day) {
        iso_of(from_day + 1, first);
        si.t_old = bill_engine_tariff(g, service, first);
        si.t_from = day_no(p->t->effective_from);
    }
    bill_segment seg[BILL_SEGMENTS_MAX];
    int n = bill_segments_of(&si, seg);
    if (n >= 2) {
        memcpy(p->seg, seg, sizeof seg);
        p->nseg = n;
    }
    return seg[n - 1].diameter;
}

int bill_engine_assemble(bill_engine *g, const bill_cand *c, int64_t usage_override, const char *kind,
                         bill_row *out, bill_engine_skip *sk, bool *skipped)
{
    *skipped = false;
    memset(out, 0, sizeof *out);
    char detail[256];
    if (c->customer_id == 0) {
        str_fmt(detail, sizeof detail, "検針日 %s に使用者（使用期間）がありません。", c->read_on);
        skip(sk, skipped, c, BILL_SKIP_NO_CUSTOMER, detail);
        return 0;
    }
    const bill_rules *rules = &g->ctx->env->billing;
    bill_period_in pin = {.monthly = strcmp(c->grp, "monthly") == 0, .read_day = day_no(c->read_on), .days = c->days,
                          .has_start = c->occ_start[0] != '\0', .start_day = day_no(c->occ_start),
                          .final = strcmp(kind, "final") == 0};
    int64_t usage = usage_override >= 0 ? usage_override : c->usage;
    bill_period_check_in chk = {.period = bill_period_of(&pin), .monthly = pin.monthly,
                                .ratio_pct = g->hold_long ? rules->max_period_pct : 0,
                                .confirmed = c->period_confirmed != 0, .bill_day = pin.read_day,
                                .read_day = pin.read_day, .usage = usage};
    bill_period_check verdict = bill_period_judge(&chk);
    if (verdict.hold) {
        char from[11], ratio[16];
        iso_of(chk.period.from, from);
        int64_t pct = rules->max_period_pct;
        if (pct % 100 == 0)
            str_fmt(ratio, sizeof ratio, "%lld", (long long)(pct / 100));
        else if (pct % 10 == 0)
            str_fmt(ratio, sizeof ratio, "%lld.%lld", (long long)(pct / 100), (long long)(pct % 100 / 10));
        else
            str_fmt(ratio, sizeof ratio, "%lld.%02lld", (long long)(pct / 100), (long long)(pct % 100));
        str_fmt(detail, sizeof detail,
                "使用期間 %s〜%s（%lld 日）が通常（%lld 日）の %s 倍を超えています。係長が確認すると次の調定処理で調定されます。",
                from, c->read_on, (long long)(chk.period.to - chk.period.from),
                (long long)bill_period_normal_days(pin.monthly), ratio);
        skip(sk, skipped, c, BILL_SKIP_LONG_PERIOD, detail);
        return 0;
    }
    bill_period per = verdict.period;
    int64_t from_day = per.from, to_day = per.to;
    int months = per.months, partial = per.partial_days;
    if (usage_override < 0)
        usage = verdict.usage;   /* prorated when the limitation cut the period */

    bill_calc_in in;
    memset(&in, 0, sizeof in);
    in.use = c->use_code;
    in.months = months;
    in.partial_days = partial;
    in.leak_m3 = c->leak_m3;
    in.diameter = price_in(g, "water", c, from_day, to_day, usage, &in.water);
    if (!in.water.t) {
        str_fmt(detail, sizeof detail, "検針日 %s に有効な水道料金表がありません。", c->read_on);
        skip(sk, skipped, c, BILL_SKIP_NO_TARIFF, detail);
        return 0;
    }
    bool sewer_self = strcmp(c->sewer, "self") == 0, sewer_none = strcmp(c->sewer, "none") == 0;
    int64_t sewer_m3 = 0;
    if (!sewer_none) {
        if (sewer_basis_parse(c->sewer_basis) == SEWER_BASIS_DEDUCT && c->deduct_m3 < 0) {
            str_fmt(detail, sizeof detail, "減量認定の水栓ですが、%s の減量水量が入力されていません。", c->cycle);
            skip(sk, skipped, c, BILL_SKIP_NO_DEDUCTION, detail);
            return 0;
        }
        sewer_m3 = bill_sewer_volume(c->sewer_basis, usage, c->deduct_m3, c->well_persons, rules->well_m3_per_person,
                                     months);
    }
    if (sewer_self) {
        price_in(g, "sewer", c, from_day, to_day, sewer_m3, &in.sewer);
        if (!in.sewer.t) {
            str_fmt(detail, sizeof detail, "検針日 %s に有効な下水道使用料表がありません。", c->read_on);
            skip(sk, skipped, c, BILL_SKIP_NO_TARIFF, detail);
            return 0;
        }
    }
    buf_t lines;
    buf_init(&lines, 0);
    bill_calc_out res = {.lines = &lines};
    char msg[256];
    if (bill_calc(&in, &res, msg, sizeof msg) != 0) {
        buf_free(&lines);
        skip(sk, skipped, c, BILL_SKIP_NO_CLASS, msg);
        return 0;
    }
    out->tap_id = c->tap_id;
    out->customer_id = c->customer_id;
    out->reading_id = c->reading_id;
    str_copy(out->tap_no, sizeof out->tap_no, c->tap_no);
    str_copy(out->cycle, sizeof out->cycle, c->cycle);
    str_copy(out->kind, sizeof out->kind, kind);
    str_copy(out->status, sizeof out->status, "current");
    iso_of(from_day, out->period_from);
    str_copy(out->period_to, sizeof out->period_to, c->read_on);
    out->days = to_day - from_day;
    out->months = months;
    str_copy(out->use_code, sizeof out->use_code, c->use_code);
    out->diameter = in.diameter;   /* on the reading day (a change dated on it: the next period's) */
    out->usage = usage;
    out->estimated = strcmp(c->kind, "estimated") == 0;
    str_copy(out->sewer_operator, sizeof out->sewer_operator, c->sewer);
    out->sewer_usage = sewer_m3;
    out->water_yen = res.water_yen;
    out->sewer_yen = res.sewer_yen;
    out->adjust_yen = res.adjust_yen;
    out->tax_yen = res.tax_yen;
    out->total_yen = res.total_yen;
    str_copy(out->water_tariff, sizeof out->water_tariff, in.water.t->id);
    str_copy(out->sewer_tariff, sizeof out->sewer_tariff, in.sewer.t ? in.sewer.t->id : "");
    out->lines = buf_steal(&lines, NULL);
    str_copy(out->issued_on, sizeof out->issued_on, c->read_on);
    civil_date due = bill_due_on(to_day, rules->due_days);
    date_format_iso(due, out->due_on);
    str_copy(out->created_by, sizeof out->created_by, g->ctx->actor.username[0] ? g->ctx->actor.username : "operator");
    out->created_at = date_now_unix();
    return 0;
}
