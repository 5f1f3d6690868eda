/* resp — responses: headers, redirects with flash, errors, JSON, cookies.
 * web_status_for is the one place where error codes become HTTP statuses. */
#include "web/web_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/crypto.h"
#include "base/html.h"
#include "base/log.h"
#include "base/anonfile.h"   /* errno too */

void web_header(web_resp *rs, const char *name, const char *value)
{
    if (rs->nheaders >= WEB_MAX_HEADERS) {
        log_warn("response header dropped: %s", name);
        return;
    }
    char *n = strdup(name), *v = strdup(value);
    if (!n || !v) {
        free(n);
        free(v);
        return;
    }
    rs->headers[rs->nheaders][0] = n;
    rs->headers[rs->nheaders][1] = v;
    rs->nheaders++;
}

void web_resp_free(web_resp *rs)
{
    for (size_t i = 0; i < rs->nheaders; i++) {
        free(rs->headers[i][0]);
        free(rs->headers[i][1]);
    }
    rs->nheaders = 0;
    buf_free(&rs->body);
}

void web_percent_encode(buf_t *b, const char *s)
{
    static const char HEX[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
            *p == '_' || *p == '.')
            buf_putc(b, (char)*p);
        else {
            buf_putc(b, '%');
            buf_putc(b, HEX[*p >> 4]);
            buf_putc(b, HEX[*p & 15]);
        }
    }
}

static void set_cookie(web_req *rq, web_resp *rs, const char *name, const char *value, long max_age)
{
    buf_t b;
    buf_init(&b, 8192);
    buf_puts(&b, name);
    buf_putc(&b, '=');
    web_percent_encode(&b, value);
    buf_puts(&b, "; Path=/; HttpOnly; SameSite=Strict");
    if (max_age >= 0)
        buf_printf(&b, "; Max-Age=%ld", max_age);
    if (rq->ctx.env && rq->ctx.env->tls)
        buf_puts(&b, "; Secure");
    if (!b.failed)
        web_header(rs, "Set-Cookie", buf_cstr(&b));
    buf_free(&b);
}

void web_set_session_cookie(web_req *rq, web_resp *rs, const char *token)
{
    set_cookie(rq, rs, "sid", token, -1);
}

void web_clear_session_cookie(web_req *rq, web_resp *rs)
{
    set_cookie(rq, rs, "sid", "", 0);
}

void web_set_pref_cookie(web_req *rq, web_resp *rs, const char *name, const char *value)
{
    set_cookie(rq, rs, name, value, -1);
}

void web_clear_prefs(web_req *rq, web_resp *rs)
{
    if (web_cookie(rq, WEB_PREF_SOURCE))
        set_cookie(rq, rs, WEB_PREF_SOURCE, "", 0);
}

/* Only local absolute paths: "/x", never "//host" or "/\host", and no
 * backslash or control character (browsers drop tabs and newlines). */
static bool safe_local(const char *loc)
{
    if (!loc || loc[0] != '/' || loc[1] == '/' || loc[1] == '\\')
        return false;
    for (const unsigned char *p = (const unsigned char *)loc; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '\\')
            return false;
    return true;
}

/* Flash messages stay in this process (they may name a customer): the
 * cookie carries only a random id.  A bounded table; an entry lives
 * FLASH_TTL_S seconds and is shown once; when full, the oldest goes. */
#define FLASH_SLOTS 1024
#define FLASH_TTL_S 120
#define FLASH_ID_HEX 32

typedef struct flash_slot {
    char id[FLASH_ID_HEX + 1];
    char *text;
    time_t at;
} flash_slot;

static flash_slot g_flash[FLASH_SLOTS];
static pthread_mutex_t g_flash_mu = PTHREAD_MUTEX_INITIALIZER;

/* Store text under a new id (id_out); false when out of memory. */
static bool flash_put(const char *text, char id_out[FLASH_ID_HEX + 1])
{
    char *copy = strdup(text);
    if (!copy)
        return false;
    crypto_random_hex(id_out, FLASH_ID_HEX / 2);
    time_t now = time(NULL);
    pthread_mutex_lock(&g_flash_mu);
    size_t pick = 0;
    for (size_t i = 0; i < FLASH_SLOTS; i++) {
        if (!g_flash[i].text || now - g_flash[i].at > FLASH_TTL_S) {
            pick = i;
            break;
        }
        if (g_flash[i].at < g_flash[pick].at)
            pick = i;
    }
    free(g_flash[pick].text);
    str_copy(g_flash[pick].id, sizeof g_flash[pick].id, id_out);
    g_flash[pick].text = copy;
    g_flash[pick].at = now;
    pthread_mutex_unlock(&g_flash_mu);
    return true;
}

char *web_flash_take(const char *id)
{
    if (!id || strlen(id) != FLASH_ID_HEX)
        return NULL;
    char *text = NULL;
    time_t now = time(NULL);
    pthread_mutex_lock(&g_flash_mu);
    for (size_t i = 0; i < FLASH_SLOTS; i++) {
        if (g_flash[i].text && strcmp(g_flash[i].id, id) == 0) {
            if (now - g_flash[i].at <= FLASH_TTL_S)
                text = g_flash[i].text;
            else
                free(g_flash[i].text);
            g_flash[i].text = NULL;
            g_flash[i].id[0] = '\0';
            break;
        }
    }
    pthread_mutex_unlock(&g_flash_mu);
    return text;
}

