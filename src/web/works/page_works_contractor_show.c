/* page_works_contractor_show — one designated contractor's page (details,
 * the standing today or on a day asked, chief engineers, the history of
 * every act) and its acts: renew, suspend, reinstate, revoke (these three
 * after a confirmation step), engineers added and removed.  A refused act
 * shows the page again (400/409) with the message and what was typed; the
 * forms' fields carry the act's prefix ("suspend_reason") so that ids stay
 * unique on the page. */
#include "web/works/works_nav.h"
#include "web/web.h"
#include "web/web_internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/works/app_works_contractor.h"
#include "base/date.h"
#include "base/html.h"
#include "domain/role.h"

#define BASE "/works/contractors"

static void dl_row(buf_t *b, const char *term, const char *value)
{
    html_elem(b, "dt", term, NULL);
    html_elem(b, "dd", value, NULL);
}

static void dl_date(web_req *rq, web_resp *rs, const char *term, const char *iso)
{
    html_elem(&rs->body, "dt", term, NULL);
    html_open(&rs->body, "dd", NULL);
    web_date(rq, rs, iso);
    html_close(&rs->body, "dd");
}

static void details(web_req *rq, web_resp *rs, const app_works_contractor *c)
{
    buf_t *b = &rs->body;
    html_open(b, "dl", "class", "details", "id", "wc-details", NULL);
    dl_row(b, "指定番号", c->designation_no);
    dl_row(b, "商号", c->name);
    dl_row(b, "フリガナ", c->name_kana);
    dl_row(b, "所在地", c->address);
    dl_row(b, "電話番号", c->phone);
    dl_row(b, "代表者氏名", c->representative);
    dl_date(rq, rs, "指定日", c->designated_on);
    html_elem(b, "dt", "有効期限", NULL);
    html_open(b, "dd", "id", "wc-valid-until", NULL);
    web_date(rq, rs, c->valid_until);
    if (c->due_in_days >= 0)
        html_textf(b, "（あと%lld日）", (long long)c->due_in_days);
    html_close(b, "dd");
    html_elem(b, "dt", "状態", NULL);
    html_open(b, "dd", "id", "wc-state", NULL);
    html_text(b, c->state_label);
    if (strcmp(c->state, "suspended") == 0 || (strcmp(c->status, "suspended") == 0 && c->suspended_from[0])) {
        html_text(b, "（停止期間 ");
        web_date(rq, rs, c->suspended_from);
        html_text(b, "〜");
        if (c->suspended_until[0])
            web_date(rq, rs, c->suspended_until);
        else
            html_text(b, "解除まで");
        html_text(b, "）");
    } else if (c->revoked_on[0]) {
        html_text(b, "（取消日 ");
        web_date(rq, rs, c->revoked_on);
        html_text(b, "）");
    }
    html_close(b, "dd");
    html_close(b, "dl");
}

/* The standing today, and on the day of ?on= when asked. */
static void standing(web_req *rq, web_resp *rs, const app_works_contractor *c)
{
    buf_t *b = &rs->body;
    html_open(b, "section", "aria-labelledby", "wc-standing-h", NULL);
    html_elem(b, "h2", "工事申込の可否", "id", "wc-standing-h", NULL);
    html_open(b, "p", "id", "wc-standing", "class", c->standing_ok ? "ok" : "notice", NULL);
    html_text(b, "本日（");
    web_date(rq, rs, c->today);
    html_text(b, "）: ");
    if (c->standing_ok)
        html_text(b, "指定工事事業者として申込を受け付けられます。");
    else
        html_textf(b, "申込を受け付けられません。%s。", c->standing_reason);
    html_close(b, "p");
    const char *on = web_query(rq, "on");
    char action[48];
    str_fmt(action, sizeof action, BASE "/%lld", (long long)c->id);
    html_open(b, "form", "method", "get", "action", action, "class", "filters", "id", "wc-standing-form", NULL);
    web_input(rs, "別の日の可否", "on", on ? on : "", NULL, "type", "date", NULL);
    html_elem(b, "button", "確かめる", "type", "submit", "id", "wc-standing-submit", NULL);
    html_close(b, "form");
    if (on && *on) {
        bool ok = false;
        char why[512];
        err_t e;
        err_clear(&e);
        html_open(b, "p", "id", "wc-standing-on", NULL);
        if (app_works_contractor_standing(&rq->ctx, c->id, on, &ok, why, sizeof why, &e))
            html_text(b, e.user[0] ? e.user : "日付を確かめられません。");
        else {
            web_date(rq, rs, on);
            html_text(b, ": ");
            if (ok)
                html_text(b, "受け付けられます。");
            else
                html_textf(b, "受け付けられません。%s。", why);
        }
        html_close(b, "p");
    }
    html_close(b, "section");
}

