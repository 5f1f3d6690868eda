/* page_payment — the お客様カルテ's 収納状況 panel (balance, credit, every
 * payment), set-off (充当) and refund requests (還付), and the account as
 * JSON (GET /api/v1/taps/{no}/account). */
#include "web/web.h"
#include "web/web_form.h"

#include <stdlib.h>
#include <string.h>

#include "app/collect/app_payment.h"
#include "base/html.h"
#include <jansson.h>
#include "domain/role.h"

static void yen_td(web_resp *rs, long long v)
{
    html_open(&rs->body, "td", "class", "num", NULL);
    web_yen(rs, v);
    html_close(&rs->body, "td");
}

static void kv_yen(web_resp *rs, const char *th, long long v, const char *id)
{
    buf_t *b = &rs->body;
    html_open(b, "tr", NULL);
    html_elem(b, "th", th, "scope", "row", NULL);
    html_open(b, "td", "class", "num", "id", id, NULL);
    web_yen(rs, v);
    html_close(b, "td");
    html_close(b, "tr");
}

static void setoff_form(web_req *rq, web_resp *rs, const char *tap_no, const err_t *fe)
{
    buf_t *b = &rs->body;
    char action[48];
    str_fmt(action, sizeof action, "/taps/%s/setoff", tap_no);
    html_open(b, "form", "method", "post", "action", action, "class", "inline", "id", "setoff-form", NULL);
    web_csrf_field(rq, rs);
    web_form_error(rs, fe);
    web_input(rs, "充てる調定番号（空欄: 古い順）", "bill", fe ? web_form_or(rq, "bill") : "", fe, "inputmode", "numeric",
              "autocomplete", "off", NULL);
    html_elem(b, "button", "過誤納を充当する", "type", "submit", NULL);
    html_close(b, "form");
}

static void refund_form(web_req *rq, web_resp *rs, const char *tap_no, const err_t *fe)
{
    buf_t *b = &rs->body;
    char action[48];
    str_fmt(action, sizeof action, "/taps/%s/refund", tap_no);
    html_open(b, "details", "id", "refund", fe ? "open" : NULL, "", NULL);
    html_elem(b, "summary", "過誤納の還付を依頼する（係長の承認が必要）", NULL);
    html_open(b, "form", "method", "post", "action", action, "class", "inline", "id", "refund-form", NULL);
    web_csrf_field(rq, rs);
    web_form_token_field(rq, rs, "refund");
    web_form_error(rs, fe);
    web_input(rs, "還付額（円）", "amount", fe ? web_form_or(rq, "amount") : "", fe, "required", "", "inputmode",
              "numeric", "autocomplete", "off", NULL);
    static const char *const codes[] = {"transfer", "cash"};
    static const char *const labels[] = {"口座振込", "現金"};
    web_select(rs, "還付方法", "method", fe ? web_form_or(rq, "method") : "transfer", codes, labels, 2, fe);
    web_input(rs, "理由", "reason", fe ? web_form_or(rq, "reason") : "", fe, "required", "", NULL);
    html_elem(b, "button", "還付を依頼する", "type", "submit", NULL);
    html_close(b, "form");
    html_close(b, "details");
}

