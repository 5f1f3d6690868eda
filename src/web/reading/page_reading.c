/* page_reading — 検針: the cycle's route progress, scheduling, and the
 * keyboard-only entry grid for a whole route. */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/html.h"
#include "domain/role.h"
#include "web/web.h"
#include "app/billing/app_bill_report.h"
#include "app/reading/app_reading.h"

static const char *group_label(const char *g)
{
    return strcmp(g, "odd") == 0 ? "奇数月" : strcmp(g, "even") == 0 ? "偶数月" : strcmp(g, "monthly") == 0 ? "毎月" : g;
}

static const char *cycle_of(web_req *rq, char buf[8])
{
    const char *c = web_query(rq, "cycle");
    if (!c || !*c)
        c = web_form(rq, "cycle");
    if (c && *c)
        return c;
    app_cycle_today(buf);
    return buf;
}

/* "2026-11" -> "2026年11月" */
static void cycle_label(const char *cycle, char *out, size_t outsz)
{
    if (strlen(cycle) == 7)
        str_fmt(out, outsz, "%.4s年%s月", cycle, cycle[5] == '0' ? cycle + 6 : cycle + 5);
    else
        str_copy(out, outsz, cycle);
}

void web_reading_subnav(web_req *rq, web_resp *rs, const char *cycle, const char *current);
void web_reading_subnav(web_req *rq, web_resp *rs, const char *cycle, const char *current)
{
    buf_t *b = &rs->body;
    static const struct { const char *path, *label; int perm; } LINKS[] = {
        {"/reading", "検針区の進捗", PERM_READING_ENTER},     {"/reading/held", "保留中の検針", PERM_READING_ENTER},
        {"/reading/import", "検針データ取込", PERM_READING_ENTER}, {"/reading/rejects", "取込除外行", PERM_READING_CONFIRM},
        {"/reading/leaks", "漏水の疑い", PERM_READING_ENTER},  {"/m/", "検針員用画面（スマートフォン）", PERM_READING_ENTER},
    };
    html_open(b, "nav", "class", "subnav", "aria-label", "検針メニュー", NULL);
    for (size_t i = 0; i < sizeof LINKS / sizeof LINKS[0]; i++) {
        if (!app_can(&rq->ctx, LINKS[i].perm))
            continue;
        char href[64], label[96];
        str_copy(label, sizeof label, LINKS[i].label);
        bool held = strcmp(LINKS[i].path, "/reading/held") == 0;
        if (strcmp(LINKS[i].path, "/m/") == 0 || strcmp(LINKS[i].path, "/reading/import") == 0 ||
            strcmp(LINKS[i].path, "/reading/rejects") == 0 || held)
            str_copy(href, sizeof href, LINKS[i].path);   /* the held queue: every cycle's */
        else
            str_fmt(href, sizeof href, "%s?cycle=%s", LINKS[i].path, cycle);
        int64_t nh = 0;
        err_t e;
        err_clear(&e);
        if (held && app_reading_held_count(&rq->ctx, &nh, &e) == 0 && nh > 0)
            str_fmt(label, sizeof label, "%s（%lld）", LINKS[i].label, (long long)nh);
        if (strcmp(LINKS[i].path, current) == 0)
            html_elem(b, "a", label, "href", href, "aria-current", "page", "id", held ? "subnav-held" : NULL, NULL);
        else
            html_elem(b, "a", label, "href", href, "id", held ? "subnav-held" : NULL, NULL);
    }
    html_close(b, "nav");
}

void web_cycle_picker(web_resp *rs, const char *action, const char *cycle);
void web_cycle_picker(web_resp *rs, const char *action, const char *cycle)
{
    buf_t *b = &rs->body;
    html_open(b, "form", "method", "get", "action", action, "class", "inline", NULL);
    html_elem(b, "label", "検針周期", "for", "f-cycle", NULL);
    html_open(b, "input", "type", "month", "id", "f-cycle", "name", "cycle", "value", cycle, NULL);
    html_elem(b, "button", "表示", "type", "submit", NULL);
    html_close(b, "form");
}

/* The registered routes, and (for 担当 and above) the form that adds one or
 * changes its name or reading months; fe: a refused form to show again. */
