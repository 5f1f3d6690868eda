/* page_bill — a bill (調定) and "why this amount" (料金の内訳), the bills
 * panel of the お客様カルテ, and requests for a correction (更正) or a leak
 * reduction (漏水減免), which a 係長 approves on 承認依頼. */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/html.h"
#include "domain/bill_lines.h"
#include "domain/role.h"
#include "domain/sewer_basis.h"
#include "domain/slipcode.h"
#include "domain/tapinfo.h"
#include "web/web.h"
#include "app/arrears/app_writeoff.h"
#include "app/billing/app_bill.h"
#include "app/reading/app_reading.h"

static const char *sewer_label(const char *op)
{
    return tapinfo_label(TAPINFO_SEWERS, op);
}

static void yen_cell(web_resp *rs, long long v)
{
    html_open(&rs->body, "td", "class", "num", NULL);
    web_yen(rs, v);
    html_close(&rs->body, "td");
}

static void m3_cell(buf_t *b, long long v)
{
    html_open(b, "td", "class", "num", NULL);
    html_textf(b, "%lld m³", v);
    html_close(b, "td");
}

static void state_badge(buf_t *b, const app_bill *x)
{
    bool cur = strcmp(x->status, "current") == 0;
    html_elem(b, "span", cur ? "有効" : "取消（更正済）", "class", cur ? "state state-active" : "state state-closed", NULL);
    if (x->estimated)
        html_elem(b, "span", "認定", "class", "reason", NULL);
    if (strcmp(x->kind, "final") == 0)
        html_elem(b, "span", "中止精算", "class", "reason", NULL);
    if (x->replaces)
        html_elem(b, "span", "更正後", "class", "reason", NULL);
    if (x->adjust_yen)
        html_elem(b, "span", "減免", "class", "reason", NULL);
}

/* 中止精算: the stop date and the final dial. */
static void final_form(web_req *rq, web_resp *rs, const char *tap_no, const err_t *fe)
{
    buf_t *b = &rs->body;
    char action[48];
    str_fmt(action, sizeof action, "/taps/%s/final", tap_no);
    html_open(b, "details", "id", "final", fe ? "open" : NULL, "", NULL);
    html_elem(b, "summary", "中止精算（閉栓時の精算調定）", NULL);
    html_open(b, "form", "method", "post", "action", action, "class", "inline", "id", "final-form", NULL);
    web_csrf_field(rq, rs);
    web_form_error(rs, fe);
    char today[11];
    date_format_iso(date_today_jst(), today);
    web_input(rs, "中止日", "stop_on", fe ? web_form_or(rq, "stop_on") : today, fe, "type", "date", "required", "", NULL);
    web_input(rs, "中止時の指針", "value", fe ? web_form_or(rq, "value") : "", fe, "required", "", "inputmode", "numeric",
              "pattern", "[0-9]*", "autocomplete", "off", NULL);
    html_elem(b, "button", "精算する", "type", "submit", NULL);
    html_close(b, "form");
    html_close(b, "details");
}

