/* page_arrears — 滞納整理簿: the overdue bills per customer across all their
 * taps (使用者別) or per tap (水栓別), with the filters in the URL (a GET
 * form: 町丁目, 検針区, 滞納額 from/to, months at least, payment method,
 * stage on the arrears path),
 * the true count and sum, the aging buckets, pages of APP_ARREARS_PAGE,
 * sorted by amount or age; CSV and Excel of every row; and one customer's
 * overdue bills (/arrears/customers/<id>).  The shape of page_suspense. */
#include "web/web.h"
#include "web/arrears/arrears_nav.h"
#include "web/web_list.h"

#include <stdlib.h>
#include <string.h>

#include "app/arrears/app_arrears.h"
#include "base/html.h"
#include "report/arrears_csv.h"
#include "report/arrears_xlsx.h"

static const char *const KEYS[] = {"area", "route", "amount_min", "amount_max", "age",
                                   "method", "view", "sort", "stage"};
#define NKEYS (sizeof KEYS / sizeof KEYS[0])

static web_list_view view_from(const web_req *rq)
{
    return web_list_view_from(rq, "/arrears", KEYS, NKEYS);
}

static app_arrears_filter filter_of(const web_list_view *v)
{
    app_arrears_filter f = {.area = v->v[0], .route = v->v[1], .amount_min = v->v[2], .amount_max = v->v[3],
                            .age = v->v[4], .method = v->v[5], .view = v->v[6], .sort = v->v[7], .stage = v->v[8],
                            .page = v->page};
    return f;
}

static const char *val(const web_list_view *v, size_t i)
{
    return v->v[i];
}

static void filter_form(web_req *rq, web_resp *rs, const web_list_view *v, const err_t *fe)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    app_arrears_choice *areas = NULL, *routes = NULL;
    size_t na = 0, nr = 0;
    app_arrears_choices(&rq->ctx, &areas, &na, &routes, &nr, &e);
    html_open(b, "form", "method", "get", "action", "/arrears", "class", "filters", "id", "arrears-filter", "role",
              "search", "aria-label", "滞納の絞り込み", NULL);
    size_t cap = (na > nr ? na : nr) + 1;
    const char **codes = calloc(cap, sizeof *codes), **labels = calloc(cap, sizeof *labels);
    if (codes && labels) {
        codes[0] = "";
        labels[0] = "すべて";
        for (size_t i = 0; i < na; i++) {
            codes[i + 1] = areas[i].code;
            labels[i + 1] = areas[i].name;
        }
        web_select(rs, "町丁目", "area", val(v, 0), codes, labels, na + 1, fe);
        for (size_t i = 0; i < nr; i++) {
            codes[i + 1] = routes[i].code;
            labels[i + 1] = routes[i].code;
        }
        web_select(rs, "検針区", "route", val(v, 1), codes, labels, nr + 1, fe);
    }
    free(codes);
    free(labels);
    free(areas);
    free(routes);
    web_input(rs, "滞納額（円・から）", "amount_min", val(v, 2), fe, "inputmode", "numeric", "size", "10",
              "autocomplete", "off", NULL);
    web_input(rs, "滞納額（円・まで）", "amount_max", val(v, 3), fe, "inputmode", "numeric", "size", "10",
              "autocomplete", "off", NULL);
    web_input(rs, "経過月数（以上）", "age", val(v, 4), fe, "inputmode", "numeric", "size", "4", "autocomplete", "off",
              NULL);
    static const char *const MC[] = {"", "debit", "slip"}, *const ML[] = {"すべて", "口座振替", "納付書"};
    web_select(rs, "支払方法", "method", val(v, 5), MC, ML, 3, fe);
    const char *stc[ARREARS_NSTAGES + 1], *stl[ARREARS_NSTAGES + 1];
    stc[0] = "";
    stl[0] = "全て";
    for (int k = 0; k < ARREARS_NSTAGES; k++) {
        stc[k + 1] = ARREARS_STAGE_CODES[k];
        stl[k + 1] = ARREARS_STAGE_LABELS[k];
    }
    web_select(rs, "段階", "stage", val(v, 8), stc, stl, ARREARS_NSTAGES + 1, fe);
    static const char *const VC[] = {"customer", "tap"}, *const VL[] = {"使用者別（名寄せ）", "水栓別"};
    web_select(rs, "表示単位", "view", *val(v, 6) ? val(v, 6) : "customer", VC, VL, 2, fe);
    static const char *const SC[] = {"amount", "age"}, *const SL[] = {"滞納額の多い順", "経過月数の長い順"};
    web_select(rs, "並び順", "sort", *val(v, 7) ? val(v, 7) : "amount", SC, SL, 2, fe);
    html_elem(b, "button", "絞り込む", "type", "submit", "id", "arrears-filter-submit", NULL);
    html_elem(b, "a", "条件を消す", "href", "/arrears", "id", "arrears-filter-clear", NULL);
    html_close(b, "form");
}

