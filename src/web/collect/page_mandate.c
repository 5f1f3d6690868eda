/* page_mandate — a tap's direct-debit mandate (口座振替): the one in force
 * (account masked), the earlier ones, and the registration form, whose bank
 * and branch codes are looked up in the bank master and their names shown
 * (「金融機関を確認」 posts the form back without saving it, so that nothing
 * typed goes into a URL; GET ?bank=&branch= does the same for links — no
 * script needed). */
#include <stdlib.h>
#include <string.h>

#include "app/collect/app_bank.h"
#include "app/collect/app_mandate.h"
#include "base/date.h"
#include "base/html.h"
#include "domain/role.h"
#include "web/web.h"

static const char *val(web_req *rq, const char *name)
{
    const char *v = web_form(rq, name);
    if (!v)
        v = web_query(rq, name);
    return v ? v : "";
}

static void mandate_table(buf_t *b, const app_mandate *m, size_t n)
{
    html_open(b, "table", "class", "list", "id", "mandates", NULL);
    html_raw(b, "<caption>口座振替の登録</caption><thead><tr><th scope=\"col\">状態</th><th scope=\"col\">金融機関</th>"
                "<th scope=\"col\">支店</th><th scope=\"col\">預金種目</th><th scope=\"col\">口座番号</th>"
                "<th scope=\"col\">口座名義</th><th scope=\"col\">振替開始日</th><th scope=\"col\">終了日</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        html_open(b, "tr", NULL);
        html_open(b, "td", NULL);
        if (!m[i].end_on[0])
            html_elem(b, "span", "登録中", "class", "state state-ok", NULL);
        else
            html_text(b, "終了");
        html_close(b, "td");
        html_open(b, "td", NULL);
        html_textf(b, "%s %s", m[i].bank, m[i].bank_name);
        html_close(b, "td");
        html_open(b, "td", NULL);
        html_textf(b, "%s %s", m[i].branch, m[i].branch_name);
        html_close(b, "td");
        html_elem(b, "td", app_mandate_type_label(m[i].account_type), NULL);
        html_elem(b, "td", m[i].account_masked, "class", "num", NULL);
        html_elem(b, "td", m[i].holder, NULL);
        html_elem(b, "td", m[i].start_on, NULL);
        html_elem(b, "td", m[i].end_on, NULL);
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
}

static void mandate_page(web_req *rq, web_resp *rs, const err_t *e)
{
    const char *tap_no = rq->param;
    err_t le;
    err_clear(&le);
    app_mandate *m = NULL;
    size_t n = 0;
    if (app_mandate_list(&rq->ctx, tap_no, &m, &n, &le)) {
        web_fail(rq, rs, &le);
        return;
    }
    char title[64];
    str_fmt(title, sizeof title, "口座振替 水栓番号 %s", tap_no);
    web_page_begin(rq, rs, title, NAV_COLLECTION);
    buf_t *b = &rs->body;
    html_elem(b, "h1", title, NULL);
    if (n && !m[0].end_on[0]) {
        html_open(b, "p", "id", "current", NULL);
        html_textf(b, "登録中: %s %s %s支店 %s %s 名義 %s（%s から）", m[0].bank, m[0].bank_name, m[0].branch_name,
                   app_mandate_type_label(m[0].account_type), m[0].account_masked, m[0].holder, m[0].start_on);
        html_close(b, "p");
    } else
        html_elem(b, "p", "口座振替の登録はありません（納付書でのお支払いです）。", "id", "current", NULL);
    if (n)
        mandate_table(b, m, n);
    free(m);
    m = NULL;

    if (app_can(&rq->ctx, PERM_PAYMENT_POST)) {
        char action[48], back[40], today[11];
        str_fmt(action, sizeof action, "/taps/%s/mandate", tap_no);
        str_fmt(back, sizeof back, "/karte/%s", tap_no);
        date_format_iso(date_today_jst(), today);
        html_elem(b, "h2", n ? "新しい口座に変更する" : "口座振替を登録する", NULL);
        web_form_error(rs, e);
        /* the bank and branch looked up (after 「金融機関を確認」 or a refused form) */
        const char *bank = val(rq, "bank"), *branch = val(rq, "branch");
        if (*bank) {
            app_bank_info bi;
            err_t be;
            err_clear(&be);
            html_open(b, "p", "id", "bank-names", "role", "status", NULL);
            if (app_bank_lookup(&rq->ctx, bank, branch, &bi, &be) == 0) {
                html_textf(b, "金融機関: %s %s（%s）", bi.code, bi.name, bi.kana);
                if (bi.branch[0])
                    html_textf(b, "　支店: %s %s（%s）", bi.branch, bi.branch_name, bi.branch_kana);
            } else
                html_text(b, be.user);
            html_close(b, "p");
        }
        html_open(b, "form", "method", "post", "action", action, "class", "grid", NULL);
        web_csrf_field(rq, rs);
        web_input(rs, "金融機関コード（4桁）", "bank", bank, e, "inputmode", "numeric", "required", "", "pattern",
                  "[0-9]{4}", "autofocus", "", NULL);
        web_input(rs, "支店コード（3桁）", "branch", branch, e, "inputmode", "numeric", "required", "", "pattern",
                  "[0-9]{3}", NULL);
        static const char *const TY[] = {"1", "2", "9"};
        static const char *const TY_L[] = {"普通", "当座", "その他"};
        web_select(rs, "預金種目", "account_type", *val(rq, "account_type") ? val(rq, "account_type") : "1", TY, TY_L,
                   3, e);
        web_input(rs, "口座番号（7桁以内）", "account", val(rq, "account"), e, "inputmode", "numeric", "required", "",
                  "maxlength", "7", "autocomplete", "off", NULL);
        web_input(rs, "口座名義（カナ）", "holder", val(rq, "holder"), e, "required", "", "maxlength", "30",
                  "autocomplete", "off", NULL);
        web_input(rs, "振替開始日", "start_on", *val(rq, "start_on") ? val(rq, "start_on") : today, e, "type", "date",
                  "required", "", NULL);
        html_elem(b, "button", "金融機関を確認", "type", "submit", "name", "lookup", "value", "1", "formnovalidate", "",
                  NULL);
        html_elem(b, "button", "登録する", "type", "submit", NULL);
        html_elem(b, "a", "お客様カルテへ戻る", "href", back, "class", "cancel", NULL);
        html_close(b, "form");
    }
    web_page_end(rq, rs);
}

int page_mandate(web_req *rq, web_resp *rs)
{
    mandate_page(rq, rs, NULL);
    return 0;
}

int page_mandate_submit(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    if (web_form(rq, "lookup")) {   /* 「金融機関を確認」: the names shown, nothing saved */
        mandate_page(rq, rs, NULL);
        return 0;
    }
    app_mandate_in in = {.tap_no = rq->param, .bank = web_form_or(rq, "bank"), .branch = web_form_or(rq, "branch"),
                         .account_type = web_form_or(rq, "account_type"), .account = web_form_or(rq, "account"),
                         .holder = web_form_or(rq, "holder"), .start_on = web_form_or(rq, "start_on")};
    int64_t id = 0;
    if (app_mandate_add(&rq->ctx, &in, &id, &e)) {
        if (e.code != ERR_INVALID)
            return web_fail(rq, rs, &e);
        mandate_page(rq, rs, &e);
        rs->status = web_status_for(e.code);
        return 0;
    }
    char loc[48];
    str_fmt(loc, sizeof loc, "/taps/%s/mandate", rq->param);
    return web_redirect(rq, rs, loc, "口座振替を登録しました。");
}
