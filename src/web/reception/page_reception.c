/* page_reception — 受付: the inbox of the day's requests, the forms of a
 * start, stop, name change, mailing-address and payment-method change for a
 * tap (GET/POST /taps/<no>/reception?kind=...), cancelling a scheduled
 * request, and the karte's 受付 panel. */
#include "web/web.h"
#include "web/web_form.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/reception/app_reception.h"
#include "app/registry/app_customer.h"
#include "base/html.h"
#include "domain/reception.h"
#include "domain/role.h"

static const char *const KINDS[] = {"start", "stop", "name_change", "mail_address", "pay_method"};

static const char *kind_param(const char *k)
{
    for (size_t i = 0; k && i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (strcmp(k, KINDS[i]) == 0)
            return KINDS[i];
    return NULL;
}


/* A field's value for the form: what was posted, else the prefill (an
 * application from the portal), else "" (fv) or NULL (fv_opt). */
static const char *fv_opt(web_req *rq, const json_t *pre, const char *name)
{
    const char *v = web_form(rq, name);
    if (v)
        return v;
    const json_t *j = pre ? json_object_get(pre, name) : NULL;
    return json_is_string(j) ? json_string_value(j) : NULL;
}

static const char *fv(web_req *rq, const json_t *pre, const char *name)
{
    const char *v = fv_opt(rq, pre, name);
    return v ? v : "";
}

/* s when it is one of the channels (受付方法), else NULL. */
static const char *source_code(const char *s)
{
    for (size_t i = 0; s && RECEPTION_SOURCES[i]; i++)
        if (strcmp(s, RECEPTION_SOURCES[i]) == 0)
            return RECEPTION_SOURCES[i];
    return NULL;
}

/* 受付方法: what was posted or prefilled, else the channel of this
 * clerk's last request in the session (the cookie), else 窓口. */
static void source_select(web_req *rq, web_resp *rs, const json_t *pre, const err_t *e)
{
    static const char *const labels[] = {"電話", "窓口", "郵送", "ウェブ"};
    const char *sel = fv_opt(rq, pre, "source");
    if (!sel || !*sel)
        sel = source_code(web_cookie(rq, WEB_PREF_SOURCE));
    web_select(rs, "受付方法", "source", sel && *sel ? sel : "counter", RECEPTION_SOURCES, labels, 4, e);
}

/* Whose tap it is, at the head of the form: the current customer, the
 * place of use and how they pay now. */
static void summary_box(web_resp *rs, const app_tap_summary *s)
{
    buf_t *b = &rs->body;
    html_open(b, "section", "class", "panel tap-summary", "id", "tap-summary", "aria-labelledby", "tap-summary-h",
              NULL);
    html_elem(b, "h2", "対象の水栓と使用者", "id", "tap-summary-h", NULL);
    html_open(b, "dl", "class", "kv-inline", NULL);
    html_elem(b, "dt", "水栓番号", NULL);
    html_elem(b, "dd", s->tap_no, "id", "summary-tap", NULL);
    html_elem(b, "dt", "使用者", NULL);
    html_elem(b, "dd", s->occupied ? (*s->name ? s->name : "（氏名なし）") : "現在の使用者はいません（閉栓中）", "id",
              "summary-name", NULL);
    html_elem(b, "dt", "給水場所", NULL);
    html_elem(b, "dd", *s->address ? s->address : "—", "id", "summary-address", NULL);
    html_elem(b, "dt", "支払方法", NULL);
    html_open(b, "dd", "id", "summary-pay", NULL);
    if (!s->occupied)
        html_text(b, "—");
    else if (s->debit)
        html_textf(b, "口座振替（%s %s %s）", s->bank_name, s->branch_name, s->account_masked);
    else
        html_text(b, "納付書");
    html_close(b, "dd");
    html_close(b, "dl");
    html_close(b, "section");
}

static void textarea(web_resp *rs, const char *label, const char *name, const char *value, const err_t *e)
{
    buf_t *b = &rs->body;
    bool bad = e && e->code && strcmp(e->field, name) == 0;
    char id[40];
    str_fmt(id, sizeof id, "f-%s", name);
    html_open(b, "div", "class", bad ? "field invalid" : "field", NULL);
    html_elem(b, "label", label, "for", id, NULL);
    html_elem(b, "textarea", value ? value : "", "id", id, "name", name, "rows", "2", "maxlength", "1000",
              "aria-invalid", bad ? "true" : NULL, NULL);
    html_close(b, "div");
}

static void checkbox(web_req *rq, web_resp *rs, const json_t *pre, const char *label, const char *name)
{
    buf_t *b = &rs->body;
    char id[40];
    str_fmt(id, sizeof id, "f-%s", name);
    html_open(b, "div", "class", "field check", NULL);
    const char *v = fv_opt(rq, pre, name);
    html_open(b, "input", "type", "checkbox", "id", id, "name", name, "value", "1", "checked",
              v && *v ? "" : NULL, NULL);
    html_elem(b, "label", label, "for", id, NULL);
    html_close(b, "div");
}

static void customer_fields(web_req *rq, web_resp *rs, const json_t *pre, const err_t *e)
{
    buf_t *b = &rs->body;
    html_open(b, "fieldset", NULL);
    html_elem(b, "legend", "使用者", NULL);
    web_input(rs, "既存のお客様番号（市内転居など。新しいお客様なら空欄）", "customer_id", fv(rq, pre, "customer_id"), e,
              "inputmode", "numeric", NULL);
    web_input(rs, "氏名（名称）", "name", fv(rq, pre, "name"), e, "maxlength", "60", "autocomplete", "off", NULL);
    web_input(rs, "カナ氏名", "kana", fv(rq, pre, "kana"), e, "maxlength", "80", NULL);
    web_input(rs, "電話番号", "phone", fv(rq, pre, "phone"), e, "type", "tel", "inputmode", "tel", NULL);
    web_input(rs, "送付先郵便番号（給水場所と違うとき）", "postal", fv(rq, pre, "postal"), e, "inputmode", "numeric",
              "placeholder", "400-0001", NULL);
    web_input(rs, "送付先住所（給水場所と同じなら空欄）", "mail_address", fv(rq, pre, "mail_address"), e, "maxlength",
              "120", NULL);
    html_close(b, "fieldset");
}

static void filer_fields(web_req *rq, web_resp *rs, const json_t *pre, const err_t *e)
{
    buf_t *b = &rs->body;
    html_open(b, "fieldset", NULL);
    html_elem(b, "legend", "届出人（使用者本人なら空欄）", NULL);
    web_input(rs, "届出人の氏名", "filer_name", fv(rq, pre, "filer_name"), e, "maxlength", "60", NULL);
    web_input(rs, "届出人の電話番号", "filer_phone", fv(rq, pre, "filer_phone"), e, "type", "tel", NULL);
    web_input(rs, "使用者との関係", "filer_relation", fv(rq, pre, "filer_relation"), e, "maxlength", "20",
              "placeholder", "家族・管理会社など", NULL);
    html_close(b, "fieldset");
}

static const char *title_of(const char *kind)
{
    return reception_kind_label(kind);
}

void web_reception_form_page(web_req *rq, web_resp *rs, const char *tap_no, const char *kind, const json_t *pre,
                             int64_t application_id, const err_t *e)
{
    app_tap_summary sum;
    err_t se;
    err_clear(&se);
    if (app_reception_tap_summary(&rq->ctx, tap_no, &sum, &se)) {
        /* an unknown tap has no form (the karte says so) */
        web_fail(rq, rs, &se);
        return;
    }
    char title[96];
    str_fmt(title, sizeof title, "%sの受付 水栓番号 %s", title_of(kind), tap_no);
    web_page_begin(rq, rs, title, NAV_RECEPTION);
    buf_t *b = &rs->body;
    html_elem(b, "h1", title, NULL);
    web_form_error(rs, e);
    summary_box(rs, &sum);
    char action[64];
    str_fmt(action, sizeof action, "/taps/%s/reception", tap_no);
    html_open(b, "form", "method", "post", "action", action, "class", "grid", "id", "reception-form", NULL);
    web_csrf_field(rq, rs);
    web_form_token_field(rq, rs, "reception");
    html_open(b, "input", "type", "hidden", "name", "kind", "value", kind, NULL);
    if (application_id > 0) {
        char app[24];
        str_fmt(app, sizeof app, "%lld", (long long)application_id);
        html_open(b, "input", "type", "hidden", "name", "application", "value", app, NULL);
        html_elem(b, "p", "ウェブのお申込みの内容を入れてあります。確かめて受け付けてください。", "class", "note",
                  "id", "from-application", NULL);
    }
    /* the day first (focused when the form opens; a refused form focuses
     * its bad field instead, app.js) */
    const char *af = e && e->code ? NULL : "";
    if (strcmp(kind, "start") == 0) {
        web_input(rs, "開始日", "start_on", fv(rq, pre, "start_on"), e, "type", "date", "required", "", "autofocus",
                  af, NULL);
        checkbox(rq, rs, pre, "至急（通常の受付期限より早い開始）", "urgent");
        customer_fields(rq, rs, pre, e);
    } else if (strcmp(kind, "stop") == 0) {
        web_input(rs, "中止日（最後に使う日）", "stop_on", fv(rq, pre, "stop_on"), e, "type", "date", "required", "",
                  "autofocus", af, NULL);
        checkbox(rq, rs, pre, "至急（通常の受付期限より早い中止）", "urgent");
        static const char *const codes[] = {"slip", "debit"};
        static const char *const labels[] = {"納付書", "口座振替"};
        /* prefilled from the mandate: a customer paying by debit settles by debit */
        const char *sel = fv_opt(rq, pre, "settle");
        web_select(rs, "精算方法", "settle", sel && *sel ? sel : sum.debit ? "debit" : "slip", codes, labels, 2, e);
        web_input(rs, "転居先の郵便番号", "postal", fv(rq, pre, "postal"), e, "inputmode", "numeric", NULL);
        web_input(rs, "転居先住所（精算の請求書の送付先）", "forward_address", fv(rq, pre, "forward_address"), e,
                  "maxlength", "120", NULL);
        web_input(rs, "連絡先電話番号", "phone", fv(rq, pre, "phone"), e, "type", "tel", NULL);
    } else if (strcmp(kind, "name_change") == 0) {
        web_input(rs, "変更日（新しい使用者の開始日）", "effective_on", fv(rq, pre, "effective_on"), e, "type", "date",
                  "required", "", "autofocus", af, NULL);
        customer_fields(rq, rs, pre, e);
    } else if (strcmp(kind, "mail_address") == 0) {
        web_input(rs, "変更日", "effective_on", fv(rq, pre, "effective_on"), e, "type", "date", "required", "",
                  "autofocus", af, NULL);
        web_input(rs, "送付先郵便番号", "postal", fv(rq, pre, "postal"), e, "inputmode", "numeric", "required", "",
                  NULL);
        web_input(rs, "送付先住所", "mail_address", fv(rq, pre, "mail_address"), e, "maxlength", "120", "required",
                  "", NULL);
    } else {
        web_input(rs, "変更日", "effective_on", fv(rq, pre, "effective_on"), e, "type", "date", "required", "",
                  "autofocus", af, NULL);
        static const char *const codes[] = {"slip", "debit"};
        static const char *const labels[] = {"納付書に変える（口座振替をやめる）", "口座振替に変える（依頼書を登録する）"};
        /* the change a clerk is most likely asked for: away from what they pay by now */
        const char *sel = fv_opt(rq, pre, "pay");
        web_select(rs, "支払方法", "pay", sel && *sel ? sel : sum.debit ? "slip" : "debit", codes, labels, 2, e);
    }
    source_select(rq, rs, pre, e);
    filer_fields(rq, rs, pre, e);
    textarea(rs, "備考", "note", fv(rq, pre, "note"), e);
    html_open(b, "div", "class", "buttons", NULL);
    html_elem(b, "button", "受け付ける (Alt+K)", "type", "submit", "accesskey", "k", "id", "reception-submit", NULL);
    char back[32];
    str_fmt(back, sizeof back, "/karte/%s", tap_no);
    html_elem(b, "a", "取り消す (Esc)", "href", back, "class", "cancel", NULL);
    html_close(b, "div");
    html_close(b, "form");
    app_tap_summary_free(&sum);
    web_page_end(rq, rs);
}

int page_reception_form(web_req *rq, web_resp *rs)
{
    const char *tap_no = web_tap_param(rq->param);
    const char *kind = kind_param(web_query(rq, "kind"));
    if (!tap_no || !kind) {
        err_t e;
        err_set(&e, ERR_NOTFOUND, NULL, "ページが見つかりません。", "bad reception form");
        return web_fail(rq, rs, &e);
    }
    web_reception_form_page(rq, rs, tap_no, kind, NULL, 0, NULL);
    return 0;
}

int page_reception_submit(web_req *rq, web_resp *rs)
{
    const char *tap_no = web_tap_param(rq->param);
    const char *kind = kind_param(web_form(rq, "kind"));
    err_t e;
    err_clear(&e);
    if (!tap_no || !kind) {
        err_set(&e, ERR_NOTFOUND, NULL, "ページが見つかりません。", "bad reception submit");
        return web_fail(rq, rs, &e);
    }
    app_filer f = {web_form_or(rq, "filer_name"), web_form_or(rq, "filer_phone"), web_form_or(rq, "filer_relation")};
    app_customer_input c = {.name = web_form_or(rq, "name"), .kana = web_form_or(rq, "kana"),
                            .phone = web_form_or(rq, "phone"), .postal = web_form_or(rq, "postal"),
                            .mail_address = web_form_or(rq, "mail_address"), .notes = ""};
    int64_t cid = 0, app_id = 0;
    int rc = web_form_id(rq, "customer_id", "お客様番号は数字で入力してください。", &cid, &e);
    if (!rc)
        rc = web_form_id(rq, "application", "申込番号は数字で指定してください。", &app_id, &e);
    const char *urgent = web_form(rq, "urgent");
    app_request_out out;
    memset(&out, 0, sizeof out);
    app_form once;
    web_form_bind(rq, &once, "reception");
    if (rc) {
        /* a malformed id field: the form again, with that field named */
    } else if (strcmp(kind, "start") == 0) {
        app_start_in in = {.tap_no = tap_no, .start_on = web_form_or(rq, "start_on"), .source = web_form_or(rq, "source"),
                           .customer_id = cid, .customer = c, .filer = f, .note = web_form_or(rq, "note"),
                           .urgent = urgent && *urgent, .application_id = app_id};
        rc = app_reception_start(&rq->ctx, &in, &out, &e);
    } else if (strcmp(kind, "stop") == 0) {
        app_stop_in in = {.tap_no = tap_no, .stop_on = web_form_or(rq, "stop_on"), .source = web_form_or(rq, "source"),
                          .settle = web_form_or(rq, "settle"), .postal = web_form_or(rq, "postal"),
                          .forward_address = web_form_or(rq, "forward_address"), .phone = web_form_or(rq, "phone"),
                          .filer = f, .note = web_form_or(rq, "note"), .urgent = urgent && *urgent,
                          .application_id = app_id};
        rc = app_reception_stop(&rq->ctx, &in, &out, &e);
    } else {
        app_change_in in = {.tap_no = tap_no, .effective_on = web_form_or(rq, "effective_on"),
                            .source = web_form_or(rq, "source"), .customer_id = cid, .customer = c,
                            .postal = web_form_or(rq, "postal"), .mail_address = web_form_or(rq, "mail_address"),
                            .pay = web_form_or(rq, "pay"), .filer = f, .note = web_form_or(rq, "note")};
        rc = strcmp(kind, "name_change") == 0    ? app_reception_name_change(&rq->ctx, &in, &out, &e)
             : strcmp(kind, "mail_address") == 0 ? app_reception_mail_address(&rq->ctx, &in, &out, &e)
                                                 : app_reception_pay_method(&rq->ctx, &in, &out, &e);
    }
    rq->ctx.form = NULL;
    if (rc) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT && !(e.code == ERR_NOTFOUND && e.field[0]))
            return web_fail(rq, rs, &e);
        rs->status = e.code == ERR_CONFLICT ? 409 : 422;
        web_reception_form_page(rq, rs, tap_no, kind, NULL, app_id, &e);
        return 0;
    }
    /* the channel is remembered for this clerk's next request (codes are
     * RECEPTION_SOURCES' own pointers: the same code, the same pointer) */
    const char *src = source_code(web_form(rq, "source"));
    if (src && src != source_code(web_cookie(rq, WEB_PREF_SOURCE)))
        web_set_pref_cookie(rq, rs, WEB_PREF_SOURCE, src);
    char loc[48], flash[256];
    if (strcmp(kind, "pay_method") == 0 && strcmp(web_form_or(rq, "pay"), "debit") == 0) {
        str_fmt(loc, sizeof loc, "/taps/%s/mandate", tap_no);
        str_fmt(flash, sizeof flash, "支払方法の変更を受け付けました（受付番号 %lld）。口座振替依頼書の内容を登録してください。",
                (long long)out.request_id);
        return web_redirect(rq, rs, loc, flash);
    }
    str_fmt(loc, sizeof loc, "/karte/%s", tap_no);
    if (out.replayed)
        str_fmt(flash, sizeof flash, "この%sは受付済みです（受付番号 %lld）。同じ画面からの再送信は受け付けていません。",
                title_of(kind), (long long)out.request_id);
    else if (out.work_order_id)
        str_fmt(flash, sizeof flash, "%sを受け付けました（受付番号 %lld、作業番号 %lld）。", title_of(kind),
                (long long)out.request_id, (long long)out.work_order_id);
    else
        str_fmt(flash, sizeof flash, "%sを受け付けました（受付番号 %lld）。", title_of(kind), (long long)out.request_id);
    return web_redirect(rq, rs, loc, flash);
}

