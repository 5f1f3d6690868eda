/* page_meter_stocktake — 棚卸: the count entered by diameter against the
 * book, the reason for each difference, sent for a second person's
 * approval (GET/POST /meters/stocktake), and a count with its lines and
 * decision (GET /meters/stocktakes/<id>). */
#include <stdlib.h>
#include <string.h>

#include "app/meter/app_meter_stock.h"
#include "base/date.h"
#include "base/html.h"
#include "domain/role.h"
#include "domain/tapinfo.h"
#include "web/meter/meter_nav.h"
#include "web/meter/meter_widgets.h"

#define MAX_LINES 16

static void count_rows(web_req *rq, web_resp *rs, const app_meter_stock_row *r, size_t n, const err_t *e)
{
    buf_t *b = &rs->body;
    html_open(b, "table", "class", "list", "id", "count", NULL);
    html_raw(b, "<caption>口径別の実数（倉庫にある在庫のメーター）</caption><thead><tr><th scope=\"col\">口径</th>"
                "<th scope=\"col\" class=\"num\">帳簿</th><th scope=\"col\">実数</th><th scope=\"col\">差異の理由</th>"
                "</tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        char f[32], lab[48], dia[16];
        str_fmt(dia, sizeof dia, "%lld", (long long)r[i].diameter);
        html_open(b, "tr", NULL);
        html_open(b, "th", "scope", "row", NULL);
        html_textf(b, "%lldmm", (long long)r[i].diameter);
        html_close(b, "th");
        web_meter_count_cell(rs, r[i].in_store);
        html_open(b, "td", NULL);
        str_fmt(f, sizeof f, "counted_%s", dia);
        str_fmt(lab, sizeof lab, "口径%smmの実数", dia);
        web_input(rs, lab, f, web_form_or(rq, f), e, "inputmode", "numeric", "required", "", "size", "6",
                  "autofocus", i == 0 ? "" : NULL, NULL);
        html_close(b, "td");
        html_open(b, "td", NULL);
        str_fmt(f, sizeof f, "reason_%s", dia);
        str_fmt(lab, sizeof lab, "口径%smmの差異の理由", dia);
        web_input(rs, lab, f, web_form_or(rq, f), e, "maxlength", "100", NULL);
        html_close(b, "td");
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
}

static void past(web_req *rq, web_resp *rs)
{
    app_meter_stocktake_info *s = NULL;
    size_t n = 0;
    err_t e;
    err_clear(&e);
    if (app_meter_stocktakes(&rq->ctx, &s, &n, &e)) {
        web_meter_error_line(rs, "これまでの棚卸を読めません", &e);
        return;
    }
    buf_t *b = &rs->body;
    html_open(b, "table", "class", "list", "id", "stocktakes", NULL);
    html_raw(b, "<caption>これまでの棚卸</caption><thead><tr><th scope=\"col\">番号</th><th scope=\"col\">棚卸日</th>"
                "<th scope=\"col\" class=\"num\">差異のある口径</th><th scope=\"col\">状態</th>"
                "<th scope=\"col\">入力者</th><th scope=\"col\">承認者</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        char href[48], id[24];
        str_fmt(href, sizeof href, "/meters/stocktakes/%lld", (long long)s[i].id);
        str_fmt(id, sizeof id, "%lld", (long long)s[i].id);
        html_open(b, "tr", NULL);
        html_open(b, "td", NULL);
        html_elem(b, "a", id, "href", href, NULL);
        html_close(b, "td");
        html_open(b, "td", NULL);
        web_date(rq, rs, s[i].counted_on);
        html_close(b, "td");
        web_meter_count_cell(rs, s[i].differences);
        html_elem(b, "td", s[i].status_label, NULL);
        html_elem(b, "td", s[i].created_by, NULL);
        html_elem(b, "td", s[i].decided_by, NULL);
        html_close(b, "tr");
    }
    if (!n)
        html_raw(b, "<tr><td colspan=\"6\">棚卸の記録はまだありません。</td></tr>");
    html_raw(b, "</tbody>");
    html_close(b, "table");
    free(s);
}

static void stocktake_page(web_req *rq, web_resp *rs, const err_t *fe)
{
    app_meter_stock_row *rows = NULL;
    size_t n = 0;
    if (!web_meter_stock_page_begin(rq, rs, "メーター棚卸", "/meters/stocktake", fe, &rows, &n))
        return;
    buf_t *b = &rs->body;
    if (app_can(&rq->ctx, PERM_METER)) {
        char today[11];
        date_format_iso(date_today_jst(), today);
        html_elem(b, "p", "倉庫で数えた在庫のメーターの数を口径ごとに入力してください。帳簿と違う口径には理由が必要です。"
                          "登録すると、別の職員（係長）の承認を依頼します。", NULL);
        html_open(b, "form", "method", "post", "action", "/meters/stocktake", "class", "grid", NULL);
        web_csrf_field(rq, rs);
        web_input(rs, "棚卸日", "counted_on", web_form(rq, "counted_on") ? web_form(rq, "counted_on") : today, fe,
                  "type", "date", "required", "", NULL);
        count_rows(rq, rs, rows, n, fe);
        web_input(rs, "備考", "note", web_form_or(rq, "note"), fe, "maxlength", "100", NULL);
        html_elem(b, "button", "棚卸を登録して承認を依頼", "type", "submit", NULL);
        html_close(b, "form");
    }
    free(rows);
    past(rq, rs);
    web_page_end(rq, rs);
}

int page_meter_stocktake_form(web_req *rq, web_resp *rs)
{
    stocktake_page(rq, rs, NULL);
    return 0;
}

int page_meter_stocktake_submit(web_req *rq, web_resp *rs)
{
    app_meter_count lines[MAX_LINES];
    char dia[MAX_LINES][8];
    size_t n = 0;
    for (size_t i = 0; TAPINFO_DIAMETERS[i] && n < MAX_LINES; i++) {
        char f[32];
        str_fmt(f, sizeof f, "counted_%d", TAPINFO_DIAMETERS[i]);
        if (!web_form(rq, f))
            continue;
        str_fmt(dia[n], sizeof dia[n], "%d", TAPINFO_DIAMETERS[i]);
        lines[n].diameter = dia[n];
        lines[n].counted = web_form(rq, f);
        str_fmt(f, sizeof f, "reason_%d", TAPINFO_DIAMETERS[i]);
        lines[n].reason = web_form(rq, f);
        n++;
    }
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    if (app_meter_stocktake(&rq->ctx, web_form(rq, "counted_on"), lines, n, web_form(rq, "note"), &id, &e)) {
        if (e.code != ERR_INVALID)
            return web_fail(rq, rs, &e);
        stocktake_page(rq, rs, &e);
        rs->status = web_status_for(e.code);
        return 0;
    }
    char loc[48];
    str_fmt(loc, sizeof loc, "/meters/stocktakes/%lld", (long long)id);
    return web_redirect(rq, rs, loc, "棚卸を登録し、承認を依頼しました。");
}

int page_meter_stocktake_show(web_req *rq, web_resp *rs)
{
    int64_t id = 0;
    if (!web_path_id(rq, rs, "棚卸が見つかりません。", &id))
        return 0;
    app_meter_stocktake_info s;
    app_meter_stocktake_line *l = NULL;
    size_t n = 0;
    err_t e;
    err_clear(&e);
    if (app_meter_stocktake_get(&rq->ctx, id, &s, &l, &n, &e))
        return web_fail(rq, rs, &e);
    char title[48];
    str_fmt(title, sizeof title, "メーター棚卸 %lld", (long long)id);
    web_page_begin(rq, rs, title, NAV_METER);
    buf_t *b = &rs->body;
    html_elem(b, "h1", title, NULL);
    web_meter_subnav(rq, rs, "");
    html_open(b, "dl", "class", "details", NULL);
    html_elem(b, "dt", "棚卸日", NULL);
    html_open(b, "dd", NULL);
    web_date(rq, rs, s.counted_on);
    html_close(b, "dd");
    html_elem(b, "dt", "状態", NULL);
    html_open(b, "dd", NULL);
    html_elem(b, "span", s.status_label, "class", strcmp(s.status, "pending") == 0 ? "state state-held" : "state",
              "id", "status", NULL);
    html_close(b, "dd");
    html_elem(b, "dt", "入力者", NULL);
    html_elem(b, "dd", s.created_by, NULL);
    html_elem(b, "dt", "承認者", NULL);
    html_elem(b, "dd", s.decided_by, NULL);
    html_elem(b, "dt", "備考", NULL);
    html_elem(b, "dd", s.note, NULL);
    html_close(b, "dl");
    html_open(b, "table", "class", "list", "id", "lines", NULL);
    html_raw(b, "<caption>口径別</caption><thead><tr><th scope=\"col\">口径</th><th scope=\"col\" class=\"num\">帳簿</th>"
                "<th scope=\"col\" class=\"num\">実数</th><th scope=\"col\" class=\"num\">差異</th>"
                "<th scope=\"col\">理由</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        html_open(b, "tr", NULL);
        html_open(b, "th", "scope", "row", NULL);
        html_textf(b, "%lldmm", (long long)l[i].diameter);
        html_close(b, "th");
        web_meter_count_cell(rs, l[i].book);
        web_meter_count_cell(rs, l[i].counted);
        web_meter_count_cell(rs, l[i].difference);
        html_elem(b, "td", l[i].reason, NULL);
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    if (strcmp(s.status, "pending") == 0 && app_can(&rq->ctx, PERM_APPROVE))
        html_elem(b, "a", "承認依頼の一覧で承認・却下する", "href", "/approvals", NULL);
    free(l);
    web_page_end(rq, rs);
    return 0;
}
