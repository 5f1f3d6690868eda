/* customer_store — customers (使用者) and their occupancies (使用期間).
 * Every personal field arrives already sealed (*_enc) with blind indexes
 * (*_bidx) computed by app/; this file never sees plaintext. */
#ifndef SUIDO_CUSTOMER_STORE_H
#define SUIDO_CUSTOMER_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct customer_row {
    int64_t id;
    char name_enc[768];
    char kana_enc[768];
    char kana_bidx[65];
    char phone_enc[256];
    char phone_bidx[65];
    char postal_enc[256];
    char mail_address_enc[1024];
    char notes_enc[4096];
    int64_t version;
    int64_t created_at, updated_at;
    int64_t mail_doubtful_since;   /* unix time mail came back (不着); 0 = not doubtful.
                                      Set and cleared only by customer_store_set_mail_doubtful. */
} customer_row;

typedef struct occupancy_row {
    int64_t id;
    int64_t tap_id;
    int64_t customer_id;
    char start_on[11];      /* YYYY-MM-DD 開栓日 */
    char end_on[11];        /* YYYY-MM-DD 閉栓日, "" while open */
    int64_t created_at;
} occupancy_row;

int customer_store_insert(db_conn *c, const customer_row *r, int64_t *id_out, err_t *e);
/* Optimistic update on version; ERR_CONFLICT when stale. */
int customer_store_update(db_conn *c, const customer_row *r, int64_t now, err_t *e);
int customer_store_get(db_conn *c, int64_t id, customer_row *out, err_t *e);
/* Ids of customers whose phone_bidx (or kana_bidx) equals the value; up to max. */
int customer_store_find_bidx(db_conn *c, const char *column, const char *bidx, int64_t *ids, size_t max, size_t *n,
                             err_t *e);
/* Returned mail (不着): mark the mailing address doubtful since `since`
 * (unix seconds), or clear the mark with since = 0.  Neither bumps the
 * version (the customer's own data is unchanged).  *changed (may be NULL)
 * is true when the value was different before. */
int customer_store_set_mail_doubtful(db_conn *c, int64_t id, int64_t since, bool *changed, err_t *e);
/* Key rotation: visit each customer row (all *_enc columns). */
typedef int (*customer_visit_fn)(const customer_row *r, void *ctx);
int customer_store_walk(db_conn *c, customer_visit_fn fn, void *ctx, err_t *e);
/* Replace only the *_enc columns (same plaintext, new key). */
int customer_store_reseal(db_conn *c, const customer_row *r, err_t *e);

int occupancy_store_insert(db_conn *c, const occupancy_row *o, int64_t *id_out, err_t *e);
/* Occupancies of a tap, newest first; malloc'd array, free(). */
int occupancy_store_list_tap(db_conn *c, int64_t tap_id, occupancy_row **rows, size_t *n, err_t *e);
/* Occupancies of a customer, newest first. */
int occupancy_store_list_customer(db_conn *c, int64_t customer_id, occupancy_row **rows, size_t *n, err_t *e);
/* The open occupancy of a tap (end_on NULL); ERR_NOTFOUND if none. */
int occupancy_store_current(db_conn *c, int64_t tap_id, occupancy_row *out, err_t *e);
int occupancy_store_close(db_conn *c, int64_t id, const char *end_on, err_t *e);

#endif
