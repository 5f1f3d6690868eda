/* page_stats — 統計 (issue 22 item 1; docs/statistics.md): the menu of the
 * statistics reports (/stats) and each report (/stats/<name>) for a month,
 * a fiscal year or a range of months (?month=, ?year=, ?from=&to=): its
 * headline figures, a bar chart, its tables; and its documents
 * (/stats/<name>.csv — ?encoding=utf8bom|cp932 —, .xlsx, .pdf), each
 * export audited.  Thin: app/stats/app_stats.h makes the report,
 * report/stats_report.h writes the documents. */
#include "web/web.h"
#include "web/web_list.h"

#include <stdlib.h>
#include <string.h>

#include "app/account/app_staff.h"
#include "app/stats/app_stats.h"
#include "base/csv.h"
#include "base/date.h"
#include "base/html.h"
#include "report/stats_report.h"

#define BASE "/stats"

static const char *const KEYS[] = {"month", "year", "from", "to"};

/* ---- the menu --------------------------------------------------------------- */

int page_stats(web_req *rq, web_resp *rs)
{
    web_page_begin(rq, rs, "統計", NAV_STATS);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "統計", NULL);
    html_elem(b, "p",
              "月・年度（4月〜翌3月）・月の範囲を選んで表示し、CSV・Excel・PDF で出力できます。"
              "各統計の数え方は画面の注記と docs/statistics.md のとおりです。",
              "class", "note", NULL);
    html_open(b, "ul", "class", "stats-menu", "id", "stats-menu", NULL);
    for (size_t i = 0; i < APP_STATS_NREPORTS; i++) {
        const app_stats_def *d = &APP_STATS_REPORTS[i];
        if (!app_can(&rq->ctx, d->perm))
            continue;
        char href[64], id[48];
        str_fmt(href, sizeof href, BASE "/%s", d->name);
        str_fmt(id, sizeof id, "stats-%s", d->name);
        html_open(b, "li", NULL);
        html_elem(b, "a", d->title, "href", href, "id", id, NULL);
        html_textf(b, "　%s", d->summary);
        html_close(b, "li");
    }
    html_close(b, "ul");
    web_page_end(rq, rs);
    return 0;
}

/* ---- one report ------------------------------------------------------------- */

static app_stats_args args_of(const web_list_view *v)
{
    return (app_stats_args){v->v[0], v->v[1], v->v[2], v->v[3]};
}

static void period_forms(web_resp *rs, const char *path, const web_list_view *v, const stat_report *r,
                         const err_t *fe)
{
    buf_t *b = &rs->body;
    bool typed = *v->v[0] || *v->v[1] || *v->v[2] || *v->v[3] || fe;
    const char *month = typed ? v->v[0] : r->period.kind == STAT_MONTH ? r->period.code : "";
    html_open(b, "div", "class", "period-forms", NULL);
    html_open(b, "form", "method", "get", "action", path, "class", "filters", "id", "st-month", "role", "search",
              "aria-label", "月次", NULL);
    web_input(rs, "月（月次）", "month", month, fe, "type", "month", "autofocus", "autofocus", NULL);
    html_elem(b, "button", "月次を表示", "type", "submit", "id", "st-month-submit", NULL);
    html_close(b, "form");
    html_open(b, "form", "method", "get", "action", path, "class", "filters", "id", "st-year", "role", "search",
              "aria-label", "年度", NULL);
    web_input(rs, "年度（4月〜翌3月）", "year", v->v[1], fe, "inputmode", "numeric", "size", "6", "placeholder", "2026",
              "autocomplete", "off", NULL);
    html_elem(b, "button", "年度を表示", "type", "submit", "id", "st-year-submit", NULL);
    html_close(b, "form");
    html_open(b, "form", "method", "get", "action", path, "class", "filters", "id", "st-range", "role", "search",
              "aria-label", "期間", NULL);
    web_input(rs, "開始月", "from", v->v[2], fe, "type", "month", NULL);
    web_input(rs, "終了月", "to", v->v[3], fe, "type", "month", NULL);
    html_elem(b, "button", "期間を表示", "type", "submit", "id", "st-range-submit", NULL);
    html_close(b, "form");
    html_close(b, "div");
}

static void value_td(buf_t *b, int unit, int64_t v)
{
    char t[32];
    stat_value_text(unit, v, t, sizeof t);
    html_open(b, "td", "class", "num", NULL);
    html_text(b, unit == STAT_YEN ? "¥" : "");
    html_text(b, t);
    html_text(b, unit == STAT_RATE ? "%" : "");
    html_close(b, "td");
}

