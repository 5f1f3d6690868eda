/* Unit tests: the acceptor (web/acceptor.h) — one listening socket, its
 * connections dealt to the least busy of several one-thread daemons; after
 * web_acceptor_stop a new connection is refused while the open ones are
 * still answered; a port in use is a clear error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "web/acceptor.h"

#define WORKERS 4
#define CONNS 8

/* The threads that answered, in the order of the requests. */
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t g_thread[64];
static int g_answered;

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_len, void **con_cls)
{
    (void)cls, (void)url, (void)method, (void)version, (void)upload, (void)upload_len;
    static int seen;
    if (!*con_cls) {   /* the headers are in: answer on the next call (else libmicrohttpd closes the connection) */
        *con_cls = &seen;
        return MHD_YES;
    }
    pthread_mutex_lock(&g_lock);
    if (g_answered < 64)
        g_thread[g_answered++] = pthread_self();
    pthread_mutex_unlock(&g_lock);
    struct MHD_Response *r = MHD_create_response_from_buffer(2, (void *)"ok", MHD_RESPMEM_PERSISTENT);
    enum MHD_Result rc = MHD_queue_response(conn, 200, r);
    MHD_destroy_response(r);
    return rc;
}

static int g_notified;   /* events seen by the caller's notifier (passed on by the acceptor) */

static void count_events(void *cls, struct MHD_Connection *conn, void **socket_context,
                         enum MHD_ConnectionNotificationCode code)
{
    (void)cls, (void)conn, (void)socket_context, (void)code;
    pthread_mutex_lock(&g_lock);
    g_notified++;
    pthread_mutex_unlock(&g_lock);
}

static const struct MHD_OptionItem NO_OPTIONS[] = {{MHD_OPTION_END, 0, NULL}};

static web_acceptor *open_on_loopback(unsigned *port)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    err_t e;
    err_clear(&e);
    int fd = -1;
    assert_int_equal(web_acceptor_listen((const struct sockaddr *)&sa, sizeof sa, port, &fd, &e), 0);
    assert_true(*port > 0);
    web_acceptor_spec spec = {.handler = answer, .options = NO_OPTIONS, .notify = count_events};
    web_acceptor *a = web_acceptor_open(fd, WORKERS, &spec, &e);
    assert_non_null(a);
    return a;
}

static int dial(unsigned port)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    if (connect(fd, (const struct sockaddr *)&sa, sizeof sa) != 0) {
        int err = errno;
        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

/* One request on a kept-alive connection; true when "ok" came back. */
static bool ask(int fd)
{
    static const char req[] = "GET / HTTP/1.1\r\nHost: t\r\n\r\n";
    if (write(fd, req, sizeof req - 1) != (ssize_t)(sizeof req - 1))
        return false;
    char buf[1024];
    size_t got = 0;
    while (got < sizeof buf - 1) {
        ssize_t k = read(fd, buf + got, sizeof buf - 1 - got);
        if (k <= 0)
            return false;
        got += (size_t)k;
        buf[got] = '\0';
        const char *end = strstr(buf, "\r\n\r\n");
        if (end && strlen(end + 4) >= 2)
            return strncmp(buf, "HTTP/1.1 200", 12) == 0 && strncmp(end + 4, "ok", 2) == 0;
    }
    return false;
}

static void connections_are_dealt_evenly_and_stop_refuses_new_ones(void **state)
{
    (void)state;
    unsigned port = 0;
    web_acceptor *a = open_on_loopback(&port);
    /* eight connections, opened one after another and each kept open: each
     * goes to a worker with the fewest, so every worker gets two */
    int fd[CONNS];
    for (int i = 0; i < CONNS; i++) {
        fd[i] = dial(port);
        assert_true(fd[i] >= 0);
        assert_true(ask(fd[i]));
    }
    for (unsigned w = 0; w < WORKERS; w++)
        assert_int_equal(web_acceptor_connections(a, w), CONNS / WORKERS);
    pthread_mutex_lock(&g_lock);
    assert_int_equal(g_answered, CONNS);
    for (int i = 0; i < CONNS; i++) {
        int same = 0;
        for (int j = 0; j < CONNS; j++)
            same += pthread_equal(g_thread[i], g_thread[j]) != 0;
        assert_int_equal(same, CONNS / WORKERS);   /* each answering thread answered two connections */
    }
    assert_true(g_notified >= CONNS);   /* the caller's notifier saw every connection start */
    pthread_mutex_unlock(&g_lock);

    /* no new connections after stop, while the open ones are still answered */
    web_acceptor_stop(a);
    web_acceptor_stop(a);   /* idempotent */
    assert_int_equal(dial(port), -1);
    assert_int_equal(errno, ECONNREFUSED);
    for (int i = 0; i < CONNS; i++)
        assert_true(ask(fd[i]));
    /* a closed connection leaves its worker's count */
    close(fd[0]);
    for (int tries = 0; tries < 500 && web_acceptor_connections(a, 0) + web_acceptor_connections(a, 1) +
                                               web_acceptor_connections(a, 2) + web_acceptor_connections(a, 3) !=
                                           CONNS - 1;
         tries++)
        usleep(10000);
    unsigned open = 0;
    for (unsigned w = 0; w < WORKERS; w++)
        open += web_acceptor_connections(a, w);
    assert_int_equal(open, CONNS - 1);
    web_acceptor_close(a);
    for (int i = 1; i < CONNS; i++)
        close(fd[i]);
}

static void a_port_in_use_is_a_clear_error(void **state)
{
    (void)state;
    unsigned port = 0;
    web_acceptor *a = open_on_loopback(&port);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    err_t e;
    err_clear(&e);
    int fd = 123;
    unsigned got = 9;
    assert_int_equal(web_acceptor_listen((const struct sockaddr *)&sa, sizeof sa, &got, &fd, &e), ERR_IO);
    assert_int_equal(fd, -1);
    assert_int_equal(got, 0);
    assert_string_equal(e.field, "listen");
    assert_non_null(strstr(e.user, "待ち受けを開始できません"));
    web_acceptor_close(a);
}

static void no_workers_is_refused(void **state)
{
    (void)state;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    err_t e;
    err_clear(&e);
    web_acceptor_spec spec = {.handler = answer, .options = NO_OPTIONS};
    assert_null(web_acceptor_open(fd, 0, &spec, &e));
    assert_int_equal(e.code, ERR_INTERNAL);
    assert_int_equal(fcntl(fd, F_GETFD), -1);   /* the socket was closed */
    assert_int_equal(errno, EBADF);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(connections_are_dealt_evenly_and_stop_refuses_new_ones),
        cmocka_unit_test(a_port_in_use_is_a_clear_error),
        cmocka_unit_test(no_workers_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
