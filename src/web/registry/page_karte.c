/* page_karte — お客様カルテ: everything about one tap on one screen. */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/html.h"
#include "domain/reading_cause.h"
#include "domain/role.h"
#include "domain/tapinfo.h"
#include "web/web.h"
#include "app/arrears/app_arrears.h"
#include "app/collect/app_mandate.h"
#include "app/collect/app_payment.h"
#include "app/reading/app_reading.h"
#include "app/reception/app_contact.h"
#include "app/reception/app_reception.h"
#include "app/registry/app_customer.h"
#include "domain/reception.h"

static void row_class(buf_t *b, const char *th, const char *td, const char *cls)
{
    html_open(b, "tr", NULL);
    html_elem(b, "th", th, "scope", "row", NULL);
    html_elem(b, "td", td && *td ? td : "—", "class", cls, NULL);
    html_close(b, "tr");
}

static void row(buf_t *b, const char *th, const char *td)
{
    row_class(b, th, td, NULL);
}

/* 検針履歴: meter, the usage chart, the last readings, the reader's note. */
static void readings_panel(web_req *rq, web_resp *rs, const char *tap_no, bool can_edit)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    html_open(b, "section", "id", "readings", "class", "panel wide", NULL);
    html_elem(b, "h2", "メーター・検針履歴", NULL);
    app_meter *m = NULL;
    size_t nm = 0;
    app_meter_list_tap(&rq->ctx, tap_no, &m, &nm, &e);
    html_open(b, "p", NULL);
    if (nm && strcmp(m[0].status, "installed") == 0) {
        html_textf(b, "メーター %s（%s、口径%lldmm、%lld桁、%s設置、検定満了 %s）", m[0].meter_no, m[0].maker,
                   (long long)m[0].diameter, (long long)m[0].digits, m[0].installed_on, m[0].certified_until);
        if (m[0].expired)
            html_elem(b, "span", "検定満了・要取替", "class", "state state-held", NULL);
    } else {
        html_text(b, "メーターは設置されていません。");
    }
    if (can_edit) {
        char href[48];
        str_fmt(href, sizeof href, "/taps/%s/meter", tap_no);
        html_text(b, "　");
        html_elem(b, "a", nm ? "メーター取替" : "メーター設置", "href", href, "id", "meter-replace", "class", "action", NULL);
    }
    html_close(b, "p");
    free(m);
    app_reading *r = NULL;
    size_t n = 0;
    if (app_reading_history(&rq->ctx, tap_no, 24, &r, &n, &e) == 0 && n) {
        web_usage_chart(b, r, n);
        html_open(b, "table", "class", "list", "id", "reading-history", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">検針日</th><th scope=\"col\">区分</th><th scope=\"col\">メーター</th>"
                    "<th scope=\"col\" class=\"num\">指針</th><th scope=\"col\" class=\"num\">日数</th>"
                    "<th scope=\"col\" class=\"num\">使用水量</th><th scope=\"col\">状態</th><th scope=\"col\">備考</th>"
                    "</tr></thead><tbody>");
        for (size_t i = 0; i < n && i < 12; i++) {
            const app_reading *x = &r[i];
            static const char *const KINDS[][2] = {
                {"actual", "検針"}, {"estimated", "認定"}, {"final", "取外し"}, {"start", "取付"}};
            const char *kind = x->kind;
            for (size_t k = 0; k < 4; k++)
                if (strcmp(KINDS[k][0], x->kind) == 0)
                    kind = KINDS[k][1];
            html_open(b, "tr", NULL);
            html_open(b, "td", NULL);
            web_date(rq, rs, x->read_on);
            html_close(b, "td");
            html_elem(b, "td", kind, NULL);
            html_elem(b, "td", x->meter_no, NULL);
            html_open(b, "td", "class", "num", NULL);
            html_textf(b, "%lld", (long long)x->value);
            html_close(b, "td");
            html_open(b, "td", "class", "num", NULL);
            html_textf(b, "%lld", (long long)x->days);
            html_close(b, "td");
            html_open(b, "td", "class", "num", NULL);
            html_textf(b, "%lldm³", (long long)x->usage);
            html_close(b, "td");
            html_open(b, "td", NULL);
            html_elem(b, "span", strcmp(x->status, "held") == 0 ? "保留" : "確定", "class",
                      strcmp(x->status, "held") == 0 ? "state state-held" : "state state-active", NULL);
            html_close(b, "td");
            html_open(b, "td", NULL);
            for (int k = 0; k < RR__COUNT; k++)
                if (x->reasons & (1u << k) & ~(unsigned)RR_FIRST)
                    html_elem(b, "span", reading_reason_text(1u << k), "class", "reason", NULL);
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    } else {
        html_elem(b, "p", "検針の記録はまだありません。", "class", "empty", NULL);
    }
    free(r);
    if (app_can(&rq->ctx, PERM_READING_ENTER)) {
        char action[48];
        str_fmt(action, sizeof action, "/taps/%s/note", tap_no);
        html_open(b, "form", "method", "post", "action", action, "class", "inline", NULL);
        web_csrf_field(rq, rs);
        char note[256];
        app_reader_note_get(&rq->ctx, tap_no, note, sizeof note, &e);
        web_input(rs, "検針員へのメモ（犬・鍵箱・車の下など）", "note", note, NULL, "maxlength", "80", NULL);
        html_elem(b, "button", "メモを保存", "type", "submit", NULL);
        html_close(b, "form");
    }
    html_close(b, "section");
}

