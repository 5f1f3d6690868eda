/* page_user — staff accounts for 管理者: list, add, 氏名, role, password, disable. */
#include <stdlib.h>
#include <string.h>

#include "app/account/app_staff.h"
#include "base/date.h"
#include "base/html.h"
#include "domain/role.h"
#include "web/admin/admin_nav.h"
#include "web/web.h"

static void role_select(web_resp *rs, const char *label, const char *name, const char *sel, const err_t *e)
{
    const char *codes[ROLE__MAX], *labels[ROLE__MAX];
    for (int i = 0; i < ROLE__MAX; i++) {
        codes[i] = role_code(i);
        labels[i] = role_label(i);
    }
    web_select(rs, label, name, sel, codes, labels, ROLE__MAX, e);
}

static void action_form(web_req *rq, web_resp *rs, const char *username, const char *action, const char *button,
                        const char *confirm)
{
    buf_t *b = &rs->body;
    char href[96];
    str_fmt(href, sizeof href, "/admin/users/%s", username);
    html_open(b, "form", "method", "post", "action", href, "class", "inline", "data-confirm", confirm, NULL);
    web_csrf_field(rq, rs);
    html_open(b, "input", "type", "hidden", "name", "action", "value", action, NULL);
    html_elem(b, "button", button, "type", "submit", NULL);
    html_close(b, "form");
}

/* The reason asked for a change that needs a second administrator. */
static void reason_input(web_resp *rs, const char *prefix, const char *username)
{
    char fid[80];
    str_fmt(fid, sizeof fid, "%s-%s", prefix, username);
    html_elem(&rs->body, "label", "理由（管理者の場合）", "for", fid, "class", "sr-only", NULL);
    html_open(&rs->body, "input", "type", "text", "name", "reason", "id", fid, "placeholder", "理由（管理者の場合）",
              "maxlength", "160", NULL);
}

