/* page_audit — 管理 → 監査ログ (/audit): search of the audit log for the 監査
 * role (PERM_AUDIT_VIEW). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/html.h"
#include "domain/audit_labels.h"
#include "web/web.h"
#include "web/web_internal.h"
#include "web/admin/admin_nav.h"

/* An audit row's detail as labelled fields in Japanese; what is not a JSON
 * object is shown as it is. */
static void detail_fields(buf_t *b, const char *detail)
{
    json_error_t je;
    json_t *j = detail && *detail ? json_loads(detail, 0, &je) : NULL;
    if (!json_is_object(j) || json_object_size(j) == 0) {
        if (detail && *detail && strcmp(detail, "{}") != 0)
            html_elem(b, "code", detail, NULL);
        json_decref(j);
        return;
    }
    html_open(b, "dl", "class", "audit-detail", NULL);
    const char *key;
    json_t *v;
    json_object_foreach(j, key, v) {
        const char *kl = audit_key_label(key);
        html_elem(b, "dt", kl ? kl : key, NULL);
        if (json_is_string(v))
            html_elem(b, "dd", json_string_value(v), NULL);
        else if (json_is_integer(v)) {
            html_open(b, "dd", NULL);
            html_textf(b, "%lld", (long long)json_integer_value(v));
            html_close(b, "dd");
        } else if (json_is_true(v) || json_is_false(v))
            html_elem(b, "dd", json_is_true(v) ? "はい" : "いいえ", NULL);
        else {
            char *t = json_dumps(v, JSON_COMPACT);
            html_elem(b, "dd", t ? t : "", NULL);
            free(t);
        }
    }
    html_close(b, "dl");
    json_decref(j);
}

int page_audit(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    long long before = 0;
    const char *bs = web_query(rq, "before");
    if (bs && *bs && (!str_to_i64(bs, &before) || before < 0))
        before = 0;
    app_audit_query q = {
        .actor = web_query(rq, "actor"), .action = web_query(rq, "action"), .object = web_query(rq, "object"),
        .from = web_query(rq, "from"), .to = web_query(rq, "to"), .before_seq = before, .limit = 100,
    };
    app_audit_entry *rows = NULL;
    size_t n = 0;
    if (app_audit_search(&rq->ctx, &q, &rows, &n, &e)) {
        if (e.code != ERR_INVALID)
            return web_fail(rq, rs, &e);
        rs->status = 422;
    }
    web_page_begin(rq, rs, "監査ログ", NAV_ADMIN);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "監査ログ", NULL);
    web_admin_subnav(rq, rs, "/audit");
    web_form_error(rs, &e);
    html_open(b, "form", "method", "get", "action", "/audit", "class", "filters", NULL);
    web_input(rs, "職員", "actor", q.actor, &e, NULL);
    web_input(rs, "操作（前方一致: customer. など）", "action", q.action, &e, NULL);
    web_input(rs, "対象（tap:10000001 など）", "object", q.object, &e, NULL);
    web_input(rs, "開始日", "from", q.from, &e, "type", "date", NULL);
    web_input(rs, "終了日", "to", q.to, &e, "type", "date", NULL);
    html_elem(b, "button", "検索", "type", "submit", NULL);
    html_close(b, "form");
    if (!e.code) {
        html_open(b, "table", "class", "audit list", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">番号</th><th scope=\"col\">日時</th><th scope=\"col\">職員</th>"
                    "<th scope=\"col\">端末</th><th scope=\"col\">操作</th><th scope=\"col\">対象</th>"
                    "<th scope=\"col\">内容</th></tr></thead><tbody>");
        for (size_t i = 0; i < n; i++) {
            char seq[24], ts[20];
            str_fmt(seq, sizeof seq, "%lld", (long long)rows[i].seq);
            date_format_ts_jst(rows[i].at, ts);
            html_open(b, "tr", NULL);
            html_elem(b, "td", seq, "class", "num", NULL);
            html_elem(b, "td", ts, "class", "num", NULL);
            html_elem(b, "td", rows[i].actor, NULL);
            html_elem(b, "td", rows[i].ip, NULL);
            html_open(b, "td", NULL);
            const char *al = audit_action_label(rows[i].action);
            html_text(b, al ? al : rows[i].action);
            if (al)
                html_elem(b, "small", rows[i].action, "class", "code", NULL);
            html_close(b, "td");
            html_elem(b, "td", rows[i].object, NULL);
            html_open(b, "td", NULL);
            detail_fields(b, rows[i].detail);
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
        if (!n)
            html_elem(b, "p", "該当する記録はありません。", "class", "empty", NULL);
        if (n == 100) {
            /* The next page keeps the filters. */
            buf_t h;
            buf_init(&h, 4096);
            buf_printf(&h, "/audit?before=%lld", (long long)rows[n - 1].seq);
            static const char *const KEYS[] = {"actor", "action", "object", "from", "to"};
            const char *vals[] = {q.actor, q.action, q.object, q.from, q.to};
            for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++) {
                if (!vals[i] || !*vals[i])
                    continue;
                buf_printf(&h, "&%s=", KEYS[i]);
                web_percent_encode(&h, vals[i]);
            }
            html_open(b, "p", NULL);
            html_elem(b, "a", "さらに古い記録", "href", buf_cstr(&h), NULL);
            html_close(b, "p");
            buf_free(&h);
        }
    }
    web_page_end(rq, rs);
    app_audit_entries_free(rows, n);
    return 0;
}
