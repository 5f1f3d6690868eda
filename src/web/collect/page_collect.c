/* page_collect — the 収納 screens: the menu with the result-file uploads
 * (コンビニ・スマホ決済, カード), the counter (窓口) form and the receipt PDF
 * (領収書).  The suspense list (未消込) is page_suspense.c, the
 * sub-navigation all 収納 screens share collect_nav.h. */
#include "web/web.h"
#include "web/web_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <unistd.h>

#include <jansson.h>

#include "app/collect/app_collect.h"
#include "app/app_form.h"
#include "app/collect/app_payment.h"
#include "app/billing/app_bill.h"
#include "app/arrears/app_stoppage.h"
#include "base/html.h"
#include "domain/role.h"
#include "report/receipt_pdf.h"
#include "web/collect/collect_nav.h"

/* ---- /collections: the uploads ------------------------------------- */

static void file_input(buf_t *b, const char *id, const err_t *e)
{
    html_open(b, "div", "class", "field", NULL);
    html_elem(b, "label", "ファイル", "for", id, NULL);
    html_open(b, "input", "type", "file", "id", id, "name", "file", "accept", ".csv,.txt,text/csv", "required", "",
              "aria-invalid", e && strcmp(e->field, "file") == 0 ? "true" : NULL, NULL);
    html_close(b, "div");
}

static void agent_form(web_req *rq, web_resp *rs, const err_t *e)
{
    buf_t *b = &rs->body;
    html_elem(b, "h2", "コンビニ・スマホ決済の収納データ", "id", "agent-h", NULL);
    web_form_error(rs, e);
    html_open(b, "form", "method", "post", "action", "/collections/agent", "enctype", "multipart/form-data", "class",
              "grid", "id", "agent-form", "aria-labelledby", "agent-h", NULL);
    web_csrf_field(rq, rs);
    size_t n = 0;
    while (APP_AGENT_PROFILES[n])
        n++;
    const char *labels[8];
    for (size_t i = 0; i < n && i < 8; i++)
        labels[i] = app_agent_profile_label(APP_AGENT_PROFILES[i]);
    web_select(rs, "取込形式", "profile", e ? web_form_or(rq, "profile") : APP_AGENT_PROFILES[0],
               APP_AGENT_PROFILES, labels, n < 8 ? n : 8, e);
    file_input(b, "agent-file", e);
    html_elem(b, "button", "取り込む", "type", "submit", "id", "agent-submit", NULL);
    html_close(b, "form");
    html_elem(b, "p",
              "速報は調定に「速報済み」と表示し、確報で消込、取消で速報または入金を取り消します。"
              "誤りが1件でもあればファイル全体を取り込みません。同じファイルは二度取り込めません。"
              "調定と金額が合わない入金は未消込になります。",
              "class", "hint", NULL);
}

static void card_form(web_req *rq, web_resp *rs, const err_t *e)
{
    buf_t *b = &rs->body;
    html_elem(b, "h2", "クレジットカード売上結果", "id", "card-h", NULL);
    web_form_error(rs, e);
    html_open(b, "form", "method", "post", "action", "/collections/card", "enctype", "multipart/form-data", "class",
              "grid", "id", "card-form", "aria-labelledby", "card-h", NULL);
    web_csrf_field(rq, rs);
    file_input(b, "card-file", e);
    html_elem(b, "button", "取り込む", "type", "submit", "id", "card-submit", NULL);
    html_close(b, "form");
    html_elem(b, "p",
              "見出し行「売上日,水栓番号,調定番号,金額,承認番号,結果,エラーコード」の CSV（UTF-8 または Shift_JIS）です。"
              "OK の行を入金として計上し、NG の行は件数だけ数えます（調定は未納のまま残ります）。",
              "class", "hint", NULL);
}

