/* acceptor — see acceptor.h. */
#include "web/acceptor.h"

#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"

#define MAX_WORKERS 64u

typedef struct worker {
    web_acceptor *a;
    struct MHD_Daemon *d;
    atomic_uint open;   /* connections started and not yet closed */
} worker;

struct web_acceptor {
    int fd;
    unsigned n, turn;   /* turn: where the search for the least busy starts (ties in turn) */
    MHD_NotifyConnectionCallback next;
    void *next_cls;
    pthread_t thread;
    bool started;          /* the accept thread runs (to be joined) */
    atomic_bool stopping;  /* web_acceptor_stop has begun (once) */
    worker w[];
};

/* A socket bound to addr and listening, into *fd; its port (the kernel's
 * choice for port 0) into *port. */
static int listen_on(const struct sockaddr *addr, socklen_t len, unsigned *port, int *fd, err_t *e)
{
    *fd = -1;
    *port = 0;
    int s = socket(addr->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int on = 1;
    if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 || bind(s, addr, len) != 0 ||
        listen(s, SOMAXCONN) != 0) {
        int err = errno;
        if (s >= 0)
            close(s);
        return err_set(e, ERR_IO, "listen", "待ち受けを開始できません（ポートが使用中の可能性があります）。",
                       "cannot listen: %s", strerror(err));
    }
    struct sockaddr_storage got;
    socklen_t glen = sizeof got;
    if (getsockname(s, (struct sockaddr *)&got, &glen) == 0) {
        if (got.ss_family == AF_INET)
            *port = ntohs(((const struct sockaddr_in *)&got)->sin_port);
        else if (got.ss_family == AF_INET6)
            *port = ntohs(((const struct sockaddr_in6 *)&got)->sin6_port);
    }
    *fd = s;
    return 0;
}

static void notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                   enum MHD_ConnectionNotificationCode code)
{
    worker *w = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED)
        atomic_fetch_add(&w->open, 1u);
    else if (code == MHD_CONNECTION_NOTIFY_CLOSED)
        atomic_fetch_sub(&w->open, 1u);
    if (w->a->next)
        w->a->next(w->a->next_cls, conn, socket_context, code);
}

unsigned web_acceptor_connections(const web_acceptor *a, unsigned i)
{
    return i < a->n ? atomic_load(&a->w[i].open) : 0;
}

static void pause_ms(long ms)
{
    struct timespec ts = {0, ms * 1000000L};
    nanosleep(&ts, NULL);
}

/* The worker for the next connection: the fewest open, ties in turn. */
static worker *least_busy(web_acceptor *a)
{
    unsigned best = a->turn, least = UINT_MAX;
    for (unsigned k = 0; k < a->n; k++) {
        unsigned i = (a->turn + k) % a->n, open = atomic_load(&a->w[i].open);
        if (open < least) {
            least = open;
            best = i;
        }
    }
    a->turn = (best + 1) % a->n;
    return &a->w[best];
}

static void *accept_loop(void *arg)
{
    web_acceptor *a = arg;
    for (;;) {
        struct sockaddr_storage ss;
        socklen_t len = sizeof ss;
        int c = accept4(a->fd, (struct sockaddr *)&ss, &len, SOCK_CLOEXEC);
        if (c < 0) {
            if (atomic_load(&a->stopping))
                break;
            if (errno == EINTR || errno == ECONNABORTED || errno == EAGAIN)
                continue;
            /* out of descriptors or memory: the connection waits in the
             * kernel's queue; try again shortly rather than spin */
            log_warn("accept: %s", strerror(errno));
            pause_ms(50);
            continue;
        }
        /* the daemon takes the socket, and closes it when it refuses it
         * (its accept policy, its connection limit) */
        MHD_add_connection(least_busy(a)->d, c, (const struct sockaddr *)&ss, len);
    }
    return NULL;
}

web_acceptor *web_acceptor_open(const struct sockaddr *addr, socklen_t len, unsigned workers,
                                const web_acceptor_spec *spec, unsigned *port, err_t *e)
{
    *port = 0;
    if (workers < 1 || workers > MAX_WORKERS) {
        err_set(e, ERR_INTERNAL, NULL, NULL, "bad worker count %u (1..%u)", workers, MAX_WORKERS);
        return NULL;
    }
    web_acceptor *a = calloc(1, sizeof *a + workers * sizeof a->w[0]);
    if (!a) {
        err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        return NULL;
    }
    a->fd = -1;
    a->n = workers;
    a->next = spec->notify;
    a->next_cls = spec->notify_cls;
    atomic_init(&a->stopping, false);
    int rc = listen_on(addr, len, port, &a->fd, e);
    /* each worker's share of the limit, rounded up (the sum may pass it by workers - 1) */
    unsigned limit = spec->connection_limit ? (spec->connection_limit + workers - 1) / workers : 0;
    unsigned flags = spec->flags | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_NO_LISTEN_SOCKET;
    for (unsigned i = 0; !rc && i < workers; i++) {
        a->w[i].a = a;
        atomic_init(&a->w[i].open, 0u);
        /* ours after the caller's; no limit given: the list ends before it */
        struct MHD_OptionItem ours[] = {
            {MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)(uintptr_t)notify, &a->w[i]},
            {limit ? MHD_OPTION_CONNECTION_LIMIT : MHD_OPTION_END, (intptr_t)limit, NULL},
            {MHD_OPTION_END, 0, NULL},
        };
        a->w[i].d = MHD_start_daemon(flags, 0, spec->apc, spec->apc_cls, spec->handler, spec->handler_cls,
                                     MHD_OPTION_ARRAY, spec->options, MHD_OPTION_ARRAY, ours, MHD_OPTION_END);
        if (!a->w[i].d)
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "cannot start worker %u of %u", i + 1, workers);
    }
    if (!rc && pthread_create(&a->thread, NULL, accept_loop, a) != 0)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "cannot start the accept thread");
    if (rc) {
        web_acceptor_close(a);
        *port = 0;
        return NULL;
    }
    a->started = true;
    return a;
}

void web_acceptor_stop(web_acceptor *a)
{
    if (!a || atomic_exchange(&a->stopping, true))
        return;
    if (a->fd < 0)
        return;   /* never listened */
    shutdown(a->fd, SHUT_RDWR);   /* wakes the blocked accept (EINVAL) */
    if (a->started)
        pthread_join(a->thread, NULL);
    close(a->fd);
    a->fd = -1;
}

void web_acceptor_close(web_acceptor *a)
{
    if (!a)
        return;
    web_acceptor_stop(a);
    for (unsigned i = 0; i < a->n; i++)
        if (a->w[i].d)
            MHD_stop_daemon(a->w[i].d);   /* joins its thread; its connections are closed and notified */
    free(a);
}
