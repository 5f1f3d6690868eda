/* Unit tests: the acceptor (web/acceptor.h) — one listening socket, its
 * connections dealt to the least busy of several one-thread daemons; after
 * web_acceptor_stop a new connection is refused while the open ones are
 * still answered; the connection limit is the whole server's, split over
 * the workers; a port in use and a bad worker count are clear errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
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

/* An acceptor on 127.0.0.1:want (0: a port the kernel chooses), its port
 * into *port; NULL with e set when it cannot. */
static web_acceptor *open_on(unsigned want, unsigned workers, unsigned limit, unsigned *port, err_t *e)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)want)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    err_clear(e);
    web_acceptor_spec spec = {.handler = answer, .options = NO_OPTIONS, .notify = count_events, .connection_limit = limit};
    return web_acceptor_open((const struct sockaddr *)&sa, sizeof sa, workers, &spec, port, e);
}

static web_acceptor *open_on_loopback(unsigned *port)
{
    err_t e;
    web_acceptor *a = open_on(0, WORKERS, 0, port, &e);
    assert_non_null(a);
    assert_true(*port > 0);
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
    unsigned port = 0, got = 9;
    web_acceptor *a = open_on_loopback(&port);
    err_t e;
    assert_null(open_on(port, WORKERS, 0, &got, &e));
    assert_int_equal(e.code, ERR_IO);
    assert_int_equal(got, 0);
    assert_string_equal(e.field, "listen");
    assert_non_null(strstr(e.user, "待ち受けを開始できません"));
    /* the first one is untouched */
    int fd = dial(port);
    assert_true(fd >= 0);
    assert_true(ask(fd));
    close(fd);
    web_acceptor_close(a);
}

static void the_connection_limit_is_split_over_the_workers(void **state)
{
    (void)state;
    unsigned port = 0;
    err_t e;
    web_acceptor *a = open_on(0, WORKERS, WORKERS, &port, &e);   /* one connection a worker */
    assert_non_null(a);
    int fd[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        fd[i] = dial(port);
        assert_true(fd[i] >= 0);
        assert_true(ask(fd[i]));
    }
    /* every worker is full: the next connection is accepted by the kernel, then closed unanswered */
    int over = dial(port);
    assert_true(over >= 0);
    assert_false(ask(over));
    close(over);
    /* one closed makes room again */
    close(fd[0]);
    bool answered = false;
    for (int tries = 0; tries < 500 && !answered; tries++) {
        int again = dial(port);
        assert_true(again >= 0);
        answered = ask(again);
        close(again);
        if (!answered)
            usleep(10000);
    }
    assert_true(answered);
    for (int i = 1; i < WORKERS; i++)
        close(fd[i]);
    web_acceptor_close(a);
}

static void a_bad_worker_count_is_refused(void **state)
{
    (void)state;
    unsigned port = 9;
    err_t e;
    assert_null(open_on(0, 0, 0, &port, &e));
    assert_int_equal(e.code, ERR_INTERNAL);
    assert_int_equal(port, 0);
    assert_null(open_on(0, 65, 0, &port, &e));
    assert_int_equal(e.code, ERR_INTERNAL);
    /* 64 is the most */
    web_acceptor *a = open_on(0, 64, 0, &port, &e);
    assert_non_null(a);
    web_acceptor_close(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(connections_are_dealt_evenly_and_stop_refuses_new_ones),
        cmocka_unit_test(a_port_in_use_is_a_clear_error),
        cmocka_unit_test(the_connection_limit_is_split_over_the_workers),
        cmocka_unit_test(a_bad_worker_count_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
