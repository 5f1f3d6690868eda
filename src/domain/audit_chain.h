/* audit_chain — the hash chain of the audit log (pure).
 *
 * Each audit row's hash is SHA-256 over the previous row's hash and the row's
 * canonical text:  prev_hash "\n" seq "\n" at "\n" actor "\n" ip "\n" action
 * "\n" object "\n" detail  (detail is the plaintext JSON; fields NULL -> "").
 * The first row's prev_hash is 64 '0'.  Verifying walks rows in seq order:
 * a changed field breaks that row's hash, a deleted row breaks the next
 * row's prev_hash or the seq sequence. */
#ifndef SUIDO_AUDIT_CHAIN_H
#define SUIDO_AUDIT_CHAIN_H

#include <stdint.h>

typedef struct audit_row {
    int64_t seq;          /* 1, 2, 3 ... without gaps */
    int64_t at;           /* Unix seconds */
    const char *actor;    /* username or "system" */
    const char *ip;
    const char *action;   /* e.g. "customer.update" */
    const char *object;   /* e.g. "tap:10000001" */
    const char *detail;   /* plaintext JSON (before/after) */
    const char *prev_hash;
    const char *hash;
} audit_row;

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* Compute the hash of r (ignoring r->hash) into out. */
void audit_chain_hash(const audit_row *r, char out[65]);

#endif
