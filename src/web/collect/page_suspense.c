/* page_suspense — the suspense list (未消込): filters kept in the URL (収納日,
 * 収納経路, 金額), the count and sum of what they find, pages of
 * APP_SUSPENSE_PAGE, and on each row the one-click 「この調定に消込」 for the
 * bill the item names beside the manual form (調定番号 or 水栓番号, and a
 * reason).  Every form posts back the filters, so that the answer returns to
 * the same page of the same list. */
#include "web/web.h"
#include "web/web_form.h"
#include "web/web_internal.h"

#include <stdlib.h>
#include <string.h>

#include "app/app_form.h"
#include "app/collect/app_payment.h"
#include "app/works/app_works_receipt.h"
#include "base/html.h"
#include "domain/role.h"
#include "web/collect/collect_nav.h"

/* The list's filters as they came (query string or posted form). */
typedef struct sus_view {
    const char *status, *from, *to, *channel, *amount;
    int64_t page;
} sus_view;

static const char *const FILTER_KEYS[] = {"from", "to", "channel", "amount"};
#define NFILTERS (sizeof FILTER_KEYS / sizeof FILTER_KEYS[0])

static const char *view_value(const sus_view *v, size_t i)
{
    const char *vals[NFILTERS] = {v->from, v->to, v->channel, v->amount};
    return vals[i] ? vals[i] : "";
}

static int64_t page_number(const char *s)
{
    int64_t p = 1;
    if (!s || !web_id_param(s, &p) || p > 1000000)
        p = 1;
    return p;
}

static sus_view view_from(const web_req *rq, bool form)
{
    const char *(*get)(const web_req *, const char *) = form ? web_form : web_query;
    sus_view v = {get(rq, "status"), get(rq, "from"), get(rq, "to"), get(rq, "channel"), get(rq, "amount"),
                  page_number(get(rq, "page"))};
    if (!v.status || strcmp(v.status, "resolved") != 0)
        v.status = "open";
    return v;
}

/* /collections/suspense?… with the filters and page (the page when > 1). */
static void view_href(buf_t *h, const sus_view *v, int64_t page)
{
    buf_puts(h, "/collections/suspense");
    char sep = '?';
    if (strcmp(v->status, "open") != 0) {
        buf_printf(h, "%cstatus=", sep);
        web_percent_encode(h, v->status);
        sep = '&';
    }
    for (size_t i = 0; i < NFILTERS; i++) {
        const char *val = view_value(v, i);
        if (!*val)
            continue;
        buf_printf(h, "%c%s=", sep, FILTER_KEYS[i]);
        web_percent_encode(h, val);
        sep = '&';
    }
    if (page > 1)
        buf_printf(h, "%cpage=%lld", sep, (long long)page);
}

static void hidden(buf_t *b, const char *name, const char *value)
{
    html_open(b, "input", "type", "hidden", "name", name, "value", value ? value : "", NULL);
}

/* The filters and the page, carried by a posting form. */
static void view_hidden(buf_t *b, const sus_view *v, int64_t page)
{
    for (size_t i = 0; i < NFILTERS; i++)
        if (*view_value(v, i))
            hidden(b, FILTER_KEYS[i], view_value(v, i));
    if (page > 1) {
        char p[24];
        str_fmt(p, sizeof p, "%lld", (long long)page);
        hidden(b, "page", p);
    }
}

