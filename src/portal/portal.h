/* portal — the citizen portal's HTTP server (`suido portal`): its own
 * process and listener, libmicrohttpd, no staff sessions.  Residents file
 * start and stop applications, look up their status and download the
 * utility's paper forms.  See docs/portal.md. */
#ifndef SUIDO_PORTAL_H
#define SUIDO_PORTAL_H

#include "app/app.h"

typedef struct portal_opts {
    const char *listen;            /* "HOST:PORT" */
    unsigned threads;              /* worker threads */
    unsigned request_timeout_s;    /* a request slower to arrive gets 408 (headers: min(10 s, this)) */
    unsigned max_per_address;      /* connections one TCP peer may hold (trusted proxies exempt); 0 = no cap */
    long long post_per_minute;     /* per client address: POSTs (burst the same) */
    long long get_per_minute;      /* and GETs */
    const char *trusted_proxies;   /* peers whose X-Real-IP is believed (space/comma separated) */
    unsigned drain_s;              /* on SIGTERM/SIGINT, wait this long for requests in flight; 0 = 20 */
} portal_opts;

/* Serve until SIGTERM or SIGINT, then drain (web/drain.h: no new
 * connections, up to drain_s seconds for the requests in flight) and return 0.
 * env from app_portal_env_init (the public key only). */
int portal_run(app_env *env, const portal_opts *o, err_t *e);

#endif
