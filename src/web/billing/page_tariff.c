/* page_tariff — 料金表: the versions of each service with the one in force,
 * one version's tables, and loading a tariff file (管理者; audited). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/html.h"
#include "domain/role.h"
#include "domain/tapinfo.h"
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

static const char *jstr(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static void uses_text(buf_t *b, json_t *use)
{
    if (json_is_string(use)) {
        const char *u = json_string_value(use);
        html_text(b, strcmp(u, "*") == 0 ? "すべての用途" : tapinfo_label(TAPINFO_USES, u));
        return;
    }
    size_t i;
    json_t *v;
    json_array_foreach(use, i, v) {
        if (i)
            html_text(b, "・");
        html_text(b, tapinfo_label(TAPINFO_USES, json_string_value(v)));
    }
}

int page_tariff(web_req *rq, web_resp *rs)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    char *body = NULL;
    if (app_tariff_body(&rq->ctx, rq->param, &body, &e))
        return web_fail(rq, rs, &e);
    json_error_t je;
    json_t *t = json_loads(body, 0, &je);
    web_page_begin(rq, rs, jstr(t, "name"), NAV_BILLING);
    html_elem(b, "h1", jstr(t, "name"), NULL);
    html_open(b, "p", NULL);
    html_elem(b, "a", "料金表の一覧", "href", "/tariffs", NULL);
    html_close(b, "p");
    html_open(b, "table", "class", "kv", NULL);
    html_raw(b, "<tr><th scope=\"row\">id</th><td>");
    html_text(b, jstr(t, "id"));
    html_raw(b, "</td></tr><tr><th scope=\"row\">適用開始日</th><td>");
    web_date(rq, rs, jstr(t, "effective_from"));
    html_raw(b, "</td></tr><tr><th scope=\"row\">料金の期間</th><td>");
    html_textf(b, "%lld か月当たり", (long long)json_integer_value(json_object_get(t, "period_months")));
    html_raw(b, "</td></tr><tr><th scope=\"row\">消費税</th><td>");
    html_textf(b, "%lld%%（単価は%s）", (long long)json_integer_value(json_object_get(t, "tax_percent")),
               json_is_true(json_object_get(t, "prices_include_tax")) ? "税込" : "税抜");
    json_t *rd = json_object_get(t, "rounding");
    html_raw(b, "</td></tr><tr><th scope=\"row\">端数処理</th><td>");
    const char *mode = jstr(rd, "mode");
    html_textf(b, "%lld 円未満を%s（%s）", (long long)json_integer_value(json_object_get(rd, "unit_yen")),
               strcmp(mode, "floor") == 0 ? "切捨て" : strcmp(mode, "ceil") == 0 ? "切上げ" : "四捨五入",
               strcmp(jstr(rd, "scope"), "part") == 0 ? "期ごと" : "請求ごと");
    html_raw(b, "</td></tr>");
    json_t *pp = json_object_get(t, "partial_period");
    if (pp) {
        html_raw(b, "<tr><th scope=\"row\">日割り</th><td>");
        html_textf(b, "%lld 日単位で %lld 日分に対する割合", (long long)json_integer_value(json_object_get(pp, "unit_days")),
                   (long long)json_integer_value(json_object_get(pp, "period_days")));
        html_raw(b, "</td></tr>");
    }
    html_close(b, "table");
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(t, "classes"), i, c) {
        html_open(b, "section", "class", "panel wide", NULL);
        html_open(b, "h2", NULL);
        uses_text(b, json_object_get(c, "use"));
        json_t *dias = json_object_get(c, "diameters");
        if (dias) {
            html_text(b, "（口径 ");
            size_t k;
            json_t *d;
            json_array_foreach(dias, k, d) html_textf(b, "%s%lld", k ? "・" : "", (long long)json_integer_value(d));
            html_text(b, " mm）");
        }
        html_close(b, "h2");
        html_open(b, "p", NULL);
        json_t *base = json_object_get(c, "base");
        html_text(b, "基本料金: ");
        if (json_is_string(base)) {
            html_textf(b, "%s 円", json_string_value(base));
        } else {
            const char *k;
            json_t *v;
            bool first = true;
            json_object_foreach(base, k, v) {
                html_textf(b, "%s%s mm %s 円", first ? "" : "、", k, json_string_value(v));
                first = false;
            }
        }
        html_textf(b, "（基本水量 %lld m³）", (long long)json_integer_value(json_object_get(c, "included_m3")));
        html_close(b, "p");
        html_open(b, "table", "class", "list", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">水量</th><th scope=\"col\" class=\"num\">1 m³ につき</th></tr></thead><tbody>");
        long long prev = (long long)json_integer_value(json_object_get(c, "included_m3"));
        size_t k;
        json_t *band;
        json_array_foreach(json_object_get(c, "bands"), k, band) {
            json_t *up = json_object_get(band, "up_to_m3");
            html_open(b, "tr", NULL);
            html_open(b, "td", NULL);
            if (json_is_null(up) || !up)
                html_textf(b, "%lld m³ を超える分", prev);
            else
                html_textf(b, "%lld m³ 超 %lld m³ まで", prev, (long long)json_integer_value(up));
            html_close(b, "td");
            html_open(b, "td", "class", "num", NULL);
            html_textf(b, "%s 円", jstr(band, "yen_per_m3"));
            html_close(b, "td");
            html_close(b, "tr");
            if (json_is_integer(up))
                prev = (long long)json_integer_value(up);
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
        html_close(b, "section");
    }
    json_decref(t);
    free(body);
    web_page_end(rq, rs);
    return 0;
}