void web_payments_panel(web_req *rq, web_resp *rs, const char *tap_no, const app_account *acct)
{
    buf_t *b = &rs->body;
    html_open(b, "section", "id", "payments", "class", "panel wide", NULL);
    html_elem(b, "h2", "収納状況", NULL);
    if (!acct) {
        html_elem(b, "p", "収納状況を表示できません。", "class", "empty", NULL);
        html_close(b, "section");
        return;
    }
    const app_account a = *acct;
    html_open(b, "table", "class", "kv", "id", "account", NULL);
    kv_yen(rs, "調定額（有効な調定の合計）", a.billed, "acct-billed");
    kv_yen(rs, "収納額", a.paid, "acct-paid");
    kv_yen(rs, "未納額", a.balance, "acct-balance");
    kv_yen(rs, "うち納期限経過", a.overdue, "acct-overdue");
    if (a.pending)
        kv_yen(rs, "速報済み（確報待ち）", a.pending, "acct-pending");
    kv_yen(rs, "過誤納（預り金）", a.credit, "acct-credit");
    html_close(b, "table");
    if (app_can(&rq->ctx, PERM_PAYMENT_POST)) {
        char href[48];
        html_open(b, "p", "class", "actions", NULL);
        str_fmt(href, sizeof href, "/taps/%s/counter", tap_no);
        html_elem(b, "a", "窓口で入金を受ける", "href", href, "class", "action", "id", "counter-link", NULL);
        html_text(b, "　");
        str_fmt(href, sizeof href, "/taps/%s/mandate", tap_no);
        html_elem(b, "a", "口座振替の登録・確認", "href", href, "class", "action", "id", "mandate-link", NULL);
        html_close(b, "p");
        if (a.credit > 0) {
            if (a.balance > 0)
                setoff_form(rq, rs, tap_no, NULL);
            refund_form(rq, rs, tap_no, NULL);
        }
    }
    if (a.n == 0) {
        html_elem(b, "p", "入金はまだありません。", "class", "empty", NULL);
    } else {
        html_open(b, "table", "class", "list", "id", "payment-history", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">収納日</th><th scope=\"col\">計上日</th><th scope=\"col\">経路</th>"
                    "<th scope=\"col\">調定</th><th scope=\"col\" class=\"num\">金額</th>"
                    "<th scope=\"col\" class=\"num\">充当</th><th scope=\"col\" class=\"num\">過誤納</th>"
                    "<th scope=\"col\">状態・備考</th></tr></thead><tbody>");
        for (size_t i = 0; i < a.n; i++) {
            const app_payment *p = &a.payments[i];
            html_open(b, "tr", NULL);
            html_open(b, "td", NULL);
            web_date(rq, rs, p->paid_on);
            html_close(b, "td");
            html_open(b, "td", NULL);
            web_date(rq, rs, p->posted_on);
            html_close(b, "td");
            html_elem(b, "td", app_payment_channel_label(p->channel), NULL);
            html_open(b, "td", NULL);
            if (p->bill_id > 0) {
                char href[40], label[24];
                str_fmt(href, sizeof href, "/bills/%lld", (long long)p->bill_id);
                str_fmt(label, sizeof label, "%s", p->bill_cycle[0] ? p->bill_cycle : "調定");
                html_elem(b, "a", label, "href", href, NULL);
            }
            html_close(b, "td");
            yen_td(rs, p->amount);
            yen_td(rs, p->allocated);
            yen_td(rs, p->credited);
            html_open(b, "td", NULL);
            const char *state = strcmp(p->status, "suspense") == 0 ? "未消込"
                              : p->reverses > 0                   ? "取消"
                              : p->reversed_by > 0                ? "取消済み"
                                                                  : "消込済み";
            html_elem(b, "span", state, "class", strcmp(p->status, "suspense") == 0 ? "state state-held" : "state", NULL);
            if (p->receipt_no[0]) {
                char href[48];
                str_fmt(href, sizeof href, "/payments/%lld/receipt.pdf", (long long)p->id);
                html_text(b, " ");
                html_elem(b, "a", p->receipt_no, "href", href, "title", "領収書", NULL);
            }
            if (p->note[0]) {
                html_text(b, " ");
                html_text(b, p->note);
            }
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    html_close(b, "section");
}

/* A refused form is shown again on a page of its own, with what was typed. */
static int form_page(web_req *rq, web_resp *rs, const char *tap_no, const char *title, const err_t *e,
                     void (*form)(web_req *, web_resp *, const char *, const err_t *))
{
    web_page_begin(rq, rs, title, NAV_RECEPTION);
    html_open(&rs->body, "h1", NULL);
    html_textf(&rs->body, "%s（水栓 %s）", title, tap_no);
    html_close(&rs->body, "h1");
    form(rq, rs, tap_no, e);
    web_page_end(rq, rs);
    rs->status = web_status_for(e->code);
    return 0;
}

int page_tap_setoff(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    const char *tap_no = rq->param;
    int64_t bill = 0, applied = 0;
    int rc = web_form_id(rq, "bill", "調定番号は数字で入力してください。", &bill, &e);
    if (!rc)
        rc = app_credit_setoff(&rq->ctx, tap_no, bill, &applied, &e);
    if (rc) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT)
            return web_fail(rq, rs, &e);
        return form_page(rq, rs, tap_no, "過誤納の充当", &e, setoff_form);
    }
    char to[48], msg[160];
    str_fmt(to, sizeof to, "/karte/%s", tap_no);
    if (applied > 0)
        str_fmt(msg, sizeof msg, "過誤納 %lld 円を未納の調定に充当しました。", (long long)applied);
    else
        str_copy(msg, sizeof msg, "充当できる過誤納または未納の調定がありませんでした。");
    return web_redirect(rq, rs, to, msg);
}