static void menu_page(web_req *rq, web_resp *rs, const err_t *agent_e, const err_t *card_e)
{
    web_page_begin(rq, rs, "収納", NAV_COLLECTION);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "収納", NULL);
    web_collect_subnav(rq, rs, "/collections");
    if (app_can(&rq->ctx, PERM_PAYMENT_POST)) {
        agent_form(rq, rs, agent_e);
        card_form(rq, rs, card_e);
    } else {
        html_elem(b, "p", "収納データの取込は担当以上の権限で行えます。未消込の一覧は閲覧できます。", "class", "note", NULL);
    }
    html_elem(b, "h2", "確認と帳票", NULL);
    html_open(b, "ul", "class", "links", NULL);
    html_open(b, "li", NULL);
    html_elem(b, "a", "未消込の入金（照合できなかった入金の処理）", "href", "/collections/suspense", "id", "suspense-link", NULL);
    html_close(b, "li");
    if (app_can(&rq->ctx, PERM_PAYMENT_POST)) {
        html_open(b, "li", NULL);
        html_elem(b, "a", "口座振替（依頼データの作成・振替結果の取込）", "href", "/collections/debit", "id", "debit-link",
                  NULL);
        html_close(b, "li");
    }
    html_open(b, "li", NULL);
    html_elem(b, "a", "収納日計表・仕訳データ", "href", "/collections/daily", "id", "daily-link", NULL);
    html_close(b, "li");
    html_close(b, "ul");
    html_elem(b, "p", "窓口での入金は、お客様カルテの「窓口で入金を受ける」から行います。", "class", "note", NULL);
    web_page_end(rq, rs);
}

int page_collect(web_req *rq, web_resp *rs)
{
    menu_page(rq, rs, NULL, NULL);
    return 0;
}

static void sum_row(buf_t *b, web_resp *rs, const char *label, const app_collect_sum *s, const char *id)
{
    html_open(b, "tr", "id", id, NULL);
    html_elem(b, "th", label, "scope", "row", NULL);
    html_open(b, "td", "class", "num", NULL);
    html_textf(b, "%lld件", (long long)s->n);
    html_close(b, "td");
    html_open(b, "td", "class", "num", NULL);
    web_yen(rs, s->yen);
    html_close(b, "td");
    html_close(b, "tr");
}

/* The summary's figures by name, for keeping them as JSON. */
static const struct { const char *name; size_t off; } SUMS[] = {
    {"records", offsetof(app_collect_summary, records)},
    {"flash", offsetof(app_collect_summary, flash)},
    {"confirmed", offsetof(app_collect_summary, confirmed)},
    {"cancel", offsetof(app_collect_summary, cancel)},
    {"ng", offsetof(app_collect_summary, ng)},
    {"posted", offsetof(app_collect_summary, posted)},
    {"suspense", offsetof(app_collect_summary, suspense)},
    {"duplicate", offsetof(app_collect_summary, duplicate)},
    {"flash_cancelled", offsetof(app_collect_summary, flash_cancelled)},
    {"reversed", offsetof(app_collect_summary, reversed)},
    {"unmatched_cancel", offsetof(app_collect_summary, unmatched_cancel)},
};
#define NSUMS (sizeof SUMS / sizeof SUMS[0])

/* malloc'd JSON text (NULL when out of memory). */
static char *summary_json(const app_collect_summary *s, const char *name)
{
    json_t *j = json_pack("{sIsssssssI}", "file_id", (json_int_t)s->file_id, "kind", s->kind, "channel", s->channel,
                          "name", name ? name : "", "credited", (json_int_t)s->credited);
    for (size_t i = 0; j && i < NSUMS; i++) {
        const app_collect_sum *x = (const app_collect_sum *)((const char *)s + SUMS[i].off);
        json_object_set_new(j, SUMS[i].name, json_pack("[II]", (json_int_t)x->n, (json_int_t)x->yen));
    }
    char *out = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    return out;
}

