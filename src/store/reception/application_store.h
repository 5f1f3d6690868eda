/* application_store — applications filed on the citizen portal (table
 * applications, migration 9).  The form arrives sealed (payload_sealed,
 * base/sealbox) and the resident's secret as a keyed hash: this file never
 * sees either in plaintext.
 *
 * The portal's statements (insert, status, ping) touch only the columns its
 * PostgreSQL role is granted (store/portal_role_store.c); the staff's read
 * and decide.  Ownership: a row's payload_sealed is malloc'd (NULL where a
 * statement does not read it): application_row_free / application_rows_free. */
#ifndef SUIDO_APPLICATION_STORE_H
#define SUIDO_APPLICATION_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

typedef struct application_row {
    int64_t id;
    char receipt_no[16];          /* "1234-5678-9012" */
    char secret_hash[65];         /* keyed BLAKE2b of the secret, hex */
    char kind[8];                 /* start | stop */
    char effective_on[11];        /* the day asked for, YYYY-MM-DD */
    char *payload_sealed;         /* malloc'd "pb1:..." (NULL when not read) */
    char status[12];              /* received | converted | rejected */
    char reject_reason[512];
    int64_t request_id;           /* the service request it became (0: none) */
    int64_t created_at;           /* unix seconds UTC */
    char decided_by[64];          /* staff username ("" until decided) */
    int64_t decided_at;           /* 0 until decided */
} application_row;

void application_row_free(application_row *r);
void application_rows_free(application_row *rows, size_t n);

/* ---- the portal ---- */
/* Insert (receipt_no, secret_hash, kind, effective_on, payload_sealed,
 * created_at); ERR_CONFLICT when the receipt number is taken. */
int application_store_insert(db_conn *c, const application_row *r, int64_t *id_out, err_t *e);
/* The status columns of one application (no payload, no decider);
 * ERR_NOTFOUND (e untouched) when there is none. */
int application_store_status(db_conn *c, const char *receipt_no, application_row *out, err_t *e);
/* The table answers (the portal's health check; reads no status). */
int application_store_ping(db_conn *c, err_t *e);

/* ---- staff ---- */
/* Applications of a status ("" or NULL: all), newest first, at most limit. */
int application_store_list(db_conn *c, const char *status, size_t limit, application_row **rows, size_t *n,
                           err_t *e);
/* One application with its payload; ERR_NOTFOUND (e untouched) when none. */
int application_store_get(db_conn *c, int64_t id, application_row *out, err_t *e);
/* Decide one that is still 'received': ERR_CONFLICT otherwise (already
 * decided, or no such id). */
int application_store_set_rejected(db_conn *c, int64_t id, const char *reason, const char *by, int64_t at,
                                   err_t *e);
int application_store_set_converted(db_conn *c, int64_t id, int64_t request_id, const char *by, int64_t at,
                                    err_t *e);

#endif
