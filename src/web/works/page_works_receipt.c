/* page_works_receipt — works receipts on the application page (issue 18
 * item 5): the payments that paid its charges (channel, dates, to 加入金
 * and to fees; a reversal marked), and for the collections section
 * (PERM_PAYMENT_POST) the counter's 入金 form with a one-time token (the
 * 未消込 list's 「工事申込に消込」 is page_suspense.c's).  Thin: the rules are in
 * app/works/app_works_receipt.c. */
#include "web/web.h"
#include "web/web_form.h"
#include "web/works/works_nav.h"

#include <stdlib.h>
#include <string.h>

#include "app/works/app_works_application.h"
#include "app/works/app_works_receipt.h"
#include "base/html.h"
#include "domain/role.h"

static int64_t open_total(const app_works_application *a)
{
    int64_t open = 0;
    for (size_t i = 0; i < a->ncharges; i++)
        if (a->charges[i].yen > a->charges[i].paid_yen)
            open += a->charges[i].yen - a->charges[i].paid_yen;
    return open;
}

static void payments_table(web_req *rq, web_resp *rs, const app_works_receipt *r, size_t n)
{
    buf_t *b = &rs->body;
    if (n == 0) {
        html_elem(b, "p", "この申込への入金はまだありません。", "class", "empty", "id", "wa-receipts-empty", NULL);
        return;
    }
    html_open(b, "table", "class", "list", "id", "wa-receipts", NULL);
    html_elem(b, "caption", "入金の記録（古い順）", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">入金番号</th><th scope=\"col\">収納経路</th><th scope=\"col\">収納日</th>"
                "<th scope=\"col\">計上日</th><th scope=\"col\" class=\"num\">金額</th><th scope=\"col\" class=\"num\">加入金</th>"
                "<th scope=\"col\" class=\"num\">手数料</th><th scope=\"col\">備考</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        char id[40];
        str_fmt(id, sizeof id, "wa-receipt-%lld", (long long)r[i].payment_id);
        html_open(b, "tr", "id", id, NULL);
        html_open(b, "td", NULL);
        html_textf(b, "%lld", (long long)r[i].payment_id);
        html_close(b, "td");
        html_elem(b, "td", r[i].channel_label, NULL);
        html_open(b, "td", NULL);
        web_date(rq, rs, r[i].paid_on);
        html_close(b, "td");
        html_open(b, "td", NULL);
        web_date(rq, rs, r[i].posted_on);
        html_close(b, "td");
        const int64_t v[3] = {r[i].amount, r[i].kanyukin, r[i].fees};
        for (int k = 0; k < 3; k++) {
            html_open(b, "td", "class", "num", NULL);
            web_yen(rs, v[k]);
            html_close(b, "td");
        }
        html_open(b, "td", NULL);
        if (r[i].reverses > 0)
            html_textf(b, "入金番号 %lld の取消", (long long)r[i].reverses);
        else if (r[i].reversed_by > 0)
            html_text(b, "取消済み");
        else if (r[i].receipt_no[0])
            html_textf(b, "領収書 %s", r[i].receipt_no);
        html_close(b, "td");
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
}

void web_works_receipts_panel(web_req *rq, web_resp *rs, const app_works_application *a, const err_t *fe)
{
    buf_t *b = &rs->body;
    app_works_receipt *r = NULL;
    size_t n = 0;
    err_t e;
    err_clear(&e);
    html_open(b, "section", "class", "panel", "id", "wa-receipts-panel", NULL);
    html_elem(b, "h2", "入金（収納）", NULL);
    if (app_works_receipt_list(&rq->ctx, a->id, &r, &n, &e))
        html_elem(b, "p", "入金の記録を読めませんでした。", "class", "error", NULL);
    else
        payments_table(rq, rs, r, n);
    free(r);
    int64_t open = open_total(a);
    bool takes = a->status != WORKS_ST_CANCELLED && a->status != WORKS_ST_COMPLETED && open > 0;
    if (takes && app_can(&rq->ctx, PERM_PAYMENT_POST)) {
        char action[48], v[32];
        str_fmt(action, sizeof action, "/works/%lld/pay", (long long)a->id);
        str_fmt(v, sizeof v, "%lld", (long long)open);
        html_open(b, "form", "method", "post", "action", action, "id", "wa-pay-form", NULL);
        web_csrf_field(rq, rs);
        web_form_token_field(rq, rs, "works-pay");
        web_form_error(rs, fe);
        web_input(rs, "窓口で受け取った金額（円）", "amount", fe ? web_form_or(rq, "amount") : v, fe, "inputmode", "numeric",
                  "required", "", NULL);
        web_input(rs, "領収書番号（任意）", "receipt_no", fe ? web_form_or(rq, "receipt_no") : "", fe, "maxlength", "20",
                  NULL);
        html_elem(b, "button", "窓口入金を計上する", "type", "submit", NULL);
        html_close(b, "form");
        html_elem(b, "p", "納期の早い料金（承認の前、着工の前の順）から充てます。未納額を超える金額は受けられません。", "class", "hint",
                  NULL);
    } else if (takes) {
        html_elem(b, "p", "納入通知書のバーコードでコンビニ・金融機関で納められた入金は、収納データの取込で自動的にこの申込へ消し込まれます。"
                          "窓口での入金は収納の担当者が計上します。",
                  "class", "hint", NULL);
    }
    html_close(b, "section");
}

/* POST /works/<id>/pay: amount, receipt_no (the form's one-time token) */
int page_works_pay(web_req *rq, web_resp *rs)
{
    int64_t id;
    if (!web_path_id(rq, rs, "該当する工事申込がありません。", &id))
        return 0;
    err_t e;
    err_clear(&e);
    int64_t pid = 0;
    app_form f;
    web_form_bind(rq, &f, "works-pay");
    int rc = app_works_receipt_counter(&rq->ctx, id, web_form_or(rq, "amount"), web_form_or(rq, "receipt_no"), &pid, &e);
    rq->ctx.form = NULL;
    if (rc) {
        if (e.code != ERR_INVALID)
            return web_fail(rq, rs, &e);
        rc = page_works_show_error(rq, rs, id, &e, WEB_WORKS_ERR_PAY);
        rs->status = 400;
        return rc;
    }
    char loc[48], msg[160];
    str_fmt(loc, sizeof loc, "/works/%lld", (long long)id);
    if (f.replayed)
        str_copy(msg, sizeof msg, "この入金は計上済みです（同じ画面からの再送信は計上していません）。");
    else
        str_fmt(msg, sizeof msg, "窓口入金を計上しました（入金番号 %lld）。", (long long)pid);
    return web_redirect(rq, rs, loc, msg);
}
