/* page_checks — 点検（漏れ防止） (/checks?cycle=): the counts of every
 * consistency list of a cycle, each linked to its list; /checks/<name>
 * lists the taps, each linked to its カルテ; /checks/<name>.csv the same as
 * CSV.  docs/consistency.md says what each list finds. */
#include <stdlib.h>
#include <string.h>

#include "app/checks/app_checks.h"
#include "base/csv.h"
#include "base/html.h"
#include "domain/tapinfo.h"
#include "report/check_csv.h"
#include "web/web.h"

#define CHECK_ROWS 2000   /* a list's rows on the screen (the CSV has all) */

static void cycle_form(web_req *rq, web_resp *rs, const char *action, const char *cycle, const err_t *e)
{
    buf_t *b = &rs->body;
    (void)rq;
    html_open(b, "form", "method", "get", "action", action, "class", "inline no-print", "id", "check-form", NULL);
    web_form_error(rs, e);
    web_input(rs, "調定周期", "cycle", cycle, e, "pattern", "[0-9]{4}-[0-9]{2}", "placeholder", "2026-11", NULL);
    html_elem(b, "button", "点検する", "type", "submit", NULL);
    html_close(b, "form");
}

int page_checks(web_req *rq, web_resp *rs)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    const char *cy = web_query(rq, "cycle");
    app_check_counts c;
    int rc = app_check_counts_get(&rq->ctx, cy, &c, &e);
    if (rc && e.code != ERR_INVALID)
        return web_fail(rq, rs, &e);
    if (rc)
        rs->status = 400;
    web_page_begin(rq, rs, "点検（漏れ防止）", NAV_BILLING);
    html_elem(b, "h1", "点検（漏れ防止）", NULL);
    html_elem(b, "p",
              "調定の漏れ・誤りにつながりやすい水栓の一覧です。開くたびにその時点のデータで点検します（毎月の定時処理でも件数を記録します）。各行からお客様カルテを開いて確認・訂正してください。",
              "class", "hint", NULL);
    cycle_form(rq, rs, "/checks", rc ? (cy ? cy : "") : c.cycle, rc ? &e : NULL);
    if (rc) {
        web_page_end(rq, rs);
        return 0;
    }
    html_open(b, "table", "class", "list", "id", "check-counts", NULL);
    html_open(b, "caption", NULL);
    html_textf(b, "%s 周期の点検結果", c.cycle[0] ? c.cycle : "（調定なし）");
    html_close(b, "caption");
    html_raw(b, "<thead><tr><th scope=\"col\">一覧</th><th scope=\"col\">内容</th><th scope=\"col\" class=\"num\">件数</th></tr></thead><tbody>");
    for (int k = 0; k < CHECK__MAX; k++) {
        const check_kind_info *i = check_kind_get(k);
        char href[64], id[32], n[32];
        str_fmt(href, sizeof href, "/checks/%s?cycle=%s", i->code, c.cycle);
        str_fmt(id, sizeof id, "check-%s", i->code);
        str_fmt(n, sizeof n, "%lld 件", (long long)c.n[k]);
        html_open(b, "tr", "id", id, "class", c.n[k] ? "notice" : NULL, NULL);
        html_open(b, "th", "scope", "row", NULL);
        html_elem(b, "a", i->label, "href", href, NULL);
        html_close(b, "th");
        html_elem(b, "td", i->what, NULL);
        html_elem(b, "td", n, "class", "num", NULL);
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    web_page_end(rq, rs);
    return 0;
}

/* The list's code from the path /checks/<code>[.csv]; NULL when not one. */
static const char *code_of(web_req *rq, bool csv, char out[32])
{
    const char *p = rq->path + strlen("/checks/");
    size_t len = strlen(p);
    if (csv) {
        if (len < 5 || strcmp(p + len - 4, ".csv") != 0)
            return NULL;
        len -= 4;
    }
    if (len == 0 || len >= 32)
        return NULL;
    memcpy(out, p, len);
    out[len] = '\0';
    return out;
}

static void value_cell(buf_t *b, const check_kind_info *i, const char *v, bool first)
{
    const char *col = first ? i->col_a : i->col_b;
    bool sewer = strstr(col, "下水道") != NULL, yen = strstr(col, "円") != NULL;
    html_open(b, "td", "class", sewer ? NULL : "num", NULL);
    if (sewer)
        html_text(b, tapinfo_label(TAPINFO_SEWERS, v));
    else if (yen || strstr(col, "m³") || strstr(col, "mm")) {
        long long x = 0;
        char t[32];
        if (str_to_i64(v, &x)) {
            str_thousands(x, t);
            html_text(b, t);
        } else
            html_text(b, v);
    } else
        html_text(b, v);
    html_close(b, "td");
}

static int check_csv(web_req *rq, web_resp *rs);

