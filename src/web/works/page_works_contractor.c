/* page_works_contractor — 指定給水装置工事事業者 (issue 18 item 1): the list
 * with its search (番号・商号・フリガナ, 状態, 期限の近いもの), pages, CSV and
 * Excel; the renewal banner ([works] renewal_notice_days); a new
 * contractor; the contractor's page (details, standing today, engineers,
 * history); edit; renew; suspend, reinstate and revoke after a
 * confirmation step; engineers added and removed.  Each handler parses,
 * calls one app function and renders (app/works/app_works_contractor.h). */
#include "web/works/works_nav.h"
#include "web/web.h"
#include "web/web_list.h"

#include <stdlib.h>
#include <string.h>

#include "app/works/app_works_contractor.h"
#include "base/html.h"
#include "domain/role.h"
#include "report/works_contractor_csv.h"
#include "report/works_contractor_xlsx.h"

#define BASE "/works/contractors"

/* ---- the list ------------------------------------------------------------ */

static const char *const KEYS[] = {"q", "state", "due", "due_days"};
#define NKEYS (sizeof KEYS / sizeof KEYS[0])

static web_list_view view_from(const web_req *rq)
{
    return web_list_view_from(rq, BASE, KEYS, NKEYS);
}

static const char *val(const web_list_view *v, size_t i)
{
    return v->v[i];
}

static app_works_contractor_query query_of(const web_list_view *v, int64_t per_page)
{
    app_works_contractor_query q = {v->v[0], v->v[1], v->v[2], v->v[3], v->page, per_page};
    return q;
}

static void filter_form(web_resp *rs, const web_list_view *v, const err_t *fe)
{
    buf_t *b = &rs->body;
    html_open(b, "form", "method", "get", "action", BASE, "class", "filters", "id", "wc-filter", "role", "search",
              "aria-label", "指定工事事業者の検索", NULL);
    web_input(rs, "指定番号・商号・フリガナ", "q", val(v, 0), fe, "size", "24", "autocomplete", "off", "autofocus",
              "autofocus", NULL);
    static const char *const SC[] = {"", "active", "suspended", "revoked", "expired"},
                             *const SL[] = {"すべて", "有効", "指定停止中", "指定取消", "期限切れ"};
    web_select(rs, "状態", "state", val(v, 1), SC, SL, 5, fe);
    static const char *const DC[] = {"", "1"}, *const DL[] = {"すべて", "更新期限の近いもの"};
    web_select(rs, "更新期限", "due", val(v, 2), DC, DL, 2, fe);
    web_input(rs, "期限までの日数（以内）", "due_days", val(v, 3), fe, "inputmode", "numeric", "size", "5",
              "autocomplete", "off", NULL);
    html_elem(b, "button", "検索", "type", "submit", "id", "wc-filter-submit", NULL);
    html_elem(b, "a", "条件を消す", "href", BASE, "id", "wc-filter-clear", NULL);
    html_close(b, "form");
}

static const char *state_class(const char *state)
{
    return strcmp(state, "active") == 0      ? "state state-active"
           : strcmp(state, "suspended") == 0 ? "state state-suspended"
           : strcmp(state, "revoked") == 0   ? "state state-stopped"
                                             : "state state-closed";
}

static void row_html(web_req *rq, web_resp *rs, const app_works_contractor_item *r, int64_t notice_days)
{
    buf_t *b = &rs->body;
    char rid[32], href[48];
    str_fmt(rid, sizeof rid, "wc-%lld", (long long)r->id);
    str_fmt(href, sizeof href, BASE "/%lld", (long long)r->id);
    html_open(b, "tr", "id", rid, NULL);
    html_open(b, "td", NULL);
    html_elem(b, "a", r->designation_no, "href", href, NULL);
    html_close(b, "td");
    html_open(b, "td", NULL);
    html_text(b, r->name);
    html_elem(b, "div", r->name_kana, "class", "sub", NULL);
    html_close(b, "td");
    html_elem(b, "td", r->address, NULL);
    html_elem(b, "td", r->phone, NULL);
    html_open(b, "td", NULL);
    web_date(rq, rs, r->designated_on);
    html_close(b, "td");
    html_open(b, "td", NULL);
    web_date(rq, rs, r->valid_until);
    if (strcmp(r->state, "revoked") != 0 && r->due_in_days >= 0 && r->due_in_days <= notice_days) {
        char due[48];
        str_fmt(due, sizeof due, "更新期限まで%lld日", (long long)r->due_in_days);
        html_elem(b, "div", due, "class", "state state-held", NULL);
    }
    html_close(b, "td");
    html_open(b, "td", NULL);
    html_elem(b, "span", r->state_label, "class", state_class(r->state), NULL);
    html_close(b, "td");
    html_open(b, "td", "class", "num", NULL);
    html_textf(b, "%lld", (long long)r->engineers);
    html_close(b, "td");
    html_close(b, "tr");
}