/* 汚水量の認定: the basis of the sewer volume and a cycle's deduction. */
static void sewer_form(web_req *rq, web_resp *rs, const char *tap_no, const err_t *fe)
{
    buf_t *b = &rs->body;
    char basis[12] = "water";
    int64_t persons = 0;
    err_t e;
    err_clear(&e);
    app_sewer_basis_get(&rq->ctx, tap_no, basis, &persons, &e);
    char action[48], pers[16], cycle[8];
    str_fmt(action, sizeof action, "/taps/%s/sewer", tap_no);
    str_fmt(pers, sizeof pers, "%lld", (long long)persons);
    app_cycle_today(cycle);
    html_open(b, "details", "id", "sewer", fe ? "open" : NULL, "", NULL);
    int bs = sewer_basis_parse(basis);
    html_elem(b, "summary", bs == SEWER_BASIS_DEDUCT ? "下水道の汚水量（減量認定）"
                            : bs == SEWER_BASIS_WELL ? "下水道の汚水量（井戸水の認定）"
                                                     : "下水道の汚水量（水道メーターによる）",
              NULL);
    html_open(b, "form", "method", "post", "action", action, "class", "inline", "id", "sewer-form", NULL);
    web_csrf_field(rq, rs);
    web_form_error(rs, fe);
    const char *codes[SEWER_BASIS__MAX], *labels[SEWER_BASIS__MAX];
    for (int i = 0; i < SEWER_BASIS__MAX; i++) {
        codes[i] = sewer_basis_code(i);
        labels[i] = sewer_basis_label(i);
    }
    web_select(rs, "汚水量の算定", "basis", fe ? web_form_or(rq, "basis") : basis, codes, labels, SEWER_BASIS__MAX, fe);
    web_input(rs, "井戸水の使用人数", "persons", fe ? web_form_or(rq, "persons") : pers, fe, "inputmode", "numeric", NULL);
    web_input(rs, "減量水量の周期", "cycle", fe ? web_form_or(rq, "cycle") : cycle, fe, "pattern", "[0-9]{4}-[0-9]{2}",
              NULL);
    web_input(rs, "減量水量（m³・減量のとき）", "m3", fe ? web_form_or(rq, "m3") : "", fe, "inputmode", "numeric", NULL);
    html_elem(b, "button", "保存", "type", "submit", NULL);
    html_close(b, "form");
    html_close(b, "details");
}

void web_bills_panel(web_req *rq, web_resp *rs, const char *tap_no)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    app_bill *r = NULL;
    size_t n = 0;
    html_open(b, "section", "id", "bills", "class", "panel wide", NULL);
    html_elem(b, "h2", "調定履歴", NULL);
    if (app_can(&rq->ctx, PERM_CUSTOMER_EDIT)) {
        final_form(rq, rs, tap_no, NULL);
        sewer_form(rq, rs, tap_no, NULL);
    }
    if (app_bill_list_tap(&rq->ctx, tap_no, 24, &r, &n, &e) != 0 || n == 0) {
        html_elem(b, "p", "調定はまだありません。", "class", "empty", NULL);
        html_close(b, "section");
        free(r);
        return;
    }
    /* The last six periods; the rest on asking (?bills=all).  What is owed stands out. */
    const char *which = web_query(rq, "bills");
    bool all = which && strcmp(which, "all") == 0;
    size_t shown = all || n <= 6 ? n : 6;
    char today[11];
    date_format_iso(date_today_jst(), today);
    html_open(b, "table", "class", "list", "id", "bill-history", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">検針周期</th><th scope=\"col\">期間</th>"
                "<th scope=\"col\" class=\"num\">使用水量</th><th scope=\"col\" class=\"num\">水道料金</th>"
                "<th scope=\"col\" class=\"num\">下水道使用料</th><th scope=\"col\" class=\"num\">減免等</th>"
                "<th scope=\"col\" class=\"num\">請求額</th><th scope=\"col\" class=\"num\">未納額</th>"
                "<th scope=\"col\">納期限</th><th scope=\"col\">状態</th>"
                "</tr></thead><tbody>");
    app_writeoff_of_bill *wo = NULL;   /* 不納欠損: no longer owed, still shown */
    size_t nwo = 0;
    err_t we;
    err_clear(&we);
    app_writeoff_of_tap(&rq->ctx, tap_no, &wo, &nwo, &we);
    for (size_t i = 0; i < shown; i++) {
        const app_bill *x = &r[i];
        char href[48];
        str_fmt(href, sizeof href, "/bills/%lld", (long long)x->id);
        const app_writeoff_of_bill *w = NULL;
        for (size_t j = 0; j < nwo && !w; j++)
            if (wo[j].bill_id == x->id)
                w = &wo[j];
        bool owed = x->balance_yen > 0 && strcmp(x->status, "current") == 0 && !w;
        html_open(b, "tr", "class", !owed ? NULL : strcmp(x->due_on, today) < 0 ? "unpaid overdue" : "unpaid", NULL);
        html_open(b, "td", NULL);
        html_elem(b, "a", x->cycle, "href", href, NULL);
        html_close(b, "td");
        html_open(b, "td", NULL);
        web_date(rq, rs, x->period_from);
        html_text(b, "〜");
        web_date(rq, rs, x->period_to);
        html_close(b, "td");
        m3_cell(b, x->usage);
        yen_cell(rs, x->water_yen);
        yen_cell(rs, x->sewer_yen);
        yen_cell(rs, x->adjust_yen);
        yen_cell(rs, x->total_yen);
        yen_cell(rs, x->balance_yen);
        html_open(b, "td", NULL);
        web_date(rq, rs, x->due_on);
        html_close(b, "td");
        html_open(b, "td", NULL);
        state_badge(b, x);
        if (w) {
            char label[64], wid[32];
            str_fmt(label, sizeof label, "不納欠損（%s）", w->reason_label);
            str_fmt(wid, sizeof wid, "bill-wo-%lld", (long long)x->id);
            html_elem(b, "span", label, "class", "reason", "id", wid, NULL);
        }
        html_close(b, "td");
        html_close(b, "tr");
    }
    free(wo);
    html_raw(b, "</tbody>");
    html_close(b, "table");
    if (shown < n) {
        char href[64];
        str_fmt(href, sizeof href, "/karte/%s?bills=all#bills", tap_no);
        html_open(b, "p", "class", "more", NULL);
        html_elem(b, "a", "すべて表示", "href", href, "id", "bills-all", NULL);
        html_textf(b, "（全 %zu 件%s）", n, n >= 24 ? "・直近24件まで" : "");
        html_close(b, "p");
    }
    html_close(b, "section");
    app_bill_list_free(r, n);
}

