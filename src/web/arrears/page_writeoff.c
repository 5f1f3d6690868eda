/* page_writeoff — 時効管理 and 不納欠損 (docs/arrears-writeoff.md): the list of
 * claims reaching limitation within N months (/arrears/limitation, CSV),
 * from which a 担当 proposes writing off chosen bills; recording 援用 or
 * 債権放棄 from a bill's 時効 panel; the register of write-offs
 * (/arrears/writeoffs) and one write-off; the fiscal-year report on screen,
 * as PDF and as XLSX.  Thin: the rules are in app_limitation / app_writeoff. */
#include "web/web.h"
#include "web/arrears/arrears_nav.h"
#include "web/web_list.h"

#include <stdlib.h>
#include <string.h>

#include "app/account/app_staff.h"
#include "app/arrears/app_limitation.h"
#include "app/arrears/app_writeoff.h"
#include "base/date.h"
#include "base/html.h"
#include "domain/role.h"
#include "report/writeoff_report.h"


/* 欠損後収納 ¥N（日付）: money received for written-off bills (in a cell
 * when td, else inline); nothing when none. */
static void after_writeoff(web_req *rq, web_resp *rs, int64_t yen, const char *on, bool td, const char *id)
{
    buf_t *b = &rs->body;
    if (td)
        html_open(b, "td", "class", "after-writeoff", "id", id, NULL);
    if (yen != 0 || (on && on[0])) {
        if (!td)
            html_open(b, "p", "class", "after-writeoff", "id", id, NULL);
        html_text(b, "欠損後収納 ");
        web_yen(rs, yen);
        html_text(b, "（");
        web_date(rq, rs, on);
        html_text(b, "）");
        if (!td)
            html_close(b, "p");
    }
    if (td)
        html_close(b, "td");
}

static void num_cell(buf_t *b, long long v)
{
    char s[32];
    str_thousands(v, s);
    html_elem(b, "td", s, "class", "num", NULL);
}

static void yen_td(web_resp *rs, long long v)
{
    html_open(&rs->body, "td", "class", "num", NULL);
    web_yen(rs, v);
    html_close(&rs->body, "td");
}

static void reason_select(web_resp *rs, const char *sel, const err_t *fe)
{
    const char *codes[WRITEOFF__NREASONS + 1], *labels[WRITEOFF__NREASONS + 1];
    codes[0] = "";
    labels[0] = "選んでください";
    for (int i = 0; i < WRITEOFF__NREASONS; i++) {
        codes[i + 1] = writeoff_reason_code(i);
        labels[i + 1] = writeoff_reason_label(i);
    }
    web_select(rs, "不納欠損の理由", "reason", sel, codes, labels, WRITEOFF__NREASONS + 1, fe);
}

/* ---- /arrears/limitation ---------------------------------------------------- */

static const char *const LIMITATION_KEYS[] = {"service", "months"};

static web_list_view limitation_view(const web_req *rq)
{
    return web_list_view_from(rq, "/arrears/limitation", LIMITATION_KEYS, 2);
}

