/* app_demo_pay — the demo city's payment history: every billed cycle's
 * bills paid the way a real city pays them (see app.h).
 *
 * Each tap has a way of paying, stable per tap: direct debit for about two
 * thirds, slips at convenience stores, banks or by smartphone app, or a
 * card.  A debit is taken on the due date and fails now and then (the bill
 * is then paid by slip weeks later, or not at all); slips are paid between
 * issue and a little after the due date, a few never; a handful of
 * customers pay twice (the second payment is credit), and a few pay an old
 * slip's amount (suspense).  Only what has happened before today is
 * posted; a cycle's payments go through app_payment_post_exact_many_tx as
 * an import's do (what app_payment_post_tx would write one by one, written
 * a batch at a time), keyed "demo-<bill>", so the job can be run again and
 * resumes.  A mandate whose debit was requested and answered in a past
 * cycle (gone through, or refused for lack of funds: the demo's failures)
 * is marked as a debit result marks it (first_done), in that cycle's
 * transaction, so that the next request flags only mandates never debited. */
#include "app/collect/app_bank.h"
#include "app/collect/app_mandate.h"
#include "app/collect/app_payment.h"
#include "app/app_operator.h"
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/stop.h"
#include "domain/demo_gen.h"
#include "domain/bill_rules.h"
#include "domain/role.h"
#include "store/billing/bill_store.h"
#include "store/registry/customer_store.h"
#include "store/collect/mandate_store.h"
#include "store/registry/tap_store.h"

static const char *tap_channel(uint64_t seed, int64_t tap_id)
{
    demo_rng r;
    demo_rng_seed(&r, seed * 1000003u + (uint64_t)tap_id);
    uint32_t d = demo_rng_below(&r, 100);
    return d < 66 ? PAY_DEBIT : d < 84 ? PAY_CVS : d < 89 ? PAY_APP : d < 96 ? PAY_CARD : PAY_BANK;
}

static void add_days(const char *iso, int64_t days, char out[11])
{
    civil_date d;
    if (!date_parse(iso, &d)) {
        str_copy(out, 11, iso);
        return;
    }
    date_format_iso(date_from_days(date_to_days(d) + days), out);
}

/* A cycle's payments, gathered in the order they are made and then posted
 * together (app_payment_post_exact_many_tx: what one by one would write). */
typedef struct demo_pay {
    char ref[48], paid_on[11], posted_on[11];
    const char *channel;
    int64_t bill_id, amount;
} demo_pay;
typedef struct demo_pays {
    demo_pay *p;
    size_t n, cap;
    /* the (tap, customer) pairs debited this cycle: their mandates' first debit is done */
    int64_t *dtap, *dcust;
    size_t nd, dcap;
    int64_t *marked;   /* by tap id: the customer marked in an earlier cycle of this run */
    size_t nmarked;
} demo_pays;

/* Note a debit requested and answered for bill b (once a tap and customer per run). */
static int debited(demo_pays *q, const bill_row *b, err_t *e)
{
    size_t t = (size_t)b->tap_id;
    if (t >= q->nmarked) {
        size_t nm = t * 2 + 1024;
        int64_t *m = realloc(q->marked, nm * sizeof *m);
        if (!m)
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        memset(m + q->nmarked, 0, (nm - q->nmarked) * sizeof *m);
        q->marked = m;
        q->nmarked = nm;
    }
    if (q->marked[t] == b->customer_id)
        return 0;
    if (q->nd == q->dcap) {
        size_t cap = q->dcap ? q->dcap * 2 : 1024;
        int64_t *a = realloc(q->dtap, cap * sizeof *a);
        if (a)
            q->dtap = a;
        int64_t *c = a ? realloc(q->dcust, cap * sizeof *c) : NULL;
        if (!c)
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        q->dcust = c;
        q->dcap = cap;
    }
    q->dtap[q->nd] = b->tap_id;
    q->dcust[q->nd++] = b->customer_id;
    return 0;
}

