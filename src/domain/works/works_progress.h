/* works_progress — the progress of a service-connection works application
 * (給水装置工事の進捗) as a pure state machine (docs/works.md):
 *
 *   受付 → 審査 → 承認（認可） → 納付 → 着工 → 完成検査 ─合格→ 完了
 *                                          └不合格→ 再検査 ─合格→ (完成検査合格)
 *                                                   └不合格→ (再検査待ち)
 *   再検査 also after a pass, before 完了: the meter set on site changed
 *   (the hand-over installs what the last passing inspection recorded).
 *   取消 (with a reason) from any status before 完了.
 *
 * Each step is a row of a table: the statuses it may be taken from, the
 * status it leads to (and, for an inspection, the one a failed result leads
 * to), the permission it needs (domain/role.h), whether it takes a result
 * (合格/不合格) or a reason, and which charges must be paid before it (the
 * fee gate: approval needs the charges due at "approval" paid, 納付 and 着工
 * every charge due by "start").  承認 is also refused to the person who
 * entered the application (another person approves).  A step's date may not
 * be before the application's last step nor after today.
 *
 * 完了 is where the application is handed over to billing (tap numbers,
 * the registry, reception): app/works/app_works_handover.h, in the step's
 * transaction.
 *
 * Pure: no I/O; the caller passes the state it read.  Strings returned are
 * static. */
#ifndef SUIDO_WORKS_PROGRESS_H
#define SUIDO_WORKS_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"

typedef enum works_status {
    WORKS_ST_RECEIVED,    /* received:  受付済 */
    WORKS_ST_REVIEW,      /* review:    審査中 */
    WORKS_ST_APPROVED,    /* approved:  承認済（認可） */
    WORKS_ST_PAID,        /* paid:      納付済 */
    WORKS_ST_STARTED,     /* started:   着工 */
    WORKS_ST_FAILED,      /* failed:    検査不合格（再検査待ち） */
    WORKS_ST_INSPECTED,   /* inspected: 検査合格 */
    WORKS_ST_COMPLETED,   /* completed: 完了 */
    WORKS_ST_CANCELLED,   /* cancelled: 取消 */
    WORKS_NSTATUSES
} works_status;

typedef enum works_step {
    WORKS_STEP_RECEIVE,   /* 受付 (the application entered) */
    WORKS_STEP_REVIEW,    /* 審査 */
    WORKS_STEP_APPROVE,   /* 承認（認可） */
    WORKS_STEP_PAY,       /* 納付 (the fees confirmed paid) */
    WORKS_STEP_START,     /* 着工 */
    WORKS_STEP_INSPECT,   /* 完成検査 */
    WORKS_STEP_REINSPECT, /* 再検査 */
    WORKS_STEP_COMPLETE,  /* 完了 */
    WORKS_STEP_CANCEL,    /* 取消 */
    WORKS_NSTEPS
} works_step;

enum works_result { WORKS_RESULT_NONE, WORKS_RESULT_PASS, WORKS_RESULT_FAIL };

#define WORKS_REASON_MAX 200   /* characters of a cancellation's reason */

/* Codes (stored, in URLs) and Japanese labels; "" for an unknown value.
 * The _parse functions return -1 for any other word. */
const char *works_status_code(int status);
const char *works_status_label(int status);
int works_status_parse(const char *code);
const char *works_step_code(int step);
const char *works_step_label(int step);
int works_step_parse(const char *code);
const char *works_result_code(int result);    /* "" "pass" "fail" */
const char *works_result_label(int result);   /* "" "合格" "不合格" */
int works_result_parse(const char *code);     /* "" -> NONE */

/* The permission (enum perm) a step needs. */
int works_step_perm(int step);
/* Whether a step takes a result (the inspections) or a reason (取消). */
bool works_step_takes_result(int step);
bool works_step_takes_reason(int step);
/* Whether the step may be taken from status (the table alone: no dates,
 * fees or persons). */
bool works_step_allowed_from(int step, int status);
/* Whether the status is open (neither completed nor cancelled). */
bool works_status_open(int status);

/* One charge of the application as the fee gate sees it. */
typedef struct works_charge_state {
    const char *name;     /* 加入金, 設計審査手数料 ... */
    int64_t yen;          /* charged */
    int64_t paid_yen;     /* paid so far */
    int due;              /* enum works_fee_due (domain/works/works_fee.h) */
} works_charge_state;

typedef struct works_progress_state {
    int status;                       /* enum works_status */
    civil_date last_on;               /* the date of the latest step (受付: the received date) */
    const char *entered_by;           /* who entered the application (username) */
    const works_charge_state *charges;
    size_t ncharges;
} works_progress_state;

typedef struct works_step_request {
    int step;             /* enum works_step */
    civil_date on;        /* the step's date */
    civil_date today;
    int result;           /* enum works_result: the inspections need PASS or FAIL; NONE otherwise */
    const char *reason;   /* 取消: required, at most WORKS_REASON_MAX characters; ignored otherwise */
    const char *actor;    /* who takes it (username) */
} works_step_request;

/* Whether rq may be taken in state st: 0 with *to the status it leads to,
 * or ERR_INVALID with e naming the field: "step" (not from this status, or
 * 承認 by the person who entered it), "on" (before the last step or after
 * today), "result", "reason", "fees" (the message names each unpaid
 * charge and what is left of it).  The permission is the caller's to check
 * (works_step_perm). */
int works_progress_check(const works_progress_state *st, const works_step_request *rq, int *to, err_t *e);

/* The steps a person could take now from status (by the table alone), in
 * order, into out (at most WORKS_NSTEPS); returns how many. */
size_t works_steps_from(int status, int out[WORKS_NSTEPS]);

/* The step that takes an application forward from status (not 取消, and
 * not one that leaves it where it is: after a pass 完了, not another 再検査;
 * after a failure 再検査), and who may take it. */
typedef struct works_forward {
    int step;             /* enum works_step; -1: none (completed, cancelled) */
    int perm;             /* the permission it needs (enum perm) */
    bool other_person;    /* not by the person who entered the application (承認) */
} works_forward;
works_forward works_step_forward(int status);

#endif
