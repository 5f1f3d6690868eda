/* app_reading — one reading at a time: record, confirm a held one, ask for a
 * re-read, estimate (認定); and the lists the office works from (see app.h). */
#include "app/app.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/reading/reading_engine.h"
#include "app/reading/app_reading.h"
#include "app/billing/app_bill.h"
#include "app/reception/app_reception.h"
#include "store/reading/held_store.h"
#include "store/db.h"
#include "base/date.h"
#include "domain/reading_cause.h"
#include "domain/validate.h"
#include "domain/role.h"

static char *detail_of(const char *read_on, int64_t value, const app_reading_out *o)
{
    char reasons[200];
    reading_reasons_join(o->reasons, reasons, sizeof reasons);
    const char *status = o->status == READING_HELD ? "held" : o->status == READING_REFUSED ? "refused" : "accepted";
    json_t *j = json_pack("{sssIsssIss}", "read_on", read_on ? read_on : "", "value", (json_int_t)value, "status",
                          status, "usage", (json_int_t)o->usage, "reasons", reasons);
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    return s;
}

typedef struct reading_record_arg {
    const app_reading_in *in;
    app_reading_out *out;
    bool duplicate;   /* another request stored the same meter and day (or client id) first */
} reading_record_arg;

/* The transaction of app_reading_record; app_tx_run may run it twice (a failover before
 * COMMIT).  Safe: everything it writes (the reading, its audit row) is in the transaction; the
 * engine's schedule is read afresh each time; out is filled afresh; nothing outside the
 * database is touched. */
static int reading_record_tx(app_ctx *ctx, void *arg, err_t *e)
{
    reading_record_arg *a = arg;
    const app_reading_in *in = a->in;
    app_reading_out *out = a->out;
    memset(out, 0, sizeof *out);
    a->duplicate = false;
    reading_engine g;
    int rc = reading_engine_init(&g, ctx, e);
    if (!rc)
        rc = reading_engine_record(&g, in, out, e);
    reading_engine_free(&g);
    if (!rc && out->status != READING_REFUSED && !out->duplicate) {
        char obj[40];
        str_fmt(obj, sizeof obj, "tap:%s", in->tap_no);
        long long v = 0;
        str_to_i64(in->value, &v);
        char *d = detail_of(in->read_on, v, out);
        rc = app_audit(ctx, "reading.record", obj, d ? d : "{}", e);
        free(d);
    }
    a->duplicate = rc == ERR_CONFLICT;
    return rc;
}

int app_reading_record(app_ctx *ctx, const app_reading_in *in, app_reading_out *out, err_t *e)
{
    int rc = app_require(ctx, PERM_READING_ENTER, e);
    if (rc)
        return rc;
    reading_record_arg arg = {.in = in, .out = out};
    rc = app_tx_run(ctx, reading_record_tx, &arg, e);
    if (rc && arg.duplicate) {
        /* Rolled back: the other request's reading stands; this one is refused as a duplicate. */
        err_clear(e);
        memset(out, 0, sizeof *out);
        out->status = READING_REFUSED;
        out->refusal = RF_DUPLICATE;
        str_copy(out->message, sizeof out->message, reading_refusal_text(RF_DUPLICATE));
        return 0;
    }
    return rc;
}

static int held_reading(app_ctx *ctx, int64_t id, reading_row *r, err_t *e)
{
    int rc = reading_store_get(ctx->db, id, r, e);
    if (rc)
        return rc;
    if (strcmp(r->status, "held") != 0)
        return err_set(e, ERR_CONFLICT, NULL, "この検針データは保留中ではありません（既に処理されています）。",
                       "reading %lld is %s", (long long)id, r->status);
    return 0;
}

