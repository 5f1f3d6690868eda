/* err — the one error convention shared by every layer.
 *
 * A function that can fail returns an int status (0 = ok, otherwise one of
 * ERR_*) and, when given a non-NULL err_t*, fills it with a message for the
 * log (may contain technical detail, never personal data) and a message fit
 * for a user (Japanese, safe to show).  web/ maps codes to HTTP statuses in
 * one place (web/resp.c).  err_t is a plain value: nothing to free. */
#ifndef SUIDO_ERR_H
#define SUIDO_ERR_H

#include <stddef.h>

enum err_code {
    ERR_OK = 0,
    ERR_INVALID,      /* bad input; field names which one            -> 400/422 */
    ERR_NOTFOUND,     /* no such record                              -> 404 */
    ERR_FORBIDDEN,    /* role lacks the permission                   -> 403 */
    ERR_AUTH,         /* not logged in / wrong credentials           -> 401 */
    ERR_LOCKED,       /* account locked after failures               -> 423 */
    ERR_CONFLICT,     /* duplicate / stale / state does not allow it -> 409 */
    ERR_TOO_LARGE,    /* body or field over its limit                -> 413 */
    ERR_DB,           /* database failure                            -> 500 */
    ERR_IO,           /* file / key / OS failure                     -> 500 */
    ERR_INTERNAL,     /* bug                                         -> 500 */
    ERR_STOPPED,      /* a job stopped between units on a stop request (base/stop.h); a rerun finishes it -> 503 */
    ERR_UNAVAILABLE,  /* the database connection was lost (a failover): nothing was written, send again -> 503 */
    ERR__MAX
};

typedef struct err {
    int code;
    char field[64];   /* form field or CLI option at fault, "" if none */
    char log[512];    /* for the log: technical, no personal data */
    char user[512];   /* for the person: Japanese, names the field */
} err_t;

/* Set e (if non-NULL) and return code.  user may be NULL (a generic message is
 * chosen by code).  Formats are printf-style. */
int err_set(err_t *e, int code, const char *field, const char *user, const char *logfmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Invalid input on a field, with a Japanese message formatted like printf. */
int err_field(err_t *e, const char *field, const char *userfmt, ...)
    __attribute__((format(printf, 3, 4)));
void err_clear(err_t *e);
const char *err_code_name(int code);
/* Generic Japanese message for a code (static string). */
const char *err_default_user(int code);

#endif
