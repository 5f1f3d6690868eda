/* page_billing — 調定: the billing runs of each cycle with their progress,
 * starting a run (係長: the same job as `suido bill run`, on its own thread
 * and database connection), and the taps a run could not bill. */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/html.h"
#include "base/log.h"
#include "domain/bill_skip.h"
#include "domain/role.h"
#include "web/web.h"
#include "web/web_job.h"
#include "app/billing/app_bill.h"
#include "app/reading/app_reading.h"
#include "app/billing/app_bill_report.h"

/* The billing run of a screen's request, on a thread of its own (web_job). */
typedef struct run_data {
    char cycle[8], grp[12];
    app_bill_summary sum;
} run_data;

static void run_progress(void *arg, int64_t done, int64_t total, int64_t billed, int64_t skipped)
{
    (void)done, (void)total, (void)billed, (void)skipped;
    web_job_started(arg);
}

static int run_fn(web_job *job, app_ctx *ctx, void *data, err_t *e)
{
    run_data *d = data;
    app_bill_hooks hooks = {.progress = run_progress, .arg = job};
    return app_bill_run(ctx, d->cycle, d->grp, false, &hooks, &d->sum, e);
}

static void ts(buf_t *b, int64_t t)
{
    char s[20];
    if (t) {
        date_format_ts_jst(t, s);
        html_text(b, s);
    } else {
        html_text(b, "—");
    }
}

static const char *status_label(const char *s)
{
    return strcmp(s, "running") == 0 ? "実行中" : strcmp(s, "done") == 0 ? "完了"
         : strcmp(s, "interrupted") == 0 ? "中断（再実行で続きから）" : strcmp(s, "failed") == 0 ? "失敗" : s;
}

static const char *group_label(const char *g)
{
    return strcmp(g, "odd") == 0 ? "奇数月" : strcmp(g, "even") == 0 ? "偶数月" : strcmp(g, "monthly") == 0 ? "毎月"
                                                                                                           : "全検針区";
}

/* A count of the readiness list, linked when there is something to see. */
static void ready_item(buf_t *b, const char *label, int64_t v, const char *href, const char *id, bool alert)
{
    html_elem(b, "dt", label, NULL);
    html_open(b, "dd", "id", id, "class", alert && v > 0 ? "alert" : NULL, NULL);
    char t[32];
    str_fmt(t, sizeof t, "%lld 件", (long long)v);
    if (href && v > 0)
        html_elem(b, "a", t, "href", href, NULL);
    else
        html_text(b, t);
    html_close(b, "dd");
}

/* The readiness of a cycle: what a run would bill and what it would leave. */
static void readiness_html(buf_t *b, const app_bill_ready *r)
{
    char href[96], unread[96], held[96];
    html_open(b, "h2", "id", "readiness-title", NULL);
    html_textf(b, "準備状況（%s 周期・%s）", r->cycle, group_label(r->grp));
    html_close(b, "h2");
    if (r->routes == 0) {
        html_elem(b, "p", "この周期・グループに検針予定の検針区はありません。", "class", "empty", "id", "readiness-none",
                  NULL);
        return;
    }
    str_fmt(unread, sizeof unread, "/reading?cycle=%s", r->cycle);
    str_fmt(held, sizeof held, "/reading/held?cycle=%s", r->cycle);
    str_fmt(href, sizeof href, "/billing/summary?cycle=%s", r->cycle);
    html_open(b, "dl", "class", "facts", "id", "readiness", "aria-labelledby", "readiness-title", NULL);
    html_elem(b, "dt", "検針期間", NULL);
    html_open(b, "dd", NULL);
    html_textf(b, "%s 〜 %s（検針区 %lld）%s", r->from_on, r->to_on, (long long)r->routes,
               r->window_over ? "" : "　検針期間中");
    html_close(b, "dd");
    ready_item(b, "対象水栓", r->taps, NULL, "ready-taps", false);
    ready_item(b, "検針済", r->read, NULL, "ready-read", false);
    ready_item(b, "うち認定", r->estimated, NULL, "ready-estimated", false);
    ready_item(b, "未検針", r->unread, unread, "ready-unread", true);
    ready_item(b, "保留", r->held, held, "ready-held", true);
    ready_item(b, "調定済", r->billed, r->billed ? href : NULL, "ready-billed", false);
    ready_item(b, "今回の調定対象", r->to_bill, NULL, "ready-to-bill", false);
    html_close(b, "dl");
    if (r->unread > 0 || r->held > 0) {
        html_open(b, "p", "class", "notice", "id", "readiness-warning", NULL);
        html_textf(b, "未検針 %lld 件・保留 %lld 件は今回の調定に含まれません。検針・保留の処理のあとで再実行すると、その分だけ調定されます。",
                   (long long)r->unread, (long long)r->held);
        html_close(b, "p");
    }
}

