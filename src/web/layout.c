/* layout — the page frame and form widgets shared by every screen. */
#include "web/web.h"

#include <stdarg.h>
#include <string.h>

#include "base/date.h"
#include "base/html.h"
#include "domain/role.h"

typedef struct nav_item { int nav; const char *label; const char *href; int perm; } nav_item;

/* The whole system; href NULL = not built yet (shown disabled). */
static const nav_item NAV[] = {
    {NAV_RECEPTION, "受付", "/", PERM_CUSTOMER_VIEW},
    {NAV_READING, "検針", "/reading", PERM_READING_ENTER},
    {NAV_BILLING, "調定", "/billing", PERM_CUSTOMER_VIEW},
    {NAV_COLLECTION, "収納", "/collections", PERM_CUSTOMER_VIEW},
    {NAV_ARREARS, "滞納", "/arrears", PERM_PAYMENT_POST},
    {NAV_METER, "メーター", "/meters", PERM_METER_VIEW},
    {NAV_WORKS, "工事", "/works", PERM_WORKS_VIEW},
    {NAV_STATS, "統計", "/stats", PERM_CUSTOMER_VIEW},
};

static void nav_bar(web_req *rq, web_resp *rs, int current)
{
    buf_t *b = &rs->body;
    html_open(b, "nav", "class", "mainnav", "aria-label", "業務メニュー", NULL);
    html_open(b, "ul", NULL);
    for (size_t i = 0; i < sizeof NAV / sizeof NAV[0]; i++) {
        const nav_item *n = &NAV[i];
        html_open(b, "li", NULL);
        if (n->href && app_can(&rq->ctx, n->perm))
            html_elem(b, "a", n->label, "href", n->href, "aria-current", n->nav == current ? "page" : NULL, NULL);
        else
            html_elem(b, "span", n->label, "class", "nav-disabled", "aria-disabled", "true", "title",
                      n->href ? "権限がありません" : "未実装（今後のリリースで提供）", NULL);
        html_close(b, "li");
    }
    bool admin = app_can(&rq->ctx, PERM_USER_ADMIN), approve = app_can(&rq->ctx, PERM_APPROVE),
         audit = app_can(&rq->ctx, PERM_AUDIT_VIEW);
    html_open(b, "li", NULL);
    if (admin || approve || audit) {
        const char *href = admin ? "/admin/users" : approve ? "/approvals" : "/audit";
        html_elem(b, "a", "管理", "href", href, "aria-current", current == NAV_ADMIN ? "page" : NULL, NULL);
    } else {
        html_elem(b, "span", "管理", "class", "nav-disabled", "aria-disabled", "true", "title", "権限がありません", NULL);
    }
    html_close(b, "li");
    html_close(b, "ul");
    if (current == NAV_ADMIN) {
        html_open(b, "ul", "class", "subnav", NULL);
        if (admin) {
            html_open(b, "li", NULL);
            html_elem(b, "a", "職員アカウント", "href", "/admin/users", NULL);
            html_close(b, "li");
            html_open(b, "li", NULL);
            html_elem(b, "a", "検針端末", "href", "/admin/devices", NULL);
            html_close(b, "li");
            html_open(b, "li", NULL);
            html_elem(b, "a", "運用", "href", "/admin/operations", NULL);
            html_close(b, "li");
            html_open(b, "li", NULL);
            html_elem(b, "a", "データ移行", "href", "/admin/migration", NULL);
            html_close(b, "li");
        }
        if (approve) {
            html_open(b, "li", NULL);
            html_elem(b, "a", "承認依頼", "href", "/approvals", NULL);
            html_close(b, "li");
        }
        if (audit) {
            html_open(b, "li", NULL);
            html_elem(b, "a", "監査ログ", "href", "/audit", NULL);
            html_close(b, "li");
        }
        html_close(b, "ul");
    }
    html_close(b, "nav");
}

void web_page_begin(web_req *rq, web_resp *rs, const char *title, int nav)
{
    buf_t *b = &rs->body;
    rs->content_type = "text/html; charset=utf-8";
    html_raw(b, "<!doctype html>\n");
    html_open(b, "html", "lang", "ja", NULL);
    html_open(b, "head", NULL);
    html_open(b, "meta", "charset", "utf-8", NULL);
    html_open(b, "meta", "name", "viewport", "content", "width=device-width, initial-scale=1", NULL);
    html_open(b, "title", NULL);
    html_textf(b, "%s — suido 上下水道料金システム", title);
    html_close(b, "title");
    html_open(b, "link", "rel", "stylesheet", "href", "/static/app.css", NULL);
    if (rq->logged_in && !rq->ctx.actor.must_change)   /* who printed a page and when, on every sheet */
        html_open(b, "link", "rel", "stylesheet", "href", "/print.css", "media", "print", NULL);
    html_open(b, "script", "src", "/static/app.js", "defer", "", NULL);
    html_close(b, "script");
    html_close(b, "head");
    html_open(b, "body", NULL);
    html_elem(b, "a", "本文へ移動", "href", "#main", "class", "skip", NULL);
    html_open(b, "header", "class", "top", NULL);
    html_elem(b, "a", "suido 上下水道料金システム", "href", "/", "class", "brand", NULL);
    if (rq->logged_in) {
        if (app_can(&rq->ctx, PERM_CUSTOMER_VIEW)) {
            html_open(b, "form", "class", "globalsearch", "method", "get", "action", "/customers", "role", "search", NULL);
            const char *q = strcmp(rq->path, "/customers") == 0 ? web_query(rq, "q") : NULL;
            html_open(b, "input", "id", "global-search", "name", "q", "type", "search", "accesskey", "s",
                      "aria-label", "お客様検索（水栓番号・カナ氏名・電話番号・住所）", "placeholder",
                      "水栓番号・カナ氏名・電話番号・住所 (Alt+S)", "value", q ? q : "", "autocomplete", "off", NULL);
            html_elem(b, "button", "検索", "type", "submit", NULL);
            html_close(b, "form");
        }
        html_open(b, "div", "class", "usermenu", NULL);
        html_open(b, "span", "class", "who", NULL);
        html_textf(b, "%s（%s）", rq->ctx.actor.username, role_label(rq->ctx.actor.role));
        html_close(b, "span");
        html_elem(b, "a", "パスワード変更", "href", "/password", NULL);
        html_open(b, "form", "method", "post", "action", "/logout", "class", "inline", NULL);
        web_csrf_field(rq, rs);
        html_elem(b, "button", "ログアウト", "type", "submit", "class", "link", NULL);
        html_close(b, "form");
        html_close(b, "div");
    }
    html_close(b, "header");
    if (rq->logged_in && !rq->ctx.actor.must_change)
        nav_bar(rq, rs, nav);
    html_open(b, "main", "id", "main", NULL);
    if (rq->flash && *rq->flash)
        html_elem(b, "div", rq->flash, "class", "flash", "role", "status", NULL);
}