static void tap_panel(web_resp *rs, const app_karte *k, bool can_edit)
{
    buf_t *b = &rs->body;
    html_open(b, "section", "id", "tap", "class", "panel", NULL);
    html_elem(b, "h2", "水栓", NULL);
    html_open(b, "table", "class", "kv", NULL);
    char addr[512], dia[16], route[48];
    str_fmt(addr, sizeof addr, "%s%s", k->area_name, k->address);
    str_fmt(dia, sizeof dia, "%lldmm", (long long)k->diameter);
    str_fmt(route, sizeof route, "%s ／ %lld", k->route, (long long)k->route_order);
    row(b, "給水場所", addr);
    row(b, "町丁目コード", k->area_code);
    row(b, "口径", dia);
    row(b, "用途", tapinfo_label(TAPINFO_USES, k->use_code));
    row(b, "下水道", tapinfo_label(TAPINFO_SEWERS, k->sewer));
    row(b, "検針区／順路", route);
    html_open(b, "tr", NULL);
    html_elem(b, "th", "状態", "scope", "row", NULL);
    html_open(b, "td", NULL);
    char cls[48];
    str_fmt(cls, sizeof cls, "state state-%s", k->status);
    html_elem(b, "span", tapinfo_label(TAPINFO_STATUSES, k->status), "class", cls, NULL);
    html_close(b, "td");
    html_close(b, "tr");
    html_close(b, "table");
    if (can_edit) {
        char href[48];
        str_fmt(href, sizeof href, "/taps/%s/edit", k->tap_no);
        html_elem(b, "a", "水栓情報を変更", "href", href, "id", "edit-tap", "class", "action", NULL);
    }
    html_close(b, "section");
}

static void customer_panel(web_req *rq, web_resp *rs, const app_karte *k, const app_occupancy *cur, bool can_edit)
{
    buf_t *b = &rs->body;
    html_open(b, "section", "id", "customer", "class", "panel", NULL);
    html_elem(b, "h2", "現在の使用者", NULL);
    if (!cur) {
        html_elem(b, "p", "現在の使用者はいません（閉栓中）。", "class", "empty", NULL);
        html_close(b, "section");
        return;
    }
    html_open(b, "table", "class", "kv", NULL);
    row(b, "氏名", cur->who.name);
    row(b, "カナ氏名", cur->who.kana);
    row(b, "電話番号", cur->who.phone);
    char mail[512];
    if (cur->who.mail_address[0])
        str_fmt(mail, sizeof mail, "〒%s %s", cur->who.postal, cur->who.mail_address);
    else
        str_copy(mail, sizeof mail, "給水場所と同じ");
    row(b, "送付先", mail);
    html_open(b, "tr", NULL);
    html_elem(b, "th", "開栓日", "scope", "row", NULL);
    html_open(b, "td", NULL);
    web_date(rq, rs, cur->start_on);
    html_close(b, "td");
    html_close(b, "tr");
    row_class(b, "備考", cur->who.notes, "multiline");
    html_close(b, "table");
    if (can_edit) {
        char href[80];
        str_fmt(href, sizeof href, "/customers/%lld/edit?tap=%s", (long long)cur->who.customer_id, k->tap_no);
        html_elem(b, "a", "お客様情報を変更", "href", href, "id", "edit-customer", "class", "action", NULL);
    }
    html_close(b, "section");
}

