/* page_tariff — 料金表: the versions of each service with the one in force,
 * one version's tables, and loading a tariff file (管理者; audited). */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/html.h"
#include "domain/role.h"
#include "domain/tapinfo.h"
#include "domain/tariff.h"
#include "web/web.h"
#include "app/billing/app_tariff.h"

static void tariffs_page(web_req *rq, web_resp *rs, const err_t *fe)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    app_tariff *t = NULL;
    size_t n = 0;
    app_tariff_list(&rq->ctx, &t, &n, &e);
    web_page_begin(rq, rs, "料金表", NAV_BILLING);
    html_elem(b, "h1", "料金表", NULL);
    html_open(b, "p", NULL);
    html_elem(b, "a", "調定処理に戻る", "href", "/billing", NULL);
    html_close(b, "p");
    html_open(b, "table", "class", "list", "id", "tariffs", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">区分</th><th scope=\"col\">適用開始日</th><th scope=\"col\">名称</th>"
                "<th scope=\"col\">状態</th><th scope=\"col\">登録者</th><th scope=\"col\">登録日時</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        char href[96], at[20];
        str_fmt(href, sizeof href, "/tariffs/%s", t[i].tariff_id);
        html_open(b, "tr", NULL);
        html_elem(b, "td", strcmp(t[i].service, "water") == 0 ? "水道" : "下水道", NULL);
        html_open(b, "td", NULL);
        web_date(rq, rs, t[i].effective_from);
        html_close(b, "td");
        html_open(b, "td", NULL);
        html_elem(b, "a", t[i].name, "href", href, NULL);
        html_close(b, "td");
        html_open(b, "td", NULL);
        char today[11];
        date_format_iso(date_today_jst(), today);
        if (t[i].in_force)
            html_elem(b, "span", "適用中", "class", "state state-active", NULL);
        else if (strcmp(t[i].effective_from, today) > 0)
            html_elem(b, "span", "適用予定", "class", "state state-held", NULL);
        else
            html_elem(b, "span", "旧料金", "class", "state state-closed", NULL);
        html_close(b, "td");
        html_elem(b, "td", t[i].loaded_by, NULL);
        date_format_ts_jst(t[i].loaded_at, at);
        html_elem(b, "td", at, NULL);
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    if (n == 0)
        html_elem(b, "p", "料金表が登録されていません。調定処理の前に水道・下水道の料金表を登録してください。", "class",
                  "empty", NULL);
    free(t);
    if (app_can(&rq->ctx, PERM_TARIFF_ADMIN)) {
        html_elem(b, "h2", "料金表ファイルの登録", NULL);
        html_elem(b, "p",
                  "条例の料金表を suido-tariff/1 形式の JSON で記述したファイルを登録します（形式は docs/tariff-format.md）。"
                  "登録済みの版は変更できません。改定は新しい id と適用開始日で登録してください。",
                  "class", "note", NULL);
        html_open(b, "form", "method", "post", "action", "/tariffs", "enctype", "multipart/form-data", "id",
                  "tariff-form", NULL);
        web_csrf_field(rq, rs);
        web_form_error(rs, fe);
        html_elem(b, "label", "料金表ファイル（JSON）", "for", "f-file", NULL);
        html_open(b, "input", "type", "file", "id", "f-file", "name", "file", "accept", ".json,application/json",
                  "required", "", fe ? "aria-invalid" : NULL, "true", NULL);
        html_elem(b, "button", "検査して登録", "type", "submit", NULL);
        html_close(b, "form");
    }
    web_page_end(rq, rs);
}

int page_tariffs(web_req *rq, web_resp *rs)
{
    tariffs_page(rq, rs, NULL);
    return 0;
}

int page_tariff_load(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    char id[64];
    bool already = false;
    if (!rq->upload.data || rq->upload.len == 0)
        err_field(&e, "file", "料金表ファイルを選んでください。");
    else
        app_tariff_load(&rq->ctx, rq->upload.data, rq->upload.len, id, &already, &e);
    if (e.code) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT)
            return web_fail(rq, rs, &e);
        tariffs_page(rq, rs, &e);
        rs->status = web_status_for(e.code);
        return 0;
    }
    char msg[160];
    str_fmt(msg, sizeof msg, already ? "料金表 %s は同じ内容で登録済みです。" : "料金表 %s を登録しました。", id);
    return web_redirect(rq, rs, "/tariffs", msg);
}

static void uses_text(buf_t *b, const tariff_class *c)
{
    if (c->nuses == 0) {
        html_text(b, "すべての用途");
        return;
    }
    for (int i = 0; i < c->nuses; i++) {
        if (i)
            html_text(b, "・");
        html_text(b, tapinfo_label(TAPINFO_USES, c->uses[i]));
    }
}

