/* portal_server — the portal's libmicrohttpd glue: limits (64 KiB bodies,
 * request timeouts), the client's address (X-Real-IP only from a trusted
 * proxy), the rate limit, routing, CSRF and Origin checks before any
 * handler, security headers, the access log (no personal data, no query
 * strings) and a graceful stop on SIGTERM (see portal.h). */
#include "portal/portal.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "portal/portal_internal.h"
#include "web/acceptor.h"
#include "web/conn_guard.h"
#include "web/drain.h"
#include "web/unescape.h"

static const char CSP[] = "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; "
                          "base-uri 'none'; object-src 'none'";

enum { R_DB = 1, R_FORM = 2 };   /* route needs the database; a POST carrying a CSRF token */

typedef struct route {
    const char *method, *path;   /* path "*" suffix: a prefix */
    portal_handler handler;
    unsigned flags;
} route;

static const route ROUTES[] = {
    {"GET", "/", portal_page_top, 0},
    {"GET", "/apply/start", portal_page_apply, 0},
    {"POST", "/apply/start", portal_page_apply, R_DB | R_FORM},
    {"GET", "/apply/stop", portal_page_apply, 0},
    {"POST", "/apply/stop", portal_page_apply, R_DB | R_FORM},
    {"GET", "/status", portal_page_status, 0},
    {"POST", "/status", portal_page_status, R_DB | R_FORM},
    {"GET", "/forms", portal_page_forms, 0},
    {"GET", "/forms/*", portal_page_form_pdf, 0},
    {"GET", "/assets/portal.css", portal_page_css, 0},
    {"GET", "/healthz", portal_page_healthz, R_DB},
};

typedef struct portal_server {
    app_env *env;
    portal_opts opts;
    portal_limiter *limiter;
    pthread_key_t db_key;
    atomic_long inflight;
    atomic_ulong next_rid;
    conn_guard *guard;
} portal_server;

/* One request across libmicrohttpd's calls. */
typedef struct exchange {
    buf_t body;
    bool too_big, too_slow;
    struct timespec start;
} exchange;

const char *portal_form(const portal_req *rq, const char *name)
{
    for (size_t i = 0; i < rq->nform; i++)
        if (strcmp(rq->form[i].key, name) == 0)
            return rq->form[i].value;
    return "";
}

static long ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)((t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000);
}

static const route *find_route(const char *method, const char *path, bool *path_known)
{
    const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
    *path_known = false;
    for (size_t i = 0; i < sizeof ROUTES / sizeof ROUTES[0]; i++) {
        const route *r = &ROUTES[i];
        size_t n = strlen(r->path);
        bool match = r->path[n - 1] == '*' ? strncmp(path, r->path, n - 1) == 0 && !strchr(path + n - 1, '/')
                                           : strcmp(path, r->path) == 0;
        if (!match)
            continue;
        *path_known = true;
        if (strcmp(r->method, m) == 0)
            return r;
    }
    return NULL;
}

/* Whether word appears in a space- or comma-separated list. */
static bool in_list(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; p && *p;) {
        p += strspn(p, " ,");
        size_t len = strcspn(p, " ,");
        if (len == n && len && strncmp(p, word, n) == 0)
            return true;
        p += len;
    }
    return false;
}

static bool is_trusted_proxy(void *arg, const char *address)
{
    const portal_server *s = arg;
    return in_list(s->opts.trusted_proxies, address);
}

/* The client: the TCP peer, or X-Real-IP when the peer is a trusted proxy
 * (then *proxied is true). */
static void client_address(const portal_server *s, struct MHD_Connection *conn, char out[64], bool *proxied)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    str_copy(out, 64, "-");
    *proxied = false;
    if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr, out, 64);
    if (!in_list(s->opts.trusted_proxies, out))
        return;
    const char *real = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Real-IP");
    unsigned char bin[16];
    if (real && strlen(real) < 64 && (inet_pton(AF_INET, real, bin) == 1 || inet_pton(AF_INET6, real, bin) == 1)) {
        str_copy(out, 64, real);
        *proxied = true;
    }
}

/* The host part of "host:port", "[v6]:port" or a URL's authority. */
static size_t host_len(const char *h)
{
    if (*h == '[') {
        const char *end = strchr(h, ']');
        return end ? (size_t)(end - h) + 1 : strlen(h);
    }
    return strcspn(h, ":/");
}