static bool summary_parse(const char *text, app_collect_summary *s, char *name, size_t namesz)
{
    memset(s, 0, sizeof *s);
    name[0] = '\0';
    json_t *j = json_loads(text ? text : "", 0, NULL);
    if (!json_is_object(j)) {
        json_decref(j);
        return false;
    }
    s->file_id = json_integer_value(json_object_get(j, "file_id"));
    s->credited = json_integer_value(json_object_get(j, "credited"));
    const char *v = json_string_value(json_object_get(j, "kind"));
    str_copy(s->kind, sizeof s->kind, v ? v : "");
    v = json_string_value(json_object_get(j, "channel"));
    str_copy(s->channel, sizeof s->channel, v ? v : "");
    v = json_string_value(json_object_get(j, "name"));
    str_copy(name, namesz, v ? v : "");
    for (size_t i = 0; i < NSUMS; i++) {
        app_collect_sum *x = (app_collect_sum *)((char *)s + SUMS[i].off);
        json_t *a = json_object_get(j, SUMS[i].name);
        x->n = json_integer_value(json_array_get(a, 0));
        x->yen = json_integer_value(json_array_get(a, 1));
    }
    json_decref(j);
    return true;
}

static int result_page(web_req *rq, web_resp *rs, const app_collect_summary *s, const char *name)
{
    web_page_begin(rq, rs, "収納データ取込の結果", NAV_COLLECTION);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "収納データ取込の結果", NULL);
    web_collect_subnav(rq, rs, "/collections");
    bool card = strcmp(s->kind, PAY_CARD) == 0;
    html_open(b, "p", "class", "flash", "role", "status", "id", "import-result", NULL);
    html_textf(b, "%s を取り込みました（取込番号 %lld、%s）：%lld件 ", name && *name ? name : "ファイル",
               (long long)s->file_id, app_payment_channel_label(s->channel), (long long)s->records.n);
    web_yen(rs, s->records.yen);
    html_textf(b, "。消込 %lld件、未消込 %lld件。", (long long)s->posted.n, (long long)s->suspense.n);
    html_close(b, "p");
    html_open(b, "table", "class", "list", "id", "import-summary", NULL);
    html_raw(b, "<caption>区分ごとの件数と金額</caption><thead><tr><th scope=\"col\">区分</th>"
                "<th scope=\"col\" class=\"num\">件数</th><th scope=\"col\" class=\"num\">金額</th></tr></thead><tbody>");
    sum_row(b, rs, "全件", &s->records, "sum-records");
    if (!card) {
        sum_row(b, rs, "速報", &s->flash, "sum-flash");
        sum_row(b, rs, "確報", &s->confirmed, "sum-confirmed");
        sum_row(b, rs, "取消", &s->cancel, "sum-cancel");
    } else {
        sum_row(b, rs, "売上OK", &s->confirmed, "sum-confirmed");
        sum_row(b, rs, "売上NG（未収のまま）", &s->ng, "sum-ng");
    }
    sum_row(b, rs, "消込（調定に充当）", &s->posted, "sum-posted");
    sum_row(b, rs, "未消込", &s->suspense, "sum-suspense");
    sum_row(b, rs, "計上済み（二重計上しない）", &s->duplicate, "sum-duplicate");
    if (!card) {
        sum_row(b, rs, "速報の取消", &s->flash_cancelled, "sum-flash-cancelled");
        sum_row(b, rs, "入金の取消", &s->reversed, "sum-reversed");
        sum_row(b, rs, "取消対象なし", &s->unmatched_cancel, "sum-unmatched");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    if (s->credited) {
        html_open(b, "p", NULL);
        html_text(b, "二重納付等で過誤納になった額: ");
        web_yen(rs, s->credited);
        html_close(b, "p");
    }
    if (s->suspense.n)
        html_elem(b, "a", "未消込の入金を処理する", "href", "/collections/suspense", "class", "action", NULL);
    web_page_end(rq, rs);
    return 0;
}

