/* server — libmicrohttpd glue: limits, routing, session, CSRF, permission,
 * security headers, access log, graceful shutdown (see server.h).
 * A request with a body is judged (authenticate: session or device token,
 * password change, permission) when its headers arrive, before a byte of
 * the body is read; the body then goes to memory within a server-wide
 * budget, or to an anonymous file when large (web/body.h).  Slow clients
 * are cut by web/conn_guard.h. */
#include "web/server.h"

#include <arpa/inet.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "app/audit_writer.h"
#include "base/stop.h"
#include "web/drain.h"
#include "web/web_job.h"
#include "app/maintenance.h"
#include "app/registry/search_index.h"
#include "app/account/app_staff.h"
#include "app/reading/app_reading.h"
#include "base/config.h"
#include "base/log.h"
#include "base/text.h"
#include "domain/role.h"
#include "web/acceptor.h"
#include "web/body.h"
#include "web/conn_guard.h"
#include "web/route_match.h"
#include "web/metrics.h"
#include "web/tls.h"
#include "web/unescape.h"
#include "web/web_internal.h"

/* A body refused before it is read is still read (and dropped) up to this size. */
enum { DRAIN_MAX = 4 * 1024 * 1024 };

static const char CSP[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";

/* Browsers that saw this over TLS use only HTTPS to this host for a year (docs/operations.md, "TLS"). */
static const char HSTS[] = "max-age=31536000";

typedef struct server {
    app_env *env;
    web_server_opts opts;
    pthread_key_t db_key;
    atomic_long inflight;
    atomic_ulong next_rid;
    char rid_prefix[8];
    web_body_budget budget;        /* bytes of request bodies held in memory */
    conn_guard *guard;
    char keep_alive[32];           /* "timeout=N": how long a kept-alive connection may idle */
} server;

/* Per-request state kept across MHD's calls for one request. */
typedef struct req_state {
    web_body body;
    bool draining;                 /* refused before the body: a short body is read and discarded, then answered */
    size_t max_body;               /* this request's limit (uploads have a larger one) */
    const web_body_limit *limit;   /* the route's own limit, or NULL */
    struct timespec start;
    char rid[24];
    /* Who sent a request with a body, decided before its body was read
     * (authenticate); restored into web_req when the body is in. */
    bool authorized;
    bool logged_in, device;
    app_actor actor;
    char csrf[65];
    /* Audit rows of views are committed by the writer thread; the answer is
     * held (connection suspended) until they are, so no worker waits. */
    struct MHD_Connection *conn;
    app_defer defer;
    pthread_mutex_t lock;
    int done;                      /* rows reported committed or failed */
    int audit_rc;                  /* first failure, 0 if none */
    bool suspended;
    bool hsts;                     /* served over TLS: the withheld answer's 500 carries HSTS too */
    struct MHD_Response *held;
    unsigned held_status;
    const web_route *route;        /* for /metrics: the route matched (NULL: none) */
} req_state;

static long elapsed_ms(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)((t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000);
}

static void close_db(void *p)
{
    app_db_close(p);
}

/* One database connection per worker thread, opened on first use. */
static db_conn *thread_db(server *s, err_t *e)
{
    db_conn *c = pthread_getspecific(s->db_key);
    if (c)
        return c;
    if (app_db_open_server(s->env, &c, e))
        return NULL;
    pthread_setspecific(s->db_key, c);
    return c;
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    web_req *rq = cls;
    if (rq->nquery >= WEB_MAX_FIELDS)
        return MHD_NO;
    char *k = strdup(key), *v = strdup(value ? value : "");
    if (!k || !v) {
        free(k);
        free(v);
        return MHD_NO;
    }
    rq->query[rq->nquery].key = k;
    rq->query[rq->nquery].value = v;
    rq->nquery++;
    return MHD_YES;
}

/* The cookies besides the session's (whose token is kept apart), at most WEB_MAX_COOKIES. */
static enum MHD_Result collect_cookie(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    web_req *rq = cls;
    if (rq->ncookie >= WEB_MAX_COOKIES || !key || strcmp(key, "sid") == 0)
        return MHD_YES;
    char *k = strdup(key), *v = strdup(value ? value : "");
    if (!k || !v) {
        free(k);
        free(v);
        return MHD_NO;
    }
    rq->cookie[rq->ncookie].key = k;
    rq->cookie[rq->ncookie].value = v;
    rq->ncookie++;
    return MHD_YES;
}

static void client_ip(struct MHD_Connection *conn, char *out, size_t outsz)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    str_copy(out, outsz, "-");
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)outsz);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)outsz);
}

