/* metrics — the staff server's request counters for /metrics (Prometheus
 * text format 0.0.4): requests by route pattern (never the raw path: a tap
 * number or an id is not a label) and status class, and a latency
 * histogram per route.  Counters are relaxed atomics in static arrays
 * indexed by the route's row in WEB_ROUTES: recording takes no lock and
 * allocates nothing.
 *
 * Ownership: nothing is allocated; text is appended to the caller's buffer. */
#ifndef SUIDO_WEB_METRICS_H
#define SUIDO_WEB_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "web/web.h"

/* Recording on (the default) or off ([metrics] enabled = no, set once at start-up before any
 * request: the end-to-end cost of the counters is measured with it, docs/operations.md).  When
 * off, web_metrics_record counts nothing and the server skips its clock reading. */
void web_metrics_set_enabled(bool on);
bool web_metrics_enabled(void);
/* Count one answered request: route (NULL: no route matched), HTTP status
 * (0: none sent), how long it took from its headers to its end. */
void web_metrics_record(const web_route *route, unsigned status, int64_t usec);
/* The HTTP families (requests, latency, responses by class) in text format. */
void web_metrics_render_http(buf_t *b);
/* A route's label: the pattern with its '*' named ("/taps/{no}",
 * "/works/{id}"), into out. */
void web_metrics_route_label(const char *pattern, char *out, size_t outsz);

#endif
