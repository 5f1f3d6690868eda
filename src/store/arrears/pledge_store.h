/* pledge_store — negotiation records (交渉記録, table negotiations) and
 * instalment pledges (分納誓約: pledges, pledge_bills, pledge_instalments)
 * of issue 17 item 5, and the acknowledgement dates (承認) of a bill for its
 * limitation period.  A negotiation's text arrives sealed (text_enc) from
 * app/; this file never sees plaintext.
 *
 * Ownership: lists are malloc'd arrays the caller frees with free(). */
#ifndef SUIDO_PLEDGE_STORE_H
#define SUIDO_PLEDGE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

/* Room for a sealed text of up to 2,000 characters of 4 bytes each. */
#define NEGOTIATION_TEXT_ENC_MAX 11008

typedef struct negotiation_row {
    int64_t id, customer_id;
    char held_on[11];
    char channel[16];
    char staff[64];
    char text_enc[NEGOTIATION_TEXT_ENC_MAX];
    char next_action[256];
    char next_on[11];
    int64_t created_at;
} negotiation_row;

int negotiation_store_insert(db_conn *c, const negotiation_row *r, int64_t *id_out, err_t *e);
/* A customer's negotiations, newest first, at most limit. */
int negotiation_store_list(db_conn *c, int64_t customer_id, size_t limit, negotiation_row **rows, size_t *n,
                           err_t *e);

/* Key rotation: visit every negotiation's sealed text (fn returning non-zero
 * stops the walk and is returned), and replace one. */
typedef int (*negotiation_enc_fn)(int64_t id, const char *text_enc, void *ctx);
int negotiation_store_walk_enc(db_conn *c, negotiation_enc_fn fn, void *ctx, err_t *e);
int negotiation_store_set_enc(db_conn *c, int64_t id, const char *text_enc, err_t *e);

typedef struct pledge_row {
    int64_t id, customer_id;
    char pledged_on[11];
    char status[16];
    int64_t total, instalments;
    char created_by[64];
    int64_t created_at;
    char closed_on[11];
} pledge_row;

typedef struct pledge_bill_row {
    int64_t bill_id;
    int64_t amount;             /* the balance covered when pledged */
    char tap_no[16], cycle[8], due_on[11], read_on[11];
    int64_t total, paid, water, sewer;   /* now */
} pledge_bill_row;

typedef struct pledge_inst_row {
    int64_t seq;
    char due_on[11];
    int64_t amount;
} pledge_inst_row;

int pledge_store_insert(db_conn *c, const pledge_row *r, int64_t *id_out, err_t *e);
int pledge_store_add_bill(db_conn *c, int64_t pledge_id, int64_t bill_id, int64_t amount, err_t *e);
int pledge_store_add_instalment(db_conn *c, int64_t pledge_id, int64_t seq, const char *due_on, int64_t amount,
                                err_t *e);
/* ERR_NOTFOUND (e untouched) when there is no such pledge. */
int pledge_store_get(db_conn *c, int64_t id, pledge_row *out, err_t *e);
/* A customer's pledges, newest first. */
int pledge_store_list_customer(db_conn *c, int64_t customer_id, pledge_row **rows, size_t *n, err_t *e);
/* Pledges in a status ("active", "breached"...), oldest first, at most limit. */
int pledge_store_list_status(db_conn *c, const char *status, size_t limit, pledge_row **rows, size_t *n, err_t *e);
int pledge_store_bills(db_conn *c, int64_t pledge_id, pledge_bill_row **rows, size_t *n, err_t *e);
int pledge_store_instalments(db_conn *c, int64_t pledge_id, pledge_inst_row **rows, size_t *n, err_t *e);
/* The allocations to the pledge's bills of payments paid on or after the
 * pledge day and on or before upto (reversals count negative). */
int pledge_store_paid(db_conn *c, int64_t pledge_id, const char *upto, int64_t *paid, err_t *e);
/* Move an active pledge to status (closed_on the day); *changed false when
 * it was no longer active (a concurrent check got there first). */
int pledge_store_close(db_conn *c, int64_t id, const char *status, const char *closed_on, int64_t at, bool *changed,
                       err_t *e);
/* Bills of the customer that an active pledge covers (to refuse a second). */
int pledge_store_active_bill(db_conn *c, int64_t bill_id, int64_t *pledge_id, err_t *e);

/* The acknowledgement dates (承認) of a bill, ascending and distinct: the
 * days paid of the payments allocated to it (a partial payment) and the
 * days of the pledges covering it (not cancelled). */
typedef struct ack_date { char on[11]; } ack_date;
int pledge_store_ack_dates(db_conn *c, int64_t bill_id, ack_date **rows, size_t *n, err_t *e);

#endif