static void list_table(web_req *rq, web_resp *rs, const app_works_contractor_page *pg)
{
    buf_t *b = &rs->body;
    html_open(b, "table", "class", "list", "id", "wc-list", NULL);
    html_elem(b, "caption", "指定給水装置工事事業者（指定番号順）", NULL);
    html_raw(b, "<thead><tr><th scope=\"col\">指定番号</th><th scope=\"col\">商号</th><th scope=\"col\">所在地</th>"
                "<th scope=\"col\">電話番号</th><th scope=\"col\">指定日</th><th scope=\"col\">有効期限</th>"
                "<th scope=\"col\">状態</th><th scope=\"col\" class=\"num\">主任技術者</th></tr></thead><tbody>");
    for (size_t i = 0; i < pg->n; i++)
        row_html(rq, rs, &pg->rows[i], pg->notice_days);
    html_raw(b, "</tbody>");
    html_close(b, "table");
}

static void due_banner(web_resp *rs, const app_works_contractor_page *pg)
{
    if (pg->due_count == 0)
        return;
    buf_t *b = &rs->body;
    html_open(b, "p", "class", "notice", "id", "wc-due-banner", "role", "status", NULL);
    html_textf(b, "有効期限まで%lld日以内の事業者が %lld 件あります。", (long long)pg->notice_days,
               (long long)pg->due_count);
    html_elem(b, "a", "更新期限の近い事業者を表示", "href", BASE "?due=1", "id", "wc-due-link", NULL);
    html_close(b, "p");
}

int page_works_contractors(web_req *rq, web_resp *rs)
{
    web_list_view v = view_from(rq);
    app_works_contractor_query q = query_of(&v, 0);
    app_works_contractor_page pg;
    err_t e;
    err_clear(&e);
    int rc = app_works_contractor_list(&rq->ctx, &q, &pg, &e);
    if (rc && e.code != ERR_INVALID)
        return web_fail(rq, rs, &e);
    web_page_begin(rq, rs, "指定給水装置工事事業者", NAV_WORKS);
    web_works_subnav(rq, rs, "/works/contractors");
    buf_t *b = &rs->body;
    html_elem(b, "h1", "指定給水装置工事事業者", NULL);
    if (app_can(&rq->ctx, PERM_WORKS_CONTRACTOR)) {
        html_open(b, "p", "class", "actions", NULL);
        html_elem(b, "a", "新しい事業者を指定", "href", BASE "/new", "id", "wc-new", "accesskey", "n", NULL);
        html_close(b, "p");
    }
    web_form_error(rs, rc ? &e : NULL);
    if (!rc)
        due_banner(rs, &pg);
    filter_form(rs, &v, rc ? &e : NULL);
    if (rc) {
        /* a refused filter: no list until it is corrected */
    } else if (pg.total == 0) {
        html_elem(b, "p", "条件に合う事業者はありません。", "class", "empty", "id", "wc-empty", NULL);
    } else {
        html_open(b, "p", "id", "wc-count", NULL);
        html_textf(b, "%lld件（基準日 ", (long long)pg.total);
        web_date(rq, rs, pg.today);
        if (pg.due_days >= 0)
            html_textf(b, "、有効期限まで%lld日以内", (long long)pg.due_days);
        html_text(b, "）");
        html_close(b, "p");
        web_list_exports(b, &v, BASE ".csv", BASE ".xlsx", "wc");
        web_list_pager(b, &v, pg.page, pg.pages, "指定工事事業者一覧のページ");
        list_table(rq, rs, &pg);
        web_list_pager(b, &v, pg.page, pg.pages, "指定工事事業者一覧のページ");
    }
    if (!rc)
        app_works_contractor_page_free(&pg);
    web_page_end(rq, rs);
    if (rc)
        rs->status = web_status_for(e.code);
    return 0;
}

