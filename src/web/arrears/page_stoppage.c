/* page_stoppage — 給水停止: the candidates (/arrears/stoppage), issuing
 * stoppage work orders after a confirmation (a 係長), and the karte's
 * stoppage panel (state, exemptions, 解除). */
#include <stdlib.h>
#include <string.h>

#include "app/arrears/app_stoppage.h"
#include "base/date.h"
#include "base/html.h"
#include "domain/role.h"
#include "web/web.h"
#include "web/arrears/arrears_nav.h"

#define MAX_CHOSEN 500

static void td_num(buf_t *b, long long v, bool yen)
{
    char s[32];
    str_thousands(v, s);
    html_open(b, "td", "class", "num", NULL);
    if (yen)
        html_text(b, "¥");
    html_text(b, s);
    html_close(b, "td");
}

/* The chosen tap numbers of a form (every "tap" field), at most max. */
static size_t chosen_taps(const web_req *rq, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < rq->nform && n < max; i++)
        if (strcmp(rq->form[i].key, "tap") == 0 && rq->form[i].value && *rq->form[i].value)
            out[n++] = rq->form[i].value;
    return n;
}

static bool is_chosen(const char *const *chosen, size_t n, const char *tap_no)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(chosen[i], tap_no) == 0)
            return true;
    return false;
}