static void action_form_begin(web_req *rq, web_resp *rs, const app_works_contractor *c, const char *act,
                              const char *legend)
{
    char action[64], id[32];
    str_fmt(action, sizeof action, BASE "/%lld/%s", (long long)c->id, act);
    str_fmt(id, sizeof id, "wc-%s-form", act);
    for (char *q = id; *q; q++)
        if (*q == '/')
            *q = '-';
    html_open(&rs->body, "form", "method", "post", "action", action, "class", "grid", "id", id, NULL);
    web_csrf_field(rq, rs);
    html_open(&rs->body, "fieldset", NULL);
    html_elem(&rs->body, "legend", legend, NULL);
}

static void action_form_end(web_resp *rs, const char *act, const char *button)
{
    char id[32];
    str_fmt(id, sizeof id, "wc-%s-submit", act);
    html_elem(&rs->body, "button", button, "type", "submit", "id", id, NULL);
    html_close(&rs->body, "fieldset");
    html_close(&rs->body, "form");
}

static void engineer_table(web_req *rq, web_resp *rs, const app_works_contractor *c)
{
    buf_t *b = &rs->body;
    if (c->nengineers == 0) {
        html_elem(b, "p", "登録された主任技術者はいません。", "class", "empty", "id", "wc-engineers-empty", NULL);
        return;
    }
    html_open(b, "table", "class", "list", "id", "wc-engineers", NULL);
    html_elem(b, "caption", "主任技術者（登録日順）", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">免状番号</th><th scope=\"col\">氏名</th><th scope=\"col\">登録日</th>"
                "<th scope=\"col\">削除日</th></tr></thead><tbody>");
    for (size_t i = 0; i < c->nengineers; i++) {
        const app_works_engineer *g = &c->engineers[i];
        char rid[32];
        str_fmt(rid, sizeof rid, "wc-engineer-%lld", (long long)g->id);
        html_open(b, "tr", "id", rid, NULL);
        html_elem(b, "td", g->licence_no, NULL);
        html_elem(b, "td", g->name, NULL);
        html_open(b, "td", NULL);
        web_date(rq, rs, g->registered_on);
        html_close(b, "td");
        html_open(b, "td", NULL);
        if (g->removed_on[0])
            web_date(rq, rs, g->removed_on);
        else
            html_text(b, "登録中");
        html_close(b, "td");
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
}

/* The removal form: a choice among the engineers still registered. */
static void engineer_remove_form(web_req *rq, web_resp *rs, const app_works_contractor *c, const err_t *e)
{
    size_t live = 0;
    for (size_t i = 0; i < c->nengineers; i++)
        live += c->engineers[i].removed_on[0] == '\0';
    if (!live)
        return;
    const char **codes = calloc(live, sizeof *codes), **labels = calloc(live, sizeof *labels);
    char(*ids)[24] = calloc(live, sizeof *ids);
    char(*texts)[300] = calloc(live, sizeof *texts);
    if (codes && labels && ids && texts) {
        size_t k = 0;
        for (size_t i = 0; i < c->nengineers; i++) {
            const app_works_engineer *g = &c->engineers[i];
            if (g->removed_on[0])
                continue;
            str_fmt(ids[k], sizeof ids[k], "%lld", (long long)g->id);
            str_fmt(texts[k], sizeof texts[k], "%s %s", g->licence_no, g->name);
            codes[k] = ids[k];
            labels[k] = texts[k];
            k++;
        }
        action_form_begin(rq, rs, c, "engineers/remove", "主任技術者の削除");
        web_select(rs, "削除する主任技術者", "engineer", e ? web_form_or(rq, "engineer") : "", codes, labels, live, e);
        web_input(rs, "削除日", "removed_on", e ? web_form_or(rq, "removed_on") : c->today, e, "type", "date", NULL);
        action_form_end(rs, "engineers-remove", "削除する");
    }
    free(codes);
    free(labels);
    free(ids);
    free(texts);
}

static void engineers(web_req *rq, web_resp *rs, const app_works_contractor *c, bool can, const err_t *e)
{
    buf_t *b = &rs->body;
    html_open(b, "section", "aria-labelledby", "wc-engineers-h", NULL);
    html_elem(b, "h2", "給水装置工事主任技術者", "id", "wc-engineers-h", NULL);
    engineer_table(rq, rs, c);
    if (can) {
        action_form_begin(rq, rs, c, "engineers", "主任技術者の登録");
        web_input(rs, "免状番号", "licence_no", e ? web_form_or(rq, "licence_no") : "", e, "size", "12", "inputmode",
                  "numeric", "autocomplete", "off", NULL);
        web_input(rs, "氏名", "engineer_name", e ? web_form_or(rq, "engineer_name") : "", e, "size", "20",
                  "autocomplete", "off", NULL);
        web_input(rs, "登録日", "registered_on", e ? web_form_or(rq, "registered_on") : c->today, e, "type", "date",
                  NULL);
        action_form_end(rs, "engineers", "登録する");
        engineer_remove_form(rq, rs, c, e);
    }
    html_close(b, "section");
}

static void acts(web_req *rq, web_resp *rs, const app_works_contractor *c, const err_t *e)
{
    buf_t *b = &rs->body;
    if (strcmp(c->status, "revoked") == 0)
        return;
    html_open(b, "section", "aria-labelledby", "wc-acts-h", NULL);
    html_elem(b, "h2", "指定の更新・停止・取消", "id", "wc-acts-h", NULL);
    char edit[64];
    str_fmt(edit, sizeof edit, BASE "/%lld/edit", (long long)c->id);
    html_open(b, "p", NULL);
    html_elem(b, "a", "登録内容を変更", "href", edit, "id", "wc-edit", NULL);
    html_close(b, "p");
    action_form_begin(rq, rs, c, "renew", "指定の更新（有効期限を5年延ばす）");
    web_input(rs, "更新日", "renew_on", e ? web_form_or(rq, "renew_on") : c->today, e, "type", "date", NULL);
    action_form_end(rs, "renew", "更新する");
    /* a suspension running or to come can be lifted; one over needs nothing */
    if (strcmp(c->status, "suspended") == 0 && strcmp(c->suspended_until, c->today) >= 0) {
        action_form_begin(rq, rs, c, "reinstate", "指定停止の解除");
        web_input(rs, "解除日（この日から受付可）", "reinstate_on", e ? web_form_or(rq, "reinstate_on") : c->today, e,
                  "type", "date", NULL);
        web_input(rs, "理由（任意）", "reinstate_reason", e ? web_form_or(rq, "reinstate_reason") : "", e, "size", "40",
                  NULL);
        action_form_end(rs, "reinstate", "解除の確認へ");
    } else {
        action_form_begin(rq, rs, c, "suspend", "指定の停止");
        web_input(rs, "停止の開始日", "suspend_from", e ? web_form_or(rq, "suspend_from") : "", e, "type", "date", NULL);
        web_input(rs, "停止の終了日（6か月以内）", "suspend_until", e ? web_form_or(rq, "suspend_until") : "", e,
                  "type", "date", NULL);
        web_input(rs, "理由", "suspend_reason", e ? web_form_or(rq, "suspend_reason") : "", e, "size", "40", NULL);
        action_form_end(rs, "suspend", "停止の確認へ");
    }
    action_form_begin(rq, rs, c, "revoke", "指定の取消");
    web_input(rs, "取消日", "revoke_on", e ? web_form_or(rq, "revoke_on") : c->today, e, "type", "date", NULL);
    web_input(rs, "理由", "revoke_reason", e ? web_form_or(rq, "revoke_reason") : "", e, "size", "40", NULL);
    action_form_end(rs, "revoke", "取消の確認へ");
    html_close(b, "section");
}

/* A string member of a JSON object ("" when absent). */
static const char *member(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* What changed, in words, from the event's JSON (no personal data in it). */
static void changes_text(buf_t *b, const char *json)
{
    static const struct {
        const char *key, *label;
    } F[] = {
        {"designation_no", "指定番号"}, {"name", "商号"}, {"name_kana", "フリガナ"}, {"address", "所在地"},
        {"phone", "電話番号"}, {"representative", "代表者氏名"}, {"designated_on", "指定日"},
        {"valid_until", "有効期限"}, {"licence_no", "免状番号"}, {"renewed_on", "更新日"},
    };
    json_t *j = json_loads(json ? json : "{}", 0, NULL);
    bool first = true;
    for (size_t i = 0; j && i < sizeof F / sizeof F[0]; i++) {
        json_t *v = json_object_get(j, F[i].key);
        if (!v)
            continue;
        if (!first)
            html_text(b, "、");
        first = false;
        if (json_is_string(v))
            html_textf(b, "%s %s", F[i].label, json_string_value(v));
        else if (json_is_object(v) && json_object_get(v, "changed"))
            html_textf(b, "%s（変更）", F[i].label);
        else if (json_is_object(v))
            html_textf(b, "%s %s → %s", F[i].label, member(v, "from"), member(v, "to"));
    }
    json_decref(j);
}

static void history(web_req *rq, web_resp *rs, const app_works_contractor *c)
{
    buf_t *b = &rs->body;
    html_open(b, "section", "aria-labelledby", "wc-history-h", NULL);
    html_elem(b, "h2", "履歴", "id", "wc-history-h", NULL);
    html_open(b, "table", "class", "list", "id", "wc-history", NULL);
    html_elem(b, "caption", "指定・変更・更新・停止・取消と主任技術者の登録・削除（新しい順）", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">日時</th><th scope=\"col\">内容</th><th scope=\"col\">日・期間</th>"
                "<th scope=\"col\">変更内容</th><th scope=\"col\">理由</th><th scope=\"col\">担当</th></tr></thead><tbody>");
    for (size_t k = c->nevents; k-- > 0;) {
        const app_works_event *v = &c->events[k];
        char rid[32], when[20];
        str_fmt(rid, sizeof rid, "wc-event-%lld", (long long)v->id);
        html_open(b, "tr", "id", rid, "data-kind", v->kind, NULL);
        date_format_ts_jst(v->done_at, when);
        html_elem(b, "td", when, NULL);
        html_elem(b, "td", v->label, NULL);
        html_open(b, "td", NULL);
        if (v->from_on[0])
            web_date(rq, rs, v->from_on);
        if (v->until_on[0]) {
            html_text(b, "〜");
            web_date(rq, rs, v->until_on);
        }
        html_close(b, "td");
        html_open(b, "td", NULL);
        changes_text(b, v->changes);
        html_close(b, "td");
        html_elem(b, "td", v->reason, NULL);
        html_elem(b, "td", v->done_by, NULL);
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    html_close(b, "section");
}

/* The page; e: a refused act (its message, what was typed). */
static int show(web_req *rq, web_resp *rs, int64_t id, const err_t *e)
{
    app_works_contractor c;
    err_t le;
    err_clear(&le);
    if (app_works_contractor_get(&rq->ctx, id, &c, &le))
        return web_fail(rq, rs, &le);
    web_page_begin(rq, rs, "指定工事事業者", NAV_WORKS);
    web_works_subnav(rq, rs, "/works/contractors");
    buf_t *b = &rs->body;
    html_open(b, "h1", NULL);
    html_textf(b, "指定工事事業者 %s　", c.designation_no);
    html_elem(b, "span", c.name, "class", "h1-name", NULL);
    html_close(b, "h1");
    html_open(b, "p", NULL);
    html_elem(b, "a", "← 指定工事事業者一覧", "href", BASE, "id", "wc-back", NULL);
    html_close(b, "p");
    web_form_error(rs, e);
    details(rq, rs, &c);
    standing(rq, rs, &c);
    bool can = app_can(&rq->ctx, PERM_WORKS_CONTRACTOR) && strcmp(c.status, "revoked") != 0;
    engineers(rq, rs, &c, can, e);
    if (can)
        acts(rq, rs, &c, e);
    history(rq, rs, &c);
    app_works_contractor_free(&c);
    web_page_end(rq, rs);
    if (e && e->code)
        rs->status = web_status_for(e->code);
    return 0;
}

int page_works_contractor(web_req *rq, web_resp *rs)
{
    int64_t id = 0;
    if (!web_path_id(rq, rs, "該当する指定工事事業者がありません。", &id))
        return 0;
    return show(rq, rs, id, NULL);
}

/* ---- acts ------------------------------------------------------------------ */

/* After an act: back to the page with flash, or the page with the refusal
 * (its field given the form's prefix). */
static int after(web_req *rq, web_resp *rs, int64_t id, int rc, err_t *e, const char *prefix, const char *flash)
{
    if (!rc) {
        char loc[48];
        str_fmt(loc, sizeof loc, BASE "/%lld", (long long)id);
        return web_redirect(rq, rs, loc, flash);
    }
    if (e->code != ERR_INVALID && e->code != ERR_CONFLICT)
        return web_fail(rq, rs, e);
    if (prefix && e->field[0]) {
        char f[sizeof e->field];
        str_fmt(f, sizeof f, "%s%s", prefix, e->field);
        str_copy(e->field, sizeof e->field, f);
    }
    return show(rq, rs, id, e);
}

int page_works_contractor_renew(web_req *rq, web_resp *rs)
{
    int64_t id = 0;
    if (!web_path_id(rq, rs, "該当する指定工事事業者がありません。", &id))
        return 0;
    err_t e;
    err_clear(&e);
    int rc = app_works_contractor_renew(&rq->ctx, id, web_form_or(rq, "renew_on"), &e);
    if (rc && strcmp(e.field, "renewed_on") == 0)
        str_copy(e.field, sizeof e.field, "renew_on");
    return after(rq, rs, id, rc, &e, NULL, "指定を更新しました（有効期限を5年延ばしました）。");
}

/* The confirmation step of suspend, reinstate and revoke: the fields as
 * typed, hidden, with a button that sends them again with confirm=1. */
static void confirm_page(web_req *rq, web_resp *rs, int64_t id, const char *act, const char *title,
                         const char *const *fields, const char *const *labels, size_t n)
{
    web_page_begin(rq, rs, title, NAV_WORKS);
    web_works_subnav(rq, rs, "/works/contractors");
    buf_t *b = &rs->body;
    html_elem(b, "h1", title, NULL);
    html_elem(b, "p", "次の内容で実行します。よろしければ「確定する」を押してください。", "id", "wc-confirm-note", NULL);
    html_open(b, "dl", "class", "details", "id", "wc-confirm", NULL);
    for (size_t i = 0; i < n; i++)
        dl_row(b, labels[i], *web_form_or(rq, fields[i]) ? web_form_or(rq, fields[i]) : "（なし）");
    html_close(b, "dl");
    char action[64], back[48];
    str_fmt(action, sizeof action, BASE "/%lld/%s", (long long)id, act);
    str_fmt(back, sizeof back, BASE "/%lld", (long long)id);
    html_open(b, "form", "method", "post", "action", action, "id", "wc-confirm-form", NULL);
    web_csrf_field(rq, rs);
    for (size_t i = 0; i < n; i++)
        html_open(b, "input", "type", "hidden", "name", fields[i], "value", web_form_or(rq, fields[i]), NULL);
    html_open(b, "input", "type", "hidden", "name", "confirm", "value", "1", NULL);
    html_open(b, "p", "class", "actions", NULL);
    html_elem(b, "button", "確定する", "type", "submit", "id", "wc-confirm-submit", "autofocus", "autofocus", NULL);
    html_elem(b, "a", "やめる", "href", back, "id", "wc-confirm-cancel", NULL);
    html_close(b, "p");
    html_close(b, "form");
    web_page_end(rq, rs);
}

static bool confirmed(const web_req *rq)
{
    const char *c = web_form(rq, "confirm");
    return c && strcmp(c, "1") == 0;
}

/* suspend, reinstate, revoke: a row each, the handler below runs them. */
typedef int (*confirmed_fn)(app_ctx *ctx, int64_t id, const char *const *v, err_t *e);

static int do_suspend(app_ctx *ctx, int64_t id, const char *const *v, err_t *e)
{
    return app_works_contractor_suspend(ctx, id, v[0], v[1], v[2], e);
}

static int do_reinstate(app_ctx *ctx, int64_t id, const char *const *v, err_t *e)
{
    return app_works_contractor_reinstate(ctx, id, v[0], v[1], e);
}

static int do_revoke(app_ctx *ctx, int64_t id, const char *const *v, err_t *e)
{
    return app_works_contractor_revoke(ctx, id, v[0], v[1], e);
}

typedef struct confirmed_act {
    const char *act, *title, *prefix, *flash;
    size_t n;
    const char *fields[3], *labels[3];
    confirmed_fn fn;
} confirmed_act;

enum { ACT_SUSPEND, ACT_REINSTATE, ACT_REVOKE, ACT__COUNT };
static const confirmed_act ACTS[ACT__COUNT] = {
    [ACT_SUSPEND] = {"suspend", "指定停止の確認", "suspend_", "指定を停止しました。", 3,
                     {"suspend_from", "suspend_until", "suspend_reason"}, {"停止の開始日", "停止の終了日", "理由"},
                     do_suspend},
    [ACT_REINSTATE] = {"reinstate", "指定停止の解除の確認", "reinstate_", "指定停止を解除しました。", 2,
                       {"reinstate_on", "reinstate_reason"}, {"解除日", "理由"}, do_reinstate},
    [ACT_REVOKE] = {"revoke", "指定取消の確認", "revoke_", "指定を取り消しました。", 2,
                    {"revoke_on", "revoke_reason"}, {"取消日", "理由"}, do_revoke},
};

/* The first post shows the confirmation; the second (confirm=1) acts. */
static int run_confirmed(web_req *rq, web_resp *rs, const confirmed_act *a)
{
    int64_t id = 0;
    if (!web_path_id(rq, rs, "該当する指定工事事業者がありません。", &id))
        return 0;
    if (!confirmed(rq)) {
        confirm_page(rq, rs, id, a->act, a->title, a->fields, a->labels, a->n);
        return 0;
    }
    const char *v[3] = {"", "", ""};
    for (size_t i = 0; i < a->n; i++)
        v[i] = web_form_or(rq, a->fields[i]);
    err_t e;
    err_clear(&e);
    int rc = a->fn(&rq->ctx, id, v, &e);
    return after(rq, rs, id, rc, &e, a->prefix, a->flash);
}

int page_works_contractor_suspend(web_req *rq, web_resp *rs)
{
    return run_confirmed(rq, rs, &ACTS[ACT_SUSPEND]);
}

int page_works_contractor_reinstate(web_req *rq, web_resp *rs)
{
    return run_confirmed(rq, rs, &ACTS[ACT_REINSTATE]);
}

int page_works_contractor_revoke(web_req *rq, web_resp *rs)
{
    return run_confirmed(rq, rs, &ACTS[ACT_REVOKE]);
}

int page_works_engineer_add(web_req *rq, web_resp *rs)
{
    int64_t id = 0;
    if (!web_path_id(rq, rs, "該当する指定工事事業者がありません。", &id))
        return 0;
    err_t e;
    err_clear(&e);
    int rc = app_works_engineer_add(&rq->ctx, id, web_form_or(rq, "licence_no"), web_form_or(rq, "engineer_name"),
                                    web_form_or(rq, "registered_on"), NULL, &e);
    return after(rq, rs, id, rc, &e, NULL, "主任技術者を登録しました。");
}

int page_works_engineer_remove(web_req *rq, web_resp *rs)
{
    int64_t id = 0;
    if (!web_path_id(rq, rs, "該当する指定工事事業者がありません。", &id))
        return 0;
    err_t e;
    err_clear(&e);
    int64_t eng = 0;
    int rc = web_form_id(rq, "engineer", "削除する主任技術者を選んでください。", &eng, &e);
    if (!rc && eng == 0)
        rc = err_field(&e, "engineer", "削除する主任技術者を選んでください。");
    if (!rc)
        rc = app_works_engineer_remove(&rq->ctx, id, eng, web_form_or(rq, "removed_on"), &e);
    return after(rq, rs, id, rc, &e, NULL, "主任技術者を削除しました。");
}
