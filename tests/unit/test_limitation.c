/* Unit tests: limitation (domain/limitation.h) — the regime by read date
 * (2020-03-31 vs 2020-04-01) and service, 29 February (a start on it, and a
 * period that would end on one in a common year), renewal by an
 * acknowledgement (a water claim by an instalment pledge, keeping its own 2
 * years), the first 督促 of a sewer claim and the second ignored, a water
 * 督促 ignored, events after the bar or before the due date ignored, events
 * given out of order, bad input, and the JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/jsonw.h"
#include "domain/limitation.h"

static civil_date D(const char *s)
{
    civil_date d = {0, 0, 0};
    if (!date_parse(s, &d))
        fail_msg("bad date in test: %s", s);
    return d;
}

static void assert_date(civil_date d, const char *want)
{
    char iso[11];
    date_format_iso(d, iso);
    assert_string_equal(iso, want);
}

/* events: "a:YYYY-MM-DD" (acknowledgement) or "d:YYYY-MM-DD" (督促 deadline) */
static limitation_result *run(limitation_service s, const char *read_on, const char *due, size_t n,
                              const char *const *events)
{
    static limitation_result r;
    limitation_event_in ev[LIMITATION_MAX_EVENTS];
    for (size_t i = 0; i < n; i++) {
        ev[i].kind = events[i][0] == 'd' ? LIMITATION_DUNNING : LIMITATION_ACK;
        ev[i].date = D(events[i] + 2);
    }
    char err[256] = "";
    if (limitation_compute(s, D(read_on), D(due), ev, n, &r, err, sizeof err))
        fail_msg("limitation_compute: %s", err);
    return &r;
}

static void assert_event(const limitation_event *e, limitation_kind k, const char *date, limitation_effect eff,
                         const char *barred_from)
{
    assert_int_equal(e->kind, k);
    assert_date(e->date, date);
    assert_int_equal(e->effect, eff);
    assert_date(e->barred_from, barred_from);
}

static void regime_by_read_date(void **state)
{
    (void)state;
    /* water read on 2020-03-31: the old law, 2 years */
    limitation_result *r = run(LIMITATION_WATER, "2020-03-31", "2020-04-30", 0, NULL);
    assert_int_equal(r->years, 2);
    assert_true(r->needs_invocation);
    assert_date(r->barred_from, "2022-05-01");   /* from 05-01: ends 2022-04-30 */
    assert_int_equal(r->nevents, 0);
    /* read on 2020-04-01: 5 years */
    r = run(LIMITATION_WATER, "2020-04-01", "2020-04-30", 0, NULL);
    assert_int_equal(r->years, 5);
    assert_true(r->needs_invocation);
    assert_date(r->barred_from, "2025-05-01");
    /* sewer: 5 years whatever the read date, and no invocation needed */
    r = run(LIMITATION_SEWER, "2020-03-31", "2020-04-30", 0, NULL);
    assert_int_equal(r->years, 5);
    assert_false(r->needs_invocation);
    assert_date(r->barred_from, "2025-05-01");
    /* the worked example's bill: due 2023-11-30 */
    r = run(LIMITATION_SEWER, "2023-10-20", "2023-11-30", 0, NULL);
    assert_date(r->barred_from, "2028-12-01");
}

static void twenty_ninth_of_february(void **state)
{
    (void)state;
    /* due 2024-02-28: the period starts on 02-29; 2029-02-29 does not exist, so it
     * ends on 2029-02-28 and the claim is barred from 03-01 */
    limitation_result *r = run(LIMITATION_SEWER, "2024-02-10", "2024-02-28", 0, NULL);
    assert_date(r->barred_from, "2029-03-01");
    /* the same for 2 years of the old law */
    r = run(LIMITATION_WATER, "2020-02-10", "2020-02-28", 0, NULL);
    assert_int_equal(r->years, 2);
    assert_date(r->barred_from, "2022-03-01");
    /* due 2024-02-29: starts 03-01, barred from 2029-03-01 as well */
    r = run(LIMITATION_SEWER, "2024-02-10", "2024-02-29", 0, NULL);
    assert_date(r->barred_from, "2029-03-01");
    /* due 2019-02-27: starts 2019-02-28, ends 2024-02-27 — 2024-02-29 is not the end */
    r = run(LIMITATION_SEWER, "2019-02-10", "2019-02-27", 0, NULL);
    assert_date(r->barred_from, "2024-02-28");
    /* due 2019-02-28: starts 03-01, ends on 29 February 2024 (a leap year) */
    r = run(LIMITATION_SEWER, "2019-02-10", "2019-02-28", 0, NULL);
    assert_date(r->barred_from, "2024-03-01");
    /* an acknowledgement on 2024-02-28 restarts from 02-29 */
    const char *ev[] = {"a:2024-02-28"};
    r = run(LIMITATION_WATER, "2023-06-10", "2023-06-30", 1, ev);
    assert_date(r->barred_from, "2029-03-01");
    /* straight: a start on 29 February, 4 years on, exists */
    assert_date(limitation_barred_from(D("2024-02-29"), 4), "2028-02-29");
    assert_date(limitation_barred_from(D("2024-02-29"), 1), "2025-03-01");
}

