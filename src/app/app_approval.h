/* app_approval — second-person approval, shared by every area (app/app_approval.c).
 * Split from app/app.h (conventions there: permission, one transaction,
 * audit; _tx functions run in the caller's transaction).
 *
 * Ownership: output structs are filled by value; arrays returned through
 * pointer-to-pointer are malloc'd and freed by the matching *_free function
 * named beside them (else free()). */
#ifndef SUIDO_APP_APPROVAL_H
#define SUIDO_APP_APPROVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

/* ---- second-person approval (app_approval.c) ------------------------- */

typedef struct app_approval {
    int64_t id;
    char kind[32], object[96], summary[256], reason[512], status[16];
    char requested_by[64], decided_by[64];
    int64_t requested_at, decided_at;
    char decision_note[512];
    bool can_decide;        /* the viewer may approve/reject it */
} app_approval;

/* A kind of request: a row declared by the area whose request it approves
 * (APP_*_APPROVAL_KINDS next to that request), listed in the registry
 * app_approval_kinds.c.  act/reject run inside the decision's transaction
 * with the approval's id and object. */
typedef int (*app_approval_act)(app_ctx *ctx, int64_t approval_id, const char *object, err_t *e);
typedef struct app_approval_kind {
    const char *kind;
    const char *label;        /* Japanese, for screens */
    int perm;                 /* to request and to approve (approving also needs PERM_APPROVE) */
    app_approval_act act;
    app_approval_act reject;  /* NULL: nothing to undo on rejection */
} app_approval_kind;
/* Each area's kinds, ended by a row with kind NULL. */
extern const app_approval_kind APP_USER_APPROVAL_KINDS[];
extern const app_approval_kind APP_BILL_APPROVAL_KINDS[];
extern const app_approval_kind APP_CREDIT_APPROVAL_KINDS[];
/* The registered kind named `kind` (static storage), or NULL. */
const app_approval_kind *app_approval_kind_find(const char *kind);

/* Create a request (kind from the registry app_approval_kinds.c). */
int app_approval_request(app_ctx *ctx, const char *kind, const char *object, const char *summary,
                         const char *reason, int64_t *id_out, err_t *e);
/* The same inside the caller's transaction (a use case that records the
 * particulars of its request in the same transaction). */
int app_approval_request_tx(app_ctx *ctx, const char *kind, const char *object, const char *summary,
                            const char *reason, int64_t *id_out, err_t *e);
/* Approve (carries out the act) or reject; the decider must differ from the
 * requester and hold the kind's permission. */
int app_approval_decide(app_ctx *ctx, int64_t id, bool approve, const char *note, err_t *e);
int app_approval_list(app_ctx *ctx, const char *status, app_approval **rows, size_t *n, err_t *e);

#endif
