/* page_reading_queue — the office's work lists for readings: held readings
 * (confirm, ask for a re-read, estimate), rows kept back from imports, and
 * leak suspects with a printable notice for the customer. */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/html.h"
#include "domain/reading_cause.h"
#include "domain/role.h"
#include "web/web.h"
#include "app/reading/app_reading.h"
#include "app/registry/app_customer.h"

void web_reading_subnav(web_req *rq, web_resp *rs, const char *cycle, const char *current);
void web_cycle_picker(web_resp *rs, const char *action, const char *cycle);


static void num_cell(buf_t *b, long long v)
{
    html_open(b, "td", "class", "num", NULL);
    html_textf(b, "%lld", v);
    html_close(b, "td");
}

static void reasons_cell(buf_t *b, unsigned bits)
{
    html_open(b, "td", NULL);
    for (int i = 0; i < RR__COUNT; i++)
        if (bits & (1u << i))
            html_elem(b, "span", reading_reason_text(1u << i), "class", "reason", NULL);
    html_close(b, "td");
}

/* A usage to compare with, "—" when there is none. */
static void compare_cell(buf_t *b, int64_t usage, int64_t days)
{
    html_open(b, "td", "class", "num", NULL);
    if (usage < 0)
        html_text(b, "—");
    else
        html_textf(b, "%lld（%lld日）", (long long)usage, (long long)days);
    html_close(b, "td");
}

/* GET /reading/held?cycle=&route=: the held queue by route and route order,
 * each beside the previous period and the same period last year.  A 担当
 * decides (確認して確定…, 再検針を依頼, 認定); a reader goes to re-read it
 * (the route's entry grid). */