const web_route *web_route_find(const char *method, const char *path, char *param, size_t paramsz, bool *path_known)
{
    *path_known = false;
    const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
    for (size_t i = 0; i < WEB_NROUTES; i++) {
        char p[128];
        if (!web_route_match(WEB_ROUTES[i].pattern, path, p, sizeof p))
            continue;
        *path_known = true;
        if (strcmp(WEB_ROUTES[i].method, m) == 0) {
            str_copy(param, paramsz, p);
            return &WEB_ROUTES[i];
        }
    }
    return NULL;
}

static bool is_safe_method(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

/* Redirect an HTML request without a session to the login page; a session
 * ended by the idle timeout (idle) carries e's message there as the flash. */
static int to_login(web_req *rq, web_resp *rs, const err_t *e, bool idle)
{
    if (rq->is_api)
        return web_fail(rq, rs, e);
    buf_t loc;
    buf_init(&loc, 4096);
    buf_puts(&loc, "/login");
    if (is_safe_method(rq->method) && strcmp(rq->path, "/") != 0) {
        buf_puts(&loc, "?next=");
        web_percent_encode(&loc, rq->path);
    }
    const char *flash = idle && e && e->user[0] ? e->user : NULL;
    web_redirect(rq, rs, loc.failed ? "/login" : buf_cstr(&loc), flash);
    buf_free(&loc);
    return 0;
}

/* The route for rq, or NULL with rs holding the 404/405 answer. */
static bool authenticate(server *s, web_req *rq, web_resp *rs, struct MHD_Connection *conn, const web_route *route);

/* An unknown path is answered as any public page: the session, when there is
 * one, is looked up (never sent to the login), so that a mistyped address
 * keeps the clerk's navigation around the 404. */
static const web_route UNKNOWN_PATH = {.method = "GET", .pattern = "", .perm = PERM_NONE, .flags = WEB_PUBLIC};

static const web_route *find_route(server *s, web_req *rq, web_resp *rs, struct MHD_Connection *conn)
{
    err_t e;
    err_clear(&e);
    rq->is_api = strncmp(rq->path, "/api/", 5) == 0;
    bool path_known = false;
    const web_route *route = web_route_find(rq->method, rq->path, rq->param, sizeof rq->param, &path_known);
    if (route)
        return route;
    if (path_known) {
        err_set(&e, ERR_INVALID, NULL, "この操作はできません。", "method %s not allowed", rq->method);
        web_fail(rq, rs, &e);
        rs->status = 405;
    } else {
        if (!rq->is_api && !authenticate(s, rq, rs, conn, &UNKNOWN_PATH))
            return NULL;   /* the database could not be reached: rs holds that */
        err_set(&e, ERR_NOTFOUND, NULL, "指定されたページは存在しません。", "no route");
        web_fail(rq, rs, &e);
    }
    return NULL;
}

/* The one place that decides who may use a route: the device's bearer
 * token or the session cookie, the forced password change, the route's
 * permission.  Runs before a body is read (for requests that carry one)
 * or before the handler.  Fills rq (db, actor, csrf, logged_in, device);
 * false when rs holds the refusal.  CSRF is checked later (csrf_ok): its
 * token may be in the body. */
static bool authenticate(server *s, web_req *rq, web_resp *rs, struct MHD_Connection *conn, const web_route *route)
{
    err_t e;
    err_clear(&e);
    bool idle = false;
    rq->ctx.db = thread_db(s, &e);
    if (!rq->ctx.db) {
        web_fail(rq, rs, &e);
        return false;
    }
    const char *authz = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    if (authz && strncasecmp(authz, "Bearer ", 7) == 0) {
        /* A handheld terminal: only routes open to devices, never with a cookie session. */
        if (!(route->flags & WEB_DEVICE)) {
            err_set(&e, ERR_FORBIDDEN, NULL, "端末のトークンではこの操作はできません。", "bearer token on a non-device route");
            web_fail(rq, rs, &e);
            return false;
        }
        if (app_auth_device(&rq->ctx, authz + 7, &e) != 0) {
            web_fail(rq, rs, &e);
            return false;
        }
        rq->logged_in = rq->device = true;
    } else if (rq->session_token) {
        if (app_auth_session(&rq->ctx, rq->session_token, rq->csrf, &idle, &e) == 0)
            rq->logged_in = true;
        else if (e.code != ERR_AUTH) {
            web_fail(rq, rs, &e);
            return false;
        }
    }
    if (route->flags & WEB_PUBLIC)
        return true;
    if (!rq->logged_in) {
        if (!e.code)
            err_set(&e, ERR_AUTH, NULL, NULL, "no session");
        to_login(rq, rs, &e, idle);
        if (rq->session_token)
            web_clear_session_cookie(rq, rs);
        return false;
    }
    if (rq->ctx.actor.must_change && !(route->flags & WEB_ALLOW_MUST_CHANGE)) {
        if (rq->is_api) {
            err_set(&e, ERR_FORBIDDEN, NULL, "パスワードを変更してから操作してください。", "must change password");
            web_fail(rq, rs, &e);
        } else {
            web_redirect(rq, rs, "/password", NULL);
        }
        return false;
    }
    if (!app_can(&rq->ctx, route->perm)) {
        app_require(&rq->ctx, route->perm, &e);
        web_fail(rq, rs, &e);
        return false;
    }
    return true;
}

/* A cookie session's state-changing request carries its CSRF token (header
 * X-CSRF-Token or form field csrf); false when rs holds the refusal. */
static bool csrf_ok(web_req *rq, web_resp *rs, struct MHD_Connection *conn, const web_route *route)
{
    if (route->flags & WEB_PUBLIC || is_safe_method(rq->method) || rq->device)
        return true;
    const char *tok = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token");
    if (!tok)
        tok = web_form(rq, "csrf");
    if (tok && rq->csrf[0] && crypto_str_eq(tok, rq->csrf))
        return true;
    err_t e;
    err_set(&e, ERR_FORBIDDEN, NULL,
            "画面の有効期限が切れたか、不正な送信です。画面を開き直してから、もう一度操作してください。",
            "CSRF token missing or wrong");
    web_fail(rq, rs, &e);
    return false;
}

/* Before a body is read: whether its sender may use the route at all.  The
 * decision is kept in st for dispatch.  false when rs holds the refusal. */
static bool admit_body(server *s, req_state *st, web_req *rq, web_resp *rs, struct MHD_Connection *conn)
{
    const web_route *route = find_route(s, rq, rs, conn);
    if (!route)
        return false;
    if (route->flags & WEB_PUBLIC && route->handler == page_static)
        return true;
    if (!authenticate(s, rq, rs, conn, route))
        return false;
    st->authorized = true;
    st->logged_in = rq->logged_in;
    st->device = rq->device;
    st->actor = rq->ctx.actor;
    memcpy(st->csrf, rq->csrf, sizeof st->csrf);
    return true;
}

static void dispatch(server *s, req_state *st, web_req *rq, web_resp *rs, struct MHD_Connection *conn)
{
    const web_route *route = find_route(s, rq, rs, conn);
    if (!route)
        return;
    if (route->flags & WEB_PUBLIC && route->handler == page_static) {
        route->handler(rq, rs);   /* no database needed */
        return;
    }
    if (st->authorized) {   /* decided before the body was read */
        err_t e;
        err_clear(&e);
        if (!(rq->ctx.db = thread_db(s, &e))) {
            web_fail(rq, rs, &e);
            return;
        }
        rq->logged_in = st->logged_in;
        rq->device = st->device;
        rq->ctx.actor = st->actor;
        memcpy(rq->csrf, st->csrf, sizeof rq->csrf);
    } else if (!authenticate(s, rq, rs, conn, route)) {
        return;
    }
    if (!csrf_ok(rq, rs, conn, route))
        return;
    if (route->handler(rq, rs) != 0) {
        err_t e;
        err_set(&e, ERR_INTERNAL, NULL, NULL, "handler returned an error without a response");
        web_fail(rq, rs, &e);
    }
}

static void add_common_headers(struct MHD_Response *r, const web_req *rq, const web_resp *rs)
{
    MHD_add_response_header(r, "Content-Type", rs->content_type ? rs->content_type : "text/html; charset=utf-8");
    MHD_add_response_header(r, "Content-Security-Policy", CSP);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "same-origin");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "X-Request-Id", rq->rid);
    if (rq->ctx.env && rq->ctx.env->tls)   /* served over TLS (here or by a proxy in front) */
        MHD_add_response_header(r, "Strict-Transport-Security", HSTS);
    bool has_cache = false;
    for (size_t i = 0; i < rs->nheaders; i++) {
        MHD_add_response_header(r, rs->headers[i][0], rs->headers[i][1]);
        if (strcasecmp(rs->headers[i][0], "Cache-Control") == 0)
            has_cache = true;
    }
    if (!has_cache)
        MHD_add_response_header(r, "Cache-Control", "no-store");
}

