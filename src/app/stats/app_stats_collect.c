/* app_stats_collect — 収納統計 (docs/statistics.md 「収納統計」): what the
 * payments and set-offs paid of the bills in the period, by channel and by
 * month, split into 現年度分 and 過年度分 (the bill's 調定年度 — the
 * fiscal year of its cycle — against the fiscal year of the day posted);
 * the collection rates of the fiscal year of the period's last day, from
 * its first day to that day (現年度: the year's bills; 過年度: what was
 * unpaid of earlier bills at the year's start), with the write-offs; the
 * earlier years one by one; and the bills unpaid today by age. */
#include "app/stats/app_stats_reports.h"

#include <stdlib.h>
#include <string.h>

#include "app/collect/app_payment.h"
#include "base/buf.h"
#include "base/date.h"
#include "domain/stats/stat_labels.h"
#include "store/stats/stats_collect_store.h"

static const stat_col PAID_COLS[] = {
    {"allocations", "充当件数", STAT_COUNT, 0, 0},
    {"collected_yen", "収納額", STAT_YEN, 0, 0},
    {"current_yen", "うち現年度分", STAT_YEN, 0, 0},
    {"prior_yen", "うち過年度分", STAT_YEN, 0, 0},
};

enum { R_BILLED, R_COLLECTED, R_WRITTEN_OFF, R_UNPAID, R_RATE, R__N };
static const stat_col RATE_COLS[] = {
    {"billed_yen", "調定額", STAT_YEN, 0, 0},
    {"collected_yen", "収納額", STAT_YEN, 0, 0},
    {"written_off_yen", "不納欠損額", STAT_YEN, 0, 0},
    {"unpaid_yen", "未収額", STAT_YEN, 0, 0},
    {"rate_bp", "収納率", STAT_RATE, R_COLLECTED, R_BILLED},
};

static const stat_col AGE_COLS[] = {
    {"bills", "件数", STAT_COUNT, 0, 0},
    {"unpaid_yen", "未収額", STAT_YEN, 0, 0},
};

#define OOM(e) err_set(e, ERR_INTERNAL, NULL, NULL, "stats: out of memory")

/* The year of the period's last day and what the rates read. */
typedef struct year {
    int fy;
    char start[11];     /* its first day */
    char cycle[8];      /* its first cycle */
} year;

static bool current_of(const char *bill_cycle, const char *posted_month)
{
    int fy = stat_cycle_fiscal_year(posted_month);
    return fy >= 0 && stat_cycle_fiscal_year(bill_cycle) >= fy;
}

/* The channels and months of the period. */
static int paid(stat_report *r, const stats_alloc_cell *cells, size_t n, err_t *e)
{
    stat_section *ch = stat_section_add(r, "by_channel", "収納経路別（期間内）", "収納経路", PAID_COLS, 4);
    stat_section *mo = stat_section_add(r, "by_month", "計上月別（期間内）", "計上月", PAID_COLS, 4);
    if (!ch || !mo)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "stats: too many sections");
    for (size_t i = 0; i < n; i++) {
        const stats_alloc_cell *c = &cells[i];
        if (strcmp(c->month, r->period.first) < 0 || strcmp(c->month, r->period.last) > 0)
            continue;
        bool cur = current_of(c->cycle, c->month);
        int64_t v[4] = {c->allocations, c->amount, cur ? c->amount : 0, cur ? 0 : c->amount};
        char label[64];
        stat_month_label(c->month, label, sizeof label);
        const char *cl = strcmp(c->channel, "setoff") == 0 ? "過誤納充当" : app_payment_channel_label(c->channel);
        if (!stat_row_addv(ch, c->channel, cl, v, 4) || !stat_row_addv(mo, c->month, label, v, 4))
            return OOM(e);
    }
    stat_section_sort(mo);
    static const char *const ORDER[] = {"counter", "debit", "cvs", "app", "card", "bank", "setoff", NULL};
    return stat_section_order(ch, ORDER) ? 0 : OOM(e);
}

/* Add v to the earlier year of cycle in py and to the 過年度 row. */
static bool prior(stat_section *py, stat_row *pri, const char *cycle, int col, int64_t v)
{
    char key[8], label[64];
    int fy = stat_cycle_fiscal_year(cycle);
    str_fmt(key, sizeof key, "%d", fy);
    str_fmt(label, sizeof label, "%d年度調定分", fy);
    int64_t vals[R__N] = {0};
    vals[col] = v;
    pri->v[col] += v;
    return stat_row_addv(py, key, label, vals, R__N);
}

