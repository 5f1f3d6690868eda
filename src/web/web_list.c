/* web_list — see web_list.h. */
#include "web/web_list.h"
#include "web/web_internal.h"

#include "app/account/app_staff.h"
#include "base/csv.h"
#include "base/date.h"
#include "base/html.h"

typedef const char *(*getter)(const web_req *, const char *);

static web_list_view view_by(const web_req *rq, getter get, const char *path, const char *const *keys, size_t n)
{
    web_list_view v = {.path = path, .keys = keys, .n = n < WEB_LIST_MAX_KEYS ? n : WEB_LIST_MAX_KEYS, .page = 1};
    for (size_t i = 0; i < v.n; i++) {
        const char *s = get(rq, keys[i]);
        v.v[i] = s ? s : "";
    }
    const char *p = get(rq, "page");
    if (!p || !web_id_param(p, &v.page) || v.page > 1000000)
        v.page = 1;
    return v;
}

web_list_view web_list_view_from(const web_req *rq, const char *path, const char *const *keys, size_t n)
{
    return view_by(rq, web_query, path, keys, n);
}

web_list_view web_list_view_posted(const web_req *rq, const char *path, const char *const *keys, size_t n)
{
    return view_by(rq, web_form, path, keys, n);
}

void web_list_hidden(buf_t *b, const web_list_view *v, int64_t page)
{
    for (size_t i = 0; i < v->n; i++)
        if (*v->v[i])
            html_open(b, "input", "type", "hidden", "name", v->keys[i], "value", v->v[i], NULL);
    if (page > 1) {
        char p[24];
        str_fmt(p, sizeof p, "%lld", (long long)page);
        html_open(b, "input", "type", "hidden", "name", "page", "value", p, NULL);
    }
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

int web_list_csv_done(web_req *rq, web_resp *rs, bool written, int encoding, const char *stem, const char *what)
{
    if (!written) {
        buf_reset(&rs->body);
        err_t e;
        err_clear(&e);
        err_set(&e, ERR_INTERNAL, NULL, "CSV を作成できませんでした。", "%s csv encoding failed", what);
        return web_fail(rq, rs, &e);
    }
    web_list_csv_headers(rs, encoding, stem);
    return 0;
}

typedef struct xlsx_arg {
    web_list_xlsx_fn write;
    const void *rows;
    const char *cond, *by;
    int64_t at;
} xlsx_arg;

static int write_xlsx(const void *arg, const char *path, char *msg, size_t msgsz)
{
    const xlsx_arg *a = arg;
    return a->write(a->rows, a->cond, a->by, a->at, path, msg, msgsz);
}

int web_list_send_xlsx(web_req *rq, web_resp *rs, const web_list_view *v, const char *const *labels,
                       web_list_shown_fn shown, web_list_xlsx_fn write, const void *rows, const char *stem,
                       const char *fail_msg)
{
    buf_t cond;
    buf_init(&cond, 1024);
    for (size_t i = 0; i < v->n; i++) {
        if (!*v->v[i])
            continue;
        const char *x = shown ? shown(i, v->v[i]) : NULL;
        buf_printf(&cond, "%s%s=%s", cond.len ? "、" : "", labels[i], x ? x : v->v[i]);
    }
    char by[128];
    app_staff_display_name(&rq->ctx, rq->ctx.actor.username, by, sizeof by);
    xlsx_arg a = {write, rows, buf_cstr(&cond), by, date_now_unix()};
    civil_date d = date_today_jst();
    char name[128];
    str_fmt(name, sizeof name, "%s-%04d%02d%02d.xlsx", stem, d.y, d.m, d.d);
    int rc = web_send_document(rq, rs, write_xlsx, &a, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               "attachment", name, fail_msg);
    buf_free(&cond);
    return rc;
}

/* One GET form of the period forms: its id, its name for screen readers, the
 * button's text; the inputs are written by the caller between. */
static void period_form_open(buf_t *b, const web_period_forms_spec *f, const char *what, const char *aria)
{
    char id[48];
    str_fmt(id, sizeof id, "%s-%s", f->prefix, what);
    html_open(b, "form", "method", "get", "action", f->path, "class", "filters", "id", id, "role", "search",
              "aria-label", aria, NULL);
}

static void period_form_close(buf_t *b, const web_period_forms_spec *f, const char *what, const char *button)
{
    char id[48];
    str_fmt(id, sizeof id, "%s-%s-submit", f->prefix, what);
    html_elem(b, "button", button, "type", "submit", "id", id, NULL);
    html_close(b, "form");
}

void web_period_forms(web_resp *rs, const web_period_forms_spec *f, const err_t *fe)
{
    buf_t *b = &rs->body;
    html_open(b, "div", "class", "period-forms", NULL);
    period_form_open(b, f, "month", "月次の統計");
    web_input(rs, "月（月次）", "month", f->month, fe, "type", "month", "autofocus", "autofocus", NULL);
    period_form_close(b, f, "month", "月次を表示");
    period_form_open(b, f, "year", "年度の統計");
    web_input(rs, "年度（4月〜翌3月）", "year", f->year, fe, "inputmode", "numeric", "size", "6", "placeholder", "2026",
              "autocomplete", "off", NULL);
    period_form_close(b, f, "year", "年度を表示");
    if (f->range) {
        period_form_open(b, f, "range", "期間の統計");
        web_input(rs, "開始月", "from", f->from, fe, "type", "month", NULL);
        web_input(rs, "終了月", "to", f->to, fe, "type", "month", NULL);
        period_form_close(b, f, "range", "期間を表示");
    }
    html_close(b, "div");
}