static void filter_form(web_req *rq, web_resp *rs, const sus_view *v, const err_t *e)
{
    buf_t *b = &rs->body;
    const err_t *fe = e && e->code == ERR_INVALID ? e : NULL;
    html_open(b, "form", "method", "get", "action", "/collections/suspense", "class", "filters", "id", "suspense-filter",
              "role", "search", "aria-label", "未消込の絞り込み", NULL);
    if (strcmp(v->status, "open") != 0)
        hidden(b, "status", v->status);
    web_input(rs, "収納日（から）", "from", v->from, fe, "type", "date", "autofocus", "", NULL);
    web_input(rs, "収納日（まで）", "to", v->to, fe, "type", "date", NULL);
    const char *codes[8], *labels[8];
    size_t n = 0;
    codes[n] = "";
    labels[n++] = "すべて";
    for (size_t i = 0; APP_PAYMENT_CHANNELS[i] && n < 8; i++) {
        codes[n] = APP_PAYMENT_CHANNELS[i];
        labels[n++] = app_payment_channel_label(APP_PAYMENT_CHANNELS[i]);
    }
    web_select(rs, "収納経路", "channel", v->channel ? v->channel : "", codes, labels, n, fe);
    web_input(rs, "金額（例: 3456、1000-5000）", "amount", v->amount, fe, "inputmode", "numeric", "autocomplete", "off",
              "size", "14", NULL);
    html_elem(b, "button", "絞り込む", "type", "submit", "id", "suspense-filter-submit", NULL);
    html_elem(b, "a", "条件を消す", "href",
              strcmp(v->status, "open") == 0 ? "/collections/suspense" : "/collections/suspense?status=resolved", "id",
              "suspense-filter-clear", NULL);
    html_close(b, "form");
}

static void pager(buf_t *b, const sus_view *v, const app_suspense_page *pg)
{
    if (pg->pages <= 1)
        return;
    html_open(b, "nav", "class", "pager", "aria-label", "未消込の一覧のページ", "id", "suspense-pager", NULL);
    buf_t h;
    buf_init(&h, 512);
    if (pg->page > 1) {
        view_href(&h, v, pg->page - 1);
        html_elem(b, "a", "← 前の50件", "href", buf_cstr(&h), "rel", "prev", "id", "suspense-prev", NULL);
    }
    html_open(b, "span", NULL);
    html_textf(b, "%lld / %lld ページ", (long long)pg->page, (long long)pg->pages);
    html_close(b, "span");
    if (pg->page < pg->pages) {
        buf_reset(&h);
        view_href(&h, v, pg->page + 1);
        html_elem(b, "a", "次の50件 →", "href", buf_cstr(&h), "rel", "next", "id", "suspense-next", NULL);
    }
    buf_free(&h);
    html_close(b, "nav");
}

/* The candidate the item names, and whether one click can resolve it. */
static bool candidate(buf_t *b, web_resp *rs, const app_suspense *s, bool open)
{
    if (s->bill_id <= 0)
        return false;
    html_open(b, "div", "class", "sub", NULL);
    html_textf(b, "候補: 調定 %lld", (long long)s->bill_id);
    if (s->tap_no[0])
        html_textf(b, "（水栓 %s）", s->tap_no);
    bool ok = false;
    if (open && strcmp(s->bill_status, "current") != 0) {
        html_text(b, " ");
        html_elem(b, "span", "取消済みの調定", "class", "state state-held", NULL);
    } else if (open && s->bill_balance <= 0) {
        html_text(b, " ");
        html_elem(b, "span", "納付済みの調定", "class", "state state-held", NULL);
    } else if (open) {
        html_text(b, " 未納 ");
        web_yen(rs, s->bill_balance);
        ok = true;
    }
    html_close(b, "div");
    return ok;
}

static void apply_form(web_req *rq, web_resp *rs, const sus_view *v, int64_t page, const app_suspense *s,
                       const char *token)
{
    buf_t *b = &rs->body;
    char action[64], bill[24], id[40], label[96];
    str_fmt(action, sizeof action, "/collections/suspense/%lld/apply", (long long)s->id);
    str_fmt(bill, sizeof bill, "%lld", (long long)s->bill_id);
    str_fmt(id, sizeof id, "apply-%lld", (long long)s->id);
    str_fmt(label, sizeof label, "未消込 %lld を調定 %lld に消込", (long long)s->id, (long long)s->bill_id);
    html_open(b, "form", "method", "post", "action", action, "class", "inline apply", NULL);
    web_csrf_field(rq, rs);
    hidden(b, "form_token", token);
    hidden(b, "bill", bill);
    view_hidden(b, v, page);
    html_elem(b, "button", "この調定に消込", "type", "submit", "id", id, "class", "apply", "title", label, NULL);
    html_close(b, "form");
}

/* A field of a row's form: its id is "s<item>-<suffix>". */
typedef struct row_field {
    const char *suffix, *name, *label, *inputmode, *size, *placeholder;
    bool required;
} row_field;

/* A row's inline form posting to action: the list's view kept, fields
 * f[0..n) (what was typed kept when e refused it), a button. */