static const char *line_label(const char *kind)
{
    return strcmp(kind, "base") == 0 ? "基本料金" : strcmp(kind, "band") == 0 ? "従量料金"
         : strcmp(kind, "tax") == 0 ? "消費税等" : strcmp(kind, "tax_included") == 0 ? "（うち消費税等・内税）"
         : strcmp(kind, "rounding") == 0 ? "端数処理" : kind;
}

/* An amount as the lines write it ("11000.00", "-3.40") as staff read it:
 * "11,000 円", "-3.40 円" (decimals only when there are any). */
static void yen_text(buf_t *b, const char *dec)
{
    const char *dot = strchr(dec, '.');
    char whole[32];
    size_t wl = dot ? (size_t)(dot - dec) : strlen(dec);
    if (wl >= sizeof whole)
        wl = sizeof whole - 1;
    memcpy(whole, dec, wl);
    whole[wl] = '\0';
    long long v = 0;
    bool zero_frac = !dot || strspn(dot + 1, "0") == strlen(dot + 1);
    if (!str_to_i64(whole, &v)) {
        html_textf(b, "%s 円", dec);
        return;
    }
    char t[32];
    str_thousands(v, t);
    if (zero_frac)
        html_textf(b, "%s 円", strcmp(whole, "-0") == 0 ? "0" : t);
    else
        html_textf(b, "%s%s%s 円", v == 0 && whole[0] == '-' ? "-" : "", t, dot);
}

/* One priced line of a group's table; included_m3: the volume the base
 * charge covers (基本水量), "" when none. */