int app_reading_confirm(app_ctx *ctx, int64_t id, const char *reason, err_t *e)
{
    int rc = app_require(ctx, PERM_READING_CONFIRM, e);
    if (rc)
        return rc;
    if (!reason || !*reason)
        return err_field(e, "reason", "確定する理由を入力してください（例: 来客が多かった、漏水を修理した、メーターを確認した）。");
    if (strlen(reason) > 600)
        return err_field(e, "reason", "理由は200文字以内で入力してください。");
    if ((rc = validate_visible(reason, "reason", "理由", e)))
        return rc;
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    reading_row r;
    rc = held_reading(ctx, id, &r, e);
    if (!rc && strcmp(r.entered_by, ctx->actor.username) == 0)
        rc = err_set(e, ERR_FORBIDDEN, NULL, "自分で入力した指針は確定できません。別の職員が確認してください。",
                     "confirming own reading");
    /* 玉野: a dial below the new meter's start is a setting error, never billed as a rollover */
    if (!rc && (reading_reasons_parse(r.reasons) & RR_EXCHANGE_START))
        rc = err_set(e, ERR_CONFLICT, NULL,
                     "取替後の指針が新メーターの取付指針より小さいため確定できません（一巡として請求しません）。"
                     "再検針か認定で置き換えてください。",
                     "reading %lld below its meter's start dial", (long long)id);
    if (!rc) {
        char reasons[200];
        reading_reasons_join(reading_reasons_parse(r.reasons) | RR_CONFIRMED, reasons, sizeof reasons);
        rc = reading_store_decide(ctx->db, id, "held", "accepted", reasons, ctx->actor.username, date_now_unix(), e);
    }
    int64_t final_bill = 0;
    if (!rc && strcmp(r.source, "stop") == 0)   /* a stop waiting on this reading: its final bill now */
        rc = app_reception_final_confirmed_tx(ctx, r.tap_id, r.read_on, id, &final_bill, e);
    if (!rc) {
        char obj[40];
        str_fmt(obj, sizeof obj, "tap:%s", r.tap_no);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_int(&d.w, "reading", id);
        jsonw_kv_string(&d.w, "read_on", r.read_on);
        jsonw_kv_int(&d.w, "value", r.value);
        jsonw_kv_int(&d.w, "usage", r.usage);
        jsonw_kv_string(&d.w, "reason", reason);
        if (final_bill)
            jsonw_kv_int(&d.w, "final_bill", final_bill);
        rc = app_audit_json(ctx, "reading.confirm", obj, &d, e);
    }
    return app_tx_end(ctx, rc, e);
}

int app_reading_request_reread(app_ctx *ctx, int64_t id, err_t *e)
{
    int rc = app_require(ctx, PERM_READING_CONFIRM, e);
    if (rc || (rc = db_begin(ctx->db, e)))
        return rc;
    reading_row r;
    rc = held_reading(ctx, id, &r, e);
    if (!rc)
        rc = reading_store_set_reread(ctx->db, id, 1, e);
    if (!rc) {
        char obj[40];
        str_fmt(obj, sizeof obj, "tap:%s", r.tap_no);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_int(&d.w, "reading", id);
        rc = app_audit_json(ctx, "reading.reread", obj, &d, e);
    }
    return app_tx_end(ctx, rc, e);
}

/* The estimate of tap_no's usage read_on (cause checked), stored and
 * audited in the caller's transaction; pv (may be NULL) receives what it
 * was worked out from. */