/* An instalment pledge renews a water claim; the new period keeps the
 * claim's own length (2 years stays 2 years). */
static void water_renewed_by_a_pledge(void **state)
{
    (void)state;
    const char *ev[] = {"a:2021-05-10"};
    limitation_result *r = run(LIMITATION_WATER, "2019-05-10", "2019-05-31", 1, ev);
    assert_int_equal(r->years, 2);
    assert_date(r->barred_from, "2023-05-11");
    assert_int_equal(r->nevents, 1);
    assert_event(&r->events[0], LIMITATION_ACK, "2021-05-10", LIMITATION_RENEWED, "2023-05-11");

    /* 5 years: pledge on 2024-03-15 restarts from 03-16 */
    const char *ev2[] = {"a:2024-03-15"};
    r = run(LIMITATION_WATER, "2021-04-10", "2021-04-30", 1, ev2);
    assert_date(r->barred_from, "2029-03-16");
}

/* On the last day of the period an acknowledgement renews; from barred_from on
 * it is ignored (it does not revive the claim). */
static void acknowledgement_after_the_bar(void **state)
{
    (void)state;
    /* barred from 2021-06-01 */
    const char *late[] = {"a:2021-06-01"};
    limitation_result *r = run(LIMITATION_WATER, "2019-05-10", "2019-05-31", 1, late);
    assert_date(r->barred_from, "2021-06-01");
    assert_event(&r->events[0], LIMITATION_ACK, "2021-06-01", LIMITATION_IGNORED_BARRED, "2021-06-01");
    const char *last[] = {"a:2021-05-31"};
    r = run(LIMITATION_WATER, "2019-05-10", "2019-05-31", 1, last);
    assert_date(r->barred_from, "2023-06-01");
    assert_int_equal(r->events[0].effect, LIMITATION_RENEWED);
    /* a chain: each renewal within the period, then one too late */
    const char *chain[] = {"a:2023-05-31", "a:2021-05-31", "a:2025-06-02"};
    r = run(LIMITATION_WATER, "2019-05-10", "2019-05-31", 3, chain);
    assert_int_equal(r->nevents, 3);
    assert_event(&r->events[0], LIMITATION_ACK, "2021-05-31", LIMITATION_RENEWED, "2023-06-01");
    assert_event(&r->events[1], LIMITATION_ACK, "2023-05-31", LIMITATION_RENEWED, "2025-06-01");
    assert_event(&r->events[2], LIMITATION_ACK, "2025-06-02", LIMITATION_IGNORED_BARRED, "2025-06-01");
    assert_date(r->barred_from, "2025-06-01");
}

/* Sewer: the first 督促 renews from the day after its deadline; a second does
 * not (given out of order here). */
static void sewer_first_dunning_only(void **state)
{
    (void)state;
    const char *ev[] = {"d:2024-02-15", "d:2023-12-25"};
    limitation_result *r = run(LIMITATION_SEWER, "2023-10-20", "2023-11-30", 2, ev);
    assert_int_equal(r->nevents, 2);
    assert_event(&r->events[0], LIMITATION_DUNNING, "2023-12-25", LIMITATION_RENEWED, "2028-12-26");
    assert_event(&r->events[1], LIMITATION_DUNNING, "2024-02-15", LIMITATION_IGNORED_NOT_FIRST, "2028-12-26");
    assert_date(r->barred_from, "2028-12-26");
    /* then a partial payment renews again */
    const char *ev2[] = {"d:2023-12-25", "a:2026-07-01", "d:2026-08-20"};
    r = run(LIMITATION_SEWER, "2023-10-20", "2023-11-30", 3, ev2);
    assert_event(&r->events[1], LIMITATION_ACK, "2026-07-01", LIMITATION_RENEWED, "2031-07-02");
    assert_event(&r->events[2], LIMITATION_DUNNING, "2026-08-20", LIMITATION_IGNORED_NOT_FIRST, "2031-07-02");
    assert_date(r->barred_from, "2031-07-02");
}