/* The cycle and group the page is about: asked for, else the one due. */
static void page_cycle(web_req *rq, const err_t *fe, char cycle[8], char grp[12])
{
    const char *c = fe ? web_form_or(rq, "cycle") : web_query(rq, "cycle");
    const char *g = fe ? web_form_or(rq, "group") : web_query(rq, "group");
    err_t e;
    err_clear(&e);
    if (c && *c)
        str_copy(cycle, 8, c);
    else
        app_bill_due_cycle(&rq->ctx, cycle, &e);
    str_copy(grp, 12, g && *g ? g : "all");
}

static void cycle_form(web_req *rq, web_resp *rs, const char *cycle, const char *grp, const err_t *fe)
{
    buf_t *b = &rs->body;
    html_open(b, "form", "method", "get", "action", "/billing", "class", "inline", "id", "cycle-form", NULL);
    web_form_error(rs, fe);
    web_input(rs, "検針周期", "cycle", cycle, fe, "required", "", "pattern", "[0-9]{4}-[0-9]{2}", "placeholder",
              "2026-11", NULL);
    static const char *const codes[] = {"all", "odd", "even", "monthly"};
    static const char *const labels[] = {"全検針区", "奇数月の検針区", "偶数月の検針区", "毎月検針の検針区"};
    web_select(rs, "検針グループ", "group", grp, codes, labels, 4, fe);
    html_elem(b, "button", "表示", "type", "submit", NULL);
    html_close(b, "form");
}

