/* limitation — see limitation.h and docs/arrears.md. */
#include "domain/limitation.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/jsonw.h"

static int fail(char *err, size_t errsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errsz, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsz, fmt, ap);
    va_end(ap);
    return -1;
}

static civil_date next_day(civil_date d)
{
    return date_from_days(date_to_days(d) + 1);
}

civil_date limitation_barred_from(civil_date start, int years)
{
    civil_date same = {start.y + years, start.m, start.d};
    if (date_valid(same))
        return same;
    /* 29 February in a common year: the period ends on the last day of
     * February, so the claim is barred from 1 March */
    civil_date march = {start.y + years, 3, 1};
    return march;
}

const char *limitation_kind_code(limitation_kind k)
{
    return k == LIMITATION_DUNNING ? "dunning" : "ack";
}

const char *limitation_effect_code(limitation_effect e)
{
    switch (e) {
    case LIMITATION_RENEWED: return "renewed";
    case LIMITATION_IGNORED_BARRED: return "barred";
    case LIMITATION_IGNORED_BEFORE_START: return "before_start";
    case LIMITATION_IGNORED_NOT_FIRST: return "not_first_dunning";
    case LIMITATION_IGNORED_PRIVATE: return "private_claim";
    }
    return "?";
}

const char *limitation_effect_text(limitation_effect e)
{
    switch (e) {
    case LIMITATION_RENEWED: return "時効が更新されました。";
    case LIMITATION_IGNORED_BARRED: return "時効の完成後の出来事は、時効を更新しません（完成した時効は戻りません）。";
    case LIMITATION_IGNORED_BEFORE_START: return "納期限以前の出来事で、時効はまだ進行していません。";
    case LIMITATION_IGNORED_NOT_FIRST: return "時効を更新するのは最初の督促だけです（2回目以降の督促は更新しません）。";
    case LIMITATION_IGNORED_PRIVATE: return "水道料金（私債権）の督促は催告にとどまり、時効を更新しません。";
    }
    return "?";
}

int limitation_compute(limitation_service service, civil_date read_on, civil_date due,
                       const limitation_event_in *events, size_t nevents, limitation_result *out, char *err,
                       size_t errsz)
{
    memset(out, 0, sizeof *out);
    if (service != LIMITATION_WATER && service != LIMITATION_SEWER)
        return fail(err, errsz, "料金の種類は水道か下水道です。");
    if (!date_valid(read_on))
        return fail(err, errsz, "検針日が実在する日付ではありません。");
    if (!date_valid(due))
        return fail(err, errsz, "納期限が実在する日付ではありません。");
    if (date_cmp(read_on, due) > 0)
        return fail(err, errsz, "検針日が納期限より後になっています。");
    if (nevents > LIMITATION_MAX_EVENTS)
        return fail(err, errsz, "承認・督促は合わせて %d 件までです（%zu 件）。", LIMITATION_MAX_EVENTS, nevents);
    for (size_t i = 0; i < nevents; i++) {
        if (!date_valid(events[i].date))
            return fail(err, errsz, "%zu 件目の承認・督促の日付が実在する日付ではありません。", i + 1);
        if (events[i].kind == LIMITATION_DUNNING && date_cmp(events[i].date, due) <= 0)
            return fail(err, errsz, "督促状の指定期限は納期限より後の日付です（%zu 件目）。", i + 1);
    }

    civil_date new_law = {2020, 4, 1};
    out->needs_invocation = service == LIMITATION_WATER;
    out->years = service == LIMITATION_WATER && date_cmp(read_on, new_law) < 0 ? 2 : 5;
    out->barred_from = limitation_barred_from(next_day(due), out->years);

    /* date order, stable (insertion sort: at most LIMITATION_MAX_EVENTS) */
    limitation_event_in ev[LIMITATION_MAX_EVENTS];
    if (nevents)
        memcpy(ev, events, nevents * sizeof *ev);
    for (size_t i = 1; i < nevents; i++) {
        limitation_event_in x = ev[i];
        size_t k = i;
        for (; k > 0 && date_cmp(ev[k - 1].date, x.date) > 0; k--)
            ev[k] = ev[k - 1];
        ev[k] = x;
    }

    bool dunned = false;   /* a 督促 has been seen (only the first renews) */
    for (size_t i = 0; i < nevents; i++) {
        limitation_event *e = &out->events[out->nevents++];
        e->kind = ev[i].kind;
        e->date = ev[i].date;
        bool dunning = ev[i].kind == LIMITATION_DUNNING;
        if (date_cmp(ev[i].date, out->barred_from) >= 0)
            e->effect = LIMITATION_IGNORED_BARRED;
        else if (date_cmp(ev[i].date, due) <= 0)
            e->effect = LIMITATION_IGNORED_BEFORE_START;
        else if (dunning && service == LIMITATION_WATER)
            e->effect = LIMITATION_IGNORED_PRIVATE;
        else if (dunning && dunned)
            e->effect = LIMITATION_IGNORED_NOT_FIRST;
        else
            e->effect = LIMITATION_RENEWED;
        if (dunning)
            dunned = true;
        if (e->effect == LIMITATION_RENEWED) {
            civil_date b = limitation_barred_from(next_day(ev[i].date), out->years);
            /* events come in date order, so a renewal never shortens the period */
            if (date_cmp(b, out->barred_from) > 0)
                out->barred_from = b;
        }
        e->barred_from = out->barred_from;
    }
    return 0;
}

void limitation_json(struct jsonw *w, const limitation_result *r)
{
    char iso[11];
    jsonw_object(w);
    date_format_iso(r->barred_from, iso);
    jsonw_kv_string(w, "barred_from", iso);
    jsonw_kv_bool(w, "needs_invocation", r->needs_invocation);
    jsonw_kv_int(w, "years", r->years);
    jsonw_key(w, "events");
    jsonw_array(w);
    for (int i = 0; i < r->nevents; i++) {
        const limitation_event *e = &r->events[i];
        jsonw_object(w);
        jsonw_kv_string(w, "kind", limitation_kind_code(e->kind));
        date_format_iso(e->date, iso);
        jsonw_kv_string(w, "date", iso);
        jsonw_kv_string(w, "effect", limitation_effect_code(e->effect));
        date_format_iso(e->barred_from, iso);
        jsonw_kv_string(w, "barred_from", iso);
        if (e->effect != LIMITATION_RENEWED)
            jsonw_kv_string(w, "why", limitation_effect_text(e->effect));
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
    jsonw_end_object(w);
}
