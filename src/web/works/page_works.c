/* page_works — 工事申込の検索 (issue 18 item 4): search by number, status,
 * type, contractor, area, received dates and overdue ([works]
 * overdue_days), in pages, and every row as CSV (UTF-8 with BOM or
 * Shift_JIS) or Excel.  No personal data in the list.  Thin: the rules
 * are in app/works/app_works_application.c. */
#include "web/web.h"
#include "web/web_list.h"
#include "web/works/works_nav.h"

#include <stdlib.h>
#include <string.h>

#include "app/works/app_works_application.h"
#include "base/html.h"
#include "domain/role.h"
#include "report/works_application_csv.h"
#include "report/works_application_xlsx.h"

#define BASE "/works"

static const char *const KEYS[] = {"number", "status", "type", "contractor", "area", "from", "to", "overdue"};
#define NKEYS (sizeof KEYS / sizeof KEYS[0])

static web_list_view view_from(const web_req *rq)
{
    return web_list_view_from(rq, BASE, KEYS, NKEYS);
}

static const char *val(const web_list_view *v, size_t i)
{
    return v->v[i];
}

/* Every value as the URL gave it ("" absent: no condition). */
static app_works_query query_of(const web_list_view *v, int64_t per_page)
{
    app_works_query q = {v->v[0], v->v[1], v->v[2], v->v[3], v->v[4], v->v[5], v->v[6], v->v[7], v->page, per_page};
    return q;
}

static void filter_form(web_req *rq, web_resp *rs, const web_list_view *v, const err_t *fe)
{
    buf_t *b = &rs->body;
    html_open(b, "form", "method", "get", "action", BASE, "class", "filters", "id", "wa-filter", "role", "search",
              "aria-label", "工事申込の検索", NULL);
    web_input(rs, "申込番号", "number", val(v, 0), fe, "size", "10", "autocomplete", "off", "autofocus", "autofocus",
              "placeholder", "R8-00001", NULL);
    web_works_enum_select(rs, "状態", "status", val(v, 1), WORKS_NSTATUSES, works_status_code, works_status_label,
                          "すべて", fe);
    web_works_enum_select(rs, "申込種別", "type", val(v, 2), WORKS_NTYPES, web_works_type_code,
                          works_application_type_label, "すべて", fe);
    app_works_choice *cs = NULL, *es = NULL;
    size_t nc = 0, ne = 0;
    err_t ce;
    err_clear(&ce);
    if (app_works_choices(&rq->ctx, true, &cs, &nc, &es, &ne, &ce) == 0)
        web_works_choice_select(rs, "指定工事事業者", "contractor", val(v, 3), cs, nc, "すべて", fe);
    free(cs);
    free(es);
    web_works_area_select(rq, rs, "町丁目", "area", val(v, 4), "すべて", fe);
    web_input(rs, "申込日（から）", "from", val(v, 5), fe, "type", "date", NULL);
    web_input(rs, "申込日（まで）", "to", val(v, 6), fe, "type", "date", NULL);
    static const char *const OC[] = {"", "1"}, *const OL[] = {"すべて", "滞留しているもの"};
    web_select(rs, "滞留", "overdue", val(v, 7), OC, OL, 2, fe);
    html_elem(b, "button", "検索", "type", "submit", "id", "wa-filter-submit", NULL);
    html_elem(b, "a", "条件を消す", "href", BASE, "id", "wa-filter-clear", NULL);
    html_close(b, "form");
}

static void row_html(web_req *rq, web_resp *rs, const app_works_row *r)
{
    buf_t *b = &rs->body;
    char rid[32], href[48], dia[48];
    str_fmt(rid, sizeof rid, "wa-%lld", (long long)r->id);
    str_fmt(href, sizeof href, BASE "/%lld", (long long)r->id);
    html_open(b, "tr", "id", rid, NULL);
    html_open(b, "td", NULL);
    html_elem(b, "a", r->number, "href", href, NULL);
    html_close(b, "td");
    html_elem(b, "td", works_application_type_label(r->type), NULL);
    html_open(b, "td", NULL);
    web_works_status_badge(b, r->status, r->overdue);
    html_close(b, "td");
    html_open(b, "td", "class", "nowrap", NULL);
    web_date(rq, rs, r->received_on);
    html_close(b, "td");
    html_open(b, "td", "class", "nowrap", NULL);
    web_date(rq, rs, r->status_on);
    html_close(b, "td");
    html_open(b, "td", "class", "num", NULL);
    if (works_status_open(r->status))
        html_textf(b, "%lld日", (long long)r->days_open);
    else
        html_text(b, "—");
    html_close(b, "td");
    html_elem(b, "td", r->contractor_name, NULL);
    html_elem(b, "td", r->area_name, NULL);
    html_elem(b, "td", r->tap_no[0] ? r->tap_no : "—", NULL);
    works_application_diameter_text(r, dia, sizeof dia);
    html_elem(b, "td", dia, "class", "num", NULL);
    html_close(b, "tr");
}

