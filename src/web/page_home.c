/* page_home — the start page: search first, then the day's work of the
 * person's role (app_home: counts that link to their lists), then what can
 * be done. */
#include <stdlib.h>
#include <string.h>

#include "app/app_home.h"
#include "base/date.h"
#include "base/html.h"
#include "domain/role.h"
#include "web/web.h"

/* One tile of the day's work: a label, a count linked to its list, and a
 * line under it; alert marks work waiting for someone. */
static void tile(web_resp *rs, const char *id, const char *label, int64_t n, const char *href, const char *sub,
                 bool alert)
{
    buf_t *b = &rs->body;
    html_open(b, "div", "class", alert && n > 0 ? "strip-item notice" : "strip-item", "id", id, NULL);
    html_elem(b, "dt", label, NULL);
    html_open(b, "dd", NULL);
    char t[32];
    str_fmt(t, sizeof t, "%lld 件", (long long)n);
    html_elem(b, "a", t, "href", href, NULL);
    if (sub && *sub)
        html_elem(b, "div", sub, "class", "sub", NULL);
    html_close(b, "dd");
    html_close(b, "div");
}

/* The consistency lists of the newest billed cycle, a tile each. */
static void check_tiles(web_resp *rs, const app_check_counts *c)
{
    buf_t *b = &rs->body;
    html_elem(b, "h2", "点検（漏れ防止）", "id", "checks-title", NULL);
    html_open(b, "section", "class", "karte-strip", "aria-labelledby", "checks-title", NULL);
    html_open(b, "dl", "id", "home-checks", NULL);
    for (int k = 0; k < CHECK__MAX; k++) {
        const check_kind_info *i = check_kind_get(k);
        char id[40], href[64];
        str_fmt(id, sizeof id, "home-check-%s", i->code);
        str_fmt(href, sizeof href, "/checks/%s?cycle=%s", i->code, c->cycle);
        tile(rs, id, i->label, c->n[k], href, NULL, true);
    }
    html_close(b, "dl");
    html_close(b, "section");
    html_open(b, "p", NULL);
    if (c->cycle[0]) {
        char at[20];
        date_format_ts_jst(c->counted_at, at);
        html_textf(b, "%s 周期の調定を点検した件数です（%.16s 時点）。", c->cycle, at);
    } else {
        html_text(b, "（調定なし）");
    }
    html_elem(b, "a", "点検の一覧へ", "href", "/checks", NULL);
    html_close(b, "p");
}

static void day_work(web_req *rq, web_resp *rs)
{
    buf_t *b = &rs->body;
    app_home h;
    err_t e;
    err_clear(&e);
    if (app_home_get(&rq->ctx, &h, &e))
        return;   /* the home page stays usable: search and links */
    if (!h.reception && !h.reading && !h.payments && !h.approvals && !h.billing && !h.checks)
        return;
    char sub[128], href[64];
    html_elem(b, "h2", "今日の仕事", "id", "today-title", NULL);
    html_open(b, "section", "class", "karte-strip", "aria-labelledby", "today-title", NULL);
    html_open(b, "dl", "id", "today", NULL);
    if (h.reception) {
        tile(rs, "home-applications", "ウェブ申込 未処理", h.applications, "/reception/applications", NULL, true);
        str_fmt(href, sizeof href, "/workorders?day=%s", h.today);
        str_fmt(sub, sizeof sub, "未完了 %lld 件", (long long)h.orders_open);
        tile(rs, "home-orders", "今日の作業", h.orders_today, href, sub, false);
    }
    if (h.reading)
        tile(rs, "home-held", "検針 保留", h.held, "/reading/held", NULL, app_can(&rq->ctx, PERM_READING_CONFIRM));
    if (h.payments) {
        char yen[32];
        str_thousands(h.suspense_yen, yen);
        str_fmt(sub, sizeof sub, "計 ¥%s", yen);
        tile(rs, "home-suspense", "未消込", h.suspense, "/collections/suspense", sub, true);
    }
    if (h.approvals) {
        str_fmt(sub, sizeof sub, "うち判断できるもの %lld 件", (long long)h.approvals_mine);
        tile(rs, "home-approvals", "承認待ち", h.approvals_pending, "/approvals", sub, h.approvals_mine > 0);
    }
    if (h.billing) {
        const char *st = h.run_status;
        bool done = !strcmp(st, "done");
        str_fmt(href, sizeof href, "/billing?cycle=%s", h.cycle);
        if (done)
            str_fmt(sub, sizeof sub, "完了（調定 %lld 件）", (long long)h.run_billed);
        else
            str_copy(sub, sizeof sub, !*st ? "未実行" : !strcmp(st, "running") ? "実行中"
                                      : !strcmp(st, "interrupted") ? "中断（再実行で続きから）" : "失敗");
        html_open(b, "div", "class", done ? "strip-item" : "strip-item notice", "id", "home-billing", NULL);
        html_elem(b, "dt", "調定処理", NULL);
        html_open(b, "dd", NULL);
        char t[32];
        str_fmt(t, sizeof t, "%s 周期", h.cycle);
        html_elem(b, "a", t, "href", href, NULL);
        html_elem(b, "div", sub, "class", "sub", NULL);
        html_close(b, "dd");
        html_close(b, "div");
    }
    html_close(b, "dl");
    html_close(b, "section");
    if (h.checks)
        check_tiles(rs, &h.check);
}