/* Gather one payment if it happened before today. */
static int pay(demo_pays *q, const bill_row *b, const char *channel, const char *paid_on, int64_t amount,
               const char *tag, const char *today, err_t *e)
{
    if (strcmp(paid_on, today) >= 0)
        return 0;
    if (q->n == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 1024;
        demo_pay *p = realloc(q->p, cap * sizeof *p);
        if (!p)
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        q->p = p;
        q->cap = cap;
    }
    demo_pay *d = &q->p[q->n++];
    str_fmt(d->ref, sizeof d->ref, "demo-%lld%s", (long long)b->id, tag);
    /* agents' confirmations arrive a couple of days later; other channels post the same day */
    add_days(paid_on, strcmp(channel, PAY_CVS) == 0 || strcmp(channel, PAY_APP) == 0 ? 2 : 0, d->posted_on);
    if (strcmp(d->posted_on, today) >= 0)
        str_copy(d->posted_on, sizeof d->posted_on, paid_on);
    str_copy(d->paid_on, sizeof d->paid_on, paid_on);
    d->channel = channel;
    d->bill_id = b->id;
    d->amount = amount;
    return 0;
}

/* Post the payments gathered, in order; *posted counts those not seen before. */
static int post_pays(app_ctx *ctx, const demo_pays *q, int64_t *posted, err_t *e)
{
    if (q->n == 0)
        return 0;
    app_pay_in *in = calloc(q->n, sizeof *in);
    app_pay_out *out = calloc(q->n, sizeof *out);
    int rc = in && out ? 0 : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < q->n; i++) {
        const demo_pay *d = &q->p[i];
        in[i] = (app_pay_in){.channel = d->channel, .bill_id = d->bill_id, .amount = d->amount, .paid_on = d->paid_on,
                             .posted_on = d->posted_on, .ref = d->ref, .exact = true};
    }
    if (!rc)
        rc = app_payment_post_exact_many_tx(ctx, in, q->n, out, e);
    for (size_t i = 0; !rc && i < q->n; i++)
        if (!out[i].duplicate)
            (*posted)++;
    free(in);
    free(out);
    return rc;
}

static int pay_bill(demo_pays *q, uint64_t seed, const bill_row *b, const char *today, err_t *e)
{
    int64_t owed = bill_balance(b->total_yen, b->paid_yen);
    if (owed <= 0)
        return 0;
    demo_rng r;
    demo_rng_seed(&r, seed * 7919u + (uint64_t)b->id);
    uint32_t d = demo_rng_below(&r, 1000);
    const char *ch = tap_channel(seed, b->tap_id);
    char on[11];
    int rc = 0;
    if (strcmp(ch, PAY_DEBIT) == 0 && strcmp(b->due_on, today) < 0 && (rc = debited(q, b, e)))
        return rc;
    if (strcmp(ch, PAY_DEBIT) == 0 || strcmp(ch, PAY_CARD) == 0) {
        if (d < 30 && strcmp(ch, PAY_DEBIT) == 0) {
            /* the debit failed: paid by slip three to six weeks later, or not yet */
            if (d < 20) {
                add_days(b->due_on, 21 + demo_rng_below(&r, 21), on);
                rc = pay(q, b, PAY_CVS, on, owed, "", today, e);
            }
            return rc;
        }
        return pay(q, b, ch, b->due_on, owed, "", today, e);
    }
    if (d < 60)
        return 0;   /* not paid: arrears for the later work on collections */
    add_days(b->issued_on, 3 + demo_rng_below(&r, 30), on);
    if (d < 64) {
        /* an old slip's amount: the money waits in suspense for a person */
        return pay(q, b, ch, on, owed > 1000 ? owed - 500 : owed + 500, "", today, e);
    }
    rc = pay(q, b, ch, on, owed, "", today, e);
    if (!rc && d >= 995) {
        /* paid twice (a debit started meanwhile): the second is credit */
        add_days(b->due_on, 0, on);
        rc = pay(q, b, PAY_DEBIT, on, owed, "-twice", today, e);
    }
    return rc;
}

/* Banks the demo's customers pay from: the local bank's head office and
 * city-hall branch, city banks, ゆうちょ — codes, names and カナ as the
 * zengin-code data publishes them.  The demo adds only these to the bank
 * master (reading the whole 5 MB data cost every demo a third of a second);
 * `suido bank import` loads the rest, as `make run` does. */
