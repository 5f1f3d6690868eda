/* web_list — see web_list.h. */
#include "web/web_list.h"
#include "web/web_internal.h"

#include "base/csv.h"
#include "base/date.h"
#include "base/html.h"

web_list_view web_list_view_from(const web_req *rq, const char *path, const char *const *keys, size_t n)
{
    web_list_view v = {.path = path, .keys = keys, .n = n < WEB_LIST_MAX_KEYS ? n : WEB_LIST_MAX_KEYS, .page = 1};
    for (size_t i = 0; i < v.n; i++) {
        const char *s = web_query(rq, keys[i]);
        v.v[i] = s ? s : "";
    }
    const char *p = web_query(rq, "page");
    if (!p || !web_id_param(p, &v.page) || v.page > 1000000)
        v.page = 1;
    return v;
}

void web_list_href(buf_t *h, const web_list_view *v, const char *path, const char *extra, int64_t page)
{
    buf_puts(h, path ? path : v->path);
    char sep = '?';
    for (size_t i = 0; i < v->n; i++) {
        if (!*v->v[i])
            continue;
        buf_printf(h, "%c%s=", sep, v->keys[i]);
        web_percent_encode(h, v->v[i]);
        sep = '&';
    }
    if (extra) {
        buf_printf(h, "%c%s", sep, extra);
        sep = '&';
    }
    if (page > 1)
        buf_printf(h, "%cpage=%lld", sep, (long long)page);
}

void web_list_pager(buf_t *b, const web_list_view *v, int64_t page, int64_t pages, const char *label)
{
    if (pages <= 1)
        return;
    html_open(b, "nav", "class", "pager", "aria-label", label, NULL);
    buf_t h;
    buf_init(&h, 1024);
    if (page > 1) {
        web_list_href(&h, v, NULL, NULL, page - 1);
        html_elem(b, "a", "← 前へ", "href", buf_cstr(&h), "rel", "prev", NULL);
    }
    html_open(b, "span", NULL);
    html_textf(b, "%lld / %lld ページ", (long long)page, (long long)pages);
    html_close(b, "span");
    if (page < pages) {
        buf_reset(&h);
        web_list_href(&h, v, NULL, NULL, page + 1);
        html_elem(b, "a", "次へ →", "href", buf_cstr(&h), "rel", "next", NULL);
    }
    buf_free(&h);
    html_close(b, "nav");
}

void web_list_exports(buf_t *b, const web_list_view *v, const char *csv_path, const char *xlsx_path,
                      const char *id_prefix)
{
    static const struct {
        const char *label, *suffix, *extra;
        bool csv;
    } LINKS[] = {
        {"CSV（UTF-8）", "csv", "encoding=utf8bom", true},
        {"CSV（Shift_JIS）", "csv-sjis", "encoding=cp932", true},
        {"Excel", "xlsx", NULL, false},
    };
    html_open(b, "p", "class", "exports", NULL);
    html_text(b, "この条件の全件を出力: ");
    buf_t h;
    buf_init(&h, 1024);
    for (size_t i = 0; i < sizeof LINKS / sizeof LINKS[0]; i++) {
        char id[64];
        str_fmt(id, sizeof id, "%s-%s", id_prefix, LINKS[i].suffix);
        buf_reset(&h);
        web_list_href(&h, v, LINKS[i].csv ? csv_path : xlsx_path, LINKS[i].extra, 1);
        if (i)
            html_text(b, "　");
        html_elem(b, "a", LINKS[i].label, "href", buf_cstr(&h), "id", id, NULL);
    }
    buf_free(&h);
    html_close(b, "p");
}

int web_list_csv_encoding(web_req *rq, web_resp *rs)
{
    const char *enc = web_query(rq, "encoding");
    int encoding = csv_encoding_parse(enc && *enc ? enc : "utf8bom");
    if (encoding < 0) {
        err_t e;
        err_clear(&e);
        err_field(&e, "encoding", "文字コードは utf8bom・utf8・cp932 のいずれかを指定してください。");
        web_fail(rq, rs, &e);
    }
    return encoding;
}

void web_list_csv_headers(web_resp *rs, int encoding, const char *stem)
{
    rs->content_type = encoding == CSV_CP932 ? "text/csv; charset=Shift_JIS" : "text/csv; charset=utf-8";
    civil_date d = date_today_jst();
    char disp[160];
    str_fmt(disp, sizeof disp, "attachment; filename=\"%s-%04d%02d%02d.csv\"", stem, d.y, d.m, d.d);
    web_header(rs, "Content-Disposition", disp);
}