static void yen_cell(web_resp *rs, int64_t v)
{
    html_open(&rs->body, "td", "class", "num", NULL);
    if (v)
        web_yen(rs, v);
    html_close(&rs->body, "td");
}

/* The aging table: each bucket's amount over the whole filtered list. */
static void buckets_table(web_resp *rs, const int64_t *bucket, int64_t sum, const char *id, const char *caption)
{
    buf_t *b = &rs->body;
    html_open(b, "table", "class", "list", "id", id, NULL);
    html_elem(b, "caption", caption, NULL);
    html_raw(b, "<thead><tr>");
    for (int k = 0; k < ARREARS_NBUCKETS; k++)
        html_elem(b, "th", ARREARS_BUCKET_LABELS[k], "scope", "col", "class", "num", NULL);
    html_raw(b, "<th scope=\"col\" class=\"num\">合計</th></tr></thead><tbody><tr>");
    for (int k = 0; k < ARREARS_NBUCKETS; k++) {
        html_open(b, "td", "class", "num", NULL);
        web_yen(rs, bucket[k]);
        html_close(b, "td");
    }
    html_open(b, "td", "class", "num", NULL);
    web_yen(rs, sum);
    html_close(b, "td");
    html_raw(b, "</tr></tbody>");
    html_close(b, "table");
}

static void row_html(web_req *rq, web_resp *rs, const app_arrears_row *r, bool per_tap)
{
    buf_t *b = &rs->body;
    char rid[48], href[64];
    if (per_tap)
        str_fmt(rid, sizeof rid, "arrears-c%lld-t%lld", (long long)r->customer_id, (long long)r->tap_id);
    else
        str_fmt(rid, sizeof rid, "arrears-c%lld", (long long)r->customer_id);
    html_open(b, "tr", "id", rid, NULL);
    html_open(b, "td", NULL);
    str_fmt(href, sizeof href, "/arrears/customers/%lld", (long long)r->customer_id);
    html_elem(b, "a", r->name, "href", href, NULL);
    html_elem(b, "div", r->kana, "class", "sub", NULL);
    html_close(b, "td");
    html_open(b, "td", "class", "taps", NULL);
    if (r->ntaps > 1 && !per_tap)
        html_elem(b, "span", "複数水栓", "class", "state state-held", NULL);
    const char *p = r->taps;
    while (*p) {   /* each tap number links to its カルテ */
        const char *dot = strstr(p, "\xE3\x83\xBB");
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        char tap[16];
        if (len < sizeof tap) {
            memcpy(tap, p, len);
            tap[len] = '\0';
            str_fmt(href, sizeof href, "/karte/%s", tap);
            html_text(b, " ");
            html_elem(b, "a", tap, "href", href, NULL);
        }
        p += len + (dot ? 3 : 0);
    }
    html_close(b, "td");
    html_open(b, "td", "class", "num", NULL);
    html_textf(b, "%lld", (long long)r->bills);
    html_close(b, "td");
    html_open(b, "td", "class", "num amount", NULL);
    web_yen(rs, r->amount);
    html_close(b, "td");
    html_open(b, "td", NULL);
    web_date(rq, rs, r->oldest_due);
    html_close(b, "td");
    html_open(b, "td", "class", "num age", NULL);
    html_textf(b, "%dか月", r->age_months);
    html_close(b, "td");
    for (int k = 0; k < ARREARS_NBUCKETS; k++)
        yen_cell(rs, r->bucket[k]);
    html_elem(b, "td", arrears_method_label(r), NULL);
    html_elem(b, "td", ARREARS_STAGE_LABELS[r->stage], "class", "stage", NULL);
    html_close(b, "tr");
}