int page_tap_refund(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    const char *tap_no = rq->param;
    int64_t amount = 0;
    int64_t approval = 0;
    const char *a = web_form_or(rq, "amount");
    app_form f;
    web_form_bind(rq, &f, "refund");
    int rc = web_digits_param(a, &amount)
                 ? app_refund_request(&rq->ctx, tap_no, amount, web_form_or(rq, "method"), web_form_or(rq, "reason"),
                                      &approval, &e)
                 : err_field(&e, "amount", "還付額は円単位の数字で入力してください。");
    rq->ctx.form = NULL;
    if (rc) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT)
            return web_fail(rq, rs, &e);
        return form_page(rq, rs, tap_no, "過誤納の還付", &e, refund_form);
    }
    char to[48], msg[160];
    str_fmt(to, sizeof to, "/karte/%s", tap_no);
    if (f.replayed)
        str_copy(msg, sizeof msg, "この還付は依頼済みです（同じ画面からの再送信は依頼していません）。");
    else
        str_fmt(msg, sizeof msg, "還付（%lld 円）を依頼しました。係長の承認後に過誤納から差し引かれます。", (long long)amount);
    return web_redirect(rq, rs, to, msg);
}

int api_tap_account(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_account a;
    if (app_account_get(&rq->ctx, rq->param, &a, &e))
        return web_fail(rq, rs, &e);
    json_t *ps = json_array();
    for (size_t i = 0; i < a.n; i++) {
        const app_payment *p = &a.payments[i];
        json_array_append_new(
            ps, json_pack("{sIsssssIsIsssssIsIsIsIssss}", "id", (json_int_t)p->id, "channel", p->channel, "status",
                          p->status, "amount", (json_int_t)p->amount, "bill_id", (json_int_t)p->bill_id, "paid_on",
                          p->paid_on, "posted_on", p->posted_on, "allocated", (json_int_t)p->allocated, "credited",
                          (json_int_t)p->credited, "reverses", (json_int_t)p->reverses, "reversed_by",
                          (json_int_t)p->reversed_by, "receipt_no", p->receipt_no, "note", p->note));
    }
    json_t *j = json_pack("{sssIsIsIsIsIsIsIsIso}", "tap_no", rq->param, "billed", (json_int_t)a.billed, "paid",
                          (json_int_t)a.paid, "balance", (json_int_t)a.balance, "overdue", (json_int_t)a.overdue,
                          "open_bills", (json_int_t)a.open_bills, "overdue_bills", (json_int_t)a.overdue_bills,
                          "pending", (json_int_t)a.pending, "credit", (json_int_t)a.credit, "payments", ps);
    app_account_free(&a);
    return web_json_reply(rs, 200, j);
}
