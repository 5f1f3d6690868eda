/* conn_guard — see conn_guard.h. */
#include "web/conn_guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "base/log.h"

typedef struct conn_entry {
    struct conn_entry *prev, *next;
    int fd;
    enum conn_phase phase;
    struct timespec since;
    unsigned served;        /* requests completed on this connection */
    char address[INET6_ADDRSTRLEN];
    bool closing;
} conn_entry;

struct conn_guard {
    conn_guard_opts o;
    unsigned header_ms, request_ms;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    conn_entry *head;
    bool stop;
    pthread_t reaper;
};

enum { BODY_GRACE_MS = 2000, TICK_MS = 250 };

static const char TIMEOUT_408[] =
    "HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"
    "Content-Length: 83\r\n\r\n408 リクエストの受信に時間がかかりすぎました (request timeout)\n";

static long ms_since(const struct timespec *t0, const struct timespec *now)
{
    return (long)((now->tv_sec - t0->tv_sec) * 1000 + (now->tv_nsec - t0->tv_nsec) / 1000000);
}

/* Caller holds g->lock: fd is still open (NOTIFY_CLOSED takes the lock).
 * Over TLS the 408 is not written (plain bytes inside a TLS stream): the
 * connection is only closed. */
static void close_locked(const conn_guard *g, conn_entry *c, bool answer)
{
    if (c->closing)
        return;
    c->closing = true;
    if (answer && !g->o.tls)
        (void)send(c->fd, TIMEOUT_408, sizeof TIMEOUT_408 - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
    shutdown(c->fd, SHUT_RDWR);
}

static void *reaper(void *arg)
{
    conn_guard *g = arg;
    pthread_mutex_lock(&g->lock);
    while (!g->stop) {
        struct timespec now, until;
        clock_gettime(CLOCK_MONOTONIC, &now);
        for (conn_entry *c = g->head; c; c = c->next) {
            long age = ms_since(&c->since, &now);
            /* A kept-alive connection waiting for its next request is idle, not
             * slow: it gets the request deadline (libmicrohttpd's idle timeout
             * is the same), so a client that reuses it after a pause of more
             * than header_s is not cut off as it sends. */
            long wait_ms = c->served ? (long)g->request_ms : (long)g->header_ms;
            if (c->phase == CONN_HEADERS && age > wait_ms)
                close_locked(g, c, c->served == 0);
            else if (c->phase == CONN_BODY && age > (long)g->request_ms + BODY_GRACE_MS)
                close_locked(g, c, false);
        }
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += TICK_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&g->wake, &g->lock, &until);
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

unsigned conn_guard_header_deadline(unsigned request_s)
{
    return request_s && request_s < 10 ? request_s : 10;
}

conn_guard *conn_guard_new(const conn_guard_opts *o)
{
    conn_guard *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->o = *o;
    g->header_ms = o->header_s * 1000u;
    g->request_ms = o->request_s * 1000u;
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->wake, NULL);
    if (pthread_create(&g->reaper, NULL, reaper, g) != 0) {
        pthread_cond_destroy(&g->wake);
        pthread_mutex_destroy(&g->lock);
        free(g);
        return NULL;
    }
    return g;
}

void conn_guard_free(conn_guard *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&g->lock);
    g->stop = true;
    pthread_cond_signal(&g->wake);
    pthread_mutex_unlock(&g->lock);
    pthread_join(g->reaper, NULL);
    while (g->head) {   /* connections the stopped daemon did not report closed */
        conn_entry *c = g->head;
        g->head = c->next;
        free(c);
    }
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->lock);
    free(g);
}

/* The numeric address of a peer ("" when not IPv4/IPv6). */
static void address_text(const struct sockaddr *sa, char out[INET6_ADDRSTRLEN])
{
    out[0] = '\0';
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, INET6_ADDRSTRLEN);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, INET6_ADDRSTRLEN);
}

enum MHD_Result conn_guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
    (void)addrlen;
    conn_guard *g = cls;
    if (!g->o.per_address)
        return MHD_YES;
    char a[INET6_ADDRSTRLEN];
    address_text(addr, a);
    if (!a[0] || (g->o.exempt && g->o.exempt(g->o.exempt_arg, a)))
        return MHD_YES;
    unsigned n = 0;
    pthread_mutex_lock(&g->lock);
    for (conn_entry *c = g->head; c; c = c->next)
        if (strcmp(c->address, a) == 0)
            n++;
    pthread_mutex_unlock(&g->lock);
    if (n < g->o.per_address)
        return MHD_YES;
    log_warn("connection from %s refused: it holds %u connections (max_per_address)", a, n);
    return MHD_NO;
}

void conn_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                       enum MHD_ConnectionNotificationCode code)
{
    conn_guard *g = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        conn_entry *c = calloc(1, sizeof *c);
        if (!c || !ci) {
            free(c);
            return;   /* unguarded: libmicrohttpd's idle timeout still applies */
        }
        c->fd = ci->connect_fd;
        const union MHD_ConnectionInfo *ai = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        address_text(ai ? ai->client_addr : NULL, c->address);
        clock_gettime(CLOCK_MONOTONIC, &c->since);
        pthread_mutex_lock(&g->lock);
        c->next = g->head;
        if (g->head)
            g->head->prev = c;
        g->head = c;
        pthread_mutex_unlock(&g->lock);
        *socket_context = c;
        return;
    }
    conn_entry *c = *socket_context;
    if (!c)
        return;
    pthread_mutex_lock(&g->lock);
    if (c->prev)
        c->prev->next = c->next;
    else
        g->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    pthread_mutex_unlock(&g->lock);
    free(c);
    *socket_context = NULL;
}

static conn_entry *entry_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

void conn_guard_phase(conn_guard *g, struct MHD_Connection *conn, enum conn_phase phase)
{
    conn_entry *c = entry_of(conn);
    if (!c)
        return;
    pthread_mutex_lock(&g->lock);
    if (phase == CONN_HEADERS && c->phase != CONN_HEADERS)
        c->served++;
    c->phase = phase;
    clock_gettime(CLOCK_MONOTONIC, &c->since);
    pthread_mutex_unlock(&g->lock);
}

void conn_guard_timeout(conn_guard *g, struct MHD_Connection *conn)
{
    conn_entry *c = entry_of(conn);
    if (!c)
        return;
    pthread_mutex_lock(&g->lock);
    close_locked(g, c, true);
    pthread_mutex_unlock(&g->lock);
}