int page_check_list(web_req *rq, web_resp *rs)
{
    size_t plen = strlen(rq->path);
    if (plen > 4 && strcmp(rq->path + plen - 4, ".csv") == 0)
        return check_csv(rq, rs);
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    char code[32];
    if (!code_of(rq, false, code)) {
        err_set(&e, ERR_NOTFOUND, NULL, "その点検の一覧はありません。", "no check list %s", rq->path);
        return web_fail(rq, rs, &e);
    }
    const char *cy = web_query(rq, "cycle");
    app_check_list l;
    int rc = app_check_list_get(&rq->ctx, code, cy, CHECK_ROWS, &l, &e);
    if (rc && e.code == ERR_INVALID && !strcmp(e.field, "list"))
        e.code = ERR_NOTFOUND;
    if (rc && e.code != ERR_INVALID)
        return web_fail(rq, rs, &e);
    if (rc)
        rs->status = 400;
    const check_kind_info *info = check_kind_get(check_kind_parse(code));
    web_page_begin(rq, rs, info->label, NAV_BILLING);
    html_open(b, "p", "class", "no-print", NULL);
    html_elem(b, "a", "点検（漏れ防止）に戻る", "href", "/checks", NULL);
    html_close(b, "p");
    html_elem(b, "h1", info->label, NULL);
    html_elem(b, "p", info->what, "class", "hint", NULL);
    char action[64], href[96];
    str_fmt(action, sizeof action, "/checks/%s", code);
    cycle_form(rq, rs, action, rc ? (cy ? cy : "") : l.cycle, rc ? &e : NULL);
    if (rc) {
        web_page_end(rq, rs);
        return 0;
    }
    html_open(b, "p", "id", "check-total", NULL);
    html_textf(b, "%s 周期: %lld 件", l.cycle[0] ? l.cycle : "（調定なし）", (long long)l.total);
    if (l.total > (int64_t)l.n)
        html_textf(b, "（画面には最初の %zu 件。すべては CSV で）", l.n);
    html_text(b, "　");
    str_fmt(href, sizeof href, "/checks/%s.csv?cycle=%s", code, l.cycle);
    html_elem(b, "a", "CSV（UTF-8）", "href", href, "id", "check-csv", NULL);
    html_text(b, "　");
    str_fmt(href, sizeof href, "/checks/%s.csv?cycle=%s&encoding=cp932", code, l.cycle);
    html_elem(b, "a", "CSV（Shift_JIS）", "href", href, "id", "check-csv-sjis", NULL);
    html_close(b, "p");
    if (l.n == 0)
        html_elem(b, "p", "該当する水栓はありません。", "class", "empty", "id", "check-empty", NULL);
    else {
        html_open(b, "table", "class", "list", "id", "check-rows", NULL);
        html_elem(b, "caption", info->label, NULL);
        html_open(b, "thead", NULL);
        html_open(b, "tr", NULL);
        html_elem(b, "th", "水栓番号（カルテ）", "scope", "col", NULL);
        html_elem(b, "th", "調定番号", "scope", "col", "class", "num", NULL);
        html_elem(b, "th", info->col_a, "scope", "col", NULL);
        html_elem(b, "th", info->col_b, "scope", "col", NULL);
        html_close(b, "tr");
        html_close(b, "thead");
        html_open(b, "tbody", NULL);
        for (size_t i = 0; i < l.n; i++) {
            const app_check_row *r = &l.rows[i];
            html_open(b, "tr", NULL);
            html_open(b, "td", NULL);
            str_fmt(href, sizeof href, "/karte/%s", r->tap_no);
            html_elem(b, "a", r->tap_no, "href", href, NULL);
            html_close(b, "td");
            char id[32] = "";
            if (r->bill_id)
                str_fmt(id, sizeof id, "%lld", (long long)r->bill_id);
            html_elem(b, "td", id, "class", "num", NULL);
            value_cell(b, info, r->a, true);
            value_cell(b, info, r->b, false);
            html_close(b, "tr");
        }
        html_close(b, "tbody");
        html_close(b, "table");
    }
    app_check_list_free(&l);
    web_page_end(rq, rs);
    return 0;
}

static int check_csv(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    char code[32];
    if (!code_of(rq, true, code)) {
        err_set(&e, ERR_NOTFOUND, NULL, "その点検の一覧はありません。", "no check list %s", rq->path);
        return web_fail(rq, rs, &e);
    }
    const char *enc = web_query(rq, "encoding");
    int encoding = csv_encoding_parse(enc && *enc ? enc : "utf8bom");
    if (encoding < 0) {
        err_field(&e, "encoding", "文字コードは utf8bom・cp932・utf8 のいずれかを指定してください。");
        return web_fail(rq, rs, &e);
    }
    app_check_list l;
    if (app_check_list_get(&rq->ctx, code, web_query(rq, "cycle"), INT64_MAX, &l, &e))
        return web_fail(rq, rs, &e);
    bool ok = check_csv_write(&l, encoding, &rs->body);
    char disp[128];
    str_fmt(disp, sizeof disp, "attachment; filename=\"check-%s-%s.csv\"", code, l.cycle);
    app_check_list_free(&l);
    if (!ok) {
        buf_reset(&rs->body);
        err_set(&e, ERR_INTERNAL, NULL, NULL, "check csv: out of memory");
        return web_fail(rq, rs, &e);
    }
    rs->content_type = encoding == CSV_CP932 ? "text/csv; charset=Shift_JIS" : "text/csv; charset=utf-8";
    web_header(rs, "Content-Disposition", disp);
    return 0;
}
