/* works_progress — see works_progress.h and docs/works.md. */
#include "domain/works/works_progress.h"

#include <string.h>

#include "base/buf.h"
#include "base/text.h"
#include "domain/role.h"
#include "domain/works/works_fee.h"

static const char *const STATUS_CODES[WORKS_NSTATUSES] = {
    "received", "review", "approved", "paid", "started", "failed", "inspected", "completed", "cancelled"};
static const char *const STATUS_LABELS[WORKS_NSTATUSES] = {
    "受付済", "審査中", "承認済", "納付済", "着工", "検査不合格（再検査待ち）", "検査合格", "完了", "取消"};

#define FROM(s) (1u << (s))
#define OPEN_STATUSES                                                                                         \
    (FROM(WORKS_ST_RECEIVED) | FROM(WORKS_ST_REVIEW) | FROM(WORKS_ST_APPROVED) | FROM(WORKS_ST_PAID) |         \
     FROM(WORKS_ST_STARTED) | FROM(WORKS_ST_FAILED) | FROM(WORKS_ST_INSPECTED))
#define GATE_NONE (-1)

/* One row per step: where it may start, where it leads (a failed
 * inspection: to_fail), who may take it, what it takes, the fee gate. */
typedef struct step_rule {
    const char *code, *label;
    unsigned from;        /* FROM(status) bits; 0: only at creation */
    int to, to_fail;
    int perm;
    bool result, reason;
    int gate;             /* the latest enum works_fee_due that must be paid; GATE_NONE */
    bool other_person;    /* not by the person who entered the application */
} step_rule;

static const step_rule STEPS[WORKS_NSTEPS] = {
    [WORKS_STEP_RECEIVE] = {"receive", "受付", 0, WORKS_ST_RECEIVED, -1, PERM_WORKS, false, false, GATE_NONE, false},
    [WORKS_STEP_REVIEW] = {"review", "審査", FROM(WORKS_ST_RECEIVED), WORKS_ST_REVIEW, -1, PERM_WORKS, false, false,
                           GATE_NONE, false},
    [WORKS_STEP_APPROVE] = {"approve", "承認（認可）", FROM(WORKS_ST_REVIEW), WORKS_ST_APPROVED, -1, PERM_WORKS_APPROVE,
                            false, false, WORKS_DUE_APPROVAL, true},
    [WORKS_STEP_PAY] = {"pay", "納付", FROM(WORKS_ST_APPROVED), WORKS_ST_PAID, -1, PERM_WORKS, false, false,
                        WORKS_DUE_START, false},
    [WORKS_STEP_START] = {"start", "着工", FROM(WORKS_ST_PAID), WORKS_ST_STARTED, -1, PERM_WORKS, false, false,
                          WORKS_DUE_START, false},
    [WORKS_STEP_INSPECT] = {"inspect", "完成検査", FROM(WORKS_ST_STARTED), WORKS_ST_INSPECTED, WORKS_ST_FAILED,
                            PERM_WORKS, true, false, GATE_NONE, false},
    /* 再検査 after a pass too: the meter set on site changed before 完了 (the hand-over installs what the last
     * passing inspection recorded) */
    [WORKS_STEP_REINSPECT] = {"reinspect", "再検査", FROM(WORKS_ST_FAILED) | FROM(WORKS_ST_INSPECTED), WORKS_ST_INSPECTED,
                              WORKS_ST_FAILED,
                              PERM_WORKS, true, false, GATE_NONE, false},
    [WORKS_STEP_COMPLETE] = {"complete", "完了", FROM(WORKS_ST_INSPECTED), WORKS_ST_COMPLETED, -1, PERM_WORKS, false,
                             false, GATE_NONE, false},
    [WORKS_STEP_CANCEL] = {"cancel", "取消", OPEN_STATUSES, WORKS_ST_CANCELLED, -1, PERM_WORKS, false, true, GATE_NONE,
                           false},
};

static const char *const RESULT_CODES[] = {"", "pass", "fail"};
static const char *const RESULT_LABELS[] = {"", "合格", "不合格"};

const char *works_status_code(int status)
{
    return (unsigned)status < WORKS_NSTATUSES ? STATUS_CODES[status] : "";
}

const char *works_status_label(int status)
{
    return (unsigned)status < WORKS_NSTATUSES ? STATUS_LABELS[status] : "";
}

int works_status_parse(const char *code)
{
    for (int i = 0; code && i < WORKS_NSTATUSES; i++)
        if (strcmp(code, STATUS_CODES[i]) == 0)
            return i;
    return -1;
}

const char *works_step_code(int step)
{
    return (unsigned)step < WORKS_NSTEPS ? STEPS[step].code : "";
}

const char *works_step_label(int step)
{
    return (unsigned)step < WORKS_NSTEPS ? STEPS[step].label : "";
}

int works_step_parse(const char *code)
{
    for (int i = 0; code && i < WORKS_NSTEPS; i++)
        if (strcmp(code, STEPS[i].code) == 0)
            return i;
    return -1;
}

const char *works_result_code(int result)
{
    return result >= WORKS_RESULT_NONE && result <= WORKS_RESULT_FAIL ? RESULT_CODES[result] : "";
}

const char *works_result_label(int result)
{
    return result >= WORKS_RESULT_NONE && result <= WORKS_RESULT_FAIL ? RESULT_LABELS[result] : "";
}