static void occupancies_panel(web_req *rq, web_resp *rs, const app_karte *k)
{
    buf_t *b = &rs->body;
    html_open(b, "section", "id", "occupancies", "class", "panel wide", NULL);
    html_elem(b, "h2", "使用者の履歴", NULL);
    html_open(b, "table", "class", "list", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">使用者</th><th scope=\"col\">カナ氏名</th><th scope=\"col\">電話番号</th>"
                "<th scope=\"col\">開栓日</th><th scope=\"col\">閉栓日</th><th scope=\"col\">状態</th></tr></thead><tbody>");
    for (size_t i = 0; i < k->nocc; i++) {
        const app_occupancy *o = &k->occ[i];
        html_open(b, "tr", NULL);
        html_elem(b, "td", o->who.name, NULL);
        html_elem(b, "td", o->who.kana, NULL);
        html_elem(b, "td", o->who.phone, "class", "num", NULL);
        html_open(b, "td", NULL);
        web_date(rq, rs, o->start_on);
        html_close(b, "td");
        html_open(b, "td", NULL);
        web_date(rq, rs, o->end_on[0] ? o->end_on : NULL);
        html_close(b, "td");
        html_open(b, "td", NULL);
        html_elem(b, "span", o->end_on[0] ? "閉栓" : "使用中", "class",
                  o->end_on[0] ? "state state-closed" : "state state-active", NULL);
        html_close(b, "td");
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    html_close(b, "section");
}

/* ---- the strip: what the caller asks about, on the first screen ---------- */

/* The last payment received (not a reversal, not 未消込). */
static const app_payment *last_payment(const app_account *a)
{
    for (size_t i = 0; i < a->n; i++)
        if (a->payments[i].amount > 0 && a->payments[i].reverses == 0 && strcmp(a->payments[i].status, "posted") == 0)
            return &a->payments[i];
    return NULL;
}

static void strip_item(buf_t *b, const char *label, const char *id, const char *cls)
{
    html_open(b, "div", "class", cls ? cls : "strip-item", "id", id, NULL);
    html_elem(b, "dt", label, NULL);
    html_open(b, "dd", NULL);
}

static void strip_end(buf_t *b)
{
    html_close(b, "dd");
    html_close(b, "div");
}

/* 滞納: how long the customer's oldest overdue bill has waited, across
 * all their taps (名寄せ), with a link to their arrears page for the staff
 * who work the debts, and where this tap's debt stands on the arrears path
 * (督促前 … 給水停止中) with the next step and its day. */
static void arrears_item(web_req *rq, web_resp *rs, const char *tap_no, int64_t cur_customer)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    app_arrears_brief ab;
    if (app_arrears_brief_get(&rq->ctx, tap_no, cur_customer, &ab, &e))
        return;
    strip_item(b, "滞納", "strip-arrears", ab.bills ? "strip-item owed" : NULL);
    if (!ab.bills) {
        html_text(b, "なし");
        strip_end(b);
        return;
    }
    html_textf(b, "滞納 %dか月（最古の納期限 ", ab.age_months);
    web_date(rq, rs, ab.oldest_due);
    html_text(b, "）");
    if (ab.ntaps > 1 || ab.customer_id != cur_customer) {
        html_textf(b, " %s%lld件 ", ab.customer_id != cur_customer ? "以前の使用者の滞納 " : "他の水栓を含め ",
                   (long long)ab.bills);
        web_yen(rs, ab.amount);
    }
    if (ab.stage[0]) {   /* this tap on the arrears path, and what comes next */
        html_open(b, "span", "class", "arrears-stage", "id", "strip-arrears-stage", NULL);
        html_textf(b, "　%s", ab.stage);
        if (ab.deadline[0]) {
            html_text(b, "（指定期限 ");
            web_date(rq, rs, ab.deadline);
            html_text(b, "）");
        }
        if (ab.next[0]) {
            html_textf(b, "　次: %s ", ab.next);
            web_date(rq, rs, ab.next_on);
        }
        html_close(b, "span");
    }
    if (app_can(&rq->ctx, PERM_PAYMENT_POST)) {
        char href[48];
        str_fmt(href, sizeof href, "/arrears/customers/%lld", (long long)ab.customer_id);
        html_text(b, " ");
        html_elem(b, "a", "滞納の明細", "href", href, "id", "strip-arrears-link", NULL);
    }
    strip_end(b);
}