static int import_submit(web_req *rq, web_resp *rs, bool card)
{
    err_t e;
    err_clear(&e);
    app_collect_summary s;
    const char *data = rq->upload.data ? rq->upload.data : "";
    const char *name = rq->upload_name[0] ? rq->upload_name : "upload";
    int rc = card ? app_card_import(&rq->ctx, name, data, rq->upload.len, &s, &e)
                  : app_agent_import(&rq->ctx, web_form(rq, "profile"), name, data, rq->upload.len, &s, &e);
    if (rc && e.code != ERR_INVALID && e.code != ERR_CONFLICT)
        return web_fail(rq, rs, &e);
    if (rc) {
        char msg[sizeof e.user];
        str_fmt(msg, sizeof msg, "取り込みませんでした（何も登録していません）。%s", e.user);
        str_copy(e.user, sizeof e.user, msg);
        if (!e.field[0])
            str_copy(e.field, sizeof e.field, "file");
        menu_page(rq, rs, card ? NULL : &e, card ? &e : NULL);
        rs->status = web_status_for(e.code);
        return 0;
    }
    /* the figures kept, the answer a redirect to them: a reload reads nothing again */
    char *json = summary_json(&s, name);
    int kept = json ? app_import_result_put(&rq->ctx, s.file_id, card ? "card" : "agent", json, NULL) : -1;
    free(json);
    if (kept != 0)
        return result_page(rq, rs, &s, name);
    char to[48];
    str_fmt(to, sizeof to, "/collections/imports/%lld", (long long)s.file_id);
    return web_redirect(rq, rs, to, NULL);
}

/* GET /collections/imports/<file id>: the figures of a file read. */
int page_import_result(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    char kind[16], *json = NULL;
    if (!web_id_param(rq->param, &id))
        err_set(&e, ERR_NOTFOUND, NULL, "取込が見つかりません。", "bad import id");
    else
        app_import_result_get(&rq->ctx, id, kind, sizeof kind, &json, &e);
    if (e.code)
        return web_fail(rq, rs, &e);
    int rc;
    if (strcmp(kind, "debit") == 0) {
        rc = web_debit_result_page(rq, rs, json);
    } else {
        app_collect_summary s;
        char name[128];
        if (summary_parse(json, &s, name, sizeof name)) {
            rc = result_page(rq, rs, &s, name);
        } else {
            err_set(&e, ERR_INTERNAL, NULL, NULL, "import result %lld unreadable", (long long)id);
            rc = web_fail(rq, rs, &e);
        }
    }
    free(json);
    return rc;
}

int page_collect_agent(web_req *rq, web_resp *rs)
{
    return import_submit(rq, rs, false);
}

int page_collect_card(web_req *rq, web_resp *rs)
{
    return import_submit(rq, rs, true);
}

/* ---- the counter: /taps/<no>/counter -------------------------------- */