static void billing_page(web_req *rq, web_resp *rs, const err_t *fe)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    app_bill_run_info *r = NULL;
    size_t n = 0;
    app_bill_runs(&rq->ctx, 30, &r, &n, &e);
    bool running = false;
    for (size_t i = 0; i < n; i++)
        running = running || strcmp(r[i].status, "running") == 0;
    if (running)
        web_header(rs, "Refresh", "3");
    char cycle[8], grp[12], href[96];
    page_cycle(rq, fe, cycle, grp);
    app_bill_ready ready;
    err_t re;
    err_clear(&re);
    int rrc = fe ? 1 : app_bill_readiness(&rq->ctx, cycle, grp, &ready, &re);
    if (rrc && !fe && re.code != ERR_INVALID) {
        app_bill_runs_free(r, n);
        web_fail(rq, rs, &re);
        return;
    }
    if (rrc && !fe)
        rs->status = 400;
    web_page_begin(rq, rs, "調定処理", NAV_BILLING);
    html_elem(b, "h1", "調定処理", NULL);
    html_open(b, "p", NULL);
    html_elem(b, "a", "料金表", "href", "/tariffs", NULL);
    html_text(b, "　");
    str_fmt(href, sizeof href, "/billing/summary?cycle=%s", cycle);
    html_elem(b, "a", "調定集計表", "href", href, "id", "summary-link", NULL);
    if (app_can(&rq->ctx, PERM_CUSTOMER_EXPORT)) {
        html_text(b, "　");
        html_elem(b, "a", "他市町下水データ", "href", "/billing/sewer-export", "id", "sewer-export-link", NULL);
    }
    if (app_can(&rq->ctx, PERM_BILL_CORRECT)) {
        html_text(b, "　");
        html_elem(b, "a", "点検（漏れ防止）", "href", "/checks", "id", "checks-link", NULL);
    }
    html_close(b, "p");
    cycle_form(rq, rs, cycle, grp, fe ? fe : rrc ? &re : NULL);
    if (!rrc) {
        readiness_html(b, &ready);
        if (app_can(&rq->ctx, PERM_JOB_RUN) && ready.routes > 0) {
            html_open(b, "form", "method", "post", "action", "/billing/run", "class", "inline", "id", "run-form", NULL);
            web_csrf_field(rq, rs);
            html_open(b, "input", "type", "hidden", "name", "cycle", "value", cycle, NULL);
            html_open(b, "input", "type", "hidden", "name", "group", "value", grp, NULL);
            html_elem(b, "button", "調定処理に進む（確認へ）", "type", "submit", NULL);
            html_close(b, "form");
            html_elem(b, "p",
                      "確定済みの検針から調定を作成します。実行前に確認画面が出ます。同じ検針に二重に調定されることはなく、途中で止まっても再実行すれば続きから完了します。",
                      "class", "note", NULL);
        }
    }
    html_elem(b, "h2", "実行履歴", "id", "runs-title", NULL);
    html_open(b, "table", "class", "list", "id", "bill-runs", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">番号</th><th scope=\"col\">検針周期</th><th scope=\"col\">グループ</th>"
                "<th scope=\"col\">状態</th><th scope=\"col\">進捗</th><th scope=\"col\" class=\"num\">調定</th>"
                "<th scope=\"col\" class=\"num\">調定できず</th><th scope=\"col\">実行者</th><th scope=\"col\">開始</th>"
                "<th scope=\"col\">終了</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        const app_bill_run_info *x = &r[i];
        char max[24], val[24];
        html_open(b, "tr", NULL);
        html_open(b, "td", NULL);
        html_textf(b, "%lld", (long long)x->id);
        html_close(b, "td");
        html_elem(b, "td", x->cycle, NULL);
        html_elem(b, "td", group_label(x->grp), NULL);
        html_elem(b, "td", status_label(x->status), NULL);
        html_open(b, "td", NULL);
        str_fmt(max, sizeof max, "%lld", (long long)(x->total_taps ? x->total_taps : 1));
        str_fmt(val, sizeof val, "%lld", (long long)(x->total_taps ? x->done_taps : 1));
        html_elem(b, "progress", NULL, "max", max, "value", val, "aria-label", "進捗", NULL);
        html_textf(b, " %lld / %lld", (long long)x->done_taps, (long long)x->total_taps);
        html_close(b, "td");
        html_open(b, "td", "class", "num", NULL);
        html_textf(b, "%lld", (long long)x->billed);
        html_close(b, "td");
        html_open(b, "td", "class", "num", NULL);
        if (x->skipped) {
            str_fmt(href, sizeof href, "/billing/skips?cycle=%s", x->cycle);
            char t[24];
            str_fmt(t, sizeof t, "%lld", (long long)x->skipped);
            html_elem(b, "a", t, "href", href, NULL);
        } else {
            html_text(b, "0");
        }
        html_close(b, "td");
        html_elem(b, "td", x->started_by, NULL);
        html_open(b, "td", NULL);
        ts(b, x->started_at);
        html_close(b, "td");
        html_open(b, "td", NULL);
        ts(b, x->finished_at);
        html_close(b, "td");
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    if (n == 0)
        html_elem(b, "p", "調定処理の実行履歴はまだありません。", "class", "empty", NULL);
    app_bill_runs_free(r, n);
    web_page_end(rq, rs);
}

int page_billing(web_req *rq, web_resp *rs)
{
    billing_page(rq, rs, NULL);
    return 0;
}