static void karte_strip(web_req *rq, web_resp *rs, const char *tap_no, const app_account *a,
                        const app_request *req, size_t nreq, bool mail_doubtful, int64_t cur_customer)
{
    buf_t *b = &rs->body;
    html_open(b, "section", "class", "karte-strip", "aria-label", "要点", NULL);
    html_open(b, "dl", NULL);
    web_stoppage_strip(rq, rs, tap_no);
    if (a) {
        strip_item(b, "未納額", "strip-owed", a->balance > 0 ? "strip-item owed" : NULL);
        web_yen(rs, a->balance);
        if (a->open_bills)
            html_textf(b, "（%lld件）", (long long)a->open_bills);
        strip_end(b);
        strip_item(b, "期限経過", "strip-overdue", a->overdue_bills > 0 ? "strip-item owed" : NULL);
        if (a->overdue_bills) {
            html_textf(b, "%lld件 ", (long long)a->overdue_bills);
            web_yen(rs, a->overdue);
        } else {
            html_text(b, "なし");
        }
        strip_end(b);
        arrears_item(rq, rs, tap_no, cur_customer);
        strip_item(b, "最終入金", "strip-last-payment", NULL);
        const app_payment *p = last_payment(a);
        if (p) {
            web_date(rq, rs, p->paid_on);
            html_text(b, " ");
            web_yen(rs, p->amount);
            html_textf(b, "（%s）", app_payment_channel_label(p->channel));
        } else {
            html_text(b, "入金なし");
        }
        strip_end(b);
    }
    strip_item(b, "支払方法", "strip-method", NULL);
    app_mandate *m = NULL;
    size_t nm = 0;
    err_t e;
    err_clear(&e);
    const app_mandate *active = NULL;
    if (app_mandate_list(&rq->ctx, tap_no, &m, &nm, &e) == 0)
        for (size_t i = 0; i < nm && !active; i++)
            if (strcmp(m[i].status, "active") == 0)
                active = &m[i];
    if (active)
        html_textf(b, "口座振替（%s %s %s）", active->bank_name[0] ? active->bank_name : active->bank,
                   active->branch_name[0] ? active->branch_name : active->branch, active->account_masked);
    else
        html_text(b, "納付書");
    free(m);
    strip_end(b);
    size_t open = 0;
    for (size_t i = 0; i < nreq; i++)
        open += strcmp(req[i].status, "scheduled") == 0;
    if (open) {
        strip_item(b, "受付中", "strip-requests", "strip-item notice");
        for (size_t i = 0, k = 0; i < nreq; i++) {
            if (strcmp(req[i].status, "scheduled") != 0)
                continue;
            if (k++)
                html_text(b, "、");
            html_text(b, reception_kind_label(req[i].kind));
            html_text(b, " ");
            web_date(rq, rs, req[i].effective_on);
        }
        strip_end(b);
    }
    if (mail_doubtful) {
        strip_item(b, "送付先", "strip-mail", "strip-item notice");
        html_elem(b, "a", "要確認（郵便不着）", "href", "#mail-doubtful", NULL);
        strip_end(b);
    }
    html_close(b, "dl");
    html_close(b, "section");
}

/* Every action on the tap in one menu: each opens its own screen. */
static void karte_actions(web_req *rq, web_resp *rs, const app_karte *k, const app_occupancy *cur)
{
    buf_t *b = &rs->body;
    char href[96];
    html_open(b, "nav", "class", "karte-actions", "aria-label", "このお客様への操作", NULL);
    html_open(b, "ul", NULL);
#define ACTION(label, fmt, id)                                                                                     \
    do {                                                                                                           \
        str_fmt(href, sizeof href, fmt, k->tap_no);                                                                \
        html_open(b, "li", NULL);                                                                                  \
        html_elem(b, "a", label, "href", href, "id", id, NULL);                                                    \
        html_close(b, "li");                                                                                       \
    } while (0)
    if (app_can(&rq->ctx, PERM_PAYMENT_POST)) {
        ACTION("窓口入金", "/taps/%s/counter", "act-counter");
        ACTION("口座振替", "/taps/%s/mandate", "act-mandate");
    }
    if (app_can(&rq->ctx, PERM_CUSTOMER_EDIT)) {
        if (cur) {
            ACTION("閉栓（中止）", "/taps/%s/reception?kind=stop", "act-stop");
            ACTION("名義変更", "/taps/%s/reception?kind=name_change", "act-name-change");
            ACTION("送付先変更", "/taps/%s/reception?kind=mail_address", "act-mail-address");
        } else {
            ACTION("開栓（使用開始）", "/taps/%s/reception?kind=start", "act-start");
        }
    }
    if (app_can(&rq->ctx, PERM_READING_CONFIRM))
        ACTION("認定（検針できなかったとき）", "/taps/%s/estimate", "act-estimate");
    if (app_can(&rq->ctx, PERM_CUSTOMER_EDIT))
        ACTION("対応記録", "/karte/%s#contacts", "act-contact");
#undef ACTION
    html_close(b, "ul");
    html_close(b, "nav");
}

