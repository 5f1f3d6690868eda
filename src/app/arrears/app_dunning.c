/* app_dunning — see app_dunning.h. */
#include "app/arrears/app_dunning.h"
#include "app/app_seal.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/registry/app_registry.h"
#include "base/date.h"
#include "base/stop.h"
#include "domain/role.h"
#include "domain/slipcode.h"
#include "store/arrears/notice_store.h"
#include "store/db.h"
#include "store/registry/tap_store.h"

int app_dunning_rules(const app_ctx *ctx, dunning_rules *out, err_t *e)
{
    *out = dunning_rules_default();
    const config *cfg = ctx->env->cfg;
    long long v[7] = {out->tokusoku_days, out->tokusoku_deadline_days, out->saikoku_days, out->saikoku_deadline_days,
                      out->yokoku_days, out->yokoku_stop_days, out->tokusoku_fee};
    static const char *const KEYS[7] = {"arrears.tokusoku_days", "arrears.tokusoku_deadline_days",
                                        "arrears.saikoku_days", "arrears.saikoku_deadline_days",
                                        "arrears.yokoku_days", "arrears.yokoku_stop_days", "arrears.tokusoku_fee"};
    static const long long MIN[7] = {1, 1, 1, 1, 1, 2, 0}, MAX[7] = {60, 90, 60, 90, 60, 90, 10000};
    for (int i = 0; i < 7; i++) {
        int rc = config_get_int(cfg, KEYS[i], v[i], MIN[i], MAX[i], &v[i], e);
        if (rc)
            return rc;
    }
    out->tokusoku_days = (int)v[0];
    out->tokusoku_deadline_days = (int)v[1];
    out->saikoku_days = (int)v[2];
    out->saikoku_deadline_days = (int)v[3];
    out->yokoku_days = (int)v[4];
    out->yokoku_stop_days = (int)v[5];
    out->tokusoku_fee = v[6];
    return 0;
}

/* The day a run is as of: as_of, or today; never after today. */
static int as_of_field(const char *as_of, civil_date *out, err_t *e)
{
    civil_date today = date_today_jst();
    if (!as_of || !*as_of) {
        *out = today;
        return 0;
    }
    if (!date_parse(as_of, out))
        return err_field(e, "as_of", "基準日（--as-of）は YYYY-MM-DD の形の日付で指定してください（%s）。", as_of);
    if (date_cmp(*out, today) > 0)
        return err_field(e, "as_of", "基準日（--as-of）に今日より後の日付は指定できません（%s）。", as_of);
    return 0;
}

static int step_field(const char *step, int *out, err_t *e)
{
    *out = dunning_step_parse(step);
    if (*out < 0)
        return err_field(e, "step", "段階（--step）は tokusoku（督促状）・saikoku（催告書）・yokoku（給水停止予告）のいずれかです（%s）。",
                         step ? step : "");
    return 0;
}

/* The selection of a step as of a day (domain/dunning.h). */
typedef struct selection {
    char due_cutoff[11], prev_cutoff[11];
    const char *prev;
} selection;

static void select_for(const dunning_rules *r, int step, civil_date as_of, selection *sel)
{
    civil_date cut = dunning_cutoff(as_of, dunning_delay(r, step));
    int prev = dunning_step_prev(step);
    sel->prev = prev < 0 ? "" : dunning_step_code(prev);
    if (prev < 0) {
        date_format_iso(cut, sel->due_cutoff);
        sel->prev_cutoff[0] = '\0';
    } else {
        date_format_iso(as_of, sel->due_cutoff);
        date_format_iso(cut, sel->prev_cutoff);
    }
}

int app_dunning_preview(app_ctx *ctx, const char *as_of, int64_t counts[DUNNING__MAX], err_t *e)
{
    memset(counts, 0, sizeof(int64_t) * DUNNING__MAX);
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    civil_date day;
    dunning_rules r;
    if (rc || (rc = as_of_field(as_of, &day, e)) || (rc = app_dunning_rules(ctx, &r, e)))
        return rc;
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    for (int st = 0; !rc && st < DUNNING__MAX; st++) {
        selection sel;
        select_for(&r, st, day, &sel);
        rc = notice_store_count_due(ctx->db, dunning_step_code(st), sel.due_cutoff, sel.prev, sel.prev_cutoff,
                                    &counts[st], e);
    }
    db_end_read(ctx->db);
    return rc;
}