/* POST /billing/run without confirmed=1: what the run will do, and the
 * button that runs it. */
static int confirm_page(web_req *rq, web_resp *rs)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    const char *cycle = web_form_or(rq, "cycle"), *grp = *web_form_or(rq, "group") ? web_form_or(rq, "group") : "all";
    app_bill_ready r;
    if (app_bill_readiness(&rq->ctx, cycle, grp, &r, &e)) {
        if (e.code != ERR_INVALID)
            return web_fail(rq, rs, &e);
        billing_page(rq, rs, &e);
        rs->status = 400;
        return 0;
    }
    web_page_begin(rq, rs, "調定処理の確認", NAV_BILLING);
    html_elem(b, "h1", "調定処理の確認", NULL);
    html_open(b, "p", "id", "confirm-text", NULL);
    html_textf(b, "%s 周期・%s の確定済みの検針 %lld 件を調定します。", r.cycle, group_label(r.grp), (long long)r.to_bill);
    html_close(b, "p");
    readiness_html(b, &r);
    char back[96];
    str_fmt(back, sizeof back, "/billing?cycle=%s&group=%s", r.cycle, r.grp);
    html_open(b, "form", "method", "post", "action", "/billing/run", "class", "inline", "id", "run-confirm", NULL);
    web_csrf_field(rq, rs);
    html_open(b, "input", "type", "hidden", "name", "cycle", "value", r.cycle, NULL);
    html_open(b, "input", "type", "hidden", "name", "group", "value", r.grp, NULL);
    html_open(b, "input", "type", "hidden", "name", "confirmed", "value", "1", NULL);
    if (r.to_bill > 0)
        html_elem(b, "button", "調定処理を実行する", "type", "submit", "autofocus", "", NULL);
    else
        html_elem(b, "p", "調定する検針はありません（すべて調定済みか、まだ検針されていません）。", "class", "empty",
                  "id", "nothing-to-bill", NULL);
    html_elem(b, "a", "戻る", "href", back, "class", "button-secondary", NULL);
    html_close(b, "form");
    web_page_end(rq, rs);
    return 0;
}

int page_billing_run(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    if (!app_can(&rq->ctx, PERM_JOB_RUN)) {
        err_set(&e, ERR_FORBIDDEN, NULL, NULL, "job.run");
        return web_fail(rq, rs, &e);
    }
    if (strcmp(web_form_or(rq, "confirmed"), "1") != 0)
        return confirm_page(rq, rs);
    run_data d;
    memset(&d, 0, sizeof d);
    str_copy(d.cycle, sizeof d.cycle, web_form_or(rq, "cycle"));
    str_copy(d.grp, sizeof d.grp, *web_form_or(rq, "group") ? web_form_or(rq, "group") : "all");
    char what[64];
    str_fmt(what, sizeof what, "billing run %s/%s", d.cycle, d.grp);
    /* wait until the run has committed its first chunk or ended (a refusal
     * such as a bad cycle or another run under way is shown on the form) */
    web_job_outcome o;
    if (web_job_start(rq, run_fn, &d, sizeof d, what, 10, &o, &e))
        return web_fail(rq, rs, &e);
    bool finished = o.finished;
    int rc = o.rc;
    err_t je = o.e;
    int64_t billed = d.sum.billed, skipped = d.sum.skipped;
    const char *j_cycle = d.cycle, *j_grp = d.grp;
    if (finished && rc) {
        if (je.code != ERR_INVALID && je.code != ERR_CONFLICT)
            return web_fail(rq, rs, &je);
        billing_page(rq, rs, &je);
        rs->status = web_status_for(je.code);
        return 0;
    }
    char msg[200];
    if (finished)
        str_fmt(msg, sizeof msg, "調定処理が完了しました: 調定 %lld 件、調定できず %lld 件。", (long long)billed,
                (long long)skipped);
    else
        str_fmt(msg, sizeof msg, "調定処理を開始しました。進捗はこの画面で確認できます。");
    char to[96];
    if (finished)
        str_fmt(to, sizeof to, "/billing/summary?cycle=%s", j_cycle);
    else
        str_fmt(to, sizeof to, "/billing?cycle=%s&group=%s", j_cycle, j_grp);
    return web_redirect(rq, rs, to, msg);
}

