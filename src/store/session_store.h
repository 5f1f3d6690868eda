/* session_store — staff login sessions (table sessions).  Only the SHA-256
 * of the session token is stored. */
#ifndef SUIDO_SESSION_STORE_H
#define SUIDO_SESSION_STORE_H

#include <stdint.h>
#include "store/db.h"

typedef struct session_row {
    int64_t id;
    int64_t user_id;
    char csrf[65];
    char ip[64];
    int64_t created_at, last_seen;
    /* The user, read in the same statement (one look-up per request). */
    char username[64];
    char role[16];
    int64_t disabled, must_change;
} session_row;

int session_store_insert(db_conn *c, const char *token_hash, int64_t user_id, const char *csrf, const char *ip,
                         int64_t now, err_t *e);
/* ERR_NOTFOUND when no such session. */
int session_store_get(db_conn *c, const char *token_hash, session_row *out, err_t *e);
int session_store_touch(db_conn *c, int64_t id, int64_t now, err_t *e);
int session_store_delete(db_conn *c, const char *token_hash, err_t *e);
int session_store_delete_user(db_conn *c, int64_t user_id, err_t *e);
/* All of a user's sessions but the one with id keep_id. */
int session_store_delete_user_except(db_conn *c, int64_t user_id, int64_t keep_id, err_t *e);
/* Remove sessions idle since before `before`. */
int session_store_delete_idle(db_conn *c, int64_t before, err_t *e);

#endif
