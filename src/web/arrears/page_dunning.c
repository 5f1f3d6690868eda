/* page_dunning — 督促・催告・給水停止予告: what each step would take as of
 * today, the runs with their progress, starting a run (係長: the same job
 * as `suido arrears dunning`, on its own thread and database connection,
 * after a confirmation page), a run's letters as PDF, and the karte's panel
 * of the notices sent for a tap. */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/html.h"
#include "base/log.h"
#include "domain/dunning.h"
#include "domain/role.h"
#include "web/web.h"
#include "web/web_job.h"
#include "web/arrears/arrears_nav.h"
#include "app/arrears/app_dunning.h"
#include "report/notice_pdf.h"

/* A dunning run of a screen's request, on a thread of its own (web_job). */
typedef struct dun_data {
    char step[12], as_of[11];
    app_dunning_summary sum;
} dun_data;

static void dun_progress(void *arg, int64_t done, int64_t total, int64_t bills)
{
    (void)done, (void)total, (void)bills;
    web_job_started(arg);
}

static int dun_fn(web_job *job, app_ctx *ctx, void *data, err_t *e)
{
    dun_data *d = data;
    app_dunning_hooks hooks = {.progress = dun_progress, .arg = job};
    return app_dunning_run(ctx, d->step, d->as_of, false, &hooks, &d->sum, e);
}

