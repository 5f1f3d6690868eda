/* Unit tests: the progress of a works application (domain/works/works_progress.h)
 * — every step from every status (allowed exactly where the table says), a
 * 新設 through to 完了, an inspection failed then passed at 再検査, 取消
 * before 完了 and never after, the other-person rule of 承認, dates that go
 * backwards or into the future, results and reasons, and the fee gate naming
 * each unpaid charge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/role.h"
#include "domain/works/works_fee.h"
#include "domain/works/works_progress.h"

static civil_date D(const char *s)
{
    civil_date d = {0, 0, 0};
    if (!date_parse(s, &d))
        fail_msg("bad date in test: %s", s);
    return d;
}

static works_charge_state CHARGES[3] = {
    {"加入金", 110000, 110000, WORKS_DUE_START},
    {"設計審査手数料", 2000, 2000, WORKS_DUE_APPROVAL},
    {"完成検査手数料", 3000, 3000, WORKS_DUE_START},
};

static works_progress_state state(int status, const char *last_on)
{
    works_progress_state st = {status, D(last_on), "koji1", CHARGES, 3};
    return st;
}

static works_step_request req(int step, const char *on, const char *actor)
{
    works_step_request rq = {step, D(on), D("2026-12-05"), WORKS_RESULT_NONE, NULL, actor};
    if (works_step_takes_result(step))
        rq.result = WORKS_RESULT_PASS;
    if (works_step_takes_reason(step))
        rq.reason = "施主の都合";
    return rq;
}

/* Take step from st, which must succeed; st moves on. */
static void take(works_progress_state *st, works_step_request rq)
{
    err_t e;
    err_clear(&e);
    int to = -1;
    if (works_progress_check(st, &rq, &to, &e) != 0)
        fail_msg("%s from %s: %s [%s]", works_step_code(rq.step), works_status_code(st->status), e.user, e.field);
    st->status = to;
    st->last_on = rq.on;
}

static const char *refused(const works_progress_state *st, works_step_request rq, const char *field)
{
    static err_t e;
    err_clear(&e);
    int to = -1;
    assert_int_equal(works_progress_check(st, &rq, &to, &e), ERR_INVALID);
    assert_string_equal(e.field, field);
    assert_int_equal(to, st->status);
    return e.user;
}

static void table_of_transitions(void **state_)
{
    (void)state_;
    /* the expected table: step -> statuses it may be taken from */
    static const unsigned ALLOWED[WORKS_NSTEPS] = {
        [WORKS_STEP_RECEIVE] = 0,
        [WORKS_STEP_REVIEW] = 1u << WORKS_ST_RECEIVED,
        [WORKS_STEP_APPROVE] = 1u << WORKS_ST_REVIEW,
        [WORKS_STEP_PAY] = 1u << WORKS_ST_APPROVED,
        [WORKS_STEP_START] = 1u << WORKS_ST_PAID,
        [WORKS_STEP_INSPECT] = 1u << WORKS_ST_STARTED,
        [WORKS_STEP_REINSPECT] = 1u << WORKS_ST_FAILED | 1u << WORKS_ST_INSPECTED,
        [WORKS_STEP_COMPLETE] = 1u << WORKS_ST_INSPECTED,
        [WORKS_STEP_CANCEL] = (1u << WORKS_ST_COMPLETED) - 1,   /* every status before 完了 */
    };
    for (int step = 0; step < WORKS_NSTEPS; step++)
        for (int s = 0; s < WORKS_NSTATUSES; s++) {
            bool want = (ALLOWED[step] >> s) & 1u;
            assert_int_equal(works_step_allowed_from(step, s), want);
            works_progress_state st = state(s, "2026-11-01");
            works_step_request rq = req(step, "2026-12-01", "other");
            err_t e;
            err_clear(&e);
            int to = -1;
            int rc = works_progress_check(&st, &rq, &to, &e);
            if (want) {
                assert_int_equal(rc, 0);
                assert_true(to >= 0 && to < WORKS_NSTATUSES);
            } else {
                assert_int_equal(rc, ERR_INVALID);
                assert_string_equal(e.field, "step");
            }
        }
}