static int estimate(app_ctx *ctx, const char *tap_no, const char *read_on, const char *cause, app_reading_out *out,
                    app_estimate_preview *pv, err_t *e)
{
    reading_engine g;
    reading_context *c = malloc(sizeof *c);
    if (!c)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = reading_engine_init(&g, ctx, e);
    if (rc)
        goto out;
    rc = reading_engine_gather(&g, tap_no, NULL, read_on, NULL, c, out, e);
    if (rc || out->status == READING_REFUSED)
        goto out;
    reading_period recent[3];
    int n = 0;
    for (size_t i = 0; i < c->nperiods && n < 3; i++)
        if (c->periods[i]->days > 0) {
            recent[n] = (reading_period){c->periods[i]->usage, c->periods[i]->days};
            if (pv) {
                str_copy(pv->basis[n].read_on, sizeof pv->basis[n].read_on, c->periods[i]->read_on);
                pv->basis[n].usage = c->periods[i]->usage;
                pv->basis[n].days = c->periods[i]->days;
            }
            n++;
        }
    int64_t usage;
    if (!reading_estimate(&ctx->env->reading, recent, n, &c->basis, c->basis.days, &usage)) {
        rc = err_set(e, ERR_INVALID, NULL, "過去の使用水量がないため認定できません。検針してください。",
                     "no history to estimate from");
        goto out;
    }
    int64_t meter_usage = usage - c->basis.other_meters_m3;
    if (meter_usage < 0)
        meter_usage = 0;
    int64_t span = reading_dial_span((int)c->meter.digits);
    int64_t value = ((c->prev ? c->prev->value : 0) + meter_usage) % span;
    out->status = READING_ACCEPTED;
    out->usage = meter_usage + c->basis.other_meters_m3;
    out->reasons = RR_ESTIMATED;
    if (pv) {
        pv->nbasis = n;
        pv->usage = out->usage;
        pv->days = c->basis.days;
        pv->value = value;
        pv->last_year = ctx->env->reading.estimate_last_year;
        pv->replaces_held = c->replace != NULL;
        str_copy(pv->read_on, sizeof pv->read_on, c->on);
        str_copy(pv->prev_read_on, sizeof pv->prev_read_on, c->prev ? c->prev->read_on : "");
    }
    if (c->replace &&
        (rc = reading_store_decide(ctx->db, c->replace->id, "held", "replaced", c->replace->reasons,
                                   ctx->actor.username, g.now, e)))
        goto out;
    if ((rc = reading_engine_store(&g, c, "estimated", READING_ACCEPTED, value, meter_usage, RR_ESTIMATED, "office",
                                   NULL, out, e)))
        goto out;
    char obj[40];
    str_fmt(obj, sizeof obj, "tap:%s", c->tap.tap_no);
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_string(&d.w, "read_on", c->on);
    jsonw_kv_int(&d.w, "usage", out->usage);
    jsonw_kv_int(&d.w, "value", value);
    jsonw_kv_string(&d.w, "cause", cause);
    jsonw_kv_string(&d.w, "rule", ctx->env->reading.estimate_last_year ? "last_year" : "average3");
    rc = app_audit_json(ctx, "reading.estimate", obj, &d, e);
out:
    reading_engine_free(&g);
    free(c);
    return rc;
}

/* Both ways of estimating: the permission, the cause, then the transaction. */
static int estimate_begin(app_ctx *ctx, const char *cause, app_reading_out *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_READING_CONFIRM, e);
    if (rc)
        return rc;
    if (reading_cause_parse(cause) < 0)
        return err_field(e, "cause", "検針できなかった理由を選んでください。");
    return db_begin(ctx->db, e);
}

int app_reading_estimate(app_ctx *ctx, const char *tap_no, const char *read_on, const char *cause,
                         app_reading_out *out, err_t *e)
{
    int rc = estimate_begin(ctx, cause, out, e);
    return rc ? rc : app_tx_end(ctx, estimate(ctx, tap_no, read_on, cause, out, NULL, e), e);
}

int app_reading_estimate_preview(app_ctx *ctx, const char *tap_no, const char *read_on, const char *cause,
                                 app_reading_out *out, app_estimate_preview *pv, err_t *e)
{
    memset(pv, 0, sizeof *pv);
    int rc = estimate_begin(ctx, cause, out, e);
    if (rc)
        return rc;
    /* recorded and priced as it would be, then rolled back: a look only */
    rc = estimate(ctx, tap_no, read_on, cause, out, pv, e);
    if (!rc && out->status != READING_REFUSED && out->reading_id > 0) {
        err_t qe;
        err_clear(&qe);
        int qrc = app_bill_quote_reading_tx(ctx, out->reading_id, &pv->total_yen, &pv->prev_total_yen, &qe);
        pv->priced = qrc == 0;
        if (qrc == ERR_CONFLICT)
            str_copy(pv->unpriced, sizeof pv->unpriced, qe.user);
        else if (qrc)
            rc = err_set(e, qrc, NULL, qe.user, "%s", qe.log);
    }
    db_rollback(ctx->db);
    return rc;
}

