/* page_pledge — 交渉記録 and 分納誓約 (issue 17 item 5): the panels on the
 * customer's arrears page (and the カルテ), recording a negotiation, the
 * pledge form (the bills covered; equal monthly instalments or lines typed
 * one by one), a pledge with its schedule, what is paid, the limitation of
 * each covered bill and the PDF to sign, and the list of pledges by status.
 * Thin: every rule is in app/arrears/app_pledge.c and domain/pledge.c. */
#include "web/web.h"
#include "web/arrears/arrears_nav.h"
#include "web/web_form.h"

#include <stdlib.h>
#include <string.h>

#include "app/arrears/app_arrears.h"
#include "app/arrears/app_pledge.h"
#include "base/date.h"
#include "base/html.h"
#include "domain/pledge.h"
#include "domain/role.h"
#include "report/pledge_pdf.h"

#define FORM_LINES 12

static bool is_bad(const err_t *e, const char *name)
{
    return e && e->code && strcmp(e->field, name) == 0;
}

static void text_lines(buf_t *b, const char *s)
{
    /* line breaks as <br>, every piece escaped */
    const char *p = s;
    while (*p) {
        size_t n = strcspn(p, "\n");
        char *piece = strndup(p, n);
        if (piece) {
            html_text(b, piece);
            free(piece);
        }
        p += n;
        if (*p) {
            p++;
            if (*p)
                html_raw(b, "<br>");
        }
    }
}

static void status_badge(buf_t *b, const char *status)
{
    const char *cls = strcmp(status, "breached") == 0 ? "state state-overdue"
                      : strcmp(status, "active") == 0 ? "state state-held"
                                                      : "state";
    html_elem(b, "span", pledge_status_label(status), "class", cls, NULL);
}

/* ---- negotiations ------------------------------------------------------ */

static void negotiation_form(web_req *rq, web_resp *rs, int64_t customer_id, const err_t *fe)
{
    buf_t *b = &rs->body;
    char action[64], today[11];
    str_fmt(action, sizeof action, "/arrears/customers/%lld/negotiations", (long long)customer_id);
    date_format_iso(date_today_jst(), today);
    html_open(b, "form", "method", "post", "action", action, "class", "grid", "id", "negotiation-form", NULL);
    web_csrf_field(rq, rs);
    web_form_token_field(rq, rs, "negotiation");
    web_form_error(rs, fe);
    web_input(rs, "交渉日", "held_on", fe ? web_form_or(rq, "held_on") : today, fe, "type", "date", "required", "",
              NULL);
    size_t nch = 0;
    while (NEGOTIATION_CHANNEL_CODES[nch])
        nch++;
    web_select(rs, "方法", "channel", fe ? web_form_or(rq, "channel") : "phone", NEGOTIATION_CHANNEL_CODES,
               NEGOTIATION_CHANNEL_LABELS, nch, fe);
    bool bad = is_bad(fe, "text");
    html_open(b, "div", "class", bad ? "field invalid" : "field", NULL);
    html_elem(b, "label", "交渉内容", "for", "negotiation-text", NULL);
    html_elem(b, "textarea", fe ? web_form_or(rq, "text") : "", "id", "negotiation-text", "name", "text", "rows", "3",
              "maxlength", "2000", "required", "", "aria-invalid", bad ? "true" : NULL, "aria-describedby",
              bad ? "form-error" : NULL, NULL);
    html_close(b, "div");
    web_input(rs, "次回の対応", "next_action", fe ? web_form_or(rq, "next_action") : "", fe, "maxlength", "100", NULL);
    web_input(rs, "次回予定日", "next_on", fe ? web_form_or(rq, "next_on") : "", fe, "type", "date", NULL);
    html_open(b, "div", "class", "buttons", NULL);
    html_elem(b, "button", "交渉記録を登録する", "type", "submit", "id", "negotiation-submit", NULL);
    html_close(b, "div");
    html_close(b, "form");
}

