/* page_customer — customer search, CSV export, and the customer edit form. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/html.h"
#include "domain/role.h"
#include "web/web.h"
#include "web/web_internal.h"
#include "app/registry/app_customer.h"
#include "app/registry/app_search.h"

#define SEARCH_PAGE 50

static const char *const SCOPE_LABELS[3] = {"すべて", "使用中のみ", "過去の使用者のみ"};
static const char *const SORT_LABELS[4] = {"使用中を先に・カナ順", "カナ順", "給水場所順", "水栓番号順"};

static void choice(buf_t *b, const char *label, const char *id, const char *name, const char *const *values,
                   const char *const *labels, int n, int chosen)
{
    html_open(b, "label", "for", id, "class", "inline", NULL);
    html_text(b, label);
    html_close(b, "label");
    html_open(b, "select", "id", id, "name", name, NULL);
    for (int i = 0; i < n; i++)
        html_elem(b, "option", labels[i], "value", values[i], i == chosen ? "selected" : NULL, "", NULL);
    html_close(b, "select");
}

static void search_form(web_req *rq, web_resp *rs, const char *q, int scope, int sort)
{
    buf_t *b = &rs->body;
    html_open(b, "form", "method", "get", "action", "/customers", "class", "bigsearch", "role", "search", NULL);
    html_elem(b, "label", "水栓番号・お客様番号・カナ氏名・電話番号（下4桁可）・氏名や住所の一部（空白で区切ると、すべてを満たすお客様）",
              "for", "page-q", NULL);
    html_open(b, "input", "id", "page-q", "name", "q", "type", "search", "value", q ? q : "", "autocomplete", "off",
              "placeholder", "例: たなか 若松町", q && *q ? NULL : "autofocus", q && *q ? NULL : "", NULL);
    html_elem(b, "button", "検索", "type", "submit", NULL);
    html_open(b, "div", "class", "search-options", NULL);
    choice(b, "対象", "page-scope", "scope", APP_SEARCH_SCOPE_NAMES, SCOPE_LABELS, 3, scope);
    choice(b, "並び順", "page-sort", "sort", APP_SEARCH_SORT_NAMES, SORT_LABELS, 4, sort);
    html_close(b, "div");
    html_close(b, "form");
}

/* base?q=…[&scope=…][&sort=…][&page=N][&enc=…] */
static void query_link(buf_t *href, const char *base, const char *q, int scope, int sort, size_t page,
                       const char *enc)
{
    buf_puts(href, base);
    buf_puts(href, "?q=");
    web_percent_encode(href, q);
    if (scope > 0)
        buf_printf(href, "&scope=%s", APP_SEARCH_SCOPE_NAMES[scope]);
    if (sort > 0)
        buf_printf(href, "&sort=%s", APP_SEARCH_SORT_NAMES[sort]);
    if (page > 1)
        buf_printf(href, "&page=%zu", page);
    if (enc) {
        buf_puts(href, "&enc=");
        buf_puts(href, enc);
    }
}

static void pager(buf_t *b, const char *q, int scope, int sort, size_t page, size_t pages)
{
    if (pages <= 1)
        return;
    html_open(b, "nav", "class", "pager", "aria-label", "検索結果のページ", NULL);
    buf_t h;
    buf_init(&h, 1024);
    if (page > 1) {
        query_link(&h, "/customers", q, scope, sort, page - 1, NULL);
        html_elem(b, "a", "← 前の50件", "href", buf_cstr(&h), "rel", "prev", NULL);
        html_text(b, " ");
    }
    html_textf(b, "%zu / %zu ページ", page, pages);
    if (page < pages) {
        buf_reset(&h);
        query_link(&h, "/customers", q, scope, sort, page + 1, NULL);
        html_text(b, " ");
        html_elem(b, "a", "次の50件 →", "href", buf_cstr(&h), "rel", "next", NULL);
    }
    buf_free(&h);
    html_close(b, "nav");
}