static void row_form(web_req *rq, web_resp *rs, const sus_view *v, int64_t page, int64_t item, const char *action,
                     const row_field *f, size_t n, const char *button, const err_t *e)
{
    buf_t *b = &rs->body;
    html_open(b, "form", "method", "post", "action", action, "class", "inline resolve", NULL);
    web_csrf_field(rq, rs);
    view_hidden(b, v, page);
    for (size_t i = 0; i < n; i++) {
        char id[48];
        str_fmt(id, sizeof id, "s%lld-%s", (long long)item, f[i].suffix);
        bool bad = e && strcmp(e->field, f[i].name) == 0;
        html_open(b, "span", "class", "field", NULL);
        html_elem(b, "label", f[i].label, "for", id, NULL);
        html_open(b, "input", "id", id, "name", f[i].name, "value", e ? web_form_or(rq, f[i].name) : "", "inputmode",
                  f[i].inputmode, "size", f[i].size, "autocomplete", "off", "placeholder", f[i].placeholder, "required",
                  f[i].required ? "" : NULL, "aria-invalid", bad ? "true" : NULL, NULL);
        html_close(b, "span");
    }
    html_elem(b, "button", button, "type", "submit", NULL);
    html_close(b, "form");
}

static void resolve_form(web_req *rq, web_resp *rs, const sus_view *v, int64_t page, const app_suspense *s,
                         const err_t *e)
{
    static const row_field F[] = {
        {"bill", "bill", "調定番号", "numeric", "9", NULL, false},
        {"tap", "tap", "または水栓番号", "numeric", "9", NULL, false},
        {"note", "note", "理由（必須）", NULL, "22", NULL, true},
    };
    char action[64];
    str_fmt(action, sizeof action, "/collections/suspense/%lld", (long long)s->id);
    row_form(rq, rs, v, page, s->id, action, F, 3, "消込", e);
}

/* 「工事申込に消込」: an item belonging to no tap (a works slip's) is
 * allocated to the application typed (app_works_receipt_allocate). */
static void works_form(web_req *rq, web_resp *rs, const sus_view *v, int64_t page, const app_suspense *s,
                       const err_t *e)
{
    static const row_field F[] = {
        {"works-number", "number", "工事申込の番号", NULL, "10", "R8-00012", true},
        {"works-note", "note", "理由（必須）", NULL, "22", NULL, true},
    };
    char action[64];
    str_fmt(action, sizeof action, "/collections/suspense/%lld/works", (long long)s->id);
    row_form(rq, rs, v, page, s->id, action, F, 2, "工事申込に消込", e);
}

/* The page; bad_id: the row whose form was refused with e (0: none, e
 * about the page itself). */
