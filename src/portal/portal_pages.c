/* portal_pages — the portal's pages for residents: the top page, the start
 * and stop application forms (every problem named in a summary and at its
 * field, what was typed kept), the filed page with the receipt number and
 * secret, the status page, the paper forms, the stylesheet and /healthz.
 * Every page is written through base/html.h; no script, no outside font. */
#include <string.h>

#include "base/html.h"
#include "base/log.h"
#include "domain/calendar.h"
#include "portal/portal_internal.h"
#include "report/portal_form_pdf.h"
#include "web/assets.h"

/* ---- frame ----------------------------------------------------------------- */

static const char *utility(const portal_req *rq)
{
    return app_utility_name(&rq->ctx);
}

static void page_begin(portal_req *rq, portal_resp *rs, const char *title)
{
    buf_t *b = &rs->body;
    html_raw(b, "<!doctype html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    html_open(b, "title", NULL);
    html_textf(b, "%s｜%s 水道の受付窓口", title, utility(rq));
    html_close(b, "title");
    html_open(b, "link", "rel", "stylesheet", "href", "/assets/portal.css", NULL);
    html_raw(b, "</head><body>");
    html_elem(b, "a", "本文へ移動", "class", "skip", "href", "#main", NULL);
    html_open(b, "header", "class", "site", NULL);
    html_open(b, "a", "href", "/", "class", "brand", NULL);
    html_textf(b, "%s 水道の受付窓口", utility(rq));
    html_close(b, "a");
    html_close(b, "header");
    html_open(b, "main", "id", "main", NULL);
    html_elem(b, "h1", title, NULL);
}

static void page_end(portal_req *rq, portal_resp *rs)
{
    buf_t *b = &rs->body;
    html_close(b, "main");
    html_open(b, "footer", "class", "site", NULL);
    html_open(b, "p", NULL);
    html_elem(b, "a", "受付窓口のトップへ", "href", "/", NULL);
    html_close(b, "p");
    html_elem(b, "p", utility(rq), NULL);
    html_close(b, "footer");
    html_raw(b, "</body></html>\n");
}

static void day_text(civil_date d, char *out, size_t outsz)
{
    static const char *const WD[] = {"日", "月", "火", "水", "木", "金", "土"};
    str_fmt(out, outsz, "%d年%d月%d日（%s）", d.y, d.m, d.d, WD[calendar_weekday(d)]);
}

void portal_page_error(portal_req *rq, portal_resp *rs, int status, const char *message)
{
    static const struct { int status; const char *title; } T[] = {
        {403, "送信を受け付けられませんでした"}, {404, "ページが見つかりません"}, {405, "この操作はできません"},
        {408, "時間切れになりました"},             {413, "送信内容が大きすぎます"}, {429, "しばらくお待ちください"},
    };
    const char *title = "ただいまご利用いただけません";
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
        if (T[i].status == status)
            title = T[i].title;
    rs->status = status;
    rs->content_type = NULL;
    rs->cache = NULL;
    rs->disposition[0] = '\0';
    buf_reset(&rs->body);
    page_begin(rq, rs, title);
    html_elem(&rs->body, "p", message, NULL);
    html_open(&rs->body, "p", "class", "muted", NULL);
    html_textf(&rs->body, "お問い合わせの際は、次の番号をお知らせください: %s", rq->rid);
    html_close(&rs->body, "p");
    page_end(rq, rs);
}

/* ---- top ------------------------------------------------------------------- */

int portal_page_top(portal_req *rq, portal_resp *rs)
{
    static const char *const LINKS[][3] = {
        {"/apply/start", "使用開始のお申込み", "引っ越しなどで水道を使い始めるとき。"},
        {"/apply/stop", "使用中止のお申込み", "引っ越しなどで水道を使わなくなるとき。最終の料金を精算します。"},
        {"/status", "お申込み状況の確認", "受付番号と確認コードで、お申込みの状況を確認できます。"},
        {"/forms", "各種様式", "窓口や郵送でお手続きされる場合の届出用紙（PDF）です。"},
    };
    page_begin(rq, rs, "水道の使用開始・中止のお申込み");
    buf_t *b = &rs->body;
    civil_date first, last;
    app_application_window(&rq->ctx, &first, &last);
    char a[48];
    day_text(first, a, sizeof a);
    html_open(b, "p", NULL);
    html_textf(b, "24時間お申し込みいただけます。今日お申し込みの場合、ご希望日は%s以降の日を指定してください"
                  "（土日・祝日を除く%s営業日前までにお願いしています）。",
               a, config_get(rq->ctx.env->cfg, "reception.lead_business_days", "3"));
    html_close(b, "p");
    html_open(b, "ul", "class", "menu", NULL);
    for (size_t i = 0; i < sizeof LINKS / sizeof LINKS[0]; i++) {
        html_open(b, "li", NULL);
        html_elem(b, "a", LINKS[i][1], "href", LINKS[i][0], NULL);
        html_elem(b, "span", LINKS[i][2], NULL);
        html_close(b, "li");
    }
    html_close(b, "ul");
    html_elem(b, "p", "お急ぎの場合（明日から使いたいなど）は、お電話でご相談ください。", "class", "muted", NULL);
    page_end(rq, rs);
    return 0;
}

/* ---- the application forms ------------------------------------------------- */

/* How each field is shown. */
typedef struct field_ui {
    const char *type, *autocomplete, *inputmode, *hint;
} field_ui;

static const field_ui UI[APF__MAX] = {
    [APF_TAP_NO] = {"text", "off", "numeric", "検針票（使用水量のお知らせ）に記載の8桁の番号です。"},
    [APF_CUSTOMER_NO] = {"text", "off", "numeric", "水栓番号がわからない場合は、請求書に記載のお客様番号を入力してください。"},
    [APF_ADDRESS] = {"text", "street-address", NULL, "例: 山峡市中央一丁目2番3号 みどりハイツ101"},
    [APF_NAME] = {"text", "name", NULL, NULL},
    [APF_KANA] = {"text", "off", NULL, "カタカナかひらがなで入力してください（例: ヤマダ　タロウ）。"},
    [APF_PHONE] = {"tel", "tel", "tel", "日中に連絡のつく番号（ハイフンは省略できます）"},
    [APF_START_ON] = {"date", "off", NULL, NULL},
    [APF_STOP_ON] = {"date", "off", NULL, NULL},
    [APF_POSTAL] = {"text", "section-mail postal-code", "numeric", "例: 400-0001"},
    [APF_MAIL_ADDRESS] = {"text", "section-mail street-address", NULL, NULL},
    [APF_COMPANY] = {"text", "organization", NULL, NULL},
    [APF_REPRESENTATIVE] = {"text", "off", NULL, NULL},
    [APF_COMPANY_PHONE] = {"tel", "off", "tel", NULL},
    [APF_SETTLE] = {"radio", NULL, NULL, NULL},
    [APF_FORWARD_POSTAL] = {"text", "section-forward postal-code", "numeric", "例: 400-0001"},
    [APF_FORWARD_ADDRESS] = {"text", "section-forward street-address", NULL, "最終の料金のお知らせをお送りします。"},
    [APF_FILER_NAME] = {"text", "off", NULL, NULL},
    [APF_FILER_PHONE] = {"tel", "off", "tel", NULL},
    [APF_FILER_RELATION] = {"text", "off", NULL, "例: 家族、管理会社、不動産会社"},
    [APF_NOTE] = {"textarea", "off", NULL, "500文字以内"},
};

typedef struct group {
    const char *legend;
    int fields[4];   /* ends at -1 (or 4 fields) */
} group;

static const group START_GROUPS[] = {
    {"ご使用場所", {APF_ADDRESS, APF_TAP_NO, -1}},
    {"ご使用になる方", {APF_NAME, APF_KANA, APF_PHONE, -1}},
    {"使用開始日", {APF_START_ON, -1}},
    {"料金のお知らせの送付先（ご使用場所と異なる場合のみ）", {APF_POSTAL, APF_MAIL_ADDRESS, -1}},
    {"法人でお申し込みの場合", {APF_COMPANY, APF_REPRESENTATIVE, APF_COMPANY_PHONE, -1}},
    {"届出人（ご使用になる方と異なる場合のみ）", {APF_FILER_NAME, APF_FILER_RELATION, APF_FILER_PHONE, -1}},
    {"連絡事項", {APF_NOTE, -1}},
};
static const group STOP_GROUPS[] = {
    {"ご使用場所", {APF_ADDRESS, APF_TAP_NO, APF_CUSTOMER_NO, -1}},
    {"ご使用者", {APF_NAME, APF_PHONE, -1}},
    {"使用中止日", {APF_STOP_ON, -1}},
    {"最終料金のお支払い方法", {APF_SETTLE, -1}},
    {"転居先（最終料金のお知らせの送付先）", {APF_FORWARD_POSTAL, APF_FORWARD_ADDRESS, -1}},
    {"届出人（ご使用者と異なる場合のみ）", {APF_FILER_NAME, APF_FILER_RELATION, APF_FILER_PHONE, -1}},
    {"連絡事項", {APF_NOTE, -1}},
};

static bool required(application_kind k, int f)
{
    if (f == APF_ADDRESS || f == APF_NAME || f == APF_PHONE)
        return true;
    return k == APPLICATION_START ? f == APF_KANA || f == APF_START_ON : f == APF_STOP_ON || f == APF_SETTLE;
}

static const char *problem_of(const application_problems *p, int f)
{
    for (size_t i = 0; p && i < p->n; i++)
        if (p->p[i].field == f)
            return p->p[i].msg;
    return NULL;
}

/* <div class="field"> label, hint, message, control. */
static void field(portal_resp *rs, application_kind k, int f, const char *value, const char *problem,
                  const char *min, const char *max)
{
    buf_t *b = &rs->body;
    const application_field_def *d = &APPLICATION_FIELDS[f];
    const field_ui *u = &UI[f];
    char id[48], hint_id[48], err_id[48], describe[100], maxlen[16];
    str_fmt(id, sizeof id, "f-%s", d->name);
    str_fmt(hint_id, sizeof hint_id, "h-%s", d->name);
    str_fmt(err_id, sizeof err_id, "e-%s", d->name);
    const char *hint = f == APF_TAP_NO && k == APPLICATION_STOP
                           ? "水栓番号かお客様番号のどちらかを入力してください（検針票に記載があります）。"
                           : u->hint;
    str_fmt(describe, sizeof describe, "%s%s%s", problem ? err_id : "", problem && hint ? " " : "", hint ? hint_id : "");
    str_fmt(maxlen, sizeof maxlen, "%zu", d->maxchars);
    bool req = required(k, f);
    html_open(b, "div", "class", problem ? "field invalid" : "field", NULL);
    if (f == APF_SETTLE) {
        static const char *const CODES[][2] = {{"debit", "口座振替（ご登録の口座から引き落とします）"},
                                               {"slip", "納付書（転居先に納付書をお送りします）"}};
        html_open(b, "div", "role", "radiogroup", "aria-label", d->label, "aria-describedby", describe[0] ? describe : NULL,
                  NULL);
        if (problem)
            html_elem(b, "p", problem, "class", "field-error", "id", err_id, NULL);
        for (int i = 0; i < 2; i++) {
            char rid[48];
            str_fmt(rid, sizeof rid, i == 0 ? "f-%s" : "f-%s-2", d->name);
            html_open(b, "label", "class", "choice", NULL);
            html_open(b, "input", "type", "radio", "id", rid, "name", d->name, "value", CODES[i][0], "required",
                      req ? "" : NULL, "checked", strcmp(value, CODES[i][0]) == 0 ? "" : NULL, "aria-invalid",
                      problem ? "true" : NULL, NULL);
            html_text(b, CODES[i][1]);
            html_close(b, "label");
        }
        html_close(b, "div");
        html_close(b, "div");
        return;
    }
    html_open(b, "label", "for", id, NULL);
    html_text(b, d->label);
    if (req)
        html_elem(b, "span", "（必須）", "class", "req", NULL);
    html_close(b, "label");
    if (hint)
        html_elem(b, "p", hint, "class", "hint", "id", hint_id, NULL);
    if (problem)
        html_elem(b, "p", problem, "class", "field-error", "id", err_id, NULL);
    const char *desc = describe[0] ? describe : NULL;
    if (strcmp(u->type, "textarea") == 0) {
        html_open(b, "textarea", "id", id, "name", d->name, "rows", "4", "maxlength", maxlen, "aria-invalid",
                  problem ? "true" : NULL, "aria-describedby", desc, NULL);
        html_text(b, value);
        html_close(b, "textarea");
    } else {
        bool date = strcmp(u->type, "date") == 0;
        html_open(b, "input", "type", u->type, "id", id, "name", d->name, "value", value, "autocomplete",
                  u->autocomplete, "inputmode", u->inputmode, "maxlength", date ? NULL : maxlen, "min",
                  date ? min : NULL, "max", date ? max : NULL, "required", req ? "" : NULL, "aria-invalid",
                  problem ? "true" : NULL, "aria-describedby", desc, NULL);
    }
    html_close(b, "div");
}

static void error_summary(portal_resp *rs, const application_problems *p)
{
    buf_t *b = &rs->body;
    html_open(b, "div", "class", "error-summary", "role", "alert", "aria-labelledby", "error-title", "tabindex", "-1",
              "id", "error-summary", NULL);
    html_open(b, "h2", "id", "error-title", NULL);
    html_textf(b, "入力内容に%zu件の確認事項があります。お手数ですが、次の項目を直してください。", p->n);
    html_close(b, "h2");
    html_open(b, "ul", NULL);
    for (size_t i = 0; i < p->n; i++) {
        char href[48];
        int f = p->p[i].field;
        str_fmt(href, sizeof href, "#f-%s", f >= 0 ? APPLICATION_FIELDS[f].name : "");
        html_open(b, "li", NULL);
        if (f >= 0)
            html_elem(b, "a", p->p[i].msg, "href", href, NULL);
        else
            html_text(b, p->p[i].msg);
        html_close(b, "li");
    }
    html_close(b, "ul");
    html_close(b, "div");
}

/* The hidden CSRF field of the form posting to path. */
static void csrf_field(portal_req *rq, portal_resp *rs, const char *path)
{
    char token[65];
    portal_csrf_token(portal_csrf_nonce(rq, rs), path, token);
    html_open(&rs->body, "input", "type", "hidden", "name", "csrf", "value", token, NULL);
}

static void apply_form(portal_req *rq, portal_resp *rs, application_kind k, const application_problems *p)
{
    bool start = k == APPLICATION_START;
    page_begin(rq, rs, start ? "使用開始のお申込み" : "使用中止のお申込み");
    buf_t *b = &rs->body;
    if (p && p->n)
        error_summary(rs, p);
    civil_date first, last;
    app_application_window(&rq->ctx, &first, &last);
    char a[48], z[48], min[11], max[11];
    day_text(first, a, sizeof a);
    day_text(last, z, sizeof z);
    date_format_iso(first, min);
    date_format_iso(last, max);
    html_open(b, "p", NULL);
    html_textf(b, "%sは、%sから%sまでの日を指定できます。「（必須）」の項目は必ず入力してください。",
               start ? "使用開始日" : "使用中止日", a, z);
    html_close(b, "p");
    html_elem(b, "p",
              "送信すると受付番号と確認コードを表示します。担当者が内容を確認して手続きし、その結果は"
              "「お申込み状況の確認」でご覧いただけます。",
              "class", "muted", NULL);
    const char *path = start ? "/apply/start" : "/apply/stop";
    html_open(b, "form", "method", "post", "action", path, "class", "apply", NULL);
    csrf_field(rq, rs, path);
    const group *g = start ? START_GROUPS : STOP_GROUPS;
    size_t ng = start ? sizeof START_GROUPS / sizeof START_GROUPS[0] : sizeof STOP_GROUPS / sizeof STOP_GROUPS[0];
    for (size_t i = 0; i < ng; i++) {
        html_open(b, "fieldset", NULL);
        html_elem(b, "legend", g[i].legend, NULL);
        for (size_t j = 0; j < 4 && g[i].fields[j] >= 0; j++) {
            int f = g[i].fields[j];
            field(rs, k, f, portal_form(rq, APPLICATION_FIELDS[f].name), problem_of(p, f), min, max);
        }
        html_close(b, "fieldset");
    }
    html_elem(b, "button", "内容を確認して申し込む", "type", "submit", NULL);
    html_close(b, "form");
    page_end(rq, rs);
}

static void filed_page(portal_req *rq, portal_resp *rs, application_kind k, const char *receipt_no,
                       const char *secret)
{
    page_begin(rq, rs, "お申込みを受け付けました");
    buf_t *b = &rs->body;
    html_open(b, "p", NULL);
    html_textf(b, "%sのお申込みを受け付けました。次の受付番号と確認コードを控えてください。", application_kind_label(k));
    html_close(b, "p");
    html_open(b, "dl", "class", "receipt", NULL);
    html_elem(b, "dt", "受付番号", NULL);
    html_elem(b, "dd", receipt_no, "id", "receipt-no", NULL);
    html_elem(b, "dt", "確認コード", NULL);
    html_elem(b, "dd", secret, "id", "secret", NULL);
    html_close(b, "dl");
    html_elem(b, "p",
              "確認コードはこの画面でしか表示しません。印刷するか、書き留めてください"
              "（お問い合わせの際は受付番号をお知らせください。確認コードは電話ではお伺いしません）。",
              "class", "important", NULL);
    html_elem(b, "h2", "このあとの流れ", NULL);
    html_open(b, "ol", NULL);
    html_elem(b, "li",
              "担当者が内容を確認し、お手続きをします。土日・祝日や夜間のお申込みは、翌営業日以降に確認します。", NULL);
    html_elem(b, "li", "内容の確認のため、入力された電話番号にお電話することがあります。", NULL);
    html_elem(b, "li",
              k == APPLICATION_START ? "ご希望日に水道を使えるようにします（立ち会いは原則不要です）。"
                                     : "ご希望日にメーターを読み、最終の料金をご指定の方法で精算します。",
              NULL);
    html_open(b, "li", NULL);
    html_text(b, "お申込みの状況は、");
    html_elem(b, "a", "お申込み状況の確認", "href", "/status", NULL);
    html_text(b, "で受付番号と確認コードを入力するとご覧いただけます。");
    html_close(b, "li");
    html_close(b, "ol");
    page_end(rq, rs);
}

static void form_values(const portal_req *rq, app_application_form *f)
{
    const char **member[APF__MAX] = {
        [APF_TAP_NO] = &f->tap_no, [APF_CUSTOMER_NO] = &f->customer_no, [APF_ADDRESS] = &f->address,
        [APF_NAME] = &f->name, [APF_KANA] = &f->kana, [APF_PHONE] = &f->phone, [APF_START_ON] = &f->start_on,
        [APF_STOP_ON] = &f->stop_on, [APF_POSTAL] = &f->postal, [APF_MAIL_ADDRESS] = &f->mail_address,
        [APF_COMPANY] = &f->company, [APF_REPRESENTATIVE] = &f->representative,
        [APF_COMPANY_PHONE] = &f->company_phone, [APF_SETTLE] = &f->settle,
        [APF_FORWARD_POSTAL] = &f->forward_postal, [APF_FORWARD_ADDRESS] = &f->forward_address,
        [APF_FILER_NAME] = &f->filer_name, [APF_FILER_PHONE] = &f->filer_phone,
        [APF_FILER_RELATION] = &f->filer_relation, [APF_NOTE] = &f->note,
    };
    for (int k = 0; k < APF__MAX; k++)
        *member[k] = portal_form(rq, APPLICATION_FIELDS[k].name);
}

int portal_page_apply(portal_req *rq, portal_resp *rs)
{
    application_kind k = strcmp(rq->path, "/apply/start") == 0 ? APPLICATION_START : APPLICATION_STOP;
    if (strcmp(rq->method, "POST") != 0) {
        apply_form(rq, rs, k, NULL);
        return 0;
    }
    app_application_form f;
    form_values(rq, &f);
    application_problems p;
    if (app_application_check(&rq->ctx, application_kind_code(k), &f, &p)) {
        rs->status = 422;
        apply_form(rq, rs, k, &p);
        return 0;
    }
    char receipt_no[16], secret[16];
    err_t e;
    err_clear(&e);
    if (app_application_file(&rq->ctx, application_kind_code(k), &f, receipt_no, secret, &e)) {
        log_msg(LOG_ERROR, rq->rid, "portal: filing failed: %s", e.log);
        if (e.code == ERR_INVALID) {   /* the day turned over between the check and the filing */
            p.n = 1;
            p.p[0].field = application_field_find(e.field);
            str_copy(p.p[0].msg, sizeof p.p[0].msg, e.user);
            rs->status = 422;
            apply_form(rq, rs, k, &p);
            return 0;
        }
        portal_page_error(rq, rs, 503,
                          "申し訳ありません。ただいまお申込みを受け付けられませんでした。しばらく待ってから、"
                          "もう一度お試しください。");
        return 0;
    }
    filed_page(rq, rs, k, receipt_no, secret);
    return 0;
}

/* ---- status ---------------------------------------------------------------- */

static void status_form(portal_req *rq, portal_resp *rs, const char *problem)
{
    page_begin(rq, rs, "お申込み状況の確認");
    buf_t *b = &rs->body;
    if (problem) {
        html_open(b, "div", "class", "error-summary", "role", "alert", "tabindex", "-1", "id", "error-summary", NULL);
        html_elem(b, "h2", "お申込みを確認できませんでした。", NULL);
        html_open(b, "p", NULL);
        html_elem(b, "a", problem, "href", "#f-receipt_no", NULL);
        html_close(b, "p");
        html_close(b, "div");
    }
    html_elem(b, "p", "お申込みの際に表示された受付番号と確認コードを入力してください。", NULL);
    html_open(b, "form", "method", "post", "action", "/status", "class", "apply", NULL);
    csrf_field(rq, rs, "/status");
    html_open(b, "div", "class", problem ? "field invalid" : "field", NULL);
    html_elem(b, "label", "受付番号（12桁）", "for", "f-receipt_no", NULL);
    html_elem(b, "p", "例: 1234-5678-9012", "class", "hint", "id", "h-receipt_no", NULL);
    html_open(b, "input", "type", "text", "id", "f-receipt_no", "name", "receipt_no", "value",
              portal_form(rq, "receipt_no"), "inputmode", "numeric", "autocomplete", "off", "maxlength", "20",
              "required", "", "aria-invalid", problem ? "true" : NULL, "aria-describedby", "h-receipt_no", NULL);
    html_close(b, "div");
    html_open(b, "div", "class", problem ? "field invalid" : "field", NULL);
    html_elem(b, "label", "確認コード（英数字10文字）", "for", "f-secret", NULL);
    html_open(b, "input", "type", "text", "id", "f-secret", "name", "secret", "value", portal_form(rq, "secret"),
              "autocomplete", "off", "autocapitalize", "characters", "spellcheck", "false", "maxlength", "20",
              "required", "", "aria-invalid", problem ? "true" : NULL, NULL);
    html_close(b, "div");
    html_elem(b, "button", "確認する", "type", "submit", NULL);
    html_close(b, "form");
    page_end(rq, rs);
}

static void status_result(portal_req *rq, portal_resp *rs, const app_application_status *st)
{
    page_begin(rq, rs, "お申込み状況");
    buf_t *b = &rs->body;
    application_kind k;
    bool known = application_kind_parse(st->kind, &k);
    civil_date d;
    char day[48] = "—", at[20];
    if (date_parse(st->effective_on, &d))
        day_text(d, day, sizeof day);
    date_format_ts_jst(st->created_at, at);
    const char *label = application_status_label(st->status);
    html_open(b, "dl", "class", "receipt", NULL);
    html_elem(b, "dt", "受付番号", NULL);
    html_elem(b, "dd", st->receipt_no, NULL);
    html_elem(b, "dt", "お申込みの種類", NULL);
    html_elem(b, "dd", known ? application_kind_label(k) : "—", NULL);
    html_elem(b, "dt", "ご希望日", NULL);
    html_elem(b, "dd", day, NULL);
    html_elem(b, "dt", "お申込み日時", NULL);
    html_elem(b, "dd", at, NULL);
    html_elem(b, "dt", "状況", NULL);
    html_elem(b, "dd", label ? label : "確認中", "id", "status", "class", st->status, NULL);
    if (strcmp(st->status, "rejected") == 0) {
        html_elem(b, "dt", "理由", NULL);
        html_elem(b, "dd", st->reject_reason[0] ? st->reject_reason : "—", "id", "reason", NULL);
    }
    html_close(b, "dl");
    if (strcmp(st->status, "received") == 0)
        html_elem(b, "p", "担当者が内容を確認しています。手続きが済むと、この画面の状況が変わります。", NULL);
    else if (strcmp(st->status, "rejected") == 0)
        html_elem(b, "p", "お手数ですが、内容を確かめて改めてお申し込みいただくか、お電話でご相談ください。", NULL);
    html_open(b, "p", NULL);
    html_elem(b, "a", "別のお申込みを確認する", "href", "/status", NULL);
    html_close(b, "p");
    page_end(rq, rs);
}

int portal_page_status(portal_req *rq, portal_resp *rs)
{
    if (strcmp(rq->method, "POST") != 0) {
        status_form(rq, rs, NULL);
        return 0;
    }
    app_application_status st;
    err_t e;
    err_clear(&e);
    int rc = app_application_status_get(&rq->ctx, portal_form(rq, "receipt_no"), portal_form(rq, "secret"), &st, &e);
    if (rc == ERR_NOTFOUND) {
        rs->status = 404;
        status_form(rq, rs, e.user);
        return 0;
    }
    if (rc) {
        log_msg(LOG_ERROR, rq->rid, "portal: status: %s", e.log);
        portal_page_error(rq, rs, 503, "ただいま状況を確認できません。しばらく待ってから、もう一度お試しください。");
        return 0;
    }
    status_result(rq, rs, &st);
    return 0;
}

/* ---- paper forms, stylesheet, health ---------------------------------------- */

int portal_page_forms(portal_req *rq, portal_resp *rs)
{
    page_begin(rq, rs, "各種様式");
    buf_t *b = &rs->body;
    html_elem(b, "p", "窓口や郵送でお手続きされる場合は、次の用紙を印刷してお使いください（A4、PDF）。", NULL);
    html_open(b, "ul", "class", "menu", NULL);
    html_open(b, "li", NULL);
    html_elem(b, "a", "水道使用開始・中止届（PDF）", "href", "/forms/start-stop.pdf", NULL);
    html_elem(b, "span", "使用開始と使用中止のどちらにも使えます。", NULL);
    html_close(b, "li");
    html_close(b, "ul");
    page_end(rq, rs);
    return 0;
}

int portal_page_form_pdf(portal_req *rq, portal_resp *rs)
{
    if (strcmp(rq->path, "/forms/start-stop.pdf") != 0) {
        portal_page_error(rq, rs, 404, "お探しの様式は見つかりませんでした。");
        return 0;
    }
    char err[256];
    if (portal_form_pdf_write(utility(rq), &rs->body, err, sizeof err) != 0) {
        log_msg(LOG_ERROR, rq->rid, "portal: form PDF: %s", err);
        portal_page_error(rq, rs, 500, "様式を作成できませんでした。しばらく待ってから、もう一度お試しください。");
        return 0;
    }
    rs->content_type = "application/pdf";
    rs->cache = "public, max-age=3600";
    str_copy(rs->disposition, sizeof rs->disposition, "inline; filename=\"start-stop.pdf\"");
    return 0;
}

int portal_page_css(portal_req *rq, portal_resp *rs)
{
    for (const web_asset *a = WEB_ASSETS; a->path; a++) {
        if (strcmp(a->path, "/static/portal.css") == 0) {
            rs->content_type = a->content_type;
            rs->cache = "public, max-age=3600";
            buf_append(&rs->body, a->data, a->len);
            return 0;
        }
    }
    portal_page_error(rq, rs, 404, "お探しのファイルは見つかりませんでした。");
    return 0;
}

int portal_page_healthz(portal_req *rq, portal_resp *rs)
{
    err_t e;
    err_clear(&e);
    rs->content_type = "text/plain; charset=utf-8";
    if (app_portal_health(&rq->ctx, &e)) {
        log_msg(LOG_ERROR, rq->rid, "portal healthz: %s", e.log);
        rs->status = 503;
        buf_puts(&rs->body, "database unavailable\n");
        return 0;
    }
    buf_puts(&rs->body, "ok\n");
    return 0;
}