/* The version's head: id, date, period, tax, rounding, partial periods. */
static void tariff_head(web_req *rq, web_resp *rs, const tariff *t)
{
    buf_t *b = &rs->body;
    html_open(b, "table", "class", "kv", NULL);
    html_raw(b, "<tr><th scope=\"row\">id</th><td>");
    html_text(b, t->id);
    html_raw(b, "</td></tr><tr><th scope=\"row\">適用開始日</th><td>");
    web_date(rq, rs, t->effective_from);
    html_raw(b, "</td></tr><tr><th scope=\"row\">料金の期間</th><td>");
    html_textf(b, "%d か月当たり", t->period_months);
    html_raw(b, "</td></tr><tr><th scope=\"row\">消費税</th><td>");
    html_textf(b, "%d%%（単価は%s）", t->tax_percent, t->prices_include_tax ? "税込" : "税抜");
    html_raw(b, "</td></tr><tr><th scope=\"row\">端数処理</th><td>");
    html_textf(b, "%d 円未満を%s（%s）", t->round_unit,
               t->round_mode == TARIFF_FLOOR ? "切捨て" : t->round_mode == TARIFF_CEIL ? "切上げ" : "四捨五入",
               t->round_per_part ? "期ごと" : "請求ごと");
    html_raw(b, "</td></tr>");
    if (t->has_partial) {
        html_raw(b, "<tr><th scope=\"row\">日割り</th><td>");
        html_textf(b, "%lld 日単位で %lld 日分に対する割合", (long long)t->partial_unit_days,
                   (long long)t->partial_period_days);
        html_raw(b, "</td></tr>");
    }
    html_close(b, "table");
}

/* A class's heading (uses, listed diameters) and its base charge. */
static void class_head(buf_t *b, const tariff_class *c)
{
    char yen[32];
    html_open(b, "h2", NULL);
    uses_text(b, c);
    if (c->diameters_listed) {
        html_text(b, "（口径 ");
        for (int k = 0; k < c->ndiameters; k++)
            html_textf(b, "%s%d", k ? "・" : "", c->diameters[k]);
        html_text(b, " mm）");
    }
    html_close(b, "h2");
    html_open(b, "p", NULL);
    html_text(b, "基本料金: ");
    if (c->base_flat) {
        tariff_fmt_price(yen, c->base_sen);
        html_textf(b, "%s 円", yen);
    }
    for (int k = 0; !c->base_flat && k < c->ndiameters; k++) {
        tariff_fmt_price(yen, c->base_by_dia[k]);
        html_textf(b, "%s%d mm %s 円", k ? "、" : "", c->diameters[k], yen);
    }
    html_textf(b, "（基本水量 %lld m³）", (long long)c->included_m3);
    html_close(b, "p");
}

static void class_bands(buf_t *b, const tariff_class *c)
{
    html_open(b, "table", "class", "list", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">水量</th><th scope=\"col\" class=\"num\">1 m³ につき</th></tr></thead><tbody>");
    long long prev = (long long)c->included_m3;
    for (int k = 0; k < c->nbands; k++) {
        const tariff_band *band = &c->bands[k];
        char yen[32];
        html_open(b, "tr", NULL);
        html_open(b, "td", NULL);
        if (band->open)
            html_textf(b, "%lld m³ を超える分", prev);
        else
            html_textf(b, "%lld m³ 超 %lld m³ まで", prev, (long long)band->up_to_m3);
        html_close(b, "td");
        html_open(b, "td", "class", "num", NULL);
        tariff_fmt_price(yen, band->sen_per_m3);
        html_textf(b, "%s 円", yen);
        html_close(b, "td");
        html_close(b, "tr");
        if (!band->open)
            prev = (long long)band->up_to_m3;
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
}

int page_tariff(web_req *rq, web_resp *rs)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    tariff *t = NULL;
    if (app_tariff_get(&rq->ctx, rq->param, &t, &e))
        return web_fail(rq, rs, &e);
    web_page_begin(rq, rs, t->name, NAV_BILLING);
    html_elem(b, "h1", t->name, NULL);
    html_open(b, "p", NULL);
    html_elem(b, "a", "料金表の一覧", "href", "/tariffs", NULL);
    html_close(b, "p");
    tariff_head(rq, rs, t);
    for (int i = 0; i < t->nclasses; i++) {
        html_open(b, "section", "class", "panel wide", NULL);
        class_head(b, &t->classes[i]);
        class_bands(b, &t->classes[i]);
        html_close(b, "section");
    }
    app_tariff_free(t);
    web_page_end(rq, rs);
    return 0;
}
