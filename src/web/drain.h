/* drain — how a libmicrohttpd server stops on SIGTERM: take no new
 * connections (the caller's web_acceptor_stop, web/acceptor.h), let the
 * requests in flight finish within a bound, and say in the log what
 * happened.  Shared by the staff server and the portal. */
#ifndef SUIDO_DRAIN_H
#define SUIDO_DRAIN_H

#include <stdatomic.h>
#include <stdbool.h>

/* The default bound, in seconds ([server] drain_timeout, [portal] drain_timeout). */
#define WEB_DRAIN_DEFAULT_S 20u

/* The name of a stop signal for the log ("SIGTERM", "SIGINT"; "signal N" otherwise; static). */
const char *web_drain_signal_name(int sig);
/* With the listening socket already closed (web_acceptor_stop: a new
 * connection is refused at once), wait until *inflight is 0 and jobs()
 * (when not NULL: the batch jobs started from a screen, web_job_running)
 * is 0, or bound_s seconds have passed.
 * Logs, with who ("server", "portal") in front: the start with the number of
 * requests in flight, then "drained: ..." or "drain bound reached: N
 * request(s) still running".  Returns true when every request finished.
 * The caller stops the daemons afterwards (web_acceptor_close). */
bool web_drain(atomic_long *inflight, long (*jobs)(void), unsigned bound_s, const char *who, int sig);

#endif
