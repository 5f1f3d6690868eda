/* page_late_charge — 延滞金・督促手数料 on the カルテ and the arrears
 * customer page: the open charges with what each came from and how it was
 * computed, the counter payment of one (入金), its 納付書 (PDF with the
 * slip's barcode), and the 減免 by a 係長. */
#include <stdlib.h>
#include <string.h>

#include "app/arrears/app_dunning.h"
#include "app/arrears/app_late_charge.h"
#include "base/html.h"
#include "domain/role.h"
#include "report/notice_pdf.h"
#include "web/web.h"
#include "web/web_form.h"

/* Where a form sends the clerk back: the arrears customer page when it was
 * posted from there, else the カルテ of the charge's tap. */
static void back_to(web_req *rq, const app_late_charge *c, char *out, size_t outsz)
{
    const char *back = web_form_or(rq, "back");
    if (strcmp(back, "arrears") == 0)
        str_fmt(out, outsz, "/arrears/customers/%lld", (long long)c->customer_id);
    else
        str_fmt(out, outsz, "/karte/%s", c->tap_no);
}

static void charge_row(web_req *rq, web_resp *rs, const app_late_charge *c, const char *back, bool pay, bool waive)
{
    buf_t *b = &rs->body;
    char id[32], href[64];
    str_fmt(id, sizeof id, "late-charge-%lld", (long long)c->id);
    html_open(b, "tr", "id", id, NULL);
    html_open(b, "td", NULL);
    html_text(b, c->kind_label);
    if (c->service_label[0])
        html_textf(b, "（%s）", c->service_label);
    html_close(b, "td");
    html_open(b, "td", NULL);
    str_fmt(href, sizeof href, "/bills/%lld", (long long)c->bill_id);
    html_open(b, "a", "href", href, NULL);
    html_textf(b, "%s（調定番号 %lld）", c->cycle, (long long)c->bill_id);
    html_close(b, "a");
    html_close(b, "td");
    html_open(b, "td", NULL);
    if (c->basis_text[0]) {
        html_open(b, "details", NULL);
        html_elem(b, "summary", "計算の内訳", NULL);
        html_open(b, "ul", "class", "basis", NULL);
        const char *p = c->basis_text;
        while (*p) {
            const char *nl = strchr(p, '\n');
            size_t len = nl ? (size_t)(nl - p) : strlen(p);
            char line[512];
            str_fmt(line, sizeof line, "%.*s", (int)len, p);
            html_elem(b, "li", line, NULL);
            p += len + (nl ? 1 : 0);
        }
        html_close(b, "ul");
        html_close(b, "details");
    } else if (c->letter_id > 0) {
        html_textf(b, "督促状（通知書番号 %lld）の手数料", (long long)c->letter_id);
    }
    html_close(b, "td");
    html_open(b, "td", "class", "num", NULL);
    web_yen(rs, c->open_yen);
    html_close(b, "td");
    html_open(b, "td", NULL);
    web_date(rq, rs, c->due_on);
    html_close(b, "td");
    html_elem(b, "td", c->status_label, NULL);
    html_open(b, "td", NULL);
    if (pay) {
        char action[64], fid[48];
        str_fmt(action, sizeof action, "/late-charges/%lld/pay", (long long)c->id);
        str_fmt(fid, sizeof fid, "late-pay-%lld", (long long)c->id);
        html_open(b, "form", "method", "post", "action", action, "class", "inline", "id", fid, NULL);
        web_csrf_field(rq, rs);
        web_form_token_field(rq, rs, "late_charge");
        html_open(b, "input", "type", "hidden", "name", "back", "value", back, NULL);
        html_elem(b, "button", "入金", "type", "submit", NULL);
        html_close(b, "form");
    }
    str_fmt(href, sizeof href, "/late-charges/%lld/slip.pdf", (long long)c->id);
    html_elem(b, "a", "納付書", "href", href, NULL);
    if (waive) {
        char action[64], fid[48], rid[48];
        str_fmt(action, sizeof action, "/late-charges/%lld/waive", (long long)c->id);
        str_fmt(fid, sizeof fid, "late-waive-%lld", (long long)c->id);
        str_fmt(rid, sizeof rid, "f-waive-%lld", (long long)c->id);
        html_open(b, "form", "method", "post", "action", action, "class", "inline", "id", fid, NULL);
        web_csrf_field(rq, rs);
        html_open(b, "input", "type", "hidden", "name", "back", "value", back, NULL);
        html_elem(b, "label", "減免の理由", "for", rid, NULL);
        html_open(b, "input", "type", "text", "id", rid, "name", "reason", "maxlength", "60", "required", "", NULL);
        html_elem(b, "button", "減免", "type", "submit", NULL);
        html_close(b, "form");
    }
    html_close(b, "td");
    html_close(b, "tr");
}

