/* body — a request body as it arrives: small ones in memory, counted
 * against a server-wide budget; large or unsized ones in an anonymous
 * private file (O_TMPFILE, or mkstemp and unlink at once, mode 0600), read
 * back through a read-only private mapping, so nothing is copied to the
 * heap however large the upload. */
#ifndef SUIDO_WEB_BODY_H
#define SUIDO_WEB_BODY_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

/* Bodies up to this size (declared by Content-Length) are kept in memory. */
#define WEB_BODY_MEMORY_MAX ((size_t)256 * 1024)

/* The server-wide budget of bytes held in memory for request bodies. */
typedef struct web_body_budget {
    atomic_size_t held;
    size_t max;
} web_body_budget;

typedef struct web_body {
    web_body_budget *budget;
    size_t reserved;      /* bytes taken from the budget */
    size_t limit;         /* more than this: too_big */
    buf_t mem;
    int fd;               /* the spool file, or -1 */
    size_t len;           /* bytes received */
    void *map;            /* the spool file mapped (web_body_view) */
    bool too_big;         /* over limit: the rest is discarded */
    bool failed;          /* the spool file could not be written */
} web_body;

/* Start a body of the declared length (-1: unknown, e.g. chunked).  Returns
 * false when the memory budget cannot take it (the caller answers 503);
 * b is then still safe to free. */
bool web_body_begin(web_body *b, web_body_budget *budget, long long declared, size_t limit);
/* Take the next piece; sets too_big or failed (and ignores the rest). */
void web_body_append(web_body *b, const char *p, size_t n);
/* The whole body (pointer owned by b, valid until web_body_free; read-only;
 * not NUL-terminated when spooled).  *len 0 and NULL for an empty body;
 * false when the spool file cannot be mapped. */
bool web_body_view(web_body *b, const char **data, size_t *len);
void web_body_free(web_body *b);

#endif
