/* workorder_store — field work orders for openings and closings (開栓・閉栓
 *作業): the rows of work_orders.  Rows returned through pointers are the
 * caller's (free with free()). */
#ifndef SUIDO_STORE_WORKORDER_STORE_H
#define SUIDO_STORE_WORKORDER_STORE_H

#include <stdint.h>

#include "store/db.h"

typedef struct workorder_row {
    int64_t id, request_id, tap_id;
    char kind[12];                  /* open | close | stoppage | reopen */
    char due_on[11];
    char route[16];
    int64_t route_order;
    char status[12];                /* open | done | cancelled */
    int64_t reading;                /* -1: none yet */
    int64_t bill_id;                /* a closing's final bill (0: none) */
    char note[512];
    char done_by[64];
    int64_t done_at;
    char tap_no[16];                /* joined */
    int64_t customer_id;            /* the request's customer (0: none) */
    int64_t urgent;                 /* the request's 至急 (1) */
    char result[12];                /* stoppage / reopen: stopped absent paid reopened ("" otherwise) */
} workorder_row;

int workorder_store_insert(db_conn *c, const workorder_row *w, int64_t *id, err_t *e);
/* ERR_NOTFOUND (e untouched) when none. */
int workorder_store_get(db_conn *c, int64_t id, workorder_row *out, err_t *e);
/* The open order of a request (ERR_NOTFOUND, e untouched, when none). */
int workorder_store_for_request(db_conn *c, int64_t request_id, workorder_row *out, err_t *e);
/* Orders due on a day (route "" = every route), by route and round order. */
int workorder_store_list_day(db_conn *c, const char *day, const char *route, workorder_row **rows, size_t *n,
                             err_t *e);
/* Orders due from one day to another (both included; route "" = every
 * route), by day, route and round order. */
int workorder_store_list_range(db_conn *c, const char *from, const char *to, const char *route, workorder_row **rows,
                               size_t *n, err_t *e);
/* How many orders are still open that were due before a day (route "" = every route). */
int workorder_store_count_open_before(db_conn *c, const char *day, const char *route, int64_t *n, err_t *e);
/* open -> done (reading, bill_id 0 for none, note) or cancelled; ERR_CONFLICT when it was not open. */
int workorder_store_finish(db_conn *c, int64_t id, const char *status, int64_t reading, int64_t bill_id,
                           const char *note, const char *by, int64_t at, err_t *e);
/* The final bill of the done closing of a request whose held reading was
 * confirmed later (a closing done without a bill). */
int workorder_store_set_bill(db_conn *c, int64_t request_id, int64_t bill_id, err_t *e);

#endif
