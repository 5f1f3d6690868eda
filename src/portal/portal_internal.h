/* portal_internal — what the portal's files share: the request and response
 * of one exchange, the rate limiter, CSRF tokens and the page writers.
 * Memory: a portal_req and portal_resp live for one request (portal_server.c
 * frees them); strings from portal_form are owned by the request. */
#ifndef SUIDO_PORTAL_INTERNAL_H
#define SUIDO_PORTAL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "app/reception/app_application.h"
#include "base/buf.h"
#include "web/web_internal.h"   /* web_kv and the urlencoded parser (plain functions) */

#define PORTAL_MAX_FIELDS 64
#define PORTAL_MAX_BODY ((size_t)64 * 1024)

typedef struct portal_req {
    const char *method;          /* GET, HEAD, POST */
    const char *path;
    char rid[40];                /* request id (the proxy's X-Request-Id when trusted) */
    web_kv form[PORTAL_MAX_FIELDS];
    size_t nform;
    char csrf_nonce[65];         /* from the cookie, "" when none */
    bool https;                  /* reached through a trusted proxy over TLS */
    app_ctx ctx;
} portal_req;

typedef struct portal_resp {
    int status;
    const char *content_type;    /* static; default text/html; charset=utf-8 */
    const char *cache;           /* static Cache-Control; default no-store */
    buf_t body;
    char set_cookie[256];        /* "" when none */
    char retry_after[16];        /* "" when none */
    char disposition[96];        /* Content-Disposition, "" when none */
} portal_resp;

/* Form field or "" when absent. */
const char *portal_form(const portal_req *rq, const char *name);

/* ---- CSRF (portal_guard.c): double submit, bound to the form's path ---- */
void portal_csrf_init(void);
/* The nonce for this browser: the cookie's, or a new one set on rs. */
const char *portal_csrf_nonce(portal_req *rq, portal_resp *rs);
/* The token of a form (hidden field "csrf") for the nonce. */
void portal_csrf_token(const char *nonce, const char *form_path, char out[65]);
/* A POST's token and cookie agree. */
bool portal_csrf_ok(const portal_req *rq);

/* ---- rate limit (portal_guard.c): a token bucket per client address ---- */
typedef struct portal_limiter portal_limiter;
portal_limiter *portal_limiter_new(long long post_per_minute, long long get_per_minute);
void portal_limiter_free(portal_limiter *l);
/* Take one token of the method's bucket for ip; false with the seconds to
 * wait in *retry_after when empty. */
bool portal_limiter_take(portal_limiter *l, const char *ip, bool post, int *retry_after);

/* ---- pages (portal_pages.c) ---- */
typedef int (*portal_handler)(portal_req *rq, portal_resp *rs);
int portal_page_top(portal_req *rq, portal_resp *rs);
int portal_page_apply(portal_req *rq, portal_resp *rs);        /* GET and POST /apply/start|stop */
int portal_page_status(portal_req *rq, portal_resp *rs);       /* GET and POST /status */
int portal_page_forms(portal_req *rq, portal_resp *rs);
int portal_page_form_pdf(portal_req *rq, portal_resp *rs);
int portal_page_css(portal_req *rq, portal_resp *rs);
int portal_page_healthz(portal_req *rq, portal_resp *rs);
/* A short page for an error status (403, 404, 405, 413, 429, 500...) with
 * a message for residents. */
void portal_page_error(portal_req *rq, portal_resp *rs, int status, const char *message);

#endif
