/* anonfile — a temporary file that never has a name while it holds data.
 *
 * Documents with personal or bank data (PDF, XLSX, Zengin files) that a
 * library insists on writing to a path go to an anonymous file instead: opened
 * with O_TMPFILE in $TMPDIR (or /tmp), or, where the file system lacks it, made
 * with mkstemp and unlinked before anything is written.  A crash at any point
 * leaves nothing behind; the kernel frees the file with its last descriptor.
 *
 * Ownership: the caller owns the descriptor (close it); paths are written into
 * the caller's buffer. */
#ifndef SUIDO_ANONFILE_H
#define SUIDO_ANONFILE_H

#include <errno.h>   /* the functions report failures in errno */
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

/* A new empty anonymous file, read-write, mode 0600, close-on-exec; -1 with
 * errno set on failure. */
int anonfile_open(void);
/* A path that opens the same file again ("/proc/self/fd/N"), for libraries
 * that take a file name (cairo, libxlsxwriter).  false if it does not fit. */
bool anonfile_path(int fd, char *out, size_t outsz);
/* The whole content of the file (from offset 0) appended to out; false on a
 * read error or when out failed. */
bool anonfile_read(int fd, buf_t *out);

/* Write all n bytes of p to fd (any descriptor: a file, a pipe), going on
 * after short writes and EINTR; false (errno set) when a write fails. */
bool anonfile_write_all(int fd, const void *p, size_t n);

#endif