static int suspense_page(web_req *rq, web_resp *rs, const sus_view *v, int64_t bad_id, const err_t *e)
{
    err_t le;
    err_clear(&le);
    app_suspense_filter f = {v->status, v->from, v->to, v->channel, v->amount, v->page};
    app_suspense_page pg;
    if (app_suspense_find(&rq->ctx, &f, &pg, &le) && le.code != ERR_INVALID)
        return web_fail(rq, rs, &le);
    bool open = strcmp(v->status, "open") == 0;
    web_page_begin(rq, rs, "未消込の入金", NAV_COLLECTION);
    buf_t *b = &rs->body;
    html_elem(b, "h1", open ? "未消込の入金" : "処理済みの未消込", NULL);
    web_collect_subnav(rq, rs, "/collections/suspense");
    const err_t *shown = le.code ? &le : e;
    web_form_error(rs, shown);
    html_open(b, "p", NULL);
    html_elem(b, "a", open ? "処理済みを表示" : "未処理を表示", "href",
              open ? "/collections/suspense?status=resolved" : "/collections/suspense", NULL);
    html_close(b, "p");
    filter_form(rq, rs, v, le.code ? &le : (e && bad_id == 0 ? e : NULL));
    bool filtered = false;
    for (size_t i = 0; i < NFILTERS; i++)
        filtered = filtered || *view_value(v, i);
    bool can = open && app_can(&rq->ctx, PERM_PAYMENT_POST);
    if (le.code) {
        /* a filter refused: no list until it is corrected */
    } else if (pg.total == 0) {
        html_elem(b, "p",
                  filtered ? "条件に合う入金はありません。"
                           : open ? "未消込の入金はありません。" : "処理済みの未消込はありません。",
                  "class", "empty", "id", "suspense-empty", NULL);
    } else {
        html_open(b, "p", "id", "suspense-count", NULL);
        html_textf(b, "%s%lld件、合計 ", filtered ? "条件に合う入金 " : "", (long long)pg.total);
        web_yen(rs, pg.sum);
        int64_t first = (pg.page - 1) * APP_SUSPENSE_PAGE + 1;
        html_textf(b, "（%lld〜%lld件目を表示）", (long long)first, (long long)(first + (int64_t)pg.n - 1));
        html_close(b, "p");
        pager(b, v, &pg);
        /* one token for the page's one-click forms: a click answers with the
         * page again, with a new one */
        char token[65] = "";
        bool any = false;
        for (size_t i = 0; can && i < pg.n; i++)
            any = any || (pg.rows[i].bill_id > 0 && pg.rows[i].bill_balance > 0 &&
                          strcmp(pg.rows[i].bill_status, "current") == 0);
        if (any)
            app_form_issue(&rq->ctx, rq->session_token, "suspense", token, NULL);
        html_open(b, "table", "class", "list", "id", "suspense", NULL);
        html_raw(b, "<caption>");
        html_text(b, open ? "未消込の入金（収納日の古い順）" : "処理済みの未消込（新しい順）");
        html_raw(b, "</caption>");
        html_raw(b, "<thead><tr><th scope=\"col\">番号</th><th scope=\"col\">経路</th><th scope=\"col\">収納日</th>"
                    "<th scope=\"col\">計上日</th><th scope=\"col\" class=\"num\">金額</th><th scope=\"col\">理由</th>"
                    "<th scope=\"col\">内容</th>");
        html_raw(b, can ? "<th scope=\"col\">処理</th>" : "<th scope=\"col\">処理結果</th>");
        html_raw(b, "</tr></thead><tbody>");
        for (size_t i = 0; i < pg.n; i++) {
            const app_suspense *s = &pg.rows[i];
            char rid[32];
            str_fmt(rid, sizeof rid, "suspense-%lld", (long long)s->id);
            html_open(b, "tr", "id", rid, NULL);
            html_open(b, "td", NULL);
            html_textf(b, "%lld", (long long)s->id);
            html_close(b, "td");
            html_elem(b, "td", app_payment_channel_label(s->channel), NULL);
            html_open(b, "td", NULL);
            web_date(rq, rs, s->paid_on);
            html_close(b, "td");
            html_open(b, "td", NULL);
            web_date(rq, rs, s->posted_on);
            html_close(b, "td");
            html_open(b, "td", "class", "num", NULL);
            web_yen(rs, s->amount);
            html_close(b, "td");
            html_elem(b, "td", app_suspense_label(s->reason), NULL);
            html_open(b, "td", NULL);
            html_text(b, s->detail);
            if (s->ref[0]) {
                html_open(b, "div", "class", "sub", NULL);
                html_textf(b, "識別番号 %s", s->ref);
                html_close(b, "div");
            }
            bool one_click = candidate(b, rs, s, open);
            html_close(b, "td");
            html_open(b, "td", "class", "actions", NULL);
            if (can) {
                if (one_click && token[0])
                    apply_form(rq, rs, v, pg.page, s, token);
                /* a refusal is shown at the form it came from (the works form sends a number) */
                bool works_refused = s->id == bad_id && web_form(rq, "number") != NULL;
                resolve_form(rq, rs, v, pg.page, s, s->id == bad_id && !works_refused ? e : NULL);
                if (!s->tap_no[0] && !one_click)
                    works_form(rq, rs, v, pg.page, s, works_refused ? e : NULL);
            } else if (!open) {
                if (s->resolved_bill > 0)
                    html_textf(b, "調定 %lld に充当", (long long)s->resolved_bill);
                html_textf(b, "（%s）%s", s->resolved_by, s->note);
            }
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
        pager(b, v, &pg);
    }
    free(pg.rows);
    web_page_end(rq, rs);
    if (shown && shown->code)
        rs->status = web_status_for(shown->code);
    return 0;
}

int page_suspense(web_req *rq, web_resp *rs)
{
    sus_view v = view_from(rq, false);
    return suspense_page(rq, rs, &v, 0, NULL);
}

/* After a posting, back to the same page of the same list. */
static int back_to_list(web_req *rq, web_resp *rs, const sus_view *v, const char *msg)
{
    buf_t h;
    buf_init(&h, 512);
    view_href(&h, v, v->page);
    int rc = web_redirect(rq, rs, buf_cstr(&h), msg);
    buf_free(&h);
    return rc;
}

int page_suspense_resolve(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0, bill = 0;
    if (!web_path_id(rq, rs, "未消込の入金が見つかりません。", &id))
        return 0;
    sus_view v = view_from(rq, true);
    app_pay_out out;
    const char *tap = web_form_or(rq, "tap");
    int rc = web_form_id(rq, "bill", "調定番号は数字で入力してください。", &bill, &e);
    if (!rc)
        rc = app_suspense_resolve(&rq->ctx, id, bill, *tap ? tap : NULL, web_form_or(rq, "note"), &out, &e);
    if (rc) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT && e.code != ERR_NOTFOUND)
            return web_fail(rq, rs, &e);
        return suspense_page(rq, rs, &v, id, &e);
    }
    char msg[200];
    str_fmt(msg, sizeof msg, "未消込 %lld を消込みました：充当 %lld 円、過誤納 %lld 円。", (long long)id, (long long)out.allocated,
            (long long)out.credited);
    return back_to_list(rq, rs, &v, msg);
}