int page_customer_search(web_req *rq, web_resp *rs)
{
    const char *q = web_query(rq, "q");
    err_t e;
    err_clear(&e);
    app_hit *hits = NULL;
    size_t n = 0, total = 0;
    bool searched = q && *q;
    int scope = app_search_scope_parse(web_query(rq, "scope"));
    int sort = app_search_sort_parse(web_query(rq, "sort"));
    long long page = 1;
    const char *ps = web_query(rq, "page");
    if (ps && (!str_to_i64(ps, &page) || page < 1 || page > 100000))
        page = 1;
    if (scope < 0)
        scope = 0;
    if (sort < 0)
        sort = 0;
    app_search_request sr = {.q = q, .scope = scope, .sort = sort, .offset = (size_t)(page - 1) * SEARCH_PAGE,
                             .limit = SEARCH_PAGE};
    if (searched && app_customer_find(&rq->ctx, &sr, &hits, &n, &total, &e)) {
        if (e.code != ERR_INVALID)
            return web_fail(rq, rs, &e);
        rs->status = 422;
    }
    /* An exact tap number with one hit opens the カルテ straight away. */
    if (searched && !e.code && n >= 1 && strlen(q) == 8 && strspn(q, "0123456789") == 8) {
        size_t same = 0;
        for (size_t i = 0; i < n; i++)
            same += strcmp(hits[i].tap_no, q) == 0;
        if (same == n) {
            char loc[32];
            str_fmt(loc, sizeof loc, "/karte/%s", q);
            free(hits);
            return web_redirect(rq, rs, loc, NULL);
        }
    }
    web_page_begin(rq, rs, searched ? "検索結果" : "お客様検索", NAV_RECEPTION);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "お客様検索", NULL);
    search_form(rq, rs, q, scope, sort);
    web_form_error(rs, &e);
    size_t pages = (total + SEARCH_PAGE - 1) / SEARCH_PAGE;
    if (searched && !e.code) {
        html_open(b, "p", "class", "summary", "role", "status", NULL);
        if (total == 0)
            html_textf(b, "「%s」に一致するお客様は見つかりませんでした。カナは先頭から、電話番号は先頭または下4桁以上で探せます。"
                          "空白で区切った語は、すべてを満たすお客様を探します。", q);
        else if (n == 0)
            html_textf(b, "「%s」の検索結果は %zu 件です（このページには結果がありません）。", q, total);
        else
            html_textf(b, "「%s」の検索結果: 全 %zu 件中 %zu〜%zu 件目%s", q, total, sr.offset + 1, sr.offset + n,
                       n ? "（↑↓で選び、Enterでカルテを開きます）" : "");
        html_close(b, "p");
        if (total && app_can(&rq->ctx, PERM_CUSTOMER_EXPORT)) {
            buf_t h1, h2;
            buf_init(&h1, 4096);
            buf_init(&h2, 4096);
            query_link(&h1, "/customers.csv", q, 0, 0, 0, "utf8bom");
            query_link(&h2, "/customers.csv", q, 0, 0, 0, "cp932");
            html_open(b, "p", "class", "export", NULL);
            html_elem(b, "a", "CSV出力（UTF-8）", "href", buf_cstr(&h1), "download", "", NULL);
            html_text(b, "　");
            html_elem(b, "a", "CSV出力（Shift_JIS / Excel向け）", "href", buf_cstr(&h2), "download", "", NULL);
            if (total > APP_SEARCH_MAX)
                html_textf(b, "（先頭の %d 件）", APP_SEARCH_MAX);
            html_close(b, "p");
            buf_free(&h1);
            buf_free(&h2);
        }
    }
    if (n) {
        html_open(b, "table", "class", "results", "data-nav", "", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">水栓番号</th><th scope=\"col\">氏名</th><th scope=\"col\">カナ氏名</th>"
                    "<th scope=\"col\">電話番号</th><th scope=\"col\">給水場所</th><th scope=\"col\">状態</th></tr></thead>");
        html_open(b, "tbody", NULL);
        for (size_t i = 0; i < n; i++) {
            const app_hit *h = &hits[i];
            char href[32];
            str_fmt(href, sizeof href, "/karte/%s", h->tap_no);
            html_open(b, "tr", "class", h->current ? NULL : "past", NULL);
            html_open(b, "td", NULL);
            /* the first result has the focus: Enter opens it, ↑↓ move (app.js) */
            html_elem(b, "a", h->tap_no, "href", href, "class", "karte-link", i == 0 ? "autofocus" : NULL, "", NULL);
            html_close(b, "td");
            html_elem(b, "td", h->name, NULL);
            html_elem(b, "td", h->kana, NULL);
            html_elem(b, "td", h->phone, "class", "num", NULL);
            html_elem(b, "td", h->address, NULL);
            html_open(b, "td", NULL);
            if (h->current && h->stopped_on[0]) {
                html_elem(b, "span", "給水停止中", "class", "state state-stopped", NULL);
                html_text(b, " ");
                web_date(rq, rs, h->stopped_on);
                html_text(b, " から");
            } else if (h->current)
                html_elem(b, "span", "使用中", "class", "state state-active", NULL);
            else {
                html_elem(b, "span", "過去の使用者", "class", "state state-closed", NULL);
                html_text(b, " ");
                web_date(rq, rs, h->end_on);
                html_text(b, " 閉栓");
            }
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_close(b, "tbody");
        html_close(b, "table");
        pager(b, q, scope, sort, (size_t)page, pages);
    }
    web_page_end(rq, rs);
    free(hits);
    return 0;
}