/* A browser's Origin, when sent, must name this site (the port may differ
 * behind the proxy, which passes its own $host). */
static bool origin_ok(struct MHD_Connection *conn)
{
    const char *origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
    if (!origin)
        return true;
    const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
    const char *auth = strstr(origin, "://");
    if (!host || !auth)
        return false;
    auth += 3;
    size_t a = host_len(auth), h = host_len(host);
    return a == h && strncasecmp(auth, host, a) == 0;
}

static void close_db(void *p)
{
    app_db_close(p);
}

static db_conn *thread_db(portal_server *s, err_t *e)
{
    db_conn *c = pthread_getspecific(s->db_key);
    if (!c && app_portal_db_open(s->env, &c, e) == 0)
        pthread_setspecific(s->db_key, c);
    return c;
}

/* Fill rq from the connection: id, address, cookie, form. */
static void read_request(portal_server *s, struct MHD_Connection *conn, exchange *x, portal_req *rq)
{
    bool proxied;
    client_address(s, conn, rq->ctx.actor.ip, &proxied);
    const char *xid = proxied ? MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Request-Id") : NULL;
    if (xid && *xid && strlen(xid) < sizeof rq->rid && strspn(xid, "0123456789abcdefABCDEF-") == strlen(xid))
        str_copy(rq->rid, sizeof rq->rid, xid);
    else
        str_fmt(rq->rid, sizeof rq->rid, "p-%06lu", atomic_fetch_add(&s->next_rid, 1));
    str_copy(rq->ctx.actor.rid, sizeof rq->ctx.actor.rid, rq->rid);
    str_copy(rq->ctx.actor.username, sizeof rq->ctx.actor.username, "portal");
    rq->ctx.actor.role = -2;   /* nobody: the portal has no staff permissions */
    const char *proto = proxied ? MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-Proto") : NULL;
    rq->https = proto && strcmp(proto, "https") == 0;
    const char *nonce = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "pcsrf");
    if (nonce && strlen(nonce) == 32 && strspn(nonce, "0123456789abcdef") == 32)
        str_copy(rq->csrf_nonce, sizeof rq->csrf_nonce, nonce);
    const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    if (x->body.len && ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0 &&
        web_parse_urlencoded(x->body.data, x->body.len, rq->form, PORTAL_MAX_FIELDS, &rq->nform) != 0)
        x->too_big = true;   /* too many fields */
}

/* Checks before any handler; false when rs already holds the refusal. */
static bool admitted(portal_server *s, struct MHD_Connection *conn, exchange *x, const route *rt, portal_req *rq,
                     portal_resp *rs, bool path_known)
{
    bool post = strcmp(rq->method, "POST") == 0;
    int wait = 0;
    if ((!rt || rt->handler != portal_page_healthz) &&
        !portal_limiter_take(s->limiter, rq->ctx.actor.ip, post, &wait)) {
        str_fmt(rs->retry_after, sizeof rs->retry_after, "%d", wait);
        portal_page_error(rq, rs, 429, post ? "短い時間に多くのお申込みや照会がありました。しばらく（1分ほど）待ってから、"
                                                "もう一度お試しください。入力した内容は、ブラウザの「戻る」で戻ると残っている場合があります。"
                                              : "アクセスが集中しています。しばらく待ってから、もう一度お試しください。");
        return false;
    }
    if (x->too_big) {
        portal_page_error(rq, rs, 413, "送信された内容が大きすぎます。入力内容を短くして、もう一度お試しください。");
        return false;
    }
    if (x->too_slow) {
        portal_page_error(rq, rs, 408, "通信に時間がかかりすぎたため、処理を中止しました。もう一度お試しください。");
        return false;
    }
    if (!rt) {
        if (path_known)
            portal_page_error(rq, rs, 405, "この操作はできません。");
        else
            portal_page_error(rq, rs, 404, "お探しのページは見つかりませんでした。");
        return false;
    }
    if ((rt->flags & R_FORM) && (!origin_ok(conn) || !portal_csrf_ok(rq))) {
        log_msg(LOG_INFO, rq->rid, "portal: CSRF or Origin check failed on %s", rq->path);
        portal_page_error(rq, rs, 403, "画面の有効期限が切れたか、正しくない送信です。お手数ですが、"
                                       "ページを開き直してからもう一度送信してください。");
        return false;
    }
    err_t e;
    err_clear(&e);
    if ((rt->flags & R_DB) && !(rq->ctx.db = thread_db(s, &e))) {
        log_msg(LOG_ERROR, rq->rid, "portal: database: %s", e.log);
        portal_page_error(rq, rs, 503, "ただいま受付を停止しています。しばらく待ってから、もう一度お試しください。");
        return false;
    }
    return true;
}