int page_users(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_user *us = NULL;
    size_t n = 0;
    if (app_user_list(&rq->ctx, &us, &n, &e))
        return web_fail(rq, rs, &e);
    web_page_begin(rq, rs, "職員アカウント", NAV_ADMIN);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "職員アカウント", NULL);
    web_admin_subnav(rq, rs, "/admin/users");
    html_open(b, "p", NULL);
    html_elem(b, "a", "職員を追加", "href", "/admin/users/new", "class", "action", NULL);
    html_close(b, "p");
    html_open(b, "table", "class", "users list", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">ユーザー名</th><th scope=\"col\">氏名</th><th scope=\"col\">権限</th>"
                "<th scope=\"col\">状態</th><th scope=\"col\">登録日時</th><th scope=\"col\">氏名の変更</th>"
                "<th scope=\"col\">権限の変更</th><th scope=\"col\">パスワード再設定</th>"
                "<th scope=\"col\">有効・無効</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        const app_user *u = &us[i];
        char href[96], ts[20], fid[80];
        str_fmt(href, sizeof href, "/admin/users/%s", u->username);
        date_format_ts_jst(u->created_at, ts);
        html_open(b, "tr", NULL);
        html_elem(b, "td", u->username, NULL);
        if (u->full_name[0])
            html_elem(b, "td", u->full_name, "class", "staff-name", NULL);
        else
            html_elem(b, "td", "（未設定）", "class", "staff-name muted", NULL);
        html_elem(b, "td", role_label(u->role), NULL);
        html_open(b, "td", NULL);
        if (u->disabled)
            html_elem(b, "span", "無効", "class", "state state-closed", NULL);
        else if (u->locked)
            html_elem(b, "span", "ロック中", "class", "state state-held", NULL);
        else if (u->must_change)
            html_elem(b, "span", "初回変更待ち", "class", "state state-pending", NULL);
        else
            html_elem(b, "span", "有効", "class", "state state-active", NULL);
        html_close(b, "td");
        html_elem(b, "td", ts, "class", "num", NULL);
        /* 氏名 */
        html_open(b, "td", NULL);
        html_open(b, "form", "method", "post", "action", href, "class", "inline", NULL);
        web_csrf_field(rq, rs);
        html_open(b, "input", "type", "hidden", "name", "action", "value", "name", NULL);
        str_fmt(fid, sizeof fid, "name-%s", u->username);
        html_elem(b, "label", "氏名", "for", fid, "class", "sr-only", NULL);
        html_open(b, "input", "type", "text", "name", "full_name", "id", fid, "value", u->full_name, "placeholder",
                  "氏名（例: 山田 花子）", "maxlength", "40", "required", "", "autocomplete", "off", NULL);
        html_elem(b, "button", "変更", "type", "submit", NULL);
        html_close(b, "form");
        html_close(b, "td");
        /* role */
        html_open(b, "td", NULL);
        html_open(b, "form", "method", "post", "action", href, "class", "inline", NULL);
        web_csrf_field(rq, rs);
        html_open(b, "input", "type", "hidden", "name", "action", "value", "role", NULL);
        str_fmt(fid, sizeof fid, "role-%s", u->username);
        html_elem(b, "label", "権限", "for", fid, "class", "sr-only", NULL);
        html_open(b, "select", "name", "role", "id", fid, NULL);
        for (int r = 0; r < ROLE__MAX; r++)
            html_elem(b, "option", role_label(r), "value", role_code(r), "selected", r == u->role ? "" : NULL, NULL);
        html_close(b, "select");
        reason_input(rs, "role-reason", u->username);
        html_elem(b, "button", "変更", "type", "submit", NULL);
        html_close(b, "form");
        html_close(b, "td");
        /* password */
        html_open(b, "td", NULL);
        html_open(b, "form", "method", "post", "action", href, "class", "inline", NULL);
        web_csrf_field(rq, rs);
        html_open(b, "input", "type", "hidden", "name", "action", "value", "password", NULL);
        str_fmt(fid, sizeof fid, "pw-%s", u->username);
        html_elem(b, "label", "仮パスワード", "for", fid, "class", "sr-only", NULL);
        html_open(b, "input", "type", "password", "name", "password", "id", fid, "autocomplete", "new-password",
                  "placeholder", "仮パスワード（10文字以上）", "minlength", "10", NULL);
        reason_input(rs, "pw-reason", u->username);
        html_elem(b, "button", "再設定", "type", "submit", NULL);
        html_close(b, "form");
        html_close(b, "td");
        /* enable / disable / unlock */
        html_open(b, "td", NULL);
        if (u->disabled) {
            action_form(rq, rs, u->username, "enable", "有効にする", NULL);
        } else {
            html_open(b, "form", "method", "post", "action", href, "class", "inline", "data-confirm",
                      "このアカウントを無効にしますか？", NULL);
            web_csrf_field(rq, rs);
            html_open(b, "input", "type", "hidden", "name", "action", "value", "disable", NULL);
            str_fmt(fid, sizeof fid, "reason-%s", u->username);
            html_elem(b, "label", "無効にする理由", "for", fid, "class", "sr-only", NULL);
            html_open(b, "input", "type", "text", "name", "reason", "id", fid, "placeholder", "理由", "maxlength", "160",
                      NULL);
            html_elem(b, "button", "無効にする", "type", "submit", NULL);
            html_close(b, "form");
        }
        if (u->locked)
            action_form(rq, rs, u->username, "unlock", "ロック解除", NULL);
        html_close(b, "td");
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    html_elem(b, "p",
              "他の管理者の権限変更・無効化・パスワード再設定には、理由を添えて別の管理者の承認が必要です"
              "（承認依頼として登録され、承認されるまでそのアカウントは変更できません）。",
              "class", "hint", NULL);
    web_page_end(rq, rs);
    free(us);
    return 0;
}

static void new_form(web_req *rq, web_resp *rs, const char *username, const char *full_name, const char *role,
                     const err_t *e)
{
    web_page_begin(rq, rs, "職員の追加", NAV_ADMIN);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "職員の追加", NULL);
    web_admin_subnav(rq, rs, "/admin/users");
    html_elem(b, "p", "ここで設定したパスワードは仮パスワードです。本人が初回ログイン時に変更します。", NULL);
    web_form_error(rs, e);
    html_open(b, "form", "method", "post", "action", "/admin/users/new", "class", "grid", NULL);
    web_csrf_field(rq, rs);
    web_input(rs, "ユーザー名（半角英小文字・数字・. _ -）", "username", username, e, "required", "", "maxlength", "32",
              "autocomplete", "off", "autofocus", "", NULL);
    web_input(rs, "氏名（領収書・印刷物の取扱者として表示。40文字以内）", "full_name", full_name, e, "required", "",
              "maxlength", "40", "autocomplete", "off", NULL);
    role_select(rs, "権限", "role", role, e);
    web_input(rs, "仮パスワード（10文字以上）", "password", "", e, "type", "password", "required", "", "minlength", "10",
              "autocomplete", "new-password", NULL);
    html_open(b, "div", "class", "buttons", NULL);
    html_elem(b, "button", "追加する (Alt+K)", "type", "submit", "accesskey", "k", NULL);
    html_elem(b, "a", "取り消す (Esc)", "href", "/admin/users", "class", "cancel", NULL);
    html_close(b, "div");
    html_close(b, "form");
    web_page_end(rq, rs);
}