static void to_app(const reading_row *r, app_reading *a)
{
    memset(a, 0, sizeof *a);
    a->id = r->id;
    str_copy(a->tap_no, sizeof a->tap_no, r->tap_no);
    str_copy(a->meter_no, sizeof a->meter_no, r->meter_no);
    str_copy(a->cycle, sizeof a->cycle, r->cycle);
    str_copy(a->read_on, sizeof a->read_on, r->read_on);
    a->value = r->value;
    a->prev_value = r->prev_value;
    a->days = r->days;
    a->usage = r->usage;
    str_copy(a->kind, sizeof a->kind, r->kind);
    str_copy(a->status, sizeof a->status, r->status);
    str_copy(a->source, sizeof a->source, r->source);
    str_copy(a->entered_by, sizeof a->entered_by, r->entered_by);
    str_copy(a->decided_by, sizeof a->decided_by, r->decided_by);
    a->reasons = reading_reasons_parse(r->reasons);
    a->reread = r->reread != 0;
}

static int convert(reading_row *rows, size_t n, app_reading **out, err_t *e)
{
    *out = n ? calloc(n, sizeof **out) : NULL;
    if (n && !*out) {
        free(rows);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        to_app(&rows[i], &(*out)[i]);
    free(rows);
    return 0;
}

int app_reading_history(app_ctx *ctx, const char *tap_no, size_t limit, app_reading **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    tap_row t;
    if (rc || (rc = tap_store_get_by_no(ctx->db, tap_no, &t, e)))
        return rc;
    if (limit == 0 || limit > 240)
        limit = 240;
    reading_row *buf = calloc(limit, sizeof *buf);
    if (!buf)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if ((rc = reading_store_recent(ctx->db, t.id, buf, limit, n, e))) {
        free(buf);
        return rc;
    }
    return convert(buf, *n, rows, e);
}

int app_reading_held_view(app_ctx *ctx, int64_t id, app_held_view *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    out->prev_usage = out->last_year_usage = -1;
    int rc = app_require(ctx, PERM_READING_CONFIRM, e);
    if (rc || (rc = db_begin(ctx->db, e)))
        return rc;
    reading_row r;
    rc = held_reading(ctx, id, &r, e);
    reading_row *hist = NULL;
    if (!rc && !(hist = malloc(24 * sizeof *hist)))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    size_t nh = 0;
    if (!rc)
        rc = reading_store_recent(ctx->db, r.tap_id, hist, 24, &nh, e);
    if (!rc) {
        to_app(&r, &out->reading);
        int y = 0, m = 0;
        char ly[8] = "";
        if (sscanf(r.cycle, "%4d-%2d", &y, &m) == 2)
            str_fmt(ly, sizeof ly, "%04d-%02d", (y - 1) % 10000, m % 100);
        for (size_t i = 0; i < nh; i++) {
            const reading_row *h = &hist[i];
            bool regular = strcmp(h->status, "accepted") == 0 &&
                           (strcmp(h->kind, "actual") == 0 || strcmp(h->kind, "estimated") == 0);
            if (!regular || h->id == r.id)
                continue;
            if (out->prev_usage < 0 && strcmp(h->read_on, r.read_on) < 0) {
                out->prev_usage = h->usage;
                out->prev_days = h->days;
                str_copy(out->prev_read_on, sizeof out->prev_read_on, h->read_on);
            }
            if (out->last_year_usage < 0 && strcmp(h->cycle, ly) == 0) {
                out->last_year_usage = h->usage;
                out->last_year_days = h->days;
                str_copy(out->last_year_read_on, sizeof out->last_year_read_on, h->read_on);
            }
        }
        err_t qe;
        err_clear(&qe);
        int qrc = app_bill_quote_reading_tx(ctx, id, &out->total_yen, &out->prev_total_yen, &qe);
        out->priced = qrc == 0;
        if (qrc == ERR_CONFLICT)
            str_copy(out->unpriced, sizeof out->unpriced, qe.user);
        else if (qrc)
            rc = err_set(e, qrc, NULL, qe.user, "%s", qe.log);
    }
    free(hist);
    db_rollback(ctx->db);   /* read only */
    return rc;
}

int app_reading_held_count(app_ctx *ctx, int64_t *n, err_t *e)
{
    *n = 0;
    int rc = app_require(ctx, PERM_READING_ENTER, e);
    return rc ? rc : reading_store_count_held(ctx->db, n, e);
}

int app_reading_held(app_ctx *ctx, const char *cycle, app_reading **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_READING_ENTER, e);
    reading_row *r = NULL;
    if (rc || (rc = reading_store_list_status(ctx->db, "held", cycle, 2000, &r, n, e)))
        return rc;
    return convert(r, *n, rows, e);
}