static enum MHD_Result respond(struct MHD_Connection *conn, portal_req *rq, portal_resp *rs, exchange *x)
{
    size_t len = 0;
    if (rs->body.failed) {
        buf_free(&rs->body);
        portal_page_error(rq, rs, 500, "ただいま処理できません。しばらく待ってから、もう一度お試しください。");
    }
    char *body = buf_steal(&rs->body, &len);
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", rs->content_type ? rs->content_type : "text/html; charset=utf-8");
    MHD_add_response_header(r, "Cache-Control", rs->cache ? rs->cache : "no-store");
    MHD_add_response_header(r, "Content-Security-Policy", CSP);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    /* same-origin, not no-referrer: with no-referrer a browser sends "Origin: null"
     * on form posts, and the Origin check could not tell our own forms apart */
    MHD_add_response_header(r, "Referrer-Policy", "same-origin");
    MHD_add_response_header(r, "X-Request-Id", rq->rid);
    if (rs->set_cookie[0])
        MHD_add_response_header(r, "Set-Cookie", rs->set_cookie);
    if (rs->retry_after[0])
        MHD_add_response_header(r, "Retry-After", rs->retry_after);
    if (rs->disposition[0])
        MHD_add_response_header(r, "Content-Disposition", rs->disposition);
    log_msg(LOG_INFO, rq->rid, "%s %s %d %zuB %ldms", rq->method, rq->path, rs->status, len, ms_since(&x->start));
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    portal_server *s = cls;
    exchange *x = *con_cls;
    if (!x) {
        if (!(x = calloc(1, sizeof *x)))
            return MHD_NO;
        buf_init(&x->body, PORTAL_MAX_BODY);
        clock_gettime(CLOCK_MONOTONIC, &x->start);
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        long long n = 0;
        x->too_big = cl && (!str_to_i64(cl, &n) || n > (long long)PORTAL_MAX_BODY);
        *con_cls = x;
        atomic_fetch_add(&s->inflight, 1);
        conn_guard_phase(s->guard, conn, CONN_BODY);
        return MHD_YES;
    }
    if (*upload_size) {
        if (ms_since(&x->start) > (long)s->opts.request_timeout_s * 1000) {
            /* no answer can be queued before the body is in: the guard writes the 408 */
            log_msg(LOG_INFO, NULL, "portal: %s %s 408 request took too long", method, url);
            conn_guard_timeout(s->guard, conn);
            return MHD_NO;
        }
        if (!x->too_big && !buf_append(&x->body, upload_data, *upload_size))
            x->too_big = true;
        *upload_size = 0;
        return MHD_YES;
    }
    conn_guard_phase(s->guard, conn, CONN_ANSWER);
    portal_req rq;
    memset(&rq, 0, sizeof rq);
    rq.method = method;
    rq.path = url;
    rq.ctx.env = s->env;
    portal_resp rs;
    memset(&rs, 0, sizeof rs);
    rs.status = 200;
    buf_init(&rs.body, 0);
    read_request(s, conn, x, &rq);
    bool known = false;
    const route *rt = find_route(method, url, &known);
    if (admitted(s, conn, x, rt, &rq, &rs, known) && rt->handler(&rq, &rs) != 0) {
        buf_reset(&rs.body);
        portal_page_error(&rq, &rs, 500, "ただいま処理できません。しばらく待ってから、もう一度お試しください。");
    }
    enum MHD_Result ret = respond(conn, &rq, &rs, x);
    buf_free(&rs.body);
    web_kv_free(rq.form, rq.nform);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    portal_server *s = cls;
    conn_guard_phase(s->guard, conn, CONN_HEADERS);   /* a kept-alive connection waits for the next headers */
    exchange *x = *con_cls;
    if (!x)
        return;
    buf_free(&x->body);
    free(x);
    *con_cls = NULL;
    atomic_fetch_sub(&s->inflight, 1);
}