void web_works_list_table(web_req *rq, web_resp *rs, const app_works_page *pg, const char *id, const char *caption)
{
    buf_t *b = &rs->body;
    html_open(b, "table", "class", "list", "id", id, NULL);
    html_elem(b, "caption", caption, NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">申込番号</th><th scope=\"col\">種別</th><th scope=\"col\">状態</th>"
                "<th scope=\"col\">申込日</th><th scope=\"col\">最終手続日</th><th scope=\"col\" class=\"num\">経過</th>"
                "<th scope=\"col\">指定工事事業者</th><th scope=\"col\">町丁目</th><th scope=\"col\">水栓番号</th>"
                "<th scope=\"col\" class=\"num\">口径（mm）</th></tr></thead><tbody>");
    for (size_t i = 0; i < pg->n; i++)
        row_html(rq, rs, &pg->rows[i]);
    html_raw(b, "</tbody>");
    html_close(b, "table");
}

int page_works(web_req *rq, web_resp *rs)
{
    web_list_view v = view_from(rq);
    app_works_query q = query_of(&v, 0);
    app_works_page pg;
    err_t e;
    err_clear(&e);
    int rc = app_works_search(&rq->ctx, &q, &pg, &e);
    if (rc && e.code != ERR_INVALID)
        return web_fail(rq, rs, &e);
    web_page_begin(rq, rs, "工事申込の検索", NAV_WORKS);
    buf_t *b = &rs->body;
    web_works_subnav(rq, rs, BASE);
    html_elem(b, "h1", "工事申込の検索", NULL);
    web_form_error(rs, rc ? &e : NULL);
    filter_form(rq, rs, &v, rc ? &e : NULL);
    if (rc) {
        /* a refused filter: no list until it is corrected */
    } else if (pg.total == 0) {
        html_elem(b, "p", "条件に合う申込はありません。", "class", "empty", "id", "wa-empty", NULL);
    } else {
        html_open(b, "p", "id", "wa-count", NULL);
        html_textf(b, "%lld件（基準日 ", (long long)pg.total);
        web_date(rq, rs, pg.today);
        html_textf(b, "、%lld日を超えて次の手続きがないものを滞留としています）", (long long)pg.overdue_days);
        html_close(b, "p");
        web_list_exports(b, &v, BASE ".csv", BASE ".xlsx", "wa");
        web_list_pager(b, &v, pg.page, pg.pages, "工事申込一覧のページ");
        web_works_list_table(rq, rs, &pg, "wa-list", "工事申込（申込日の新しい順）");
        web_list_pager(b, &v, pg.page, pg.pages, "工事申込一覧のページ");
    }
    if (!rc)
        app_works_page_free(&pg);
    web_page_end(rq, rs);
    if (rc)
        rs->status = web_status_for(e.code);
    return 0;
}

int page_works_csv(web_req *rq, web_resp *rs)
{
    int encoding = web_list_csv_encoding(rq, rs);
    if (encoding < 0)
        return 0;
    err_t e;
    err_clear(&e);
    web_list_view v = view_from(rq);
    app_works_query q = query_of(&v, -1);
    app_works_page pg;
    if (app_works_search(&rq->ctx, &q, &pg, &e))
        return web_fail(rq, rs, &e);
    bool ok = works_application_csv_write(&pg, encoding, &rs->body);
    app_works_page_free(&pg);
    return web_list_csv_done(rq, rs, ok, encoding, "works", "works");
}

static const char *shown(size_t key, const char *value)
{
    if (key == 1)
        return works_status_label(works_status_parse(value));
    if (key == 2)
        return works_application_type_label(works_type_parse(value));
    return NULL;
}

static int write_xlsx(const void *rows, const char *cond, const char *by, int64_t at, const char *path, char *msg,
                      size_t msgsz)
{
    return works_application_xlsx_write(rows, cond, by, at, path, msg, msgsz);
}

int page_works_xlsx(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    web_list_view v = view_from(rq);
    app_works_query q = query_of(&v, -1);
    app_works_page pg;
    if (app_works_search(&rq->ctx, &q, &pg, &e))
        return web_fail(rq, rs, &e);
    static const char *const LABELS[NKEYS] = {"申込番号", "状態", "種別", "事業者", "町丁目", "申込日から", "申込日まで", "滞留"};
    int rc = web_list_send_xlsx(rq, rs, &v, LABELS, shown, write_xlsx, &pg, "works", "工事申込一覧を作成できませんでした。");
    app_works_page_free(&pg);
    return rc;
}

void web_works_tap_panel(web_req *rq, web_resp *rs, const char *tap_no)
{
    if (!app_can(&rq->ctx, PERM_WORKS_VIEW))
        return;
    app_works_page pg;
    err_t e;
    err_clear(&e);
    if (app_works_of_tap(&rq->ctx, tap_no, &pg, &e) != 0)
        return;
    if (pg.n > 0) {   /* a calm カルテ: the panel only when there is works to show */
        buf_t *b = &rs->body;
        html_open(b, "section", "id", "works", "class", "panel wide", NULL);
        html_elem(b, "h2", "給水装置工事", NULL);
        web_works_list_table(rq, rs, &pg, "wa-list", "工事申込（申込日の新しい順）");
        html_close(b, "section");
    }
    app_works_page_free(&pg);
}