/* A plain-text answer (413, 408, 503...) for the caller to queue and destroy; retry_after may be NULL. */
static struct MHD_Response *simple_response(web_req *rq, int status, const char *msg, const char *retry_after)
{
    web_resp rs = {.status = status, .content_type = "text/plain; charset=utf-8"};
    if (retry_after)
        web_header(&rs, "Retry-After", retry_after);
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(msg), (void *)(uintptr_t)msg,
                                                             MHD_RESPMEM_PERSISTENT);
    add_common_headers(r, rq, &rs);
    web_resp_free(&rs);
    return r;
}

static enum MHD_Result send_simple(struct MHD_Connection *conn, web_req *rq, int status, const char *msg,
                                   const char *retry_after)
{
    struct MHD_Response *r = simple_response(rq, status, msg, retry_after);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)status, r);
    MHD_destroy_response(r);
    return ret;
}

static void free_req(web_req *rq)
{
    web_kv_free(rq->query, rq->nquery);
    web_kv_free(rq->form, rq->nform);
    web_kv_free(rq->cookie, rq->ncookie);
    json_decref(rq->json);
    free(rq->session_token);
    free(rq->flash);
    /* rq->upload points into the request body (req_state), not owned */
}

/* Writer thread: one of this request's audit rows is committed (or failed). */
static void audit_done(void *arg, int rc)
{
    req_state *st = arg;
    pthread_mutex_lock(&st->lock);
    st->done++;
    if (rc && !st->audit_rc)
        st->audit_rc = rc;
    bool resume = st->suspended && st->done == st->defer.queued;
    if (resume)
        st->suspended = false;
    struct MHD_Connection *conn = st->conn;
    pthread_mutex_unlock(&st->lock);
    /* After this, the request may complete and st be freed: do not touch it. */
    if (resume)
        MHD_resume_connection(conn);
}

