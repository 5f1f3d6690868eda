/* page_works_report — 工事の統計・帳票 (issue 18 item 7): the statistics of a
 * month or a fiscal year (?month=YYYY-MM or ?year=YYYY) by type, diameter,
 * area and contractor, the 加入金 and fees by diameter, the progress list
 * and the overdue list; every list as CSV (UTF-8 with BOM, Shift_JIS) and
 * Excel, the statistics as a PDF.  Thin: app/works/app_works_report.h
 * counts, report/works_report.h writes the documents. */
#include "web/web.h"
#include "web/web_list.h"
#include "web/works/works_nav.h"

#include <stdlib.h>
#include <string.h>

#include "app/account/app_staff.h"
#include "app/works/app_works_report.h"
#include "base/date.h"
#include "base/html.h"
#include "report/works_application_csv.h"
#include "report/works_report.h"

#define BASE "/works/reports"
#define OVERDUE_SHOWN 64   /* on the page; every one through the search's exports */

static const char *const KEYS[] = {"month", "year"};

static web_list_view view_from(const web_req *rq)
{
    return web_list_view_from(rq, BASE, KEYS, 2);
}

/* ---- the page ------------------------------------------------------------- */

static void period_forms(web_resp *rs, const web_list_view *v, const app_works_stats *s, const err_t *fe)
{
    const char *month = *v->v[0] || *v->v[1] || fe ? v->v[0] : s->period.code;
    web_period_forms_spec f = {BASE, "wr", month, v->v[1], "", "", false};
    web_period_forms(rs, &f, fe);
}

static void num_td(buf_t *b, long long v)
{
    char t[32];
    str_thousands(v, t);
    html_elem(b, "td", t, "class", "num", NULL);
}

