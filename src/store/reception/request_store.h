/* request_store — service requests (使用開始・中止等の受付): the rows of
 * service_requests.  Rows returned through pointers are the caller's
 * (free with free()); detail_enc is sealed JSON the app layer opens. */
#ifndef SUIDO_STORE_REQUEST_STORE_H
#define SUIDO_STORE_REQUEST_STORE_H

#include <stdint.h>

#include "store/db.h"

typedef struct request_row {
    int64_t id, tap_id, customer_id;        /* customer_id 0: none yet */
    char kind[16];                          /* start stop name_change mail_address pay_method */
    char effective_on[11];
    char source[12];                        /* phone counter mail web */
    char status[12];                        /* scheduled done cancelled, held (a stop whose final reading waits for its check) */
    char settle[8];                         /* stop: debit | slip */
    int64_t urgent;                         /* 1: 至急 (inside the notice period) */
    char detail_enc[4096];
    char created_by[64], done_by[64];
    int64_t created_at, done_at;
    char tap_no[16];                        /* joined */
} request_row;

int request_store_insert(db_conn *c, const request_row *r, int64_t *id, err_t *e);
/* ERR_NOTFOUND (e untouched) when none. */
int request_store_get(db_conn *c, int64_t id, request_row *out, err_t *e);
/* status scheduled (or held) -> done or cancelled (by, at); ERR_CONFLICT when it was neither. */
int request_store_finish(db_conn *c, int64_t id, const char *status, const char *by, int64_t at, err_t *e);
/* status scheduled -> held: a stop done in the field whose final reading
 * the reading check held (the final bill waits); ERR_CONFLICT otherwise. */
int request_store_hold(db_conn *c, int64_t id, err_t *e);
/* Every held request, oldest effective date first. */
int request_store_list_held(db_conn *c, request_row **rows, size_t *n, err_t *e);
/* The tap's held request of a kind effective on a day (ERR_NOTFOUND, e untouched, when none). */
int request_store_held_for(db_conn *c, int64_t tap_id, const char *kind, const char *on, request_row *out, err_t *e);
/* Set the customer (a start's new customer). */
int request_store_set_customer(db_conn *c, int64_t id, int64_t customer_id, err_t *e);
/* A tap's requests, newest first (limit). */
int request_store_list_tap(db_conn *c, int64_t tap_id, int64_t limit, request_row **rows, size_t *n, err_t *e);
/* Requests received between two unix times (the inbox), newest first. */
int request_store_list_received(db_conn *c, int64_t from, int64_t to, request_row **rows, size_t *n, err_t *e);
/* The tap's scheduled request of a kind (ERR_NOTFOUND, e untouched, when none). */
int request_store_scheduled(db_conn *c, int64_t tap_id, const char *kind, request_row *out, err_t *e);

/* Key rotation: every sealed detail, and its replacement. */
typedef int (*request_enc_fn)(int64_t id, const char *detail_enc, void *ctx);
int request_store_walk_enc(db_conn *c, request_enc_fn fn, void *ctx, err_t *e);
int request_store_set_enc(db_conn *c, int64_t id, const char *detail_enc, err_t *e);

#endif