/* The taps stopped now: those that owe nothing more wait for their 解除. */
static void stopped_section(web_req *rq, web_resp *rs)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    app_stoppage_stopped *st = NULL;
    size_t n = 0;
    html_open(b, "section", "id", "stopped", "aria-labelledby", "stopped-h", NULL);
    html_elem(b, "h2", "給水停止中の水栓", "id", "stopped-h", NULL);
    if (app_stoppage_stopped_list(&rq->ctx, &st, &n, &e)) {
        html_elem(b, "p", "給水停止中の水栓を読み込めませんでした。", "class", "error", NULL);
    } else if (n == 0) {
        html_elem(b, "p", "給水停止中の水栓はありません。", "class", "empty", "id", "stopped-none", NULL);
    } else {
        html_open(b, "table", "class", "list", "id", "stopped-list", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">水栓番号</th><th scope=\"col\">検針区／順路</th>"
                    "<th scope=\"col\">停止日</th><th scope=\"col\" class=\"num\">未納額</th>"
                    "<th scope=\"col\">解除</th></tr></thead><tbody>");
        for (size_t i = 0; i < n; i++) {
            const app_stoppage_stopped *s = &st[i];
            char karte[32], route[48];
            str_fmt(karte, sizeof karte, "/karte/%s", s->tap_no);
            str_fmt(route, sizeof route, "%s ／ %lld", s->route, (long long)s->route_order);
            html_open(b, "tr", NULL);
            html_open(b, "td", NULL);
            html_elem(b, "a", s->tap_no, "href", karte, NULL);
            html_close(b, "td");
            html_elem(b, "td", route, NULL);
            html_open(b, "td", NULL);
            web_date(rq, rs, s->stopped_on);
            html_close(b, "td");
            td_num(b, s->owed, true);
            html_open(b, "td", NULL);
            if (s->reopen_order) {
                char href[40];
                str_fmt(href, sizeof href, "/workorders/%lld", (long long)s->reopen_order);
                html_elem(b, "a", "解除作業（未完了）", "href", href, NULL);
            } else if (s->owed <= 0) {
                html_elem(b, "span", "納付済み・解除待ち", "class", "state state-pending", NULL);
            } else {
                html_text(b, "—");
            }
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    free(st);
    html_close(b, "section");
}

static void list_page(web_req *rq, web_resp *rs, const err_t *fe)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    app_stoppage_cand *rows = NULL;
    size_t n = 0;
    app_stoppage_settings st = {1, 2};
    int rc = app_stoppage_settings_get(&rq->ctx, &st, &e);
    if (!rc)
        rc = app_stoppage_candidates(&rq->ctx, &rows, &n, &e);
    web_page_begin(rq, rs, "給水停止の候補", NAV_ARREARS);
    web_arrears_subnav(rq, rs, "/arrears/stoppage");
    html_elem(b, "h1", "給水停止の候補", NULL);
    web_form_error(rs, fe ? fe : rc ? &e : NULL);
    html_open(b, "p", "class", "hint", "id", "stoppage-rule", NULL);
    char yen[32];
    str_thousands(st.min_yen, yen);
    html_textf(b, "給水停止予告の停止予定日が来て、納期限を過ぎた未納が %s 円以上、最も古い納期限から %lld か月以上の水栓です。"
                  "医療・福祉施設、福祉対象、分納誓約のある水栓、停止作業を発行済みの水栓は除いています。",
               yen, st.min_months);
    html_close(b, "p");
    const char *chosen[MAX_CHOSEN];
    size_t nchosen = fe ? chosen_taps(rq, chosen, MAX_CHOSEN) : 0;
    bool can_issue = app_can(&rq->ctx, PERM_APPROVE);
    if (n == 0) {
        html_elem(b, "p", "給水停止の候補はありません。", "class", "empty", "id", "stoppage-none", NULL);
    } else {
        if (can_issue) {
            html_open(b, "form", "method", "post", "action", "/arrears/stoppage/issue", "id", "stoppage-form", NULL);
            web_csrf_field(rq, rs);
        }
        html_open(b, "p", "role", "status", "id", "stoppage-count", NULL);
        html_textf(b, "候補 %zu 件", n);
        html_close(b, "p");
        html_open(b, "table", "class", "list", "id", "stoppage-list", NULL);
        html_open(b, "thead", NULL);
        html_open(b, "tr", NULL);
        if (can_issue)
            html_elem(b, "th", "選択", "scope", "col", NULL);
        static const char *const H[] = {"水栓番号", "検針区／順路", "停止予定日", "最も古い納期限"};
        for (size_t i = 0; i < 4; i++)
            html_elem(b, "th", H[i], "scope", "col", NULL);
        html_elem(b, "th", "未納", "scope", "col", "class", "num", NULL);
        html_elem(b, "th", "未納額", "scope", "col", "class", "num", NULL);
        html_elem(b, "th", "不在", "scope", "col", "class", "num", NULL);
        html_close(b, "tr");
        html_close(b, "thead");
        html_open(b, "tbody", NULL);
        for (size_t i = 0; i < n; i++) {
            const app_stoppage_cand *c = &rows[i];
            html_open(b, "tr", NULL);
            if (can_issue) {
                char id[32], label[64];
                str_fmt(id, sizeof id, "st-%s", c->tap_no);
                str_fmt(label, sizeof label, "水栓番号 %s を選ぶ", c->tap_no);
                html_open(b, "td", NULL);
                html_open(b, "input", "type", "checkbox", "name", "tap", "value", c->tap_no, "id", id, "aria-label",
                          label, "checked", is_chosen(chosen, nchosen, c->tap_no) ? "" : NULL, NULL);
                html_close(b, "td");
            }
            char karte[32], route[48];
            str_fmt(karte, sizeof karte, "/karte/%s", c->tap_no);
            str_fmt(route, sizeof route, "%s ／ %lld", c->route, (long long)c->route_order);
            html_open(b, "td", NULL);
            html_elem(b, "a", c->tap_no, "href", karte, NULL);
            html_close(b, "td");
            html_elem(b, "td", route, NULL);
            html_open(b, "td", NULL);
            web_date(rq, rs, c->stop_on);
            html_close(b, "td");
            html_open(b, "td", NULL);
            web_date(rq, rs, c->oldest_due);
            html_close(b, "td");
            td_num(b, c->bills, false);
            td_num(b, c->owed, true);
            td_num(b, c->absent, false);
            html_close(b, "tr");
        }
        html_close(b, "tbody");
        html_close(b, "table");
        if (can_issue) {
            char today[11];
            date_format_iso(date_today_jst(), today);
            const char *due = fe ? web_form_or(rq, "due_on") : today;
            html_open(b, "div", "class", "grid", NULL);
            web_input(rs, "作業日", "due_on", due, fe, "type", "date", "required", "", NULL);
            html_open(b, "label", "for", "f-urgent", NULL);
            html_open(b, "input", "type", "checkbox", "id", "f-urgent", "name", "urgent", "value", "1", "checked",
                      fe && strcmp(web_form_or(rq, "urgent"), "1") == 0 ? "" : NULL, NULL);
            html_text(b, " 至急");
            html_close(b, "label");
            html_close(b, "div");
            html_elem(b, "button", "選んだ水栓の停止作業を発行する…", "type", "submit", "id", "stoppage-submit", NULL);
            html_close(b, "form");
        } else {
            html_elem(b, "p", "停止作業の発行は係長が行います。", "class", "hint", NULL);
        }
    }
    free(rows);
    stopped_section(rq, rs);
    web_page_end(rq, rs);
}

int page_stoppage(web_req *rq, web_resp *rs)
{
    list_page(rq, rs, NULL);
    return 0;
}

static int refused(web_req *rq, web_resp *rs, const err_t *e)
{
    if (e->code != ERR_INVALID && e->code != ERR_CONFLICT)
        return web_fail(rq, rs, e);
    list_page(rq, rs, e);
    rs->status = e->code == ERR_CONFLICT ? 409 : 422;
    return 0;
}

/* POST /arrears/stoppage/issue: tap (several), due_on, urgent; without
 * confirmed=1 a confirmation page. */