/* The form; keep: show what was posted (a refusal, or 修正する from the confirmation). */
static int counter_page(web_req *rq, web_resp *rs, const err_t *e, bool keep)
{
    const char *tap_no = rq->param;
    err_t le;
    err_clear(&le);
    app_bill *bills = NULL;
    size_t n = 0;
    if (app_bill_list_tap(&rq->ctx, tap_no, 60, &bills, &n, &le))
        return web_fail(rq, rs, &le);
    web_page_begin(rq, rs, "窓口収納", NAV_COLLECTION);
    buf_t *b = &rs->body;
    html_open(b, "h1", NULL);
    html_textf(b, "窓口収納（水栓 %s）", tap_no);
    html_close(b, "h1");
    char karte[48], action[48];
    str_fmt(karte, sizeof karte, "/karte/%s", tap_no);
    str_fmt(action, sizeof action, "/taps/%s/counter", tap_no);
    html_open(b, "p", NULL);
    html_elem(b, "a", "お客様カルテに戻る", "href", karte, NULL);
    html_close(b, "p");
    /* the open bills, oldest first (the list is newest first) */
    const char *codes[61], *labels[61];
    char lab[60][96], ids[60][24];
    size_t k = 0;
    codes[k] = "";
    labels[k++] = "指定しない（未納の古い調定から順に充当）";
    int64_t owed = 0;
    for (size_t i = n; i-- > 0 && k < 61;) {
        const app_bill *x = &bills[i];
        if (strcmp(x->status, "current") != 0 || x->balance_yen <= 0)
            continue;
        owed += x->balance_yen;
        str_fmt(ids[k - 1], sizeof ids[0], "%lld", (long long)x->id);
        str_fmt(lab[k - 1], sizeof lab[0], "%s 検針分（調定 %lld、未納 %lld 円、納期限 %s）", x->cycle, (long long)x->id,
                (long long)x->balance_yen, x->due_on);
        codes[k] = ids[k - 1];
        labels[k] = lab[k - 1];
        k++;
    }
    html_open(b, "p", "id", "counter-owed", NULL);
    html_textf(b, "未納の調定 %zu件、未納額 ", k - 1);
    web_yen(rs, owed);
    html_close(b, "p");
    web_form_error(rs, e);
    html_open(b, "form", "method", "post", "action", action, "class", "grid", "id", "counter-form", NULL);
    web_csrf_field(rq, rs);
    web_form_token_field(rq, rs, "counter");
    web_input(rs, "受領額（円）", "amount", keep ? web_form_or(rq, "amount") : "", e, "required", "", "inputmode",
              "numeric", "autocomplete", "off", "autofocus", "", NULL);
    web_select(rs, "充てる調定", "bill", keep ? web_form_or(rq, "bill") : "", codes, labels, k, e);
    web_input(rs, "預り金（円・現金で受け取ったとき）", "tendered", keep ? web_form_or(rq, "tendered") : "", e, "inputmode",
              "numeric", "autocomplete", "off", NULL);
    web_input(rs, "備考", "note", keep ? web_form_or(rq, "note") : "", e, "autocomplete", "off", NULL);
    html_elem(b, "button", "確認する", "type", "submit", "id", "counter-submit", NULL);
    html_close(b, "form");
    html_elem(b, "p", "未納額より多い受領額は過誤納（お預かり）になります。計上後に領収書（PDF）を印刷できます。", "class",
              "hint", NULL);
    app_bill_list_free(bills, n);
    web_page_end(rq, rs);
    if (e)
        rs->status = web_status_for(e->code);
    return 0;
}

int page_counter_form(web_req *rq, web_resp *rs)
{
    return counter_page(rq, rs, NULL, false);
}

static void confirm_row(web_resp *rs, const char *th, const char *id, long long yen, const char *text)
{
    buf_t *b = &rs->body;
    html_open(b, "tr", NULL);
    html_elem(b, "th", th, "scope", "row", NULL);
    html_open(b, "td", "id", id, NULL);
    if (text)
        html_text(b, text);
    else
        web_yen(rs, yen);
    html_close(b, "td");
    html_close(b, "tr");
}

static void hidden(buf_t *b, const char *name, const char *value)
{
    html_open(b, "input", "type", "hidden", "name", name, "value", value ? value : "", NULL);
}

/* The counter payment as it will be posted, to be confirmed: the amount, the
 * bill it goes to, what stays owed or becomes credit, the cash handed over
 * and the change. */
