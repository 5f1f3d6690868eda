/* contact_store — the contact log (対応履歴, table contacts): one row per
 * phone call, counter visit, letter... about a tap.  The summary arrives
 * sealed (summary_enc) by app/; this file never sees plaintext.
 *
 * Ownership: lists are malloc'd arrays the caller frees with free(). */
#ifndef SUIDO_CONTACT_STORE_H
#define SUIDO_CONTACT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

/* Room for a sealed summary of up to 2,000 characters of 4 bytes each
 * ("k<N>:" + base64 of nonce, text and tag); app/ checks the bound. */
#define CONTACT_SUMMARY_ENC_MAX 11008

typedef struct contact_row {
    int64_t id;
    int64_t tap_id;
    int64_t customer_id;          /* the tap's customer then; 0 when it had none */
    char channel[16];             /* domain/contact.h codes */
    char reason[24];
    char summary_enc[CONTACT_SUMMARY_ENC_MAX];
    char taken_by[64];            /* staff username (or "operator") */
    int64_t created_at;           /* unix seconds UTC */
} contact_row;

int contact_store_insert(db_conn *c, const contact_row *r, int64_t *id_out, err_t *e);
/* A tap's contacts, newest first, at most limit. */
int contact_store_list_tap(db_conn *c, int64_t tap_id, size_t limit, contact_row **rows, size_t *n, err_t *e);
/* How many contacts a tap has. */
int contact_store_count_tap(db_conn *c, int64_t tap_id, int64_t *n, err_t *e);

/* Key rotation: visit every contact's sealed summary (fn returning non-zero
 * stops the walk and is returned), and replace one. */
typedef int (*contact_enc_fn)(int64_t id, const char *summary_enc, void *ctx);
int contact_store_walk_enc(db_conn *c, contact_enc_fn fn, void *ctx, err_t *e);
int contact_store_set_enc(db_conn *c, int64_t id, const char *summary_enc, err_t *e);

#endif
