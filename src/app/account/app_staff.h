/* app_staff — staff accounts: log-in, sessions, users (app/account/app_auth.c, app_user.c).
 * Split from app/app.h (conventions there: permission, one transaction,
 * audit; _tx functions run in the caller's transaction).
 *
 * Ownership: output structs are filled by value; arrays returned through
 * pointer-to-pointer are malloc'd and freed by the matching *_free function
 * named beside them (else free()). */
#ifndef SUIDO_ACCOUNT_APP_STAFF_H
#define SUIDO_ACCOUNT_APP_STAFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

/* ---- staff accounts (app_auth.c, app_user.c) -------------------------- */

#define APP_TOKEN_HEX 64      /* session token: 32 random bytes as hex */

typedef struct app_login_result {
    char token[APP_TOKEN_HEX + 1];   /* give to the browser as the cookie */
    char csrf[65];
    bool must_change;
} app_login_result;

/* Check the password, lockout, disabled; create a session. */
int app_auth_login(app_ctx *ctx, const char *username, const char *password, app_login_result *out, err_t *e);
/* Resolve a session token into ctx->actor (and its csrf); enforces the idle
 * timeout.  ERR_AUTH when unknown or expired; *idle_out (if non-NULL) is set
 * true when the session has ended (by the idle timeout, or swept away by the
 * server's idle sweep before this request came), so the login page can say so
 * (e->user then holds that message). */
int app_auth_session(app_ctx *ctx, const char *token, char csrf_out[65], bool *idle_out, err_t *e);
int app_auth_logout(app_ctx *ctx, const char *token, err_t *e);
/* Own password change (current password required). */
int app_auth_change_password(app_ctx *ctx, const char *current, const char *newpw, const char *confirm, err_t *e);
/* Password policy (pure): at least 10 characters, not the username. */
int app_password_policy(const char *username, const char *pw, const char *field, err_t *e);

/* A staff member's 氏名: at most this many characters (code points). */
#define APP_STAFF_NAME_MAX 40
#define APP_STAFF_NAME_SIZE 168   /* bytes for APP_STAFF_NAME_MAX characters of UTF-8 + NUL */

typedef struct app_user {
    int64_t id;
    char username[64];
    char full_name[APP_STAFF_NAME_SIZE];   /* 氏名, opened; '' when not set */
    int role;
    bool disabled, must_change, locked;
    int64_t created_at;
} app_user;

/* full_name: the 氏名 (sealed before it is stored); NULL when not given (the
 * command line may leave it for later), "" is refused as a missing 氏名.
 * must_change: true when an administrator sets it on the screen, false when
 * the operator sets it at the command line.  An administrator creating an
 * administrator creates a 閲覧 account and requests the role (approval kind
 * user.role): *pending_id (may be NULL) receives the request id, else 0. */
int app_user_add(app_ctx *ctx, const char *username, const char *full_name, const char *role, const char *password,
                 bool must_change, int64_t *id_out, int64_t *pending_id, err_t *e);
int app_user_list(app_ctx *ctx, app_user **rows, size_t *n, err_t *e);
int app_user_get(app_ctx *ctx, const char *username, app_user *out, err_t *e);
/* Demoting, disabling or resetting the password of another administrator,
 * or making anyone an administrator, needs a second administrator's approval: *pending_id receives the approval
 * request id (reason required) and nothing changes yet.  Other accounts
 * change at once (*pending_id = 0); so does anything the operator (CLI) does.
 * While a request is pending on an account, every change to it is refused
 * (ERR_CONFLICT).  A password reset ends all the user's sessions. */
int app_user_set_role(app_ctx *ctx, const char *username, const char *role, const char *reason, int64_t *pending_id,
                      err_t *e);
int app_user_set_password(app_ctx *ctx, const char *username, const char *password, bool must_change,
                          const char *reason, int64_t *pending_id, err_t *e);
int app_user_disable(app_ctx *ctx, const char *username, const char *reason, int64_t *pending_id, err_t *e);
int app_user_enable(app_ctx *ctx, const char *username, err_t *e);
/* Set a staff member's 氏名 (PERM_USER_ADMIN; audited as user.name): required,
 * at most APP_STAFF_NAME_MAX characters, no control or invisible characters;
 * spaces at either end are dropped.  Stored sealed. */
int app_user_set_name(app_ctx *ctx, const char *username, const char *full_name, err_t *e);
/* The name to show for a staff member (the 取扱者 of a receipt, the 印刷者 of
 * a printed page): the 氏名 when set, else the username (also when the
 * account is gone or its name cannot be opened).  No permission needed:
 * whoever sees the document sees who made it.  out (outsz bytes) always
 * receives a NUL-terminated string. */
void app_staff_display_name(app_ctx *ctx, const char *username, char *out, size_t outsz);
int app_user_unlock(app_ctx *ctx, const char *username, err_t *e);

#endif