static void new_application_to_completion(void **state_)
{
    (void)state_;
    works_progress_state st = state(WORKS_ST_RECEIVED, "2026-10-01");
    take(&st, req(WORKS_STEP_REVIEW, "2026-10-02", "koji1"));
    assert_int_equal(st.status, WORKS_ST_REVIEW);
    take(&st, req(WORKS_STEP_APPROVE, "2026-10-05", "kakaricho"));
    assert_int_equal(st.status, WORKS_ST_APPROVED);
    take(&st, req(WORKS_STEP_PAY, "2026-10-05", "koji1"));   /* the same day is not backwards */
    assert_int_equal(st.status, WORKS_ST_PAID);
    take(&st, req(WORKS_STEP_START, "2026-10-20", "koji2"));
    assert_int_equal(st.status, WORKS_ST_STARTED);
    take(&st, req(WORKS_STEP_INSPECT, "2026-11-10", "koji2"));
    assert_int_equal(st.status, WORKS_ST_INSPECTED);
    take(&st, req(WORKS_STEP_COMPLETE, "2026-11-11", "koji1"));
    assert_int_equal(st.status, WORKS_ST_COMPLETED);
    assert_false(works_status_open(st.status));
    int steps[WORKS_NSTEPS];
    assert_int_equal(works_steps_from(st.status, steps), 0);
    refused(&st, req(WORKS_STEP_CANCEL, "2026-11-12", "koji1"), "step");
}

static void inspection_failed_then_passed(void **state_)
{
    (void)state_;
    works_progress_state st = state(WORKS_ST_STARTED, "2026-10-20");
    works_step_request rq = req(WORKS_STEP_INSPECT, "2026-11-10", "koji2");
    rq.result = WORKS_RESULT_FAIL;
    take(&st, rq);
    assert_int_equal(st.status, WORKS_ST_FAILED);
    refused(&st, req(WORKS_STEP_COMPLETE, "2026-11-11", "koji1"), "step");
    refused(&st, req(WORKS_STEP_INSPECT, "2026-11-11", "koji1"), "step");
    rq = req(WORKS_STEP_REINSPECT, "2026-11-15", "koji2");
    rq.result = WORKS_RESULT_FAIL;
    take(&st, rq);
    assert_int_equal(st.status, WORKS_ST_FAILED);   /* failed again: waits for another 再検査 */
    take(&st, req(WORKS_STEP_REINSPECT, "2026-11-20", "koji2"));
    assert_int_equal(st.status, WORKS_ST_INSPECTED);
    int steps[WORKS_NSTEPS];
    size_t n = works_steps_from(st.status, steps);
    /* after a pass: 完了, or 再検査 again (the meter set on site changed before 完了), or 取消 */
    assert_int_equal(n, 3);
    assert_int_equal(steps[0], WORKS_STEP_REINSPECT);
    assert_int_equal(steps[1], WORKS_STEP_COMPLETE);
    assert_int_equal(steps[2], WORKS_STEP_CANCEL);
}

static void inspection_needs_a_result(void **state_)
{
    (void)state_;
    works_progress_state st = state(WORKS_ST_STARTED, "2026-10-20");
    works_step_request rq = req(WORKS_STEP_INSPECT, "2026-11-10", "koji2");
    rq.result = WORKS_RESULT_NONE;
    assert_non_null(strstr(refused(&st, rq, "result"), "合格・不合格"));
    st = state(WORKS_ST_RECEIVED, "2026-10-01");
    rq = req(WORKS_STEP_REVIEW, "2026-10-02", "koji1");
    rq.result = WORKS_RESULT_PASS;
    refused(&st, rq, "result");
}