int web_redirect(web_req *rq, web_resp *rs, const char *location, const char *flash)
{
    rs->status = 303;
    web_header(rs, "Location", safe_local(location) ? location : "/");
    char id[FLASH_ID_HEX + 1];
    if (flash && *flash && flash_put(flash, id))
        set_cookie(rq, rs, "flash", id, FLASH_TTL_S);
    buf_reset(&rs->body);
    return 0;
}

int web_status_for(int code)
{
    switch (code) {
    case ERR_OK: return 200;
    case ERR_INVALID: return 400;
    case ERR_NOTFOUND: return 404;
    case ERR_FORBIDDEN: return 403;
    case ERR_AUTH: return 401;
    case ERR_LOCKED: return 423;
    case ERR_CONFLICT: return 409;
    case ERR_TOO_LARGE: return 413;
    case ERR_STOPPED: return 503;   /* the server is stopping; a rerun finishes the job */
    case ERR_UNAVAILABLE: return 503;   /* a failover cut the transaction off: nothing written, send again */
    default: return 500;
    }
}

int web_json_reply(web_resp *rs, int status, json_t *j)
{
    rs->status = status;
    rs->content_type = "application/json; charset=utf-8";
    buf_reset(&rs->body);
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (s) {
        buf_puts(&rs->body, s);
        free(s);
    } else {
        rs->status = 500;
        buf_puts(&rs->body, "{\"error\":\"internal\"}");
    }
    return 0;
}

int web_fail(web_req *rq, web_resp *rs, const err_t *e)
{
    int code = e && e->code ? e->code : ERR_INTERNAL;
    int status = web_status_for(code);
    const char *user = e && e->user[0] ? e->user : err_default_user(code);
    if (status >= 500)
        log_msg(LOG_ERROR, rq->rid, "%s %s failed: %s (%s)", rq->method, rq->path, e ? e->log : "?",
                err_code_name(code));
    else if (e && e->log[0])
        log_msg(LOG_INFO, rq->rid, "%s %s refused: %s", rq->method, rq->path, e->log);
    if (rq->is_api) {
        json_t *j = json_pack("{ssss}", "error", err_code_name(code), "message", user);
        if (j && e && e->field[0])
            json_object_set_new(j, "field", json_string(e->field));
        if (j && status >= 500)
            json_object_set_new(j, "request_id", json_string(rq->rid));
        return web_json_reply(rs, status, j);
    }
    buf_reset(&rs->body);
    rs->status = status;
    rs->content_type = "text/html; charset=utf-8";
    /* An error page needs no personal data; keep it simple and self-contained. */
    web_page_begin(rq, rs, status == 404 ? "ページが見つかりません" : "エラー", NAV_HOME);
    html_elem(&rs->body, "h1", status == 404 ? "ページが見つかりません" : "処理できませんでした", NULL);
    html_open(&rs->body, "div", "class", "form-error", "role", "alert", NULL);
    html_text(&rs->body, status == 404 && (!e || !e->user[0]) ? "指定されたページは存在しません。" : user);
    html_close(&rs->body, "div");
    if (status >= 500) {
        html_open(&rs->body, "p", NULL);
        html_textf(&rs->body, "お問い合わせの際は、受付番号 %s をお伝えください。", rq->rid);
        html_close(&rs->body, "p");
    }
    html_open(&rs->body, "p", NULL);
    html_elem(&rs->body, "a", "ホームへ戻る", "href", "/", NULL);
    html_close(&rs->body, "p");
    web_page_end(rq, rs);
    return 0;
}

bool web_path_id(web_req *rq, web_resp *rs, const char *not_found, int64_t *id)
{
    if (web_id_param(rq->param, id))
        return true;
    err_t e;
    err_clear(&e);
    err_set(&e, ERR_NOTFOUND, NULL, not_found, "bad id in path %s", rq->path);
    web_fail(rq, rs, &e);
    return false;
}

int web_send_document(web_req *rq, web_resp *rs, web_doc_writer write, const void *arg, const char *content_type,
                      const char *disposition, const char *filename, const char *fail_user)
{
    err_t e;
    err_clear(&e);
    /* cairo and libxlsxwriter write to a path: an anonymous file's, which
     * never has a name in the file system, read back through its descriptor */
    int fd = anonfile_open();
    char path[40];
    if (fd < 0 || !anonfile_path(fd, path, sizeof path)) {
        err_set(&e, ERR_IO, NULL, NULL, "anonymous temporary file: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return web_fail(rq, rs, &e);
    }
    char msg[300] = "";
    int rc = write(arg, path, msg, sizeof msg);
    bool read_back = !rc && anonfile_read(fd, &rs->body);
    close(fd);
    if (rc || !read_back || rs->body.failed) {
        buf_reset(&rs->body);
        err_set(&e, ERR_IO, NULL, fail_user, "%s: %s", filename, rc ? msg : "read back failed");
        return web_fail(rq, rs, &e);
    }
    rs->content_type = content_type;
    char disp[160];
    str_fmt(disp, sizeof disp, "%s; filename=\"%s\"", disposition, filename);
    web_header(rs, "Content-Disposition", disp);
    return 0;
}