void web_late_charges_panel(web_req *rq, web_resp *rs, const char *tap_no, int64_t customer_id)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    app_late_charge *r = NULL;
    size_t n = 0;
    html_open(b, "section", "id", "late-charges", "class", "panel wide", NULL);
    html_elem(b, "h2", "延滞金・督促手数料", NULL);
    if (app_late_charge_list(&rq->ctx, tap_no, customer_id, &r, &n, &e)) {
        html_elem(b, "p", "延滞金・督促手数料を読み込めませんでした。", "class", "error", NULL);
    } else if (n == 0) {
        html_elem(b, "p", "未納の延滞金・督促手数料はありません。", "class", "empty", "id", "late-charges-none", NULL);
    } else {
        bool pay = app_can(&rq->ctx, PERM_PAYMENT_POST), waive = app_can(&rq->ctx, PERM_APPROVE);
        const char *back = tap_no && *tap_no ? "karte" : "arrears";
        html_open(b, "table", "class", "list", "id", "late-charge-list", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">種別</th><th scope=\"col\">元の調定</th><th scope=\"col\">計算の内訳</th>"
                    "<th scope=\"col\" class=\"num\">金額</th><th scope=\"col\">納期限</th><th scope=\"col\">状態</th>"
                    "<th scope=\"col\">操作</th></tr></thead><tbody>");
        for (size_t i = 0; i < n; i++)
            charge_row(rq, rs, &r[i], back, pay, waive);
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    free(r);
    html_close(b, "section");
}

/* The charge of the path (malloc'd; NULL with e filled). */
static app_late_charge *charge_param(web_req *rq, err_t *e)
{
    int64_t id = 0;
    app_late_charge *c = malloc(sizeof *c);
    int rc = !c ? err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory")
             : !web_id_param(rq->param, &id)
                 ? err_set(e, ERR_NOTFOUND, NULL, "延滞金・督促手数料が見つかりません。", "bad late charge id")
                 : app_late_charge_get(&rq->ctx, id, c, e);
    if (rc) {
        free(c);
        return NULL;
    }
    return c;
}

/* POST /late-charges/<id>/pay */
int page_late_charge_pay(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t pid = 0;
    app_form f;
    web_form_bind(rq, &f, "late_charge");
    app_late_charge *c = charge_param(rq, &e);
    int rc = c ? app_late_charge_pay(&rq->ctx, c->id, &pid, &e) : e.code;
    rq->ctx.form = NULL;
    if (rc) {
        free(c);
        return web_fail(rq, rs, &e);
    }
    char to[64], msg[200], yen[32];
    back_to(rq, c, to, sizeof to);
    str_thousands(c->open_yen, yen);
    if (f.replayed)
        str_copy(msg, sizeof msg, "この入金は計上済みです（同じ画面からの再送信は計上していません）。");
    else
        str_fmt(msg, sizeof msg, "%s %s 円の入金を計上しました（入金番号 %lld）。", c->kind_label, yen, (long long)pid);
    free(c);
    return web_redirect(rq, rs, to, msg);
}

/* POST /late-charges/<id>/waive */
int page_late_charge_waive(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_late_charge *c = charge_param(rq, &e);
    int rc = c ? app_late_charge_waive(&rq->ctx, c->id, web_form_or(rq, "reason"), &e) : e.code;
    if (rc) {
        free(c);
        return web_fail(rq, rs, &e);
    }
    char to[64], msg[200];
    back_to(rq, c, to, sizeof to);
    str_fmt(msg, sizeof msg, "%s（調定番号 %lld）を減免しました。", c->kind_label, (long long)c->bill_id);
    free(c);
    return web_redirect(rq, rs, to, msg);
}

static int write_pdf(const void *arg, const char *path, char *msg, size_t msgsz)
{
    return notice_pdf_write(arg, 1, path, msg, msgsz);
}

/* GET /late-charges/<id>/slip.pdf */
int page_late_charge_slip(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    if (!web_path_id(rq, rs, "延滞金・督促手数料が見つかりません。", &id))
        return 0;
    app_notice_doc *d = calloc(1, sizeof *d);
    if (!d) {
        err_set(&e, ERR_INTERNAL, NULL, NULL, "out of memory");
        return web_fail(rq, rs, &e);
    }
    if (app_late_charge_slip(&rq->ctx, id, d, &e)) {
        free(d);
        return web_fail(rq, rs, &e);
    }
    char name[64];
    str_fmt(name, sizeof name, "late-charge-%lld.pdf", (long long)id);
    int rc = web_send_document(rq, rs, write_pdf, d, "application/pdf", "inline", name, "納付書の PDF を作成できませんでした。");
    free(d->bills);
    free(d);
    return rc;
}
