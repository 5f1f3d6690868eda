/* page_works_new — 工事申込の受付 (issue 18 item 2): the new-application
 * form (type, date, contractor and chief engineer, owner and applicant,
 * place, diameters, dwellings, meters, use, consents).  「照合・試算」 posts
 * the form back to itself and shows it again with the taps whose
 * registered place the typed one names (to pick from) and the fees of the
 * table in force on the date; 「受け付ける」 enters it (one-time token
 * "works-new") and goes to the application's page, or shows the form again
 * with what was typed and the field at fault (400).  Thin: the rules are in
 * app/works/app_works_application.c. */
#include "web/web.h"
#include "web/web_form.h"
#include "web/works/works_nav.h"

#include <stdlib.h>
#include <string.h>

#include "app/works/app_works_application.h"
#include "base/date.h"
#include "base/html.h"
#include "domain/role.h"
#include "domain/tapinfo.h"
#include "report/works_application_csv.h"

#define MAX_CANDIDATES 20

/* The form's value of name: what was typed (after a post), else def. */
static const char *field(const web_req *rq, bool posted, const char *name, const char *def)
{
    return posted ? web_form_or(rq, name) : def;
}

static void diameter_select(web_resp *rs, const char *label, const char *name, const char *sel, const err_t *fe)
{
    const char *codes[16], *labels[16];
    char vals[16][8];
    size_t n = 0;
    codes[n] = "";
    labels[n++] = "選択してください";
    for (size_t i = 0; TAPINFO_DIAMETERS[i] && n < 16; i++, n++) {
        str_fmt(vals[n], sizeof vals[n], "%d", TAPINFO_DIAMETERS[i]);
        codes[n] = vals[n];
        labels[n] = vals[n];
    }
    web_select(rs, label, name, sel, codes, labels, n, fe);
}

static void fieldset_open(buf_t *b, const char *legend)
{
    html_open(b, "fieldset", NULL);
    html_elem(b, "legend", legend, NULL);
}

static void kind_fields(web_req *rq, web_resp *rs, bool posted, const err_t *fe)
{
    buf_t *b = &rs->body;
    char today[11];
    date_format_iso(date_today_jst(), today);
    fieldset_open(b, "申込");
    web_works_enum_select(rs, "申込種別", "type", field(rq, posted, "type", ""), WORKS_NTYPES, web_works_type_code,
                          works_application_type_label, "選択してください", fe);
    web_input(rs, "申込日", "received_on", field(rq, posted, "received_on", today), fe, "type", "date", "required", "",
              NULL);
    app_works_choice *cs = NULL, *es = NULL;
    size_t nc = 0, ne = 0;
    err_t ce;
    err_clear(&ce);
    app_works_choices(&rq->ctx, false, &cs, &nc, &es, &ne, &ce);
    web_works_choice_select(rs, "指定給水装置工事事業者", "contractor_id", field(rq, posted, "contractor_id", ""), cs, nc,
                            "選択してください", fe);
    web_works_choice_select(rs, "給水装置工事主任技術者", "engineer_id", field(rq, posted, "engineer_id", ""), es, ne,
                            "選択してください", fe);
    free(cs);
    free(es);
    html_close(b, "fieldset");
}

static void person_fields(web_req *rq, web_resp *rs, bool posted, const err_t *fe)
{
    buf_t *b = &rs->body;
    fieldset_open(b, "所有者・申込者");
    web_input(rs, "所有者の氏名", "owner_name", field(rq, posted, "owner_name", ""), fe, "required", "", "maxlength", "60",
              "autocomplete", "off", NULL);
    web_input(rs, "所有者のフリガナ（カナ）", "owner_kana", field(rq, posted, "owner_kana", ""), fe, "maxlength", "60",
              "autocomplete", "off", NULL);
    web_input(rs, "所有者の電話番号", "owner_phone", field(rq, posted, "owner_phone", ""), fe, "type", "tel",
              "autocomplete", "off", NULL);
    web_input(rs, "申込者の氏名", "applicant_name", field(rq, posted, "applicant_name", ""), fe, "required", "",
              "maxlength", "60", "autocomplete", "off", NULL);
    web_input(rs, "申込者の電話番号", "applicant_phone", field(rq, posted, "applicant_phone", ""), fe, "type", "tel",
              "required", "", "autocomplete", "off", NULL);
    html_close(b, "fieldset");
}

