/* unescape — percent-decoding of request paths and query strings for both
 * libmicrohttpd servers (MHD_OPTION_UNESCAPE_CALLBACK), with one change to
 * libmicrohttpd's own: an encoded NUL ("%00") does not become a NUL byte.
 * A C string ends at a NUL, so "/works/1%00x" would reach a handler as
 * "/works/1" — another resource than the one asked for.  The NUL is turned
 * into DEL (0x7F), which no id, tap number or form field accepts, so the
 * request is refused (404 / 400) like any other malformed one.
 * Ownership: decodes s in place; returns its new length. */
#ifndef SUIDO_WEB_UNESCAPE_H
#define SUIDO_WEB_UNESCAPE_H

#include <stddef.h>

struct MHD_Connection;

size_t web_unescape(void *cls, struct MHD_Connection *c, char *s);

#endif