static void route_defs(web_req *rq, web_resp *rs, const err_t *fe)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    app_route_def *d = NULL;
    size_t n = 0;
    app_route_defs(&rq->ctx, true, &d, &n, &e);
    html_open(b, "section", "id", "route-defs", "class", "panel", NULL);
    html_elem(b, "h2", "検針区の一覧", NULL);
    html_open(b, "table", "class", "list", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">検針区</th><th scope=\"col\">名称</th><th scope=\"col\">検針月</th>"
                "<th scope=\"col\" class=\"num\">水栓数</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        html_open(b, "tr", NULL);
        html_elem(b, "td", d[i].code, NULL);
        html_elem(b, "td", d[i].name, NULL);
        html_elem(b, "td", group_label(d[i].grp), NULL);
        html_open(b, "td", "class", "num", NULL);
        html_textf(b, "%lld", (long long)d[i].taps);
        html_close(b, "td");
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    free(d);
    if (app_can(&rq->ctx, PERM_READING_CONFIRM)) {
        html_elem(b, "h3", "検針区の登録・変更", NULL);
        web_form_error(rs, fe);
        html_open(b, "form", "method", "post", "action", "/reading/route-defs", "class", "inline", NULL);
        web_csrf_field(rq, rs);
        web_input(rs, "検針区", "code", web_form_or(rq, "code"), fe, "required", "", "maxlength", "8", "pattern",
                  "[A-Za-z0-9]{1,8}", NULL);
        web_input(rs, "名称", "name", web_form_or(rq, "name"), fe, "required", "", "maxlength", "40", NULL);
        static const char *const G[] = {"odd", "even", "monthly"};
        static const char *const GL[] = {"奇数月", "偶数月", "毎月（大口）"};
        web_select(rs, "検針月", "grp", web_form_or(rq, "grp"), G, GL, 3, fe);
        html_elem(b, "button", "登録する", "type", "submit", NULL);
        html_close(b, "form");
    }
    html_close(b, "section");
}

/* The other open cycles (begun, billing run not done), each with what is
 * left: a cycle whose period has ended still shows its unread and held. */
static void open_cycles(web_req *rq, web_resp *rs, const char *shown)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    char cyc[3][8], today[11];
    size_t n = 0;
    if (app_bill_open_cycles(&rq->ctx, cyc, 3, &n, &e))
        return;
    date_format_iso(date_today_jst(), today);
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(cyc[i], shown))
            continue;
        app_route_progress *p = NULL;
        size_t k = 0;
        if (app_route_progress_list(&rq->ctx, cyc[i], &p, &k, &e))
            continue;
        int64_t taps = 0, read = 0, held = 0;
        char to[11] = "";
        for (size_t j = 0; j < k; j++) {
            taps += p[j].taps;
            read += p[j].read;
            held += p[j].held;
            if (strcmp(p[j].to_on, to) > 0)
                str_copy(to, sizeof to, p[j].to_on);
        }
        free(p);
        if (!any) {
            html_open(b, "ul", "class", "open-cycles", "id", "open-cycles", "aria-label", "ほかの未締めの周期", NULL);
            any = true;
        }
        char href[48], label[32];
        str_fmt(href, sizeof href, "/reading?cycle=%s", cyc[i]);
        cycle_label(cyc[i], label, sizeof label);
        bool ended = *to && strcmp(today, to) > 0;
        int64_t unread = taps - read - held;
        html_open(b, "li", "class", ended && (unread > 0 || held > 0) ? "notice" : NULL, NULL);
        html_elem(b, "a", label, "href", href, NULL);
        html_textf(b, "周期（%s）: 対象 %lld件　検針済 %lld件　保留 %lld件　未検針 %lld件",
                   ended ? "検針期間終了・未調定" : "検針中", (long long)taps, (long long)read, (long long)held,
                   (long long)(unread > 0 ? unread : 0));
        html_close(b, "li");
    }
    if (any)
        html_close(b, "ul");
}

