/* page_application — ウェブ申込: the staff inbox of applications filed on the
 * citizen portal, one application with its form, its conversion into a
 * reception request in one action (the tap matched, or typed by the
 * clerk), and its rejection with a reason the resident reads. */
#include "web/web.h"

#include <stdlib.h>
#include <string.h>

#include "app/reception/app_application.h"
#include "base/html.h"
#include "domain/role.h"

static const char *kind_label(const char *k)
{
    return strcmp(k, "start") == 0 ? "使用開始" : strcmp(k, "stop") == 0 ? "使用中止" : k;
}

static const char *status_label(const char *s)
{
    return strcmp(s, "received") == 0    ? "未処理"
           : strcmp(s, "converted") == 0 ? "受付済み"
           : strcmp(s, "rejected") == 0  ? "お受けできない"
                                         : s;
}

static const char *jstr(const json_t *j, const char *key)
{
    const json_t *v = json_object_get(j, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

static void cell_date(web_req *rq, web_resp *rs, const char *iso)
{
    html_open(&rs->body, "td", NULL);
    web_date(rq, rs, iso);
    html_close(&rs->body, "td");
}

int page_applications(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    const char *status = web_query(rq, "status");
    if (!status)
        status = "received";
    app_application *rows = NULL;
    size_t n = 0;
    if (app_application_list(&rq->ctx, status, &rows, &n, &e))
        return web_fail(rq, rs, &e);
    web_page_begin(rq, rs, "ウェブ申込", NAV_RECEPTION);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "ウェブ申込（使用開始・中止）", NULL);
    html_open(b, "nav", "class", "subnav", "aria-label", "申込の状態", NULL);
    static const char *const ST[][2] = {{"received", "未処理"}, {"converted", "受付済み"}, {"rejected", "お受けできない"}, {"", "すべて"}};
    for (size_t i = 0; i < 4; i++) {
        char href[64];
        str_fmt(href, sizeof href, "/reception/applications?status=%s", ST[i][0]);
        html_elem(b, "a", ST[i][1], "href", href, "aria-current", strcmp(status, ST[i][0]) == 0 ? "page" : NULL, NULL);
    }
    html_close(b, "nav");
    if (!n) {
        html_elem(b, "p", "このお申込みはありません。", "class", "empty", "id", "applications-empty", NULL);
    } else {
        html_open(b, "table", "class", "list", "id", "applications", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">受付番号</th><th scope=\"col\">内容</th><th scope=\"col\">希望日</th>"
                    "<th scope=\"col\">氏名</th><th scope=\"col\">給水場所</th><th scope=\"col\">水栓番号</th>"
                    "<th scope=\"col\">状態</th></tr></thead><tbody>");
        for (size_t i = 0; i < n; i++) {
            const app_application *a = &rows[i];
            json_t *j = json_loads(a->payload, 0, NULL);
            char id[32], href[48];
            str_fmt(id, sizeof id, "application-%lld", (long long)a->id);
            str_fmt(href, sizeof href, "/reception/applications/%lld", (long long)a->id);
            html_open(b, "tr", "id", id, NULL);
            html_open(b, "td", NULL);
            html_elem(b, "a", a->receipt_no, "href", href, NULL);
            html_close(b, "td");
            html_elem(b, "td", kind_label(a->kind), NULL);
            cell_date(rq, rs, a->effective_on);
            html_elem(b, "td", jstr(j, "name"), NULL);
            html_elem(b, "td", jstr(j, "address"), NULL);
            html_open(b, "td", NULL);
            if (a->matched_tap[0])
                html_text(b, a->matched_tap);
            else
                html_elem(b, "span", *jstr(j, "tap_no") ? "照合できません" : "記載なし", "class", "state state-held", NULL);
            html_close(b, "td");
            html_elem(b, "td", status_label(a->status), NULL);
            html_close(b, "tr");
            json_decref(j);
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    app_applications_free(rows, n);
    web_page_end(rq, rs);
    return 0;
}

static void row_class(buf_t *b, const char *th, const char *td, const char *cls)
{
    if (!td || !*td)
        return;
    html_open(b, "tr", NULL);
    html_elem(b, "th", th, "scope", "row", NULL);
    html_elem(b, "td", td, "class", cls, NULL);
    html_close(b, "tr");
}

static void row(buf_t *b, const char *th, const char *td)
{
    row_class(b, th, td, NULL);
}

static void detail_page(web_req *rq, web_resp *rs, const app_application *a, const err_t *e)
{
    char title[64];
    str_fmt(title, sizeof title, "ウェブ申込 %s（%s）", a->receipt_no, kind_label(a->kind));
    web_page_begin(rq, rs, title, NAV_RECEPTION);
    buf_t *b = &rs->body;
    html_elem(b, "h1", title, NULL);
    web_form_error(rs, e);
    json_t *j = json_loads(a->payload, 0, NULL);
    html_open(b, "table", "class", "kv", "id", "application", NULL);
    row(b, "状態", status_label(a->status));
    row(b, "希望日", a->effective_on);
    row(b, "水栓番号（申込者の記載）", jstr(j, "tap_no"));
    row(b, "お客様番号（申込者の記載）", jstr(j, "customer_no"));
    row(b, "給水場所", jstr(j, "address"));
    row(b, "氏名", jstr(j, "name"));
    row(b, "カナ氏名", jstr(j, "kana"));
    row(b, "電話番号", jstr(j, "phone"));
    row(b, "法人名", jstr(j, "company"));
    row(b, "代表者", jstr(j, "representative"));
    row(b, "本社連絡先", jstr(j, "company_phone"));
    row(b, "送付先郵便番号", jstr(j, "postal"));
    row(b, "送付先住所", jstr(j, "mail_address"));
    row(b, "精算方法", strcmp(jstr(j, "settle"), "debit") == 0 ? "口座振替" : strcmp(jstr(j, "settle"), "slip") == 0 ? "納付書" : "");
    row(b, "転居先郵便番号", jstr(j, "forward_postal"));
    row(b, "転居先住所", jstr(j, "forward_address"));
    row(b, "届出人", jstr(j, "filer_name"));
    row(b, "届出人の電話番号", jstr(j, "filer_phone"));
    row(b, "使用者との関係", jstr(j, "filer_relation"));
    row_class(b, "連絡事項", jstr(j, "note"), "multiline");   /* the resident's line breaks shown */
    row(b, "お受けできない理由", a->reject_reason);
    html_close(b, "table");
    json_decref(j);
    if (strcmp(a->status, "received") == 0 && app_can(&rq->ctx, PERM_CUSTOMER_EDIT)) {
        char action[64];
        str_fmt(action, sizeof action, "/reception/applications/%lld/convert", (long long)a->id);
        html_elem(b, "h2", "受付にする", NULL);
        if (a->matched_tap[0]) {
            html_open(b, "p", NULL);
            html_textf(b, "水栓番号 %s の%s。", a->matched_tap,
                       a->matched_customer ? "現在の使用者と氏名が一致しました" : "水栓です");
            html_close(b, "p");
        } else {
            html_elem(b, "p", "水栓番号を照合できませんでした。給水場所と氏名で水栓を確かめ、水栓番号を入れてください。",
                      "class", "note", NULL);
        }
        html_open(b, "form", "method", "post", "action", action, "class", "grid", "id", "convert-form", NULL);
        web_csrf_field(rq, rs);
        const char *typed = web_form(rq, "tap_no");
        web_input(rs, "水栓番号", "tap_no", typed ? typed : a->matched_tap, e, "inputmode", "numeric", "required", "",
                  "maxlength", "8", NULL);
        html_elem(b, "button", "この内容で受け付ける (Alt+K)", "type", "submit", "accesskey", "k", "id", "convert-submit",
                  NULL);
        html_close(b, "form");
        str_fmt(action, sizeof action, "/reception/applications/%lld/reject", (long long)a->id);
        html_elem(b, "h2", "お受けできない", NULL);
        html_open(b, "form", "method", "post", "action", action, "class", "grid", "id", "reject-form", NULL);
        web_csrf_field(rq, rs);
        web_input(rs, "理由（申込者の状況確認ページに表示されます）", "reason", web_form_or(rq, "reason"), e, "maxlength",
                  "200", "required", "", NULL);
        html_elem(b, "button", "お受けできないと返す", "type", "submit", "id", "reject-submit", NULL);
        html_close(b, "form");
    } else if (a->request_id > 0) {
        html_open(b, "p", NULL);
        html_textf(b, "受付番号 %lld として受け付けました（%s）。", (long long)a->request_id, a->decided_by);
        html_close(b, "p");
    }
    html_elem(b, "a", "ウェブ申込の一覧へ", "href", "/reception/applications", NULL);
    web_page_end(rq, rs);
}

int page_application(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id;
    if (!web_path_id(rq, rs, "ページが見つかりません。", &id))
        return 0;
    app_application a;
    if (app_application_get(&rq->ctx, id, &a, &e))
        return web_fail(rq, rs, &e);
    detail_page(rq, rs, &a, NULL);
    app_application_free(&a);
    return 0;
}

int page_application_convert(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id;
    if (!web_path_id(rq, rs, "ページが見つかりません。", &id))
        return 0;
    app_application a;
    if (app_application_get(&rq->ctx, id, &a, &e))
        return web_fail(rq, rs, &e);
    const char *tap_no = web_form_or(rq, "tap_no");
    if (!web_tap_param(tap_no)) {
        err_field(&e, "tap_no", "水栓番号を8桁の数字で入れてください。");
        rs->status = 422;
        detail_page(rq, rs, &a, &e);
        app_application_free(&a);
        return 0;
    }
    app_request_out out;
    int rc = app_application_convert(&rq->ctx, id, tap_no, &out, &e);
    if (rc) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT && e.code != ERR_NOTFOUND) {
            app_application_free(&a);
            return web_fail(rq, rs, &e);
        }
        /* the prefilled form, for the clerk to correct and file */
        json_t *p = app_application_reception_fields(&a);
        rs->status = e.code == ERR_CONFLICT ? 409 : 422;
        web_reception_form_page(rq, rs, tap_no, a.kind, p, id, &e);
        json_decref(p);
        app_application_free(&a);
        return 0;
    }
    app_application_free(&a);
    char loc[48], flash[200];
    str_fmt(loc, sizeof loc, "/karte/%s", tap_no);
    str_fmt(flash, sizeof flash, "ウェブ申込 %s を受け付けました（受付番号 %lld、作業番号 %lld）。", a.receipt_no,
            (long long)out.request_id, (long long)out.work_order_id);
    return web_redirect(rq, rs, loc, flash);
}

int page_application_reject(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id;
    if (!web_path_id(rq, rs, "ページが見つかりません。", &id))
        return 0;
    if (app_application_reject(&rq->ctx, id, web_form_or(rq, "reason"), &e)) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT)
            return web_fail(rq, rs, &e);
        app_application a;
        err_t e2;
        err_clear(&e2);
        if (app_application_get(&rq->ctx, id, &a, &e2))
            return web_fail(rq, rs, &e2);
        rs->status = e.code == ERR_CONFLICT ? 409 : 422;
        detail_page(rq, rs, &a, &e);
        app_application_free(&a);
        return 0;
    }
    return web_redirect(rq, rs, "/reception/applications", "お申込みを「お受けできない」として返しました。");
}