static const app_bank_seed_row DEMO_BANKS[] = {
    {"0142", "山梨中央", "ヤマナシチユウオウ", "101", "本店営業部", "ホンテン"},
    {"0142", "山梨中央", "ヤマナシチユウオウ", "102", "甲府市役所出張所", "コウフシヤクシヨ"},
    {"0001", "みずほ", "ミズホ", "001", "東京営業部", "トウキヨウ"},
    {"0005", "三菱ＵＦＪ", "ミツビシユ－エフジエイ", "001", "本店", "ホンテン"},
    {"0009", "三井住友", "ミツイスミトモ", "001", "神保町", "ジンボウチヨウ"},
    {"9900", "ゆうちょ", "ユウチヨ", "018", "〇一八", "ゼロイチハチ"},
};
#define DEMO_NBANKS (sizeof DEMO_BANKS / sizeof DEMO_BANKS[0])

enum { DEMO_MANDATES_PER_TX = 256 };

/* The mandate of tap id (a debit tap with a customer and none yet), in the caller's
 * transaction; a mandate the checks refuse is skipped, as the clerk's screen would refuse it. */
static int demo_mandate_one(app_ctx *ctx, uint64_t seed, int64_t id, tap_row *t, customer_row *cu, int64_t *made,
                            err_t *e)
{
    occupancy_row o;
    mandate_row m;
    if (tap_store_get(ctx->db, id, t, NULL) != 0 || occupancy_store_current(ctx->db, id, &o, NULL) != 0 ||
        mandate_store_open(ctx->db, id, &m, NULL) == 0 || customer_store_get(ctx->db, o.customer_id, cu, NULL) != 0)
        return 0;
    char *kana = crypto_open(ctx->env->keys, cu->kana_enc);
    demo_rng r;
    demo_rng_seed(&r, seed * 31337u + (uint64_t)id);
    const app_bank_seed_row *acct = &DEMO_BANKS[demo_rng_below(&r, DEMO_NBANKS)];
    char number[8];
    str_fmt(number, sizeof number, "%07u", 1000000u + demo_rng_below(&r, 8999999u));
    app_mandate_in in = {.tap_no = t->tap_no, .bank = acct->bank, .branch = acct->branch, .account_type = "1",
                         .account = number, .holder = kana ? kana : "", .start_on = o.start_on};
    int64_t mid = 0;
    err_t e2;
    err_clear(&e2);
    int rc = app_mandate_add_tx(ctx, &in, &mid, &e2);
    free(kana);
    if (!rc) {
        (*made)++;
        return 0;
    }
    if (rc == ERR_INVALID || rc == ERR_NOTFOUND)   /* refused before any write */
        return 0;
    if (e)
        *e = e2;
    return rc;
}

/* A debit tap and the day its present customer moved in. */
typedef struct demo_debit_tap {
    char start_on[11];
    int64_t id;
} demo_debit_tap;

static int debit_tap_cmp(const void *a, const void *b)
{
    const demo_debit_tap *x = a, *y = b;
    int c = strcmp(x->start_on, y->start_on);
    return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* A mandate (口座振替依頼書) for every tap that pays by direct debit, in the
 * name of its present customer, registered like any other (app_mandate_add_tx:
 * checked against the bank master, sealed, audited).  The demo's banks are
 * added to the bank master first where it lacks them.  They are registered in
 * the order their customers moved in, as a utility receives them, so that a
 * mandate's id follows its registration: the newest mandates (those not yet
 * debited) are the last rows of the table, not scattered through it. */