static void approval_by_another_person(void **state_)
{
    (void)state_;
    works_progress_state st = state(WORKS_ST_REVIEW, "2026-10-02");
    const char *msg = refused(&st, req(WORKS_STEP_APPROVE, "2026-10-05", "koji1"), "step");
    assert_non_null(strstr(msg, "別の職員"));
    take(&st, req(WORKS_STEP_APPROVE, "2026-10-05", "kakaricho"));
    assert_int_equal(works_step_perm(WORKS_STEP_APPROVE), PERM_WORKS_APPROVE);
    assert_int_equal(works_step_perm(WORKS_STEP_REVIEW), PERM_WORKS);
    assert_int_equal(works_step_perm(WORKS_STEP_CANCEL), PERM_WORKS);
    /* the other steps may be taken by the one who entered it */
    st = state(WORKS_ST_RECEIVED, "2026-10-01");
    take(&st, req(WORKS_STEP_REVIEW, "2026-10-02", "koji1"));
}

static void dates_may_not_go_backwards(void **state_)
{
    (void)state_;
    works_progress_state st = state(WORKS_ST_PAID, "2026-10-05");
    const char *msg = refused(&st, req(WORKS_STEP_START, "2026-10-04", "koji1"), "on");
    assert_non_null(strstr(msg, "2026-10-05"));
    refused(&st, req(WORKS_STEP_START, "2026-12-06", "koji1"), "on");   /* after today */
    works_step_request rq = req(WORKS_STEP_START, "2026-10-05", "koji1");
    rq.on = (civil_date){2026, 2, 30};
    refused(&st, rq, "on");
    take(&st, req(WORKS_STEP_START, "2026-12-05", "koji1"));   /* today */
}

static void cancel_needs_a_reason(void **state_)
{
    (void)state_;
    works_progress_state st = state(WORKS_ST_APPROVED, "2026-10-05");
    works_step_request rq = req(WORKS_STEP_CANCEL, "2026-10-06", "koji1");
    rq.reason = "  ";
    refused(&st, rq, "reason");
    rq.reason = NULL;
    refused(&st, rq, "reason");
    char longer[WORKS_REASON_MAX * 3 + 4];
    memset(longer, 0, sizeof longer);
    for (int i = 0; i <= WORKS_REASON_MAX; i++)
        memcpy(longer + i * 3, "取", 3);
    rq.reason = longer;
    assert_non_null(strstr(refused(&st, rq, "reason"), "201文字"));
    rq.reason = "bad\x01";
    refused(&st, rq, "reason");
    rq.reason = "施主の都合により取りやめ";
    take(&st, rq);
    assert_int_equal(st.status, WORKS_ST_CANCELLED);
    refused(&st, req(WORKS_STEP_CANCEL, "2026-10-07", "koji1"), "step");
    refused(&st, req(WORKS_STEP_REVIEW, "2026-10-07", "koji1"), "step");
}

static void the_fee_gate(void **state_)
{
    (void)state_;
    works_charge_state unpaid[3] = {
        {"加入金", 110000, 0, WORKS_DUE_START},
        {"設計審査手数料", 2000, 0, WORKS_DUE_APPROVAL},
        {"完成検査手数料", 3000, 1000, WORKS_DUE_START},
    };
    works_progress_state st = {WORKS_ST_REVIEW, D("2026-10-02"), "koji1", unpaid, 3};
    const char *msg = refused(&st, req(WORKS_STEP_APPROVE, "2026-10-05", "kakaricho"), "fees");
    assert_non_null(strstr(msg, "設計審査手数料（未納 ¥2,000）"));
    assert_null(strstr(msg, "加入金"));   /* due before the start, not the approval */
    unpaid[1].paid_yen = 2000;
    take(&st, req(WORKS_STEP_APPROVE, "2026-10-05", "kakaricho"));
    msg = refused(&st, req(WORKS_STEP_PAY, "2026-10-06", "koji1"), "fees");
    assert_non_null(strstr(msg, "加入金（未納 ¥110,000）、完成検査手数料（未納 ¥2,000）"));
    unpaid[0].paid_yen = 110000;
    unpaid[2].paid_yen = 3000;
    take(&st, req(WORKS_STEP_PAY, "2026-10-06", "koji1"));
    /* a payment reversed before the start: 着工 is refused as well */
    unpaid[0].paid_yen = 100000;
    msg = refused(&st, req(WORKS_STEP_START, "2026-10-07", "koji1"), "fees");
    assert_non_null(strstr(msg, "着工の前に"));
    assert_non_null(strstr(msg, "加入金（未納 ¥10,000）"));
    /* no charges at all (a removal of a table without fees): nothing to wait for */
    works_progress_state none = {WORKS_ST_REVIEW, D("2026-10-02"), "koji1", NULL, 0};
    take(&none, req(WORKS_STEP_APPROVE, "2026-10-05", "kakaricho"));
}