static int counter_confirm(web_req *rq, web_resp *rs, int64_t yen, int64_t tendered, int64_t change)
{
    const char *tap_no = rq->param;
    err_t le;
    err_clear(&le);
    app_bill *bills = NULL;
    size_t n = 0;
    if (app_bill_list_tap(&rq->ctx, tap_no, 60, &bills, &n, &le))
        return web_fail(rq, rs, &le);
    int64_t owed = 0, chosen = 0;
    const char *bill = web_form_or(rq, "bill");
    char target[128];
    str_copy(target, sizeof target, "未納の古い調定から順に");
    for (size_t i = 0; i < n; i++) {
        const app_bill *x = &bills[i];
        if (strcmp(x->status, "current") != 0 || x->balance_yen <= 0)
            continue;
        owed += x->balance_yen;
        char id[24];
        str_fmt(id, sizeof id, "%lld", (long long)x->id);
        if (*bill && strcmp(id, bill) == 0) {
            chosen = x->id;
            str_fmt(target, sizeof target, "%s 検針分（調定 %lld、未納 %lld 円）", x->cycle, (long long)x->id,
                    (long long)x->balance_yen);
        }
    }
    app_bill_list_free(bills, n);
    if (*bill && !chosen) {
        err_t e;
        err_field(&e, "bill", "充てる調定を一覧から選んでください。");
        return counter_page(rq, rs, &e, true);
    }
    web_page_begin(rq, rs, "窓口収納の確認", NAV_COLLECTION);
    buf_t *b = &rs->body;
    html_open(b, "h1", NULL);
    html_textf(b, "窓口収納の確認（水栓 %s）", tap_no);
    html_close(b, "h1");
    html_elem(b, "p", "まだ計上していません。内容を確かめて「この内容で計上する」を押してください。", "class", "notice", NULL);
    html_open(b, "table", "class", "kv", "id", "counter-confirm", NULL);
    confirm_row(rs, "受領額", "cf-amount", yen, NULL);
    confirm_row(rs, "充てる調定", "cf-bill", 0, target);
    if (yen <= owed)
        confirm_row(rs, "計上後の未納額", "cf-left", owed - yen, NULL);
    else {
        confirm_row(rs, "計上後の未納額", "cf-left", 0, NULL);
        confirm_row(rs, "過誤納（お預かり）になる額", "cf-credit", yen - owed, NULL);
    }
    if (tendered) {
        confirm_row(rs, "預り金", "cf-tendered", tendered, NULL);
        confirm_row(rs, "お釣り", "cf-change", change, NULL);
    }
    html_close(b, "table");
    char action[48];
    str_fmt(action, sizeof action, "/taps/%s/counter", tap_no);
    html_open(b, "form", "method", "post", "action", action, "id", "counter-commit", NULL);
    web_csrf_field(rq, rs);
    hidden(b, "form_token", web_form_or(rq, "form_token"));   /* the form's one-time token, claimed on posting */
    hidden(b, "amount", web_form_or(rq, "amount"));
    hidden(b, "bill", bill);
    hidden(b, "tendered", web_form_or(rq, "tendered"));
    hidden(b, "note", web_form_or(rq, "note"));
    html_open(b, "div", "class", "buttons", NULL);
    html_elem(b, "button", "この内容で計上する", "type", "submit", "name", "confirmed", "value", "1", "id",
              "counter-post", "autofocus", "", NULL);
    html_elem(b, "button", "修正する", "type", "submit", "name", "edit", "value", "1", "class", "secondary", "id",
              "counter-edit", NULL);
    html_close(b, "div");
    html_close(b, "form");
    web_page_end(rq, rs);
    return 0;
}

int page_counter_submit(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t bill = 0;
    app_counter_out out;
    memset(&out, 0, sizeof out);
    if (web_form(rq, "edit"))
        return counter_page(rq, rs, NULL, true);
    if (strcmp(web_form_or(rq, "confirmed"), "1") != 0) {
        /* first the confirmation; nothing is posted yet */
        int64_t yen = 0, tendered = 0, change = 0;
        if (app_counter_check(&rq->ctx, web_form_or(rq, "amount"), web_form_or(rq, "tendered"), &yen, &tendered,
                              &change, &e)) {
            if (e.code != ERR_INVALID)
                return web_fail(rq, rs, &e);
            return counter_page(rq, rs, &e, true);
        }
        return counter_confirm(rq, rs, yen, tendered, change);
    }
    app_form f;
    web_form_bind(rq, &f, "counter");
    int rc = web_form_id(rq, "bill", "充てる調定を一覧から選んでください。", &bill, &e);
    if (!rc)
        rc = app_counter_pay(&rq->ctx, rq->param, bill, web_form_or(rq, "amount"), web_form_or(rq, "note"), &out, &e);
    rq->ctx.form = NULL;
    if (rc) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT)
            return web_fail(rq, rs, &e);
        return counter_page(rq, rs, &e, true);
    }
    char to[96];
    if (out.payment_id > 0 && out.reopen_order > 0)
        str_fmt(to, sizeof to, "/payments/%lld/counter?reopen=%lld", (long long)out.payment_id,
                (long long)out.reopen_order);
    else if (out.payment_id > 0)
        str_fmt(to, sizeof to, "/payments/%lld/counter", (long long)out.payment_id);
    else
        str_fmt(to, sizeof to, "/karte/%s", rq->param);
    return web_redirect(rq, rs, to, out.replayed ? "この入金は計上済みです（同じ画面からの再送信は計上していません）。" : NULL);
}

