/* restic — runs the restic program (Debian package restic) for `suido
 * backup`: a child process started with an argument vector (no shell),
 * the repository and the password FILE given as options; the password
 * itself never appears on a command line or in an environment (the
 * RESTIC_PASSWORD* variables are removed from the child's environment, so
 * an operator's own shell settings cannot stand in for the file).
 *
 * Ownership: output goes to the caller's buffer or descriptor. */
#ifndef SUIDO_RESTIC_H
#define SUIDO_RESTIC_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

typedef struct restic_repo {
    const char *program;         /* "restic", or a path */
    const char *repository;      /* a local path, sftp:host:/path, rest:https://... */
    const char *password_file;
} restic_repo;

typedef struct restic_out {
    buf_t *out;          /* stdout appended here (NULL: see out_fd) */
    int out_fd;          /* stdout written here when out is NULL (-1: discarded) */
    char err[512];       /* the end of stderr, for messages (no secrets: restic prints none) */
    int status;          /* exit code; 128+N when killed by signal N */
} restic_out;

/* Run `restic --repo R --password-file F args...` (args NULL-terminated)
 * and wait for it.  0 when it ran (whatever its exit code: see o->status);
 * ERR_IO when it could not be started (restic not installed: the message
 * says to install it). */
int restic_run(const restic_repo *r, const char *const *args, restic_out *o, err_t *e);

#endif