static void codes_and_labels(void **state_)
{
    (void)state_;
    for (int s = 0; s < WORKS_NSTATUSES; s++) {
        assert_int_equal(works_status_parse(works_status_code(s)), s);
        assert_true(*works_status_label(s));
    }
    for (int s = 0; s < WORKS_NSTEPS; s++) {
        assert_int_equal(works_step_parse(works_step_code(s)), s);
        assert_true(*works_step_label(s));
    }
    assert_int_equal(works_status_parse("done"), -1);
    assert_int_equal(works_step_parse(NULL), -1);
    assert_int_equal(works_result_parse("fail"), WORKS_RESULT_FAIL);
    assert_int_equal(works_result_parse(""), WORKS_RESULT_NONE);
    assert_int_equal(works_result_parse("ok"), -1);
    assert_string_equal(works_result_label(WORKS_RESULT_PASS), "合格");
    assert_string_equal(works_status_code(99), "");
    /* 受付 is the creation itself, never a step taken later */
    works_progress_state st = state(WORKS_ST_RECEIVED, "2026-10-01");
    refused(&st, req(WORKS_STEP_RECEIVE, "2026-10-02", "koji1"), "step");
}

/* The forward step from each status and who may take it: the order of the
 * table, so that the demo (and anything that walks an application forward)
 * need not know it. */
static void the_forward_step(void **state)
{
    (void)state;
    static const struct {
        int status, step, perm;
        bool other;
    } V[] = {
        {WORKS_ST_RECEIVED, WORKS_STEP_REVIEW, PERM_WORKS, false},
        {WORKS_ST_REVIEW, WORKS_STEP_APPROVE, PERM_WORKS_APPROVE, true},
        {WORKS_ST_APPROVED, WORKS_STEP_PAY, PERM_WORKS, false},
        {WORKS_ST_PAID, WORKS_STEP_START, PERM_WORKS, false},
        {WORKS_ST_STARTED, WORKS_STEP_INSPECT, PERM_WORKS, false},
        {WORKS_ST_FAILED, WORKS_STEP_REINSPECT, PERM_WORKS, false},
        {WORKS_ST_INSPECTED, WORKS_STEP_COMPLETE, PERM_WORKS, false},   /* not another 再検査 */
        {WORKS_ST_COMPLETED, -1, PERM_WORKS, false},
        {WORKS_ST_CANCELLED, -1, PERM_WORKS, false},
    };
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++) {
        works_forward f = works_step_forward(V[i].status);
        assert_int_equal(f.step, V[i].step);
        if (f.step >= 0) {
            assert_int_equal(f.perm, V[i].perm);
            assert_int_equal(f.perm, works_step_perm(f.step));
            assert_true(works_step_allowed_from(f.step, V[i].status));
        }
        assert_int_equal(f.other_person, V[i].other);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_of_transitions),
        cmocka_unit_test(new_application_to_completion),
        cmocka_unit_test(inspection_failed_then_passed),
        cmocka_unit_test(inspection_needs_a_result),
        cmocka_unit_test(approval_by_another_person),
        cmocka_unit_test(dates_may_not_go_backwards),
        cmocka_unit_test(cancel_needs_a_reason),
        cmocka_unit_test(the_fee_gate),
        cmocka_unit_test(codes_and_labels),
        cmocka_unit_test(the_forward_step),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