static void stats_table(web_resp *rs, const app_works_stats *s, int dim)
{
    buf_t *b = &rs->body;
    char id[32], label[320];
    static const char *const IDS[WORKS_NDIMS] = {"wr-type", "wr-diameter", "wr-area", "wr-contractor"};
    html_open(b, "table", "class", "list", "id", IDS[dim], NULL);
    html_elem(b, "caption", app_works_dim_title(dim), NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">項目</th><th scope=\"col\" class=\"num\">受付</th>"
                "<th scope=\"col\" class=\"num\">承認</th><th scope=\"col\" class=\"num\">完了</th>"
                "<th scope=\"col\" class=\"num\">取消</th></tr></thead><tbody>");
    for (size_t i = 0; i <= s->n[dim]; i++) {
        const works_stat_row *r = i < s->n[dim] ? &s->dims[dim][i] : &s->total;
        if (i < s->n[dim]) {
            app_works_stat_label(dim, r, label, sizeof label);
            str_fmt(id, sizeof id, "%s-%s", IDS[dim], r->key);
            html_open(b, "tr", "id", id, NULL);
        } else {
            str_copy(label, sizeof label, "合計");
            html_open(b, "tr", "class", "total", NULL);
        }
        html_elem(b, "th", label, "scope", "row", NULL);
        num_td(b, r->received);
        num_td(b, r->approved);
        num_td(b, r->completed);
        num_td(b, r->cancelled);
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
}

static void fees_table(web_resp *rs, const app_works_stats *s)
{
    buf_t *b = &rs->body;
    html_open(b, "table", "class", "list", "id", "wr-fees", NULL);
    html_elem(b, "caption", "加入金・手数料（口径別、期間内に受け付けた申込の調定と収納済額）", NULL);
    html_raw(b, "<thead><tr>");
    for (int c = 0; c < WORKS_FEES_NCOLS - 1; c++)
        html_elem(b, "th", WORKS_FEES_COL_TITLES[c], "scope", "col", "class", c ? "num" : NULL, NULL);
    html_raw(b, "</tr></thead><tbody>");
    for (size_t i = 0; i <= s->nfees; i++) {
        long long v[WORKS_FEES_NCOLS];
        works_fees_values(s, i, v);
        char id[32], head[32];
        str_fmt(id, sizeof id, "wr-fees-%lld", v[0]);
        if (i < s->nfees)
            str_fmt(head, sizeof head, "%lldmm", v[0]);
        else
            str_copy(head, sizeof head, "合計");
        html_open(b, "tr", "id", i < s->nfees ? id : "wr-fees-total", NULL);
        html_elem(b, "th", head, "scope", "row", NULL);
        num_td(b, v[1]);
        for (int c = 2; c < WORKS_FEES_NCOLS - 1; c++) {
            html_open(b, "td", "class", "num", NULL);
            web_yen(rs, v[c]);
            html_close(b, "td");
        }
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
}

static void statistics(web_resp *rs, const web_list_view *v, const app_works_stats *s)
{
    buf_t *b = &rs->body;
    html_open(b, "h2", "id", "wr-period", NULL);
    html_textf(b, "%s の統計（%s〜%s）", s->period.label, s->period.from_iso, s->period.to_iso);
    html_close(b, "h2");
    html_elem(b, "p",
              "受付・承認・完了・取消は、それぞれの手続きの日が期間内にある申込の件数です（受付日で数えた申込が、"
              "同じ期間に承認されるとは限りません）。",
              "class", "note", NULL);
    web_list_exports(b, v, BASE "/stats.csv", BASE "/stats.xlsx", "wr-stats");
    buf_t h;
    buf_init(&h, 256);
    web_list_href(&h, v, BASE "/stats.pdf", NULL, 1);
    html_open(b, "p", NULL);
    html_elem(b, "a", "統計表を印刷（PDF）", "href", buf_cstr(&h), "id", "wr-stats-pdf", NULL);
    html_close(b, "p");
    buf_free(&h);
    html_open(b, "div", "class", "tables", NULL);
    for (int d = 0; d < WORKS_NDIMS; d++)
        stats_table(rs, s, d);
    html_close(b, "div");
    html_elem(b, "h2", "加入金・手数料（口径別）", NULL);
    web_list_exports(b, v, BASE "/fees.csv", BASE "/fees.xlsx", "wr-fees");
    fees_table(rs, s);
}

static void progress(web_req *rq, web_resp *rs, const app_works_page *pg)
{
    buf_t *b = &rs->body;
    html_elem(b, "h2", "進捗一覧（未完了の申込）", "id", "wr-progress-head", NULL);
    int64_t by[WORKS_NSTATUSES] = {0}, overdue = 0;
    for (size_t i = 0; i < pg->n; i++) {
        if (pg->rows[i].status >= 0 && pg->rows[i].status < WORKS_NSTATUSES)
            by[pg->rows[i].status]++;
        overdue += pg->rows[i].overdue;
    }
    html_open(b, "table", "class", "list", "id", "wr-steps", NULL);
    html_elem(b, "caption", "現在の手続き別の件数", NULL);
    html_raw(b, "<thead><tr>");
    for (int st = 0; st < WORKS_NSTATUSES; st++)
        if (works_status_open(st))
            html_elem(b, "th", works_status_label(st), "scope", "col", "class", "num", NULL);
    html_raw(b, "<th scope=\"col\" class=\"num\">計</th></tr></thead><tbody><tr>");
    for (int st = 0; st < WORKS_NSTATUSES; st++)
        if (works_status_open(st))
            num_td(b, by[st]);
    num_td(b, (long long)pg->n);
    html_raw(b, "</tr></tbody>");
    html_close(b, "table");
    web_list_view none = {.path = BASE, .page = 1};
    web_list_exports(b, &none, BASE "/progress.csv", BASE "/progress.xlsx", "wr-progress");
    if (pg->n)
        web_works_list_table(rq, rs, pg, "wr-progress", "進捗一覧（手続きの順、同じ手続きでは経過日数の長い順）");
    html_open(b, "h2", "id", "wr-overdue-head", NULL);
    html_textf(b, "滞留一覧（%lld日を超えて次の手続きがないもの）", (long long)pg->overdue_days);
    html_close(b, "h2");
    static const char *const OK[] = {"overdue"};
    web_list_view ov = {.path = "/works", .keys = OK, .v = {"1"}, .n = 1, .page = 1};
    web_list_exports(b, &ov, "/works.csv", "/works.xlsx", "wr-overdue");
    if (!overdue) {
        html_elem(b, "p", "滞留している申込はありません。", "class", "empty", "id", "wr-overdue-empty", NULL);
        return;
    }
    app_works_page od = *pg;   /* the overdue rows of the same list, in its order: the first OVERDUE_SHOWN */
    od.rows = calloc(OVERDUE_SHOWN, sizeof *od.rows);
    od.n = 0;
    for (size_t i = 0; od.rows && i < pg->n && od.n < OVERDUE_SHOWN; i++)
        if (pg->rows[i].overdue)
            od.rows[od.n++] = pg->rows[i];
    web_works_list_table(rq, rs, &od, "wr-overdue", "滞留一覧（手続きの順、経過日数の長い順）");
    free(od.rows);
    if (overdue > (int64_t)od.n) {
        html_open(b, "p", NULL);
        html_textf(b, "ほか %lld 件は", (long long)(overdue - (int64_t)od.n));
        html_elem(b, "a", "申込検索（滞留しているもの）", "href", "/works?overdue=1", "id", "wr-overdue-all", NULL);
        html_text(b, "で表示できます。");
        html_close(b, "p");
    }
}

int page_works_reports(web_req *rq, web_resp *rs)
{
    web_list_view v = view_from(rq);
    app_works_stats s;
    err_t e;
    err_clear(&e);
    int rc = app_works_report_stats(&rq->ctx, v.v[0], v.v[1], &s, &e);
    if (rc && e.code != ERR_INVALID)
        return web_fail(rq, rs, &e);
    app_works_page pg;
    err_t pe;
    err_clear(&pe);
    if (app_works_report_progress(&rq->ctx, &pg, &pe)) {
        if (!rc)
            app_works_stats_free(&s);
        return web_fail(rq, rs, &pe);
    }
    web_page_begin(rq, rs, "工事の統計・帳票", NAV_WORKS);
    buf_t *b = &rs->body;
    web_works_subnav(rq, rs, BASE);
    html_elem(b, "h1", "工事の統計・帳票", NULL);
    web_form_error(rs, rc ? &e : NULL);
    period_forms(rs, &v, &s, rc ? &e : NULL);
    if (!rc) {
        statistics(rs, &v, &s);
        app_works_stats_free(&s);
    }
    progress(rq, rs, &pg);
    app_works_page_free(&pg);
    web_page_end(rq, rs);
    if (rc)
        rs->status = web_status_for(e.code);
    return 0;
}

/* ---- the documents -------------------------------------------------------- */

typedef bool (*stats_csv_fn)(const app_works_stats *s, int encoding, buf_t *out);

static int stats_csv(web_req *rq, web_resp *rs, stats_csv_fn write, const char *stem)
{
    int encoding = web_list_csv_encoding(rq, rs);
    if (encoding < 0)
        return 0;
    web_list_view v = view_from(rq);
    app_works_stats s;
    err_t e;
    err_clear(&e);
    if (app_works_report_stats(&rq->ctx, v.v[0], v.v[1], &s, &e))
        return web_fail(rq, rs, &e);
    char name[48];
    str_fmt(name, sizeof name, "%s-%s", stem, s.period.code);
    bool ok = write(&s, encoding, &rs->body);
    app_works_stats_free(&s);
    return web_list_csv_done(rq, rs, ok, encoding, name, stem);
}

int page_works_report_stats_csv(web_req *rq, web_resp *rs)
{
    return stats_csv(rq, rs, works_stats_csv_write, "works-stats");
}

int page_works_report_fees_csv(web_req *rq, web_resp *rs)
{
    return stats_csv(rq, rs, works_fees_csv_write, "works-fees");
}

typedef int (*stats_doc_fn)(const app_works_stats *s, const char *by, int64_t at, const char *path, char *err,
                            size_t errsz);
typedef struct doc_arg {
    stats_doc_fn write;
    const app_works_stats *s;
    const char *by;
    int64_t at;
} doc_arg;

static int write_doc(const void *arg, const char *path, char *msg, size_t msgsz)
{
    const doc_arg *a = arg;
    return a->write(a->s, a->by, a->at, path, msg, msgsz);
}

/* A document of the statistics: pdf (inline) or Excel (attachment). */
static int stats_doc(web_req *rq, web_resp *rs, stats_doc_fn write, const char *stem, bool pdf)
{
    web_list_view v = view_from(rq);
    app_works_stats s;
    err_t e;
    err_clear(&e);
    if (app_works_report_stats(&rq->ctx, v.v[0], v.v[1], &s, &e))
        return web_fail(rq, rs, &e);
    char by[128], name[64];
    app_staff_display_name(&rq->ctx, rq->ctx.actor.username, by, sizeof by);
    doc_arg a = {write, &s, by, date_now_unix()};
    str_fmt(name, sizeof name, "%s-%s.%s", stem, s.period.code, pdf ? "pdf" : "xlsx");
    int rc = web_send_document(rq, rs, write_doc, &a,
                               pdf ? "application/pdf"
                                   : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               pdf ? "inline" : "attachment", name, "工事の統計を作成できませんでした。");
    app_works_stats_free(&s);
    return rc;
}

int page_works_report_stats_xlsx(web_req *rq, web_resp *rs)
{
    return stats_doc(rq, rs, works_stats_xlsx_write, "works-stats", false);
}

int page_works_report_stats_pdf(web_req *rq, web_resp *rs)
{
    return stats_doc(rq, rs, works_stats_pdf_write, "works-stats", true);
}

int page_works_report_fees_xlsx(web_req *rq, web_resp *rs)
{
    return stats_doc(rq, rs, works_fees_xlsx_write, "works-fees", false);
}

int page_works_report_progress_csv(web_req *rq, web_resp *rs)
{
    int encoding = web_list_csv_encoding(rq, rs);
    if (encoding < 0)
        return 0;
    app_works_page pg;
    err_t e;
    err_clear(&e);
    if (app_works_report_progress(&rq->ctx, &pg, &e))
        return web_fail(rq, rs, &e);
    bool ok = works_application_csv_write(&pg, encoding, &rs->body);
    app_works_page_free(&pg);
    return web_list_csv_done(rq, rs, ok, encoding, "works-progress", "works progress");
}

static int write_progress(const void *rows, const char *cond, const char *by, int64_t at, const char *path, char *msg,
                          size_t msgsz)
{
    (void)cond;
    return works_progress_xlsx_write(rows, by, at, path, msg, msgsz);
}

int page_works_report_progress_xlsx(web_req *rq, web_resp *rs)
{
    app_works_page pg;
    err_t e;
    err_clear(&e);
    if (app_works_report_progress(&rq->ctx, &pg, &e))
        return web_fail(rq, rs, &e);
    web_list_view none = {.path = BASE, .page = 1};
    int rc = web_list_send_xlsx(rq, rs, &none, NULL, NULL, write_progress, &pg, "works-progress",
                                "進捗一覧を作成できませんでした。");
    app_works_page_free(&pg);
    return rc;
}
