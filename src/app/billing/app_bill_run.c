/* app_bill_run — the billing run of a cycle (調定処理), a resumable job (see
 * app.h).
 *
 * Kill-safety: the candidates are the accepted readings without a current
 * bill, so whatever a killed run committed is simply not a candidate any
 * more; each chunk of taps is one transaction (bills, skip records and the
 * run's progress together), so no half-written bill is ever visible.  A run
 * left "running" by a process that no longer exists (or whose heartbeat is
 * older than ten minutes) is marked "interrupted" when the next one starts. */
#include "app/app.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/billing/bill_engine.h"
#include "app/billing/app_bill.h"
#include "app/reading/app_reading.h"
#include "store/db.h"
#include "base/date.h"
#include "base/jsonw.h"
#include "base/stop.h"
#include "domain/role.h"
#include "store/billing/bill_run_store.h"
#include "store/billing/bill_store.h"

const char *app_bill_skip_label(const char *reason)
{
    int r = bill_skip_parse(reason);
    return r < 0 ? reason : bill_skip_label(r);
}

static void add_bill(app_bill_summary *s, const bill_row *b)
{
    s->billed++;
    s->water_bills++;
    s->water_m3 += b->usage;
    s->water_yen += b->water_yen;
    if (strcmp(b->sewer_operator, "self") == 0) {
        s->sewer_bills++;
        s->sewer_m3 += b->sewer_usage;
        s->sewer_yen += b->sewer_yen;
    } else if (strcmp(b->sewer_operator, "none") != 0) {
        s->other_sewer_m3 += b->sewer_usage;
    }
    s->adjust_yen += b->adjust_yen;
    s->tax_yen += b->tax_yen;
    s->total_yen += b->total_yen;
    s->estimated += b->estimated;
    app_bill_group *g = NULL;
    for (size_t i = 0; i < s->ngroups && !g; i++)
        if (s->groups[i].diameter == b->diameter && strcmp(s->groups[i].use, b->use_code) == 0)
            g = &s->groups[i];
    if (!g && s->ngroups < APP_BILL_GROUPS) {
        g = &s->groups[s->ngroups++];
        str_copy(g->use, sizeof g->use, b->use_code);
        g->diameter = b->diameter;
    }
    if (!g)
        return;
    g->bills++;
    g->usage += b->usage;
    g->water_yen += b->water_yen;
    g->sewer_yen += b->sewer_yen;
    g->adjust_yen += b->adjust_yen;
    g->tax_yen += b->tax_yen;
    g->total_yen += b->total_yen;
}

static int group_cmp(const void *a, const void *b)
{
    const app_bill_group *x = a, *y = b;
    int c = strcmp(x->use, y->use);
    return c ? c : (x->diameter > y->diameter) - (x->diameter < y->diameter);
}