/* ---- GET /payments/<id>/counter: the result of a counter payment ------ */

int page_counter_result(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    app_payment p;
    if (!web_id_param(rq->param, &id))
        err_set(&e, ERR_NOTFOUND, NULL, "入金が見つかりません。", "bad payment id");
    else if (!app_payment_get(&rq->ctx, id, &p, &e) && (strcmp(p.channel, "counter") != 0 || !p.receipt_no[0]))
        err_set(&e, ERR_NOTFOUND, NULL, "窓口の入金ではありません。", "payment %lld is not a counter payment", (long long)id);
    if (e.code)
        return web_fail(rq, rs, &e);
    web_page_begin(rq, rs, "窓口収納の結果", NAV_COLLECTION);
    buf_t *b = &rs->body;
    html_open(b, "h1", NULL);
    html_textf(b, "窓口収納（水栓 %s）", p.tap_no);
    html_close(b, "h1");
    html_open(b, "p", "class", "flash", "role", "status", "id", "counter-result", NULL);
    html_textf(b, "領収書番号 %s で入金を計上しました：充当 ", p.receipt_no);
    web_yen(rs, p.allocated);
    html_text(b, "、過誤納 ");
    web_yen(rs, p.credited);
    html_text(b, "。");
    html_close(b, "p");
    /* the payment started the tap's 解除 (app_reopen): said with the order,
     * when the tap's open reopening order is the one named */
    int64_t reopen = 0;
    app_stoppage_state st;
    err_t se;
    err_clear(&se);
    const char *rq_reopen = web_query(rq, "reopen");
    if (rq_reopen && web_id_param(rq_reopen, &reopen) && !app_stoppage_state_get(&rq->ctx, p.tap_no, &st, &se) &&
        st.stopped_on[0] && st.reopen_order == reopen) {
        char wo[48];
        str_fmt(wo, sizeof wo, "/workorders/%lld", (long long)reopen);
        html_open(b, "p", "class", "notice", "role", "status", "id", "counter-reopen", NULL);
        html_text(b, "給水停止中の水栓です。開栓（停止解除）の作業指示を作成しました。");
        html_elem(b, "a", "作業指示を開く", "href", wo, "id", "counter-reopen-link", NULL);
        html_close(b, "p");
    }
    char href[64], karte[48];
    str_fmt(href, sizeof href, "/payments/%lld/receipt.pdf", (long long)p.id);
    str_fmt(karte, sizeof karte, "/karte/%s", p.tap_no);
    html_open(b, "p", "class", "actions", NULL);
    html_elem(b, "a", "領収書を印刷する（PDF）", "href", href, "class", "action", "id", "receipt-link", "accesskey", "p",
              NULL);
    html_text(b, "　");
    html_elem(b, "a", "お客様カルテに戻る", "href", karte, "id", "karte-link", NULL);
    html_close(b, "p");
    web_page_end(rq, rs);
    return 0;
}

/* ---- GET /payments/<id>/receipt.pdf --------------------------------- */

static int write_receipt(const void *r, const char *path, char *msg, size_t msgsz)
{
    return receipt_pdf_write(r, path, msg, msgsz);
}

int page_receipt_pdf(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    if (!web_path_id(rq, rs, "入金が見つかりません。", &id))
        return 0;
    app_receipt r;
    if (app_receipt_get(&rq->ctx, id, &r, &e))
        return web_fail(rq, rs, &e);
    char name[64];
    str_fmt(name, sizeof name, "receipt-%s.pdf", r.receipt_no);
    return web_send_document(rq, rs, write_receipt, &r, "application/pdf", "inline", name,
                             "領収書を作成できませんでした。");
}