/* Mark runs whose process is gone or whose heartbeat stopped ten minutes
 * ago as interrupted; ERR_CONFLICT when a live one remains. */
static int reap_runs(app_ctx *ctx, err_t *e)
{
    dunning_run_row *rows = NULL;
    size_t n = 0;
    int rc = dunning_run_list_running(ctx->db, &rows, &n, e);
    int64_t now = date_now_unix();
    bool live = false;
    for (size_t i = 0; !rc && i < n; i++) {
        bool gone = now - rows[i].heartbeat_at > 600 ||
                    (rows[i].pid > 0 && kill((pid_t)rows[i].pid, 0) != 0 && errno == ESRCH);
        if (gone)
            rc = dunning_run_set_status(ctx->db, rows[i].id, "interrupted", e);
        else
            live = true;
    }
    dunning_run_rows_free(rows, n);
    if (!rc && live)
        rc = err_set(e, ERR_CONFLICT, NULL, "別の督促処理が実行中です。終わってから実行してください。", "a dunning run is live");
    return rc;
}

static int cand_cmp(const void *a, const void *b)
{
    const notice_cand *x = a, *y = b;
    if (x->customer_id != y->customer_id)
        return (x->customer_id > y->customer_id) - (x->customer_id < y->customer_id);
    if (x->tap_id != y->tap_id)
        return (x->tap_id > y->tap_id) - (x->tap_id < y->tap_id);
    int c = strcmp(x->due_on, y->due_on);
    return c ? c : (x->bill_id > y->bill_id) - (x->bill_id < y->bill_id);
}

/* Letters: runs of candidates of one customer and tap (sorted). */
typedef struct letter_span {
    size_t from, n;
    int64_t amount;
} letter_span;

static char *summary_json(const app_dunning_summary *s)
{
    buf_t b;
    buf_init(&b, 0);
    jsonw w;
    jsonw_begin(&w, &b);
    jsonw_object(&w);
    jsonw_kv_int(&w, "run_id", s->run_id);
    jsonw_kv_string(&w, "step", s->step);
    jsonw_kv_string(&w, "as_of", s->as_of);
    jsonw_kv_string(&w, "deadline", s->deadline);
    if (s->stop_on[0])
        jsonw_kv_string(&w, "stop_on", s->stop_on);
    jsonw_kv_bool(&w, "dry_run", s->dry_run);
    jsonw_kv_int(&w, "letters", s->letters);
    jsonw_kv_int(&w, "bills", s->bills);
    jsonw_kv_int(&w, "amount", s->amount);
    jsonw_kv_int(&w, "fees", s->fees);
    jsonw_kv_int(&w, "over_limit", s->over_limit);
    jsonw_end_object(&w);
    return buf_steal(&b, NULL);
}