int page_customer_csv(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    const char *enc = web_query(rq, "enc");
    if (app_customer_export_csv(&rq->ctx, web_query(rq, "q"), enc, &rs->body, &e)) {
        buf_reset(&rs->body);
        return web_fail(rq, rs, &e);
    }
    bool sjis = enc && (strcmp(enc, "cp932") == 0 || strcmp(enc, "sjis") == 0);
    rs->content_type = sjis ? "text/csv; charset=Shift_JIS" : "text/csv; charset=utf-8";
    civil_date d = date_today_jst();
    char disp[96];
    str_fmt(disp, sizeof disp, "attachment; filename=\"customers-%04d%02d%02d.csv\"", d.y, d.m, d.d);
    web_header(rs, "Content-Disposition", disp);
    return 0;
}

/* ---- edit ---- */

static void edit_form(web_req *rq, web_resp *rs, int64_t id, const app_customer_input *in, const char *tap_no,
                      const err_t *e)
{
    web_page_begin(rq, rs, "お客様情報の変更", NAV_RECEPTION);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "お客様情報の変更", NULL);
    web_form_error(rs, e);
    char action[64];
    str_fmt(action, sizeof action, "/customers/%lld/edit", (long long)id);
    html_open(b, "form", "method", "post", "action", action, "class", "grid", NULL);
    web_csrf_field(rq, rs);
    html_open(b, "input", "type", "hidden", "name", "version", "value", in->version, NULL);
    html_open(b, "input", "type", "hidden", "name", "tap_no", "value", tap_no ? tap_no : "", NULL);
    web_input(rs, "氏名（名称）", "name", in->name, e, "required", "", "maxlength", "60", "autofocus", "", NULL);
    web_input(rs, "カナ氏名", "kana", in->kana, e, "required", "", "maxlength", "80", NULL);
    web_input(rs, "電話番号", "phone", in->phone, e, "type", "tel", "inputmode", "tel", NULL);
    web_input(rs, "送付先郵便番号", "postal", in->postal, e, "inputmode", "numeric", "placeholder", "400-0001", NULL);
    web_input(rs, "送付先住所（給水場所と同じなら空欄）", "mail_address", in->mail_address, e, "maxlength", "120", NULL);
    bool bad = e && e->code && strcmp(e->field, "notes") == 0;
    html_open(b, "div", "class", bad ? "field invalid" : "field", NULL);
    html_elem(b, "label", "備考", "for", "f-notes", NULL);
    html_elem(b, "textarea", in->notes, "id", "f-notes", "name", "notes", "rows", "3", "maxlength", "1000",
              "aria-invalid", bad ? "true" : NULL, NULL);
    html_close(b, "div");
    html_open(b, "div", "class", "buttons", NULL);
    html_elem(b, "button", "更新する (Alt+K)", "type", "submit", "accesskey", "k", NULL);
    if (tap_no && *tap_no) {
        char back[32];
        str_fmt(back, sizeof back, "/karte/%s", tap_no);
        html_elem(b, "a", "取り消す (Esc)", "href", back, "class", "cancel", NULL);
    }
    html_close(b, "div");
    html_close(b, "form");
    web_page_end(rq, rs);
}


int page_customer_edit_form(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id;
    if (!web_path_id(rq, rs, "該当するお客様がありません。", &id))
        return 0;
    app_person p;
    if (app_customer_get(&rq->ctx, id, &p, &e))
        return web_fail(rq, rs, &e);
    char ver[24];
    str_fmt(ver, sizeof ver, "%lld", (long long)p.version);
    app_customer_input in = {.name = p.name, .kana = p.kana, .phone = p.phone, .postal = p.postal,
                             .mail_address = p.mail_address, .notes = p.notes, .version = ver};
    edit_form(rq, rs, id, &in, web_tap_param(web_query(rq, "tap")), NULL);
    app_person_free(&p);
    return 0;
}

int page_customer_edit_submit(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id;
    if (!web_path_id(rq, rs, "該当するお客様がありません。", &id))
        return 0;
    app_customer_input in = {
        .name = web_form_or(rq, "name"), .kana = web_form_or(rq, "kana"), .phone = web_form_or(rq, "phone"),
        .postal = web_form_or(rq, "postal"), .mail_address = web_form_or(rq, "mail_address"),
        .notes = web_form_or(rq, "notes"), .version = web_form_or(rq, "version"),
    };
    const char *tap_no = web_tap_param(web_form(rq, "tap_no"));
    if (app_customer_update(&rq->ctx, id, &in, &e)) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT)
            return web_fail(rq, rs, &e);
        rs->status = e.code == ERR_CONFLICT ? 409 : 422;
        edit_form(rq, rs, id, &in, tap_no, &e);
        return 0;
    }
    char loc[32], flash[256];
    str_fmt(loc, sizeof loc, tap_no ? "/karte/%s" : "/", tap_no ? tap_no : "");
    str_fmt(flash, sizeof flash, "お客様情報を更新しました（%s）。", in.name);
    return web_redirect(rq, rs, loc, flash);
}