int page_stoppage_issue(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    const char *taps[MAX_CHOSEN];
    size_t n = chosen_taps(rq, taps, MAX_CHOSEN);
    const char *due = web_form_or(rq, "due_on");
    bool urgent = strcmp(web_form_or(rq, "urgent"), "1") == 0;
    civil_date d;
    if (n == 0) {
        err_field(&e, "tap", "給水停止する水栓を一つ以上選んでください。");
        return refused(rq, rs, &e);
    }
    for (size_t i = 0; i < n; i++)
        if (!web_tap_param(taps[i])) {
            err_field(&e, "tap", "水栓番号は8桁の数字です。");
            return refused(rq, rs, &e);
        }
    if (!date_parse(due, &d)) {
        err_field(&e, "due_on", "作業日を YYYY-MM-DD の形式で入力してください。");
        return refused(rq, rs, &e);
    }
    if (date_cmp(d, date_today_jst()) < 0) {
        err_field(&e, "due_on", "作業日は今日以降にしてください。");
        return refused(rq, rs, &e);
    }
    if (strcmp(web_form_or(rq, "confirmed"), "1") != 0) {
        buf_t *b = &rs->body;
        web_page_begin(rq, rs, "給水停止作業の発行の確認", NAV_ARREARS);
        html_elem(b, "h1", "給水停止作業の発行の確認", NULL);
        html_open(b, "p", "id", "confirm-text", NULL);
        html_textf(b, "次の %zu 件の水栓に、作業日 %s の給水停止作業%sを発行します。発行すると作業一覧と作業票に載ります。", n,
                   due, urgent ? "（至急）" : "");
        html_close(b, "p");
        html_open(b, "ul", "id", "confirm-taps", NULL);
        for (size_t i = 0; i < n; i++)
            html_elem(b, "li", taps[i], NULL);
        html_close(b, "ul");
        html_open(b, "form", "method", "post", "action", "/arrears/stoppage/issue", "class", "inline", "id",
                  "stoppage-confirm", NULL);
        web_csrf_field(rq, rs);
        for (size_t i = 0; i < n; i++)
            html_open(b, "input", "type", "hidden", "name", "tap", "value", taps[i], NULL);
        html_open(b, "input", "type", "hidden", "name", "due_on", "value", due, NULL);
        html_open(b, "input", "type", "hidden", "name", "urgent", "value", urgent ? "1" : "0", NULL);
        html_open(b, "input", "type", "hidden", "name", "confirmed", "value", "1", NULL);
        html_elem(b, "button", "発行する", "type", "submit", "autofocus", "", "id", "stoppage-confirm-submit", NULL);
        html_elem(b, "a", "戻る", "href", "/arrears/stoppage", "class", "button-secondary", NULL);
        html_close(b, "form");
        web_page_end(rq, rs);
        return 0;
    }
    if (app_stoppage_issue(&rq->ctx, taps, n, due, urgent, NULL, &e))
        return refused(rq, rs, &e);
    char loc[64], flash[160];
    str_fmt(loc, sizeof loc, "/workorders?from=%s", due);
    str_fmt(flash, sizeof flash, "給水停止作業を %zu 件発行しました（作業日 %s%s）。", n, due, urgent ? "、至急" : "");
    return web_redirect(rq, rs, loc, flash);
}