int app_dunning_run(app_ctx *ctx, const char *step_code, const char *as_of, bool dry_run, const app_dunning_hooks *hooks,
                    app_dunning_summary *s, err_t *e)
{
    memset(s, 0, sizeof *s);
    int rc = app_require(ctx, PERM_JOB_RUN, e);
    int step;
    civil_date day;
    dunning_rules r;
    if (rc || (rc = step_field(step_code, &step, e)) || (rc = as_of_field(as_of, &day, e)) ||
        (rc = app_dunning_rules(ctx, &r, e)))
        return rc;
    long long chunk = 500;
    if ((rc = config_get_int(ctx->env->cfg, "arrears.chunk", 500, 1, 100000, &chunk, e)))
        return rc;
    double t0 = date_mono_seconds();
    str_copy(s->step, sizeof s->step, dunning_step_code(step));
    date_format_iso(day, s->as_of);
    s->dry_run = dry_run;
    civil_date dl, stop;
    dunning_deadline(&r, step, day, &dl, &stop);
    date_format_iso(dl, s->deadline);
    if (stop.y)
        date_format_iso(stop, s->stop_on);
    int64_t fee = dunning_fee(&r, step);
    notice_cand *c = NULL;
    letter_span *L = NULL;
    size_t nc = 0, nl = 0;
    double t1 = 0;

    /* The run is recorded (and any other live run refused) before the
     * selection, so that a run started after another one ended sees all
     * that one wrote. */
    if (!dry_run) {
        if (!(rc = db_begin(ctx->db, e)) && !(rc = reap_runs(ctx, e))) {
            dunning_run_row run;
            memset(&run, 0, sizeof run);
            str_copy(run.step, sizeof run.step, s->step);
            str_copy(run.as_of, sizeof run.as_of, s->as_of);
            str_copy(run.status, sizeof run.status, "running");
            str_copy(run.started_by, sizeof run.started_by, ctx->actor.username);
            run.started_at = date_now_unix();
            run.pid = (int64_t)getpid();
            rc = dunning_run_insert(ctx->db, &run, &s->run_id, e);
        }
        if ((rc = app_tx_end(ctx, rc, e)))
            return rc;
    }
    selection sel;
    select_for(&r, step, day, &sel);
    if ((rc = db_begin_read(ctx->db, e)))
        goto fail;
    rc = notice_store_candidates(ctx->db, s->step, sel.due_cutoff, sel.prev, sel.prev_cutoff, &c, &nc, e);
    db_end_read(ctx->db);
    if (rc)
        goto fail;
    if (nc > 1)   /* never qsort(NULL, 0): UB */
        qsort(c, nc, sizeof *c, cand_cmp);
    L = calloc(nc ? nc : 1, sizeof *L);
    if (!L) {
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < nc; i++) {
        if (i == 0 || c[i].customer_id != c[i - 1].customer_id || c[i].tap_id != c[i - 1].tap_id)
            L[nl++] = (letter_span){.from = i, .n = 0, .amount = 0};
        L[nl - 1].n++;
        L[nl - 1].amount += c[i].amount;
    }
    s->select_s = date_mono_seconds() - t0;
    if (!dry_run) {
        if (!(rc = db_begin(ctx->db, e)))
            rc = dunning_run_total(ctx->db, s->run_id, (int64_t)nl, date_now_unix(), e);
        if ((rc = app_tx_end(ctx, rc, e)))
            goto fail;
    }
    t1 = date_mono_seconds();
    if (!dry_run)
        db_bulk(ctx->db, true);
    for (size_t at = 0; !rc && at < nl;) {
        size_t end = at + (size_t)chunk < nl ? at + (size_t)chunk : nl;
        rc = dry_run ? 0 : db_begin(ctx->db, e);
        for (size_t i = at; !rc && i < end; i++) {
            notice_letter l;
            memset(&l, 0, sizeof l);
            const notice_cand *first = &c[L[i].from];
            l.run_id = s->run_id;
            str_copy(l.step, sizeof l.step, s->step);
            l.customer_id = first->customer_id;
            l.tap_id = first->tap_id;
            str_copy(l.issued_on, sizeof l.issued_on, s->as_of);
            str_copy(l.deadline, sizeof l.deadline, s->deadline);
            str_copy(l.stop_on, sizeof l.stop_on, s->stop_on);
            l.bills = (int64_t)L[i].n;
            l.amount = L[i].amount + fee;
            l.fee = fee;
            str_copy(l.status, sizeof l.status, "issued");
            if (!dry_run)
                rc = notice_store_letter_insert(ctx->db, &l, &l.id, e);
            for (size_t k = 0; !rc && !dry_run && k < L[i].n; k++)
                rc = notice_store_notice_insert(ctx->db, &l, &c[L[i].from + k], e);
            s->letters++;
            s->bills += (int64_t)L[i].n;
            s->amount += l.amount;
            s->fees += fee;
            s->over_limit += !slipcode_payable(l.amount);
        }
        if (!dry_run) {
            if (!rc)
                rc = dunning_run_progress(ctx->db, s->run_id, s->letters, s->bills, s->amount, date_now_unix(), e);
            rc = app_tx_end(ctx, rc, e);
        }
        if (!rc && hooks && hooks->progress)
            hooks->progress(hooks->arg, s->letters, (int64_t)nl, s->bills);
        at = end;
        if (!rc && at < nl && stop_requested())   /* between chunks: whole letters only */
            rc = err_set(e, ERR_STOPPED, NULL,
                         "停止の指示により督促処理を途中で止めました（作成済みの通知は登録済みです）。"
                         "同じ督促処理をもう一度実行すると残りを作成します。",
                         "stop requested (signal %d) after %zu of %zu letters", stop_signal(), at, nl);
    }
    if (!dry_run)
        db_bulk(ctx->db, false);
    s->write_s = date_mono_seconds() - t1;
    s->seconds = date_mono_seconds() - t0;
fail:
    if (rc && s->run_id) {
        err_t e2;
        err_clear(&e2);
        const char *status = rc == ERR_STOPPED ? "interrupted" : "failed";
        if (!db_begin(ctx->db, &e2))
            app_tx_end(ctx, dunning_run_finish(ctx->db, s->run_id, status, "", date_now_unix(), &e2), &e2);
        goto out;
    }
    if (!rc && !dry_run) {
        char *json = summary_json(s);
        char object[48];
        str_fmt(object, sizeof object, "dunning:%lld", (long long)s->run_id);
        if (!(rc = db_begin(ctx->db, e)) &&
            !(rc = dunning_run_finish(ctx->db, s->run_id, "done", json ? json : "", date_now_unix(), e)))
            rc = app_audit(ctx, "dunning.run", object, json ? json : "{}", e);
        rc = app_tx_end(ctx, rc, e);
        free(json);
    }
out:
    free(c);
    free(L);
    return rc;
}