char *app_bill_summary_json(const app_bill_summary *s)
{
    buf_t b;
    buf_init(&b, 0);
    jsonw w;
    jsonw_begin(&w, &b);
    jsonw_object(&w);
    jsonw_kv_int(&w, "run_id", s->run_id);
    jsonw_kv_string(&w, "cycle", s->cycle);
    jsonw_kv_string(&w, "group", s->grp);
    jsonw_kv_bool(&w, "dry_run", s->dry_run);
    jsonw_kv_int(&w, "candidates", s->candidates);
    jsonw_kv_int(&w, "billed", s->billed);
    jsonw_kv_int(&w, "skipped", s->skipped);
    jsonw_kv_int(&w, "estimated", s->estimated);
    jsonw_key(&w, "water");
    jsonw_object(&w);
    jsonw_kv_int(&w, "bills", s->water_bills);
    jsonw_kv_int(&w, "m3", s->water_m3);
    jsonw_kv_int(&w, "yen", s->water_yen);
    jsonw_end_object(&w);
    jsonw_key(&w, "sewer");
    jsonw_object(&w);
    jsonw_kv_int(&w, "bills", s->sewer_bills);
    jsonw_kv_int(&w, "m3", s->sewer_m3);
    jsonw_kv_int(&w, "yen", s->sewer_yen);
    jsonw_kv_int(&w, "other_operators_m3", s->other_sewer_m3);
    jsonw_end_object(&w);
    jsonw_kv_int(&w, "adjust_yen", s->adjust_yen);
    jsonw_kv_int(&w, "tax_yen", s->tax_yen);
    jsonw_kv_int(&w, "total_yen", s->total_yen);
    jsonw_key(&w, "skips");
    jsonw_object(&w);
    for (int i = 0; i < BILL_SKIP__MAX; i++)
        if (s->skip_counts[i])
            jsonw_kv_int(&w, bill_skip_code(i), s->skip_counts[i]);
    jsonw_end_object(&w);
    jsonw_key(&w, "by_use_diameter");
    jsonw_array(&w);
    for (size_t i = 0; i < s->ngroups; i++) {
        const app_bill_group *g = &s->groups[i];
        jsonw_object(&w);
        jsonw_kv_string(&w, "use", g->use);
        jsonw_kv_int(&w, "diameter", g->diameter);
        jsonw_kv_int(&w, "bills", g->bills);
        jsonw_kv_int(&w, "m3", g->usage);
        jsonw_kv_int(&w, "water_yen", g->water_yen);
        jsonw_kv_int(&w, "sewer_yen", g->sewer_yen);
        jsonw_kv_int(&w, "adjust_yen", g->adjust_yen);
        jsonw_kv_int(&w, "tax_yen", g->tax_yen);
        jsonw_kv_int(&w, "total_yen", g->total_yen);
        jsonw_end_object(&w);
    }
    jsonw_end_array(&w);
    jsonw_end_object(&w);
    return buf_steal(&b, NULL);
}

/* Mark runs whose process is gone (same host: the pid no longer exists) or
 * whose heartbeat stopped ten minutes ago as interrupted; ERR_CONFLICT when a
 * live one remains. */
static int reap_runs(app_ctx *ctx, err_t *e)
{
    bill_run_row *rows = NULL;
    size_t n = 0;
    int rc = bill_run_list_running(ctx->db, &rows, &n, e);
    int64_t now = date_now_unix();
    bool live = false;
    for (size_t i = 0; !rc && i < n; i++) {
        bool gone = now - rows[i].heartbeat_at > 600 ||
                    (rows[i].pid > 0 && kill((pid_t)rows[i].pid, 0) != 0 && errno == ESRCH);
        if (gone)
            rc = bill_run_set_status(ctx->db, rows[i].id, "interrupted", e);
        else
            live = true;
    }
    bill_run_rows_free(rows, n);
    if (!rc && live)
        rc = err_set(e, ERR_CONFLICT, NULL, "別の調定処理が実行中です。終わってから実行してください。", "a run is live");
    return rc;
}

/* One chunk of candidates in its own transaction. */
/* Taps of the cycle recorded as skipped by an earlier run (sorted): only
 * those need their record cleared when billed now. */
typedef struct skip_set {
    int64_t *ids;
    size_t n;
} skip_set;