/* The held answer, or a 500 if its audit rows could not be written. */
static enum MHD_Result send_held(struct MHD_Connection *conn, req_state *st)
{
    struct MHD_Response *r = st->held;
    unsigned status = st->held_status;
    st->held = NULL;
    if (st->audit_rc) {
        MHD_destroy_response(r);
        static const char MSG[] = "500 監査ログを記録できなかったため、表示を中止しました。管理者にお問い合わせください。\n";
        r = MHD_create_response_from_buffer(sizeof MSG - 1, (void *)(uintptr_t)MSG, MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
        MHD_add_response_header(r, "Cache-Control", "no-store");
        if (st->hsts)
            MHD_add_response_header(r, "Strict-Transport-Security", HSTS);
        status = 500;
        log_error("a view's audit row could not be written: answer withheld");
    }
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

/* rq for this request: id, actor's address, session cookie. */
static void init_req(server *s, req_state *st, struct MHD_Connection *conn, const char *method, const char *url,
                     web_req *rq)
{
    memset(rq, 0, sizeof *rq);
    rq->method = method;
    rq->path = url;
    str_copy(rq->rid, sizeof rq->rid, st->rid);
    rq->ctx.env = s->env;
    rq->ctx.defer = &st->defer;
    rq->ctx.actor.role = -2;   /* nobody until a session is resolved */
    client_ip(conn, rq->ctx.actor.ip, sizeof rq->ctx.actor.ip);
    str_copy(rq->ctx.actor.rid, sizeof rq->ctx.actor.rid, rq->rid);
    const char *sid = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "sid");
    if (sid && *sid)
        rq->session_token = strdup(sid);
    MHD_get_connection_values(conn, MHD_COOKIE_KIND, collect_cookie, rq);
}

static enum MHD_Result finish(server *s, req_state *st, struct MHD_Connection *conn, web_req *rq, web_resp *rs);
static enum MHD_Result release_held(struct MHD_Connection *conn, req_state *st);

/* Whether the request carries a body, and its declared length (-1 unknown). */
static bool has_body(struct MHD_Connection *conn, long long *declared)
{
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding");
    *declared = -1;
    if (cl && !str_to_i64(cl, declared))
        *declared = LLONG_MAX;   /* unreadable: refused as too large */
    return (cl && *declared != 0) || te;
}

/* A plain refusal before the body: sent now, or held while a short body is drained.  Frees rq. */
static enum MHD_Result refuse(req_state *st, struct MHD_Connection *conn, web_req *rq, int status, const char *msg,
                              const char *retry_after)
{
    enum MHD_Result ret = MHD_YES;
    if (st->draining) {
        st->held = simple_response(rq, status, msg, retry_after);
        st->held_status = (unsigned)status;
    } else {
        /* The body is not read: the connection closes after the answer, and says so,
         * so that a client does not send its next request into the close. */
        struct MHD_Response *r = simple_response(rq, status, msg, retry_after);
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
        ret = MHD_queue_response(conn, (unsigned)status, r);
        MHD_destroy_response(r);
    }
    free_req(rq);
    return ret;
}

/* The 413 answer's text: the limit, and for a route with its own limit,
 * its setting and where larger data goes. */
static const char *too_large_text(const req_state *st, char *out, size_t outsz)
{
    if (!st->limit)
        return "413 リクエストが大きすぎます (request body too large)\n";
    str_fmt(out, outsz, "413 リクエストが大きすぎます。上限は %zu バイトです（設定 %s）。%s\n", st->max_body,
            st->limit->setting, st->limit->hint);
    return out;
}

/* Headers are in, no body read yet.  A request with a body is answered
 * now, without reading it, when it is too large, its sender may not use the
 * route, or the memory budget for bodies is spent. */
static enum MHD_Result begin_request(server *s, req_state *st, struct MHD_Connection *conn, const char *method,
                                     const char *url)
{
    long long declared;
    if (!has_body(conn, &declared))
        return MHD_YES;
    web_req rq;
    init_req(s, st, conn, method, url, &rq);
    /* A refused body up to DRAIN_MAX is read and dropped before the answer, so that a
     * client still sending it sees the answer rather than a reset; a longer one is not read. */
    st->draining = declared >= 0 && declared <= DRAIN_MAX;
    if (declared > (long long)st->max_body) {
        log_msg(LOG_INFO, rq.rid, "%s %s 413 body over %zu bytes", method, url, st->max_body);
        char msg[512];
        return refuse(st, conn, &rq, 413, too_large_text(st, msg, sizeof msg), NULL);
    }
    web_resp rs;
    memset(&rs, 0, sizeof rs);
    buf_init(&rs.body, 0);
    rs.status = 200;
    if (!admit_body(s, st, &rq, &rs, conn)) {
        if (!st->draining)   /* not read: the connection closes after the answer, and says so */
            web_header(&rs, "Connection", "close");
        return finish(s, st, conn, &rq, &rs);   /* frees rq and rs; held while draining */
    }
    web_resp_free(&rs);
    if (!web_body_begin(&st->body, &s->budget, declared, st->max_body)) {
        log_msg(LOG_WARN, rq.rid, "%s %s 503 request bodies in memory at server.max_buffered (%zu bytes)", method, url,
                s->budget.max);
        return refuse(st, conn, &rq, 503, "503 混み合っています。しばらくしてから、もう一度送信してください。(server busy)\n",
                      "5");
    }
    st->draining = false;
    free_req(&rq);
    return MHD_YES;
}

/* Parse the body into rq; false (and the answer queued in *ret) when it cannot be. */
static bool read_body(struct MHD_Connection *conn, req_state *st, web_req *rq, enum MHD_Result *ret)
{
    const char *data;
    size_t len;
    if (st->body.failed || !web_body_view(&st->body, &data, &len)) {
        *ret = send_simple(conn, rq, 500, "500 送信内容を受け取れませんでした (cannot store the request body)\n", NULL);
        return false;
    }
    if (!len)
        return true;
    const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    rq->body = (char *)(uintptr_t)data;   /* read-only; the handlers do not write to it */
    rq->body_len = len;
    if (ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0) {
        if (web_parse_urlencoded(data, len, rq->form, WEB_MAX_FIELDS, &rq->nform) != 0) {
            *ret = send_simple(conn, rq, 413, "413 項目が多すぎます (too many form fields)\n", NULL);
            return false;
        }
    } else if (ct && strncasecmp(ct, "multipart/form-data", 19) == 0) {
        if (web_parse_multipart(ct, data, len, rq) != 0) {
            *ret = send_simple(conn, rq, 400, "400 送信内容を読み取れません (malformed multipart body)\n", NULL);
            return false;
        }
    } else if (ct && strncasecmp(ct, "application/json", 16) == 0) {
        json_error_t je;
        rq->json = json_loadb(data, len, 0, &je);
    }
    return true;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    server *s = cls;
    req_state *st = *con_cls;
    if (!st) {
        st = calloc(1, sizeof *st);
        if (!st)
            return MHD_NO;
        char param[128];
        bool known;
        const web_route *rt = web_route_find(method, url, param, sizeof param, &known);
        st->route = rt;
        st->max_body = rt && (rt->flags & WEB_UPLOAD) ? s->opts.max_upload : s->opts.max_body;
        st->limit = web_route_body_limit(rt);
        if (st->limit) {
            long long v = st->limit->fallback;
            if (config_get_int(s->env->cfg, st->limit->setting, st->limit->fallback, 1024, 1024 * 1048576LL, &v,
                               NULL))
                v = st->limit->fallback;
            st->max_body = (size_t)v;
        }
        st->body.fd = -1;
        clock_gettime(CLOCK_MONOTONIC, &st->start);
        st->conn = conn;
        st->hsts = s->env->tls;
        st->defer.done = audit_done;
        st->defer.arg = st;
        pthread_mutex_init(&st->lock, NULL);
        *con_cls = st;
        atomic_fetch_add(&s->inflight, 1);
        str_fmt(st->rid, sizeof st->rid, "%s-%06lu", s->rid_prefix, atomic_fetch_add(&s->next_rid, 1));
        conn_guard_phase(s->guard, conn, CONN_BODY);
        return begin_request(s, st, conn, method, url);
    }
    if (*upload_size) {
        if (s->opts.request_timeout_s && elapsed_ms(&st->start) > (long)s->opts.request_timeout_s * 1000) {
            /* libmicrohttpd cannot queue an answer before the body is in: the guard writes it */
            log_msg(LOG_INFO, st->rid, "%s %s 408 request took too long", method, url);
            conn_guard_timeout(s->guard, conn);
            return MHD_NO;
        }
        if (!st->draining)
            web_body_append(&st->body, upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }

    if (st->held && st->draining) {
        st->draining = false;
        return release_held(conn, st);   /* refused before its body, now read and dropped */
    }
    if (st->held)
        return send_held(conn, st);   /* resumed: the audit rows are committed */
    conn_guard_phase(s->guard, conn, CONN_ANSWER);

    web_req rq;
    init_req(s, st, conn, method, url, &rq);
    web_resp rs;
    memset(&rs, 0, sizeof rs);
    buf_init(&rs.body, 0);
    rs.status = 200;

    enum MHD_Result ret;
    if (st->body.too_big) {
        log_msg(LOG_INFO, rq.rid, "%s %s 413 body over %zu bytes", method, url, st->max_body);
        char msg[512];
        ret = send_simple(conn, &rq, 413, too_large_text(st, msg, sizeof msg), NULL);
        free_req(&rq);
        return ret;
    }
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_query, &rq);
    if (!read_body(conn, st, &rq, &ret)) {
        free_req(&rq);
        return ret;
    }
    /* The cookie holds only the id of a message kept in this process. */
    const char *flash = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "flash");
    bool had_flash = flash && *flash;
    if (had_flash)
        rq.flash = web_flash_take(flash);

