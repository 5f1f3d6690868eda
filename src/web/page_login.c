/* page_login — login, logout and the own password change. */
#include <string.h>

#include "base/html.h"
#include "web/web_internal.h"
#include "app/account/app_staff.h"

/* A "next" target is kept only when it is a page of this server: one leading
 * "/" not followed by "/" or "\\", no backslash or control character anywhere
 * (browsers drop tabs and newlines, turning "/\t/host" into "//host"), and a
 * path (before any "?") of a route that answers GET. */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
        return NULL;
    for (const unsigned char *p = (const unsigned char *)next; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '\\')
            return NULL;
    char path[512], param[128];
    size_t n = strcspn(next, "?#");
    if (n >= sizeof path)
        return NULL;
    memcpy(path, next, n);
    path[n] = '\0';
    bool known = false;
    return web_route_find("GET", path, param, sizeof param, &known) ? next : NULL;
}

static void login_form(web_req *rq, web_resp *rs, const char *username, const err_t *e)
{
    web_page_begin(rq, rs, "ログイン", NAV_HOME);
    buf_t *b = &rs->body;
    html_open(b, "section", "class", "login", NULL);
    html_elem(b, "h1", "職員ログイン", NULL);
    web_form_error(rs, e);
    const char *next = safe_next(web_query(rq, "next"));
    html_open(b, "form", "method", "post", "action", "/login", NULL);
    if (next)
        html_open(b, "input", "type", "hidden", "name", "next", "value", next, NULL);
    web_input(rs, "ユーザー名", "username", username, e, "autocomplete", "username", "required", "",
              "autofocus", "", NULL);
    web_input(rs, "パスワード", "password", "", e, "type", "password", "autocomplete", "current-password",
              "required", "", NULL);
    html_elem(b, "button", "ログイン", "type", "submit", "id", "login-submit", NULL);
    html_close(b, "form");
    html_close(b, "section");
    web_page_end(rq, rs);
}

int page_login_form(web_req *rq, web_resp *rs)
{
    if (rq->logged_in)
        return web_redirect(rq, rs, "/", NULL);
    login_form(rq, rs, "", NULL);
    return 0;
}

int page_login_submit(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_login_result r;
    const char *user = web_form_or(rq, "username");
    if (app_auth_login(&rq->ctx, user, web_form_or(rq, "password"), &r, &e)) {
        rs->status = e.code == ERR_LOCKED ? 423 : e.code == ERR_INVALID ? 422 : e.code == ERR_AUTH ? 401 : web_status_for(e.code);
        if (rs->status >= 500)
            return web_fail(rq, rs, &e);
        login_form(rq, rs, user, &e);
        return 0;
    }
    web_set_session_cookie(rq, rs, r.token);
    web_clear_prefs(rq, rs);
    const char *next = safe_next(web_form(rq, "next"));
    return web_redirect(rq, rs, r.must_change ? "/password" : next ? next : "/", NULL);
}

int page_logout(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_auth_logout(&rq->ctx, rq->session_token, &e);
    web_clear_session_cookie(rq, rs);
    web_clear_prefs(rq, rs);
    return web_redirect(rq, rs, "/login", "ログアウトしました。");
}

static void password_form(web_req *rq, web_resp *rs, const err_t *e)
{
    web_page_begin(rq, rs, "パスワード変更", NAV_HOME);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "パスワード変更", NULL);
    if (rq->ctx.actor.must_change)
        html_elem(b, "p", "初回ログインのため、パスワードの変更が必要です。変更するまで他の画面は使えません。", "class",
                  "notice", "role", "note", NULL);
    html_elem(b, "p", "新しいパスワードは10文字以上で、ユーザー名と異なるものにしてください。", NULL);
    web_form_error(rs, e);
    html_open(b, "form", "method", "post", "action", "/password", NULL);
    web_csrf_field(rq, rs);
    web_input(rs, "現在のパスワード", "current", "", e, "type", "password", "autocomplete", "current-password",
              "required", "", "autofocus", "", NULL);
    web_input(rs, "新しいパスワード", "new_password", "", e, "type", "password", "autocomplete", "new-password",
              "required", "", "minlength", "10", NULL);
    web_input(rs, "新しいパスワード（確認）", "confirm", "", e, "type", "password", "autocomplete", "new-password",
              "required", "", NULL);
    html_elem(b, "button", "変更する", "type", "submit", "accesskey", "k", NULL);
    html_close(b, "form");
    web_page_end(rq, rs);
}

int page_password_form(web_req *rq, web_resp *rs)
{
    password_form(rq, rs, NULL);
    return 0;
}

int page_password_submit(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    if (app_auth_change_password(&rq->ctx, web_form_or(rq, "current"), web_form_or(rq, "new_password"),
                                 web_form_or(rq, "confirm"), &e)) {
        if (e.code != ERR_INVALID)
            return web_fail(rq, rs, &e);
        rs->status = 422;
        password_form(rq, rs, &e);
        return 0;
    }
    return web_redirect(rq, rs, "/", "パスワードを変更しました。");
}
