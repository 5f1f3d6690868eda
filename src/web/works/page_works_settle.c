/* page_works_settle — settlement on the works application page (issue 18
 * item 6): the 精算 summary (assessed, paid, 追徴, 還付) per charge, the
 * settlements made and the refunds with their state (the 還付通知書 of one
 * paid out), and for the 工事 role the 変更 form (diameter, old diameter,
 * dwellings, reason; one-time token).  A refund is approved on the
 * approvals page (/approvals) by a second person.  Thin: the rules are
 * in app/works/app_works_settle.c. */
#include "web/web.h"
#include "web/web_form.h"
#include "web/works/works_nav.h"

#include <stdlib.h>
#include <string.h>

#include "app/works/app_works_application.h"
#include "app/works/app_works_settle.h"
#include "base/html.h"
#include "domain/role.h"
#include "report/works_refund_pdf.h"

static void yen_td(web_resp *rs, int64_t v)
{
    html_open(&rs->body, "td", "class", "num", NULL);
    web_yen(rs, v);
    html_close(&rs->body, "td");
}

static void summary(web_req *rq, web_resp *rs, const app_works_settle_view *v)
{
    buf_t *b = &rs->body;
    html_open(b, "table", "class", "list", "id", "wa-settle", NULL);
    html_elem(b, "caption", "精算（料金ごと）", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">項目</th><th scope=\"col\" class=\"num\">調定額</th>"
                "<th scope=\"col\" class=\"num\">納付額</th><th scope=\"col\" class=\"num\">還付済</th>"
                "<th scope=\"col\" class=\"num\">未納額</th></tr></thead><tbody>");
    for (size_t i = 0; i < v->ncodes; i++) {
        const app_works_settle_code *c = &v->codes[i];
        char id[48];
        str_fmt(id, sizeof id, "wa-settle-%s", c->code);
        html_open(b, "tr", "id", id, NULL);
        html_elem(b, "td", c->name, NULL);
        yen_td(rs, c->assessed);
        yen_td(rs, c->paid);
        yen_td(rs, c->refunded);
        yen_td(rs, c->open);
        html_close(b, "tr");
    }
    html_raw(b, "</tbody><tfoot>");
    html_open(b, "tr", "id", "wa-settle-total", NULL);
    html_elem(b, "th", "合計", "scope", "row", NULL);
    yen_td(rs, v->assessed);
    yen_td(rs, v->paid);
    yen_td(rs, v->refunded);
    yen_td(rs, v->open);
    html_close(b, "tr");
    html_raw(b, "</tfoot>");
    html_close(b, "table");
    html_open(b, "p", "id", "wa-settle-facts", NULL);
    html_text(b, "追徴（これまでの合計） ");
    web_yen(rs, v->additional);
    html_text(b, "、還付の承認待ち ");
    web_yen(rs, v->refund_pending);
    html_close(b, "p");
    (void)rq;
}

