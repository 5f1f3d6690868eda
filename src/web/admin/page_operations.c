/* page_operations — 管理 → 運用 (/admin/operations): the unattended jobs
 * with their last runs (when, how long, the result: 失敗 in red, 中断
 * marked), the age of the last good backup (red when older than a day),
 * and the recent runs.  Read-only; PERM_USER_ADMIN (app_job_overview). */
#include <stdlib.h>
#include <string.h>

#include "app/app_jobs.h"
#include "base/date.h"
#include "base/html.h"
#include "domain/job_kinds.h"
#include "web/web.h"
#include "web/admin/admin_nav.h"

#define RECENT 30

static void ts_cell(buf_t *b, int64_t t)
{
    char s[20];
    if (t)
        date_format_ts_jst(t, s);
    html_elem(b, "td", t ? s : "—", NULL);
}

static void duration_cell(buf_t *b, int64_t ms)
{
    char s[48] = "—";
    if (ms >= 3600000)
        str_fmt(s, sizeof s, "%lld時間%02lld分", (long long)(ms / 3600000), (long long)(ms / 60000 % 60));
    else if (ms >= 60000)
        str_fmt(s, sizeof s, "%lld分%02lld秒", (long long)(ms / 60000), (long long)(ms / 1000 % 60));
    else if (ms >= 0)
        str_fmt(s, sizeof s, "%lld.%01lld秒", (long long)(ms / 1000), (long long)(ms % 1000 / 100));
    html_elem(b, "td", s, "class", "num", NULL);
}

static const char *alert_text(const char *alert)
{
    if (strcmp(alert, "sent") == 0)
        return "メール送信済み";
    if (strcmp(alert, "no-address") == 0)
        return "メール未送信（[alerts] mail_to 未設定）";
    if (strcmp(alert, "no-mta") == 0)
        return "メール未送信（MTA なし）";
    if (strcmp(alert, "failed") == 0)
        return "メール送信失敗";
    return "";
}

static void state_cell(buf_t *b, const app_job_status *j)
{
    char cls[48];
    str_fmt(cls, sizeof cls, "state state-%s", job_state_word(j->state));
    html_open(b, "td", NULL);
    html_elem(b, "span", job_state_label(j->state), "class", cls, NULL);
    if (j->alert[0]) {
        html_raw(b, " ");
        html_elem(b, "small", alert_text(j->alert), NULL);
    }
    html_close(b, "td");
}

static void run_row(buf_t *b, const app_job_status *j, bool with_schedule)
{
    bool bad = j->ever && (j->state == JOB_STATE_FAILED || j->state == JOB_STATE_INTERRUPTED);
    html_open(b, "tr", "class", bad ? "failed" : NULL, "data-job", j->job, NULL);
    html_open(b, "th", "scope", "row", NULL);
    html_textf(b, "%s", j->label);
    html_raw(b, "<br>");
    html_elem(b, "code", j->job, NULL);
    html_close(b, "th");
    if (with_schedule)
        html_elem(b, "td", j->schedule[0] ? j->schedule : "—", NULL);
    if (!j->ever) {
        html_elem(b, "td", "まだ実行されていません", "colspan", "5", NULL);
        html_close(b, "tr");
        return;
    }
    ts_cell(b, j->started_at);
    ts_cell(b, j->finished_at);
    duration_cell(b, j->duration_ms);
    state_cell(b, j);
    html_elem(b, "td", j->summary[0] ? j->summary : "—", "class", "multiline", NULL);
    html_close(b, "tr");
}

static void table_head(buf_t *b, const char *id, const char *caption, bool with_schedule)
{
    html_open(b, "table", "class", "list", "id", id, NULL);
    html_elem(b, "caption", caption, NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">処理</th>");
    if (with_schedule)
        html_raw(b, "<th scope=\"col\">予定</th>");
    html_raw(b, "<th scope=\"col\">開始</th><th scope=\"col\">終了</th><th scope=\"col\" class=\"num\">所要時間</th>"
                "<th scope=\"col\">結果</th><th scope=\"col\">出力の末尾</th></tr></thead><tbody>");
}

static void backup_facts(buf_t *b, const app_job_board *o)
{
    html_open(b, "dl", "class", "facts", "id", "backup-age", NULL);
    html_elem(b, "dt", "最後に成功したバックアップ", NULL);
    char when[20], text[96];
    if (o->backup_known) {
        date_format_ts_jst(o->backup_at, when);
        int64_t a = o->backup_age_s > 0 ? o->backup_age_s : 0, d = a / 86400, h = a / 3600 % 24, m = a / 60 % 60;
        char ago[48];
        if (d)
            str_fmt(ago, sizeof ago, "%lld日%lld時間前", (long long)d, (long long)h);
        else
            str_fmt(ago, sizeof ago, "%lld時間%02lld分前", (long long)h, (long long)m);
        str_fmt(text, sizeof text, "%s（%s）%s", when, ago, o->backup_stale ? " — 1日以上経過しています" : "");
    } else {
        str_copy(text, sizeof text, "記録がありません");
    }
    html_elem(b, "dd", text, "class", o->backup_stale ? "alert" : NULL, NULL);
    html_close(b, "dl");
}

int page_operations(web_req *rq, web_resp *rs)
{
    app_job_board o;
    err_t e;
    err_clear(&e);
    if (app_job_overview(&rq->ctx, RECENT, &o, &e))
        return web_fail(rq, rs, &e);
    web_page_begin(rq, rs, "運用", NAV_ADMIN);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "運用（定時処理とバックアップ）", NULL);
    web_admin_subnav(rq, rs, "/admin/operations");
    backup_facts(b, &o);
    table_head(b, "jobs", "定時処理ごとの最後の実行", true);
    for (size_t i = 0; i < o.njobs; i++)
        run_row(b, &o.jobs[i], true);
    html_raw(b, "</tbody>");
    html_close(b, "table");
    table_head(b, "recent", "最近の実行", false);
    for (size_t i = 0; i < o.nrecent; i++)
        run_row(b, &o.recent[i], false);
    if (!o.nrecent)
        html_raw(b, "<tr><td colspan=\"6\">記録がありません</td></tr>");
    html_raw(b, "</tbody>");
    html_close(b, "table");
    html_elem(b, "p",
              "定時処理は systemd のタイマーが `suido job run` で起動します。失敗・中断は [alerts] mail_to にメールで"
              "知らせます。手順は docs/operations.md の「Automatic operation」を参照してください。",
              "class", "hint", NULL);
    app_job_board_free(&o);
    web_page_end(rq, rs);
    return 0;
}