/* "HOST:PORT" (IPv4 or a name) into a socket address by getaddrinfo. */
static int listen_address(const char *listen, struct sockaddr_storage *ss, err_t *e)
{
    const char *colon = strrchr(listen, ':');
    char host[256];
    if (!colon || (size_t)(colon - listen) >= sizeof host || !colon[1])
        return err_set(e, ERR_INVALID, "listen", "--listen は HOST:PORT の形式で指定してください（例: 127.0.0.1:8090）。",
                       "bad listen address %s", listen);
    str_fmt(host, sizeof host, "%.*s", (int)(colon - listen), listen);
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV | AI_PASSIVE};
    struct addrinfo *res = NULL;
    if (getaddrinfo(host[0] ? host : NULL, colon + 1, &hints, &res) != 0 || !res)
        return err_set(e, ERR_INVALID, "listen", "--listen のアドレスが正しくありません。", "cannot resolve %s", listen);
    memset(ss, 0, sizeof *ss);
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    freeaddrinfo(res);
    return 0;
}

int portal_run(app_env *env, const portal_opts *o, err_t *e)
{
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);   /* before any thread: only sigwait sees them */
    signal(SIGPIPE, SIG_IGN);
    struct sockaddr_storage ss;
    int rc = listen_address(o->listen, &ss, e);
    if (rc)
        return rc;
    portal_server *s = calloc(1, sizeof *s);
    if (!s || !(s->limiter = portal_limiter_new(o->post_per_minute, o->get_per_minute))) {
        free(s);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    s->env = env;
    s->opts = *o;
    pthread_key_create(&s->db_key, close_db);
    portal_csrf_init();
    /* Behind the proxy every client arrives from it: its connections are not capped here (nginx caps per client). */
    conn_guard_opts go = {.header_s = conn_guard_header_deadline(o->request_timeout_s), .request_s = o->request_timeout_s,
                          .per_address = o->max_per_address, .exempt = is_trusted_proxy, .exempt_arg = s};
    /* The listening socket is ours and each worker a daemon of one thread (web/acceptor.h): a
     * connection goes to the worker with the fewest open. */
    struct MHD_OptionItem opts[] = {
        {MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)o->request_timeout_s, NULL},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t)32 * 1024, NULL},
        {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)(uintptr_t)on_completed, s},
        {MHD_OPTION_UNESCAPE_CALLBACK, (intptr_t)(uintptr_t)web_unescape, NULL},
        {MHD_OPTION_END, 0, NULL},
    };
    web_acceptor *acc = NULL;
    unsigned port = 0;
    rc = (s->guard = conn_guard_new(&go)) ? 0 : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    web_acceptor_spec spec = {.flags = MHD_USE_ERROR_LOG, .apc = conn_guard_accept, .apc_cls = s->guard,
                              .handler = on_request, .handler_cls = s, .options = opts,
                              .notify = conn_guard_notify, .notify_cls = s->guard, .connection_limit = 512};
    if (!rc)
        acc = web_acceptor_open((const struct sockaddr *)&ss, sizeof ss, o->threads, &spec, &port, e);
    if (!acc) {
        conn_guard_free(s->guard);
        portal_limiter_free(s->limiter);
        pthread_key_delete(s->db_key);
        free(s);
        return e->code;
    }
    log_info("portal listening on http://%s (port %u, %u threads; database %s)", o->listen, port, o->threads,
             strncmp(env->db_url, "sqlite:", 7) == 0 ? "SQLite" : "PostgreSQL");
    int sig = 0;
    sigwait(&stop, &sig);
    web_acceptor_stop(acc);   /* no new connections: one now is refused at once */
    web_drain(&s->inflight, NULL, o->drain_s ? o->drain_s : WEB_DRAIN_DEFAULT_S, "portal", sig);
    web_acceptor_close(acc);   /* joins the worker threads: their database connections close with them */
    conn_guard_free(s->guard);
    portal_limiter_free(s->limiter);
    pthread_key_delete(s->db_key);
    free(s);
    log_info("portal stopped cleanly");
    return 0;
}
