/* mandate_store — direct-debit mandates (口座振替依頼書), one row per
 * registration; the account number and the holder's kana are stored sealed
 * (the caller seals and opens them).  status 'active' until an end date is
 * set ('ended').  Schema: migration 6.
 *
 * Ownership: rows are filled by value; lists are malloc'd arrays (free()). */
#ifndef SUIDO_MANDATE_STORE_H
#define SUIDO_MANDATE_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct mandate_row {
    int64_t id, tap_id, customer_id, account_type, first_done, created_at;
    char bank[5], branch[4];
    char account_enc[160], holder_enc[256];
    char status[12], start_on[11], end_on[11];   /* end_on "" when open */
    char created_by[64];
    char bank_name[96], branch_name[96];         /* joined from the bank master ("" when gone) */
} mandate_row;

int mandate_store_insert(db_conn *c, const mandate_row *m, int64_t *id, err_t *e);
/* The tap's mandate without an end date; ERR_NOTFOUND (e untouched) if none. */
int mandate_store_open(db_conn *c, int64_t tap_id, mandate_row *out, err_t *e);
/* Every mandate of a tap, newest first. */
int mandate_store_list_tap(db_conn *c, int64_t tap_id, mandate_row **rows, size_t *n, err_t *e);
/* Key rotation: every mandate's sealed values, and their replacement. */
typedef int (*mandate_enc_fn)(int64_t id, const char *account_enc, const char *holder_enc, void *ctx);
int mandate_store_walk_enc(db_conn *c, mandate_enc_fn fn, void *ctx, err_t *e);
int mandate_store_set_enc(db_conn *c, int64_t id, const char *account_enc, const char *holder_enc, err_t *e);
/* Set the end date (status 'ended'). */
int mandate_store_end(db_conn *c, int64_t id, const char *end_on, err_t *e);
/* The active mandates of n (tap, customer) pairs have had a debit answered
 * (first_done = 1, as a debit result does: the next request is no longer a
 * first); up to DB_CHUNK_MAX pairs a statement (db_chunk); pairs without a
 * mandate, or marked already, change nothing. */
int mandate_store_first_done_many(db_conn *c, const int64_t *taps, const int64_t *customers, size_t n, err_t *e);

#endif