static void line_row(buf_t *b, const bill_line *l, const char *included_m3)
{
    html_open(b, "tr", NULL);
    html_open(b, "td", NULL);
    html_text(b, line_label(l->kind));
    if (l->part)
        html_textf(b, "（第%lld期）", (long long)l->part);
    if (strcmp(l->kind, "base") == 0 && !*included_m3)
        html_elem(b, "span", "（使用水量にかかわらず定額）", "class", "base-note", NULL);
    html_close(b, "td");
    html_open(b, "td", NULL);
    if (strcmp(l->kind, "band") == 0)
        html_textf(b, "%s m³ 超 %s%s", l->from, l->to, *l->to ? " m³ まで" : "");
    else if (strcmp(l->kind, "base") == 0 && *included_m3)
        html_textf(b, "基本水量 %s m³ まで（基本料金に含む）", included_m3);
    html_close(b, "td");
    html_open(b, "td", "class", "num", NULL);
    if (*l->m3)
        html_textf(b, "%s m³", l->m3);
    html_close(b, "td");
    html_open(b, "td", "class", "num", NULL);
    if (*l->unit)
        yen_text(b, l->unit);
    html_close(b, "td");
    html_open(b, "td", "class", "num", NULL);
    yen_text(b, l->amount);
    html_close(b, "td");
    html_close(b, "tr");
}

/* One service's priced lines: the "why this amount" table. */
static void group_table(web_resp *rs, const app_bill *x, const bill_line_group *g)
{
    buf_t *b = &rs->body;
    const char *tid = g->tariff;
    const char *tname = strcmp(tid, x->water_tariff) == 0 && x->water_tariff_name[0]   ? x->water_tariff_name
                      : strcmp(tid, x->sewer_tariff) == 0 && x->sewer_tariff_name[0] ? x->sewer_tariff_name
                                                                                     : tid;
    bool included = false;
    for (size_t i = 0; i < g->nlines; i++)
        included = included || strcmp(g->lines[i].kind, "tax_included") == 0;
    html_open(b, "section", "class", "why", NULL);
    html_open(b, "h3", NULL);
    html_text(b, strcmp(g->svc, "water") == 0 ? "水道料金" : "下水道使用料");
    html_text(b, "（");
    char href[96];
    str_fmt(href, sizeof href, "/tariffs/%s", tid);
    html_elem(b, "a", tname, "href", href, NULL);
    html_text(b, "）");
    html_close(b, "h3");
    html_open(b, "p", "class", "note", NULL);
    html_textf(b, "%lld m³ を %lld か月分で計算", (long long)g->m3, (long long)x->months);
    if (g->days)
        html_textf(b, "（使用日数 %lld 日の日割り）", (long long)g->days);
    if (g->shared && g->diameter)
        html_textf(b, "。期間を料金表・口径で日割り: 口径 %lld mm・この料金表で %lld 日 / %lld 日 分", (long long)g->diameter,
                   (long long)g->share_days, (long long)g->of_days);
    else if (g->shared)
        html_textf(b, "。料金改定をまたぐため、この料金表は %lld 日 / %lld 日 分", (long long)g->share_days,
                   (long long)g->of_days);
    html_text(b, included ? "。単価は税込。" : "。単価は税抜、消費税等を加算。");
    html_close(b, "p");
    html_open(b, "table", "class", "list why-lines", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">項目</th><th scope=\"col\">水量の区分</th>"
                "<th scope=\"col\" class=\"num\">水量</th><th scope=\"col\" class=\"num\">単価</th>"
                "<th scope=\"col\" class=\"num\">金額</th></tr></thead><tbody>");
    /* 基本水量: where the first band starts (the volume the base charge covers) */
    const char *base_m3 = NULL;
    for (size_t i = 0; i < g->nlines && !base_m3; i++)
        if (strcmp(g->lines[i].kind, "band") == 0)
            base_m3 = g->lines[i].from;
    if (!base_m3 || strcmp(base_m3, "0") == 0)
        base_m3 = "";
    for (size_t i = 0; i < g->nlines; i++)
        line_row(b, &g->lines[i], base_m3);
    html_raw(b, "</tbody><tfoot><tr><th scope=\"row\" colspan=\"4\">計（円未満の端数処理後）</th>");
    yen_cell(rs, g->total);
    html_raw(b, "</tr></tfoot>");
    html_close(b, "table");
    html_close(b, "section");
}

