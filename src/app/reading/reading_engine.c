/* reading_engine — see reading_engine.h. */
#include "app/reading/reading_engine.h"
#include "app/reading/app_reading.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"

static const struct { const char *code, *text; } REFUSALS[RF__COUNT] = {
    [RF_NONE] = {"none", ""},
    [RF_BAD_VALUE] = {"bad_value", "指針は0以上の整数で入力してください。"},
    [RF_BAD_DATE] = {"bad_date", "検針日は YYYY-MM-DD の形式で入力してください。"},
    [RF_FUTURE] = {"future", "検針日が未来の日付です。"},
    [RF_UNKNOWN_TAP] = {"unknown_tap", "水栓番号が登録されていません。"},
    [RF_CLOSED] = {"closed", "閉栓中の水栓です。閉栓中の水栓の指針は受け付けません。"},
    [RF_NO_METER] = {"no_meter", "この水栓にはメーターが設置されていません。"},
    [RF_UNKNOWN_METER] = {"unknown_meter", "メーター番号がこの水栓のメーターではありません。"},
    [RF_REMOVED_METER] = {"removed_meter", "取り外し済みのメーターです。新しいメーターの番号で入力してください。"},
    [RF_METER_REQUIRED] = {"meter_required", "今期にメーターを取り替えた水栓です。メーター番号を入力してください。"},
    [RF_DIGITS] = {"digits", "指針がメーターの桁数を超えています。"},
    [RF_OUTSIDE_CYCLE] = {"outside_cycle", "検針日が検針期間の外です。"},
    [RF_NOT_AFTER_PREV] = {"not_after_prev", "検針日は前回の検針日より後の日付にしてください。"},
    [RF_DUPLICATE] = {"duplicate", "同じメーター・同じ検針日の指針が既に登録されています。"},
    [RF_CYCLE_DONE] = {"cycle_done", "この周期の検針は既に確定しています。"},
};

const char *app_refusal_code(int rf)
{
    return rf >= 0 && rf < RF__COUNT ? REFUSALS[rf].code : "unknown";
}

const char *reading_refusal_text(int rf)
{
    return rf >= 0 && rf < RF__COUNT ? REFUSALS[rf].text : "";
}

/* Refuse with the table's text, or with particulars when msg is given. */
static int refuse(app_reading_out *o, int rf, const char *msg)
{
    o->status = READING_REFUSED;
    o->refusal = rf;
    o->reading_id = 0;
    str_copy(o->message, sizeof o->message, msg && *msg ? msg : REFUSALS[rf].text);
    return 0;
}

void reading_reasons_join(unsigned bits, char *out, size_t outsz)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < RR__COUNT; i++) {
        if (!(bits & (1u << i)))
            continue;
        const char *c = reading_reason_code(1u << i);
        size_t cl = strlen(c);
        if (len + cl + 2 > outsz)
            break;
        if (len)
            out[len++] = ',';
        memcpy(out + len, c, cl + 1);
        len += cl;
    }
}

static int sched_cmp(const void *a, const void *b)
{
    const schedule_row *x = a, *y = b;
    int c = strcmp(x->route, y->route);
    return c ? c : strcmp(x->from_on, y->from_on);
}

int reading_engine_init(reading_engine *g, app_ctx *ctx, err_t *e)
{
    memset(g, 0, sizeof *g);
    g->ctx = ctx;
    date_format_iso(date_today_jst(), g->today);
    g->now = date_now_unix();
    int rc = schedule_store_all(ctx->db, &g->sched, &g->nsched, e);
    if (!rc && g->nsched > 1)
        qsort(g->sched, g->nsched, sizeof *g->sched, sched_cmp);
    return rc;
}

int reading_engine_defer(reading_engine *g, err_t *e)
{
    if (!g->pending && !(g->pending = malloc(READING_STORE_BATCH * sizeof *g->pending)))
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    g->npending = 0;
    return 0;
}

int reading_engine_flush(reading_engine *g, err_t *e)
{
    if (!g->npending)
        return 0;
    int rc = reading_store_insert_many(g->ctx->db, g->pending, g->npending, e);
    g->npending = 0;
    return rc;
}

void reading_engine_free(reading_engine *g)
{
    free(g->pending);
    g->pending = NULL;
    g->npending = 0;
    free(g->scratch);
    g->scratch = NULL;
    free(g->sched);
    g->sched = NULL;
    g->nsched = 0;
}