void web_page_end(web_req *rq, web_resp *rs)
{
    (void)rq;
    buf_t *b = &rs->body;
    html_close(b, "main");
    html_open(b, "footer", NULL);
    html_text(b, "suido — オープンソースの上下水道料金・給水工事受付システム");
    html_close(b, "footer");
    html_raw(b, "</body></html>\n");
}

void web_csrf_field(web_req *rq, web_resp *rs)
{
    html_open(&rs->body, "input", "type", "hidden", "name", "csrf", "value", rq->csrf, NULL);
}

void web_form_error(web_resp *rs, const err_t *e)
{
    if (!e || !e->code)
        return;
    html_open(&rs->body, "div", "class", "form-error", "role", "alert", "id", "form-error", NULL);
    html_text(&rs->body, e->user[0] ? e->user : err_default_user(e->code));
    html_close(&rs->body, "div");
}

static bool is_bad(const err_t *e, const char *name)
{
    return e && e->code && e->field[0] && strcmp(e->field, name) == 0;
}

/* Opens <div class="field"> with its label; id receives the control's id
 * ("f-<name>"); returns whether the field is the one at fault. */
static bool field_open(buf_t *b, const char *label, const char *name, const err_t *e, char id[80])
{
    str_fmt(id, 80, "f-%s", name);
    bool bad = is_bad(e, name);
    html_open(b, "div", "class", bad ? "field invalid" : "field", NULL);
    html_elem(b, "label", label, "for", id, NULL);
    return bad;
}

void web_input(web_resp *rs, const char *label, const char *name, const char *value, const err_t *e, ...)
{
    buf_t *b = &rs->body;
    char id[80];
    bool bad = field_open(b, label, name, e, id);
    html_raw(b, "<input");
    html_raw(b, " id=\"");
    html_esc(b, id);
    html_raw(b, "\" name=\"");
    html_esc(b, name);
    html_raw(b, "\" value=\"");
    html_esc(b, value ? value : "");
    html_raw(b, "\"");
    if (bad)
        html_raw(b, " aria-invalid=\"true\" aria-describedby=\"form-error\"");
    va_list ap;
    va_start(ap, e);
    for (;;) {
        const char *an = va_arg(ap, const char *);
        if (!an)
            break;
        const char *av = va_arg(ap, const char *);
        if (!av)
            continue;
        html_raw(b, " ");
        html_esc(b, an);
        if (*av) {
            html_raw(b, "=\"");
            html_esc(b, av);
            html_raw(b, "\"");
        }
    }
    va_end(ap);
    html_raw(b, ">");
    html_close(b, "div");
}

void web_select(web_resp *rs, const char *label, const char *name, const char *selected, const char *const *codes,
                const char *const *labels, size_t n, const err_t *e)
{
    buf_t *b = &rs->body;
    char id[80];
    bool bad = field_open(b, label, name, e, id);
    html_open(b, "select", "id", id, "name", name, "aria-invalid", bad ? "true" : NULL, "aria-describedby",
              bad ? "form-error" : NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        bool sel = selected && strcmp(selected, codes[i]) == 0;
        html_elem(b, "option", labels[i], "value", codes[i], "selected", sel ? "" : NULL, NULL);
    }
    html_close(b, "select");
    html_close(b, "div");
}

void web_date(web_req *rq, web_resp *rs, const char *iso)
{
    civil_date d;
    if (!iso || !date_parse(iso, &d)) {
        html_text(&rs->body, "—");
        return;
    }
    const char *style = config_get(rq->ctx.env->cfg, "ui.date_style", "both");
    char w[48], i[11];
    date_format_wareki(d, w, sizeof w);
    date_format_iso(d, i);
    if (strcmp(style, "wareki") == 0)
        html_text(&rs->body, w);
    else if (strcmp(style, "iso") == 0)
        html_text(&rs->body, i);
    else
        html_textf(&rs->body, "%s (%s)", w, i);
}

void web_yen(web_resp *rs, long long yen)
{
    char d[32];
    str_thousands(yen, d);
    /* the sign before the yen mark: -¥1,200 */
    html_textf(&rs->body, "%s\xC2\xA5%s", yen < 0 ? "-" : "", yen < 0 ? d + 1 : d);
}