static void why_view(web_req *rq, web_resp *rs, const app_bill *x)
{
    (void)rq;
    buf_t *b = &rs->body;
    bill_line_group *gs = NULL;
    size_t n = 0;
    bill_lines_parse(x->lines, &gs, &n);   /* unreadable lines show no groups */
    html_open(b, "section", "id", "why", "class", "panel wide", NULL);
    html_elem(b, "h2", "なぜこの金額か（料金の内訳）", NULL);
    for (size_t i = 0; i < n; i++) {
        const bill_line_group *g = &gs[i];
        if (strcmp(g->svc, "adjust") == 0) {
            html_open(b, "p", "class", "adjust", NULL);
            html_textf(b, "漏水減免: 減免水量 %lld m³（水道 %lld m³・下水道 %lld m³ で再計算）→ ", (long long)g->m3,
                       (long long)g->water_m3, (long long)g->sewer_m3);
            web_yen(rs, g->total);
            html_close(b, "p");
        } else if (strcmp(g->kind, "prorate") == 0) {
            html_open(b, "p", NULL);
            html_textf(b, "%s: 各期間の額を日数で按分した額（円未満切捨て） ",
                       strcmp(g->svc, "water") == 0 ? "水道料金" : "下水道使用料");
            web_yen(rs, g->total);
            html_close(b, "p");
        } else {
            group_table(rs, x, g);
        }
    }
    bill_lines_free(gs, n);
    html_open(b, "table", "class", "kv", "id", "bill-total", NULL);
    const struct { const char *label; long long v; } T[] = {
        {"水道料金", x->water_yen}, {"下水道使用料", x->sewer_yen}, {"減免等", x->adjust_yen},
        {"うち消費税等", x->tax_yen}, {"請求額", x->total_yen},
    };
    for (size_t k = 0; k < sizeof T / sizeof T[0]; k++) {
        if (k == 2 && !x->adjust_yen)
            continue;
        html_open(b, "tr", NULL);
        html_elem(b, "th", T[k].label, "scope", "row", NULL);
        yen_cell(rs, T[k].v);
        html_close(b, "tr");
    }
    html_close(b, "table");
    html_close(b, "section");
}

static void kv_text(buf_t *b, const char *k, const char *v)
{
    html_open(b, "tr", NULL);
    html_elem(b, "th", k, "scope", "row", NULL);
    html_elem(b, "td", v, NULL);
    html_close(b, "tr");
}

