/* stoppage_store — 給水停止: the taps due for a stoppage (a 給水停止予告
 * whose stoppage date has come, bills it named still open), the taps'
 * exemptions (sensitive, welfare) and stoppage state (stopped_on), and the
 * result of a stoppage or reopening work order.
 *
 * Ownership: rows filled by value; lists are malloc'd arrays (free()). */
#ifndef SUIDO_STOPPAGE_STORE_H
#define SUIDO_STOPPAGE_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct stoppage_cand {
    int64_t tap_id, customer_id;      /* customer: the latest 予告's */
    char tap_no[16], route[16];
    int64_t route_order;
    char stop_on[11];                 /* the latest 予告's stoppage date */
    int64_t owed, bills;              /* open amount and count of the bills past due */
    char oldest_due[11];              /* the oldest of them ("" none) */
    int64_t absent;                   /* stoppage visits that found nobody (不在) */
} stoppage_cand;

/* Taps with a 予告 whose stoppage date is on or before today and one of
 * whose bills is still open; active (not stopped), not sensitive, not a
 * welfare case, without an open stoppage order, without a kept pledge
 * (STOPPAGE_PLEDGE_EXCLUSION in stoppage_store.c).  By route and round
 * order.  The amount thresholds are the caller's (domain/stoppage.h). */
int stoppage_store_candidates(db_conn *c, const char *today, stoppage_cand **rows, size_t *n, err_t *e);
/* The same for one tap (ERR_NOTFOUND, e untouched, when it is no candidate). */
int stoppage_store_candidate(db_conn *c, const char *today, int64_t tap_id, stoppage_cand *out, err_t *e);

/* The taps stopped now (stopped_on > '', by its index; in no order): what
 * each still owes past due as of today, and its open reopening order (0 none). */
typedef struct stoppage_stopped {
    char tap_no[16], route[16];
    int64_t route_order;
    char stopped_on[11];
    int64_t owed, reopen_order;
} stoppage_stopped;
int stoppage_store_stopped(db_conn *c, const char *today, stoppage_stopped **rows, size_t *n, err_t *e);

typedef struct stoppage_tap {
    int64_t id;
    char tap_no[16], status[16], stopped_on[11];
    int64_t sensitive, welfare;
} stoppage_tap;
int stoppage_store_tap(db_conn *c, const char *tap_no, stoppage_tap *out, err_t *e);
int stoppage_store_set_flags(db_conn *c, int64_t tap_id, int64_t sensitive, int64_t welfare, int64_t now, err_t *e);
/* active -> suspended since day (ERR_CONFLICT when the tap was not active). */
int stoppage_store_stop(db_conn *c, int64_t tap_id, const char *day, int64_t now, err_t *e);
/* stopped -> active (ERR_CONFLICT when it was not stopped). */
int stoppage_store_reopen(db_conn *c, int64_t tap_id, int64_t now, err_t *e);
/* The tap's open work order of a kind (*order_id 0 when none). */
int stoppage_store_open_order(db_conn *c, int64_t tap_id, const char *kind, int64_t *order_id, err_t *e);
int stoppage_store_set_result(db_conn *c, int64_t order_id, const char *result, err_t *e);

/* ---- the 解除 started by a payment or a pledge (app_reopen) ---- */
/* The tap of a payment when that tap is stopped now (*tap_id 0 when it is
 * not, or the payment names none): the payment and its tap by key. */
int stoppage_store_payment_tap(db_conn *c, int64_t payment_id, int64_t *tap_id, char tap_no[16], err_t *e);
/* The taps stopped now, by taps_stopped (few), ascending ids. */
int stoppage_store_stopped_ids(db_conn *c, int64_t **ids, size_t *n, err_t *e);
/* A tap's number when it is stopped now ("" otherwise), by key. */
int stoppage_store_stopped_no(db_conn *c, int64_t tap_id, char tap_no[16], err_t *e);
/* *n 1 when some of the tap's bills past due (due before today) still has
 * an open amount (less a pending debit, as the list of taps stopped counts
 * what they owe) and is under no active instalment pledge, else 0. */
int stoppage_store_unpledged_owing(db_conn *c, int64_t tap_id, const char *today, int64_t *n, err_t *e);

#endif