int page_home(web_req *rq, web_resp *rs)
{
    web_page_begin(rq, rs, "ホーム", NAV_RECEPTION);
    buf_t *b = &rs->body;
    html_elem(b, "h1", "お客様を探す", NULL);
    if (app_can(&rq->ctx, PERM_CUSTOMER_VIEW)) {
        html_open(b, "form", "method", "get", "action", "/customers", "class", "bigsearch", "role", "search", NULL);
        html_elem(b, "label", "水栓番号・カナ氏名・電話番号（下4桁可）・住所の一部", "for", "home-q", NULL);
        html_open(b, "input", "id", "home-q", "name", "q", "type", "search", "autofocus", "", "autocomplete", "off",
                  NULL);
        html_elem(b, "button", "検索", "type", "submit", NULL);
        html_close(b, "form");
        html_elem(b, "p", "どの画面からでも Alt+S（または「/」キー）で検索欄へ移動できます。Enter で検索、結果から Enter でお客様カルテを開きます。",
                  "class", "hint", NULL);
    }
    day_work(rq, rs);
    html_elem(b, "h2", "よく使う画面", "id", "links-title", NULL);
    html_open(b, "ul", "class", "actions", "aria-labelledby", "links-title", NULL);
    if (app_can(&rq->ctx, PERM_CUSTOMER_EDIT)) {
        html_open(b, "li", NULL);
        html_elem(b, "a", "新規水栓・使用者の登録", "href", "/taps/new", NULL);
        html_close(b, "li");
    }
    if (app_can(&rq->ctx, PERM_CUSTOMER_VIEW)) {
        static const char *const L[][3] = {{"/reception", "今日の受付", "link-reception"},
                                           {"/workorders", "開栓・閉栓の作業予定", "link-workorders"}};
        for (size_t i = 0; i < 2; i++) {
            html_open(b, "li", NULL);
            html_elem(b, "a", L[i][1], "href", L[i][0], "id", L[i][2], NULL);
            html_close(b, "li");
        }
    }
    if (app_can(&rq->ctx, PERM_READING_ENTER)) {
        html_open(b, "li", NULL);
        html_elem(b, "a", "検針の進捗と入力", "href", "/reading", NULL);
        html_close(b, "li");
    }
    if (app_can(&rq->ctx, PERM_PAYMENT_POST)) {
        html_open(b, "li", NULL);
        html_elem(b, "a", "収納（窓口入金・ファイル取込・日計表）", "href", "/collections", NULL);
        html_close(b, "li");
    }
    if (app_can(&rq->ctx, PERM_AUDIT_VIEW)) {
        html_open(b, "li", NULL);
        html_elem(b, "a", "監査ログの検索", "href", "/audit", NULL);
        html_close(b, "li");
    }
    html_close(b, "ul");
    web_page_end(rq, rs);
    return 0;
}