static void bill_page(web_req *rq, web_resp *rs, const app_bill *x, const err_t *fe, const char *form)
{
    buf_t *b = &rs->body;
    char title[64];
    str_fmt(title, sizeof title, "調定 %s（水栓 %s）", x->cycle, x->tap_no);
    web_page_begin(rq, rs, title, NAV_BILLING);
    html_open(b, "p", "class", "crumbs", NULL);
    char href[64];
    str_fmt(href, sizeof href, "/karte/%s", x->tap_no);
    html_elem(b, "a", "お客様カルテに戻る", "href", href, NULL);
    html_close(b, "p");
    html_open(b, "h1", NULL);
    html_textf(b, "調定 %s 周期", x->cycle);
    html_close(b, "h1");
    html_open(b, "div", "class", "karte", NULL);
    html_open(b, "section", "class", "panel", "id", "bill-head", NULL);
    html_elem(b, "h2", "調定の内容", NULL);
    html_open(b, "p", NULL);
    state_badge(b, x);
    html_close(b, "p");
    if (strcmp(x->status, "current") == 0 && slipcode_payable(x->balance_yen)) {
        char slip[48];
        str_fmt(slip, sizeof slip, "/bills/%lld/slip.pdf", (long long)x->id);
        html_open(b, "div", "class", "actions", NULL);
        html_elem(b, "a", "納付書（PDF）", "href", slip, "id", "slip-link", NULL);
        if (app_can(&rq->ctx, PERM_CUSTOMER_EDIT)) {
            char re[48];
            str_fmt(re, sizeof re, "/bills/%lld/slip-reissue", (long long)x->id);
            html_open(b, "form", "method", "post", "action", re, "class", "inline", "id", "slip-reissue", NULL);
            web_csrf_field(rq, rs);
            html_elem(b, "button", "納付書を再発行", "type", "submit", NULL);
            html_close(b, "form");
        }
        html_close(b, "div");
    }
    html_open(b, "table", "class", "kv", NULL);
    kv_text(b, "水栓番号", x->tap_no);
    kv_text(b, "使用者", x->customer_name);
    html_open(b, "tr", NULL);
    html_elem(b, "th", "使用期間", "scope", "row", NULL);
    html_open(b, "td", NULL);
    web_date(rq, rs, x->period_from);
    html_text(b, "〜");
    web_date(rq, rs, x->period_to);
    html_textf(b, "（%lld 日）", (long long)x->days);
    html_close(b, "td");
    html_close(b, "tr");
    char v[96];
    str_fmt(v, sizeof v, "%s・%lld mm", tapinfo_label(TAPINFO_USES, x->use_code), (long long)x->diameter);
    kv_text(b, "用途・口径", v);
    str_fmt(v, sizeof v, "%lld m³%s", (long long)x->usage, x->estimated ? "（認定水量）" : "");
    kv_text(b, "使用水量", v);
    str_fmt(v, sizeof v, "%s（汚水量 %lld m³%s）", sewer_label(x->sewer_operator), (long long)x->sewer_usage,
            strcmp(x->sewer_operator, "self") == 0 || strcmp(x->sewer_operator, "none") == 0 ? ""
                                                                                              : "・使用料は各団体が賦課");
    kv_text(b, "下水道", strcmp(x->sewer_operator, "none") == 0 ? "下水道なし" : v);
    html_open(b, "tr", NULL);
    html_elem(b, "th", "調定日・納期限", "scope", "row", NULL);
    html_open(b, "td", NULL);
    web_date(rq, rs, x->issued_on);
    html_text(b, "・");
    web_date(rq, rs, x->due_on);
    html_close(b, "td");
    html_close(b, "tr");
    str_fmt(v, sizeof v, "%s%s%s", x->water_tariff, x->sewer_tariff[0] ? "、" : "", x->sewer_tariff);
    kv_text(b, "適用料金表", v);
    if (x->replaces) {
        html_open(b, "tr", NULL);
        html_elem(b, "th", "更正", "scope", "row", NULL);
        html_open(b, "td", NULL);
        str_fmt(href, sizeof href, "/bills/%lld", (long long)x->replaces);
        html_elem(b, "a", "更正前の調定", "href", href, NULL);
        html_text(b, " ");
        web_yen(rs, x->replaced_total);
        html_text(b, " → ");
        web_yen(rs, x->total_yen);
        html_text(b, "（差額 ");
        web_yen(rs, x->total_yen - x->replaced_total);
        html_textf(b, "）理由: %s", x->reason);
        html_close(b, "td");
        html_close(b, "tr");
    }
    if (x->replaced_by) {
        html_open(b, "tr", NULL);
        html_elem(b, "th", "更正後", "scope", "row", NULL);
        html_open(b, "td", NULL);
        html_text(b, "この調定は取り消され、");
        str_fmt(href, sizeof href, "/bills/%lld", (long long)x->replaced_by);
        char label[48];
        str_fmt(label, sizeof label, "調定 %lld", (long long)x->replaced_by);
        html_elem(b, "a", label, "href", href, "id", "replaced-by", NULL);
        html_text(b, " に置き換えられました。");
        html_close(b, "td");
        html_close(b, "tr");
    }
    if (strcmp(x->status, "current") == 0) {
        html_open(b, "tr", NULL);
        html_elem(b, "th", "収納済・残額", "scope", "row", NULL);
        html_open(b, "td", NULL);
        web_yen(rs, x->paid_yen);
        html_text(b, "・");
        web_yen(rs, x->balance_yen);
        if (x->balance_yen < 0)
            html_text(b, "（過誤納: 還付または充当が必要）");
        html_close(b, "td");
        html_close(b, "tr");
    }
    html_close(b, "table");
    html_close(b, "section");
    why_view(rq, rs, x);
    if (strcmp(x->status, "current") == 0)   /* a cancelled bill's claims live on in its replacement */
        web_bill_limitation_panel(rq, rs, x->id, NULL);

    if (strcmp(x->status, "current") == 0 && app_can(&rq->ctx, PERM_BILL_CORRECT)) {
        html_open(b, "section", "class", "panel", "id", "bill-requests", NULL);
        html_elem(b, "h2", "更正・減免の申請", NULL);
        html_elem(b, "p", "申請は係長の承認で確定します（申請者本人は承認できません）。更正後も元の調定は履歴に残ります。",
                  "class", "note", NULL);
        char action[48];
        str_fmt(action, sizeof action, "/bills/%lld", (long long)x->id);
        const err_t *ce = form && strcmp(form, "correct") == 0 ? fe : NULL;
        const err_t *le = form && strcmp(form, "leak") == 0 ? fe : NULL;
        html_open(b, "form", "method", "post", "action", action, "id", "correct-form", NULL);
        web_csrf_field(rq, rs);
        html_open(b, "input", "type", "hidden", "name", "action", "value", "correct", NULL);
        web_form_error(rs, ce);
        web_input(rs, "正しい使用水量（m³・空欄は水量を変えずに現在の用途・口径で再計算）", "usage",
                  ce ? web_form_or(rq, "usage") : "", ce, "inputmode", "numeric", "pattern", "[0-9]*", NULL);
        web_input(rs, "更正の理由", "reason", ce ? web_form_or(rq, "reason") : "", ce, "required", "", "maxlength",
                  "160", NULL);
        html_elem(b, "button", "更正を申請", "type", "submit", NULL);
        html_close(b, "form");
        html_open(b, "form", "method", "post", "action", action, "id", "leak-form", NULL);
        web_csrf_field(rq, rs);
        html_open(b, "input", "type", "hidden", "name", "action", "value", "leak", NULL);
        web_form_error(rs, le);
        web_input(rs, "減免水量（m³・空欄は前年同期を超えた分の2分の1）", "leak_m3", le ? web_form_or(rq, "leak_m3") : "",
                  le, "inputmode", "numeric", "pattern", "[0-9]*", NULL);
        web_input(rs, "漏水の状況（修理業者・修理日など）", "reason", le ? web_form_or(rq, "reason") : "", le, "required",
                  "", "maxlength", "160", NULL);
        html_elem(b, "button", "漏水減免を申請", "type", "submit", NULL);
        html_close(b, "form");
        html_close(b, "section");
    }
    html_close(b, "div");
    web_page_end(rq, rs);
}