int page_works_contractors_csv(web_req *rq, web_resp *rs)
{
    int encoding = web_list_csv_encoding(rq, rs);
    if (encoding < 0)
        return 0;
    err_t e;
    err_clear(&e);
    web_list_view v = view_from(rq);
    app_works_contractor_query q = query_of(&v, -1);
    app_works_contractor_page pg;
    if (app_works_contractor_export(&rq->ctx, &q, "csv", &pg, &e))
        return web_fail(rq, rs, &e);
    bool ok = works_contractor_csv_write(&pg, encoding, &rs->body);
    app_works_contractor_page_free(&pg);
    return web_list_csv_done(rq, rs, ok, encoding, "works-contractors", "contractors");
}

static const char *shown(size_t key, const char *value)
{
    return key == 1 ? app_works_state_label(value) : NULL;
}

static int write_xlsx(const void *rows, const char *cond, const char *by, int64_t at, const char *path, char *msg,
                      size_t msgsz)
{
    return works_contractor_xlsx_write(rows, cond, by, at, path, msg, msgsz);
}

int page_works_contractors_xlsx(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    web_list_view v = view_from(rq);
    app_works_contractor_query q = query_of(&v, -1);
    app_works_contractor_page pg;
    if (app_works_contractor_export(&rq->ctx, &q, "xlsx", &pg, &e))
        return web_fail(rq, rs, &e);
    static const char *const LABELS[NKEYS] = {"検索語", "状態", "更新期限の近いもの", "期限までの日数"};
    int rc = web_list_send_xlsx(rq, rs, &v, LABELS, shown, write_xlsx, &pg, "works-contractors",
                                "指定工事事業者一覧を作成できませんでした。");
    app_works_contractor_page_free(&pg);
    return rc;
}

/* ---- new and edit -------------------------------------------------------- */

static app_works_contractor_input input_of(const web_req *rq)
{
    app_works_contractor_input in = {
        web_form_or(rq, "designation_no"), web_form_or(rq, "name"), web_form_or(rq, "name_kana"),
        web_form_or(rq, "address"), web_form_or(rq, "phone"), web_form_or(rq, "representative"),
        web_form_or(rq, "designated_on"), web_form_or(rq, "valid_until"), web_form_or(rq, "version"),
    };
    return in;
}