/* What the year's rates and the aging read beside the allocations cube. */
typedef struct year_rows {
    stats_store_row *billed, *open, *cwo, *paid, *after, *wo;
    size_t nb, no, ncwo, np, na, nw;
} year_rows;

static int year_rows_read(app_ctx *ctx, const stat_report *r, const year *y, year_rows *q, err_t *e)
{
    memset(q, 0, sizeof *q);
    int rc = stats_collect_store_billed(ctx->db, y->cycle, r->period.last, &q->billed, &q->nb, e);
    if (!rc)
        rc = stats_collect_store_open(ctx->db, &q->open, &q->no, e);
    if (!rc)
        rc = stats_collect_store_carry_written_off(ctx->db, y->start, y->cycle, &q->cwo, &q->ncwo, e);
    if (!rc)
        rc = stats_collect_store_paid_by_cycle(ctx->db, y->start, r->period.to_iso, &q->paid, &q->np, e);
    char next[11];
    date_format_iso(date_from_days(date_to_days(r->period.to) + 1), next);
    if (!rc)
        rc = stats_collect_store_paid_by_cycle(ctx->db, next, "9999-12-31", &q->after, &q->na, e);
    if (!rc)
        rc = stats_collect_store_writeoffs(ctx->db, y->start, r->period.to_iso, &q->wo, &q->nw, e);
    return rc;
}

static void year_rows_free(year_rows *q)
{
    free(q->billed);
    free(q->open);
    free(q->cwo);
    free(q->paid);
    free(q->after);
    free(q->wo);
}

/* The rows of the rates: 現年度 (the year's bills) and 過年度 (the carry-over:
 * unpaid now of the bills of earlier cycles open now or written off since
 * the start, plus all
 * allocated to earlier bills since the start — the cube's up to T, the rest
 * after T), and the earlier years one by one. */
static bool fill_rates(const stat_report *r, const year *y, const year_rows *q, stat_section *py, stat_row *cur,
                       stat_row *pri)
{
    bool ok = true;
    for (size_t i = 0; i < q->nb; i++)
        cur->v[R_BILLED] += q->billed[i].v[1];
    for (size_t i = 0; ok && i < q->no; i++)
        if (strcmp(q->open[i].label, y->cycle) < 0)
            ok = prior(py, pri, q->open[i].label, R_BILLED, q->open[i].v[1]);
    for (size_t i = 0; ok && i < q->ncwo; i++)
        ok = prior(py, pri, q->cwo[i].key, R_BILLED, q->cwo[i].v[1]);
    for (size_t i = 0; ok && i < q->na; i++)
        if (strcmp(q->after[i].key, y->cycle) < 0)
            ok = prior(py, pri, q->after[i].key, R_BILLED, q->after[i].v[1]);
    for (size_t i = 0; ok && i < q->np; i++) {
        const stats_store_row *p = &q->paid[i];
        if (strcmp(p->key, r->period.last) > 0)
            continue;
        if (strcmp(p->key, y->cycle) >= 0)
            cur->v[R_COLLECTED] += p->v[1];
        else
            ok = prior(py, pri, p->key, R_BILLED, p->v[1]) && prior(py, pri, p->key, R_COLLECTED, p->v[1]);
    }
    for (size_t i = 0; ok && i < q->nw; i++) {
        if (strcmp(q->wo[i].key, y->cycle) >= 0)
            cur->v[R_WRITTEN_OFF] += q->wo[i].v[1];
        else
            ok = prior(py, pri, q->wo[i].key, R_WRITTEN_OFF, q->wo[i].v[1]);
    }
    return ok;
}

/* The rates of the year: 現年度, 過年度, and the earlier years one by one. */
static int rates(stat_report *r, const year *y, const year_rows *q, err_t *e)
{
    stat_section *s = stat_section_add(r, "rates", "収納率（年度初日から期間末日までの累計）", "区分", RATE_COLS, R__N);
    stat_section *py = stat_section_add(r, "prior_years", "過年度分の内訳（調定年度別）", "調定年度", RATE_COLS, R__N);
    if (!s || !py)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "stats: too many sections");
    stat_row *cur = stat_row_add(s, "current", "現年度分"), *pri = stat_row_add(s, "prior", "過年度分");
    if (!cur || !pri || !fill_rates(r, y, q, py, cur, pri))
        return OOM(e);
    for (size_t k = 0; k < 2; k++) {
        stat_section *t = k ? py : s;
        for (size_t i = 0; i < t->n; i++)
            t->rows[i].v[R_UNPAID] = t->rows[i].v[R_BILLED] - t->rows[i].v[R_COLLECTED] - t->rows[i].v[R_WRITTEN_OFF];
        stat_section_sort(t);
    }
    return 0;
}

