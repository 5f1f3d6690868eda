/* page_works_show — one works application (issue 18 items 2 and 4): its
 * details, the dwellings of a 特団, the charges with what is paid, the
 * attachments (upload: PDF/PNG/JPEG decided by the content; download only
 * with PERM_WORKS_VIEW, as an attachment), the trail of steps, and a form
 * for each step the user may take now (承認 and 取消 after a confirmation
 * page).  Thin: the rules are in app/works/app_works_application.c and
 * domain/works/works_progress.c. */
#include "web/web.h"
#include "web/works/works_nav.h"

#include <stdlib.h>
#include <string.h>

#include "app/works/app_works_application.h"
#include "app/works/app_works_attachment.h"
#include "app/works/app_works_handover.h"
#include "base/date.h"
#include "base/html.h"
#include "domain/role.h"
#include "domain/tapinfo.h"
#include "report/works_application_csv.h"

static void kv_row(buf_t *b, const char *th, const char *td, const char *id)
{
    html_open(b, "tr", NULL);
    html_elem(b, "th", th, "scope", "row", NULL);
    html_elem(b, "td", td && *td ? td : "—", "id", id, NULL);
    html_close(b, "tr");
}

static void kv_date(web_req *rq, web_resp *rs, const char *th, const char *iso)
{
    buf_t *b = &rs->body;
    html_open(b, "tr", NULL);
    html_elem(b, "th", th, "scope", "row", NULL);
    html_open(b, "td", NULL);
    if (iso && *iso)
        web_date(rq, rs, iso);
    else
        html_text(b, "—");
    html_close(b, "td");
    html_close(b, "tr");
}

