/* user_store — staff accounts (table users). Rows are plain values filled by
 * the caller-provided struct; list results are malloc'd arrays the caller
 * frees with free(). */
#ifndef SUIDO_USER_STORE_H
#define SUIDO_USER_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct user_row {
    int64_t id;
    char username[64];
    char role[16];
    char pw_hash[128];
    int64_t must_change;   /* 1: password change forced at next login */
    int64_t disabled;
    int64_t failed_count;  /* consecutive failed logins */
    int64_t locked_until;  /* Unix seconds; 0 = not locked */
    int64_t created_at, updated_at;
    char full_name_enc[512];   /* 氏名, sealed (crypto_seal); '' = not set */
} user_row;

int user_store_insert(db_conn *c, const user_row *u, int64_t *id_out, err_t *e);
/* ERR_NOTFOUND when absent. */
int user_store_get_by_name(db_conn *c, const char *username, user_row *out, err_t *e);
int user_store_get(db_conn *c, int64_t id, user_row *out, err_t *e);
int user_store_list(db_conn *c, user_row **rows, size_t *n, err_t *e);
int user_store_set_password(db_conn *c, int64_t id, const char *pw_hash, bool must_change, int64_t now, err_t *e);
/* Set the sealed 氏名 (full_name_enc as crypto_seal gives it). */
int user_store_set_name(db_conn *c, int64_t id, const char *full_name_enc, int64_t now, err_t *e);
int user_store_set_role(db_conn *c, int64_t id, const char *role, int64_t now, err_t *e);
int user_store_set_disabled(db_conn *c, int64_t id, bool disabled, int64_t now, err_t *e);
int user_store_set_failures(db_conn *c, int64_t id, int64_t failed_count, int64_t locked_until, err_t *e);
/* Active (not disabled) users with the given role. */
int user_store_count_active_role(db_conn *c, const char *role, int64_t *n, err_t *e);

/* Failed logins under a name that is no account (table login_failures):
 * zeros when none recorded. */
int user_store_name_failures_get(db_conn *c, const char *username, int64_t *failed_count, int64_t *locked_until,
                                 err_t *e);
int user_store_name_failures_set(db_conn *c, const char *username, int64_t failed_count, int64_t locked_until,
                                 int64_t now, err_t *e);
/* Forget names not tried since `before` and not locked at `now`. */
int user_store_name_failures_prune(db_conn *c, int64_t before, int64_t now, err_t *e);

/* What a pending account approval will do (table user_requests). */
typedef struct user_request_row {
    int64_t approval_id;
    int64_t user_id;
    char role[16];         /* new role, '' if unchanged */
    char pw_hash[128];     /* new password's hash, '' if unchanged */
    int64_t must_change;
} user_request_row;

int user_store_request_insert(db_conn *c, const user_request_row *r, err_t *e);
/* ERR_NOTFOUND when the approval has no particulars. */
int user_store_request_get(db_conn *c, int64_t approval_id, user_request_row *out, err_t *e);
/* Blank the request's password hash once decided (it is kept nowhere else). */
int user_store_request_forget(db_conn *c, int64_t approval_id, err_t *e);

#endif