int page_arrears(web_req *rq, web_resp *rs)
{
    web_list_view v = view_from(rq);
    app_arrears_filter f = filter_of(&v);
    app_arrears_page pg;
    err_t e;
    err_clear(&e);
    int rc = app_arrears_find(&rq->ctx, &f, &pg, &e);
    if (rc && e.code != ERR_INVALID)
        return web_fail(rq, rs, &e);
    bool per_tap = strcmp(val(&v, 6), "tap") == 0;
    web_page_begin(rq, rs, "滞納整理簿", NAV_ARREARS);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "滞納整理簿", NULL);
    web_arrears_subnav(rq, rs, "/arrears");
    web_form_error(rs, rc ? &e : NULL);
    filter_form(rq, rs, &v, rc ? &e : NULL);
    if (rc) {
        /* a filter refused: no list until it is corrected */
    } else if (pg.total == 0) {
        html_elem(b, "p", "条件に合う滞納はありません。", "class", "empty", "id", "arrears-empty", NULL);
    } else {
        html_open(b, "p", "id", "arrears-count", NULL);
        html_textf(b, "%s %lld%s、期限経過の調定 %lld件、滞納額合計 ", per_tap ? "水栓" : "お客様", (long long)pg.total,
                   per_tap ? "件" : "人", (long long)pg.bills);
        web_yen(rs, pg.sum);
        int64_t first = (pg.page - 1) * APP_ARREARS_PAGE + 1;
        html_textf(b, "（%lld〜%lld件目を表示、基準日 ", (long long)first, (long long)(first + (int64_t)pg.n - 1));
        web_date(rq, rs, pg.today);
        html_text(b, "）");
        html_close(b, "p");
        buckets_table(rs, pg.bucket, pg.sum, "arrears-aging", "経過期間別の滞納額（条件に合う全件）");
        web_list_exports(b, &v, "/arrears.csv", "/arrears.xlsx", "arrears");
        web_list_pager(b, &v, pg.page, pg.pages, "滞納一覧のページ");
        html_open(b, "table", "class", "list", "id", "arrears", NULL);
        html_elem(b, "caption", strcmp(val(&v, 7), "age") == 0 ? "滞納一覧（経過月数の長い順）" : "滞納一覧（滞納額の多い順）",
                  NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">お客様</th><th scope=\"col\">水栓番号</th>"
                    "<th scope=\"col\" class=\"num\">件数</th><th scope=\"col\" class=\"num\">滞納額</th>"
                    "<th scope=\"col\">最古の納期限</th><th scope=\"col\" class=\"num\">経過</th>");
        for (int k = 0; k < ARREARS_NBUCKETS; k++)
            html_elem(b, "th", ARREARS_BUCKET_LABELS[k], "scope", "col", "class", "num", NULL);
        html_raw(b, "<th scope=\"col\">支払方法</th><th scope=\"col\">段階</th></tr></thead><tbody>");
        for (size_t i = 0; i < pg.n; i++)
            row_html(rq, rs, &pg.rows[i], per_tap);
        html_raw(b, "</tbody>");
        html_close(b, "table");
        web_list_pager(b, &v, pg.page, pg.pages, "滞納一覧のページ");
    }
    if (!rc)
        app_arrears_page_free(&pg);
    web_page_end(rq, rs);
    if (rc)
        rs->status = web_status_for(e.code);
    return 0;
}