void web_negotiations_panel(web_req *rq, web_resp *rs, int64_t customer_id, bool with_form)
{
    buf_t *b = &rs->body;
    if (!app_can(&rq->ctx, PERM_PAYMENT_POST))
        return;
    err_t e;
    err_clear(&e);
    html_open(b, "section", "id", "negotiations", "class", "panel wide", NULL);
    html_elem(b, "h2", "交渉記録", NULL);
    app_negotiation *rows = NULL;
    size_t n = 0;
    if (app_negotiation_list(&rq->ctx, customer_id, 0, &rows, &n, &e)) {
        html_elem(b, "p", e.user[0] ? e.user : "交渉記録を表示できません。", "class", "empty", NULL);
        html_close(b, "section");
        return;
    }
    if (with_form)
        negotiation_form(rq, rs, customer_id, NULL);
    if (n == 0) {
        html_elem(b, "p", "交渉記録はまだありません。", "class", "empty", NULL);
    } else {
        html_open(b, "table", "class", "list", "id", "negotiation-list", NULL);
        html_elem(b, "caption", "交渉記録（新しい順）", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">交渉日</th><th scope=\"col\">方法</th><th scope=\"col\">担当</th>"
                    "<th scope=\"col\">交渉内容</th><th scope=\"col\">次回の対応</th><th scope=\"col\">次回予定日</th>"
                    "</tr></thead><tbody>");
        for (size_t i = 0; i < n; i++) {
            const app_negotiation *x = &rows[i];
            html_open(b, "tr", NULL);
            html_open(b, "td", "class", "nowrap", NULL);
            web_date(rq, rs, x->held_on);
            html_close(b, "td");
            html_elem(b, "td", negotiation_channel_label(x->channel), NULL);
            html_elem(b, "td", x->staff, NULL);
            html_open(b, "td", "class", "contact-text", NULL);
            text_lines(b, x->text);
            html_close(b, "td");
            html_elem(b, "td", x->next_action[0] ? x->next_action : "—", NULL);
            html_open(b, "td", "class", "nowrap", NULL);
            if (x->next_on[0])
                web_date(rq, rs, x->next_on);
            else
                html_text(b, "—");
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    app_negotiations_free(rows, n);
    html_close(b, "section");
}

/* The id in the path, or the 404 page saying what was not found (*ret). */
static bool id_param(web_req *rq, web_resp *rs, const char *not_found, int64_t *id, int *ret)
{
    *ret = 0;
    return web_path_id(rq, rs, not_found, id);
}

static bool customer_param(web_req *rq, web_resp *rs, int64_t *id, int *ret)
{
    return id_param(rq, rs, "該当するお客様がありません。", id, ret);
}

int page_negotiation_add(web_req *rq, web_resp *rs)
{
    int64_t cid = 0;
    int ret = 0;
    if (!customer_param(rq, rs, &cid, &ret))
        return ret;
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    app_form once;
    web_form_bind(rq, &once, "negotiation");
    int rc = app_negotiation_add(&rq->ctx, cid, web_form_or(rq, "held_on"), web_form_or(rq, "channel"),
                                 web_form_or(rq, "text"), web_form_or(rq, "next_action"), web_form_or(rq, "next_on"),
                                 &id, &e);
    rq->ctx.form = NULL;
    if (rc) {
        if (e.code != ERR_INVALID)
            return web_fail(rq, rs, &e);
        web_page_begin(rq, rs, "交渉記録の登録", NAV_ARREARS);
        html_elem(&rs->body, "h1", "交渉記録の登録", NULL);
        negotiation_form(rq, rs, cid, &e);
        char back[64];
        str_fmt(back, sizeof back, "/arrears/customers/%lld", (long long)cid);
        html_open(&rs->body, "p", NULL);
        html_elem(&rs->body, "a", "登録せずに戻る (Esc)", "href", back, "class", "cancel", NULL);
        html_close(&rs->body, "p");
        web_page_end(rq, rs);
        rs->status = 422;
        return 0;
    }
    char loc[80];
    str_fmt(loc, sizeof loc, "/arrears/customers/%lld#negotiations", (long long)cid);
    return web_redirect(rq, rs, loc, once.replayed ? "この交渉記録は登録済みです（同じ画面からの再送信は登録していません）。"
                                                   : "交渉記録を登録しました。");
}

/* ---- pledges on the customer's page ----------------------------------- */

void web_pledges_panel(web_req *rq, web_resp *rs, int64_t customer_id)
{
    buf_t *b = &rs->body;
    if (!app_can(&rq->ctx, PERM_PAYMENT_POST))
        return;
    err_t e;
    err_clear(&e);
    html_open(b, "section", "id", "pledges", "class", "panel wide", NULL);
    html_elem(b, "h2", "分納誓約", NULL);
    app_pledge_row *rows = NULL;
    size_t n = 0;
    if (app_pledge_list_customer(&rq->ctx, customer_id, &rows, &n, &e)) {
        html_elem(b, "p", e.user[0] ? e.user : "分納誓約を表示できません。", "class", "empty", NULL);
        html_close(b, "section");
        return;
    }
    char href[64];
    str_fmt(href, sizeof href, "/arrears/customers/%lld/pledge", (long long)customer_id);
    html_open(b, "p", NULL);
    html_elem(b, "a", "分納誓約を作成する", "href", href, "id", "pledge-new", "class", "button", NULL);
    html_close(b, "p");
    if (n == 0) {
        html_elem(b, "p", "分納誓約はありません。", "class", "empty", NULL);
    } else {
        html_open(b, "table", "class", "list", "id", "pledge-list", NULL);
        html_elem(b, "caption", "分納誓約（新しい順）", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">誓約番号</th><th scope=\"col\">誓約日</th>"
                    "<th scope=\"col\" class=\"num\">金額</th><th scope=\"col\" class=\"num\">回数</th>"
                    "<th scope=\"col\">状態</th></tr></thead><tbody>");
        for (size_t i = 0; i < n; i++) {
            char rid[32], label[32];
            str_fmt(rid, sizeof rid, "pledge-%lld", (long long)rows[i].id);
            str_fmt(href, sizeof href, "/arrears/pledges/%lld", (long long)rows[i].id);
            str_fmt(label, sizeof label, "誓約 %lld", (long long)rows[i].id);
            html_open(b, "tr", "id", rid, NULL);
            html_open(b, "td", NULL);
            html_elem(b, "a", label, "href", href, NULL);
            html_close(b, "td");
            html_open(b, "td", NULL);
            web_date(rq, rs, rows[i].pledged_on);
            html_close(b, "td");
            html_open(b, "td", "class", "num", NULL);
            web_yen(rs, rows[i].total);
            html_close(b, "td");
            html_open(b, "td", "class", "num", NULL);
            html_textf(b, "%lld回", (long long)rows[i].instalments);
            html_close(b, "td");
            html_open(b, "td", "class", "pledge-status", NULL);
            status_badge(b, rows[i].status);
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    free(rows);
    html_close(b, "section");
}

/* ---- the pledge form --------------------------------------------------- */

static void pledge_form_page(web_req *rq, web_resp *rs, const app_arrears_customer *c, const err_t *fe)
{
    buf_t *b = &rs->body;
    web_page_begin(rq, rs, "分納誓約の作成", NAV_ARREARS);
    html_open(b, "h1", NULL);
    html_text(b, "分納誓約の作成　");
    html_elem(b, "span", c->name, "class", "h1-name", NULL);
    html_close(b, "h1");
    web_arrears_subnav(rq, rs, "/arrears/pledges");
    char action[64], back[64];
    str_fmt(action, sizeof action, "/arrears/customers/%lld/pledge", (long long)c->customer_id);
    str_fmt(back, sizeof back, "/arrears/customers/%lld", (long long)c->customer_id);
    if (c->n == 0) {
        html_elem(b, "p", "期限を過ぎた未納の調定がないため、分納誓約は作成できません。", "class", "empty", NULL);
    } else {
        html_open(b, "form", "method", "post", "action", action, "id", "pledge-form", NULL);
        web_csrf_field(rq, rs);
        web_form_token_field(rq, rs, "pledge");
        web_form_error(rs, fe);
        bool bad = is_bad(fe, "bills");
        html_open(b, "fieldset", "class", bad ? "invalid" : NULL, NULL);
        html_elem(b, "legend", "対象の調定（期限経過の未納）", NULL);
        html_open(b, "table", "class", "list", "id", "pledge-bills", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">対象</th><th scope=\"col\">水栓番号</th><th scope=\"col\">調定</th>"
                    "<th scope=\"col\">納期限</th><th scope=\"col\" class=\"num\">未納額</th></tr></thead><tbody>");
        for (size_t i = 0; i < c->n; i++) {
            const app_arrears_bill *x = &c->bills[i];
            char name[32], id[40], label[64];
            str_fmt(name, sizeof name, "bill_%lld", (long long)x->bill_id);
            str_fmt(id, sizeof id, "pledge-bill-%lld", (long long)x->bill_id);
            str_fmt(label, sizeof label, "調定 %lld（%s）", (long long)x->bill_id, x->cycle);
            bool checked = fe ? web_form(rq, name) != NULL : true;
            html_open(b, "tr", NULL);
            html_open(b, "td", NULL);
            html_open(b, "input", "type", "checkbox", "id", id, "name", name, "value", "1", "checked",
                      checked ? "" : NULL, "aria-invalid", bad ? "true" : NULL, NULL);
            html_close(b, "td");
            html_elem(b, "td", x->tap_no, NULL);
            html_open(b, "td", NULL);
            html_elem(b, "label", label, "for", id, NULL);
            html_close(b, "td");
            html_open(b, "td", NULL);
            web_date(rq, rs, x->due_on);
            html_close(b, "td");
            html_open(b, "td", "class", "num", NULL);
            web_yen(rs, x->balance);
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
        html_close(b, "fieldset");
        const char *mode = fe ? web_form_or(rq, "mode") : "equal";
        bool lines = strcmp(mode, "lines") == 0;
        html_open(b, "fieldset", NULL);
        html_elem(b, "legend", "分納の指定方法", NULL);
        html_open(b, "div", "class", "field", NULL);
        html_open(b, "input", "type", "radio", "id", "pledge-mode-equal", "name", "mode", "value", "equal", "checked",
                  lines ? NULL : "", NULL);
        html_elem(b, "label", "均等割（毎月の同じ日）", "for", "pledge-mode-equal", NULL);
        html_open(b, "input", "type", "radio", "id", "pledge-mode-lines", "name", "mode", "value", "lines", "checked",
                  lines ? "" : NULL, NULL);
        html_elem(b, "label", "1回ずつ入力", "for", "pledge-mode-lines", NULL);
        html_close(b, "div");
        html_close(b, "fieldset");
        html_open(b, "fieldset", "class", "grid", "id", "pledge-equal", NULL);
        html_elem(b, "legend", "均等割", NULL);
        web_input(rs, "分納回数", "count", fe ? web_form_or(rq, "count") : "3", fe, "inputmode", "numeric", "size", "4",
                  NULL);
        web_input(rs, "初回納付日", "first", fe ? web_form_or(rq, "first") : "", fe, "type", "date", NULL);
        html_close(b, "fieldset");
        html_open(b, "fieldset", "id", "pledge-lines", NULL);
        html_elem(b, "legend", "1回ずつ入力（空欄の行は使いません）", NULL);
        html_open(b, "table", "class", "list", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">回</th><th scope=\"col\">納付日</th><th scope=\"col\">金額（円）</th>"
                    "</tr></thead><tbody>");
        for (int k = 1; k <= FORM_LINES; k++) {
            char dn[16], an[16], dl[48], al[48], no[16];
            str_fmt(dn, sizeof dn, "due_%d", k);
            str_fmt(an, sizeof an, "amount_%d", k);
            str_fmt(dl, sizeof dl, "第%d回の納付日", k);
            str_fmt(al, sizeof al, "第%d回の金額", k);
            str_fmt(no, sizeof no, "%d", k);
            html_open(b, "tr", NULL);
            html_elem(b, "td", no, NULL);
            html_open(b, "td", NULL);
            html_open(b, "input", "type", "date", "name", dn, "id", dn, "aria-label", dl, "value",
                      fe ? web_form_or(rq, dn) : "", "aria-invalid", is_bad(fe, dn) ? "true" : NULL, NULL);
            html_close(b, "td");
            html_open(b, "td", NULL);
            html_open(b, "input", "type", "text", "inputmode", "numeric", "name", an, "id", an, "aria-label", al, "value",
                      fe ? web_form_or(rq, an) : "", "aria-invalid", is_bad(fe, an) ? "true" : NULL, NULL);
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
        html_close(b, "fieldset");
        html_open(b, "div", "class", "buttons", NULL);
        html_elem(b, "button", "分納誓約を作成する", "type", "submit", "id", "pledge-submit", NULL);
        html_elem(b, "a", "作成せずに戻る (Esc)", "href", back, "class", "cancel", NULL);
        html_close(b, "div");
        html_close(b, "form");
    }
    web_page_end(rq, rs);
}

int page_pledge_form(web_req *rq, web_resp *rs)
{
    int64_t cid = 0;
    int ret = 0;
    if (!customer_param(rq, rs, &cid, &ret))
        return ret;
    err_t e;
    err_clear(&e);
    app_arrears_customer c;
    if (app_arrears_customer_get(&rq->ctx, cid, &c, &e))
        return web_fail(rq, rs, &e);
    pledge_form_page(rq, rs, &c, NULL);
    app_arrears_customer_free(&c);
    return 0;
}

int page_pledge_submit(web_req *rq, web_resp *rs)
{
    int64_t cid = 0;
    int ret = 0;
    if (!customer_param(rq, rs, &cid, &ret))
        return ret;
    err_t e;
    err_clear(&e);
    app_arrears_customer c;
    if (app_arrears_customer_get(&rq->ctx, cid, &c, &e))
        return web_fail(rq, rs, &e);
    int64_t *bills = calloc(c.n ? c.n : 1, sizeof *bills);
    if (!bills) {
        app_arrears_customer_free(&c);
        err_set(&e, ERR_INTERNAL, NULL, NULL, "out of memory");
        return web_fail(rq, rs, &e);
    }
    size_t nb = 0;
    for (size_t i = 0; i < c.n; i++) {
        char name[32];
        str_fmt(name, sizeof name, "bill_%lld", (long long)c.bills[i].bill_id);
        if (web_form(rq, name))
            bills[nb++] = c.bills[i].bill_id;
    }
    char dn[FORM_LINES][16], an[FORM_LINES][16];
    const char *due[FORM_LINES], *amount[FORM_LINES];
    for (int k = 0; k < FORM_LINES; k++) {
        str_fmt(dn[k], sizeof dn[k], "due_%d", k + 1);
        str_fmt(an[k], sizeof an[k], "amount_%d", k + 1);
        due[k] = web_form_or(rq, dn[k]);
        amount[k] = web_form_or(rq, an[k]);
    }
    int64_t id = 0;
    int rc;
    app_form once;
    memset(&once, 0, sizeof once);
    if (nb == 0) {
        rc = err_field(&e, "bills", "分納の対象とする調定を1件以上選んでください。");
    } else {
        app_pledge_input in = {.customer_id = cid, .bills = bills, .nbills = nb, .mode = web_form_or(rq, "mode"),
                               .count = web_form_or(rq, "count"), .first = web_form_or(rq, "first"), .due = due,
                               .amount = amount, .nlines = FORM_LINES};
        web_form_bind(rq, &once, "pledge");
        rc = app_pledge_create(&rq->ctx, &in, &id, &e);
        rq->ctx.form = NULL;
    }
    free(bills);
    if (rc) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT) {
            app_arrears_customer_free(&c);
            return web_fail(rq, rs, &e);
        }
        pledge_form_page(rq, rs, &c, &e);
        app_arrears_customer_free(&c);
        rs->status = 422;
        return 0;
    }
    app_arrears_customer_free(&c);
    char loc[48], flash[256];
    str_fmt(loc, sizeof loc, "/arrears/pledges/%lld", (long long)id);
    if (once.replayed)
        str_fmt(flash, sizeof flash, "この分納誓約（誓約番号 %lld）は作成済みです（同じ画面からの再送信は登録していません）。",
                (long long)id);
    else
        str_fmt(flash, sizeof flash, "分納誓約（誓約番号 %lld）を作成しました。誓約書を印刷して署名を受けてください。",
                (long long)id);
    return web_redirect(rq, rs, loc, flash);
}

/* ---- one pledge ---------------------------------------------------------- */

static bool pledge_param(web_req *rq, web_resp *rs, int64_t *id, int *ret)
{
    return id_param(rq, rs, "該当する分納誓約がありません。", id, ret);
}

int page_pledge(web_req *rq, web_resp *rs)
{
    int64_t id = 0;
    int ret = 0;
    if (!pledge_param(rq, rs, &id, &ret))
        return ret;
    err_t e;
    err_clear(&e);
    app_pledge p;
    if (app_pledge_get(&rq->ctx, id, "view", &p, &e))
        return web_fail(rq, rs, &e);
    buf_t *b = &rs->body;
    char title[64], href[80];
    str_fmt(title, sizeof title, "分納誓約 %lld", (long long)p.id);
    web_page_begin(rq, rs, title, NAV_ARREARS);
    html_open(b, "h1", NULL);
    html_textf(b, "%s　", title);
    html_elem(b, "span", p.name, "class", "h1-name", NULL);
    html_close(b, "h1");
    web_arrears_subnav(rq, rs, "/arrears/pledges");
    html_open(b, "p", NULL);
    str_fmt(href, sizeof href, "/arrears/customers/%lld", (long long)p.customer_id);
    html_elem(b, "a", "← お客様の滞納", "href", href, NULL);
    html_close(b, "p");
    html_open(b, "p", "id", "pledge-summary", NULL);
    html_text(b, "状態 ");
    status_badge(b, p.status);
    html_text(b, "　誓約日 ");
    web_date(rq, rs, p.pledged_on);
    html_text(b, "　分納額合計 ");
    web_yen(rs, p.total);
    html_text(b, "　誓約後の納付 ");
    web_yen(rs, p.paid);
    html_textf(b, "　納付済み %zu / %zu回", p.met, p.ninst);
    if (p.closed_on[0]) {
        html_text(b, "　確定日 ");
        web_date(rq, rs, p.closed_on);
    }
    html_close(b, "p");
    if (strcmp(p.status, "breached") == 0)
        html_elem(b, "p", "納付日から猶予期間を過ぎても未納の回があるため、この分納誓約は不履行です。給水停止の手続の対象に戻ります。",
                  "class", "notice", "id", "pledge-breached", NULL);
    html_open(b, "p", NULL);
    str_fmt(href, sizeof href, "/arrears/pledges/%lld/pledge.pdf", (long long)p.id);
    html_elem(b, "a", "分納誓約書（PDF）", "href", href, "id", "pledge-pdf", NULL);
    html_close(b, "p");
    /* the schedule */
    html_open(b, "table", "class", "list", "id", "pledge-schedule", NULL);
    html_elem(b, "caption", "分納計画（納付は調定への消込から日付順に充当）", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">回</th><th scope=\"col\">納付日</th><th scope=\"col\">猶予の最終日</th>"
                "<th scope=\"col\" class=\"num\">金額</th><th scope=\"col\" class=\"num\">累計</th>"
                "<th scope=\"col\">納付</th></tr></thead><tbody>");
    for (size_t i = 0; i < p.ninst; i++) {
        const app_pledge_inst *x = &p.inst[i];
        char rid[32], no[16];
        str_fmt(rid, sizeof rid, "inst-%d", x->seq);
        str_fmt(no, sizeof no, "第%d回", x->seq);
        html_open(b, "tr", "id", rid, NULL);
        html_elem(b, "td", no, NULL);
        html_open(b, "td", NULL);
        web_date(rq, rs, x->due_on);
        html_close(b, "td");
        html_open(b, "td", NULL);
        web_date(rq, rs, x->grace_end);
        html_close(b, "td");
        html_open(b, "td", "class", "num", NULL);
        web_yen(rs, x->amount);
        html_close(b, "td");
        html_open(b, "td", "class", "num", NULL);
        web_yen(rs, x->cum);
        html_close(b, "td");
        bool late = !x->met && strcmp(x->grace_end, p.today) < 0;
        html_open(b, "td", NULL);
        html_elem(b, "span", x->met ? "納付済み" : late ? "未納（期限経過）" : "未納", "class",
                  x->met ? "state" : late ? "state state-overdue" : "state state-held", NULL);
        html_close(b, "td");
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    /* the bills covered and their limitation */
    html_open(b, "table", "class", "list", "id", "pledge-covered", NULL);
    html_elem(b, "caption", "対象の調定と消滅時効（分納誓約の日と一部納付は債務の承認として時効を更新）", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">水栓番号</th><th scope=\"col\">調定</th><th scope=\"col\">納期限</th>"
                "<th scope=\"col\" class=\"num\">誓約時の未納額</th><th scope=\"col\" class=\"num\">現在の未納額</th>"
                "<th scope=\"col\">承認の日</th><th scope=\"col\">時効完成（水道料金）</th>"
                "<th scope=\"col\">時効完成（下水道使用料）</th></tr></thead><tbody>");
    for (size_t i = 0; i < p.nbills; i++) {
        const app_pledge_bill *x = &p.bills[i];
        char rid[40], label[32];
        str_fmt(rid, sizeof rid, "covered-%lld", (long long)x->bill_id);
        html_open(b, "tr", "id", rid, NULL);
        html_elem(b, "td", x->tap_no, NULL);
        html_open(b, "td", NULL);
        str_fmt(href, sizeof href, "/bills/%lld", (long long)x->bill_id);
        str_fmt(label, sizeof label, "調定 %lld", (long long)x->bill_id);
        html_elem(b, "a", label, "href", href, NULL);
        html_close(b, "td");
        html_open(b, "td", NULL);
        web_date(rq, rs, x->due_on);
        html_close(b, "td");
        html_open(b, "td", "class", "num", NULL);
        web_yen(rs, x->amount);
        html_close(b, "td");
        html_open(b, "td", "class", "num", NULL);
        web_yen(rs, x->balance);
        html_close(b, "td");
        html_elem(b, "td", x->acks[0] ? x->acks : "—", "class", "acks", NULL);
        html_elem(b, "td", x->barred_water[0] ? x->barred_water : "—", "class", "barred-water", NULL);
        html_elem(b, "td", x->barred_sewer[0] ? x->barred_sewer : "—", "class", "barred-sewer", NULL);
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    if (strcmp(p.status, "active") == 0) {
        str_fmt(href, sizeof href, "/arrears/pledges/%lld/cancel", (long long)p.id);
        html_open(b, "form", "method", "post", "action", href, "class", "inline", "id", "pledge-cancel-form", NULL);
        web_csrf_field(rq, rs);
        html_elem(b, "button", "この分納誓約を取り消す", "type", "submit", "id", "pledge-cancel", NULL);
        html_close(b, "form");
    }
    app_pledge_free(&p);
    web_page_end(rq, rs);
    return 0;
}

typedef struct pdf_arg { const app_pledge *p; const char *utility; } pdf_arg;

static int write_pdf(const void *arg, const char *path, char *msg, size_t msgsz)
{
    const pdf_arg *a = arg;
    return pledge_pdf_write(a->p, a->utility, path, msg, msgsz);
}

int page_pledge_pdf(web_req *rq, web_resp *rs)
{
    int64_t id = 0;
    int ret = 0;
    if (!pledge_param(rq, rs, &id, &ret))
        return ret;
    err_t e;
    err_clear(&e);
    app_pledge p;
    if (app_pledge_get(&rq->ctx, id, "print", &p, &e))
        return web_fail(rq, rs, &e);
    pdf_arg a = {&p, app_utility_name(&rq->ctx)};
    char name[48];
    str_fmt(name, sizeof name, "pledge-%lld.pdf", (long long)id);
    int rc = web_send_document(rq, rs, write_pdf, &a, "application/pdf", "inline", name,
                               "分納誓約書を作成できませんでした。");
    app_pledge_free(&p);
    return rc;
}

int page_pledge_cancel(web_req *rq, web_resp *rs)
{
    int64_t id = 0;
    int ret = 0;
    if (!pledge_param(rq, rs, &id, &ret))
        return ret;
    err_t e;
    err_clear(&e);
    char action[48], back[48];
    str_fmt(action, sizeof action, "/arrears/pledges/%lld/cancel", (long long)id);
    str_fmt(back, sizeof back, "/arrears/pledges/%lld", (long long)id);
    if (!web_form(rq, "confirmed")) {   /* a second screen asks first */
        buf_t *b = &rs->body;
        web_page_begin(rq, rs, "分納誓約の取消", NAV_ARREARS);
        html_elem(b, "h1", "分納誓約の取消", NULL);
        html_open(b, "p", NULL);
        html_textf(b, "分納誓約（誓約番号 %lld）を取り消します。取り消した誓約は元に戻せません。よろしいですか。", (long long)id);
        html_close(b, "p");
        html_open(b, "form", "method", "post", "action", action, "id", "pledge-cancel-confirm-form", NULL);
        web_csrf_field(rq, rs);
        html_open(b, "input", "type", "hidden", "name", "confirmed", "value", "1", NULL);
        html_open(b, "div", "class", "buttons", NULL);
        html_elem(b, "button", "取り消す", "type", "submit", "id", "pledge-cancel-confirm", NULL);
        html_elem(b, "a", "取り消さずに戻る (Esc)", "href", back, "class", "cancel", NULL);
        html_close(b, "div");
        html_close(b, "form");
        web_page_end(rq, rs);
        return 0;
    }
    if (app_pledge_cancel(&rq->ctx, id, &e))
        return web_fail(rq, rs, &e);
    return web_redirect(rq, rs, back, "分納誓約を取り消しました。");
}

/* ---- the list by status ------------------------------------------------ */

int page_pledges(web_req *rq, web_resp *rs)
{
    const char *status = web_query(rq, "status");
    if (!status || !*status)
        status = "active";
    err_t e;
    err_clear(&e);
    app_pledge_row *rows = NULL;
    size_t n = 0;
    int rc = app_pledge_list_status(&rq->ctx, status, &rows, &n, &e);
    if (rc && e.code != ERR_INVALID)
        return web_fail(rq, rs, &e);
    buf_t *b = &rs->body;
    web_page_begin(rq, rs, "分納誓約", NAV_ARREARS);
    html_elem(b, "h1", "分納誓約", NULL);
    web_arrears_subnav(rq, rs, "/arrears/pledges");
    static const char *const ST[] = {"active", "breached", "kept", "cancelled"};
    html_open(b, "nav", "class", "tabs", "aria-label", "状態", NULL);
    for (size_t i = 0; i < 4; i++) {
        char href[48];
        str_fmt(href, sizeof href, "/arrears/pledges?status=%s", ST[i]);
        html_elem(b, "a", pledge_status_label(ST[i]), "href", href, "aria-current",
                  strcmp(status, ST[i]) == 0 ? "page" : NULL, NULL);
    }
    html_close(b, "nav");
    web_form_error(rs, rc ? &e : NULL);
    if (!rc && n == 0)
        html_elem(b, "p", "該当する分納誓約はありません。", "class", "empty", "id", "pledges-empty", NULL);
    if (!rc && n) {
        html_open(b, "table", "class", "list", "id", "pledges", NULL);
        html_elem(b, "caption", strcmp(status, "breached") == 0 ? "不履行の分納誓約（給水停止の手続の対象）" : "分納誓約",
                  NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">誓約番号</th><th scope=\"col\">お客様</th><th scope=\"col\">誓約日</th>"
                    "<th scope=\"col\" class=\"num\">金額</th><th scope=\"col\" class=\"num\">回数</th>"
                    "<th scope=\"col\">状態</th><th scope=\"col\">確定日</th></tr></thead><tbody>");
        for (size_t i = 0; i < n; i++) {
            char href[64], label[32], rid[32];
            str_fmt(rid, sizeof rid, "pledge-%lld", (long long)rows[i].id);
            html_open(b, "tr", "id", rid, NULL);
            html_open(b, "td", NULL);
            str_fmt(href, sizeof href, "/arrears/pledges/%lld", (long long)rows[i].id);
            str_fmt(label, sizeof label, "誓約 %lld", (long long)rows[i].id);
            html_elem(b, "a", label, "href", href, NULL);
            html_close(b, "td");
            html_open(b, "td", NULL);
            str_fmt(href, sizeof href, "/arrears/customers/%lld", (long long)rows[i].customer_id);
            html_elem(b, "a", rows[i].name, "href", href, NULL);
            html_close(b, "td");
            html_open(b, "td", NULL);
            web_date(rq, rs, rows[i].pledged_on);
            html_close(b, "td");
            html_open(b, "td", "class", "num", NULL);
            web_yen(rs, rows[i].total);
            html_close(b, "td");
            html_open(b, "td", "class", "num", NULL);
            html_textf(b, "%lld回", (long long)rows[i].instalments);
            html_close(b, "td");
            html_open(b, "td", NULL);
            status_badge(b, rows[i].status);
            html_close(b, "td");
            html_open(b, "td", NULL);
            if (rows[i].closed_on[0])
                web_date(rq, rs, rows[i].closed_on);
            else
                html_text(b, "—");
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    free(rows);
    web_page_end(rq, rs);
    if (rc)
        rs->status = 422;
    return 0;
}
