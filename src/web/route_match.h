/* Matching a request path against a route pattern.
 *
 * A pattern is a literal path, or a path with one '*' standing for exactly one
 * non-empty segment ("/taps/ * /edit" without the spaces).  The matched segment
 * is the route's parameter. */
#ifndef SUIDO_WEB_ROUTE_MATCH_H
#define SUIDO_WEB_ROUTE_MATCH_H

#include <stdbool.h>
#include <stddef.h>

/* Whether path matches pattern.  param (paramsz > 0, owned by the caller) always
 * ends up a string: the matched segment, or "" for a pattern without '*' and for
 * no match.  A segment that does not fit in param does not match. */
bool web_route_match(const char *pattern, const char *path, char *param, size_t paramsz);

#endif