int page_arrears_customer(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    if (!web_path_id(rq, rs, "該当するお客様がありません。", &id))
        return 0;
    app_arrears_customer c;
    if (app_arrears_customer_get(&rq->ctx, id, &c, &e))
        return web_fail(rq, rs, &e);
    web_page_begin(rq, rs, "お客様の滞納", NAV_ARREARS);
    buf_t *b = &rs->body;
    html_open(b, "h1", NULL);
    html_text(b, "お客様の滞納　");
    html_elem(b, "span", c.name, "class", "h1-name", NULL);
    html_close(b, "h1");
    html_open(b, "p", NULL);
    html_elem(b, "a", "← 滞納整理簿", "href", "/arrears", NULL);
    html_close(b, "p");
    web_arrears_subnav(rq, rs, "");
    html_open(b, "p", "id", "arrears-customer-summary", NULL);
    html_textf(b, "カナ氏名 %s　", c.kana);
    if (c.n) {
        html_textf(b, "期限経過の調定 %zu件、滞納額 ", c.n);
        web_yen(rs, c.amount);
        html_textf(b, "、最古の納期限から %dか月（基準日 ", c.age_months);
        web_date(rq, rs, c.today);
        html_text(b, "）");
    } else {
        html_text(b, "期限を過ぎた未納の調定はありません。");
    }
    html_close(b, "p");
    if (c.n) {
        buckets_table(rs, c.bucket, c.amount, "arrears-customer-aging", "経過期間別の滞納額");
        html_open(b, "table", "class", "list", "id", "arrears-bills", NULL);
        html_elem(b, "caption", "期限経過の調定（納期限の古い順、すべての水栓）", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">水栓番号</th><th scope=\"col\">調定</th><th scope=\"col\">検針周期</th>"
                    "<th scope=\"col\">納期限</th><th scope=\"col\" class=\"num\">調定額</th>"
                    "<th scope=\"col\" class=\"num\">入金額</th><th scope=\"col\" class=\"num\">未納額</th>"
                    "<th scope=\"col\" class=\"num\">経過</th></tr></thead><tbody>");
        for (size_t i = 0; i < c.n; i++) {
            const app_arrears_bill *x = &c.bills[i];
            char href[48], rid[32];
            str_fmt(rid, sizeof rid, "arrears-bill-%lld", (long long)x->bill_id);
            html_open(b, "tr", "id", rid, NULL);
            html_open(b, "td", NULL);
            str_fmt(href, sizeof href, "/karte/%s", x->tap_no);
            html_elem(b, "a", x->tap_no, "href", href, NULL);
            html_close(b, "td");
            html_open(b, "td", NULL);
            str_fmt(href, sizeof href, "/bills/%lld", (long long)x->bill_id);
            char label[32];
            str_fmt(label, sizeof label, "調定 %lld", (long long)x->bill_id);
            html_elem(b, "a", label, "href", href, NULL);
            html_close(b, "td");
            html_elem(b, "td", x->cycle, NULL);
            html_open(b, "td", NULL);
            web_date(rq, rs, x->due_on);
            html_close(b, "td");
            yen_cell(rs, x->total);
            html_open(b, "td", "class", "num", NULL);
            web_yen(rs, x->paid);
            html_close(b, "td");
            html_open(b, "td", "class", "num", NULL);
            web_yen(rs, x->balance);
            html_close(b, "td");
            html_open(b, "td", "class", "num", NULL);
            html_textf(b, "%dか月", x->age_months);
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    web_late_charges_panel(rq, rs, NULL, c.customer_id);   /* apart from the bills' sums above */
    web_pledges_panel(rq, rs, c.customer_id);
    web_negotiations_panel(rq, rs, c.customer_id, true);
    app_arrears_customer_free(&c);
    web_page_end(rq, rs);
    return 0;
}

int page_arrears_csv(web_req *rq, web_resp *rs)
{
    int encoding = web_list_csv_encoding(rq, rs);
    if (encoding < 0)
        return 0;
    err_t e;
    err_clear(&e);
    web_list_view v = view_from(rq);
    app_arrears_filter f = filter_of(&v);
    app_arrears_page pg;
    if (app_arrears_export(&rq->ctx, &f, "csv", &pg, &e))
        return web_fail(rq, rs, &e);
    bool ok = arrears_csv_write(&pg, encoding, &rs->body);
    app_arrears_page_free(&pg);
    return web_list_csv_done(rq, rs, ok, encoding, "arrears", "arrears");
}

/* the stage by its label; the other filters as the URL gave them (validated by now) */
static const char *shown(size_t key, const char *value)
{
    int st = key == 8 ? arrears_stage_of(value) : -1;
    return st >= 0 ? ARREARS_STAGE_LABELS[st] : NULL;
}

static int write_xlsx(const void *rows, const char *cond, const char *by, int64_t at, const char *path, char *msg,
                      size_t msgsz)
{
    return arrears_xlsx_write(rows, cond, by, at, path, msg, msgsz);
}

int page_arrears_xlsx(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    web_list_view v = view_from(rq);
    app_arrears_filter f = filter_of(&v);
    app_arrears_page pg;
    if (app_arrears_export(&rq->ctx, &f, "xlsx", &pg, &e))
        return web_fail(rq, rs, &e);
    static const char *const LABELS[NKEYS] = {"町丁目", "検針区", "滞納額から", "滞納額まで", "経過月数以上",
                                              "支払方法", "表示単位", "並び順", "段階"};
    int rc = web_list_send_xlsx(rq, rs, &v, LABELS, shown, write_xlsx, &pg, "arrears", "滞納整理簿を作成できませんでした。");
    app_arrears_page_free(&pg);
    return rc;
}