/* The karte's panel: state, exemptions (a 担当 changes them), 解除. */
void web_stoppage_panel(web_req *rq, web_resp *rs, const char *tap_no)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    app_stoppage_state s;
    if (app_stoppage_state_get(&rq->ctx, tap_no, &s, &e))
        return;
    html_open(b, "section", "id", "stoppage", "class", "panel", NULL);
    html_elem(b, "h2", "給水停止", NULL);
    html_open(b, "p", "id", "stoppage-state", NULL);
    if (s.stopped_on[0]) {
        html_open(b, "span", "class", "state state-stopped", NULL);
        html_text(b, "給水停止中（");
        web_date(rq, rs, s.stopped_on);
        html_text(b, " から）");
        html_close(b, "span");
    } else {
        html_text(b, "給水停止していません。");
    }
    char href[48];
    if (s.stoppage_order) {
        str_fmt(href, sizeof href, "/workorders/%lld", (long long)s.stoppage_order);
        html_text(b, " ");
        html_elem(b, "a", "停止作業（未完了）", "href", href, "id", "stoppage-order", NULL);
    }
    if (s.reopen_order) {
        str_fmt(href, sizeof href, "/workorders/%lld", (long long)s.reopen_order);
        html_text(b, " ");
        html_elem(b, "a", "解除（再開栓）作業（未完了）", "href", href, "id", "reopen-order", NULL);
    }
    html_close(b, "p");
    bool edit = app_can(&rq->ctx, PERM_CUSTOMER_EDIT);
    if (edit && s.stopped_on[0] && !s.reopen_order) {
        char action[48];
        str_fmt(action, sizeof action, "/karte/%s/stoppage/reopen", s.tap_no);
        html_open(b, "form", "method", "post", "action", action, "class", "inline", "id", "reopen-form", NULL);
        web_csrf_field(rq, rs);
        static const char *const RC[] = {"paid", "pledge"};
        static const char *const RL[] = {"納付があった", "分納誓約を受けた"};
        web_select(rs, "解除の理由", "reason", "paid", RC, RL, 2, NULL);
        html_elem(b, "button", "解除（再開栓）の作業を出す", "type", "submit", "id", "reopen-submit", NULL);
        html_close(b, "form");
    }
    html_open(b, "p", "id", "stoppage-exempt", NULL);
    html_textf(b, "給水停止の除外：%s%s%s", s.sensitive ? "医療・福祉施設" : "", s.sensitive && s.welfare ? "、" : "",
               s.welfare ? "福祉対象" : "");
    if (!s.sensitive && !s.welfare)
        html_text(b, "なし");
    html_close(b, "p");
    if (edit) {
        char action[48];
        str_fmt(action, sizeof action, "/karte/%s/stoppage/exempt", s.tap_no);
        html_open(b, "form", "method", "post", "action", action, "class", "inline", "id", "exempt-form", NULL);
        web_csrf_field(rq, rs);
        html_open(b, "label", "for", "f-sensitive", NULL);
        html_open(b, "input", "type", "checkbox", "id", "f-sensitive", "name", "sensitive", "value", "1", "checked",
                  s.sensitive ? "" : NULL, NULL);
        html_text(b, " 医療・福祉施設（病院・介護施設など）");
        html_close(b, "label");
        html_open(b, "label", "for", "f-welfare", NULL);
        html_open(b, "input", "type", "checkbox", "id", "f-welfare", "name", "welfare", "value", "1", "checked",
                  s.welfare ? "" : NULL, NULL);
        html_text(b, " 福祉対象（生活保護など）");
        html_close(b, "label");
        html_elem(b, "button", "除外の指定を保存", "type", "submit", "id", "exempt-submit", NULL);
        html_close(b, "form");
    }
    html_close(b, "section");
}

/* The karte strip's item: 給水停止中 since the day, in red (with the text). */
void web_stoppage_strip(web_req *rq, web_resp *rs, const char *tap_no)
{
    err_t e;
    err_clear(&e);
    app_stoppage_state s;
    if (app_stoppage_state_get(&rq->ctx, tap_no, &s, &e) || !s.stopped_on[0])
        return;
    buf_t *b = &rs->body;
    html_open(b, "div", "class", "strip-item owed stopped", "id", "strip-stopped", NULL);
    html_elem(b, "dt", "給水停止中", NULL);
    html_open(b, "dd", NULL);
    web_date(rq, rs, s.stopped_on);
    html_text(b, " から");
    html_close(b, "dd");
    html_close(b, "div");
}

/* POST /karte/<tap>/stoppage/exempt: sensitive, welfare. */
int page_stoppage_exempt(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    const char *tap = web_tap_param(rq->param);
    if (!tap) {
        err_set(&e, ERR_NOTFOUND, NULL, "ページが見つかりません。", "bad tap");
        return web_fail(rq, rs, &e);
    }
    bool sens = strcmp(web_form_or(rq, "sensitive"), "1") == 0, wel = strcmp(web_form_or(rq, "welfare"), "1") == 0;
    if (app_stoppage_set_flags(&rq->ctx, tap, sens, wel, &e))
        return web_fail(rq, rs, &e);
    char loc[32], flash[160];
    str_fmt(loc, sizeof loc, "/karte/%s", tap);
    str_fmt(flash, sizeof flash, "水栓 %s の給水停止の除外を「%s%s%s」にしました。", tap, sens ? "医療・福祉施設" : "",
            sens && wel ? "、" : "", wel ? "福祉対象" : sens ? "" : "なし");
    return web_redirect(rq, rs, loc, flash);
}

/* POST /karte/<tap>/stoppage/reopen: reason (paid | pledge). */
int page_stoppage_reopen(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    const char *tap = web_tap_param(rq->param);
    if (!tap) {
        err_set(&e, ERR_NOTFOUND, NULL, "ページが見つかりません。", "bad tap");
        return web_fail(rq, rs, &e);
    }
    int64_t id = 0;
    if (app_stoppage_reopen(&rq->ctx, tap, web_form_or(rq, "reason"), &id, &e))
        return web_fail(rq, rs, &e);
    char loc[40], flash[160];
    str_fmt(loc, sizeof loc, "/workorders/%lld", (long long)id);
    str_fmt(flash, sizeof flash, "水栓 %s の解除（再開栓）作業 %lld を今日の至急の作業として出しました。", tap, (long long)id);
    return web_redirect(rq, rs, loc, flash);
}