static void place_fields(web_req *rq, web_resp *rs, bool posted, const err_t *fe)
{
    buf_t *b = &rs->body;
    fieldset_open(b, "給水場所");
    web_works_area_select(rq, rs, "町丁目", "area_code", field(rq, posted, "area_code", ""), "選択してください", fe);
    web_input(rs, "番地以降", "address", field(rq, posted, "address", ""), fe, "required", "", "maxlength", "200",
              "autocomplete", "off", "placeholder", "1-2-3", NULL);
    html_open(b, "div", "data-shown-for", "f-type:remodel removal new branch", NULL);
    web_input(rs, "既設の水栓番号（改造・撤去は必須）", "tap_no", field(rq, posted, "tap_no", ""), fe, "inputmode",
              "numeric", "maxlength", "8", "autocomplete", "off", NULL);
    html_close(b, "div");
    html_close(b, "fieldset");
}

static void size_fields(web_req *rq, web_resp *rs, bool posted, const err_t *fe)
{
    buf_t *b = &rs->body;
    fieldset_open(b, "口径・メーター・用途");
    diameter_select(rs, "口径（mm）（特団は1戸の口径）", "diameter", field(rq, posted, "diameter", ""), fe);
    html_open(b, "div", "data-shown-for", "f-type:remodel", NULL);
    diameter_select(rs, "改造前の口径（mm）（改造のみ）", "old_diameter", field(rq, posted, "old_diameter", ""), fe);
    html_close(b, "div");
    html_open(b, "div", "data-shown-for", "f-type:complex", NULL);
    web_input(rs, "戸数（特団のみ）", "dwellings", field(rq, posted, "dwellings", ""), fe, "inputmode", "numeric",
              "size", "5", NULL);
    bool bad = fe && fe->code && strcmp(fe->field, "dwelling_labels") == 0;
    html_open(b, "div", "class", bad ? "field invalid" : "field", NULL);
    html_elem(b, "label", "部屋番号（1行に1戸、省略すると1から番号）", "for", "f-dwelling_labels", NULL);
    html_elem(b, "textarea", field(rq, posted, "dwelling_labels", ""), "id", "f-dwelling_labels", "name",
              "dwelling_labels", "rows", "4", "aria-invalid", bad ? "true" : NULL, "aria-describedby",
              bad ? "form-error" : NULL, NULL);
    html_close(b, "div");
    web_input(rs, "各戸の口径（mm）（部屋番号の順に、空欄は全戸が上の口径）", "dwelling_diameters",
              field(rq, posted, "dwelling_diameters", ""), fe, "inputmode", "numeric", "placeholder", "20, 20, 25",
              NULL);
    html_close(b, "div");
    web_input(rs, "メーター個数", "meter_count", field(rq, posted, "meter_count", ""), fe, "inputmode", "numeric", "size",
              "5", NULL);
    web_input(rs, "メーター設置場所", "meter_place", field(rq, posted, "meter_place", ""), fe, "maxlength", "30", NULL);
    size_t nu = 0;
    while (TAPINFO_USES[nu].code)
        nu++;
    const char **uc = calloc(nu + 1, sizeof *uc), **ul = calloc(nu + 1, sizeof *ul);
    if (uc && ul) {
        uc[0] = "";
        ul[0] = "選択してください";
        for (size_t i = 0; i < nu; i++) {
            uc[i + 1] = TAPINFO_USES[i].code;
            ul[i + 1] = TAPINFO_USES[i].label;
        }
        web_select(rs, "用途", "use_code", field(rq, posted, "use_code", "household"), (const char *const *)uc,
                   (const char *const *)ul, nu + 1, fe);
    }
    free(uc);
    free(ul);
    html_close(b, "fieldset");
    fieldset_open(b, "承諾・同意（ある場合はその日付）");
    web_input(rs, "土地所有者の承諾日", "consent_land_on", field(rq, posted, "consent_land_on", ""), fe, "type", "date",
              NULL);
    web_input(rs, "家屋所有者の承諾日", "consent_house_on", field(rq, posted, "consent_house_on", ""), fe, "type", "date",
              NULL);
    web_input(rs, "利害関係人の同意日", "consent_party_on", field(rq, posted, "consent_party_on", ""), fe, "type", "date",
              NULL);
    html_close(b, "fieldset");
}

