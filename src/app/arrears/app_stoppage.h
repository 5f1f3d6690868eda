/* app_stoppage — 給水停止 (supply stoppage) and its 解除 (reopening):
 *
 *   candidates   taps whose 給水停止予告 stoppage date has come and that still
 *                owe ([arrears] stop_min_yen, stop_min_months), not sensitive,
 *                not a welfare case, without a kept pledge, not already
 *                ordered (PERM_CUSTOMER_VIEW)
 *   issue        a 係長 issues stoppage work orders (kind 'stoppage', a due
 *                day, the tap's route order; 至急 when asked) for chosen
 *                candidates: one transaction, audited (PERM_APPROVE)
 *   result       the crew's result on a stoppage order: stopped (停止済: the
 *                tap becomes 'suspended' since the day), absent (不在: stays a
 *                candidate), paid (納付済で中止: the order is cancelled); on a
 *                reopening order: reopened (the tap is active again).  One
 *                transaction each, audited (PERM_CUSTOMER_EDIT)
 *   reopen       on payment or a pledge, a reopening order due the same day,
 *                至急 (PERM_CUSTOMER_EDIT)
 *   flags        a tap's exemptions: sensitive (hospital, care home) and
 *                welfare (PERM_CUSTOMER_EDIT, audited)
 *
 * Ownership: lists are malloc'd arrays (free()). */
#ifndef SUIDO_APP_STOPPAGE_H
#define SUIDO_APP_STOPPAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

typedef struct app_stoppage_cand {
    char tap_no[16], route[16];
    int64_t route_order, customer_id;
    char stop_on[11], oldest_due[11];
    int64_t owed, bills, absent;
} app_stoppage_cand;

typedef struct app_stoppage_settings {
    long long min_yen, min_months;
} app_stoppage_settings;
int app_stoppage_settings_get(app_ctx *ctx, app_stoppage_settings *out, err_t *e);

int app_stoppage_candidates(app_ctx *ctx, app_stoppage_cand **rows, size_t *n, err_t *e);

/* The taps stopped now, by route: what each still owes past due, and its
 * open reopening order (0 none).  An owed of 0 without such an order is a
 * tap waiting for its 解除. */
typedef struct app_stoppage_stopped {
    char tap_no[16], route[16];
    int64_t route_order;
    char stopped_on[11];
    int64_t owed, reopen_order;
} app_stoppage_stopped;
int app_stoppage_stopped_list(app_ctx *ctx, app_stoppage_stopped **rows, size_t *n, err_t *e);

/* Orders for taps (each must still be a candidate), due on due_on (today
 * or later); order_ids (may be NULL) receives the n ids. */
int app_stoppage_issue(app_ctx *ctx, const char *const *tap_nos, size_t n, const char *due_on, bool urgent,
                       int64_t *order_ids, err_t *e);

/* result: stopped | absent | paid (a stoppage order), reopened (a reopening). */
int app_stoppage_result(app_ctx *ctx, int64_t order_id, const char *result, const char *note, err_t *e);

/* reason: paid | pledge. */
int app_stoppage_reopen(app_ctx *ctx, const char *tap_no, const char *reason, int64_t *order_id, err_t *e);
/* The same inside the caller's transaction, without a permission check (the
 * caller's use case has its own): by says what started it ("payment:12",
 * "pledge:3"; NULL the clerk), written in the audit row.  ERR_CONFLICT when
 * the tap is not stopped or a reopening order is open already. */
int app_stoppage_reopen_tx(app_ctx *ctx, const char *tap_no, const char *reason, const char *by, int64_t *order_id,
                           err_t *e);

int app_stoppage_set_flags(app_ctx *ctx, const char *tap_no, bool sensitive, bool welfare, err_t *e);

/* A tap's stoppage state, for the karte and the order page. */
typedef struct app_stoppage_state {
    char tap_no[16], status[16];
    char stopped_on[11];              /* "" when not stopped */
    bool sensitive, welfare;
    int64_t stoppage_order, reopen_order;   /* open orders (0 none) */
} app_stoppage_state;
int app_stoppage_state_get(app_ctx *ctx, const char *tap_no, app_stoppage_state *out, err_t *e);

#endif
