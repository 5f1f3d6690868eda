/* bill_request_store — requests for a bill correction or a leak reduction
 * (bill_requests), each awaiting a second person's approval; approving one
 * records the replacement bill.
 *
 * Ownership: rows filled by value; lists are malloc'd arrays (free()). */
#ifndef SUIDO_BILL_REQUEST_STORE_H
#define SUIDO_BILL_REQUEST_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct bill_request {
    int64_t id;
    char kind[12];              /* "correct", "leak" */
    int64_t bill_id, reading_id;
    int64_t usage;              /* correct: the corrected usage (-1: unchanged) */
    int64_t leak_m3;            /* leak: the reduction */
    char reason[512];
    int64_t approval_id;
    char status[12];            /* "pending", "approved", "rejected" */
    int64_t new_bill_id;
    char requested_by[64];
    int64_t requested_at;
} bill_request;
int bill_request_insert(db_conn *c, const bill_request *r, int64_t *id_out, err_t *e);
int bill_request_by_approval(db_conn *c, int64_t approval_id, bill_request *out, err_t *e);
int bill_request_decide(db_conn *c, int64_t id, const char *status, int64_t new_bill_id, err_t *e);
/* Requests about a reading (newest first). */
int bill_request_list_reading(db_conn *c, int64_t reading_id, bill_request **rows, size_t *n, err_t *e);

#endif