/* The taps whose registered place the typed one names, to pick from. */
static void candidates(web_req *rq, web_resp *rs)
{
    buf_t *b = &rs->body;
    app_works_candidate *c = calloc(MAX_CANDIDATES, sizeof *c);
    size_t n = 0;
    err_t e;
    err_clear(&e);
    html_open(b, "section", "class", "panel wide", "id", "wn-candidates", "aria-label", "既設水栓の照合", NULL);
    html_elem(b, "h2", "既設水栓の照合", NULL);
    if (!c || app_works_match_place(&rq->ctx, web_form_or(rq, "area_code"), web_form_or(rq, "address"), c,
                                    MAX_CANDIDATES, &n, &e) != 0) {
        html_elem(b, "p", e.user[0] ? e.user : "照合できませんでした。", "class", "empty", NULL);
    } else if (n == 0) {
        html_elem(b, "p", "この給水場所に登録された水栓はありません（新設なら空欄のまま受け付けます）。", "class", "empty",
                  "id", "wn-no-candidates", NULL);
    } else {
        html_open(b, "fieldset", NULL);
        html_elem(b, "legend", "この給水場所の水栓（選ぶと既設の水栓番号になります）", NULL);
        const char *typed = web_form_or(rq, "tap_no");
        if (!*typed)
            typed = web_form_or(rq, "tap_pick");
        for (size_t i = 0; i < n; i++) {
            char id[32], text[700];
            str_fmt(id, sizeof id, "wn-tap-%s", c[i].tap_no);
            str_fmt(text, sizeof text, "%s　%s　%lld mm（%s）", c[i].tap_no, c[i].place, (long long)c[i].diameter,
                    tapinfo_label(TAPINFO_STATUSES, c[i].status));
            html_open(b, "div", "class", "choice", NULL);
            html_open(b, "input", "type", "radio", "name", "tap_pick", "id", id, "value", c[i].tap_no, "checked",
                      strcmp(typed, c[i].tap_no) == 0 ? "" : NULL, NULL);
            html_elem(b, "label", text, "for", id, NULL);
            html_close(b, "div");
        }
        html_close(b, "fieldset");
    }
    free(c);
    html_close(b, "section");
}

/* The fees of the table in force on the date, as far as the form tells. */
static void quote_panel(web_req *rq, web_resp *rs)
{
    buf_t *b = &rs->body;
    works_fee_quote *q = calloc(1, sizeof *q);
    err_t e;
    err_clear(&e);
    html_open(b, "section", "class", "panel wide", "id", "wn-quote", "aria-label", "加入金・手数料の試算", NULL);
    html_elem(b, "h2", "加入金・手数料の試算", NULL);
    const char *type = web_form_or(rq, "type");
    if (!q || app_works_quote(&rq->ctx, type, web_form_or(rq, "diameter"),
                              strcmp(type, "remodel") == 0 ? web_form_or(rq, "old_diameter") : "",
                              strcmp(type, "complex") == 0 ? web_form_or(rq, "dwellings") : "",
                              strcmp(type, "complex") == 0 ? web_form_or(rq, "dwelling_diameters") : "",
                              web_form_or(rq, "received_on"), q, &e) != 0) {
        html_elem(b, "p", e.user[0] ? e.user : "試算できませんでした。", "class", "empty", "id", "wn-quote-error", NULL);
    } else {
        html_open(b, "table", "class", "list", NULL);
        html_elem(b, "caption", q->table->name, NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">項目</th><th scope=\"col\">納付の期限</th>"
                    "<th scope=\"col\" class=\"num\">金額</th></tr></thead><tbody>");
        const works_fee_line *lines[WORKS_FEE_MAX_FEES + 1];
        int nl = 0;
        if (q->kanyukin.yen > 0)
            lines[nl++] = &q->kanyukin;
        for (int i = 0; i < q->nfees; i++)
            lines[nl++] = &q->fees[i];
        for (int i = 0; i < nl; i++) {
            html_open(b, "tr", NULL);
            html_elem(b, "td", lines[i]->name, NULL);
            html_elem(b, "td", lines[i]->due == WORKS_DUE_APPROVAL ? "承認の前" : "着工の前", NULL);
            html_open(b, "td", "class", "num", NULL);
            web_yen(rs, lines[i]->yen);
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody><tfoot><tr><th scope=\"row\" colspan=\"2\">合計</th><td class=\"num\" id=\"wn-quote-total\">");
        web_yen(rs, q->total);
        html_raw(b, "</td></tr></tfoot>");
        html_close(b, "table");
    }
    free(q);
    html_close(b, "section");
}

