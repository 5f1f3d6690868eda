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
 * by MHD_add_connection to the worker with the fewest open (ties in turn).  The daemons' accept policy and
 * connection limits apply as before.  Shared by the staff server and the
 * portal.
 *
 * Ownership: the socket of web_acceptor_listen passes to web_acceptor_open
 * (also when it fails); the acceptor owns it and the daemons, which
 * web_acceptor_close stops (after web_acceptor_stop). */
#ifndef SUIDO_WEB_ACCEPTOR_H
#define SUIDO_WEB_ACCEPTOR_H

#include <microhttpd.h>
#include <sys/socket.h>

#include "base/err.h"

typedef struct web_acceptor web_acceptor;

/* A socket bound to addr and listening (SO_REUSEADDR, close-on-exec); its
 * port (the one the kernel chose for port 0) in *port.  An address in use
 * or refused: ERR_IO with field "listen" and a message for the operator. */
int web_acceptor_listen(const struct sockaddr *addr, socklen_t len, unsigned *port, int *fd, err_t *e);

/* What each worker daemon is started with: flags (MHD_USE_INTERNAL_POLLING_THREAD,
 * MHD_USE_EPOLL, MHD_USE_ITC and MHD_USE_NO_LISTEN_SOCKET are added), the
 * accept policy and handler, options (MHD_OPTION_END-terminated; not
 * MHD_OPTION_NOTIFY_CONNECTION, which is notify here) and the caller's
 * connection notifier (may be NULL), called for every event of every worker. */
typedef struct web_acceptor_spec {
    unsigned flags;
    MHD_AcceptPolicyCallback apc;
    void *apc_cls;
    MHD_AccessHandlerCallback handler;
    void *handler_cls;
    const struct MHD_OptionItem *options;
    MHD_NotifyConnectionCallback notify;
    void *notify_cls;
} web_acceptor_spec;

/* Start `workers` daemons (1..64) as spec says and a thread accepting on
 * fd for them.  NULL with e set (ERR_INTERNAL) when one could not start;
 * fd is then closed and nothing is left running. */
web_acceptor *web_acceptor_open(int fd, unsigned workers, const web_acceptor_spec *spec, err_t *e);
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