static int demo_mandates(app_ctx *ctx, uint64_t seed, int64_t *made, err_t *e)
{
    *made = 0;
    int64_t seeded = 0;
    int rc = app_bank_seed(ctx, DEMO_BANKS, DEMO_NBANKS, &seeded, e);
    if (rc)
        return rc;
    int64_t ntaps = 0;
    rc = tap_store_count(ctx->db, &ntaps, e);
    tap_row *t = malloc(sizeof *t);
    customer_row *cu = malloc(sizeof *cu);
    demo_debit_tap *order = malloc(sizeof *order * (size_t)(ntaps > 0 ? ntaps : 1));
    if (!t || !cu || !order)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    size_t n = 0;
    for (int64_t id = 1; !rc && id <= ntaps; id++) {
        occupancy_row o;
        if (strcmp(tap_channel(seed, id), PAY_DEBIT) != 0 || occupancy_store_current(ctx->db, id, &o, NULL) != 0)
            continue;
        order[n].id = id;
        memcpy(order[n].start_on, o.start_on, sizeof o.start_on);
        n++;
    }
    qsort(order, n, sizeof *order, debit_tap_cmp);
    /* DEMO_MANDATES_PER_TX taps to a transaction (one each before: on PostgreSQL their commits
     * were most of the phase); the same rows in the same order.  A killed run keeps whole
     * transactions, and a rerun skips the taps that have a mandate already. */
    int64_t in_tx = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        if (!in_tx && (rc = db_begin(ctx->db, e)))
            break;
        rc = demo_mandate_one(ctx, seed, order[i].id, t, cu, made, e);
        if (rc || ++in_tx == DEMO_MANDATES_PER_TX) {
            rc = app_tx_end(ctx, rc, e);
            in_tx = 0;
        }
    }
    if (in_tx)
        rc = app_tx_end(ctx, rc, e);
    free(order);
    free(t);
    free(cu);
    return rc;
}

static int cycle_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int app_demo_payment_history(app_ctx *ctx, uint64_t seed, void (*progress)(const char *cycle, void *arg), void *arg,
                             int64_t *posted, err_t *e)
{
    *posted = 0;
    int rc = app_require(ctx, PERM_JOB_RUN, e);
    if (rc)
        return rc;
    int64_t mandates = 0;
    if ((rc = demo_mandates(ctx, seed, &mandates, e)))
        return rc;
    char **cycles = NULL;
    size_t n = 0;
    if ((rc = bill_store_cycles(ctx->db, &cycles, &n, e)))
        return rc;
    qsort(cycles, n, sizeof *cycles, cycle_cmp);
    demo_pays q = {0};
    char today[11];
    date_format_iso(date_today_jst(), today);
    for (size_t i = 0; !rc && i < n; i++) {
        if (progress)
            progress(cycles[i], arg);
        bill_row *rows = NULL;
        size_t k = 0;
        /* one transaction per cycle: a killed run leaves whole cycles, and a
         * rerun skips what is posted ("demo-<bill>" refs) */
        if ((rc = db_begin(ctx->db, e)))
            break;
        db_bulk(ctx->db, true);
        rc = bill_store_list_cycle(ctx->db, cycles[i], &rows, &k, e);
        q.n = q.nd = 0;
        for (size_t j = 0; !rc && j < k; j++)
            rc = pay_bill(&q, seed, &rows[j], today, e);
        if (!rc)
            rc = post_pays(ctx, &q, posted, e);
        if (!rc)
            rc = mandate_store_first_done_many(ctx->db, q.dtap, q.dcust, q.nd, e);
        for (size_t j = 0; !rc && j < q.nd; j++)
            q.marked[q.dtap[j]] = q.dcust[j];
        bill_store_rows_free(rows, k);
        rc = app_tx_end(ctx, rc, e);
        db_bulk(ctx->db, false);
        /* The tables grow from nothing here, a cycle at a time, faster than autovacuum
         * samples them: on PostgreSQL a late charge's look-up of the batch's allocations,
         * planned for an empty payments table, scanned every payment once per batch (278 ms a
         * batch at 57,000 payments, growing with each cycle).  Planned for what they hold. */
        if (!rc && (rc = db_analyze(ctx->db, "payments", e)) == 0)
            rc = db_analyze(ctx->db, "allocations", e);
        if (!rc && i + 1 < n && stop_requested())   /* between cycles: whole cycles only */
            rc = err_set(e, ERR_STOPPED, NULL, "停止の指示により過去の入金の作成を途中で止めました。",
                         "stop requested (signal %d) after %zu of %zu cycles", stop_signal(), i + 1, n);
    }
    free(q.p);
    free(q.dtap);
    free(q.dcust);
    free(q.marked);
    for (size_t i = 0; i < n; i++)
        free(cycles[i]);
    free(cycles);
    return rc;
}
