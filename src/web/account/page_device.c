/* page_device — 管理: handheld terminals' API tokens (issue, list, revoke). */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/html.h"
#include "web/web.h"
#include "app/reading/app_reading.h"
#include "web/admin/admin_nav.h"

static void ts_cell(buf_t *b, int64_t t)
{
    char s[20];
    if (t)
        date_format_ts_jst(t, s);
    html_elem(b, "td", t ? s : "—", NULL);
}

static void devices_page(web_req *rq, web_resp *rs, const char *new_name, const char *token, const err_t *fe)
{
    err_t e;
    err_clear(&e);
    app_device *d = NULL;
    size_t n = 0;
    app_device_list(&rq->ctx, &d, &n, &e);
    web_page_begin(rq, rs, "検針端末", NAV_ADMIN);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "検針端末（ハンディターミナル）", NULL);
    web_admin_subnav(rq, rs, "/admin/devices");
    if (token) {
        html_open(b, "div", "class", "flash", "role", "status", "id", "new-token", NULL);
        html_textf(b, "端末「%s」のトークンを発行しました。この画面を閉じると二度と表示されません。端末に設定してください：",
                   new_name);
        html_elem(b, "code", token, "class", "token", NULL);
        html_close(b, "div");
    }
    web_form_error(rs, fe);
    html_open(b, "form", "method", "post", "action", "/admin/devices", "class", "inline", NULL);
    web_csrf_field(rq, rs);
    web_input(rs, "端末名", "name", "", fe, "required", "", "maxlength", "40", "placeholder", "HT-03（第2班）", NULL);
    html_elem(b, "button", "トークンを発行", "type", "submit", NULL);
    html_close(b, "form");
    html_open(b, "table", "class", "list", "id", "devices", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">端末名</th><th scope=\"col\">発行者</th><th scope=\"col\">発行日時</th>"
                "<th scope=\"col\">最終利用</th><th scope=\"col\">状態</th><th scope=\"col\">操作</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        html_open(b, "tr", NULL);
        html_elem(b, "td", d[i].name, NULL);
        html_elem(b, "td", d[i].created_by, NULL);
        ts_cell(b, d[i].created_at);
        ts_cell(b, d[i].last_used_at);
        html_open(b, "td", NULL);
        html_elem(b, "span", d[i].revoked_at ? "無効" : "有効", "class",
                  d[i].revoked_at ? "state state-closed" : "state state-active", NULL);
        html_close(b, "td");
        html_open(b, "td", NULL);
        if (!d[i].revoked_at) {
            char action[48], confirm[128];
            str_fmt(action, sizeof action, "/admin/devices/%lld", (long long)d[i].id);
            str_fmt(confirm, sizeof confirm, "端末「%s」を無効にしますか？", d[i].name);
            html_open(b, "form", "method", "post", "action", action, "class", "inline", "data-confirm", confirm, NULL);
            web_csrf_field(rq, rs);
            html_elem(b, "button", "無効にする", "type", "submit", NULL);
            html_close(b, "form");
        }
        html_close(b, "td");
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    free(d);
    web_page_end(rq, rs);
}

int page_devices(web_req *rq, web_resp *rs)
{
    devices_page(rq, rs, NULL, NULL, NULL);
    return 0;
}

int page_device_issue(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    char token[65];
    const char *name = web_form_or(rq, "name");
    if (app_device_issue(&rq->ctx, name, token, NULL, &e)) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT)
            return web_fail(rq, rs, &e);
        devices_page(rq, rs, NULL, NULL, &e);
        rs->status = web_status_for(e.code);
        return 0;
    }
    devices_page(rq, rs, name, token, NULL);
    return 0;
}

int page_device_revoke(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    if (!web_id_param(rq->param, &id) || app_device_revoke(&rq->ctx, id, &e)) {
        if (!e.code)
            err_set(&e, ERR_NOTFOUND, NULL, "端末が見つかりません。", "bad id");
        return web_fail(rq, rs, &e);
    }
    return web_redirect(rq, rs, "/admin/devices", "端末を無効にしました。このトークンでは以後接続できません。");
}