static int id_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int skip_set_load(app_ctx *ctx, const char *cycle, skip_set *set, err_t *e)
{
    bill_skip *k = NULL;
    size_t n = 0;
    set->ids = NULL;
    set->n = 0;
    int rc = bill_store_skips(ctx->db, cycle, 10000000, &k, &n, e);
    if (rc || n == 0) {
        free(k);
        return rc;
    }
    set->ids = malloc(n * sizeof *set->ids);
    if (!set->ids) {
        free(k);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        set->ids[i] = k[i].tap_id;
    set->n = n;
    free(k);
    qsort(set->ids, n, sizeof *set->ids, id_cmp);
    return 0;
}

static bool skip_set_has(const skip_set *set, int64_t id)
{
    return set->n && bsearch(&id, set->ids, set->n, sizeof id, id_cmp) != NULL;
}

/* One chunk priced: its bills and the taps it could not bill.  Pricing
 * touches no database, so the next chunk is priced on a second thread while
 * this one is written (the machine has at least two cores). */
typedef struct priced_chunk {
    const bill_cand *cands;
    size_t n;
    bill_engine *g;
    int64_t run_id;
    bill_row *bills;
    size_t nbills;
    bill_engine_skip *skips;
    size_t nskips;
    bool oom;
} priced_chunk;

static void *price_chunk(void *arg)
{
    priced_chunk *p = arg;
    p->bills = calloc(p->n ? p->n : 1, sizeof *p->bills);
    p->skips = calloc(p->n ? p->n : 1, sizeof *p->skips);
    p->nbills = p->nskips = 0;
    p->oom = !p->bills || !p->skips;
    for (size_t i = 0; !p->oom && i < p->n; i++) {
        bool skipped = false;
        bill_row *b = &p->bills[p->nbills];
        bill_engine_assemble(p->g, &p->cands[i], -1, "regular", b, &p->skips[p->nskips], &skipped);
        if (skipped) {
            p->skips[p->nskips++].row.run_id = p->run_id;
        } else {
            b->run_id = p->run_id;
            p->nbills++;
        }
    }
    return NULL;
}

static void priced_free(priced_chunk *p)
{
    for (size_t i = 0; p->bills && i < p->nbills; i++)
        bill_row_clear(&p->bills[i]);
    free(p->bills);
    free(p->skips);
    p->bills = NULL;
    p->skips = NULL;
    p->nbills = p->nskips = 0;
}

/* Write one priced chunk in its own transaction (nothing in a dry run). */
static int write_chunk(app_ctx *ctx, const priced_chunk *p, bool dry_run, const skip_set *skipped_before,
                       const app_bill_hooks *hooks, app_bill_summary *s, err_t *e)
{
    if (p->oom)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = dry_run ? 0 : db_begin(ctx->db, e);
    for (size_t i = 0; !rc && i < p->nskips; i++) {
        s->skipped++;
        s->skip_counts[p->skips[i].reason]++;
        if (!dry_run)
            rc = bill_store_skip_put(ctx->db, &p->skips[i].row, e);
    }
    for (size_t i = 0; !rc && i < p->nbills; i++) {
        const bill_row *b = &p->bills[i];
        if (!dry_run && skip_set_has(skipped_before, b->tap_id))
            rc = bill_store_skip_clear(ctx->db, b->cycle, b->tap_id, e);
        add_bill(s, b);
        if (hooks && hooks->bill)
            hooks->bill(hooks->arg, b->tap_no, b->usage, b->water_yen, b->sewer_yen, b->total_yen);
    }
    /* the chunk's bills in multi-row statements (one round trip per batch) */
    if (!rc && !dry_run)
        rc = bill_store_insert_many(ctx->db, p->bills, p->nbills, e);
    if (dry_run)
        return rc;
    if (!rc)
        rc = bill_run_progress(ctx->db, s->run_id, s->billed + s->skipped, s->billed, s->skipped, date_now_unix(), e);
    return app_tx_end(ctx, rc, e);
}

/* Price and write every candidate, chunk by chunk: chunk k+1 is priced on
 * a helper thread while chunk k is written. */
static int run_chunks(app_ctx *ctx, bill_engine *g, const bill_cand *cands, size_t nc, bool dry_run,
                      const skip_set *skipped_before, const app_bill_hooks *hooks, app_bill_summary *s, err_t *e)
{
    size_t chunk = (size_t)ctx->env->billing.chunk;
    priced_chunk cur = {.cands = cands, .n = nc < chunk ? nc : chunk, .g = g, .run_id = s->run_id};
    price_chunk(&cur);
    int rc = 0;
    for (size_t at = 0; !rc && at < nc;) {
        size_t next_at = at + cur.n;
        priced_chunk next = {.cands = cands + next_at, .n = nc - next_at < chunk ? nc - next_at : chunk, .g = g,
                             .run_id = s->run_id};
        pthread_t th;
        bool threaded = next.n > 0 && pthread_create(&th, NULL, price_chunk, &next) == 0;
        rc = write_chunk(ctx, &cur, dry_run, skipped_before, hooks, s, e);
        if (threaded)
            pthread_join(th, NULL);
        else if (next.n > 0)
            price_chunk(&next);
        priced_free(&cur);
        if (!rc && hooks && hooks->progress)
            hooks->progress(hooks->arg, s->billed + s->skipped, s->candidates, s->billed, s->skipped);
        cur = next;
        at = next_at;
        if (!rc && at < nc && stop_requested())   /* between chunks: what is written is whole bills */
            rc = err_set(e, ERR_STOPPED, NULL,
                         "停止の指示により調定処理を途中で止めました（調定済みの分は登録済みです）。"
                         "同じ調定処理をもう一度実行すると残りを調定します。",
                         "stop requested (signal %d) after %zu of %zu taps", stop_signal(), at, nc);
    }
    priced_free(&cur);
    return rc;
}

int app_bill_run(app_ctx *ctx, const char *cycle, const char *grp, bool dry_run, const app_bill_hooks *hooks,
                 app_bill_summary *s, err_t *e)
{
    memset(s, 0, sizeof *s);
    int rc = app_require(ctx, PERM_JOB_RUN, e);
    if (rc)
        return rc;
    int y, m;
    if ((rc = app_cycle_field(cycle, &y, &m, e)))
        return rc;
    if (!grp || (strcmp(grp, "odd") && strcmp(grp, "even") && strcmp(grp, "monthly") && strcmp(grp, "all")))
        return err_field(e, "group", "検針グループは odd・even・monthly・all のいずれかを指定してください。");
    str_copy(s->cycle, sizeof s->cycle, cycle);
    str_copy(s->grp, sizeof s->grp, grp);
    s->dry_run = dry_run;
    double t0 = date_mono_seconds();

    bill_engine g;
    if ((rc = bill_engine_init(&g, ctx, e)))
        return rc;
    g.hold_long = true;
    bill_cand *cands = NULL;
    bill_held *held = NULL;
    skip_set skipped_before = {NULL, 0};
    size_t nc = 0, nh = 0;
    if ((rc = db_begin_read(ctx->db, e)))
        goto out;
    rc = bill_store_candidates(ctx->db, cycle, grp, &cands, &nc, e);
    if (!rc)
        rc = bill_store_held(ctx->db, cycle, grp, &held, &nh, e);
    if (!rc)
        rc = skip_set_load(ctx, cycle, &skipped_before, e);
    db_end_read(ctx->db);
    if (rc)
        goto out;
    s->candidates = (int64_t)(nc + nh);

    if (!dry_run) {
        if (!(rc = db_begin(ctx->db, e)) && !(rc = reap_runs(ctx, e))) {
            bill_run_row r;
            memset(&r, 0, sizeof r);
            str_copy(r.cycle, sizeof r.cycle, cycle);
            str_copy(r.grp, sizeof r.grp, grp);
            str_copy(r.status, sizeof r.status, "running");
            str_copy(r.started_by, sizeof r.started_by, ctx->actor.username);
            r.started_at = date_now_unix();
            r.total_taps = s->candidates;
            r.pid = (int64_t)getpid();
            rc = bill_run_insert(ctx->db, &r, &s->run_id, e);
        }
        if ((rc = app_tx_end(ctx, rc, e)))
            goto out;
    }
    /* Held taps first: recorded as skipped in one transaction. */
    if (nh) {
        rc = dry_run ? 0 : db_begin(ctx->db, e);
        for (size_t i = 0; !rc && i < nh; i++) {
            bill_skip k;
            memset(&k, 0, sizeof k);
            str_copy(k.cycle, sizeof k.cycle, cycle);
            k.tap_id = held[i].tap_id;
            str_copy(k.reason, sizeof k.reason, bill_skip_code(BILL_SKIP_HELD));
            str_copy(k.detail, sizeof k.detail, "検針値が保留中です（確認または再検針が必要です）。");
            k.run_id = s->run_id;
            s->skipped++;
            s->skip_counts[BILL_SKIP_HELD]++;
            if (!dry_run)
                rc = bill_store_skip_put(ctx->db, &k, e);
        }
        if (!dry_run)
            rc = app_tx_end(ctx, rc, e);
        if (rc)
            goto out;
    }
    if (!dry_run)
        db_bulk(ctx->db, true);
    rc = run_chunks(ctx, &g, cands, nc, dry_run, &skipped_before, hooks, s, e);
    if (!dry_run)
        db_bulk(ctx->db, false);
    if (rc && s->run_id) {
        err_t e2;
        err_clear(&e2);
        const char *status = rc == ERR_STOPPED ? "interrupted" : "failed";
        if (!db_begin(ctx->db, &e2))
            app_tx_end(ctx, bill_run_finish(ctx->db, s->run_id, status, "", date_now_unix(), &e2), &e2);
        goto out;
    }
    if (rc)
        goto out;
    qsort(s->groups, s->ngroups, sizeof s->groups[0], group_cmp);
    s->seconds = date_mono_seconds() - t0;
    if (!dry_run) {
        char *json = app_bill_summary_json(s);
        char object[32];
        str_fmt(object, sizeof object, "cycle:%s", cycle);
        if (!(rc = db_begin(ctx->db, e)) &&
            !(rc = bill_run_finish(ctx->db, s->run_id, "done", json ? json : "", date_now_unix(), e)) &&
            !(rc = bill_store_open_changed(ctx->db, e)))   /* the month's bills are now most of the open ones */
            rc = app_audit(ctx, "bill.run", object, json ? json : "{}", e);
        rc = app_tx_end(ctx, rc, e);
        free(json);
    }
out:
    free(cands);
    free(held);
    free(skipped_before.ids);
    bill_engine_free(&g);
    return rc;
}

int app_bill_runs(app_ctx *ctx, size_t limit, app_bill_run_info **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    bill_run_row *r = NULL;
    size_t k = 0;
    if ((rc = bill_run_list(ctx->db, limit, &r, &k, e)))
        return rc;
    *rows = k ? calloc(k, sizeof **rows) : NULL;
    for (size_t i = 0; *rows && i < k; i++) {
        app_bill_run_info *o = &(*rows)[i];
        o->id = r[i].id;
        str_copy(o->cycle, sizeof o->cycle, r[i].cycle);
        str_copy(o->grp, sizeof o->grp, r[i].grp);
        str_copy(o->status, sizeof o->status, r[i].status);
        str_copy(o->started_by, sizeof o->started_by, r[i].started_by);
        o->dry_run = r[i].dry_run;
        o->started_at = r[i].started_at;
        o->finished_at = r[i].finished_at;
        o->total_taps = r[i].total_taps;
        o->done_taps = r[i].done_taps;
        o->billed = r[i].billed;
        o->skipped = r[i].skipped;
        o->summary = r[i].summary;
        r[i].summary = NULL;
    }
    *n = *rows ? k : 0;
    bill_run_rows_free(r, k);
    return 0;
}

void app_bill_runs_free(app_bill_run_info *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++)
        free(rows[i].summary);
    free(rows);
}

int app_bill_cycle_list(app_ctx *ctx, const char *cycle, buf_t *out, err_t *e)
{
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    int y, m;
    if ((rc = app_cycle_field(cycle, &y, &m, e)))
        return rc;
    bill_row *rows = NULL;
    size_t n = 0;
    if ((rc = bill_store_list_cycle(ctx->db, cycle, &rows, &n, e)))
        return rc;
    for (size_t i = 0; i < n; i++)
        buf_printf(out, "%s\t%lld\t%lld\t%lld\t%lld\n", rows[i].tap_no, (long long)rows[i].usage,
                   (long long)rows[i].water_yen, (long long)rows[i].sewer_yen, (long long)rows[i].total_yen);
    bill_store_rows_free(rows, n);
    return 0;
}