static int limitation_page(web_req *rq, web_resp *rs, const err_t *pe)
{
    err_t e;
    err_clear(&e);
    web_list_view v = limitation_view(rq);
    const char *service = v.v[0], *months = v.v[1];
    app_limitation_page pg;
    int rc = app_limitation_list(&rq->ctx, service, months, v.page, false, &pg, &e);
    if (rc && e.code != ERR_INVALID)
        return web_fail(rq, rs, &e);
    web_page_begin(rq, rs, "時効管理", NAV_ARREARS);
    buf_t *b = &rs->body;
    web_arrears_subnav(rq, rs, "/arrears/limitation");
    html_elem(b, "h1", "時効管理（時効が近い・完成した債権）", NULL);
    html_open(b, "form", "method", "get", "action", "/arrears/limitation", "class", "filters", "id", "limitation-filter",
              "role", "search", "aria-label", "時効管理の絞り込み", NULL);
    static const char *const SC[] = {"", "water", "sewer"}, *const SL[] = {"すべて", "水道料金", "下水道使用料"};
    web_select(rs, "料金の種類", "service", service, SC, SL, 3, rc ? &e : NULL);
    web_input(rs, "何か月以内に時効が完成するか", "months", *months ? months : "6", rc ? &e : NULL,
              "inputmode", "numeric", "size", "4", "autocomplete", "off", NULL);
    html_elem(b, "button", "絞り込む", "type", "submit", "id", "limitation-filter-submit", NULL);
    html_close(b, "form");
    if (rc) {
        web_form_error(rs, &e);
        web_page_end(rq, rs);
        rs->status = web_status_for(e.code);   /* 400 naming the field, as the ledger's filters */
        return 0;
    }
    html_open(b, "p", "id", "limitation-summary", NULL);
    html_textf(b, "時効完成日が ");
    web_date(rq, rs, pg.horizon);
    html_textf(b, " までの債権（完成済みを含む） %lld件、未納額 ", (long long)pg.total);
    web_yen(rs, pg.sum);
    html_text(b, "（基準日 ");
    web_date(rq, rs, pg.today);
    html_text(b, "）");
    html_close(b, "p");
    html_open(b, "p", "class", "exports", NULL);
    buf_t h;
    buf_init(&h, 128);
    web_list_href(&h, &v, "/arrears/limitation.csv", "encoding=utf8bom", 1);
    html_elem(b, "a", "CSV（UTF-8）", "href", buf_cstr(&h), "id", "limitation-csv", NULL);
    html_close(b, "p");
    if (pe)
        web_form_error(rs, pe);
    if (pg.n) {
        html_open(b, "form", "method", "post", "action", "/arrears/writeoffs", "id", "writeoff-propose", NULL);
        web_csrf_field(rq, rs);
        html_open(b, "table", "class", "list", "id", "limitation-list", NULL);
        html_elem(b, "caption", "時効完成日の早い順", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">選択</th><th scope=\"col\">調定</th><th scope=\"col\">水栓番号</th>"
                    "<th scope=\"col\">種別</th><th scope=\"col\">納期限</th><th scope=\"col\">期間</th>"
                    "<th scope=\"col\">時効完成日</th><th scope=\"col\" class=\"num\">未納額</th>"
                    "<th scope=\"col\">状態</th></tr></thead><tbody>");
        for (size_t i = 0; i < pg.n; i++) {
            const app_limitation_row *r = &pg.rows[i];
            char rid[48], href[48], idv[24], cid[48], label[64];
            str_fmt(rid, sizeof rid, "limitation-%lld-%s", (long long)r->bill_id, r->service);
            str_fmt(idv, sizeof idv, "%lld", (long long)r->bill_id);
            str_fmt(cid, sizeof cid, "pick-%lld-%s", (long long)r->bill_id, r->service);
            html_open(b, "tr", "id", rid, NULL);
            html_open(b, "td", NULL);
            if (r->barred) {
                str_fmt(label, sizeof label, "調定 %lld（%s）を選ぶ", (long long)r->bill_id,
                        limitation_service_label(r->service));
                html_open(b, "input", "type", "checkbox", "name", "bill", "value", idv, "id", cid, "aria-label", label,
                          NULL);
            }
            html_close(b, "td");
            html_open(b, "td", NULL);
            str_fmt(href, sizeof href, "/bills/%lld", (long long)r->bill_id);
            str_fmt(label, sizeof label, "調定 %lld", (long long)r->bill_id);
            html_elem(b, "a", label, "href", href, NULL);
            html_close(b, "td");
            html_elem(b, "td", r->tap_no, NULL);
            html_elem(b, "td", limitation_service_label(r->service), NULL);
            html_open(b, "td", NULL);
            web_date(rq, rs, r->due_on);
            html_close(b, "td");
            html_open(b, "td", NULL);
            html_textf(b, "%d年%s", r->years, r->renewals ? "（更新あり）" : "");
            html_close(b, "td");
            html_open(b, "td", NULL);
            web_date(rq, rs, r->barred_from);
            html_close(b, "td");
            yen_td(rs, r->unpaid);
            html_open(b, "td", NULL);
            if (!r->barred)
                html_text(b, "進行中");
            else if (!r->needs_invocation)
                html_text(b, "時効完成（消滅）");
            else
                html_text(b, r->act ? "時効完成・援用等あり" : "時効完成・援用等なし");
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
        if (app_can(&rq->ctx, PERM_PAYMENT_POST)) {
            html_elem(b, "h2", "選んだ調定の不納欠損を起案", NULL);
            html_elem(b, "p",
                      "時効が完成した調定だけを選べます。水道料金は援用または債権放棄の記録が必要です。"
                      "起案は係長の承認で確定します（起案者本人は承認できません）。",
                      "class", "note", NULL);
            reason_select(rs, web_form_or(rq, "reason"), pe);
            web_input(rs, "理由の説明（その他は必須）", "reason_text", web_form_or(rq, "reason_text"), pe, "maxlength",
                      "80", NULL);
            html_elem(b, "button", "不納欠損を起案", "type", "submit", "id", "writeoff-propose-submit", NULL);
        }
        html_close(b, "form");
    } else {
        html_elem(b, "p", "該当する債権はありません。", "class", "empty", NULL);
    }
    web_list_pager(b, &v, pg.page, pg.pages, "時効管理のページ");
    buf_free(&h);
    app_limitation_page_free(&pg);
    web_page_end(rq, rs);
    return 0;
}

int page_limitation(web_req *rq, web_resp *rs)
{
    return limitation_page(rq, rs, NULL);
}

int page_limitation_csv(web_req *rq, web_resp *rs)
{
    int encoding = web_list_csv_encoding(rq, rs);
    if (encoding < 0)
        return 0;
    err_t e;
    err_clear(&e);
    web_list_view v = limitation_view(rq);
    app_limitation_page pg;
    if (app_limitation_list(&rq->ctx, v.v[0], v.v[1], 0, true, &pg, &e))
        return web_fail(rq, rs, &e);
    bool ok = limitation_csv_write(&pg, encoding, &rs->body);
    app_limitation_page_free(&pg);
    return web_list_csv_done(rq, rs, ok, encoding, "limitation", "limitation");
}

/* ---- proposing ---------------------------------------------------------------- */

int page_writeoff_propose(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t ids[200];
    size_t n = 0;
    for (size_t i = 0; i < rq->nform; i++) {
        if (strcmp(rq->form[i].key, "bill") != 0)
            continue;
        int64_t id = 0;
        if (!web_id_param(rq->form[i].value, &id)) {
            err_field(&e, "bills", "調定の指定が正しくありません。");
            return web_fail(rq, rs, &e);
        }
        bool dup = false;
        for (size_t j = 0; j < n; j++)
            dup = dup || ids[j] == id;   /* a bill's two claims: one bill */
        if (!dup && n == sizeof ids / sizeof ids[0]) {
            err_field(&e, "bills", "一度に起案できるのは200件までです。");
            return web_fail(rq, rs, &e);
        }
        if (!dup)
            ids[n++] = id;
    }
    int64_t id = 0;
    if (app_writeoff_propose(&rq->ctx, ids, n, web_form(rq, "reason"), web_form(rq, "reason_text"), &id, &e)) {
        if (e.code == ERR_INVALID || e.code == ERR_CONFLICT) {
            rs->status = web_status_for(e.code);
            return limitation_page(rq, rs, &e);
        }
        return web_fail(rq, rs, &e);
    }
    char loc[48], flash[128];
    str_fmt(loc, sizeof loc, "/arrears/writeoffs/%lld", (long long)id);
    str_fmt(flash, sizeof flash, "不納欠損 %zu件を起案しました。係長の承認を待っています。", n);
    return web_redirect(rq, rs, loc, flash);
}

/* ---- the register ------------------------------------------------------------- */

static const char *status_label(const char *s)
{
    return strcmp(s, "approved") == 0 ? "承認済（欠損処分）" : strcmp(s, "rejected") == 0 ? "却下" : "承認待ち";
}

int page_writeoffs(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_writeoff *ws = NULL;
    size_t n = 0;
    if (app_writeoff_list(&rq->ctx, &ws, &n, &e))
        return web_fail(rq, rs, &e);
    web_page_begin(rq, rs, "不納欠損処分簿", NAV_ARREARS);
    buf_t *b = &rs->body;
    web_arrears_subnav(rq, rs, "/arrears/writeoffs");
    html_elem(b, "h1", "不納欠損処分簿", NULL);
    html_open(b, "p", NULL);
    html_elem(b, "a", "年度別の不納欠損処分調書", "href", "/arrears/writeoff-report", "id", "writeoff-report-link", NULL);
    html_close(b, "p");
    if (!n)
        html_elem(b, "p", "不納欠損の起案はありません。", "class", "empty", NULL);
    else {
        html_open(b, "table", "class", "list", "id", "writeoff-register", NULL);
        html_elem(b, "caption", "新しい順", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">番号</th><th scope=\"col\">状態</th><th scope=\"col\">理由</th>"
                    "<th scope=\"col\" class=\"num\">件数</th><th scope=\"col\" class=\"num\">金額</th>"
                    "<th scope=\"col\">起案者</th><th scope=\"col\">起案日時</th><th scope=\"col\">決定者</th>"
                    "<th scope=\"col\">決定日</th><th scope=\"col\">欠損後収納</th></tr></thead><tbody>");
        for (size_t i = 0; i < n; i++) {
            const app_writeoff *w = &ws[i];
            char rid[32], href[48], label[32];
            str_fmt(rid, sizeof rid, "writeoff-%lld", (long long)w->id);
            html_open(b, "tr", "id", rid, NULL);
            html_open(b, "td", NULL);
            str_fmt(href, sizeof href, "/arrears/writeoffs/%lld", (long long)w->id);
            str_fmt(label, sizeof label, "第%lld号", (long long)w->id);
            html_elem(b, "a", label, "href", href, NULL);
            html_close(b, "td");
            html_elem(b, "td", status_label(w->status), NULL);
            html_open(b, "td", NULL);
            html_textf(b, "%s%s%s", w->reason_label, w->reason_text[0] ? "：" : "", w->reason_text);
            html_close(b, "td");
            num_cell(b, w->bills);
            yen_td(rs, w->amount);
            html_elem(b, "td", w->proposed_by, NULL);
            html_elem(b, "td", w->proposed_at, NULL);
            html_elem(b, "td", w->decided_by, NULL);
            html_open(b, "td", NULL);
            if (w->decided_on[0])
                web_date(rq, rs, w->decided_on);
            html_close(b, "td");
            char aid[40];
            str_fmt(aid, sizeof aid, "writeoff-after-%lld", (long long)w->id);
            after_writeoff(rq, rs, w->after_yen, w->after_on, true, aid);
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    free(ws);
    web_page_end(rq, rs);
    return 0;
}

int page_writeoff(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    if (!web_path_id(rq, rs, "不納欠損の起案が見つかりません。", &id))
        return 0;
    app_writeoff w;
    app_writeoff_item *it = NULL;
    size_t n = 0;
    if (app_writeoff_get(&rq->ctx, id, &w, &it, &n, &e))
        return web_fail(rq, rs, &e);
    char title[64];
    str_fmt(title, sizeof title, "不納欠損 第%lld号", (long long)w.id);
    web_page_begin(rq, rs, title, NAV_ARREARS);
    buf_t *b = &rs->body;
    web_arrears_subnav(rq, rs, "/arrears/writeoffs");
    html_elem(b, "h1", title, NULL);
    html_open(b, "p", "id", "writeoff-status", NULL);
    html_textf(b, "状態: %s　理由: %s%s%s　起案: %s（%s）", status_label(w.status), w.reason_label,
               w.reason_text[0] ? "：" : "", w.reason_text, w.proposed_by, w.proposed_at);
    if (w.decided_on[0]) {
        html_textf(b, "　決定: %s（", w.decided_by);
        web_date(rq, rs, w.decided_on);
        html_text(b, "）");
    }
    html_close(b, "p");
    if (strcmp(w.status, "pending") == 0 && app_can(&rq->ctx, PERM_APPROVE)) {
        html_open(b, "p", NULL);
        html_elem(b, "a", "承認依頼の一覧で判断する", "href", "/approvals", "id", "writeoff-approvals-link", NULL);
        html_close(b, "p");
    }
    html_open(b, "table", "class", "list", "id", "writeoff-items", NULL);
    html_elem(b, "caption", "対象の調定", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">調定</th><th scope=\"col\">水栓番号</th><th scope=\"col\">検針周期</th>"
                "<th scope=\"col\">納期限</th><th scope=\"col\" class=\"num\">水道</th>"
                "<th scope=\"col\" class=\"num\">下水道</th><th scope=\"col\">欠損後収納</th></tr></thead><tbody>");
    int64_t tw = 0, ts = 0;
    for (size_t i = 0; i < n; i++) {
        char href[48], label[32];
        html_open(b, "tr", NULL);
        html_open(b, "td", NULL);
        str_fmt(href, sizeof href, "/bills/%lld", (long long)it[i].bill_id);
        str_fmt(label, sizeof label, "調定 %lld", (long long)it[i].bill_id);
        html_elem(b, "a", label, "href", href, NULL);
        html_close(b, "td");
        html_elem(b, "td", it[i].tap_no, NULL);
        html_elem(b, "td", it[i].cycle, NULL);
        html_open(b, "td", NULL);
        web_date(rq, rs, it[i].due_on);
        html_close(b, "td");
        yen_td(rs, it[i].water_yen);
        yen_td(rs, it[i].sewer_yen);
        char aid[40];
        str_fmt(aid, sizeof aid, "item-after-%lld", (long long)it[i].bill_id);
        after_writeoff(rq, rs, it[i].after_yen, it[i].after_on, true, aid);
        html_close(b, "tr");
        tw += it[i].water_yen;
        ts += it[i].sewer_yen;
    }
    html_raw(b, "</tbody><tfoot><tr><th scope=\"row\" colspan=\"4\">合計</th>");
    yen_td(rs, tw);
    yen_td(rs, ts);
    html_raw(b, "<td></td></tr></tfoot>");
    html_close(b, "table");
    free(it);
    web_page_end(rq, rs);
    return 0;
}

/* ---- the fiscal-year report ------------------------------------------------------ */

int page_writeoff_report(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    const char *fy = web_query(rq, "fy");
    app_writeoff_report r;
    if (app_writeoff_report_get(&rq->ctx, fy, &r, &e))
        return web_fail(rq, rs, &e);
    web_page_begin(rq, rs, "不納欠損処分調書", NAV_ARREARS);
    buf_t *b = &rs->body;
    web_arrears_subnav(rq, rs, "/arrears/writeoffs");
    html_elem(b, "h1", "不納欠損処分調書（年度別）", NULL);
    char fys[8];
    str_fmt(fys, sizeof fys, "%d", r.fy);
    html_open(b, "form", "method", "get", "action", "/arrears/writeoff-report", "class", "filters", "id",
              "writeoff-report-form", NULL);
    web_input(rs, "年度（西暦）", "fy", fys, NULL, "inputmode", "numeric", "size", "6", NULL);
    html_elem(b, "button", "表示", "type", "submit", NULL);
    html_close(b, "form");
    html_open(b, "p", "id", "writeoff-report-period", NULL);
    html_textf(b, "%d年度（", r.fy);
    web_date(rq, rs, r.from);
    html_text(b, "〜");
    web_date(rq, rs, r.to);
    html_text(b, "）に承認された不納欠損");
    html_close(b, "p");
    html_open(b, "p", "class", "exports", NULL);
    char href[64];
    str_fmt(href, sizeof href, "/arrears/writeoff-report.pdf?fy=%d", r.fy);
    html_elem(b, "a", "PDF", "href", href, "id", "writeoff-report-pdf", NULL);
    html_text(b, "　");
    str_fmt(href, sizeof href, "/arrears/writeoff-report.xlsx?fy=%d", r.fy);
    html_elem(b, "a", "Excel", "href", href, "id", "writeoff-report-xlsx", NULL);
    html_close(b, "p");
    html_open(b, "table", "class", "list", "id", "writeoff-report", NULL);
    html_elem(b, "caption", "理由別・料金別の件数と金額", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">理由</th><th scope=\"col\" class=\"num\">水道 件数</th>"
                "<th scope=\"col\" class=\"num\">水道 金額</th><th scope=\"col\" class=\"num\">下水道 件数</th>"
                "<th scope=\"col\" class=\"num\">下水道 金額</th><th scope=\"col\" class=\"num\">合計 件数</th>"
                "<th scope=\"col\" class=\"num\">合計 金額</th></tr></thead><tbody>");
    for (int i = 0; i <= WRITEOFF__NREASONS; i++) {
        const app_writeoff_report_row *x = i < WRITEOFF__NREASONS ? &r.rows[i] : &r.total;
        char rid[32];
        str_fmt(rid, sizeof rid, "wr-%s", i < WRITEOFF__NREASONS ? writeoff_reason_code(i) : "total");
        html_open(b, "tr", "id", rid, NULL);
        html_elem(b, "th", i < WRITEOFF__NREASONS ? writeoff_reason_label(i) : "合計", "scope", "row", NULL);
        num_cell(b, x->water_n);
        yen_td(rs, x->water_yen);
        num_cell(b, x->sewer_n);
        yen_td(rs, x->sewer_yen);
        num_cell(b, x->water_n + x->sewer_n);
        yen_td(rs, x->water_yen + x->sewer_yen);
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    web_page_end(rq, rs);
    return 0;
}

typedef struct doc_arg { const app_writeoff_report *r; const char *by; int64_t at; } doc_arg;

static int write_pdf(const void *arg, const char *path, char *msg, size_t msgsz)
{
    const doc_arg *a = arg;
    return writeoff_report_pdf_write(a->r, a->by, a->at, path, msg, msgsz);
}

static int write_xlsx(const void *arg, const char *path, char *msg, size_t msgsz)
{
    const doc_arg *a = arg;
    return writeoff_report_xlsx_write(a->r, a->by, a->at, path, msg, msgsz);
}

static int report_doc(web_req *rq, web_resp *rs, bool pdf)
{
    err_t e;
    err_clear(&e);
    app_writeoff_report r;
    if (app_writeoff_report_get(&rq->ctx, web_query(rq, "fy"), &r, &e))
        return web_fail(rq, rs, &e);
    char by[128], name[48];
    app_staff_display_name(&rq->ctx, rq->ctx.actor.username, by, sizeof by);
    doc_arg a = {&r, by, date_now_unix()};
    str_fmt(name, sizeof name, "writeoff-fy%d.%s", r.fy, pdf ? "pdf" : "xlsx");
    return pdf ? web_send_document(rq, rs, write_pdf, &a, "application/pdf", "inline", name,
                                   "不納欠損処分調書を作成できませんでした。")
               : web_send_document(rq, rs, write_xlsx, &a,
                                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "attachment",
                                   name, "不納欠損処分調書を作成できませんでした。");
}

int page_writeoff_report_pdf(web_req *rq, web_resp *rs)
{
    return report_doc(rq, rs, true);
}

int page_writeoff_report_xlsx(web_req *rq, web_resp *rs)
{
    return report_doc(rq, rs, false);
}

/* ---- the bill page's 時効 panel and its act ----------------------------------- */

static void claim_block(web_req *rq, web_resp *rs, const app_bill_limitation *bl, int k)
{
    buf_t *b = &rs->body;
    const app_claim *c = &bl->claims[k];
    char id[40];
    str_fmt(id, sizeof id, "limitation-%s", c->service);
    html_open(b, "div", "id", id, "class", "limitation-claim", NULL);
    html_open(b, "h3", NULL);
    html_text(b, k == 0 ? "水道料金（私債権）" : "下水道使用料（公債権）");
    html_close(b, "h3");
    html_open(b, "p", NULL);
    html_textf(b, "時効期間 %d年　時効完成日 ", c->lim.years);
    html_open(b, "span", "class", "barred-from", NULL);
    web_date(rq, rs, c->barred_from);
    html_close(b, "span");
    html_text(b, "　未納額 ");
    web_yen(rs, c->unpaid);
    html_text(b, "　");
    if (!c->barred)
        html_text(b, "時効は進行中です。");
    else if (!c->lim.needs_invocation)
        html_text(b, "時効が完成し、債権は消滅しました（援用不要）。");
    else if (c->act)
        html_textf(b, "時効完成・%s（%s、%s、記録 %s）", strcmp(c->act_kind, "waiver") == 0 ? "債権放棄" : "援用",
                   c->act_on, c->act_how, c->act_by);
    else
        html_text(b, "時効は完成していますが、援用または債権放棄があるまで債権は消滅しません。");
    html_close(b, "p");
    if (c->lim.nevents) {
        html_open(b, "ul", "class", "limitation-events", NULL);
        for (int i = 0; i < c->lim.nevents; i++) {
            const limitation_event *ev = &c->lim.events[i];
            char d[11], bf[11];
            date_format_iso(ev->date, d);
            date_format_iso(ev->barred_from, bf);
            html_open(b, "li", NULL);
            html_text(b, ev->kind == LIMITATION_DUNNING ? "督促（指定期限 " : "承認（一部納付 ");
            web_date(rq, rs, d);
            html_text(b, "）: ");
            if (ev->effect == LIMITATION_RENEWED) {
                html_text(b, "時効を更新 → 時効完成日 ");
                web_date(rq, rs, bf);
            } else {
                html_text(b, limitation_effect_text(ev->effect));
            }
            html_close(b, "li");
        }
        html_close(b, "ul");
    }
    html_close(b, "div");
}

void web_bill_limitation_panel(web_req *rq, web_resp *rs, int64_t bill_id, const err_t *fe)
{
    err_t e;
    err_clear(&e);
    app_bill_limitation bl;
    if (app_limitation_bill(&rq->ctx, bill_id, &bl, &e))
        return;
    buf_t *b = &rs->body;
    html_open(b, "section", "class", "panel", "id", "bill-limitation", NULL);
    html_elem(b, "h2", "時効", NULL);
    if (bl.writeoff_id) {
        char href[48], label[48];
        html_open(b, "p", "id", "bill-writeoff", "class", "state state-writeoff", NULL);
        html_textf(b, "不納欠損済み（%s%s%s）: 水道 ", bl.wo_reason_label, bl.wo_reason_text[0] ? "：" : "",
                   bl.wo_reason_text);
        web_yen(rs, bl.wo_water);
        html_text(b, "・下水道 ");
        web_yen(rs, bl.wo_sewer);
        html_textf(b, "　起案 %s　承認 %s（", bl.wo_proposed_by, bl.wo_by);
        web_date(rq, rs, bl.wo_on);
        html_text(b, "）　");
        str_fmt(href, sizeof href, "/arrears/writeoffs/%lld", (long long)bl.writeoff_id);
        str_fmt(label, sizeof label, "不納欠損 第%lld号", (long long)bl.writeoff_id);
        if (app_can(&rq->ctx, PERM_PAYMENT_POST))
            html_elem(b, "a", label, "href", href, NULL);
        html_close(b, "p");
        after_writeoff(rq, rs, bl.wo_after_yen, bl.wo_after_on, false, "bill-after-writeoff");
    } else if (bl.pending_writeoffs) {
        html_elem(b, "p", "不納欠損の起案が承認待ちです。", "id", "bill-writeoff-pending", NULL);
    }
    html_open(b, "p", NULL);
    html_text(b, "検針日 ");
    web_date(rq, rs, bl.read_on);
    html_text(b, "　納期限 ");
    web_date(rq, rs, bl.due_on);
    html_close(b, "p");
    claim_block(rq, rs, &bl, 0);
    claim_block(rq, rs, &bl, 1);
    const app_claim *w = &bl.claims[0];
    if (!bl.writeoff_id && w->barred && !w->act && w->unpaid > 0 && app_can(&rq->ctx, PERM_PAYMENT_POST)) {
        char action[48];
        str_fmt(action, sizeof action, "/bills/%lld/limitation", (long long)bill_id);
        html_open(b, "form", "method", "post", "action", action, "id", "limitation-act-form", NULL);
        web_csrf_field(rq, rs);
        web_form_error(rs, fe);
        static const char *const KC[] = {"invocation", "waiver"}, *const KL[] = {"援用（債務者から）", "債権放棄（係長）"};
        web_select(rs, "記録するもの", "kind", fe ? web_form_or(rq, "kind") : "invocation", KC, KL, 2, fe);
        web_input(rs, "日付（援用を受けた日・放棄を決定した日）", "act_on", fe ? web_form_or(rq, "act_on") : bl.today, fe,
                  "required", "", "size", "12", NULL);
        web_input(rs, "方法・記録（書面・口頭、決裁番号など）", "how", fe ? web_form_or(rq, "how") : "", fe, "required", "",
                  "maxlength", "20", NULL);
        html_elem(b, "button", "記録する", "type", "submit", "id", "limitation-act-submit", NULL);
        html_close(b, "form");
    }
    html_close(b, "section");
}

int page_bill_limitation_act(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    if (!web_path_id(rq, rs, "調定が見つかりません。", &id))
        return 0;
    if (app_limitation_act(&rq->ctx, id, web_form(rq, "kind"), web_form(rq, "act_on"), web_form(rq, "how"), &e))
        return web_fail(rq, rs, &e);
    char loc[48];
    str_fmt(loc, sizeof loc, "/bills/%lld", (long long)id);
    return web_redirect(rq, rs, loc, "援用・債権放棄を記録しました。");
}