static void new_form_page(web_req *rq, web_resp *rs, bool posted, bool preview, const err_t *fe)
{
    web_page_begin(rq, rs, "工事申込の受付", NAV_WORKS);
    buf_t *b = &rs->body;
    web_works_subnav(rq, rs, "/works/new");
    html_elem(b, "h1", "工事申込の受付", NULL);
    html_open(b, "form", "method", "post", "action", "/works/new", "class", "grid", "id", "works-new-form", NULL);
    web_csrf_field(rq, rs);
    web_form_token_field(rq, rs, "works-new");
    web_form_error(rs, fe);
    kind_fields(rq, rs, posted, fe);
    person_fields(rq, rs, posted, fe);
    place_fields(rq, rs, posted, fe);
    if (preview)
        candidates(rq, rs);
    size_fields(rq, rs, posted, fe);
    if (preview)
        quote_panel(rq, rs);
    html_open(b, "div", "class", "buttons", NULL);
    html_elem(b, "button", "照合・試算", "type", "submit", "name", "preview", "value", "1", "id", "wn-preview",
              "formnovalidate", "", NULL);
    html_elem(b, "button", "申込を受け付ける", "type", "submit", "id", "wn-submit", NULL);
    html_elem(b, "a", "受け付けずに戻る (Esc)", "href", "/works", "class", "cancel", NULL);
    html_close(b, "div");
    html_close(b, "form");
    web_page_end(rq, rs);
}

int page_works_new_form(web_req *rq, web_resp *rs)
{
    new_form_page(rq, rs, false, false, NULL);
    return 0;
}

int page_works_new_submit(web_req *rq, web_resp *rs)
{
    if (web_form(rq, "preview")) {
        new_form_page(rq, rs, true, true, NULL);
        return 0;
    }
    const char *tap = web_form_or(rq, "tap_no");
    if (!*tap)
        tap = web_form_or(rq, "tap_pick");
    app_works_input in = {
        web_form(rq, "type"), web_form(rq, "received_on"), web_form(rq, "contractor_id"), web_form(rq, "engineer_id"),
        web_form(rq, "owner_name"), web_form(rq, "owner_phone"), web_form(rq, "applicant_name"),
        web_form(rq, "applicant_phone"), web_form(rq, "area_code"), web_form(rq, "address"), tap,
        web_form(rq, "diameter"), web_form(rq, "old_diameter"), web_form(rq, "dwellings"), web_form(rq, "meter_count"),
        web_form(rq, "meter_place"), web_form(rq, "use_code"), web_form(rq, "consent_land_on"),
        web_form(rq, "consent_house_on"), web_form(rq, "consent_party_on"), web_form(rq, "dwelling_labels"),
        web_form(rq, "dwelling_diameters"), web_form(rq, "owner_kana")};
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    app_form once;
    web_form_bind(rq, &once, "works-new");
    int rc = app_works_create(&rq->ctx, &in, &id, &e);
    rq->ctx.form = NULL;
    if (rc) {
        if (e.code != ERR_INVALID)
            return web_fail(rq, rs, &e);
        new_form_page(rq, rs, true, true, &e);
        rs->status = 400;
        return 0;
    }
    char loc[48];
    str_fmt(loc, sizeof loc, "/works/%lld", (long long)id);
    return web_redirect(rq, rs, loc,
                        once.replayed ? "この申込は受付済みです（同じ画面からの再送信は受け付けていません）。"
                                      : "工事申込を受け付けました。加入金・手数料はこの画面のとおりです。");
}