static void history(web_req *rq, web_resp *rs, const app_works_settle_view *v)
{
    buf_t *b = &rs->body;
    if (v->nsettlements) {
        html_open(b, "table", "class", "list", "id", "wa-settlements", NULL);
        html_elem(b, "caption", "変更・取消による精算の記録（古い順）", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">日時</th><th scope=\"col\">区分</th><th scope=\"col\">理由</th>"
                    "<th scope=\"col\" class=\"num\">精算後の調定額</th><th scope=\"col\" class=\"num\">追徴</th>"
                    "<th scope=\"col\" class=\"num\">還付</th><th scope=\"col\">担当</th></tr></thead><tbody>");
        for (size_t i = 0; i < v->nsettlements; i++) {
            const app_works_settlement_item *s = &v->settlements[i];
            char when[20];
            date_format_ts_jst(s->at, when);
            html_open(b, "tr", NULL);
            html_elem(b, "td", when, NULL);
            html_elem(b, "td", s->kind_label, NULL);
            html_elem(b, "td", s->reason[0] ? s->reason : "—", NULL);
            yen_td(rs, s->assessed);
            yen_td(rs, s->additional);
            yen_td(rs, s->refund);
            html_elem(b, "td", s->by, NULL);
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    if (v->nrefunds) {
        html_open(b, "table", "class", "list", "id", "wa-refunds", NULL);
        html_elem(b, "caption", "還付", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">番号</th><th scope=\"col\" class=\"num\">還付額</th>"
                    "<th scope=\"col\">状態</th><th scope=\"col\">還付日</th><th scope=\"col\">書類</th></tr></thead><tbody>");
        for (size_t i = 0; i < v->nrefunds; i++) {
            const app_works_refund *r = &v->refunds[i];
            char id[40];
            str_fmt(id, sizeof id, "wa-refund-%lld", (long long)r->id);
            html_open(b, "tr", "id", id, NULL);
            html_open(b, "td", NULL);
            html_textf(b, "%lld", (long long)r->id);
            html_close(b, "td");
            yen_td(rs, r->amount);
            html_open(b, "td", NULL);
            html_text(b, r->status_label);
            if (strcmp(r->status, "requested") == 0 && app_can(&rq->ctx, PERM_APPROVE)) {
                html_text(b, "（");
                html_elem(b, "a", "承認の画面へ", "href", "/approvals", NULL);
                html_text(b, "）");
            }
            html_close(b, "td");
            html_open(b, "td", NULL);
            if (r->paid_on[0])
                web_date(rq, rs, r->paid_on);
            else
                html_text(b, "—");
            html_close(b, "td");
            html_open(b, "td", NULL);
            if (strcmp(r->status, "paid") == 0) {
                char href[64];
                str_fmt(href, sizeof href, "/works/refunds/%lld/notice.pdf", (long long)r->id);
                html_elem(b, "a", "還付通知書（PDF）", "href", href, NULL);
            } else {
                html_text(b, "—");
            }
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
}

static void change_form(web_req *rq, web_resp *rs, const app_works_application *a, const err_t *fe)
{
    buf_t *b = &rs->body;
    char action[48], v1[24], v2[24], v3[24];
    str_fmt(action, sizeof action, "/works/%lld/change", (long long)a->id);
    str_fmt(v1, sizeof v1, "%lld", (long long)a->diameter);
    str_fmt(v2, sizeof v2, "%lld", (long long)a->old_diameter);
    str_fmt(v3, sizeof v3, "%lld", (long long)a->dwellings);
    html_open(b, "form", "method", "post", "action", action, "id", "wa-change-form", NULL);
    web_csrf_field(rq, rs);
    web_form_token_field(rq, rs, "works-change");
    html_elem(b, "h3", "申込の変更（口径・戸数）", NULL);
    web_form_error(rs, fe);
    web_input(rs, "変更後の口径（mm）", "diameter", fe ? web_form_or(rq, "diameter") : v1, fe, "inputmode", "numeric",
              "required", "", NULL);
    if (a->type == WORKS_REMODEL)
        web_input(rs, "改造前の口径（mm）", "old_diameter", fe ? web_form_or(rq, "old_diameter") : v2, fe, "inputmode",
                  "numeric", "required", "", NULL);
    if (a->type == WORKS_COMPLEX)
        web_input(rs, "戸数", "dwellings", fe ? web_form_or(rq, "dwellings") : v3, fe, "inputmode", "numeric",
                  "required", "", NULL);
    web_input(rs, "変更の理由", "reason", fe ? web_form_or(rq, "reason") : "", fe, "maxlength", "200", "required", "",
              NULL);
    html_elem(b, "button", "変更して精算する", "type", "submit", NULL);
    html_close(b, "form");
    html_elem(b, "p",
              "申込日に効力のある料金表で計算し直します。増える額は追徴として納入通知書で請求し、納付済みの額が超える分は、"
              "別の職員の承認を経て還付します（既納の加入金と審査済みの設計審査手数料は還付しません）。",
              "class", "hint", NULL);
}

void web_works_settle_panel(web_req *rq, web_resp *rs, const app_works_application *a, const err_t *fe)
{
    buf_t *b = &rs->body;
    app_works_settle_view v;
    err_t e;
    err_clear(&e);
    html_open(b, "section", "class", "panel", "id", "wa-settle-panel", NULL);
    html_elem(b, "h2", "精算（変更・取消）", NULL);
    if (app_works_settle_view_get(&rq->ctx, a->id, &v, &e)) {
        html_elem(b, "p", "精算を読めませんでした。", "class", "error", NULL);
    } else {
        summary(rq, rs, &v);
        history(rq, rs, &v);
        app_works_settle_view_free(&v);
    }
    bool open = a->status != WORKS_ST_CANCELLED && a->status != WORKS_ST_COMPLETED;
    if (open && a->ncharges > 0 && app_can(&rq->ctx, PERM_WORKS))
        change_form(rq, rs, a, fe);
    html_close(b, "section");
}

/* POST /works/<id>/change: diameter, old_diameter, dwellings, reason */
int page_works_change(web_req *rq, web_resp *rs)
{
    int64_t id;
    if (!web_path_id(rq, rs, "該当する工事申込がありません。", &id))
        return 0;
    err_t e;
    err_clear(&e);
    app_form f;
    web_form_bind(rq, &f, "works-change");
    app_works_change_in in = {web_form_or(rq, "diameter"), web_form_or(rq, "old_diameter"),
                              web_form_or(rq, "dwellings"), web_form_or(rq, "reason")};
    app_works_settled out;
    int rc = app_works_change(&rq->ctx, id, &in, &out, &e);
    rq->ctx.form = NULL;
    if (rc) {
        if (e.code != ERR_INVALID)
            return web_fail(rq, rs, &e);
        rc = page_works_show_error(rq, rs, id, &e, WEB_WORKS_ERR_CHANGE);
        rs->status = 400;
        return rc;
    }
    char loc[48], msg[200], v1[32], v2[32];
    str_fmt(loc, sizeof loc, "/works/%lld", (long long)id);
    str_thousands(out.additional, v1);
    str_thousands(out.refund, v2);
    if (f.replayed)
        str_copy(msg, sizeof msg, "この変更は記録済みです（同じ画面からの再送信は処理していません）。");
    else
        str_fmt(msg, sizeof msg, "変更を記録し精算しました（追徴 %s 円、還付の依頼 %s 円）。", v1, v2);
    return web_redirect(rq, rs, loc, msg);
}

static int write_refund(const void *arg, const char *path, char *msg, size_t msgsz)
{
    return works_refund_pdf_write(arg, path, msg, msgsz);
}

/* GET /works/refunds/<id>/notice.pdf */
int page_works_refund_notice(web_req *rq, web_resp *rs)
{
    int64_t id;
    if (!web_path_id(rq, rs, "該当する還付がありません。", &id))
        return 0;
    err_t e;
    err_clear(&e);
    app_works_refund_doc *d = calloc(1, sizeof *d);
    if (!d) {
        err_set(&e, ERR_INTERNAL, NULL, NULL, "out of memory");
        return web_fail(rq, rs, &e);
    }
    if (app_works_refund_doc_get(&rq->ctx, id, d, &e)) {
        free(d);
        return web_fail(rq, rs, &e);
    }
    char name[96];
    str_fmt(name, sizeof name, "works-%s-refund-%lld.pdf", d->number, (long long)id);
    int rc = web_send_document(rq, rs, write_refund, d, "application/pdf", "inline", name,
                               "還付通知書の PDF を作成できませんでした。");
    web_header(rs, "Cache-Control", "no-store");
    free(d);
    return rc;
}