static const char *status_label(const char *s)
{
    return strcmp(s, "running") == 0 ? "実行中" : strcmp(s, "done") == 0 ? "完了"
         : strcmp(s, "interrupted") == 0 ? "中断（再実行で続きから）" : strcmp(s, "failed") == 0 ? "失敗" : s;
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

static void td_num(buf_t *b, int64_t v, bool yen)
{
    char t[40];
    str_thousands(v, t);
    html_open(b, "td", "class", "num", NULL);
    html_text(b, t);
    if (yen)
        html_text(b, " 円");
    html_close(b, "td");
}

static const char *const STEP_CODES[DUNNING__MAX] = {"tokusoku", "saikoku", "yokoku"};

static void dunning_page(web_req *rq, web_resp *rs, const err_t *fe)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    app_dunning_run_info *r = NULL;
    size_t n = 0;
    if (app_dunning_runs(&rq->ctx, 30, &r, &n, &e)) {
        web_fail(rq, rs, &e);
        return;
    }
    bool running = false;
    for (size_t i = 0; i < n; i++)
        running = running || strcmp(r[i].status, "running") == 0;
    if (running)
        web_header(rs, "Refresh", "3");
    int64_t counts[DUNNING__MAX];
    err_t pe;
    err_clear(&pe);
    bool have_counts = app_dunning_preview(&rq->ctx, NULL, counts, &pe) == 0;
    char today[11];
    date_format_iso(date_today_jst(), today);
    web_page_begin(rq, rs, "督促・催告", NAV_ARREARS);
    html_elem(b, "h1", "督促・催告・給水停止予告", NULL);
    web_arrears_subnav(rq, rs, "/arrears/dunning");
    html_open(b, "h2", "id", "preview-title", NULL);
    html_textf(b, "本日（%s）時点で通知の対象となる調定", today);
    html_close(b, "h2");
    if (!have_counts) {
        html_elem(b, "p", pe.user[0] ? pe.user : "件数を数えられませんでした。", "class", "error", "id", "preview-error", NULL);
    } else {
        html_open(b, "table", "class", "list", "id", "dunning-preview", "aria-labelledby", "preview-title", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">段階</th><th scope=\"col\" class=\"num\">対象の調定</th></tr></thead><tbody>");
        for (int st = 0; st < DUNNING__MAX; st++) {
            char id[32];
            str_fmt(id, sizeof id, "due-%s", STEP_CODES[st]);
            html_open(b, "tr", "id", id, NULL);
            html_elem(b, "th", dunning_step_title(st), "scope", "row", NULL);
            html_open(b, "td", "class", "num", NULL);
            html_textf(b, "%lld 件", (long long)counts[st]);
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    if (app_can(&rq->ctx, PERM_JOB_RUN)) {
        html_elem(b, "h2", "通知の作成", "id", "run-title", NULL);
        html_open(b, "form", "method", "post", "action", "/arrears/dunning/run", "class", "inline", "id", "run-form", NULL);
        web_form_error(rs, fe);
        static const char *const labels[DUNNING__MAX] = {"督促状", "催告書", "給水停止予告通知書"};
        const char *step = fe ? web_form_or(rq, "step") : "tokusoku";
        web_select(rs, "段階", "step", step, STEP_CODES, labels, DUNNING__MAX, fe);
        web_input(rs, "基準日", "as_of", fe ? web_form_or(rq, "as_of") : today, fe, "required", "", "type", "date", NULL);
        web_csrf_field(rq, rs);
        html_elem(b, "button", "通知の作成に進む（確認へ）", "type", "submit", NULL);
        html_close(b, "form");
        html_elem(b, "p",
                  "基準日に期限の来た未納の調定に、お客様・水栓ごとに1通の通知を作成します。実行前に確認画面が出ます。同じ調定に同じ段階の通知が二重に作られることはなく、途中で止まっても再実行すれば続きから完了します。",
                  "class", "note", NULL);
    }
    html_elem(b, "h2", "実行履歴", "id", "runs-title", NULL);
    html_open(b, "table", "class", "list", "id", "dunning-runs", "aria-labelledby", "runs-title", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">番号</th><th scope=\"col\">段階</th><th scope=\"col\">基準日</th>"
                "<th scope=\"col\">状態</th><th scope=\"col\">進捗</th><th scope=\"col\" class=\"num\">調定</th>"
                "<th scope=\"col\" class=\"num\">金額</th><th scope=\"col\">実行者</th><th scope=\"col\">開始</th>"
                "<th scope=\"col\">終了</th><th scope=\"col\">印刷</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        const app_dunning_run_info *x = &r[i];
        char max[24], val[24], href[80], id[32];
        str_fmt(id, sizeof id, "run-%lld", (long long)x->id);
        html_open(b, "tr", "id", id, NULL);
        html_open(b, "td", NULL);
        html_textf(b, "%lld", (long long)x->id);
        html_close(b, "td");
        html_elem(b, "td", dunning_step_title(dunning_step_parse(x->step)), NULL);
        html_elem(b, "td", x->as_of, NULL);
        html_elem(b, "td", status_label(x->status), NULL);
        html_open(b, "td", NULL);
        str_fmt(max, sizeof max, "%lld", (long long)(x->total_letters ? x->total_letters : 1));
        str_fmt(val, sizeof val, "%lld", (long long)(x->total_letters ? x->done_letters : 1));
        html_elem(b, "progress", NULL, "max", max, "value", val, "aria-label", "進捗", NULL);
        html_textf(b, " %lld / %lld 通", (long long)x->done_letters, (long long)x->total_letters);
        html_close(b, "td");
        td_num(b, x->bills, false);
        td_num(b, x->amount, true);
        html_elem(b, "td", x->started_by, NULL);
        html_open(b, "td", NULL);
        ts(b, x->started_at);
        html_close(b, "td");
        html_open(b, "td", NULL);
        ts(b, x->finished_at);
        html_close(b, "td");
        html_open(b, "td", NULL);
        if (x->done_letters > APP_DUNNING_PDF_PART) {
            /* a large run prints in parts (分冊), each a PDF of a few seconds */
            int64_t parts = (x->done_letters + APP_DUNNING_PDF_PART - 1) / APP_DUNNING_PDF_PART;
            html_open(b, "details", NULL);
            html_open(b, "summary", NULL);
            html_textf(b, "通知（PDF）%lld 分冊", (long long)parts);
            html_close(b, "summary");
            html_open(b, "ul", "class", "parts", NULL);
            for (int64_t p = 1; p <= parts; p++) {
                int64_t last = p * APP_DUNNING_PDF_PART < x->done_letters ? p * APP_DUNNING_PDF_PART : x->done_letters;
                char label[64];
                str_fmt(href, sizeof href, "/arrears/dunning/runs/%lld/notices.pdf?part=%lld", (long long)x->id,
                        (long long)p);
                str_fmt(label, sizeof label, "%lld–%lld 通目", (long long)((p - 1) * APP_DUNNING_PDF_PART + 1),
                        (long long)last);
                html_open(b, "li", NULL);
                html_elem(b, "a", label, "href", href, NULL);
                html_close(b, "li");
            }
            html_close(b, "ul");
            html_close(b, "details");
        } else if (x->done_letters > 0) {
            str_fmt(href, sizeof href, "/arrears/dunning/runs/%lld/notices.pdf", (long long)x->id);
            html_elem(b, "a", "通知（PDF）", "href", href, NULL);
        } else {
            html_text(b, "—");
        }
        html_close(b, "td");
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    if (n == 0)
        html_elem(b, "p", "督促処理の実行履歴はまだありません。", "class", "empty", NULL);
    free(r);
    web_page_end(rq, rs);
}

int page_dunning(web_req *rq, web_resp *rs)
{
    dunning_page(rq, rs, NULL);
    return 0;
}

/* POST /arrears/dunning/run without confirmed=1: what the run will do. */
static int confirm_page(web_req *rq, web_resp *rs)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    const char *step = web_form_or(rq, "step"), *as_of = web_form_or(rq, "as_of");
    app_dunning_summary s;
    if (app_dunning_run(&rq->ctx, step, as_of, true, NULL, &s, &e)) {
        if (e.code != ERR_INVALID)
            return web_fail(rq, rs, &e);
        dunning_page(rq, rs, &e);
        rs->status = 400;
        return 0;
    }
    const char *title = dunning_step_title(dunning_step_parse(s.step));
    web_page_begin(rq, rs, "督促処理の確認", NAV_ARREARS);
    html_elem(b, "h1", "通知の作成の確認", NULL);
    char yen[32];
    str_thousands(s.amount, yen);
    html_open(b, "p", "id", "confirm-text", NULL);
    html_textf(b, "基準日 %s で%sを %lld 通（調定 %lld 件、合計 %s 円）作成します。指定期限は %s です。", s.as_of, title,
               (long long)s.letters, (long long)s.bills, yen, s.deadline);
    if (s.stop_on[0])
        html_textf(b, "給水停止予定日は %s です。", s.stop_on);
    html_close(b, "p");
    if (s.over_limit) {
        html_open(b, "p", "class", "notice", "id", "over-limit", NULL);
        html_textf(b, "うち %lld 通は合計が999,999円を超えるため、納付書にバーコードを印刷しません（通知にその旨を記載します）。",
                   (long long)s.over_limit);
        html_close(b, "p");
    }
    html_open(b, "form", "method", "post", "action", "/arrears/dunning/run", "class", "inline", "id", "run-confirm", NULL);
    web_csrf_field(rq, rs);
    html_open(b, "input", "type", "hidden", "name", "step", "value", s.step, NULL);
    html_open(b, "input", "type", "hidden", "name", "as_of", "value", s.as_of, NULL);
    html_open(b, "input", "type", "hidden", "name", "confirmed", "value", "1", NULL);
    if (s.letters > 0)
        html_elem(b, "button", "通知を作成する", "type", "submit", "autofocus", "", NULL);
    else
        html_elem(b, "p", "この段階で通知の対象となる調定はありません（すべて作成済みか、期限が来ていません）。", "class",
                  "empty", "id", "nothing-to-send", NULL);
    html_elem(b, "a", "戻る", "href", "/arrears/dunning", "class", "button-secondary", NULL);
    html_close(b, "form");
    web_page_end(rq, rs);
    return 0;
}

int page_dunning_run(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    if (!app_can(&rq->ctx, PERM_JOB_RUN)) {
        err_set(&e, ERR_FORBIDDEN, NULL, NULL, "job.run");
        return web_fail(rq, rs, &e);
    }
    if (strcmp(web_form_or(rq, "confirmed"), "1") != 0)
        return confirm_page(rq, rs);
    dun_data d;
    memset(&d, 0, sizeof d);
    str_copy(d.step, sizeof d.step, web_form_or(rq, "step"));
    str_copy(d.as_of, sizeof d.as_of, web_form_or(rq, "as_of"));
    char what[64];
    str_fmt(what, sizeof what, "dunning run %s as of %s", d.step, d.as_of);
    web_job_outcome o;
    if (web_job_start(rq, dun_fn, &d, sizeof d, what, 10, &o, &e))
        return web_fail(rq, rs, &e);
    bool finished = o.finished;
    int rc = o.rc;
    err_t je = o.e;
    int64_t letters = d.sum.letters, bills = d.sum.bills;
    char step[12];
    str_copy(step, sizeof step, d.sum.step[0] ? d.sum.step : d.step);
    if (finished && rc) {
        if (je.code != ERR_INVALID && je.code != ERR_CONFLICT)
            return web_fail(rq, rs, &je);
        dunning_page(rq, rs, &je);
        rs->status = web_status_for(je.code);
        return 0;
    }
    char msg[240];
    if (finished)
        str_fmt(msg, sizeof msg, "%sを作成しました: %lld 通（調定 %lld 件）。実行履歴の「通知（PDF）」から印刷できます。",
                dunning_step_title(dunning_step_parse(step)), (long long)letters, (long long)bills);
    else
        str_fmt(msg, sizeof msg, "通知の作成を開始しました。進捗はこの画面で確認できます。");
    return web_redirect(rq, rs, "/arrears/dunning", msg);
}

typedef struct pdf_arg {
    const app_notice_doc *docs;
    size_t n;
} pdf_arg;

static int write_pdf(const void *arg, const char *path, char *msg, size_t msgsz)
{
    const pdf_arg *a = arg;
    return notice_pdf_write(a->docs, a->n, path, msg, msgsz);
}

/* GET /arrears/dunning/runs/<id>/notices.pdf */
int page_dunning_pdf(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    if (!web_path_id(rq, rs, "督促処理が見つかりません。", &id))
        return 0;
    /* ?part=N (1-based): the N-th APP_DUNNING_PDF_PART letters; none: all */
    const char *pv = web_query(rq, "part");
    int64_t part = 0;
    if (pv && !web_id_param(pv, &part)) {
        err_set(&e, ERR_INVALID, "part", "分冊（part）は 1 以上の整数で指定してください。", "bad part");
        return web_fail(rq, rs, &e);
    }
    if (part > 1000000) {
        err_set(&e, ERR_INVALID, "part", "分冊（part）が大きすぎます。", "part too large");
        return web_fail(rq, rs, &e);
    }
    pdf_arg a = {NULL, 0};
    app_notice_doc *docs = NULL;
    size_t first = part ? (size_t)(part - 1) * APP_DUNNING_PDF_PART : 0;
    if (app_dunning_letters(&rq->ctx, id, first, part ? APP_DUNNING_PDF_PART : 0, &docs, &a.n, &e))
        return web_fail(rq, rs, &e);
    if (part && a.n == 0) {
        app_notice_docs_free(docs, a.n);
        err_set(&e, ERR_NOTFOUND, "part", "この督促処理にその分冊はありません。", "no such part");
        return web_fail(rq, rs, &e);
    }
    a.docs = docs;
    char name[64];
    if (part)
        str_fmt(name, sizeof name, "notices-%lld-%lld.pdf", (long long)id, (long long)part);
    else
        str_fmt(name, sizeof name, "notices-%lld.pdf", (long long)id);
    int rc = web_send_document(rq, rs, write_pdf, &a, "application/pdf", "inline", name, "通知の PDF を作成できませんでした。");
    app_notice_docs_free(docs, a.n);
    return rc;
}

/* The karte's panel: the letters sent for the tap. */
void web_notices_panel(web_req *rq, web_resp *rs, const char *tap_no)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    app_tap_notice *r = NULL;
    size_t n = 0;
    html_open(b, "section", "id", "notices", "class", "panel", NULL);
    html_elem(b, "h2", "督促・催告の通知", NULL);
    if (app_dunning_tap_notices(&rq->ctx, tap_no, &r, &n, &e)) {
        html_elem(b, "p", "通知を読み込めませんでした。", "class", "error", NULL);
    } else if (n == 0) {
        html_elem(b, "p", "この水栓に送った督促・催告の通知はありません。", "class", "empty", "id", "notices-none", NULL);
    } else {
        html_open(b, "table", "class", "list", "id", "notice-list", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">通知</th><th scope=\"col\">発行日</th><th scope=\"col\">指定期限</th>"
                    "<th scope=\"col\" class=\"num\">調定</th><th scope=\"col\" class=\"num\">金額</th></tr></thead><tbody>");
        for (size_t i = 0; i < n; i++) {
            html_open(b, "tr", NULL);
            html_open(b, "td", NULL);
            html_text(b, dunning_step_title(dunning_step_parse(r[i].step)));
            if (r[i].stop_on[0]) {
                html_text(b, "（給水停止予定日 ");
                html_text(b, r[i].stop_on);
                html_text(b, "）");
            }
            html_close(b, "td");
            html_elem(b, "td", r[i].issued_on, NULL);
            html_elem(b, "td", r[i].deadline, NULL);
            td_num(b, r[i].bills, false);
            td_num(b, r[i].amount, true);
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    free(r);
    html_close(b, "section");
}