/* The cycle whose window for the route holds the date; false if none. */
static bool find_cycle(const reading_engine *g, const char *route, const char *on, char cycle[8])
{
    size_t lo = 0, hi = g->nsched;
    while (lo < hi) {   /* first row of the route */
        size_t mid = (lo + hi) / 2;
        if (strcmp(g->sched[mid].route, route) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < g->nsched && strcmp(g->sched[i].route, route) == 0; i++)
        if (strcmp(g->sched[i].from_on, on) <= 0 && strcmp(on, g->sched[i].to_on) <= 0) {
            str_copy(cycle, 8, g->sched[i].cycle);
            return true;
        }
    return false;
}

static int64_t day_no(const char *iso)
{
    civil_date d;
    return date_parse(iso, &d) ? date_to_days(d) : 0;
}

static bool is_regular(const reading_row *r)
{
    return strcmp(r->kind, "actual") == 0 || strcmp(r->kind, "estimated") == 0;
}

/* Trimmed ASCII digits (at most 9) -> value; false otherwise. */
static bool parse_dial(const char *s, int64_t *v)
{
    if (!s)
        return false;
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    if (n == 0 || n > 9)
        return false;
    int64_t x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return true;
}

/* The basis of the checks from the rows gathered (see reading_check.h). */
static void build_basis(const reading_engine *g, reading_context *c, int64_t on_day)
{
    reading_basis *b = &c->basis;
    memset(b, 0, sizeof *b);
    b->digits = (int)c->meter.digits;
    if (c->prev) {
        b->has_prev = true;
        b->prev_value = c->prev->value;
        b->days = on_day - day_no(c->prev->read_on);
        b->prev_estimated = strcmp(c->prev->kind, "estimated") == 0;
        /* this meter was set since: its start dial and test flush (meter_exchange.h) */
        b->exchanged = strcmp(c->prev->kind, "start") == 0;
        b->flush_m3 = b->exchanged ? c->prev->flush_m3 : 0;
    }
    const reading_row *last = c->nperiods ? c->periods[0] : NULL;
    if (last) {
        if (last->days > 0) {
            b->has_prev_period = true;
            b->prev_period.usage = last->usage;
            b->prev_period.days = last->days;
        }
        if (!c->prev)
            b->days = on_day - day_no(last->read_on);
    }
    /* Final readings of meters taken out since the last regular reading. */
    bool exchanged = false;
    for (size_t i = 0; i < c->nrecent; i++) {
        const reading_row *r = &c->recent[i];
        if (last && strcmp(r->read_on, last->read_on) < 0)
            break;
        if (strcmp(r->kind, "final") == 0 && r->meter_id != c->meter.id && strcmp(r->status, "accepted") == 0) {
            b->other_meters_m3 += r->meter_usage;
            exchanged = true;
        } else if (strcmp(r->kind, "final") == 0 && r->meter_id != c->meter.id && strcmp(r->status, "held") == 0) {
            b->old_pending = true;   /* its part is not known: the parts cannot be added yet (福岡) */
        }
    }
    /* A meter exchanged since the last regular reading: the usage is the
     * old meter's part and the new one's, so the period (its days, the
     * bill's period and a diameter change inside it) runs from that reading,
     * not from the new meter's first dial. */
    if (exchanged && last && strcmp(last->read_on, c->prev ? c->prev->read_on : "") < 0)
        b->days = on_day - day_no(last->read_on);
    /* The same period last year: the closest regular reading within the window. */
    int64_t target = on_day - 365, best = -1;
    for (size_t i = 0; i < c->nperiods; i++) {
        int64_t d = day_no(c->periods[i]->read_on) - target;
        if (d < 0)
            d = -d;
        if (d <= g->ctx->env->reading.ly_window_days && c->periods[i]->days > 0 && (best < 0 || d < best)) {
            best = d;
            b->has_last_year = true;
            b->last_year.usage = c->periods[i]->usage;
            b->last_year.days = c->periods[i]->days;
        }
    }
    if (b->days <= 0)
        b->days = 1;
}

void reading_context_derive(const reading_engine *g, reading_context *c, const char *on)
{
    c->replace = c->prev = NULL;
    c->nperiods = 0;
    /* The previous reading on this meter; a held one is replaced (re-read). */
    size_t i = 0;
    for (; i < c->nrecent && c->recent[i].meter_id != c->meter.id; i++)
        ;
    if (i < c->nrecent && strcmp(c->recent[i].status, "held") == 0 && is_regular(&c->recent[i])) {
        c->replace = &c->recent[i];
        for (i++; i < c->nrecent && c->recent[i].meter_id != c->meter.id; i++)
            ;
    }
    c->prev = i < c->nrecent ? &c->recent[i] : NULL;
    for (size_t k = 0; k < c->nrecent; k++) {
        const reading_row *r = &c->recent[k];
        if (r != c->replace && is_regular(r) && strcmp(r->status, "accepted") == 0)
            c->periods[c->nperiods++] = r;
    }
    build_basis(g, c, day_no(on));
}

/* The readings of lk that the per-tap query would return: on or after
 * since, or between ly_from and ly_to, at most max, newest first.  false
 * when lk does not reach back to ly_from (the database is asked). */
static bool recent_from_lookup(const reading_lookup *lk, const char *since, const char *ly_from, const char *ly_to,
                               reading_row *out, size_t max, size_t *n)
{
    *n = 0;
    if (!lk || strcmp(lk->from, ly_from) > 0 || strcmp(lk->from, since) > 0)
        return false;
    for (size_t k = 0; k < lk->nrecent && *n < max; k++) {
        const char *on = lk->recent[k].read_on;
        if (strcmp(on, since) >= 0 || (strcmp(on, ly_from) >= 0 && strcmp(on, ly_to) <= 0))
            out[(*n)++] = lk->recent[k];
    }
    return true;
}

int reading_engine_gather(reading_engine *g, const char *tap_no, const char *meter_no, const char *read_on,
                          const reading_lookup *lk, reading_context *c, app_reading_out *out, err_t *e)
{
    app_ctx *ctx = g->ctx;
    char msg[256];
    /* Only the head of the context needs clearing: the arrays are filled
     * before they are read (nrecent, nperiods). */
    memset(c, 0, offsetof(reading_context, recent));
    c->nrecent = c->nperiods = 0;
    c->prev = c->replace = NULL;
    civil_date d;
    if (!read_on || !date_parse(read_on, &d))
        return refuse(out, RF_BAD_DATE, NULL);
    char on[11];
    date_format_iso(d, on);
    if (strcmp(on, g->today) > 0)
        return refuse(out, RF_FUTURE, NULL);
    str_copy(c->on, sizeof c->on, on);
    bool has_meter = false;
    int rc;
    if (lk) {
        rc = lk->at->found ? 0 : ERR_NOTFOUND;
        has_meter = lk->at->has_meter;
        c->tap = lk->at->tap;
        if (has_meter)
            c->meter = lk->at->meter;
    } else {
        rc = meter_store_at_tap_no(ctx->db, tap_no ? tap_no : "", &c->tap, &c->meter, &has_meter, e);
    }
    if (rc == ERR_NOTFOUND) {
        str_fmt(msg, sizeof msg, "水栓番号 %s は登録されていません。", tap_no ? tap_no : "");
        return refuse(out, RF_UNKNOWN_TAP, msg);
    }
    if (rc)
        return rc;
    if (strcmp(c->tap.status, "closed") == 0 || strcmp(c->tap.status, "removed") == 0) {
        str_fmt(msg, sizeof msg, "水栓 %s は閉栓中です。閉栓中の水栓の指針は受け付けません。", c->tap.tap_no);
        return refuse(out, RF_CLOSED, msg);
    }
    if (!has_meter) {
        str_fmt(msg, sizeof msg, "水栓 %s にはメーターが設置されていません。", c->tap.tap_no);
        return refuse(out, RF_NO_METER, msg);
    }
    bool meter_given = meter_no && *meter_no;
    if (meter_given && strcmp(meter_no, c->meter.meter_no) != 0) {
        meter_row other;
        rc = meter_store_get_by_no(ctx->db, meter_no, &other, e);
        if (rc && rc != ERR_NOTFOUND)
            return rc;
        if (rc == 0 && other.tap_id == c->tap.id && strcmp(other.status, "removed") == 0) {
            str_fmt(msg, sizeof msg, "メーター %s は %s に取り外されています。新しいメーター（%s）の指針を入力してください。",
                    meter_no, other.removed_on, c->meter.meter_no);
            return refuse(out, RF_REMOVED_METER, msg);
        }
        str_fmt(msg, sizeof msg, "メーター番号 %s は水栓 %s のメーターではありません（設置中: %s）。", meter_no,
                c->tap.tap_no, c->meter.meter_no);
        return refuse(out, RF_UNKNOWN_METER, msg);
    }
    if (!find_cycle(g, c->tap.route, on, c->cycle)) {
        if (!g->stop) {
            str_fmt(msg, sizeof msg, "検針日 %s は検針区 %s の検針期間外です（検針予定がありません）。", on, c->tap.route);
            return refuse(out, RF_OUTSIDE_CYCLE, msg);
        }
        str_fmt(c->cycle, sizeof c->cycle, "%.7s", on);
    }
    /* The last 100 days hold the previous reading (even of a meter read
     * every two months, read a few weeks late) and any meter change since; the window a year ago
     * holds "the same period last year".  Only when the previous regular
     * reading or this meter's last dial lies outside them (a tap not read
     * for a while) is the whole recent history read. */
    int64_t day = date_to_days(d), win = g->ctx->env->reading.ly_window_days;
    char since[11], ly_from[11], ly_to[11];
    date_format_iso(date_from_days(day - 100), since);
    date_format_iso(date_from_days(day - 365 - win), ly_from);
    date_format_iso(date_from_days(day - 365 + win), ly_to);
    if (!recent_from_lookup(lk, since, ly_from, ly_to, c->recent, READING_HISTORY, &c->nrecent) &&
        (rc = reading_store_recent_since(ctx->db, c->tap.id, since, ly_from, ly_to, c->recent, READING_HISTORY,
                                         &c->nrecent, e)))
        return rc;
    bool has_dial = false, has_regular = false;
    for (size_t k = 0; k < c->nrecent; k++) {
        const reading_row *r = &c->recent[k];
        if (strcmp(r->read_on, since) < 0)
            continue;
        has_dial = has_dial || r->meter_id == c->meter.id;
        has_regular = has_regular || (is_regular(r) && strcmp(r->status, "accepted") == 0);
    }
    if ((!has_dial || !has_regular) &&
        (rc = reading_store_recent_since(ctx->db, c->tap.id, "0000-01-01", NULL, NULL, c->recent, READING_HISTORY,
                                         &c->nrecent, e)))
        return rc;
    reading_context_derive(g, c, on);
    const reading_row *last = c->nperiods ? c->periods[0] : NULL;
    /* A stop's final reading ends a period inside the cycle: neither it nor
     * the next customer's regular reading after it counts as the cycle's one. */
    if (last && strcmp(last->cycle, c->cycle) == 0 && strcmp(last->read_on, on) != 0 && !g->stop &&
        strcmp(last->source, "stop") != 0) {
        str_fmt(msg, sizeof msg, "水栓 %s は %s 周期の検針が %s に確定しています。訂正は保留・再検針の手続きで行ってください。",
                c->tap.tap_no, c->cycle, last->read_on);
        return refuse(out, RF_CYCLE_DONE, msg);
    }
    if (!meter_given) {
        /* A meter taken out since the last regular reading: the reader must say which meter was read. */
        for (size_t k = 0; k < c->nrecent; k++) {
            const reading_row *r = &c->recent[k];
            if (last && strcmp(r->read_on, last->read_on) < 0)
                break;
            if (strcmp(r->kind, "final") == 0 && r->meter_id != c->meter.id) {
                str_fmt(msg, sizeof msg, "水栓 %s は %s にメーターを取り替えています。メーター番号（%s）を入力してください。",
                        c->tap.tap_no, r->read_on, c->meter.meter_no);
                return refuse(out, RF_METER_REQUIRED, msg);
            }
        }
    }
    if (c->prev && strcmp(on, c->prev->read_on) < 0) {
        str_fmt(msg, sizeof msg, "検針日は前回の検針日（%s）より後の日付にしてください。", c->prev->read_on);
        return refuse(out, RF_NOT_AFTER_PREV, msg);
    }
    str_copy(out->cycle, sizeof out->cycle, c->cycle);
    return 0;
}

/* The answer for a reading already stored. */
static void answer_stored(const reading_row *r, app_reading_out *out)
{
    out->status = strcmp(r->status, "held") == 0 ? READING_HELD : READING_ACCEPTED;
    out->reading_id = r->id;
    out->usage = r->usage;
    out->reasons = reading_reasons_parse(r->reasons);
    out->duplicate = true;
    str_copy(out->cycle, sizeof out->cycle, r->cycle);
}

int reading_engine_store(reading_engine *g, reading_context *c, const char *kind, int status, int64_t value,
                         int64_t meter_usage, unsigned reasons, const char *source, const char *client_id,
                         app_reading_out *out, err_t *e)
{
    app_ctx *ctx = g->ctx;
    reading_row r;
    memset(&r, 0, sizeof r);
    r.tap_id = c->tap.id;
    r.meter_id = c->meter.id;
    str_copy(r.cycle, sizeof r.cycle, c->cycle);
    str_copy(r.read_on, sizeof r.read_on, c->on);
    r.value = value;
    r.prev_value = c->prev ? c->prev->value : 0;
    r.days = c->basis.days;
    r.meter_usage = meter_usage;
    r.usage = reading_period_usage(&c->basis, meter_usage);
    r.flush_m3 = c->flush_m3;
    str_copy(r.kind, sizeof r.kind, kind);
    str_copy(r.status, sizeof r.status, status == READING_HELD ? "held" : "accepted");
    reading_reasons_join(reasons, r.reasons, sizeof r.reasons);
    str_copy(r.source, sizeof r.source, source && *source ? source : "office");
    str_copy(r.client_id, sizeof r.client_id, client_id ? client_id : "");
    str_copy(r.entered_by, sizeof r.entered_by, ctx->actor.username);
    r.created_at = g->now;
    if (g->pending) {
        out->reading_id = 0;
        g->pending[g->npending++] = r;
        return g->npending == READING_STORE_BATCH && reading_engine_flush(g, e) ? e->code : 0;
    }
    return reading_store_insert(ctx->db, &r, &out->reading_id, e) ? e->code : 0;
}

bool reading_parse_dial(const char *s, int64_t *v)
{
    return parse_dial(s, v);
}

int reading_engine_finish(reading_engine *g, reading_context *c, const app_reading_in *in, int64_t value,
                          app_reading_out *out, err_t *e)
{
    app_ctx *ctx = g->ctx;
    char msg[256];
    int64_t span = reading_dial_span((int)c->meter.digits);
    if (value >= span) {
        str_fmt(msg, sizeof msg, "指針 %lld はメーター %s の桁数（%lld桁）を超えています。", (long long)value,
                c->meter.meter_no, (long long)c->meter.digits);
        return refuse(out, RF_DIGITS, msg);
    }
    const char *on = c->on;
    /* The same meter and day again: the same value is the same reading. */
    const reading_row *same = c->replace && strcmp(c->replace->read_on, on) == 0 ? c->replace
                              : c->prev && strcmp(c->prev->read_on, on) == 0 && is_regular(c->prev) ? c->prev
                                                                                                     : NULL;
    if (same && same->value == value) {
        answer_stored(same, out);
        return 0;
    }
    if (same && same != c->replace) {
        str_fmt(msg, sizeof msg, "メーター %s の %s の指針は登録済みです（%lld）。訂正は事務所で行ってください。",
                c->meter.meter_no, on, (long long)same->value);
        return refuse(out, RF_DUPLICATE, msg);
    }
    if (c->prev && strcmp(on, c->prev->read_on) == 0) {
        str_fmt(msg, sizeof msg, "検針日は前回の検針日（%s）より後の日付にしてください。", c->prev->read_on);
        return refuse(out, RF_NOT_AFTER_PREV, msg);
    }
    reading_verdict v;
    reading_check(&ctx->env->reading, &c->basis, value, &v);
    out->status = v.status;
    out->usage = v.usage;
    out->reasons = v.reasons;
    int rc;
    if (c->replace &&
        (rc = reading_store_decide(ctx->db, c->replace->id, "held", "replaced", c->replace->reasons,
                                   ctx->actor.username, g->now, e)))
        return rc;
    rc = reading_engine_store(g, c, "actual", v.status, value, v.meter_usage, v.reasons, in->source, in->client_id,
                              out, e);
    if (!rc)
        str_copy(out->cycle, sizeof out->cycle, c->cycle);
    return rc;
}

int reading_engine_record(reading_engine *g, const app_reading_in *in, app_reading_out *out, err_t *e)
{
    app_ctx *ctx = g->ctx;
    memset(out, 0, sizeof *out);
    /* what this reading is checked against must include the readings held back */
    int rc = reading_engine_flush(g, e);
    if (rc)
        return rc;
    if (in->client_id && *in->client_id) {
        reading_row prior;
        rc = reading_store_by_client(ctx->db, in->client_id, &prior, e);
        if (rc == 0) {
            answer_stored(&prior, out);
            return 0;
        }
        if (rc != ERR_NOTFOUND)
            return rc;
        err_clear(e);
    }
    int64_t value;
    if (!parse_dial(in->value, &value))
        return refuse(out, RF_BAD_VALUE, NULL);
    reading_context *c = g->scratch ? g->scratch : (g->scratch = malloc(sizeof *c));
    if (!c)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    rc = reading_engine_gather(g, in->tap_no, in->meter_no, in->read_on, NULL, c, out, e);
    if (rc || out->status == READING_REFUSED)
        return rc;
    return reading_engine_finish(g, c, in, value, out, e);
}
