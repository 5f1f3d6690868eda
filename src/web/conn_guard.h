/* conn_guard — deadlines for slow clients, shared by the staff server and
 * the portal (both libmicrohttpd).  libmicrohttpd calls the request handler
 * only once the headers are in and applies only an idle timeout, so a client
 * sending one header line a second would hold its connection for ever.  The
 * guard keeps a registry of connections (MHD_OPTION_NOTIFY_CONNECTION) with
 * the phase each is in, and a reaper thread closes those past their deadline:
 *   headers, from accept: header_s — the request gets a 408 first;
 *   headers of a kept-alive connection's next request (from the end of the
 *   previous one): request_s, as an idle connection (clients reuse one after a
 *   pause, and must not find it closed as they send);
 *   body (from the handler's first call): request_s plus a short grace (the
 *   handler itself answers 408 when the body trickles past request_s);
 *   answer (the response is queued): no deadline from the guard.
 * It also caps the connections one client address may hold (the accept
 * policy): addresses the caller exempts (a trusted reverse proxy, whose
 * connections carry many clients) are not capped here.
 * Over TLS (opts.tls) no 408 is written: plain bytes would break the TLS
 * stream, so the connection is only closed.
 * Closing is shutdown(SHUT_RDWR) on the socket, under the registry lock,
 * which libmicrohttpd then sees as the client going away. */
#ifndef SUIDO_CONN_GUARD_H
#define SUIDO_CONN_GUARD_H

#include <stdbool.h>
#include <sys/socket.h>

#include <microhttpd.h>

typedef struct conn_guard conn_guard;

enum conn_phase { CONN_HEADERS, CONN_BODY, CONN_ANSWER };

typedef struct conn_guard_opts {
    unsigned header_s;      /* deadline for the headers */
    unsigned request_s;     /* for the whole request */
    unsigned per_address;   /* connections one address may hold; 0 = no cap */
    bool tls;               /* connections are TLS: a timeout closes without the plain 408 */
    /* true for an address that is not capped (may be NULL) */
    bool (*exempt)(void *arg, const char *address);
    void *exempt_arg;
} conn_guard_opts;

/* A guard with its reaper thread; NULL when out of memory.  Free with
 * conn_guard_free after the daemon is stopped. */
conn_guard *conn_guard_new(const conn_guard_opts *o);
void conn_guard_free(conn_guard *g);
/* The MHD_OPTION_NOTIFY_CONNECTION callback; cls is the guard. */
void conn_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                       enum MHD_ConnectionNotificationCode code);
/* The accept policy (MHD_start_daemon's apc, cls the guard): MHD_NO when the
 * address already holds per_address connections. */
enum MHD_Result conn_guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);
/* The connection enters a phase (its clock restarts).  Call with
 * CONN_BODY on the handler's first call, CONN_ANSWER when the response is
 * queued, CONN_HEADERS when the request completes. */
void conn_guard_phase(conn_guard *g, struct MHD_Connection *conn, enum conn_phase phase);
/* Answer 408 directly on the socket and close it: for a body that arrives
 * too slowly, when libmicrohttpd cannot queue a response before the body
 * is complete.  The handler then returns MHD_NO. */
void conn_guard_timeout(conn_guard *g, struct MHD_Connection *conn);
/* The header deadline for a request timeout: min(10 s, request_s). */
unsigned conn_guard_header_deadline(unsigned request_s);

#endif