/* POST /collections/suspense/<id>/apply: 「この調定に消込」. */
int page_suspense_apply(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0, bill = 0;
    if (!web_path_id(rq, rs, "未消込の入金が見つかりません。", &id))
        return 0;
    sus_view v = view_from(rq, true);
    app_suspense_done out;
    memset(&out, 0, sizeof out);
    app_form f;
    web_form_bind(rq, &f, "suspense");
    int rc = web_form_id(rq, "bill", "消込する調定が指定されていません。", &bill, &e);
    if (!rc)
        rc = app_suspense_apply(&rq->ctx, id, bill, &out, &e);
    rq->ctx.form = NULL;
    if (rc) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT && e.code != ERR_NOTFOUND)
            return web_fail(rq, rs, &e);
        /* (the refusal on top; the row's manual form stays empty) */
        return suspense_page(rq, rs, &v, 0, &e);
    }
    char msg[320], a[32], al[32], cr[32];
    str_thousands(out.amount, a);
    str_thousands(out.allocated, al);
    str_thousands(out.credited, cr);
    char tap[40] = " ";
    if (out.tap_no[0])
        str_fmt(tap, sizeof tap, "（水栓 %s）", out.tap_no);
    if (out.replayed)
        str_fmt(msg, sizeof msg, "未消込 %lld%sは消込済みです（同じ画面からの再送信は処理していません）。", (long long)id,
                tap);
    else
        str_fmt(msg, sizeof msg, "未消込 %lld%sの入金 \xC2\xA5%s を調定 %lld に消込みました：充当 \xC2\xA5%s、過誤納 \xC2\xA5%s。",
                (long long)id, tap, a, (long long)out.bill_id, al, cr);
    return back_to_list(rq, rs, &v, msg);
}

/* POST /collections/suspense/<id>/works: number, note (工事申込に消込). */
int page_suspense_works(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0, app_id = 0;
    if (!web_path_id(rq, rs, "未消込の入金が見つかりません。", &id))
        return 0;
    sus_view v = view_from(rq, true);
    const char *number = web_form_or(rq, "number");
    if (app_works_receipt_allocate(&rq->ctx, id, number, web_form_or(rq, "note"), &app_id, &e)) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT && e.code != ERR_NOTFOUND)
            return web_fail(rq, rs, &e);
        return suspense_page(rq, rs, &v, e.code == ERR_INVALID ? id : 0, &e);
    }
    char msg[200];
    str_fmt(msg, sizeof msg, "未消込 %lld を工事申込 %s に消し込みました。", (long long)id, number);
    return back_to_list(rq, rs, &v, msg);
}
