/* page_approval — 管理 → 承認依頼 (/approvals): second-person approval
 * requests, listed and decided (PERM_APPROVE). */
#include <stdlib.h>
#include <string.h>

#include "app/app_approval.h"
#include "base/date.h"
#include "base/html.h"
#include "web/admin/admin_nav.h"
#include "web/web.h"

static const char *status_label(const char *s)
{
    return strcmp(s, "pending") == 0 ? "承認待ち" : strcmp(s, "approved") == 0 ? "承認済み" : "却下";
}

int page_approvals(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_approval *as = NULL;
    size_t n = 0;
    if (app_approval_list(&rq->ctx, NULL, &as, &n, &e))
        return web_fail(rq, rs, &e);
    web_page_begin(rq, rs, "承認依頼", NAV_ADMIN);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "承認依頼", NULL);
    web_admin_subnav(rq, rs, "/approvals");
    html_elem(b, "p", "依頼した本人は承認・却下できません。内容と理由を確認してから判断してください。", "class", "hint", NULL);
    if (!n)
        html_elem(b, "p", "承認依頼はありません。", "class", "empty", NULL);
    else {
        html_open(b, "table", "class", "approvals list", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">番号</th><th scope=\"col\">状態</th><th scope=\"col\">内容</th>"
                    "<th scope=\"col\">理由</th><th scope=\"col\">依頼者</th><th scope=\"col\">依頼日時</th>"
                    "<th scope=\"col\">判断</th></tr></thead><tbody>");
        for (size_t i = 0; i < n; i++) {
            const app_approval *a = &as[i];
            char id[24], ts[20], cls[40];
            str_fmt(id, sizeof id, "%lld", (long long)a->id);
            date_format_ts_jst(a->requested_at, ts);
            str_fmt(cls, sizeof cls, "state state-%s", a->status);
            html_open(b, "tr", NULL);
            html_elem(b, "td", id, "class", "num", NULL);
            html_open(b, "td", NULL);
            html_elem(b, "span", status_label(a->status), "class", cls, NULL);
            html_close(b, "td");
            html_open(b, "td", NULL);
            html_text(b, a->summary);
            long long bill = 0;
            if (strncmp(a->object, "bill:", 5) == 0 && str_to_i64(a->object + 5, &bill) && bill > 0) {
                char href[48];
                str_fmt(href, sizeof href, "/bills/%lld", bill);
                html_text(b, " ");
                html_elem(b, "a", "調定を見る", "href", href, "class", "approval-object", NULL);
            }
            long long wo = 0;
            if (strncmp(a->object, "writeoff:", 9) == 0 && str_to_i64(a->object + 9, &wo) && wo > 0) {
                char href[48];
                str_fmt(href, sizeof href, "/arrears/writeoffs/%lld", wo);
                html_text(b, " ");
                html_elem(b, "a", "対象の調定を見る", "href", href, "class", "approval-object", NULL);
            }
            html_close(b, "td");
            html_elem(b, "td", a->reason, NULL);
            html_elem(b, "td", a->requested_by, NULL);
            html_elem(b, "td", ts, "class", "num", NULL);
            html_open(b, "td", NULL);
            if (a->can_decide) {
                char href[48], fid[48];
                str_fmt(href, sizeof href, "/approvals/%lld", (long long)a->id);
                str_fmt(fid, sizeof fid, "note-%lld", (long long)a->id);
                html_open(b, "form", "method", "post", "action", href, "class", "inline", NULL);
                web_csrf_field(rq, rs);
                html_elem(b, "label", "コメント", "for", fid, "class", "sr-only", NULL);
                html_open(b, "input", "type", "text", "name", "note", "id", fid, "placeholder", "コメント", "maxlength",
                          "160", NULL);
                html_elem(b, "button", "承認", "type", "submit", "name", "decision", "value", "approve", "class",
                          "approve", NULL);
                html_elem(b, "button", "却下", "type", "submit", "name", "decision", "value", "reject", "class", "reject",
                          NULL);
                html_close(b, "form");
            } else if (strcmp(a->status, "pending") != 0) {
                char d[20];
                date_format_ts_jst(a->decided_at, d);
                html_textf(b, "%s（%s）%s%s", a->decided_by, d, a->decision_note[0] ? "：" : "", a->decision_note);
            } else {
                html_text(b, "他の職員の判断待ち");
            }
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    web_page_end(rq, rs);
    free(as);
    return 0;
}

int page_approval_decide(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    const char *decision = web_form_or(rq, "decision");
    bool approve = strcmp(decision, "approve") == 0;
    if (!web_path_id(rq, rs, "該当する承認依頼がありません。", &id))
        return 0;
    if (!approve && strcmp(decision, "reject") != 0) {
        err_field(&e, "decision", "承認または却下を選んでください。");
        return web_fail(rq, rs, &e);
    }
    if (app_approval_decide(&rq->ctx, id, approve, web_form_or(rq, "note"), &e))
        return web_fail(rq, rs, &e);
    char flash[128];
    str_fmt(flash, sizeof flash, "承認依頼 %lld を%sしました。", (long long)id, approve ? "承認" : "却下");
    return web_redirect(rq, rs, "/approvals", flash);
}