int page_reception_cancel(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    if (!web_path_id(rq, rs, "ページが見つかりません。", &id))
        return 0;
    const char *tap_no = web_tap_param(web_form(rq, "tap_no"));
    if (app_reception_cancel(&rq->ctx, id, web_form_or(rq, "reason"), &e)) {
        if (!tap_no || (e.code != ERR_INVALID && e.code != ERR_CONFLICT))
            return web_fail(rq, rs, &e);
        char loc[48];
        str_fmt(loc, sizeof loc, "/karte/%s", tap_no);
        return web_redirect(rq, rs, loc, e.user);
    }
    char loc[48], flash[128];
    str_fmt(loc, sizeof loc, tap_no ? "/karte/%s" : "/reception", tap_no ? tap_no : "");
    str_fmt(flash, sizeof flash, "受付 %lld を取り消しました。", (long long)id);
    return web_redirect(rq, rs, loc, flash);
}

/* One row of a list of requests (the inbox and the karte panel). */
static void request_row_html(web_req *rq, web_resp *rs, const app_request *r, bool with_tap)
{
    buf_t *b = &rs->body;
    char id[32];
    str_fmt(id, sizeof id, "request-%lld", (long long)r->id);
    html_open(b, "tr", "id", id, NULL);
    html_open(b, "td", "class", "num", NULL);
    html_textf(b, "%lld", (long long)r->id);
    html_close(b, "td");
    if (with_tap) {
        html_open(b, "td", NULL);
        char href[32];
        str_fmt(href, sizeof href, "/karte/%s", r->tap_no);
        html_elem(b, "a", r->tap_no, "href", href, NULL);
        html_close(b, "td");
    }
    html_elem(b, "td", reception_kind_label(r->kind), NULL);
    html_open(b, "td", NULL);
    web_date(rq, rs, r->effective_on);
    html_close(b, "td");
    html_elem(b, "td", r->customer_name, NULL);
    html_elem(b, "td", reception_source_label(r->source), NULL);
    html_open(b, "td", NULL);
    char cls[40];
    str_fmt(cls, sizeof cls, "state state-%s", r->status);
    html_elem(b, "span", reception_status_label(r->status), "class", cls, NULL);
    if (r->work_order_id) {
        char href[40], label[40];
        str_fmt(href, sizeof href, "/workorders/%lld", (long long)r->work_order_id);
        str_fmt(label, sizeof label, " 作業 %lld", (long long)r->work_order_id);
        html_elem(b, "a", label, "href", href, NULL);
    }
    html_close(b, "td");
    html_elem(b, "td", r->filer, NULL);
    html_elem(b, "td", r->note, "class", "multiline", NULL);
    html_elem(b, "td", r->created_by, NULL);
    html_close(b, "tr");
}

