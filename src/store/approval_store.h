/* approval_store — second-person approval requests (table approvals). */
#ifndef SUIDO_APPROVAL_STORE_H
#define SUIDO_APPROVAL_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct approval_row {
    int64_t id;
    char kind[32];          /* e.g. "user.disable" */
    char object[96];        /* e.g. "user:12" */
    char summary[256];      /* what will be done, for the approver (no personal data) */
    char reason[512];       /* why the requester asks */
    char status[16];        /* pending / approved / rejected */
    int64_t requested_by, requested_at;
    int64_t decided_by, decided_at;  /* 0 while pending */
    char decision_note[512];
    char requested_by_name[64], decided_by_name[64];  /* joined from users */
} approval_row;

int approval_store_insert(db_conn *c, const approval_row *a, int64_t *id_out, err_t *e);
int approval_store_get(db_conn *c, int64_t id, approval_row *out, err_t *e);
/* Replace a pending request's summary (what the approver reads), e.g. once
 * the requesting use case has priced it. */
int approval_store_set_summary(db_conn *c, int64_t id, const char *summary, err_t *e);
/* Pending requests for a kind/object (to refuse duplicates): count. */
int approval_store_count_pending(db_conn *c, const char *kind, const char *object, int64_t *n, err_t *e);
/* The id of a pending request of any kind on object, 0 if none. */
int approval_store_pending_on(db_conn *c, const char *object, int64_t *id_out, err_t *e);
/* status = NULL lists all; newest first; malloc'd array, free(). */
int approval_store_list(db_conn *c, const char *status, int limit, approval_row **rows, size_t *n, err_t *e);
/* pending -> status; ERR_CONFLICT if it was no longer pending. */
int approval_store_decide(db_conn *c, int64_t id, const char *status, int64_t by, int64_t at, const char *note,
                          err_t *e);

#endif