int page_bill(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    app_bill x;
    if (!web_path_id(rq, rs, "調定が見つかりません。", &id))
        return 0;
    if (app_bill_get(&rq->ctx, id, &x, &e))
        return web_fail(rq, rs, &e);
    bill_page(rq, rs, &x, NULL, NULL);
    app_bill_free(&x);
    return 0;
}

/* Optional non-negative integer field; -1 when blank; false when malformed. */
static bool opt_m3(const char *s, long long *out)
{
    *out = -1;
    if (!s || !*s)
        return true;
    return str_to_i64(s, out) && *out >= 0 && *out <= 9999999;
}

int page_bill_request(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    if (!web_path_id(rq, rs, "調定が見つかりません。", &id))
        return 0;
    const char *action = web_form_or(rq, "action");
    bool leak = strcmp(action, "leak") == 0;
    long long v;
    int64_t approval = 0;
    int rc;
    if (!opt_m3(web_form(rq, leak ? "leak_m3" : "usage"), &v))
        rc = err_field(&e, leak ? "leak_m3" : "usage", "水量は 0〜9,999,999 の整数（m³）で入力してください。");
    else if (leak)
        rc = app_bill_request_leak(&rq->ctx, id, v < 0 ? 0 : v, web_form_or(rq, "reason"), &approval, &e);
    else
        rc = app_bill_request_correction(&rq->ctx, id, v, web_form_or(rq, "reason"), &approval, &e);
    if (rc) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT)
            return web_fail(rq, rs, &e);
        app_bill x;
        err_t e2;
        err_clear(&e2);
        if (app_bill_get(&rq->ctx, id, &x, &e2))
            return web_fail(rq, rs, &e2);
        bill_page(rq, rs, &x, &e, leak ? "leak" : "correct");
        rs->status = web_status_for(e.code);
        app_bill_free(&x);
        return 0;
    }
    char to[48], msg[160];
    str_fmt(to, sizeof to, "/bills/%lld", (long long)id);
    str_fmt(msg, sizeof msg, "%sを申請しました（承認依頼 %lld 番）。係長の承認で確定します。", leak ? "漏水減免" : "更正",
            (long long)approval);
    return web_redirect(rq, rs, to, msg);
}