static void request_table(web_req *rq, web_resp *rs, const app_request *rows, size_t n, bool with_tap,
                          const char *id)
{
    buf_t *b = &rs->body;
    html_open(b, "table", "class", "list", "id", id, NULL);
    html_raw(b, "<thead><tr><th scope=\"col\" class=\"num\">受付番号</th>");
    if (with_tap)
        html_raw(b, "<th scope=\"col\">水栓番号</th>");
    html_raw(b, "<th scope=\"col\">内容</th><th scope=\"col\">日付</th><th scope=\"col\">使用者</th>"
                "<th scope=\"col\">受付方法</th><th scope=\"col\">状態</th><th scope=\"col\">届出人</th>"
                "<th scope=\"col\">備考</th><th scope=\"col\">受付者</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++)
        request_row_html(rq, rs, &rows[i], with_tap);
    html_raw(b, "</tbody>");
    html_close(b, "table");
}

void web_reception_panel(web_req *rq, web_resp *rs, const char *tap_no, bool occupied, const app_request *rows,
                         size_t n)
{
    buf_t *b = &rs->body;
    html_open(b, "section", "id", "reception", "class", "panel wide", NULL);
    html_elem(b, "h2", "受付（開栓・閉栓・名義・送付先・支払方法）", NULL);
    if (app_can(&rq->ctx, PERM_CUSTOMER_EDIT)) {
        html_open(b, "p", "class", "actions", NULL);
        static const char *const occ_kinds[] = {"stop", "name_change", "mail_address", "pay_method"};
        const char *const *kinds = occupied ? occ_kinds : (const char *const[]){"start"};
        size_t nk = occupied ? 4 : 1;
        for (size_t i = 0; i < nk; i++) {
            char href[64], id[32];
            str_fmt(href, sizeof href, "/taps/%s/reception?kind=%s", tap_no, kinds[i]);
            str_fmt(id, sizeof id, "reception-%s", kinds[i]);
            html_elem(b, "a", reception_kind_label(kinds[i]), "href", href, "class", "action", "id", id, NULL);
            html_text(b, " ");
        }
        if (occupied) {   /* a new resident may file before the present one's stop is done */
            char href[64];
            str_fmt(href, sizeof href, "/taps/%s/reception?kind=start", tap_no);
            html_elem(b, "a", "次の使用者の開始", "href", href, "class", "action", "id", "reception-start", NULL);
        }
        html_close(b, "p");
    }
    if (n) {
        request_table(rq, rs, rows, n, false, "tap-requests");
        for (size_t i = 0; i < n && app_can(&rq->ctx, PERM_CUSTOMER_EDIT); i++) {
            if (strcmp(rows[i].status, "scheduled") != 0)
                continue;
            char action[48], label[64];
            str_fmt(action, sizeof action, "/reception/requests/%lld/cancel", (long long)rows[i].id);
            str_fmt(label, sizeof label, "受付 %lld を取り消す", (long long)rows[i].id);
            html_open(b, "form", "method", "post", "action", action, "class", "inline", NULL);
            web_csrf_field(rq, rs);
            html_open(b, "input", "type", "hidden", "name", "tap_no", "value", tap_no, NULL);
            char rid[32];
            str_fmt(rid, sizeof rid, "cancel-reason-%lld", (long long)rows[i].id);
            html_elem(b, "label", "取消の理由", "for", rid, NULL);
            html_open(b, "input", "type", "text", "id", rid, "name", "reason", "required", "", "maxlength", "200",
                      NULL);
            html_elem(b, "button", label, "type", "submit", NULL);
            html_close(b, "form");
        }
    } else {
        html_elem(b, "p", "受付の記録はありません。", "class", "empty", NULL);
    }
    html_close(b, "section");
}

/* Stops done in the field whose final reading the check held: they wait,
 * whatever day they were received, until a 係長 confirms the reading. */
static void held_section(web_req *rq, web_resp *rs)
{
    app_request *rows = NULL;
    size_t n = 0;
    err_t e;
    err_clear(&e);
    if (app_reception_held(&rq->ctx, &rows, &n, &e) || n == 0) {
        app_requests_free(rows, n);
        return;
    }
    buf_t *b = &rs->body;
    html_open(b, "section", "id", "held-stops", "class", "panel wide", NULL);
    html_open(b, "h2", NULL);
    html_textf(b, "指針確認待ちの中止 %zu件", n);
    html_close(b, "h2");
    html_elem(b, "p", "閉栓作業の指針が検針の点検で保留され、最終の請求（精算）が止まっています。検針の保留一覧で係長が確認してください。",
              "class", "note", NULL);
    html_open(b, "table", "class", "list", "id", "held-stops-list", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\" class=\"num\">受付番号</th><th scope=\"col\">水栓番号</th>"
                "<th scope=\"col\">中止日</th><th scope=\"col\">使用者</th><th scope=\"col\">受付元</th>"
                "<th scope=\"col\">保留の理由</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        const app_request *r = &rows[i];
        char id[32], href[32], num[24];
        str_fmt(id, sizeof id, "held-%lld", (long long)r->id);
        str_fmt(href, sizeof href, "/karte/%s", r->tap_no);
        str_fmt(num, sizeof num, "%lld", (long long)r->id);
        html_open(b, "tr", "id", id, NULL);
        html_elem(b, "td", num, "class", "num", NULL);
        html_open(b, "td", NULL);
        html_elem(b, "a", r->tap_no, "href", href, NULL);
        html_close(b, "td");
        html_open(b, "td", NULL);
        web_date(rq, rs, r->effective_on);
        html_close(b, "td");
        html_elem(b, "td", r->customer_name, NULL);
        html_elem(b, "td", reception_source_label(r->source), NULL);
        html_elem(b, "td", r->hold_reason, NULL);
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    html_close(b, "section");
    app_requests_free(rows, n);
}

int page_reception(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    char today[11];
    date_format_iso(date_today_jst(), today);
    const char *day = web_query(rq, "day");
    if (!day || !*day)
        day = today;
    app_request *rows = NULL;
    size_t n = 0;
    if (app_reception_inbox(&rq->ctx, day, &rows, &n, &e)) {
        if (e.code != ERR_INVALID)
            return web_fail(rq, rs, &e);
        day = today;
        err_t e2;
        err_clear(&e2);
        if (app_reception_inbox(&rq->ctx, day, &rows, &n, &e2))
            return web_fail(rq, rs, &e2);
    }
    web_page_begin(rq, rs, "受付", NAV_RECEPTION);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "受付", NULL);
    web_form_error(rs, e.code ? &e : NULL);
    html_open(b, "form", "method", "get", "action", "/reception", "class", "inline", NULL);
    web_input(rs, "受付日", "day", day, e.code ? &e : NULL, "type", "date", NULL);
    html_elem(b, "button", "表示", "type", "submit", NULL);
    html_close(b, "form");
    html_open(b, "p", NULL);
    html_text(b, "水栓ごとの受付（開栓・閉栓・名義変更など）は、お客様カルテの「受付」から行います。");
    html_elem(b, "a", "開栓・閉栓の作業予定", "href", "/workorders", "id", "workorders-link", NULL);
    html_text(b, "　");
    html_elem(b, "a", "ウェブ申込（未処理）", "href", "/reception/applications", "id", "applications-link", NULL);
    html_close(b, "p");
    held_section(rq, rs);
    html_open(b, "h2", NULL);
    html_text(b, "この日に受け付けた届出 ");
    html_textf(b, "%zu件", n);
    html_close(b, "h2");
    if (n)
        request_table(rq, rs, rows, n, true, "inbox");
    else
        html_elem(b, "p", "この日の受付はありません。", "class", "empty", NULL);
    app_requests_free(rows, n);
    web_page_end(rq, rs);
    return 0;
}