int page_billing_skips(web_req *rq, web_resp *rs)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    const char *cycle = web_query(rq, "cycle");
    char cur[8];
    app_cycle_today(cur);
    if (!cycle || !*cycle)
        cycle = cur;
    app_bill_skip *k = NULL;
    size_t n = 0;
    if (app_bill_skips(&rq->ctx, cycle, 5000, &k, &n, &e))
        return web_fail(rq, rs, &e);
    web_page_begin(rq, rs, "調定できなかった水栓", NAV_BILLING);
    html_open(b, "h1", NULL);
    html_textf(b, "調定できなかった水栓（%s 周期）", cycle);
    html_close(b, "h1");
    html_open(b, "p", NULL);
    html_elem(b, "a", "調定処理に戻る", "href", "/billing", NULL);
    html_close(b, "p");
    html_open(b, "table", "class", "list", "id", "bill-skips", NULL);
    bool can_confirm = app_can(&rq->ctx, PERM_APPROVE);
    html_raw(b, "<thead><tr><th scope=\"col\">水栓番号</th><th scope=\"col\">理由</th><th scope=\"col\">詳細</th>");
    if (can_confirm)
        html_raw(b, "<th scope=\"col\">操作</th>");
    html_raw(b, "</tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        char href[48];
        str_fmt(href, sizeof href, "/karte/%s", k[i].tap_no);
        html_open(b, "tr", NULL);
        html_open(b, "td", NULL);
        html_elem(b, "a", k[i].tap_no, "href", href, NULL);
        html_close(b, "td");
        html_elem(b, "td", app_bill_skip_label(k[i].reason), NULL);
        html_elem(b, "td", k[i].detail, NULL);
        if (can_confirm) {
            html_open(b, "td", NULL);
            if (bill_skip_parse(k[i].reason) == BILL_SKIP_LONG_PERIOD) {
                /* 係長: the period is right (a reading really missed for so
                 * long): the next run bills it */
                char id[40];
                str_fmt(id, sizeof id, "confirm-period-%s", k[i].tap_no);
                html_open(b, "form", "method", "post", "action", "/billing/skips/confirm", "class", "inline", "id", id,
                          NULL);
                web_csrf_field(rq, rs);
                html_open(b, "input", "type", "hidden", "name", "tap", "value", k[i].tap_no, NULL);
                html_open(b, "input", "type", "hidden", "name", "cycle", "value", cycle, NULL);
                html_elem(b, "button", "期間を確認して調定対象にする", "type", "submit", NULL);
                html_close(b, "form");
            }
            html_close(b, "td");
        }
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    if (n == 0)
        html_elem(b, "p", "この周期に調定できなかった水栓はありません。", "class", "empty", NULL);
    free(k);
    web_page_end(rq, rs);
    return 0;
}

/* POST /billing/skips/confirm: a 係長 confirms the long period of a skipped
 * tap (app_bill_period_confirm); back to the cycle's skipped taps. */
int page_billing_skip_confirm(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    const char *tap = web_form_or(rq, "tap"), *cycle = web_form_or(rq, "cycle");
    int64_t days = 0;
    if (app_bill_period_confirm(&rq->ctx, tap, cycle, &days, &e))
        return web_fail(rq, rs, &e);
    char href[64], msg[200];
    str_fmt(href, sizeof href, "/billing/skips?cycle=%s", cycle);
    str_fmt(msg, sizeof msg, "水栓 %s の使用期間（%lld 日）を確認しました。次の調定処理で調定されます。", tap,
            (long long)days);
    return web_redirect(rq, rs, href, msg);
}