static void contractor_form(web_req *rq, web_resp *rs, int64_t id, const app_works_contractor_input *in,
                            const err_t *e)
{
    bool edit = id > 0;
    const char *title = edit ? "指定工事事業者の変更" : "指定工事事業者の新規指定";
    web_page_begin(rq, rs, title, NAV_WORKS);
    web_works_subnav(rq, rs, "/works/contractors");
    buf_t *b = &rs->body;
    html_elem(b, "h1", title, NULL);
    web_form_error(rs, e);
    char action[64], back[48];
    str_fmt(action, sizeof action, edit ? BASE "/%lld/edit" : BASE "/new", (long long)id);
    str_fmt(back, sizeof back, edit ? BASE "/%lld" : BASE, (long long)id);
    html_open(b, "form", "method", "post", "action", action, "class", "grid", "id", "wc-form", NULL);
    web_csrf_field(rq, rs);
    if (edit)   /* the version shown: an edit of an older one is refused */
        html_open(b, "input", "type", "hidden", "name", "version", "value", in->version ? in->version : "", NULL);
    web_input(rs, "指定番号", "designation_no", in->designation_no, e, "required", "required", "size", "16",
              "autocomplete", "off", "autofocus", "autofocus", NULL);
    web_input(rs, "商号（名称）", "name", in->name, e, "required", "required", "size", "40", "autocomplete", "off",
              NULL);
    web_input(rs, "商号のフリガナ", "name_kana", in->name_kana, e, "required", "required", "size", "40",
              "autocomplete", "off", NULL);
    web_input(rs, "所在地", "address", in->address, e, "required", "required", "size", "60", "autocomplete", "off",
              NULL);
    web_input(rs, "電話番号", "phone", in->phone, e, "required", "required", "size", "16", "inputmode", "tel",
              "autocomplete", "off", NULL);
    web_input(rs, "代表者氏名", "representative", in->representative, e, "required", "required", "size", "30",
              "autocomplete", "off", NULL);
    web_input(rs, "指定日", "designated_on", in->designated_on, e, "type", "date", "required", "required", NULL);
    if (edit)
        web_input(rs, "有効期限（訂正するときだけ）", "valid_until", in->valid_until, e, "type", "date", NULL);
    else
        html_elem(b, "p", "有効期限は指定日から自動で計算します（令和元年10月1日以降の指定は5年、それより前の指定は"
                          "政令の経過措置の表によります）。",
                  "class", "hint", NULL);
    html_open(b, "p", "class", "actions", NULL);
    html_elem(b, "button", edit ? "変更を保存" : "指定する", "type", "submit", "id", "wc-submit", NULL);
    html_elem(b, "a", "取り消す", "href", back, "id", "wc-cancel", NULL);
    html_close(b, "p");
    html_close(b, "form");
    web_page_end(rq, rs);
}

int page_works_contractor_new_form(web_req *rq, web_resp *rs)
{
    app_works_contractor_input in = {"", "", "", "", "", "", "", "", ""};
    contractor_form(rq, rs, 0, &in, NULL);
    return 0;
}

/* A refused form again with what was typed (400 / 409), or the error page. */
static int refused_form(web_req *rq, web_resp *rs, int64_t id, const app_works_contractor_input *in, const err_t *e)
{
    if (e->code != ERR_INVALID && e->code != ERR_CONFLICT)
        return web_fail(rq, rs, e);
    contractor_form(rq, rs, id, in, e);
    rs->status = web_status_for(e->code);
    return 0;
}

int page_works_contractor_new_submit(web_req *rq, web_resp *rs)
{
    app_works_contractor_input in = input_of(rq);
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    if (app_works_contractor_create(&rq->ctx, &in, &id, &e))
        return refused_form(rq, rs, 0, &in, &e);
    char loc[48], flash[320];
    str_fmt(loc, sizeof loc, BASE "/%lld", (long long)id);
    str_fmt(flash, sizeof flash, "指定工事事業者「%s」を指定しました。主任技術者を登録してください。", web_form_or(rq, "name"));
    return web_redirect(rq, rs, loc, flash);
}

int page_works_contractor_edit_form(web_req *rq, web_resp *rs)
{
    int64_t id = 0;
    if (!web_path_id(rq, rs, "該当する指定工事事業者がありません。", &id))
        return 0;
    app_works_contractor c;
    err_t e;
    err_clear(&e);
    if (app_works_contractor_get(&rq->ctx, id, &c, &e))
        return web_fail(rq, rs, &e);
    char version[24];
    str_fmt(version, sizeof version, "%lld", (long long)c.version);
    app_works_contractor_input in = {c.designation_no, c.name, c.name_kana, c.address, c.phone, c.representative,
                                     c.designated_on, "", version};
    contractor_form(rq, rs, id, &in, NULL);
    app_works_contractor_free(&c);
    return 0;
}

int page_works_contractor_edit_submit(web_req *rq, web_resp *rs)
{
    int64_t id = 0;
    if (!web_path_id(rq, rs, "該当する指定工事事業者がありません。", &id))
        return 0;
    app_works_contractor_input in = input_of(rq);
    err_t e;
    err_clear(&e);
    if (app_works_contractor_edit(&rq->ctx, id, &in, &e))
        return refused_form(rq, rs, id, &in, &e);
    char loc[48];
    str_fmt(loc, sizeof loc, BASE "/%lld", (long long)id);
    return web_redirect(rq, rs, loc, "指定工事事業者の登録内容を変更しました。");
}