/* The bills unpaid today by their age (the open bills by due day). */
static int aging(stat_report *r, const year_rows *q, err_t *e)
{
    stat_section *s = stat_section_add(r, "aging", "未収金の経過期間（本日現在、納期限からの日数）", "経過期間", AGE_COLS, 2);
    if (!s)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "stats: too many sections");
    for (int k = 0; k < STAT_AGE_BUCKETS; k++)
        if (!stat_row_add(s, STAT_AGES[k].key, STAT_AGES[k].label))
            return OOM(e);
    int64_t today = date_to_days(date_today_jst());
    for (size_t i = 0; i < q->no; i++) {
        civil_date due;
        int64_t past = date_parse(q->open[i].key, &due) ? today - date_to_days(due) : 0;
        stat_row *row = &s->rows[stat_age_bucket_of(past)];
        row->v[0] += q->open[i].v[0];
        row->v[1] += q->open[i].v[1];
    }
    return 0;
}

static void headlines(stat_report *r)
{
    const stat_section *ch = stat_section_get(r, "by_channel"), *rt = stat_section_get(r, "rates"),
                       *ag = stat_section_get(r, "aging");
    stat_headline_add(r, "collected_yen", "収納額（期間内）", STAT_YEN, ch->total.v[1]);
    stat_headline_add(r, "current_collected_yen", "うち現年度分", STAT_YEN, ch->total.v[2]);
    stat_headline_add(r, "prior_collected_yen", "うち過年度分", STAT_YEN, ch->total.v[3]);
    stat_headline_add(r, "current_billed_yen", "現年度 調定額（累計）", STAT_YEN, rt->rows[0].v[R_BILLED]);
    stat_headline_add(r, "current_ytd_yen", "現年度 収納額（累計）", STAT_YEN, rt->rows[0].v[R_COLLECTED]);
    stat_headline_add(r, "current_rate_bp", "現年度 収納率", STAT_RATE, rt->rows[0].v[R_RATE]);
    stat_headline_add(r, "prior_billed_yen", "過年度 繰越調定額", STAT_YEN, rt->rows[1].v[R_BILLED]);
    stat_headline_add(r, "prior_ytd_yen", "過年度 収納額（累計）", STAT_YEN, rt->rows[1].v[R_COLLECTED]);
    stat_headline_add(r, "prior_rate_bp", "過年度 収納率", STAT_RATE, rt->rows[1].v[R_RATE]);
    stat_headline_add(r, "unpaid_yen", "未収額（本日現在）", STAT_YEN, ag->total.v[1]);
}

int app_stats_collect(app_ctx *ctx, stat_report *r, err_t *e)
{
    year y;
    y.fy = stat_fiscal_year(r->period.to);
    str_fmt(y.start, sizeof y.start, "%04d-04-01", y.fy);
    str_fmt(y.cycle, sizeof y.cycle, "%04d-04", y.fy);
    stats_alloc_cell *cells = NULL;
    size_t n = 0;
    int rc = stats_collect_store_allocs(ctx->db, r->period.from_iso, r->period.to_iso, &cells, &n, e);
    if (!rc)
        rc = paid(r, cells, n, e);
    free(cells);
    year_rows q;
    if (!rc)
        rc = year_rows_read(ctx, r, &y, &q, e);
    else
        memset(&q, 0, sizeof q);
    if (!rc)
        rc = rates(r, &y, &q, e);
    if (!rc)
        rc = aging(r, &q, e);
    year_rows_free(&q);
    if (rc)
        return rc;
    stat_report_finish(r);
    headlines(r);
    r->note = "収納額は入金と過誤納充当のうち調定に充てた額（未消込・過誤納は含みません）。現年度分・過年度分は調定周期の"
              "年度（調定年度）と計上日の年度で分けます。収納率は期間末日の年度の初日から期間末日までの累計で、現年度は"
              "その年度の調定額、過年度は年度初日に未収だった額（繰越調定額）に対する割合です。";
    r->chart_sec = r->period.months > 1 ? 1 : 0;
    r->chart_col = 1;
    r->chart_title = r->period.months > 1 ? "収納額の推移（計上月別）" : "収納額（経路別）";
    return 0;
}
