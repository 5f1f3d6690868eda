/* form_token_store — one-time tokens of posting forms (table form_tokens,
 * migration 10).  Only the SHA-256 of a token and of the session it was
 * issued to are stored.  A token is issued when a form that posts money or
 * a request is shown, claimed once by the posting (in its transaction), and
 * keeps what that posting produced, so that the same form sent again is
 * answered with the first result.
 *
 * The figures of each result file read are kept beside (import_results),
 * for the page the upload redirects to.
 *
 * Ownership: outputs are the caller's buffers, except a summary (malloc'd). */
#ifndef SUIDO_FORM_TOKEN_STORE_H
#define SUIDO_FORM_TOKEN_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

int form_token_store_insert(db_conn *c, const char *token_hash, const char *session_hash, const char *purpose,
                            int64_t now, err_t *e);
/* Mark the token used: *claimed true when it was unused (and is now used). */
int form_token_store_claim(db_conn *c, const char *token_hash, const char *session_hash, const char *purpose,
                           int64_t now, bool *claimed, err_t *e);
/* A used token's result (out "" when it has none yet); ERR_NOTFOUND (e
 * untouched) when no such token was issued to this session for purpose. */
int form_token_store_result(db_conn *c, const char *token_hash, const char *session_hash, const char *purpose,
                            char *out, size_t outsz, err_t *e);
int form_token_store_set_result(db_conn *c, const char *token_hash, const char *result, err_t *e);
/* The figures of a result file read (table import_results): summary JSON
 * text; kind "agent", "card" or "debit". */
int import_result_store_put(db_conn *c, int64_t file_id, const char *kind, const char *summary, int64_t now,
                            err_t *e);
/* *summary malloc'd (caller frees); ERR_NOTFOUND (e untouched) when none. */
int import_result_store_get(db_conn *c, int64_t file_id, char *kind, size_t kindsz, char **summary, err_t *e);
/* The same for a reading import (table reading_import_results), keyed by
 * its batch; put also forgets the ones created before `before`. */
int import_result_store_put_batch(db_conn *c, const char *batch, const char *summary, int64_t now, int64_t before,
                                  err_t *e);
/* *summary malloc'd (caller frees); ERR_NOTFOUND (e untouched) when none. */
int import_result_store_get_batch(db_conn *c, const char *batch, char **summary, err_t *e);
/* Forget tokens issued before `before` (unix seconds). */
int form_token_store_prune(db_conn *c, int64_t before, err_t *e);

#endif