int app_reading_held_list(app_ctx *ctx, const char *cycle, const char *route, app_held_item **rows, size_t *n,
                          err_t *e)
{
    *rows = NULL;
    *n = 0;
    int y, m;
    int rc = app_require(ctx, PERM_READING_ENTER, e);
    if (rc || (cycle && *cycle && (rc = app_cycle_field(cycle, &y, &m, e))))
        return rc;
    if (route && strlen(route) >= sizeof((app_held_item *)0)->route)
        return err_field(e, "route", "検針区のコードが長すぎます。");
    held_row *h = NULL;
    size_t k = 0;
    if ((rc = held_store_list(ctx->db, cycle, route, 2000, &h, &k, e)))
        return rc;
    *rows = k ? calloc(k, sizeof **rows) : NULL;
    if (k && !*rows) {
        free(h);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < k; i++) {
        app_held_item *o = &(*rows)[i];
        app_reading *r = &o->reading;
        r->id = h[i].id;
        str_copy(r->tap_no, sizeof r->tap_no, h[i].tap_no);
        str_copy(r->meter_no, sizeof r->meter_no, h[i].meter_no);
        str_copy(r->cycle, sizeof r->cycle, h[i].cycle);
        str_copy(r->read_on, sizeof r->read_on, h[i].read_on);
        str_copy(r->kind, sizeof r->kind, "actual");
        str_copy(r->status, sizeof r->status, "held");
        str_copy(r->entered_by, sizeof r->entered_by, h[i].entered_by);
        r->value = h[i].value;
        r->prev_value = h[i].prev_value;
        r->days = h[i].days;
        r->usage = h[i].usage;
        r->reasons = reading_reasons_parse(h[i].reasons);
        r->reread = h[i].reread != 0;
        str_copy(o->route, sizeof o->route, h[i].route);
        o->prev_usage = h[i].prev_usage;
        o->prev_days = h[i].prev_days;
        o->ly_usage = h[i].ly_usage;
        o->ly_days = h[i].ly_days;
    }
    *n = k;
    free(h);
    return 0;
}

int app_reading_leaks(app_ctx *ctx, const char *cycle, app_reading **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_READING_ENTER, e);
    reading_row *r = NULL;
    if (rc || (rc = reading_store_list_reason(ctx->db, cycle ? cycle : "", "leak", &r, n, e)))
        return rc;
    return convert(r, *n, rows, e);
}

int app_reading_rejects(app_ctx *ctx, app_reject **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_READING_CONFIRM, e);
    reject_row *r = NULL;
    if (rc || (rc = reject_store_list_open(ctx->db, 5000, &r, n, e)))
        return rc;
    *rows = *n ? calloc(*n, sizeof **rows) : NULL;
    if (*n && !*rows) {
        free(r);
        *n = 0;
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < *n; i++) {
        app_reject *a = &(*rows)[i];
        a->id = r[i].id;
        a->line = r[i].line;
        a->created_at = r[i].created_at;
        str_copy(a->batch, sizeof a->batch, r[i].batch);
        str_copy(a->tap_no, sizeof a->tap_no, r[i].tap_no);
        str_copy(a->meter_no, sizeof a->meter_no, r[i].meter_no);
        str_copy(a->read_on, sizeof a->read_on, r[i].read_on);
        str_copy(a->value, sizeof a->value, r[i].value);
        str_copy(a->reason, sizeof a->reason, r[i].reasons);
        str_copy(a->created_by, sizeof a->created_by, r[i].created_by);
    }
    free(r);
    return 0;
}

int app_reading_reject_resolve(app_ctx *ctx, int64_t id, err_t *e)
{
    int rc = app_require(ctx, PERM_READING_CONFIRM, e);
    if (rc || (rc = db_begin(ctx->db, e)))
        return rc;
    rc = reject_store_resolve(ctx->db, id, date_now_unix(), e);
    if (!rc) {
        char obj[40];
        str_fmt(obj, sizeof obj, "reading_reject:%lld", (long long)id);
        rc = app_audit(ctx, "reading.reject_resolve", obj, "{}", e);
    }
    return app_tx_end(ctx, rc, e);
}