static void run_info(const dunning_run_row *r, app_dunning_run_info *o)
{
    o->id = r->id;
    str_copy(o->step, sizeof o->step, r->step);
    str_copy(o->as_of, sizeof o->as_of, r->as_of);
    str_copy(o->status, sizeof o->status, r->status);
    str_copy(o->started_by, sizeof o->started_by, r->started_by);
    o->started_at = r->started_at;
    o->finished_at = r->finished_at;
    o->total_letters = r->total_letters;
    o->done_letters = r->done_letters;
    o->bills = r->bills;
    o->amount = r->amount;
}

int app_dunning_runs(app_ctx *ctx, size_t limit, app_dunning_run_info **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    dunning_run_row *r = NULL;
    size_t k = 0;
    if ((rc = dunning_run_list(ctx->db, limit, &r, &k, e)))
        return rc;
    *rows = k ? calloc(k, sizeof **rows) : NULL;
    for (size_t i = 0; *rows && i < k; i++)
        run_info(&r[i], &(*rows)[i]);
    *n = *rows ? k : 0;
    dunning_run_rows_free(r, k);
    return 0;
}

int app_dunning_run_get(app_ctx *ctx, int64_t id, app_dunning_run_info *out, err_t *e)
{
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    dunning_run_row r;
    if ((rc = dunning_run_get(ctx->db, id, &r, e)))
        return rc;
    run_info(&r, out);
    free(r.summary);
    return 0;
}

void app_notice_docs_free(app_notice_doc *docs, size_t n)
{
    for (size_t i = 0; docs && i < n; i++)
        free(docs[i].bills);
    free(docs);
}