int works_result_parse(const char *code)
{
    for (int i = 0; code && i <= WORKS_RESULT_FAIL; i++)
        if (strcmp(code, RESULT_CODES[i]) == 0)
            return i;
    return -1;
}

int works_step_perm(int step)
{
    return (unsigned)step < WORKS_NSTEPS ? STEPS[step].perm : PERM_WORKS;
}

bool works_step_takes_result(int step)
{
    return (unsigned)step < WORKS_NSTEPS && STEPS[step].result;
}

bool works_step_takes_reason(int step)
{
    return (unsigned)step < WORKS_NSTEPS && STEPS[step].reason;
}

bool works_step_allowed_from(int step, int status)
{
    return (unsigned)step < WORKS_NSTEPS && (unsigned)status < WORKS_NSTATUSES && (STEPS[step].from & FROM(status));
}

bool works_status_open(int status)
{
    return (unsigned)status < WORKS_NSTATUSES && (OPEN_STATUSES & FROM(status));
}

size_t works_steps_from(int status, int out[WORKS_NSTEPS])
{
    size_t n = 0;
    for (int s = 0; s < WORKS_NSTEPS; s++)
        if (works_step_allowed_from(s, status))
            out[n++] = s;
    return n;
}

works_forward works_step_forward(int status)
{
    for (int s = 0; s < WORKS_NSTEPS; s++)
        if (s != WORKS_STEP_CANCEL && works_step_allowed_from(s, status) && STEPS[s].to != status)
            return (works_forward){.step = s, .perm = STEPS[s].perm, .other_person = STEPS[s].other_person};
    return (works_forward){.step = -1, .perm = PERM_WORKS, .other_person = false};
}

/* The fee gate: every charge due at gate or earlier paid in full; else the
 * message lists each one unpaid with what is left of it. */
static int fee_gate(const works_progress_state *st, const step_rule *r, err_t *e)
{
    if (r->gate == GATE_NONE)
        return 0;
    buf_t b;
    buf_init(&b, 0);
    for (size_t i = 0; i < st->ncharges; i++) {
        const works_charge_state *c = &st->charges[i];
        if (c->due > r->gate || c->paid_yen >= c->yen)
            continue;
        char left[32];
        str_thousands((long long)(c->yen - c->paid_yen), left);
        buf_printf(&b, "%s%s（未納 ¥%s）", b.len ? "、" : "", c->name, left);
    }
    int rc = 0;
    if (b.len)
        rc = err_field(e, "fees", "%sの前に納付が必要な料金が未納です: %s。納付を確かめてから%sしてください。", r->label,
                       buf_cstr(&b), r->label);
    buf_free(&b);
    return rc;
}

static int check_reason(const works_step_request *rq, err_t *e)
{
    const char *s = rq->reason ? rq->reason : "";
    size_t blank = strspn(s, " \t\r\n");
    if (!s[blank])
        return err_field(e, "reason", "取消の理由を入力してください。");
    if (!text_is_clean(s, true))
        return err_field(e, "reason", "取消の理由に使えない文字（制御文字）が含まれています。");
    if (text_len_chars(s) > WORKS_REASON_MAX)
        return err_field(e, "reason", "取消の理由は%d文字以内で入力してください（いま%zu文字です）。", WORKS_REASON_MAX,
                         text_len_chars(s));
    return 0;
}

int works_progress_check(const works_progress_state *st, const works_step_request *rq, int *to, err_t *e)
{
    *to = st->status;
    if ((unsigned)rq->step >= WORKS_NSTEPS || rq->step == WORKS_STEP_RECEIVE)
        return err_field(e, "step", "この手続きはできません。");
    const step_rule *r = &STEPS[rq->step];
    if (!works_step_allowed_from(rq->step, st->status)) {
        if (!works_status_open(st->status))
            return err_field(e, "step", "この申込は%sです。%sはできません。", works_status_label(st->status), r->label);
        return err_field(e, "step", "%sの申込に%sはできません。", works_status_label(st->status), r->label);
    }
    if (r->other_person && rq->actor && st->entered_by && strcmp(rq->actor, st->entered_by) == 0)
        return err_field(e, "step", "申込を入力した人（%s）は%sできません。別の職員が%sしてください。", st->entered_by,
                         r->label, r->label);
    if (!date_valid(rq->on))
        return err_field(e, "on", "%sの日付を YYYY-MM-DD で入力してください。", r->label);
    if (date_cmp(rq->on, rq->today) > 0)
        return err_field(e, "on", "%sの日付に未来の日付は入力できません。", r->label);
    if (date_cmp(rq->on, st->last_on) < 0) {
        char last[11];
        date_format_iso(st->last_on, last);
        return err_field(e, "on", "%sの日付は前の手続きの日（%s）以降にしてください。日付はさかのぼれません。", r->label, last);
    }
    if (r->result && rq->result != WORKS_RESULT_PASS && rq->result != WORKS_RESULT_FAIL)
        return err_field(e, "result", "%sの結果（合格・不合格）を選んでください。", r->label);
    if (!r->result && rq->result != WORKS_RESULT_NONE)
        return err_field(e, "result", "%sに結果はありません。", r->label);
    int rc;
    if (r->reason && (rc = check_reason(rq, e)) != 0)
        return rc;
    if ((rc = fee_gate(st, r, e)) != 0)
        return rc;
    *to = r->result && rq->result == WORKS_RESULT_FAIL ? r->to_fail : r->to;
    return 0;
}