    dispatch(s, st, &rq, &rs, conn);

    if (had_flash) {
        /* Shown once: clear it, unless this answer sets a new one. */
        bool sets_flash = false;
        for (size_t i = 0; i < rs.nheaders; i++)
            if (strncmp(rs.headers[i][1], "flash=", 6) == 0)
                sets_flash = true;
        if (!sets_flash)
            web_header(&rs, "Set-Cookie", s->env->tls ? "flash=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure"
                                                      : "flash=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    }
    return finish(s, st, conn, &rq, &rs);
}

/* Send rs (held until the request's audit rows are committed), log the
 * request, free rq and rs. */
static enum MHD_Result finish(server *s, req_state *st, struct MHD_Connection *conn, web_req *rq, web_resp *rs)
{
    /* Say how long a kept-alive connection may idle (clients such as undici
     * then drop it before the server does, instead of sending into a close). */
    web_header(rs, "Keep-Alive", s->keep_alive);
    size_t len = 0;
    bool failed = rs->body.failed;
    char *body = buf_steal(&rs->body, &len);
    if (failed) {
        free(body);
        body = strdup("500 応答が大きすぎます\n");
        len = body ? strlen(body) : 0;
        rs->status = 500;
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    add_common_headers(r, rq, rs);
    log_msg(LOG_INFO, rq->rid, "%s %s %d %zuB %ldms user=%s", rq->method, rq->path, rs->status, len, elapsed_ms(&st->start),
            rq->logged_in ? rq->ctx.actor.username : "-");
    web_resp_free(rs);
    free_req(rq);
    st->held = r;
    st->held_status = (unsigned)rs->status;
    if (st->draining)
        return MHD_YES;   /* sent once the (discarded) body is in */
    return release_held(conn, st);
}

/* Send the held answer now, or once the request's audit rows are committed. */
static enum MHD_Result release_held(struct MHD_Connection *conn, req_state *st)
{
    pthread_mutex_lock(&st->lock);
    if (st->done < st->defer.queued) {
        st->suspended = true;
        MHD_suspend_connection(conn);
        pthread_mutex_unlock(&st->lock);
        return MHD_YES;
    }
    pthread_mutex_unlock(&st->lock);
    return send_held(conn, st);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    server *s = cls;
    conn_guard_phase(s->guard, conn, CONN_HEADERS);   /* a kept-alive connection waits for the next headers */
    req_state *st = *con_cls;
    if (!st)
        return;
    if (web_metrics_enabled()) {
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        web_metrics_record(st->route, st->held_status,
                           (int64_t)(t.tv_sec - st->start.tv_sec) * 1000000 + (t.tv_nsec - st->start.tv_nsec) / 1000);
    }
    web_body_free(&st->body);
    if (st->held)
        MHD_destroy_response(st->held);
    pthread_mutex_destroy(&st->lock);
    free(st);
    *con_cls = NULL;
    atomic_fetch_sub(&s->inflight, 1);
}

static int parse_listen(const char *listen, struct sockaddr_in *sa, err_t *e)
{
    char host[64];
    const char *colon = strrchr(listen, ':');
    long long port = 0;
    if (!colon || (size_t)(colon - listen) >= sizeof host || !str_to_i64(colon + 1, &port) || port < 0 ||
        port > 65535)
        return err_set(e, ERR_INVALID, "listen", "--listen は HOST:PORT の形式で指定してください（例: 127.0.0.1:8080）。",
                       "bad listen address %s", listen);
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (strcmp(host, "localhost") == 0)
        str_copy(host, sizeof host, "127.0.0.1");
    if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &sa->sin_addr) != 1)
        return err_set(e, ERR_INVALID, "listen", "--listen のアドレスが正しくありません。", "bad host %s", host);
    return 0;
}

/* Plain HTTP only on loopback unless the operator says otherwise (--insecure-http). */
static int check_plain_http(const web_server_opts *o, const struct sockaddr_in *sa, err_t *e)
{
    bool loopback = (ntohl(sa->sin_addr.s_addr) >> 24) == 127;
    if (o->tls_cert || loopback || o->insecure_http)
        return 0;
    return err_set(e, ERR_INVALID, "listen",
                   "ループバック以外のアドレスで待ち受けるには TLS が必要です。--tls-cert と --tls-key で証明書と鍵を指定してください"
                   "（暗号化なしで待ち受ける場合だけ --insecure-http を付けます）。",
                   "plain HTTP on %s refused", o->listen);
}

int web_server_run(app_env *env, const web_server_opts *o, err_t *e)
{
    /* Block the stop signals before any thread exists, so every thread
     * inherits the mask and only sigwait below receives them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    server *s = calloc(1, sizeof *s);
    if (!s)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    s->env = env;
    s->opts = *o;
    str_fmt(s->keep_alive, sizeof s->keep_alive, "timeout=%u", o->request_timeout_s ? o->request_timeout_s : 30);
    if (!s->opts.max_upload)
        s->opts.max_upload = (size_t)64 * 1048576;
    s->budget.max = s->opts.max_buffered ? s->opts.max_buffered : (size_t)256 * 1048576;
    crypto_random_hex(s->rid_prefix, 3);
    pthread_key_create(&s->db_key, close_db);
    struct sockaddr_in sa;
    int rc = parse_listen(o->listen, &sa, e);
    if (!rc)
        rc = check_plain_http(o, &sa, e);
    if (rc) {
        free(s);
        return rc;
    }
    web_tls *tls = NULL;
    if (o->tls_cert || o->tls_key) {
        if (!o->tls_cert || !o->tls_key) {
            free(s);
            return err_set(e, ERR_INVALID, o->tls_cert ? "tls_key" : "tls_cert",
                           "TLS には証明書 (--tls-cert) と秘密鍵 (--tls-key) の両方が必要です。", "half a TLS pair");
        }
        if (!(tls = web_tls_new(o->tls_cert, o->tls_key, e))) {
            free(s);
            return e->code;
        }
        env->tls = true;   /* cookies get Secure, answers HSTS */
    }
    /* Load the search index before accepting requests. */
    db_conn *db = NULL;
    if ((rc = app_db_open(env, &db, e))) {
        web_tls_free(tls);
        free(s);
        return rc;
    }
    app_ctx ctx;
    app_ctx_operator(&ctx, env, db);
    env->index = search_index_new();
    if (!env->index)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    else
        rc = search_index_load(env->index, &ctx, e);
    app_db_close(db);
    if (rc) {
        web_tls_free(tls);
        free(s);
        return rc;
    }
    log_info("search index: %zu entries", search_index_size(env->index));
    if ((rc = maintenance_start(env, &env->maintenance, e)) ||
        (rc = audit_writer_start(env, &env->audit_writer, e))) {
        web_tls_free(tls);
        free(s);
        return rc;
    }