int page_user_new_form(web_req *rq, web_resp *rs)
{
    new_form(rq, rs, "", "", "clerk", NULL);
    return 0;
}

int page_user_new_submit(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    const char *username = web_form_or(rq, "username"), *role = web_form_or(rq, "role");
    const char *full_name = web_form_or(rq, "full_name");   /* required here: "" is refused */
    int64_t pending = 0;
    if (app_user_add(&rq->ctx, username, full_name, role, web_form_or(rq, "password"), true, NULL, &pending, &e)) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT)
            return web_fail(rq, rs, &e);
        rs->status = e.code == ERR_CONFLICT ? 409 : 422;
        new_form(rq, rs, username, full_name, role, &e);
        return 0;
    }
    char flash[320];
    if (pending)
        str_fmt(flash, sizeof flash,
                "職員「%s」を閲覧の権限で追加しました。管理者の権限は承認待ちです（承認番号 %lld）。別の管理者の承認が必要です。",
                username, (long long)pending);
    else
        str_fmt(flash, sizeof flash, "職員「%s」を追加しました（初回ログイン時にパスワード変更が必要です）。", username);
    return web_redirect(rq, rs, "/admin/users", flash);
}

int page_user_action(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    const char *user = rq->param, *action = web_form_or(rq, "action");
    char flash[256];
    int rc;
    int64_t pending = 0;
    const char *reason = web_form_or(rq, "reason");
    if (strcmp(action, "name") == 0) {
        rc = app_user_set_name(&rq->ctx, user, web_form_or(rq, "full_name"), &e);
        str_fmt(flash, sizeof flash, "「%s」の氏名を変更しました。", user);
    } else if (strcmp(action, "role") == 0) {
        rc = app_user_set_role(&rq->ctx, user, web_form_or(rq, "role"), reason, &pending, &e);
        str_fmt(flash, sizeof flash, "「%s」の権限を変更しました。", user);
    } else if (strcmp(action, "password") == 0) {
        rc = app_user_set_password(&rq->ctx, user, web_form_or(rq, "password"), true, reason, &pending, &e);
        str_fmt(flash, sizeof flash, "「%s」のパスワードを再設定しました（次回ログイン時に変更が必要です）。", user);
    } else if (strcmp(action, "disable") == 0) {
        rc = app_user_disable(&rq->ctx, user, reason, &pending, &e);
        str_fmt(flash, sizeof flash, "「%s」を無効にしました。", user);
    } else if (strcmp(action, "enable") == 0) {
        rc = app_user_enable(&rq->ctx, user, &e);
        str_fmt(flash, sizeof flash, "「%s」を有効にしました。", user);
    } else if (strcmp(action, "unlock") == 0) {
        rc = app_user_unlock(&rq->ctx, user, &e);
        str_fmt(flash, sizeof flash, "「%s」のロックを解除しました。", user);
    } else {
        rc = err_field(&e, "action", "操作の種類が正しくありません。");
    }
    if (!rc && pending)
        str_fmt(flash, sizeof flash, "「%s」の変更は承認待ちです（承認番号 %lld）。別の管理者の承認が必要です。",
                user, (long long)pending);
    if (rc) {
        if (e.code == ERR_INVALID || e.code == ERR_CONFLICT) {
            str_copy(flash, sizeof flash, e.user);
            return web_redirect(rq, rs, "/admin/users", flash);
        }
        return web_fail(rq, rs, &e);
    }
    return web_redirect(rq, rs, "/admin/users", flash);
}
