/* app_form — one-time tokens of the forms that post money or requests
 * (idempotent posting).  A reload or a second click sends the same form
 * again; it must not post twice.
 *
 * The web layer issues a token when it shows such a form (app_form_issue),
 * and before calling the use case points ctx->form at what came back.  The
 * use case claims the token inside its own transaction (app_form_claim_tx)
 * and, before committing, records what it made (app_form_done_tx, e.g.
 * "payment:12"); a rollback leaves the token unused, so a refused form can be
 * corrected and sent again.  A token already used is not an error:
 * form->replayed is set, form->result holds the first posting's result, and
 * the use case posts nothing.  A form without a token, or with one not issued
 * to this session, is refused (ERR_INVALID, field "form_token").
 * ctx->form NULL (the command line, the JSON API) asks for no token.
 *
 * Ownership: the caller owns the app_form and the strings it points at;
 * a summary returned is malloc'd (free()). */
#ifndef SUIDO_APP_FORM_H
#define SUIDO_APP_FORM_H

#include "app/app.h"

typedef struct app_form {
    const char *session_token;   /* the staff session's token (cookie) */
    const char *token;           /* the token the form carried (NULL or "": none) */
    const char *purpose;         /* which form: "counter", "refund", "reception" */
    bool replayed;               /* set by the claim: this form was posted before */
    char result[64];             /* what the first posting made ("" when nothing) */
} app_form;

/* A new token for a form of purpose shown to the session (out: 64 hex). */
int app_form_issue(app_ctx *ctx, const char *session_token, const char *purpose, char out[65], err_t *e);
/* Inside the use case's transaction, first thing: claim ctx->form's token
 * (nothing when ctx->form is NULL). */
int app_form_claim_tx(app_ctx *ctx, err_t *e);
/* Whether the claim found the form posted before (then post nothing). */
bool app_form_replayed(const app_ctx *ctx);
/* Inside the transaction, last thing: what this posting made. */
int app_form_done_tx(app_ctx *ctx, const char *result, err_t *e);
/* The id in a result "kind:id" (0 when result is not of that kind). */
int64_t app_form_result_id(const app_ctx *ctx, const char *kind);

/* ---- the figures of a result file read ---------------------------------
 * An upload (agent, card, debit result) answers with a redirect to a page of
 * its figures; the adapter keeps them here as JSON (kind "agent", "card",
 * "debit") right after the import.  PERM_PAYMENT_POST. */
int app_import_result_put(app_ctx *ctx, int64_t file_id, const char *kind, const char *summary, err_t *e);
/* *summary malloc'd (free()); ERR_NOTFOUND with a message when none. */
int app_import_result_get(app_ctx *ctx, int64_t file_id, char *kind, size_t kindsz, char **summary, err_t *e);
/* The same for a reading import (PERM_READING_ENTER), keyed by its batch;
 * kept APP_IMPORT_KEEP_DAYS.  *summary malloc'd (caller frees). */
int app_reading_import_result_put(app_ctx *ctx, const char *batch, const char *summary, err_t *e);
int app_reading_import_result_get(app_ctx *ctx, const char *batch, char **summary, err_t *e);

#endif