int page_bill_final(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_final_result r;
    const char *tap_no = rq->param;
    int rc = app_bill_final(&rq->ctx, tap_no, web_form_or(rq, "stop_on"), web_form_or(rq, "value"), NULL, &r, &e);
    if (!rc && r.reading.status == READING_REFUSED)
        rc = err_field(&e, "value", "%s", r.reading.message);
    if (rc) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT)
            return web_fail(rq, rs, &e);
        web_page_begin(rq, rs, "中止精算", NAV_RECEPTION);
        html_open(&rs->body, "h1", NULL);
        html_textf(&rs->body, "中止精算（水栓 %s）", tap_no);
        html_close(&rs->body, "h1");
        final_form(rq, rs, tap_no, &e);
        web_page_end(rq, rs);
        rs->status = web_status_for(e.code);
        return 0;
    }
    char to[48], msg[200];
    if (r.reading.status == READING_HELD) {
        str_fmt(to, sizeof to, "/karte/%s", tap_no);
        str_fmt(msg, sizeof msg, "指針（使用水量 %lld m³）が保留になりました。確認後、同じ指針で再度精算してください。",
                (long long)r.reading.usage);
        return web_redirect(rq, rs, to, msg);
    }
    str_fmt(to, sizeof to, "/bills/%lld", (long long)r.bill_id);
    str_fmt(msg, sizeof msg, "中止精算の調定を作成しました（%lld m³、請求額 %lld 円）。", (long long)r.reading.usage,
            (long long)r.total_yen);
    return web_redirect(rq, rs, to, msg);
}

int page_tap_sewer(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    const char *tap_no = rq->param;
    const char *basis = web_form_or(rq, "basis");
    int rc = app_sewer_basis_set(&rq->ctx, tap_no, basis, web_form_or(rq, "persons"), &e);
    if (!rc && strcmp(basis, "deduct") == 0 && *web_form_or(rq, "m3"))
        rc = app_sewer_deduction_set(&rq->ctx, tap_no, web_form_or(rq, "cycle"), web_form_or(rq, "m3"), &e);
    if (rc) {
        if (e.code != ERR_INVALID)
            return web_fail(rq, rs, &e);
        web_page_begin(rq, rs, "下水道の汚水量", NAV_RECEPTION);
        html_open(&rs->body, "h1", NULL);
        html_textf(&rs->body, "下水道の汚水量（水栓 %s）", tap_no);
        html_close(&rs->body, "h1");
        sewer_form(rq, rs, tap_no, &e);
        web_page_end(rq, rs);
        rs->status = web_status_for(e.code);
        return 0;
    }
    char to[48];
    str_fmt(to, sizeof to, "/karte/%s", tap_no);
    return web_redirect(rq, rs, to, "下水道の汚水量の算定を保存しました。次の調定から適用されます。");
}
