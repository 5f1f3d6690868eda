/* audit_store — the append-only audit log (tables audit_log, audit_head).
 *
 * Appending is: audit_store_claim (inside the caller's write transaction;
 * locks the head row so appends are serialised) -> compute each hash
 * (domain/audit_chain) -> audit_store_insert per row -> audit_store_set_head.  The store never updates or
 * deletes a row except audit_store_reseal, which replaces only the
 * ciphertext of detail during key rotation (the hash covers the plaintext). */
#ifndef SUIDO_AUDIT_STORE_H
#define SUIDO_AUDIT_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct audit_rec {
    int64_t seq, at;
    char actor[64];
    char ip[64];
    char action[64];
    char object[96];
    char *detail_enc;   /* malloc'd, owned by the record: audit_rec_clear */
    char prev_hash[65];
    char hash[65];
} audit_rec;

void audit_rec_clear(audit_rec *r);

/* Take the next n sequence numbers (first_seq .. first_seq+n-1); prev_hash
 * receives the hash of the row before them. */
int audit_store_claim(db_conn *c, int64_t n, int64_t *first_seq, char prev_hash[65], err_t *e);
int audit_store_insert(db_conn *c, const audit_rec *r, err_t *e);
/* Record the last appended row as the head (after the claimed rows are in). */
int audit_store_set_head(db_conn *c, int64_t seq, const char *hash, err_t *e);

typedef struct audit_filter {
    const char *actor;      /* exact, NULL = any */
    const char *action;     /* prefix, NULL = any */
    const char *object;     /* exact, NULL = any */
    int64_t from, to;       /* Unix seconds [from, to), 0 = open */
    int64_t before_seq;     /* paging: seq < before_seq, 0 = newest */
    int limit;
} audit_filter;

/* Newest first.  *rows is a malloc'd array; free with audit_recs_free. */
int audit_store_search(db_conn *c, const audit_filter *f, audit_rec **rows, size_t *n, err_t *e);
void audit_recs_free(audit_rec *rows, size_t n);
/* Walk rows with seq > after in seq order, up to limit rows; callback returns
 * non-zero to stop (that value is returned). */
typedef int (*audit_visit_fn)(const audit_rec *r, void *ctx);
int audit_store_walk(db_conn *c, int64_t after, int limit, audit_visit_fn fn, void *ctx, int64_t *last_seq, err_t *e);
int audit_store_head(db_conn *c, int64_t *seq, char hash[65], err_t *e);
int audit_store_reseal(db_conn *c, int64_t seq, const char *detail_enc, err_t *e);

#endif