int app_dunning_letters(app_ctx *ctx, int64_t run_id, size_t first, size_t limit, app_notice_doc **docs, size_t *n,
                        err_t *e)
{
    *docs = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    dunning_run_row run;
    if ((rc = dunning_run_get(ctx->db, run_id, &run, e)))
        return rc;
    free(run.summary);
    notice_print_letter *L = NULL;
    size_t k = 0;
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    rc = notice_store_print(ctx->db, run_id, first, limit, &L, &k, e);
    db_end_read(ctx->db);
    if (rc)
        return rc;
    app_notice_doc *out = calloc(k ? k : 1, sizeof *out);
    if (!out) {
        notice_store_print_free(L, k);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    const char *company = config_get(ctx->env->cfg, "collection.company_code", "912345");
    const char *contact = config_get(ctx->env->cfg, "arrears.contact", "");
    for (size_t i = 0; !rc && i < k; i++) {
        notice_print_letter *p = &L[i];
        app_notice_doc *d = &out[i];
        d->step = dunning_step_parse(p->l.step);
        str_copy(d->utility, sizeof d->utility, app_utility_name(ctx));
        str_copy(d->contact, sizeof d->contact, contact);
        app_open_into(ctx, p->name_enc, d->customer, sizeof d->customer);
        app_open_into(ctx, p->postal_enc, d->postal, sizeof d->postal);
        app_open_into(ctx, p->mail_enc, d->mail_address, sizeof d->mail_address);
        app_registry_place_format(ctx, p->area_name, p->address_enc, d->place, sizeof d->place);
        str_copy(d->tap_no, sizeof d->tap_no, p->tap_no);
        str_copy(d->issued_on, sizeof d->issued_on, p->l.issued_on);
        str_copy(d->deadline, sizeof d->deadline, p->l.deadline);
        str_copy(d->stop_on, sizeof d->stop_on, p->l.stop_on);
        d->letter_id = p->l.id;
        d->fee = p->l.fee;
        d->total = p->l.amount;
        d->bills = p->nbills ? calloc(p->nbills, sizeof *d->bills) : NULL;
        if (p->nbills && !d->bills) {
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
            break;
        }
        for (size_t j = 0; j < p->nbills; j++) {
            d->bills[j].bill_id = p->bills[j].bill_id;
            str_copy(d->bills[j].cycle, sizeof d->bills[j].cycle, p->bills[j].cycle);
            str_copy(d->bills[j].due_on, sizeof d->bills[j].due_on, p->bills[j].due_on);
            d->bills[j].amount = p->bills[j].amount;
        }
        d->nbills = p->nbills;
        if (slipcode_payable(d->total)) {
            /* One bill and no fee: the bill's own reference (tap and bill),
             * so that the agents' result posts to it like its slip.  Several
             * bills: the tap and the letter, marked by a leading 9 in the
             * 13 digits (no bill id reaches 9×10¹²): such a payment finds no
             * bill and waits in suspense for a person to allocate it. */
            char ref[32], msg[200];
            if (d->nbills == 1 && d->fee == 0)
                str_fmt(ref, sizeof ref, "%.8s%013lld", d->tap_no, (long long)d->bills[0].bill_id);
            else
                str_fmt(ref, sizeof ref, "%.8s9%012lld", d->tap_no, (long long)p->l.id);
            slipcode_in in = {.company = company, .reference = ref, .reissue = 0, .due = d->deadline,
                              .amount = d->total};
            if (slipcode_build(&in, d->code, msg, sizeof msg) != 0)
                rc = err_set(e, ERR_INVALID, "collection.company_code", msg, "notice slip code: %s", msg);
        }
    }
    notice_store_print_free(L, k);
    if (!rc) {
        char obj[48];
        str_fmt(obj, sizeof obj, "dunning:%lld", (long long)run_id);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_int(&d.w, "letters", (int64_t)k);
        if (first || limit)
            jsonw_kv_int(&d.w, "from", (int64_t)first + 1);
        rc = app_audit_now_json(ctx, "dunning.print", obj, &d, e);
    }
    if (rc) {
        app_notice_docs_free(out, k);
        return rc;
    }
    *docs = out;
    *n = k;
    return 0;
}

int app_dunning_tap_notices(app_ctx *ctx, const char *tap_no, app_tap_notice **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    tap_row *t = malloc(sizeof *t);
    if (!t)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    rc = app_registry_find_tap(ctx, tap_no, "tap", t, e);
    int64_t tap_id = t->id;
    free(t);
    if (rc)
        return rc;
    notice_tap_row *r = NULL;
    size_t k = 0;
    if ((rc = notice_store_list_tap(ctx->db, tap_id, 50, &r, &k, e)))
        return rc;
    *rows = k ? calloc(k, sizeof **rows) : NULL;
    for (size_t i = 0; *rows && i < k; i++) {
        app_tap_notice *o = &(*rows)[i];
        o->run_id = r[i].run_id;
        str_copy(o->step, sizeof o->step, r[i].step);
        str_copy(o->issued_on, sizeof o->issued_on, r[i].issued_on);
        str_copy(o->deadline, sizeof o->deadline, r[i].deadline);
        str_copy(o->stop_on, sizeof o->stop_on, r[i].stop_on);
        o->bills = r[i].bills;
        o->amount = r[i].amount;
    }
    *n = *rows ? k : 0;
    free(r);
    return 0;
}
