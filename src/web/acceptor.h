/* acceptor — the listening socket of a libmicrohttpd server, accepted by one
 * thread of ours and each connection dealt to the least busy of several
 * one-thread daemons (the workers).
 *
 * With libmicrohttpd's own thread pool every worker polls the listening
 * socket and whichever wakes first accepts: fifty connections opened at once
 * landed 37/37/17/0 % on four workers (session 40), and the requests on the
 * busiest waited while another sat idle.  Here each worker is a daemon of
 * its own with one thread and no listening socket, whose connection
 * notifier counts its open connections, and each accepted connection goes
 * by MHD_add_connection to the worker with the fewest open (ties in turn).
 * The daemons' accept policy applies as before, and the connection limit is
 * the whole server's, split over the workers.  Shared by the staff server
 * and the portal.
 *
 * Ownership: the acceptor owns its listening socket and the daemons, which
 * web_acceptor_close stops (after web_acceptor_stop). */
#ifndef SUIDO_WEB_ACCEPTOR_H
#define SUIDO_WEB_ACCEPTOR_H

#include <microhttpd.h>
#include <sys/socket.h>

#include "base/err.h"

typedef struct web_acceptor web_acceptor;

/* What each worker daemon is started with: flags (MHD_USE_INTERNAL_POLLING_THREAD,
 * MHD_USE_EPOLL, MHD_USE_ITC and MHD_USE_NO_LISTEN_SOCKET are added), the
 * accept policy and handler, options (MHD_OPTION_END-terminated; neither
 * MHD_OPTION_NOTIFY_CONNECTION, which is notify here, nor
 * MHD_OPTION_CONNECTION_LIMIT, which is connection_limit), the caller's
 * connection notifier (may be NULL), called for every event of every
 * worker, and the most connections open at once in all the workers
 * together (0: libmicrohttpd's default for each), each worker taking its
 * share rounded up. */
typedef struct web_acceptor_spec {
    unsigned flags;
    MHD_AcceptPolicyCallback apc;
    void *apc_cls;
    MHD_AccessHandlerCallback handler;
    void *handler_cls;
    const struct MHD_OptionItem *options;
    MHD_NotifyConnectionCallback notify;
    void *notify_cls;
    unsigned connection_limit;
} web_acceptor_spec;

/* Listen on addr (SO_REUSEADDR, close-on-exec; its port, the kernel's
 * choice for port 0, into *port), start `workers` daemons (1..64) as spec
 * says and a thread accepting for them.  NULL with e set when it cannot:
 * an address in use or refused is ERR_IO with field "listen" and a message
 * for the operator; a bad worker count, or a daemon or the thread that
 * would not start, ERR_INTERNAL.  Nothing is then left open or running. */
web_acceptor *web_acceptor_open(const struct sockaddr *addr, socklen_t len, unsigned workers,
                                const web_acceptor_spec *spec, unsigned *port, err_t *e);
/* The open connections of worker i now. */
unsigned web_acceptor_connections(const web_acceptor *a, unsigned i);
/* No more connections: the socket is shut and closed (a client connecting
 * now is refused at once) and the thread joined; the workers go on with the
 * connections they have.  Idempotent; NULL is a no-op. */
void web_acceptor_stop(web_acceptor *a);
/* Stop accepting if not yet, stop the daemons (their threads joined, their
 * connections closed) and free a.  NULL is a no-op. */
void web_acceptor_close(web_acceptor *a);

#endif