static void headlines(buf_t *b, const stat_report *r)
{
    html_open(b, "table", "class", "list", "id", "st-head", NULL);
    html_elem(b, "caption", "概要", NULL);
    html_raw(b, "<tbody>");
    for (size_t i = 0; i < r->nhead; i++) {
        char id[64];
        str_fmt(id, sizeof id, "st-head-%s", r->head[i].key);
        html_open(b, "tr", "id", id, NULL);
        html_elem(b, "th", r->head[i].title, "scope", "row", NULL);
        value_td(b, r->head[i].unit, r->head[i].value);
        html_elem(b, "td", r->head[i].unit == STAT_RATE || r->head[i].unit == STAT_YEN ? ""
                                                                                          : stat_unit_suffix(r->head[i].unit),
                  NULL);
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
}

static void section_table(buf_t *b, const stat_section *s)
{
    char id[64];
    str_fmt(id, sizeof id, "st-%s", s->key);
    html_open(b, "table", "class", "list", "id", id, NULL);
    html_elem(b, "caption", s->title, NULL);
    html_raw(b, "<thead><tr>");
    html_elem(b, "th", s->head, "scope", "col", NULL);
    for (int c = 0; c < s->ncols; c++) {
        char t[160];
        str_fmt(t, sizeof t, "%s（%s）", s->cols[c].title, stat_unit_suffix(s->cols[c].unit));
        html_elem(b, "th", t, "scope", "col", "class", "num", NULL);
    }
    html_raw(b, "</tr></thead><tbody>");
    if (s->n == 0) {
        char span[8];
        str_fmt(span, sizeof span, "%d", s->ncols + 1);
        html_open(b, "tr", NULL);
        html_elem(b, "td", "該当するものはありません。", "colspan", span, "class", "empty", NULL);
        html_close(b, "tr");
    }
    for (size_t i = 0; i <= s->n; i++) {
        if (i == s->n && (s->no_total || s->n == 0))
            break;
        const stat_row *row = i < s->n ? &s->rows[i] : &s->total;
        char rid[128];
        str_fmt(rid, sizeof rid, "%s-%s", id, row->key);
        html_open(b, "tr", "id", rid, "class", i == s->n ? "total" : NULL, NULL);
        html_elem(b, "th", row->label, "scope", "row", NULL);
        for (int c = 0; c < s->ncols; c++)
            value_td(b, s->cols[c].unit, row->v[c]);
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
}

/* The chart's bars: the chart section's rows in the chart column. */
static void chart(buf_t *b, const stat_report *r)
{
    if (r->chart_sec < 0 || (size_t)r->chart_sec >= r->nsec)
        return;
    const stat_section *s = &r->sec[r->chart_sec];
    if (s->n == 0 || r->chart_col < 0 || r->chart_col >= s->ncols)
        return;
    size_t n = s->n < 60 ? s->n : 60;
    web_bar *bars = calloc(n, sizeof *bars);
    if (!bars)
        return;
    int unit = s->cols[r->chart_col].unit;
    for (size_t i = 0; i < n; i++) {
        const stat_row *row = &s->rows[i];
        char t[32];
        int64_t v = row->v[r->chart_col];
        bars[i].value = v;
        stat_value_text(unit, v, t, sizeof t);
        str_copy(bars[i].label, sizeof bars[i].label, row->label);
        if (unit == STAT_YEN && (v >= 100000 || v <= -100000))
            str_fmt(bars[i].shown, sizeof bars[i].shown, "%lld万", (long long)(v / 10000));
        else
            str_copy(bars[i].shown, sizeof bars[i].shown, t);
        str_fmt(bars[i].title, sizeof bars[i].title, "%s %s%s", row->label, t, stat_unit_suffix(unit));
    }
    char title[200];
    str_fmt(title, sizeof title, "%s（%s）", r->chart_title, s->cols[r->chart_col].title);
    web_bar_chart_spec spec = {"stats-chart", "st-chart-title", "st-chart", title, 64};
    html_open(b, "figure", "class", "chart", NULL);
    web_bar_chart(b, &spec, bars, n);
    html_elem(b, "figcaption", title, NULL);
    html_close(b, "figure");
    free(bars);
}

static void exports(buf_t *b, const web_list_view *v, const char *name)
{
    char csv[64], xlsx[64], pdf[64];
    str_fmt(csv, sizeof csv, BASE "/%s.csv", name);
    str_fmt(xlsx, sizeof xlsx, BASE "/%s.xlsx", name);
    str_fmt(pdf, sizeof pdf, BASE "/%s.pdf", name);
    web_list_exports(b, v, csv, xlsx, "st");
    buf_t h;
    buf_init(&h, 256);
    web_list_href(&h, v, pdf, NULL, 1);
    html_open(b, "p", NULL);
    html_elem(b, "a", "印刷（PDF）", "href", buf_cstr(&h), "id", "st-pdf", NULL);
    html_close(b, "p");
    buf_free(&h);
}

static void report_body(web_resp *rs, const web_list_view *v, const stat_report *r)
{
    buf_t *b = &rs->body;
    char period[128];
    stats_period_text(r, period, sizeof period);
    html_elem(b, "h2", period, "id", "st-period", NULL);
    if (r->note && *r->note)
        html_elem(b, "p", r->note, "class", "note", "id", "st-note", NULL);
    exports(b, v, r->name);
    headlines(b, r);
    chart(b, r);
    html_open(b, "div", "class", "tables", NULL);
    for (size_t i = 0; i < r->nsec; i++)
        section_table(b, &r->sec[i]);
    html_close(b, "div");
}

static int show(web_req *rq, web_resp *rs, const app_stats_def *d)
{
    char path[64];
    str_fmt(path, sizeof path, BASE "/%s", d->name);
    web_list_view v = web_list_view_from(rq, path, KEYS, 4);
    app_stats_args a = args_of(&v);
    stat_report r;
    err_t e;
    err_clear(&e);
    int rc = app_stats_run(&rq->ctx, d->name, &a, &r, &e);
    if (rc && e.code != ERR_INVALID)
        return web_fail(rq, rs, &e);
    web_page_begin(rq, rs, d->title, NAV_STATS);
    buf_t *b = &rs->body;
    html_open(b, "p", "class", "breadcrumb", NULL);
    html_elem(b, "a", "統計", "href", BASE, NULL);
    html_close(b, "p");
    html_elem(b, "h1", d->title, NULL);
    web_form_error(rs, rc ? &e : NULL);
    period_forms(rs, path, &v, &r, rc ? &e : NULL);
    if (!rc) {
        report_body(rs, &v, &r);
        stat_report_free(&r);
    }
    web_page_end(rq, rs);
    if (rc)
        rs->status = web_status_for(e.code);
    return 0;
}

/* ---- the documents ---------------------------------------------------------- */

typedef struct doc_arg {
    const stat_report *r;
    const char *by;
    int64_t at;
    bool pdf;
} doc_arg;

static int write_doc(const void *arg, const char *path, char *msg, size_t msgsz)
{
    const doc_arg *a = arg;
    return a->pdf ? stats_pdf_write(a->r, a->by, a->at, path, msg, msgsz)
                  : stats_xlsx_write(a->r, a->by, a->at, path, msg, msgsz);
}

static int document(web_req *rq, web_resp *rs, const app_stats_def *d, const char *ext)
{
    char path[64];
    str_fmt(path, sizeof path, BASE "/%s", d->name);
    web_list_view v = web_list_view_from(rq, path, KEYS, 4);
    app_stats_args a = args_of(&v);
    int encoding = 0;
    bool csv = strcmp(ext, "csv") == 0, pdf = strcmp(ext, "pdf") == 0;
    if (csv && (encoding = web_list_csv_encoding(rq, rs)) < 0)
        return 0;
    stat_report r;
    err_t e;
    err_clear(&e);
    if (app_stats_run(&rq->ctx, d->name, &a, &r, &e))
        return web_fail(rq, rs, &e);
    const char *fmt = csv ? (encoding == CSV_CP932 ? "csv-sjis" : "csv") : ext;
    int rc = 0;
    if (app_stats_export_audit(&rq->ctx, &r, fmt, &e)) {
        rc = web_fail(rq, rs, &e);
    } else if (csv) {
        char stem[64];
        str_fmt(stem, sizeof stem, "stats-%s-%s", d->name, r.period.code);
        rc = web_list_csv_done(rq, rs, stats_csv_write(&r, encoding, &rs->body), encoding, stem, "stats");
    } else {
        char by[128], name[80];
        app_staff_display_name(&rq->ctx, rq->ctx.actor.username, by, sizeof by);
        doc_arg da = {&r, by, date_now_unix(), pdf};
        str_fmt(name, sizeof name, "stats-%s-%s.%s", d->name, r.period.code, ext);
        rc = web_send_document(rq, rs, write_doc, &da,
                               pdf ? "application/pdf"
                                   : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               pdf ? "inline" : "attachment", name, "統計の帳票を作成できませんでした。");
    }
    stat_report_free(&r);
    return rc;
}

int page_stats_report(web_req *rq, web_resp *rs)
{
    char name[64];
    str_copy(name, sizeof name, rq->param);
    char *dot = strchr(name, '.');
    const char *ext = "";
    if (dot) {
        *dot = '\0';
        ext = dot + 1;
    }
    const app_stats_def *d = app_stats_find(name);
    err_t e;
    err_clear(&e);
    if (!d) {
        err_field(&e, "name", "統計「%s」はありません。統計の一覧から選んでください。", name);
        return web_fail(rq, rs, &e);
    }
    if (!*ext)
        return show(rq, rs, d);
    if (strcmp(ext, "csv") == 0 || strcmp(ext, "xlsx") == 0 || strcmp(ext, "pdf") == 0)
        return document(rq, rs, d, ext);
    err_field(&e, "format", "形式「%s」では出力できません。csv・xlsx・pdf のどれかです。", ext);
    return web_fail(rq, rs, &e);
}
