/* page_home — the start page: search first, then what can be done. */
#include <stdlib.h>

#include "base/html.h"
#include "domain/role.h"
#include "web/web.h"
#include "app/app_approval.h"

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
    html_open(b, "ul", "class", "actions", NULL);
    if (app_can(&rq->ctx, PERM_CUSTOMER_EDIT)) {
        html_open(b, "li", NULL);
        html_elem(b, "a", "新規水栓・使用者の登録", "href", "/taps/new", NULL);
        html_close(b, "li");
    }
    if (app_can(&rq->ctx, PERM_CUSTOMER_VIEW)) {
        static const char *const L[][3] = {{"/reception", "今日の受付", "home-reception"},
                                           {"/reception/applications", "ウェブ申込（未処理）", "home-applications"},
                                           {"/workorders", "開栓・閉栓の作業予定", "home-workorders"}};
        for (size_t i = 0; i < 3; i++) {
            html_open(b, "li", NULL);
            html_elem(b, "a", L[i][1], "href", L[i][0], "id", L[i][2], NULL);
            html_close(b, "li");
        }
    }
    if (app_can(&rq->ctx, PERM_APPROVE)) {
        app_approval *as = NULL;
        size_t n = 0;
        err_t e;
        if (app_approval_list(&rq->ctx, "pending", &as, &n, &e) == 0) {
            size_t mine = 0;
            for (size_t i = 0; i < n; i++)
                mine += as[i].can_decide;
            html_open(b, "li", NULL);
            html_open(b, "a", "href", "/approvals", NULL);
            html_textf(b, "承認待ち %zu 件（うち判断できるもの %zu 件）", n, mine);
            html_close(b, "a");
            html_close(b, "li");
            free(as);
        }
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