static void details(web_req *rq, web_resp *rs, const app_works_application *a)
{
    buf_t *b = &rs->body;
    char s[640];
    html_open(b, "section", "class", "panel", "id", "wa-details", NULL);
    html_elem(b, "h2", "申込の内容", NULL);
    html_open(b, "table", "class", "kv", NULL);
    kv_row(b, "申込種別", works_application_type_label(a->type), "wa-type");
    kv_date(rq, rs, "申込日", a->received_on);
    str_fmt(s, sizeof s, "%s（免状 %s）", a->contractor_name, a->engineer_licence[0] ? a->engineer_licence : "—");
    kv_row(b, "指定工事事業者（主任技術者）", s, "wa-contractor");
    str_fmt(s, sizeof s, "%s%s%s%s　%s", a->owner_name, a->owner_kana[0] ? "（" : "", a->owner_kana,
            a->owner_kana[0] ? "）" : "", a->owner_phone);
    kv_row(b, "所有者", s, "wa-owner");
    str_fmt(s, sizeof s, "%s　%s", a->applicant_name, a->applicant_phone);
    kv_row(b, "申込者", s, "wa-applicant");
    str_fmt(s, sizeof s, "%s%s", a->area_name, a->address);
    kv_row(b, "給水場所", s, "wa-place");
    /* a 新設 or 私補 names its tap once completed (the tap it became) */
    const char *tap_th = a->type == WORKS_NEW || a->type == WORKS_BRANCH ? "水栓番号" : "既設の水栓番号";
    if (a->tap_no[0] && app_can(&rq->ctx, PERM_CUSTOMER_VIEW)) {   /* the tap's カルテ, for those who read it */
        char href[48];
        str_fmt(href, sizeof href, "/karte/%s", a->tap_no);
        html_open(b, "tr", NULL);
        html_elem(b, "th", tap_th, "scope", "row", NULL);
        html_open(b, "td", "id", "wa-tap", NULL);
        html_elem(b, "a", a->tap_no, "href", href, NULL);
        html_close(b, "td");
        html_close(b, "tr");
    } else {
        kv_row(b, tap_th, a->tap_no, "wa-tap");
    }
    if (a->type == WORKS_REMODEL)
        str_fmt(s, sizeof s, "%lld mm → %lld mm", (long long)a->old_diameter, (long long)a->diameter);
    else if (a->type == WORKS_COMPLEX)
        str_fmt(s, sizeof s, "%lld mm × %lld 戸", (long long)a->diameter, (long long)a->dwellings);
    else
        str_fmt(s, sizeof s, "%lld mm", (long long)a->diameter);
    kv_row(b, "口径", s, "wa-diameter");
    str_fmt(s, sizeof s, "%lld個%s%s", (long long)a->meter_count, a->meter_place[0] ? "　" : "", a->meter_place);
    kv_row(b, "メーター", s, "wa-meter");
    kv_row(b, "用途", tapinfo_label(TAPINFO_USES, a->use_code), "wa-use");
    kv_date(rq, rs, "土地所有者の承諾", a->consent_land_on);
    kv_date(rq, rs, "家屋所有者の承諾", a->consent_house_on);
    kv_date(rq, rs, "利害関係人の同意", a->consent_party_on);
    kv_row(b, "受付者", a->entered_by, "wa-entered-by");
    if (a->status == WORKS_ST_CANCELLED)
        kv_row(b, "取消の理由", a->cancel_reason, "wa-cancel-reason");
    html_close(b, "table");
    if (a->ndwelling_rows) {
        html_open(b, "table", "class", "list", "id", "wa-dwellings", NULL);
        html_elem(b, "caption", "特団の各戸", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">戸</th><th scope=\"col\" class=\"num\">口径（mm）</th>"
                    "<th scope=\"col\">水栓番号</th></tr></thead><tbody>");
        bool karte = app_can(&rq->ctx, PERM_CUSTOMER_VIEW);
        for (size_t i = 0; i < a->ndwelling_rows; i++) {
            const app_works_dwelling *d = &a->dwelling_rows[i];
            html_open(b, "tr", NULL);
            html_elem(b, "td", d->label, NULL);
            html_open(b, "td", "class", "num", NULL);
            html_textf(b, "%lld", (long long)d->diameter);
            html_close(b, "td");
            html_open(b, "td", NULL);
            if (d->tap_no[0] && karte) {
                char href[48];
                str_fmt(href, sizeof href, "/karte/%s", d->tap_no);
                html_elem(b, "a", d->tap_no, "href", href, NULL);
            } else {
                html_text(b, d->tap_no[0] ? d->tap_no : "—");
            }
            html_close(b, "td");
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
    }
    html_close(b, "section");
}

static void yen_cell(web_resp *rs, long long v, const char *id)
{
    html_open(&rs->body, "td", "class", "num", "id", id, NULL);
    web_yen(rs, v);
    html_close(&rs->body, "td");
}

static void charges(web_resp *rs, const app_works_application *a)
{
    buf_t *b = &rs->body;
    html_open(b, "section", "class", "panel", "id", "wa-charges", NULL);
    html_elem(b, "h2", "加入金・手数料", NULL);
    if (a->ncharges == 0) {
        html_elem(b, "p", "この申込に加入金・手数料はありません。", "class", "empty", NULL);
        html_close(b, "section");
        return;
    }
    size_t nt = 0;
    const works_fee_table *t = app_works_fee_tables(&nt);
    const char *caption = a->fee_table;
    for (size_t i = 0; i < nt; i++)
        if (strcmp(t[i].id, a->fee_table) == 0)
            caption = t[i].name;
    html_open(b, "table", "class", "list", NULL);
    html_elem(b, "caption", caption, NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">項目</th><th scope=\"col\">納付の期限</th><th scope=\"col\" class=\"num\">金額</th>"
                "<th scope=\"col\" class=\"num\">納付済</th><th scope=\"col\">状態</th></tr></thead><tbody>");
    for (size_t i = 0; i < a->ncharges; i++) {
        const app_works_charge *c = &a->charges[i];
        char id[48];
        bool again = false;   /* a 追徴 of a code charged before: its own id */
        for (size_t k = 0; k < i; k++)
            again = again || strcmp(a->charges[k].code, c->code) == 0;
        if (again)
            str_fmt(id, sizeof id, "wa-charge-%s-%zu", c->code, i + 1);
        else
            str_fmt(id, sizeof id, "wa-charge-%s", c->code);
        html_open(b, "tr", "id", id, NULL);
        html_elem(b, "td", c->name, NULL);
        html_elem(b, "td", c->due == WORKS_DUE_APPROVAL ? "承認の前" : "着工の前", NULL);
        yen_cell(rs, c->yen, NULL);
        yen_cell(rs, c->paid_yen, NULL);
        html_open(b, "td", NULL);
        bool paid = c->paid_yen >= c->yen;
        html_elem(b, "span", paid ? "納付済" : "未納", "class", paid ? "state state-active" : "state state-overdue", NULL);
        html_close(b, "td");
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    html_close(b, "section");
}

static void trail(web_req *rq, web_resp *rs, const app_works_application *a)
{
    buf_t *b = &rs->body;
    html_open(b, "section", "class", "panel", "id", "wa-steps", NULL);
    html_elem(b, "h2", "進捗の記録", NULL);
    html_open(b, "table", "class", "list", "id", "wa-trail", NULL);
    html_elem(b, "caption", "手続きの履歴（古い順）", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">日付</th><th scope=\"col\">手続き</th><th scope=\"col\">結果</th>"
                "<th scope=\"col\">状態</th><th scope=\"col\">担当</th><th scope=\"col\">備考</th></tr></thead><tbody>");
    for (size_t i = 0; i < a->nsteps; i++) {
        const app_works_step_item *s = &a->steps[i];
        html_open(b, "tr", NULL);
        html_open(b, "td", "class", "nowrap", NULL);
        web_date(rq, rs, s->on);
        html_close(b, "td");
        html_elem(b, "td", works_step_label(s->step), NULL);
        html_elem(b, "td", s->result ? works_result_label(s->result) : "—", NULL);
        html_elem(b, "td", works_status_label(s->status), NULL);
        html_elem(b, "td", s->by, NULL);
        html_elem(b, "td", s->note[0] ? s->note : "—", NULL);
        html_close(b, "tr");
    }
    html_raw(b, "</tbody>");
    html_close(b, "table");
    html_close(b, "section");
}

/* One meter's inputs of the inspection form (suffix "" or "_<dwelling>"). */
static void meter_inputs(web_req *rq, web_resp *rs, const char *suffix, int64_t diameter, bool again, bool with_old,
                         bool with_new, const err_t *fe)
{
    static const char *const BASE[] = {"meter_no", "meter_maker", "meter_diameter", "meter_digits", "meter_reading"};
    static const char *const LABEL[] = {"メーター番号", "メーカー", "口径（mm）", "桁数", "取付指針"};
    char dia[16];
    str_fmt(dia, sizeof dia, "%lld", (long long)diameter);
    const char *defaults[] = {"", "", dia, "4", ""};
    for (size_t i = 0; with_new && i < sizeof BASE / sizeof BASE[0]; i++) {
        char name[40];
        str_fmt(name, sizeof name, "%s%s", BASE[i], suffix);
        const char *v = again ? web_form_or(rq, name) : defaults[i];
        if (i == 0)
            web_input(rs, LABEL[i], name, v, fe, "autocomplete", "off", "pattern", "[0-9A-Z-]{4,20}", NULL);
        else if (i == 1)
            web_input(rs, LABEL[i], name, v, fe, "maxlength", "30", NULL);
        else
            web_input(rs, LABEL[i], name, v, fe, "inputmode", "numeric", NULL);
    }
    if (with_old) {
        char name[40];
        str_fmt(name, sizeof name, "old_final%s", suffix);
        web_input(rs, with_new ? "取り外したメーターの指針" : "撤去時指針", name, again ? web_form_or(rq, name) : "", fe,
                  "inputmode", "numeric", NULL);
    }
}

/* A 特団改造's dwellings (app_works_handover_plan): what each asks for. */
static bool block_fieldsets(web_req *rq, web_resp *rs, const app_works_application *a, bool again, const err_t *fe)
{
    app_works_block_dwelling *p = NULL;
    size_t np = 0;
    err_t e = {0};
    if (app_works_handover_plan(&rq->ctx, a->id, &p, &np, &e) || !np) {
        free(p);
        return false;
    }
    buf_t *b = &rs->body;
    html_elem(b, "p", "部屋番号で既存の棟と照合しています。口径が変わる部屋は新しいメーターと取り外したメーターの指針を、なくなる部屋は撤去時指針を入力します。",
              "class", "hint", NULL);
    for (size_t i = 0; i < np; i++) {
        const app_works_block_dwelling *d = &p[i];
        char suffix[24], legend[160];
        str_fmt(suffix, sizeof suffix, "_%lld", (long long)d->no);
        if (d->kind == APP_WORKS_DW_NEW)
            str_fmt(legend, sizeof legend, "%s（新設 %lld mm）", d->label, (long long)d->diameter);
        else if (d->kind == APP_WORKS_DW_CLOSE)
            str_fmt(legend, sizeof legend, "%s（撤去 水栓 %s）", d->label, d->tap_no);
        else if (d->kind == APP_WORKS_DW_CHANGE)
            str_fmt(legend, sizeof legend, "%s（水栓 %s 口径 %lld → %lld mm）", d->label, d->tap_no,
                    (long long)d->old_diameter, (long long)d->diameter);
        else
            str_fmt(legend, sizeof legend, "%s（水栓 %s そのまま %lld mm）", d->label, d->tap_no, (long long)d->diameter);
        html_open(b, "fieldset", NULL);
        html_elem(b, "legend", legend, NULL);
        meter_inputs(rq, rs, suffix, d->diameter, again, d->kind != APP_WORKS_DW_NEW && d->has_meter,
                     d->kind != APP_WORKS_DW_CLOSE, fe);
        html_close(b, "fieldset");
    }
    free(p);
    return true;
}

/* The inspection form's meters: what a pass records for the hand-over
 * (app_works_handover.h) — one, one per dwelling, the old meter's dial. */
static void meter_fieldset(web_req *rq, web_resp *rs, const app_works_application *a, bool again, const err_t *fe)
{
    buf_t *b = &rs->body;
    html_open(b, "fieldset", "class", "wa-meters", NULL);
    html_elem(b, "legend", "設置したメーター（合格のときに記録）", NULL);
    if (a->type == WORKS_COMPLEX && a->tap_no[0] && block_fieldsets(rq, rs, a, again, fe)) {
        /* a 特団改造 */
    } else if (a->type == WORKS_COMPLEX) {
        for (size_t i = 0; i < a->ndwelling_rows; i++) {
            const app_works_dwelling *d = &a->dwelling_rows[i];
            char suffix[24], legend[96];
            str_fmt(suffix, sizeof suffix, "_%lld", (long long)d->no);
            str_fmt(legend, sizeof legend, "%s（%lld mm）", d->label, (long long)d->diameter);
            html_open(b, "fieldset", NULL);
            html_elem(b, "legend", legend, NULL);
            meter_inputs(rq, rs, suffix, d->diameter, again, false, true, fe);
            html_close(b, "fieldset");
        }
    } else {
        bool remodel = a->type == WORKS_REMODEL, removal = a->type == WORKS_REMOVAL;
        if (remodel)
            html_elem(b, "p", "口径が変わるときは新しいメーターを、変わらずメーターも替えないときは空のままにします。", "class",
                      "hint", NULL);
        meter_inputs(rq, rs, "", a->diameter, again, remodel || removal, !removal, fe);
    }
    html_close(b, "fieldset");
}

/* The form of one step: its date, a result for the inspections, a reason
 * for 取消 (confirmed: the confirmation page's fields, hidden). */
static void step_form(web_req *rq, web_resp *rs, const app_works_application *a, int step, bool confirmed,
                      const err_t *fe)
{
    buf_t *b = &rs->body;
    char action[48], id[48], today[11];
    str_fmt(action, sizeof action, "/works/%lld/step", (long long)a->id);
    str_fmt(id, sizeof id, "wa-step-%s", works_step_code(step));
    date_format_iso(date_today_jst(), today);
    html_open(b, "form", "method", "post", "action", action, "class", "inline-form", "id", id, NULL);
    web_csrf_field(rq, rs);
    html_open(b, "input", "type", "hidden", "name", "step", "value", works_step_code(step), NULL);
    bool again = fe != NULL || confirmed;
    if (confirmed) {
        html_open(b, "input", "type", "hidden", "name", "confirm", "value", "1", NULL);
        html_open(b, "input", "type", "hidden", "name", "on", "value", web_form_or(rq, "on"), NULL);
        if (works_step_takes_reason(step))
            html_open(b, "input", "type", "hidden", "name", "reason", "value", web_form_or(rq, "reason"), NULL);
    } else {
        char label[64];
        str_fmt(label, sizeof label, "%sの日付", works_step_label(step));
        web_input(rs, label, "on", again ? web_form_or(rq, "on") : today, fe, "type", "date", "required", "", NULL);
        if (works_step_takes_result(step)) {
            static const char *const RC[] = {"", "pass", "fail"}, *const RL[] = {"選択してください", "合格", "不合格"};
            web_select(rs, "検査の結果", "result", again ? web_form_or(rq, "result") : "", RC, RL, 3, fe);
            meter_fieldset(rq, rs, a, again, fe);
        }
        if (works_step_takes_reason(step))
            web_input(rs, "取消の理由", "reason", again ? web_form_or(rq, "reason") : "", fe, "maxlength", "200",
                      "required", "", NULL);
    }
    char button[64];
    bool confirm_first = (step == WORKS_STEP_APPROVE || step == WORKS_STEP_CANCEL) && !confirmed;
    str_fmt(button, sizeof button, confirm_first ? "%sする（確認へ）" : "%sを記録する", works_step_label(step));
    if (confirmed)
        str_fmt(button, sizeof button, "%sを確定する", works_step_label(step));
    html_elem(b, "button", button, "type", "submit", NULL);
    html_close(b, "form");
}

static void actions(web_req *rq, web_resp *rs, const app_works_application *a, const err_t *fe, int fe_step)
{
    buf_t *b = &rs->body;
    int steps[WORKS_NSTEPS];
    size_t n = works_steps_from(a->status, steps);
    size_t shown = 0;
    html_open(b, "section", "class", "panel", "id", "wa-actions", NULL);
    html_elem(b, "h2", "次の手続き", NULL);
    if (fe)
        web_form_error(rs, fe);
    for (size_t i = 0; i < n; i++) {
        if (!app_can(&rq->ctx, works_step_perm(steps[i])))
            continue;
        step_form(rq, rs, a, steps[i], false, steps[i] == fe_step ? fe : NULL);
        shown++;
    }
    if (n == 0)
        html_elem(b, "p", a->status == WORKS_ST_COMPLETED
                              ? "この申込は完了し、水栓台帳・受付へ引き継がれています（水栓番号からカルテを開けます）。"
                              : "この申込は取り消されています。",
                  "class", "empty", NULL);
    else if (shown == 0)
        html_elem(b, "p", "次の手続きをする権限がありません。", "class", "empty", NULL);
    html_close(b, "section");
}

static void attachments(web_req *rq, web_resp *rs, const app_works_application *a, const err_t *fe)
{
    buf_t *b = &rs->body;
    html_open(b, "section", "class", "panel", "id", "wa-attachments", NULL);
    html_elem(b, "h2", "添付ファイル（図面など）", NULL);
    if (a->nattachments == 0) {
        html_elem(b, "p", "添付ファイルはありません。", "class", "empty", NULL);
    } else {
        html_open(b, "ul", "id", "wa-attachment-list", NULL);
        for (size_t i = 0; i < a->nattachments; i++) {
            const app_works_attachment *x = &a->attachments[i];
            char href[64], when[20];
            str_fmt(href, sizeof href, "/works/attachments/%lld", (long long)x->id);
            date_format_ts_jst(x->at, when);
            html_open(b, "li", NULL);
            html_elem(b, "a", x->name, "href", href, NULL);
            html_textf(b, "（%s、%lld KB、%s %s）", x->content_type, (long long)((x->size + 1023) / 1024), when, x->by);
            html_close(b, "li");
        }
        html_close(b, "ul");
    }
    if (app_can(&rq->ctx, PERM_WORKS)) {
        char action[48];
        str_fmt(action, sizeof action, "/works/%lld/attachments", (long long)a->id);
        html_open(b, "form", "method", "post", "action", action, "enctype", "multipart/form-data", "id",
                  "wa-attach-form", NULL);
        web_csrf_field(rq, rs);
        web_form_error(rs, fe);
        web_input(rs, "ファイル（PDF・PNG・JPEG）", "file", "", fe, "type", "file", "accept",
                  "application/pdf,image/png,image/jpeg", "required", "", NULL);
        html_elem(b, "button", "添付する", "type", "submit", NULL);
        html_close(b, "form");
    }
    html_close(b, "section");
}

/* The application's page; fe (a refused step or upload, or NULL) shown
 * at its form. */
static int show_page(web_req *rq, web_resp *rs, int64_t id, const err_t *fe, int fe_step, bool fe_attach,
                     bool fe_pay, bool fe_change)
{
    app_works_application a;
    err_t e;
    err_clear(&e);
    if (app_works_get(&rq->ctx, id, &a, &e))
        return web_fail(rq, rs, &e);
    char title[64];
    str_fmt(title, sizeof title, "工事申込 %s", a.number);
    web_page_begin(rq, rs, title, NAV_WORKS);
    buf_t *b = &rs->body;
    web_works_subnav(rq, rs, "");
    html_open(b, "h1", NULL);
    html_text(b, "工事申込 ");
    html_elem(b, "span", a.number, "id", "wa-number", NULL);
    html_text(b, " ");
    html_open(b, "span", "id", "wa-status", NULL);
    web_works_status_badge(b, a.status, a.overdue);
    html_close(b, "span");
    html_close(b, "h1");
    actions(rq, rs, &a, fe_attach || fe_pay || fe_change ? NULL : fe, fe_step);
    details(rq, rs, &a);
    web_works_documents_panel(rs, &a);
    charges(rs, &a);
    web_works_receipts_panel(rq, rs, &a, fe_pay ? fe : NULL);
    web_works_settle_panel(rq, rs, &a, fe_change ? fe : NULL);
    trail(rq, rs, &a);
    attachments(rq, rs, &a, fe_attach ? fe : NULL);
    app_works_application_free(&a);
    web_page_end(rq, rs);
    return 0;
}

int page_works_show(web_req *rq, web_resp *rs)
{
    int64_t id;
    if (!web_path_id(rq, rs, "該当する工事申込がありません。", &id))
        return 0;
    return show_page(rq, rs, id, NULL, -1, false, false, false);
}

/* 承認 and 取消: a page that says what will happen, with the button that
 * does it. */
static int confirm_page(web_req *rq, web_resp *rs, int64_t id, int step)
{
    app_works_application a;
    err_t e;
    err_clear(&e);
    if (app_works_get(&rq->ctx, id, &a, &e))
        return web_fail(rq, rs, &e);
    char title[96];
    str_fmt(title, sizeof title, "%sの確認", works_step_label(step));
    web_page_begin(rq, rs, title, NAV_WORKS);
    buf_t *b = &rs->body;
    html_elem(b, "h1", title, NULL);
    html_open(b, "p", "id", "wa-confirm-text", NULL);
    if (step == WORKS_STEP_APPROVE)
        html_textf(b, "工事申込 %s（%s、%s）を認可します。認可の日付: ", a.number, works_application_type_label(a.type),
                   a.contractor_name);
    else
        html_textf(b, "工事申込 %s を取り消します。取り消した申込は元に戻せません。日付: ", a.number);
    web_date(rq, rs, web_form_or(rq, "on"));
    html_close(b, "p");
    if (step == WORKS_STEP_CANCEL) {
        html_open(b, "p", NULL);
        html_text(b, "理由: ");
        html_elem(b, "span", web_form_or(rq, "reason"), "id", "wa-confirm-reason", NULL);
        html_close(b, "p");
    }
    step_form(rq, rs, &a, step, true, NULL);
    char back[48];
    str_fmt(back, sizeof back, "/works/%lld", (long long)id);
    html_open(b, "p", NULL);
    html_elem(b, "a", "確定せずに戻る (Esc)", "href", back, "class", "cancel", NULL);
    html_close(b, "p");
    app_works_application_free(&a);
    web_page_end(rq, rs);
    return 0;
}

/* The step with the meters the inspection form sent: "meter_no" …, or
 * "meter_no_1" … for each dwelling of a 特団 (as many as were sent). */
static void step_with_meters(web_req *rq, int64_t id, const char *code, char tap_no[16], err_t *e)
{
    static const char *const BASE[] = {"meter_no", "meter_maker", "meter_diameter", "meter_digits", "meter_reading"};
    enum { MAX = 2 * APP_WORKS_MAX_DWELLINGS };   /* a 特団改造's: the old block's after the new */
    app_works_meter_input *m = calloc(MAX, sizeof *m);
    if (!m) {
        err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        return;
    }
    size_t n = 0;
    char name[40];
    for (size_t k = 0; k < MAX; k++) {   /* a 特団's dwellings (a kept one may send only its old dial, or nothing) */
        const char *v[6];
        bool any = false;
        for (int i = 0; i < 6; i++) {
            str_fmt(name, sizeof name, "%s_%zu", i < 5 ? BASE[i] : "old_final", k + 1);
            v[i] = web_form(rq, name);
            any = any || v[i];
        }
        m[k] = (app_works_meter_input){v[0], v[1], v[2], v[3], v[4], v[5]};
        if (any)
            n = k + 1;
    }
    if (n == 0 && (web_form(rq, BASE[0]) || web_form(rq, "old_final"))) {
        m[0] = (app_works_meter_input){web_form(rq, BASE[0]), web_form(rq, BASE[1]), web_form(rq, BASE[2]),
                                       web_form(rq, BASE[3]), web_form(rq, BASE[4]), web_form(rq, "old_final")};
        n = 1;
    }
    app_works_step_meters(&rq->ctx, id, code, web_form_or(rq, "on"), web_form_or(rq, "result"),
                          web_form_or(rq, "reason"), m, n, tap_no, e);
    free(m);
}

int page_works_step(web_req *rq, web_resp *rs)
{
    char tap_no[16] = "";
    int64_t id;
    if (!web_path_id(rq, rs, "該当する工事申込がありません。", &id))
        return 0;
    const char *code = web_form_or(rq, "step");
    int step = works_step_parse(code);
    bool needs_confirm = step == WORKS_STEP_APPROVE || step == WORKS_STEP_CANCEL;
    err_t e;
    err_clear(&e);
    if (needs_confirm && !app_can(&rq->ctx, works_step_perm(step))) {   /* no confirmation of what one may not do */
        err_set(&e, ERR_FORBIDDEN, NULL, "この手続きをする権限がありません。", "works step %s: no permission", code);
        return web_fail(rq, rs, &e);
    }
    if (needs_confirm && !web_form(rq, "confirm")) {
        /* the date and the reason are checked before the confirmation */
        civil_date d;
        const char *on = web_form_or(rq, "on");
        if (!date_parse(on, &d))
            err_field(&e, "on", "%sの日付を YYYY-MM-DD で入力してください。", works_step_label(step));
        else if (step == WORKS_STEP_CANCEL && !*web_form_or(rq, "reason"))
            err_field(&e, "reason", "取消の理由を入力してください。");
        else
            return confirm_page(rq, rs, id, step);
    } else {
        step_with_meters(rq, id, code, tap_no, &e);
    }
    if (e.code) {
        if (e.code != ERR_INVALID)
            return web_fail(rq, rs, &e);
        int rc = show_page(rq, rs, id, &e, step, false, false, false);
        rs->status = 400;
        return rc;
    }
    char loc[48], msg[160];
    str_fmt(loc, sizeof loc, "/works/%lld", (long long)id);
    if (step == WORKS_STEP_COMPLETE && tap_no[0])
        str_fmt(msg, sizeof msg, "完了を記録し、水栓 %s として水栓台帳・受付へ引き継ぎました。", tap_no);
    else
        str_fmt(msg, sizeof msg, "%sを記録しました。", works_step_label(step));
    return web_redirect(rq, rs, loc, msg);
}

int page_works_attach(web_req *rq, web_resp *rs)
{
    int64_t id;
    if (!web_path_id(rq, rs, "該当する工事申込がありません。", &id))
        return 0;
    err_t e;
    err_clear(&e);
    int64_t att = 0;
    app_works_attach(&rq->ctx, id, rq->upload_name, rq->upload.data, rq->upload.len, &att, &e);
    if (e.code) {
        if (e.code != ERR_INVALID)
            return web_fail(rq, rs, &e);
        int rc = show_page(rq, rs, id, &e, -1, true, false, false);
        rs->status = 400;
        return rc;
    }
    char loc[64];
    str_fmt(loc, sizeof loc, "/works/%lld#wa-attachments", (long long)id);
    return web_redirect(rq, rs, loc, "ファイルを添付しました。");
}

int page_works_attachment(web_req *rq, web_resp *rs)
{
    int64_t att;
    if (!web_path_id(rq, rs, "該当する添付ファイルがありません。", &att))
        return 0;
    err_t e;
    err_clear(&e);
    app_works_attachment info;
    buf_t data;
    buf_init(&data, 0);
    if (app_works_attachment_read(&rq->ctx, 0, att, &info, &data, &e)) {
        buf_free(&data);
        return web_fail(rq, rs, &e);
    }
    buf_free(&rs->body);
    rs->body = data;
    rs->content_type = strcmp(info.content_type, "application/pdf") == 0 ? "application/pdf"
                       : strcmp(info.content_type, "image/png") == 0     ? "image/png"
                                                                         : "image/jpeg";
    const char *ext = strcmp(info.content_type, "application/pdf") == 0 ? "pdf"
                      : strcmp(info.content_type, "image/png") == 0     ? "png"
                                                                        : "jpg";
    char disp[96];
    str_fmt(disp, sizeof disp, "attachment; filename=\"works-attachment-%lld.%s\"", (long long)att, ext);
    web_header(rs, "Content-Disposition", disp);
    web_header(rs, "Cache-Control", "no-store");
    return 0;
}

int page_works_show_error(web_req *rq, web_resp *rs, int64_t id, const err_t *fe, int where)
{
    return show_page(rq, rs, id, fe, -1, where == WEB_WORKS_ERR_ATTACH, where == WEB_WORKS_ERR_PAY,
                     where == WEB_WORKS_ERR_CHANGE);
}