static int karte_page(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_karte k;
    if (app_karte_get(&rq->ctx, rq->param, &k, &e))
        return web_fail(rq, rs, &e);
    char title[64];
    str_fmt(title, sizeof title, "お客様カルテ %s", k.tap_no);
    web_page_begin(rq, rs, title, NAV_RECEPTION);
    buf_t *b = &rs->body;
    bool can_edit = app_can(&rq->ctx, PERM_CUSTOMER_EDIT);
    const app_occupancy *cur = k.nocc && !k.occ[0].end_on[0] ? &k.occ[0] : NULL;

    html_open(b, "h1", NULL);
    html_textf(b, "お客様カルテ 水栓番号 %s", k.tap_no);
    if (cur) {
        html_text(b, "　");
        html_elem(b, "span", cur->who.name, "class", "h1-name", NULL);
    }
    html_close(b, "h1");

    /* Read once for the strip and the panels below. */
    app_account acct;
    bool have_acct = app_account_get(&rq->ctx, k.tap_no, &acct, &e) == 0;
    err_clear(&e);
    app_request *req = NULL;
    size_t nreq = 0;
    if (app_reception_list_tap(&rq->ctx, k.tap_no, &req, &nreq, &e)) {
        req = NULL;
        nreq = 0;
    }
    err_clear(&e);
    app_contact_state cs;
    bool have_cs = app_contact_state_get(&rq->ctx, k.tap_no, &cs, &e) == 0;
    bool doubtful = have_cs && cs.mail_doubtful_since;
    karte_strip(rq, rs, k.tap_no, have_acct ? &acct : NULL, req, nreq, doubtful, cur ? cur->who.customer_id : 0);
    karte_actions(rq, rs, &k, cur);

    html_open(b, "div", "class", "karte-grid", NULL);
    tap_panel(rs, &k, can_edit);
    customer_panel(rq, rs, &k, cur, can_edit);
    web_bills_panel(rq, rs, k.tap_no);
    web_payments_panel(rq, rs, k.tap_no, have_acct ? &acct : NULL);
    web_notices_panel(rq, rs, k.tap_no);
    web_late_charges_panel(rq, rs, k.tap_no, 0);
    web_stoppage_panel(rq, rs, k.tap_no);
    web_works_tap_panel(rq, rs, k.tap_no);
    occupancies_panel(rq, rs, &k);
    web_reception_panel(rq, rs, k.tap_no, cur != NULL, req, nreq);
    readings_panel(rq, rs, k.tap_no, can_edit);
    web_contacts_panel(rq, rs, k.tap_no, have_cs ? &cs : NULL);
    if (cur)   /* 交渉記録 of the current customer (the 収納 staff only) */
        web_negotiations_panel(rq, rs, cur->who.customer_id, false);
    html_close(b, "div");
    if (have_acct)
        app_account_free(&acct);
    app_requests_free(req, nreq);
    web_page_end(rq, rs);
    app_karte_free(&k);
    return 0;
}

/* The page's panels read in one snapshot (app_read_begin): one read
 * transaction and one SQLite page cache for its ~30 statements, instead of
 * one each, every one beginning with an empty cache after the audit writer's
 * last commit (the tap's row, its bills, the indexes' upper pages were read
 * again for each). */
int page_karte(web_req *rq, web_resp *rs)
{
    app_read_begin(&rq->ctx);
    int rc = karte_page(rq, rs);
    app_read_end(&rq->ctx);
    return rc;
}