/* Water: a 督促 is a 催告 and renews nothing; an acknowledgement on or before
 * the due date is before the period starts. */
static void ignored_events(void **state)
{
    (void)state;
    const char *ev[] = {"d:2021-05-25", "a:2021-04-30", "a:2021-04-20"};
    limitation_result *r = run(LIMITATION_WATER, "2021-04-10", "2021-04-30", 3, ev);
    assert_int_equal(r->nevents, 3);
    assert_event(&r->events[0], LIMITATION_ACK, "2021-04-20", LIMITATION_IGNORED_BEFORE_START, "2026-05-01");
    assert_event(&r->events[1], LIMITATION_ACK, "2021-04-30", LIMITATION_IGNORED_BEFORE_START, "2026-05-01");
    assert_event(&r->events[2], LIMITATION_DUNNING, "2021-05-25", LIMITATION_IGNORED_PRIVATE, "2026-05-01");
    assert_date(r->barred_from, "2026-05-01");
    assert_string_equal(limitation_effect_code(LIMITATION_IGNORED_PRIVATE), "private_claim");
    assert_non_null(strstr(limitation_effect_text(LIMITATION_IGNORED_NOT_FIRST), "最初の督促"));
}

static void bad_input(void **state)
{
    (void)state;
    limitation_result r;
    char err[256];
    /* read after due */
    assert_int_equal(limitation_compute(LIMITATION_WATER, D("2024-05-01"), D("2024-04-30"), NULL, 0, &r, err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "検針日"));
    /* a 督促 deadline on or before the due date */
    limitation_event_in ev = {LIMITATION_DUNNING, D("2024-04-30")};
    assert_int_equal(limitation_compute(LIMITATION_SEWER, D("2024-04-01"), D("2024-04-30"), &ev, 1, &r, err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "督促"));
    civil_date bad = {2024, 2, 30};
    assert_int_equal(limitation_compute(LIMITATION_SEWER, D("2024-01-01"), bad, NULL, 0, &r, err, sizeof err), -1);
    assert_non_null(strstr(err, "納期限"));
    limitation_event_in many[LIMITATION_MAX_EVENTS + 1];
    for (size_t i = 0; i < LIMITATION_MAX_EVENTS + 1; i++)
        many[i] = (limitation_event_in){LIMITATION_ACK, D("2024-06-01")};
    assert_int_equal(limitation_compute(LIMITATION_SEWER, D("2024-04-01"), D("2024-04-30"), many,
                                        LIMITATION_MAX_EVENTS + 1, &r, err, sizeof err),
                     -1);
}

static void as_json(void **state)
{
    (void)state;
    const char *ev[] = {"d:2023-12-25", "d:2024-02-15"};
    limitation_result *r = run(LIMITATION_SEWER, "2023-10-20", "2023-11-30", 2, ev);
    buf_t b;
    buf_init(&b, 0);
    jsonw w;
    jsonw_begin(&w, &b);
    limitation_json(&w, r);
    assert_string_equal(buf_cstr(&b),
                        "{\"barred_from\":\"2028-12-26\",\"needs_invocation\":false,\"years\":5,\"events\":["
                        "{\"kind\":\"dunning\",\"date\":\"2023-12-25\",\"effect\":\"renewed\",\"barred_from\":\"2028-12-26\"},"
                        "{\"kind\":\"dunning\",\"date\":\"2024-02-15\",\"effect\":\"not_first_dunning\","
                        "\"barred_from\":\"2028-12-26\",\"why\":\"時効を更新するのは最初の督促だけです（2回目以降の督促は更新しません）。\"}]}");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(regime_by_read_date),
        cmocka_unit_test(twenty_ninth_of_february),
        cmocka_unit_test(water_renewed_by_a_pledge),
        cmocka_unit_test(acknowledgement_after_the_bar),
        cmocka_unit_test(sewer_first_dunning_only),
        cmocka_unit_test(ignored_events),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(as_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