int page_reading(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    char cbuf[8], label[32];
    const char *cycle = cycle_of(rq, cbuf);
    app_route_progress *p = NULL;
    size_t n = 0;
    if (app_route_progress_list(&rq->ctx, cycle, &p, &n, &e))
        return web_fail(rq, rs, &e);
    cycle_label(cycle, label, sizeof label);
    char title[64];
    str_fmt(title, sizeof title, "検針 %s周期", label);
    web_page_begin(rq, rs, title, NAV_READING);
    buf_t *b = &rs->body;
    html_elem(b, "h1", title, NULL);
    web_reading_subnav(rq, rs, cycle, "/reading");
    web_cycle_picker(rs, "/reading", cycle);
    open_cycles(rq, rs, cycle);
    if (n == 0) {
        html_elem(b, "p", "この周期の検針予定はまだ作成されていません。", "class", "empty", NULL);
        if (app_can(&rq->ctx, PERM_READING_CONFIRM)) {
            html_open(b, "form", "method", "post", "action", "/reading/schedule", NULL);
            web_csrf_field(rq, rs);
            html_open(b, "input", "type", "hidden", "name", "cycle", "value", cycle, NULL);
            html_elem(b, "button", "この周期の検針予定を作成", "type", "submit", "id", "make-schedule", NULL);
            html_close(b, "form");
        }
    } else {
        int64_t taps = 0, read = 0, held = 0;
        for (size_t i = 0; i < n; i++) {
            taps += p[i].taps;
            read += p[i].read;
            held += p[i].held;
        }
        html_open(b, "p", "class", "summary", NULL);
        html_textf(b, "%zu検針区　対象 %lld件　検針済 %lld件　保留 %lld件　未検針 %lld件", n, (long long)taps,
                   (long long)read, (long long)held, (long long)(taps - read - held));
        html_close(b, "p");
        html_open(b, "table", "class", "list", "id", "routes", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">検針区</th><th scope=\"col\">名称</th><th scope=\"col\">区分</th>"
                    "<th scope=\"col\">検針期間</th><th scope=\"col\" class=\"num\">対象</th>"
                    "<th scope=\"col\" class=\"num\">検針済</th><th scope=\"col\" class=\"num\">保留</th>"
                    "<th scope=\"col\" class=\"num\">未検針</th><th scope=\"col\">進捗</th><th scope=\"col\">操作</th>"
                    "</tr></thead><tbody>");
        for (size_t i = 0; i < n; i++) {
            const app_route_progress *r = &p[i];
            char href[96], csv[96], pct[16], v[24], mx[24];
            str_fmt(href, sizeof href, "/reading/routes/%s?cycle=%s", r->code, cycle);
            str_fmt(csv, sizeof csv, "/api/v1/routes/%s/list.csv?cycle=%s", r->code, cycle);
            html_open(b, "tr", NULL);
            html_open(b, "td", NULL);
            html_elem(b, "a", r->code, "href", href, NULL);
            html_close(b, "td");
            html_elem(b, "td", r->name, NULL);
            html_elem(b, "td", group_label(r->grp), NULL);
            html_open(b, "td", NULL);
            html_textf(b, "%s〜%s", r->from_on, r->to_on);
            html_close(b, "td");
            html_open(b, "td", "class", "num", NULL);
            html_textf(b, "%lld", (long long)r->taps);
            html_close(b, "td");
            html_open(b, "td", "class", "num", NULL);
            html_textf(b, "%lld", (long long)r->read);
            html_close(b, "td");
            html_open(b, "td", "class", "num", NULL);
            html_textf(b, "%lld", (long long)r->held);
            html_close(b, "td");
            html_open(b, "td", "class", "num", NULL);
            html_textf(b, "%lld", (long long)(r->taps - r->read - r->held));
            html_close(b, "td");
            html_open(b, "td", NULL);
            str_fmt(v, sizeof v, "%lld", (long long)(r->read + r->held));
            str_fmt(mx, sizeof mx, "%lld", (long long)(r->taps ? r->taps : 1));
            str_fmt(pct, sizeof pct, "%lld%%", (long long)(r->taps ? (r->read + r->held) * 100 / r->taps : 0));
            char aria[64];
            str_fmt(aria, sizeof aria, "検針区 %s の進捗", r->code);
            html_elem(b, "progress", pct, "value", v, "max", mx, "aria-label", aria, NULL);
            html_textf(b, " %s", pct);
            html_close(b, "td");
            html_open(b, "td", NULL);
            html_elem(b, "a", "入力", "href", href, NULL);
            html_text(b, "　");
            html_elem(b, "a", "CSV", "href", csv, "download", "", NULL);
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    free(p);
    route_defs(rq, rs, NULL);
    web_page_end(rq, rs);
    return 0;
}

int page_reading_route_save(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    const char *code = web_form_or(rq, "code");
    if (app_route_save(&rq->ctx, code, web_form(rq, "name"), web_form(rq, "grp"), &e)) {
        if (e.code != ERR_INVALID)
            return web_fail(rq, rs, &e);
        char cbuf[8];
        app_cycle_today(cbuf);
        web_page_begin(rq, rs, "検針区の登録", NAV_READING);
        html_elem(&rs->body, "h1", "検針区の登録", NULL);
        web_reading_subnav(rq, rs, cbuf, "/reading");
        route_defs(rq, rs, &e);
        web_page_end(rq, rs);
        rs->status = web_status_for(e.code);
        return 0;
    }
    char flash[128];
    str_fmt(flash, sizeof flash, "検針区 %s を登録しました。", code);
    return web_redirect(rq, rs, "/reading#route-defs", flash);
}

int page_reading_schedule(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    char cbuf[8];
    const char *cycle = cycle_of(rq, cbuf);
    int added = 0;
    if (app_schedule_make(&rq->ctx, cycle, &added, &e))
        return web_fail(rq, rs, &e);
    char loc[64], flash[160];
    str_fmt(loc, sizeof loc, "/reading?cycle=%s", cycle);
    str_fmt(flash, sizeof flash, "%s の検針予定を作成しました（%d検針区）。", cycle, added);
    return web_redirect(rq, rs, loc, flash);
}

/* What was typed and answered for one row on a refused or partly held submit. */
typedef struct grid_result {
    char tap_no[32];
    const char *typed;
    app_reading_out out;
} grid_result;

static void status_badge(buf_t *b, const char *status, bool reread)
{
    if (strcmp(status, "accepted") == 0)
        html_elem(b, "span", "検針済", "class", "state state-active", NULL);
    else if (strcmp(status, "held") == 0)
        html_elem(b, "span", reread ? "保留（再検針依頼中）" : "保留（要確認）", "class", "state state-held", NULL);
}

static void reasons_text(buf_t *b, unsigned bits)
{
    for (int i = 0; i < RR__COUNT; i++)
        if (bits & (1u << i)) {
            html_elem(b, "span", reading_reason_text(1u << i), "class", "reason", NULL);
        }
}

static void grid_page(web_req *rq, web_resp *rs, const app_route_list *l, const char *read_on, const grid_result *res,
                      size_t nres, const char *summary)
{
    char label[32], title[96];
    cycle_label(l->cycle, label, sizeof label);
    str_fmt(title, sizeof title, "検針入力 %s %s（%s周期）", l->route.code, l->route.name, label);
    web_page_begin(rq, rs, title, NAV_READING);
    buf_t *b = &rs->body;
    html_elem(b, "h1", title, NULL);
    web_reading_subnav(rq, rs, l->cycle, "");
    html_open(b, "p", "class", "summary", NULL);
    html_textf(b, "検針期間 %s〜%s　対象 %lld件　検針済 %lld件　保留 %lld件", l->route.from_on, l->route.to_on,
               (long long)l->route.taps, (long long)l->route.read, (long long)l->route.held);
    html_close(b, "p");
    if (summary)
        html_elem(b, "p", summary, "class", "flash", "role", "status", NULL);
    char action[96];
    str_fmt(action, sizeof action, "/reading/routes/%s", l->route.code);
    html_open(b, "form", "method", "post", "action", action, "class", "reading-grid", "data-grid", "", NULL);
    web_csrf_field(rq, rs);
    html_open(b, "input", "type", "hidden", "name", "cycle", "value", l->cycle, NULL);
    html_open(b, "div", "class", "inline", NULL);
    html_elem(b, "label", "検針日", "for", "f-read_on", NULL);
    html_open(b, "input", "type", "date", "id", "f-read_on", "name", "read_on", "value", read_on, "required", "",
              "min", l->route.from_on, "max", l->route.to_on, NULL);
    html_elem(b, "span", "指針を入力して Enter で次の行へ。Ctrl+Enter（または最後の行で Enter、「記録する」）で入力済みの行を登録します。", "class", "hint", NULL);
    html_close(b, "div");
    html_open(b, "table", "class", "list", "id", "grid", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\" class=\"num\">順路</th><th scope=\"col\">水栓番号</th>"
                "<th scope=\"col\">給水場所／お客様</th><th scope=\"col\">メーター</th>"
                "<th scope=\"col\">前回</th><th scope=\"col\">予想範囲</th><th scope=\"col\">メモ</th>"
                "<th scope=\"col\">今回指針</th><th scope=\"col\">結果</th></tr></thead><tbody>");
    bool first_input = true;
    for (size_t i = 0; i < l->n; i++) {
        const app_route_item *it = &l->items[i];
        const grid_result *r = NULL;
        for (size_t k = 0; k < nres && !r; k++)
            if (strcmp(res[k].tap_no, it->tap_no) == 0)
                r = &res[k];
        html_open(b, "tr", "class", r && r->out.status == READING_REFUSED ? "refused" : NULL, NULL);
        html_open(b, "td", "class", "num", NULL);
        html_textf(b, "%lld", (long long)it->order);
        html_close(b, "td");
        html_open(b, "td", NULL);
        char kh[40];
        str_fmt(kh, sizeof kh, "/karte/%s", it->tap_no);
        html_elem(b, "a", it->tap_no, "href", kh, "tabindex", "-1", NULL);
        html_close(b, "td");
        html_open(b, "td", NULL);
        html_text(b, it->address);
        html_raw(b, "<br>");
        html_elem(b, "span", it->name[0] ? it->name : "（空き）", "class", "sub", NULL);
        html_close(b, "td");
        html_open(b, "td", NULL);
        html_textf(b, "%s（%lld桁）", it->meter_no[0] ? it->meter_no : "未設置", (long long)it->digits);
        html_close(b, "td");
        html_open(b, "td", "class", "num", NULL);
        if (it->has_prev)
            html_textf(b, "%s　%lld", it->prev_read_on, (long long)it->prev_value);
        html_close(b, "td");
        html_open(b, "td", "class", "num", NULL);
        if (it->has_range)
            html_textf(b, "%lld〜%lld", (long long)it->expected_low, (long long)it->expected_high);
        html_close(b, "td");
        html_elem(b, "td", it->note, "class", it->note[0] ? "note" : NULL, NULL);
        html_open(b, "td", NULL);
        bool open = it->meter_no[0] && !it->stopped_on[0] && (!it->read || strcmp(it->read_status, "held") == 0);
        if (it->stopped_on[0] && !it->read) {
            char since[40];
            str_fmt(since, sizeof since, "給水停止中（%s から）", it->stopped_on);
            html_elem(b, "span", since, "class", "state state-stopped", NULL);
        }
        if (open) {
            char name[64], id[32], aria[64], val[24] = "";
            /* v_<tap>.<meter>: the meter shown is the meter read. */
            str_fmt(name, sizeof name, "v_%s.%s", it->tap_no, it->meter_no);
            str_fmt(id, sizeof id, "f-v_%s", it->tap_no);
            str_fmt(aria, sizeof aria, "水栓 %s の今回指針", it->tap_no);
            if (r && r->out.status == READING_REFUSED)
                str_copy(val, sizeof val, r->typed);
            html_open(b, "input", "type", "text", "inputmode", "numeric", "pattern", "[0-9]*", "maxlength", "6",
                      "size", "7", "name", name, "id", id, "value", val, "aria-label", aria, "autocomplete", "off",
                      first_input ? "autofocus" : NULL, "", NULL);
            first_input = false;
        }
        if (it->read) {
            html_textf(b, " %lld", (long long)it->read_value);
        }
        html_close(b, "td");
        html_open(b, "td", NULL);
        if (r && r->out.status == READING_REFUSED) {
            html_elem(b, "span", "受付不可", "class", "state state-rejected", NULL);
            html_elem(b, "span", r->out.message, "class", "reason", NULL);
        } else if (it->read) {
            status_badge(b, it->read_status, it->reread);
            html_textf(b, " %lldm³", (long long)it->read_usage);
            reasons_text(b, it->read_reasons & ~(unsigned)RR_FIRST);
        }
        html_close(b, "td");
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    html_elem(b, "button", "記録する (Ctrl+Enter)", "type", "submit", "accesskey", "r", "id", "grid-submit", NULL);
    html_close(b, "form");
    web_page_end(rq, rs);
}

/* A submitted grid's result travels to the page it redirects to in the
 * flash (kept on the server, shown once): GRID_MARK, the summary line, then
 * one line per refused row "tap\ttyped\tmessage". */
#define GRID_MARK "reading-grid\n"

static void flash_field(buf_t *b, const char *s, char end)
{
    for (; *s; s++)
        buf_putc(b, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
    buf_putc(b, end);
}

/* Parse a grid flash (modified in place) into res (up to max rows); the
 * summary, or NULL when flash is not one. */
static const char *grid_flash(char *flash, grid_result *res, size_t max, size_t *nres)
{
    *nres = 0;
    if (!flash || strncmp(flash, GRID_MARK, strlen(GRID_MARK)) != 0)
        return NULL;
    char *summary = flash + strlen(GRID_MARK), *p = strchr(summary, '\n');
    if (p)
        *p++ = '\0';
    while (p && *p && *nres < max) {
        char *next = strchr(p, '\n'), *t1 = strchr(p, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (next)
            *next++ = '\0';
        if (t1 && t2) {
            *t1 = *t2 = '\0';
            grid_result *r = &res[(*nres)++];
            memset(r, 0, sizeof *r);
            str_copy(r->tap_no, sizeof r->tap_no, p);
            r->typed = t1 + 1;
            r->out.status = READING_REFUSED;
            str_copy(r->out.message, sizeof r->out.message, t2 + 1);
        }
        p = next;
    }
    return summary;
}

int page_reading_route(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    char cbuf[8];
    const char *cycle = cycle_of(rq, cbuf);
    app_route_list l;
    if (app_route_list_get(&rq->ctx, rq->param, cycle, &l, &e))
        return web_fail(rq, rs, &e);
    char today[11];
    date_format_iso(date_today_jst(), today);
    /* after a submit: its summary and refused rows, shown in the grid rather than as a flash */
    char *flash = rq->flash && strncmp(rq->flash, GRID_MARK, strlen(GRID_MARK)) == 0 ? rq->flash : NULL;
    grid_result *res = flash ? calloc(WEB_MAX_FIELDS, sizeof *res) : NULL;
    size_t nres = 0;
    const char *summary = res ? grid_flash(flash, res, WEB_MAX_FIELDS, &nres) : NULL;
    if (flash)
        rq->flash = NULL;
    const char *read_on = web_query(rq, "read_on");
    grid_page(rq, rs, &l, read_on && strlen(read_on) == 10 ? read_on : today, res, nres, summary);
    free(res);
    free(flash);
    app_route_list_free(&l);
    return 0;
}

/* Letters, digits and '-' only: a route code, a cycle or a date in a URL. */
static bool url_safe(const char *s)
{
    if (!*s || strlen(s) > 32)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '-'))
            return false;
    return true;
}

/* Record the typed readings; the answer is a redirect to the grid, which
 * shows what was saved and names each refused row (with what was typed). */
int page_reading_route_submit(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    char cbuf[8];
    const char *cycle = cycle_of(rq, cbuf);
    const char *read_on = web_form_or(rq, "read_on");
    buf_t refusals;
    buf_init(&refusals, 0);
    size_t nres = 0;
    int accepted = 0, held = 0, refused = 0;
    for (size_t i = 0; i < rq->nform; i++) {
        const web_kv *kv = &rq->form[i];
        if (strncmp(kv->key, "v_", 2) != 0 || !kv->value[0])
            continue;
        char tap_no[32];
        str_copy(tap_no, sizeof tap_no, kv->key + 2);
        char *dot = strchr(tap_no, '.');
        if (dot)
            *dot = '\0';
        const char *meter_no = strchr(kv->key, '.') ? strchr(kv->key, '.') + 1 : NULL;
        app_reading_in in = {.tap_no = tap_no, .meter_no = meter_no, .read_on = read_on, .value = kv->value,
                             .source = "office"};
        app_reading_out out;
        if (app_reading_record(&rq->ctx, &in, &out, &e)) {
            buf_free(&refusals);
            return web_fail(rq, rs, &e);
        }
        nres++;
        if (out.status == READING_REFUSED) {
            refused++;
            flash_field(&refusals, tap_no, '\t');
            flash_field(&refusals, kv->value, '\t');
            flash_field(&refusals, out.message, '\n');
        } else if (out.status == READING_HELD) {
            held++;
        } else {
            accepted++;
        }
    }
    buf_t flash;
    buf_init(&flash, 0);
    buf_puts(&flash, GRID_MARK);
    if (nres == 0)
        buf_puts(&flash, "入力された指針はありません。");
    else
        buf_printf(&flash, "%zu件を処理しました：確定 %d件、保留 %d件、受付不可 %d件%s", nres, accepted, held, refused,
                   refused ? "（赤い行を確認して入力し直してください）" : "。");
    buf_putc(&flash, '\n');
    buf_append(&flash, refusals.data ? refusals.data : "", refusals.len);
    buf_free(&refusals);
    char to[160] = "/reading";
    if (url_safe(rq->param) && url_safe(cycle))
        str_fmt(to, sizeof to, "/reading/routes/%s?cycle=%s%s%s", rq->param, cycle, url_safe(read_on) ? "&read_on=" : "",
                url_safe(read_on) ? read_on : "");
    int rc = web_redirect(rq, rs, to, buf_cstr(&flash));
    buf_free(&flash);
    return rc;
}