int page_reading_held(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    const char *cycle = web_query(rq, "cycle"), *route = web_query(rq, "route");
    cycle = cycle ? cycle : "";
    route = route ? route : "";
    char cbuf[8];
    app_cycle_today(cbuf);
    app_held_item *rows = NULL;
    size_t n = 0;
    int rc = app_reading_held_list(&rq->ctx, cycle, route, &rows, &n, &e);
    if (rc && e.code != ERR_INVALID)
        return web_fail(rq, rs, &e);
    if (rc)
        rs->status = 400;
    app_route_def *defs = NULL;
    size_t nd = 0;
    err_t de;
    err_clear(&de);
    app_route_defs(&rq->ctx, false, &defs, &nd, &de);
    web_page_begin(rq, rs, "保留中の検針", NAV_READING);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "保留中の検針（請求の対象外）", NULL);
    web_reading_subnav(rq, rs, *cycle ? cycle : cbuf, "/reading/held");
    bool can = app_can(&rq->ctx, PERM_READING_CONFIRM);
    html_elem(b, "p",
              can ? "異常水量などで保留になった指針です。入力者とは別の職員が確認して確定するか、再検針を依頼してください。"
                    "再検針の指針が入力されると、保留中の指針は置き換えられます。検針できない場合は認定します。"
                  : "異常水量などで保留になった指針です。再検針して指針を入力すると、保留中の指針は置き換えられます。",
              "class", "hint", NULL);
    /* the filter: cycle and route */
    html_open(b, "form", "method", "get", "action", "/reading/held", "class", "filters", "id", "held-filter", NULL);
    web_form_error(rs, rc ? &e : NULL);
    web_input(rs, "検針周期", "cycle", cycle, rc ? &e : NULL, "type", "month", NULL);
    {
        const char **codes = calloc(nd + 1, sizeof *codes), **labels = calloc(nd + 1, sizeof *labels);
        char (*lab)[128] = calloc(nd + 1, sizeof *lab);
        if (codes && labels && lab) {
            codes[0] = "";
            labels[0] = "すべての検針区";
            for (size_t i = 0; i < nd; i++) {
                str_fmt(lab[i], sizeof lab[i], "%s %s", defs[i].code, defs[i].name);
                codes[i + 1] = defs[i].code;
                labels[i + 1] = lab[i];
            }
            web_select(rs, "検針区", "route", route, codes, labels, nd + 1, rc ? &e : NULL);
        }
        free(codes);
        free(labels);
        free(lab);
    }
    html_elem(b, "button", "絞り込む", "type", "submit", NULL);
    html_close(b, "form");
    if (!rc && n == 0) {
        html_elem(b, "p", "保留中の検針はありません。", "class", "empty", NULL);
    } else if (!rc) {
        html_open(b, "p", "class", "summary", "id", "held-summary", NULL);
        html_textf(b, "保留 %zu 件%s", n, n >= 2000 ? "（先頭の 2,000 件を表示。周期か検針区で絞り込んでください）" : "");
        html_close(b, "p");
        html_open(b, "table", "class", "list", "id", "held", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">水栓番号</th><th scope=\"col\">検針日</th><th scope=\"col\">メーター</th>"
                    "<th scope=\"col\" class=\"num\">前回指針</th><th scope=\"col\" class=\"num\">今回指針</th>"
                    "<th scope=\"col\" class=\"num\">日数</th><th scope=\"col\" class=\"num\">使用水量</th>"
                    "<th scope=\"col\" class=\"num\">前回水量</th><th scope=\"col\" class=\"num\">前年同期</th>"
                    "<th scope=\"col\">理由</th><th scope=\"col\">入力者</th><th scope=\"col\">操作</th></tr></thead><tbody>");
        const char *group = NULL;
        for (size_t i = 0; i < n; i++) {
            const app_reading *r = &rows[i].reading;
            if (!group || strcmp(group, rows[i].route) != 0) {   /* a heading row per route */
                group = rows[i].route;
                size_t cnt = 0;
                for (size_t k = i; k < n && !strcmp(rows[k].route, group); k++)
                    cnt++;
                const char *name = "";
                for (size_t k = 0; k < nd; k++)
                    if (!strcmp(defs[k].code, group))
                        name = defs[k].name;
                html_open(b, "tr", "class", "group", NULL);
                html_open(b, "th", "colspan", "12", "scope", "rowgroup", NULL);
                html_textf(b, "検針区 %s %s（%zu 件）", group, name, cnt);
                html_close(b, "th");
                html_close(b, "tr");
            }
            char href[40], action[48], rid[32];
            str_fmt(href, sizeof href, "/karte/%s", r->tap_no);
            str_fmt(action, sizeof action, "/reading/held/%lld", (long long)r->id);
            str_fmt(rid, sizeof rid, "held-%lld", (long long)r->id);
            html_open(b, "tr", "id", rid, NULL);
            html_open(b, "td", NULL);
            html_elem(b, "a", r->tap_no, "href", href, NULL);
            html_close(b, "td");
            html_elem(b, "td", r->read_on, NULL);
            html_elem(b, "td", r->meter_no, NULL);
            num_cell(b, r->prev_value);
            num_cell(b, r->value);
            num_cell(b, r->days);
            num_cell(b, r->usage);
            compare_cell(b, rows[i].prev_usage, rows[i].prev_days);
            compare_cell(b, rows[i].ly_usage, rows[i].ly_days);
            reasons_cell(b, r->reasons);
            html_open(b, "td", NULL);
            html_text(b, r->entered_by);
            if (r->reread)
                html_elem(b, "span", "再検針依頼中", "class", "state state-held", NULL);
            html_close(b, "td");
            html_open(b, "td", "class", "actions", NULL);
            if (can) {
                /* 確定 on a screen of its own: the usage against the previous period and last year,
                 * the amount it bills, and a reason (page_reading_held_view) */
                html_elem(b, "a", "確認して確定…", "href", action, "class", "action", NULL);
                if (!r->reread) {
                    html_open(b, "form", "method", "post", "action", action, "class", "inline", NULL);
                    web_csrf_field(rq, rs);
                    html_elem(b, "button", "再検針を依頼", "type", "submit", "name", "action", "value", "reread", NULL);
                    html_close(b, "form");
                }
                /* 認定 is shown before it is recorded (page_estimate.c) */
                char est[48];
                str_fmt(est, sizeof est, "/taps/%s/estimate", r->tap_no);
                html_open(b, "form", "method", "get", "action", est, "class", "inline", NULL);
                html_open(b, "input", "type", "hidden", "name", "read_on", "value", r->read_on, NULL);
                char sid[40];
                str_fmt(sid, sizeof sid, "cause-%lld", (long long)r->id);
                html_elem(b, "label", "認定理由", "for", sid, "class", "visually-hidden", NULL);
                html_open(b, "select", "name", "cause", "id", sid, NULL);
                for (int k = 0; k < READING_CAUSE__MAX; k++)
                    html_elem(b, "option", reading_cause_label(k), "value", reading_cause_code(k), NULL);
                html_close(b, "select");
                html_elem(b, "button", "認定する水量を見る", "type", "submit", NULL);
                html_close(b, "form");
            } else {
                /* a reader re-reads: the route's entry grid of that cycle */
                char grid[96];
                str_fmt(grid, sizeof grid, "/reading/routes/%s?cycle=%s", rows[i].route, r->cycle);
                html_elem(b, "a", "再検針を入力…", "href", grid, "class", "action", NULL);
            }
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    free(rows);
    free(defs);
    web_page_end(rq, rs);
    return 0;
}

static void usage_row(web_req *rq, web_resp *rs, const char *th, const char *id, int64_t usage, int64_t days,
                      const char *read_on)
{
    buf_t *b = &rs->body;
    html_open(b, "tr", NULL);
    html_elem(b, "th", th, "scope", "row", NULL);
    html_open(b, "td", "id", id, NULL);
    if (usage < 0)
        html_text(b, "記録なし");
    else {
        html_textf(b, "%lld m³（%lld日", (long long)usage, (long long)days);
        if (read_on && *read_on) {
            html_text(b, "、");
            web_date(rq, rs, read_on);
        }
        html_text(b, "）");
    }
    html_close(b, "td");
    html_close(b, "tr");
}

/* GET /reading/held/<id>: what the person confirming a held reading weighs. */
static int held_view_page(web_req *rq, web_resp *rs, int64_t id, const err_t *fe)
{
    err_t e;
    err_clear(&e);
    app_held_view v;
    if (app_reading_held_view(&rq->ctx, id, &v, &e))
        return web_fail(rq, rs, &e);
    const app_reading *r = &v.reading;
    char title[64];
    str_fmt(title, sizeof title, "保留中の検針の確認 %s", r->tap_no);
    web_page_begin(rq, rs, title, NAV_READING);
    buf_t *b = &rs->body;
    html_open(b, "h1", NULL);
    html_textf(b, "保留中の検針の確認（水栓番号 %s）", r->tap_no);
    html_close(b, "h1");
    web_form_error(rs, fe);
    html_open(b, "table", "class", "kv", "id", "held-view", NULL);
    html_open(b, "tr", NULL);
    html_elem(b, "th", "保留の理由", "scope", "row", NULL);
    reasons_cell(b, r->reasons);
    html_close(b, "tr");
    html_open(b, "tr", NULL);
    html_elem(b, "th", "今回の指針", "scope", "row", NULL);
    html_open(b, "td", NULL);
    html_textf(b, "%lld（前回 %lld）", (long long)r->value, (long long)r->prev_value);
    html_close(b, "td");
    html_close(b, "tr");
    usage_row(rq, rs, "今回の使用水量", "held-usage", r->usage, r->days, r->read_on);
    usage_row(rq, rs, "前回", "held-prev", v.prev_usage, v.prev_days, v.prev_read_on);
    usage_row(rq, rs, "前年同期", "held-last-year", v.last_year_usage, v.last_year_days, v.last_year_read_on);
    html_open(b, "tr", NULL);
    html_elem(b, "th", "確定したときの請求額", "scope", "row", NULL);
    html_open(b, "td", "id", "held-amount", NULL);
    if (v.priced) {
        web_yen(rs, v.total_yen);
        if (v.prev_total_yen) {
            html_text(b, "（前回の請求額 ");
            web_yen(rs, v.prev_total_yen);
            html_text(b, "）");
        }
    } else {
        html_text(b, v.unpriced[0] ? v.unpriced : "料金を計算できません。");
    }
    html_close(b, "td");
    html_close(b, "tr");
    html_close(b, "table");
    char action[48];
    str_fmt(action, sizeof action, "/reading/held/%lld", (long long)id);
    html_open(b, "form", "method", "post", "action", action, "class", "grid", "id", "held-confirm", NULL);
    web_csrf_field(rq, rs);
    html_open(b, "input", "type", "hidden", "name", "action", "value", "confirm", NULL);
    web_input(rs, "確定する理由（必須）", "reason", fe ? web_form_or(rq, "reason") : "", fe, "required", "", "maxlength",
              "200", "autofocus", "", "placeholder", "例: 来客が多かった／漏水を修理した／メーターを確認した", NULL);
    html_open(b, "div", "class", "buttons", NULL);
    html_elem(b, "button", "この指針で確定する", "type", "submit", "id", "held-confirm-submit", NULL);
    html_elem(b, "a", "一覧に戻る (Esc)", "href", "/reading/held", "class", "cancel", NULL);
    html_close(b, "div");
    html_close(b, "form");
    web_page_end(rq, rs);
    if (fe)
        rs->status = web_status_for(fe->code);
    return 0;
}

int page_reading_held_view(web_req *rq, web_resp *rs)
{
    int64_t id = 0;
    if (!web_path_id(rq, rs, "検針データが見つかりません。", &id))
        return 0;
    return held_view_page(rq, rs, id, NULL);
}

int page_reading_held_action(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    if (!web_path_id(rq, rs, "検針データが見つかりません。", &id))
        return 0;
    const char *action = web_form_or(rq, "action");
    int rc;
    const char *done;
    if (strcmp(action, "confirm") == 0) {
        rc = app_reading_confirm(&rq->ctx, id, web_form_or(rq, "reason"), &e);
        if (rc == ERR_INVALID)
            return held_view_page(rq, rs, id, &e);
        done = "保留中の指針を確定しました（請求の対象になります）。";
    } else if (strcmp(action, "reread") == 0) {
        rc = app_reading_request_reread(&rq->ctx, id, &e);
        done = "再検針を依頼しました。検針員の一覧に表示されます。";
    } else {
        rc = err_field(&e, "action", "操作を選んでください。");
        done = NULL;
    }
    if (rc)
        return web_fail(rq, rs, &e);
    return web_redirect(rq, rs, "/reading/held", done);
}

int page_reading_estimate(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_reading_out out;
    const char *tap_no = web_form_or(rq, "tap_no");
    if (app_reading_estimate(&rq->ctx, tap_no, web_form(rq, "read_on"), web_form(rq, "cause"), &out, &e))
        return web_fail(rq, rs, &e);
    if (out.status == READING_REFUSED) {
        err_set(&e, ERR_INVALID, NULL, out.message, "estimate refused");
        return web_fail(rq, rs, &e);
    }
    char flash[160], back[40];
    str_fmt(flash, sizeof flash, "水栓 %s の使用水量を %lldm³ と認定しました。", tap_no, (long long)out.usage);
    bool to_karte = strcmp(web_form_or(rq, "back"), "karte") == 0;
    str_fmt(back, sizeof back, "/karte/%s", tap_no);
    return web_redirect(rq, rs, to_karte ? back : "/reading/held", flash);
}

int page_reading_rejects(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_reject *rows = NULL;
    size_t n = 0;
    if (app_reading_rejects(&rq->ctx, &rows, &n, &e))
        return web_fail(rq, rs, &e);
    char cbuf[8];
    app_cycle_today(cbuf);
    web_page_begin(rq, rs, "取込で除外した行", NAV_READING);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "取込で除外した行", NULL);
    web_reading_subnav(rq, rs, cbuf, "/reading/rejects");
    html_elem(b, "p", "「正しい行だけ取り込む」で取り込まなかった行です。原因を直して入力したら「処理済み」にしてください。",
              "class", "hint", NULL);
    if (n == 0) {
        html_elem(b, "p", "除外した行はありません。", "class", "empty", NULL);
    } else {
        html_open(b, "table", "class", "list", "id", "rejects", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">取込番号</th><th scope=\"col\" class=\"num\">行</th>"
                    "<th scope=\"col\">水栓番号</th><th scope=\"col\">メーター番号</th><th scope=\"col\">検針日</th>"
                    "<th scope=\"col\" class=\"num\">指針</th><th scope=\"col\">理由</th><th scope=\"col\">取込者</th>"
                    "<th scope=\"col\">操作</th></tr></thead><tbody>");
        for (size_t i = 0; i < n; i++) {
            const app_reject *r = &rows[i];
            char action[48];
            str_fmt(action, sizeof action, "/reading/rejects/%lld", (long long)r->id);
            html_open(b, "tr", NULL);
            html_elem(b, "td", r->batch, NULL);
            num_cell(b, r->line);
            html_elem(b, "td", r->tap_no, NULL);
            html_elem(b, "td", r->meter_no, NULL);
            html_elem(b, "td", r->read_on, NULL);
            html_elem(b, "td", r->value, "class", "num", NULL);
            html_elem(b, "td", r->reason, NULL);
            html_elem(b, "td", r->created_by, NULL);
            html_open(b, "td", NULL);
            html_open(b, "form", "method", "post", "action", action, "class", "inline", NULL);
            web_csrf_field(rq, rs);
            html_elem(b, "button", "処理済み", "type", "submit", NULL);
            html_close(b, "form");
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    free(rows);
    web_page_end(rq, rs);
    return 0;
}

int page_reading_reject_resolve(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    if (!web_id_param(rq->param, &id) || app_reading_reject_resolve(&rq->ctx, id, &e)) {
        if (!e.code)
            err_set(&e, ERR_NOTFOUND, NULL, "行が見つかりません。", "bad id");
        return web_fail(rq, rs, &e);
    }
    return web_redirect(rq, rs, "/reading/rejects", "処理済みにしました。");
}

int page_reading_leaks(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    char cbuf[8];
    const char *cycle = web_query(rq, "cycle");
    if (!cycle || !*cycle) {
        app_cycle_today(cbuf);
        cycle = cbuf;
    }
    app_reading *rows = NULL;
    size_t n = 0;
    if (app_reading_leaks(&rq->ctx, cycle, &rows, &n, &e))
        return web_fail(rq, rs, &e);
    web_page_begin(rq, rs, "漏水の疑い", NAV_READING);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "漏水の疑い（宅内漏水簡易調査）", NULL);
    web_reading_subnav(rq, rs, cycle, "/reading/leaks");
    web_cycle_picker(rs, "/reading/leaks", cycle);
    html_elem(b, "p", "前回・前年同期のどちらと比べても使用水量が増えている水栓です。お客様へのお知らせを印刷できます。",
              "class", "hint", NULL);
    if (n == 0) {
        html_elem(b, "p", "この周期に漏水の疑いのある水栓はありません。", "class", "empty", NULL);
    } else {
        html_open(b, "table", "class", "list", "id", "leaks", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">水栓番号</th><th scope=\"col\">検針日</th>"
                    "<th scope=\"col\" class=\"num\">使用水量</th><th scope=\"col\">状態</th><th scope=\"col\">お知らせ</th>"
                    "</tr></thead><tbody>");
        for (size_t i = 0; i < n; i++) {
            const app_reading *r = &rows[i];
            char href[40], notice[80];
            str_fmt(href, sizeof href, "/karte/%s", r->tap_no);
            str_fmt(notice, sizeof notice, "/reading/leaks/%s/notice?cycle=%s", r->tap_no, cycle);
            html_open(b, "tr", NULL);
            html_open(b, "td", NULL);
            html_elem(b, "a", r->tap_no, "href", href, NULL);
            html_close(b, "td");
            html_elem(b, "td", r->read_on, NULL);
            num_cell(b, r->usage);
            html_elem(b, "td", strcmp(r->status, "held") == 0 ? "保留" : "確定", NULL);
            html_open(b, "td", NULL);
            html_elem(b, "a", "お知らせを印刷", "href", notice, NULL);
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    free(rows);
    web_page_end(rq, rs);
    return 0;
}

/* A printable A4 notice: no navigation, print styles in app.css. */
int page_reading_leak_notice(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_karte k;
    if (app_karte_get(&rq->ctx, rq->param, &k, &e))
        return web_fail(rq, rs, &e);
    app_reading *rows = NULL;
    size_t n = 0;
    if (app_reading_history(&rq->ctx, rq->param, 24, &rows, &n, &e)) {
        app_karte_free(&k);
        return web_fail(rq, rs, &e);
    }
    const app_reading *cur = NULL, *prev = NULL, *ly = NULL;
    for (size_t i = 0; i < n; i++) {
        const app_reading *r = &rows[i];
        if (strcmp(r->kind, "actual") != 0 && strcmp(r->kind, "estimated") != 0)
            continue;
        if (!cur)
            cur = r;
        else if (!prev)
            prev = r;
        civil_date a, c;
        if (cur && r != cur && date_parse(r->read_on, &a) && date_parse(cur->read_on, &c)) {
            int64_t d = date_to_days(c) - date_to_days(a) - 365;
            if (d >= -31 && d <= 31 && !ly)
                ly = r;
        }
    }
    buf_t *b = &rs->body;
    html_raw(b, "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>宅内漏水簡易調査のお願い</title>"
                "<link rel=\"stylesheet\" href=\"/static/app.css\"></head><body class=\"notice\"><main>");
    const app_occupancy *occ = k.nocc && !k.occ[0].end_on[0] ? &k.occ[0] : NULL;
    html_open(b, "p", "class", "notice-to", NULL);
    html_textf(b, "%s%s", k.area_name, k.address);
    html_raw(b, "<br>");
    html_textf(b, "%s 様", occ ? occ->who.name : "ご使用者");
    html_close(b, "p");
    html_open(b, "p", "class", "notice-date", NULL);
    web_date(rq, rs, cur ? cur->read_on : NULL);
    html_close(b, "p");
    html_elem(b, "h1", "宅内漏水簡易調査のお願い", NULL);
    html_elem(b, "p",
              "今回の検針で、使用水量が前回・前年同期より多くなっていました。お宅の中で水が漏れている可能性があります。"
              "お手数ですが、次の方法でご確認ください。", NULL);
    html_open(b, "table", "class", "kv", NULL);
    html_raw(b, "<tbody>");
    const struct { const char *label; const app_reading *r; } R[] = {{"今回", cur}, {"前回", prev}, {"前年同期", ly}};
    for (size_t i = 0; i < 3; i++) {
        html_open(b, "tr", NULL);
        html_elem(b, "th", R[i].label, "scope", "row", NULL);
        html_open(b, "td", NULL);
        if (R[i].r)
            html_textf(b, "%s 検針　%lld日間　%lld m³", R[i].r->read_on, (long long)R[i].r->days,
                       (long long)R[i].r->usage);
        else
            html_text(b, "—");
        html_close(b, "td");
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    html_elem(b, "h2", "調べ方", NULL);
    html_raw(b, "<ol><li>家の中と外の蛇口をすべて閉めてください（トイレ・給湯器・散水栓も）。</li>"
                "<li>メーターボックスを開け、メーターのパイロット（銀色の小さな羽根車）を見てください。</li>"
                "<li>パイロットが回っていれば、どこかで漏水しています。指定給水装置工事事業者に修理をご依頼ください。</li>"
                "<li>修理後に申請すると、漏水分の料金が減額される場合があります（漏水減免）。</li></ol>");
    html_elem(b, "p", "お問い合わせ: 上下水道局 料金課（検針担当）", "class", "notice-contact", NULL);
    html_raw(b, "</main></body></html>");
    free(rows);
    app_karte_free(&k);
    return 0;
}