    unsigned timeout_s = o->request_timeout_s ? o->request_timeout_s : 30;
    conn_guard_opts go = {.header_s = conn_guard_header_deadline(timeout_s), .request_s = timeout_s,
                          .per_address = o->max_per_address, .tls = tls != NULL};
    if (!(s->guard = conn_guard_new(&go))) {
        web_tls_free(tls);
        free(s);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    /* The listening socket is ours and each worker a daemon of one thread (web/acceptor.h): a
     * connection goes to the worker with the fewest open.  With TLS, the certificate comes from
     * web_tls_cert_callback (so that SIGHUP can swap it); the TLS options (the first two) are
     * given only with MHD_USE_TLS (else libmicrohttpd warns of each). */
    struct MHD_OptionItem opts[] = {
        {MHD_OPTION_HTTPS_CERT_CALLBACK, 0, (void *)(uintptr_t)web_tls_cert_callback},
        {MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)(uintptr_t)WEB_TLS_PRIORITIES},
        {MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)timeout_s, NULL},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t)o->max_header, NULL},
        {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)(uintptr_t)on_completed, s},
        {MHD_OPTION_UNESCAPE_CALLBACK, (intptr_t)(uintptr_t)web_unescape, NULL},
        {MHD_OPTION_END, 0, NULL},
    };
    web_acceptor_spec spec = {.flags = MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME | (tls ? MHD_USE_TLS : 0),
                              .apc = conn_guard_accept, .apc_cls = s->guard, .handler = on_request, .handler_cls = s,
                              .options = tls ? opts : &opts[2], .notify = conn_guard_notify, .notify_cls = s->guard,
                              .connection_limit = 1000};
    unsigned port = 0;
    web_acceptor *acc = web_acceptor_open((const struct sockaddr *)&sa, sizeof sa, o->threads, &spec, &port, e);
    if (!acc) {
        conn_guard_free(s->guard);
        audit_writer_stop(env->audit_writer);
        env->audit_writer = NULL;
        maintenance_stop(env->maintenance);
        env->maintenance = NULL;
        web_tls_free(tls);
        free(s);
        return e->code;
    }
    char addr[64];
    inet_ntop(AF_INET, &sa.sin_addr, addr, sizeof addr);
    log_info("listening on %s://%s:%u (%u threads, body limit %zu bytes)", tls ? "https" : "http", addr, port,
             o->threads, o->max_body);
    if (tls) {
        char about[256];
        web_tls_describe(tls, about, sizeof about);
        log_info("TLS certificate: %s", about);
    }
    log_set_buffered(true);   /* the access log is written in blocks; see log.h */
    int sig = 0;
    while (sigwait(&set, &sig) == 0 && sig == SIGHUP) {
        if (!tls) {
            log_info("SIGHUP: no TLS certificate to reload");
            continue;
        }
        err_t re;
        err_clear(&re);
        char about[256];
        if (web_tls_reload(tls, &re) == 0) {
            web_tls_describe(tls, about, sizeof about);
            log_info("SIGHUP: TLS certificate reloaded: %s", about);
            log_flush();
        } else {
            log_error("SIGHUP: TLS certificate not reloaded, the old one stays: %s", re.log);
        }
    }
    log_set_buffered(false);
    stop_request(sig);   /* a job running in a request stops after its unit in flight */
    web_acceptor_stop(acc);   /* no new connections: one now is refused at once */
    web_drain(&s->inflight, web_job_running, o->drain_s ? o->drain_s : WEB_DRAIN_DEFAULT_S, "server", sig);
    web_acceptor_close(acc);   /* joins the worker threads: their database connections close with them */
    log_info("server: listener and worker threads stopped; their database connections closed");
    conn_guard_free(s->guard);
    audit_writer_stop(env->audit_writer);   /* after the last request: nothing is lost */
    env->audit_writer = NULL;
    maintenance_stop(env->maintenance);   /* a last WAL checkpoint, then its connection closes */
    env->maintenance = NULL;
    pthread_key_delete(s->db_key);
    web_tls_free(tls);
    free(s);
    log_info("stopped cleanly");
    return 0;
}
