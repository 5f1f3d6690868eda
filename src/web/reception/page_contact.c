/* page_contact — the お客様カルテ's 対応履歴 panel (the last contacts, the
 * returned-mail warning, the form to record a contact) and its two posts:
 * POST /taps/<no>/contacts (record) and POST /taps/<no>/mail-checked (the
 * mailing address was confirmed).  A refused contact is shown again on a
 * page of its own with what was typed and the field named. */
#include <string.h>

#include "app/reception/app_contact.h"
#include "base/date.h"
#include "base/html.h"
#include "domain/contact.h"
#include "domain/role.h"
#include "web/web.h"

#define PANEL_ROWS 20

static bool is_bad(const err_t *e, const char *name)
{
    return e && e->code && strcmp(e->field, name) == 0;
}

/* A labelled <select> with its own id (the karte holds other forms whose
 * fields share these names). */
static void select_field(web_resp *rs, const char *label, const char *name, const char *id, const char *selected,
                         const char *const *codes, const char *const *labels, size_t n, const char *blank,
                         const err_t *e)
{
    buf_t *b = &rs->body;
    bool bad = is_bad(e, name);
    html_open(b, "div", "class", bad ? "field invalid" : "field", NULL);
    html_elem(b, "label", label, "for", id, NULL);
    html_open(b, "select", "id", id, "name", name, "required", "", "aria-invalid", bad ? "true" : NULL,
              "aria-describedby", bad ? "form-error" : NULL, NULL);
    if (blank)
        html_elem(b, "option", blank, "value", "", "selected", selected && *selected ? NULL : "", NULL);
    for (size_t i = 0; i < n; i++)
        html_elem(b, "option", labels[i], "value", codes[i], "selected",
                  selected && strcmp(selected, codes[i]) == 0 ? "" : NULL, NULL);
    html_close(b, "select");
    html_close(b, "div");
}

/* The form that records a contact.  fe: the refusal being shown (NULL on the
 * karte), whose input is kept. */
static void contact_form(web_req *rq, web_resp *rs, const char *tap_no, const err_t *fe)
{
    buf_t *b = &rs->body;
    char action[48], cap[16];
    str_fmt(action, sizeof action, "/taps/%s/contacts", tap_no);
    str_fmt(cap, sizeof cap, "%d", CONTACT_SUMMARY_MAX);
    html_open(b, "form", "method", "post", "action", action, "class", "grid", "id", "contact-form", NULL);
    web_csrf_field(rq, rs);
    web_form_error(rs, fe);
    select_field(rs, "受付方法", "channel", "contact-channel", fe ? web_form_or(rq, "channel") : "phone",
                 CONTACT_CHANNEL_CODES, CONTACT_CHANNEL_LABELS, CONTACT_CHANNEL__MAX, NULL, fe);
    select_field(rs, "用件", "reason", "contact-reason", fe ? web_form_or(rq, "reason") : "", CONTACT_REASON_CODES,
                 CONTACT_REASON_LABELS, CONTACT_REASON__MAX, "（選んでください）", fe);
    bool bad = is_bad(fe, "summary");
    html_open(b, "div", "class", bad ? "field invalid" : "field", NULL);
    html_elem(b, "label", "対応内容", "for", "contact-summary", NULL);
    html_elem(b, "textarea", fe ? web_form_or(rq, "summary") : "", "id", "contact-summary", "name", "summary", "rows",
              "3", "maxlength", cap, "required", "", "aria-invalid", bad ? "true" : NULL, "aria-describedby",
              bad ? "form-error" : NULL, NULL);
    html_close(b, "div");
    html_open(b, "div", "class", "buttons", NULL);
    html_elem(b, "button", "対応履歴に記録する", "type", "submit", "id", "contact-submit", NULL);
    html_close(b, "div");
    html_close(b, "form");
}

/* A summary as typed: its line breaks as <br>. */
static void summary_text(buf_t *b, const char *s)
{
    char line[1024];
    while (*s) {
        size_t n = strcspn(s, "\r\n");
        /* text, in pieces that fit line[] (never splitting a UTF-8 sequence) */
        const char *p = s, *end = s + n;
        while (p < end) {
            size_t k = (size_t)(end - p) < sizeof line - 1 ? (size_t)(end - p) : sizeof line - 1;
            while (k > 0 && p + k < end && ((unsigned char)p[k] & 0xC0) == 0x80)
                k--;
            memcpy(line, p, k);
            line[k] = '\0';
            html_text(b, line);
            p += k;
        }
        s = end;
        if (*s == '\r' && s[1] == '\n')
            s++;
        if (*s) {
            s++;
            if (*s)
                html_raw(b, "<br>");
        }
    }
}

void web_contacts_panel(web_req *rq, web_resp *rs, const char *tap_no, const app_contact_state *given)
{
    buf_t *b = &rs->body;
    err_t e;
    err_clear(&e);
    html_open(b, "section", "id", "contacts", "class", "panel wide", NULL);
    html_elem(b, "h2", "対応履歴", NULL);
    app_contact_state st;
    app_contact *rows = NULL;
    size_t n = 0;
    if (given)
        st = *given;
    if ((!given && app_contact_state_get(&rq->ctx, tap_no, &st, &e)) ||
        app_contact_list(&rq->ctx, tap_no, PANEL_ROWS, &rows, &n, &e)) {
        html_elem(b, "p", e.user[0] ? e.user : "対応履歴を表示できません。", "class", "empty", NULL);
        html_close(b, "section");
        return;
    }
    bool can_edit = app_can(&rq->ctx, PERM_CUSTOMER_EDIT);
    if (st.mail_doubtful_since) {
        char ts[20], day[11];
        date_format_ts_jst(st.mail_doubtful_since, ts);
        str_copy(day, sizeof day, ts);   /* YYYY-MM-DD */
        html_open(b, "div", "class", "notice", "id", "mail-doubtful", NULL);
        html_open(b, "p", NULL);
        html_elem(b, "span", "送付先要確認", "class", "state state-held", NULL);
        html_text(b, " ");
        html_textf(b, "郵便が届きませんでした（%s）。送付先を確認してください。", day);
        html_close(b, "p");
        if (can_edit) {
            char action[48];
            str_fmt(action, sizeof action, "/taps/%s/mail-checked", tap_no);
            html_open(b, "form", "method", "post", "action", action, "class", "inline", "id", "mail-checked-form",
                      NULL);
            web_csrf_field(rq, rs);
            html_elem(b, "button", "送付先を確認済みにする", "type", "submit", "id", "mail-checked", NULL);
            html_close(b, "form");
        }
        html_close(b, "div");
    }
    if (can_edit)
        contact_form(rq, rs, tap_no, NULL);
    if (n == 0) {
        html_elem(b, "p", "対応履歴はまだありません。", "class", "empty", NULL);
    } else {
        html_open(b, "table", "class", "list", "id", "contact-history", NULL);
        html_raw(b, "<thead><tr><th scope=\"col\">日時</th><th scope=\"col\">受付方法</th><th scope=\"col\">用件</th>"
                    "<th scope=\"col\">対応内容</th><th scope=\"col\">受付者</th></tr></thead><tbody>");
        for (size_t i = 0; i < n; i++) {
            const app_contact *c = &rows[i];
            char ts[20];
            date_format_ts_jst(c->created_at, ts);
            ts[16] = '\0';   /* YYYY-MM-DD HH:MM */
            html_open(b, "tr", NULL);
            html_elem(b, "td", ts, "class", "nowrap", NULL);
            html_elem(b, "td", contact_channel_label(c->channel), NULL);
            html_open(b, "td", NULL);
            bool returned = strcmp(c->reason, CONTACT_REASON_CODES[CONTACT_R_RETURNED_MAIL]) == 0;
            html_elem(b, "span", contact_reason_label(c->reason), "class", returned ? "state state-held" : NULL, NULL);
            html_close(b, "td");
            html_open(b, "td", "class", "contact-text", NULL);
            summary_text(b, c->summary);
            html_close(b, "td");
            html_elem(b, "td", c->taken_by, NULL);
            html_close(b, "tr");
        }
        html_raw(b, "</tbody>");
        html_close(b, "table");
        if (st.total > (int64_t)n) {
            html_open(b, "p", "class", "empty", NULL);
            html_textf(b, "全%lld件のうち、新しい%zu件を表示しています。", (long long)st.total, n);
            html_close(b, "p");
        }
    }
    app_contacts_free(rows, n);
    html_close(b, "section");
}

int page_contact_add(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    const char *tap_no = rq->param;
    const char *channel = web_form_or(rq, "channel"), *reason = web_form_or(rq, "reason");
    app_contact_added out;
    if (app_contact_add(&rq->ctx, tap_no, channel, reason, web_form_or(rq, "summary"), &out, &e)) {
        if (e.code != ERR_INVALID)
            return web_fail(rq, rs, &e);
        char title[64];
        str_fmt(title, sizeof title, "対応履歴の記録（水栓 %s）", tap_no);
        web_page_begin(rq, rs, title, NAV_RECEPTION);
        html_elem(&rs->body, "h1", title, NULL);
        contact_form(rq, rs, tap_no, &e);
        char back[40];
        str_fmt(back, sizeof back, "/karte/%s#contacts", tap_no);
        html_open(&rs->body, "p", NULL);
        html_elem(&rs->body, "a", "記録せずにお客様カルテへ戻る (Esc)", "href", back, "class", "cancel", NULL);
        html_close(&rs->body, "p");
        web_page_end(rq, rs);
        rs->status = 422;   /* the form again, with what was typed and the field named */
        return 0;
    }
    char to[48], msg[400];
    str_fmt(to, sizeof to, "/karte/%s#contacts", tap_no);
    str_fmt(msg, sizeof msg, "水栓 %s の対応履歴を記録しました（%s・%s）。", tap_no, contact_channel_label(channel),
            contact_reason_label(reason));
    if (strcmp(reason, CONTACT_REASON_CODES[CONTACT_R_RETURNED_MAIL]) == 0) {
        size_t k = strlen(msg);
        if (!out.customer_id)
            str_copy(msg + k, sizeof msg - k, "現在の使用者がいないため、送付先の要確認は付けていません。");
        else if (out.newly_doubtful)
            str_copy(msg + k, sizeof msg - k, "送付先を「要確認」にしました。確認できたら「送付先を確認済みにする」を押してください。");
        else
            str_copy(msg + k, sizeof msg - k, "送付先は前回の不着から「要確認」のままです。");
    }
    return web_redirect(rq, rs, to, msg);
}

int page_contact_mail_checked(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    const char *tap_no = rq->param;
    int64_t was = 0;
    if (app_contact_mail_checked(&rq->ctx, tap_no, &was, &e))
        return web_fail(rq, rs, &e);
    char to[48], msg[200];
    str_fmt(to, sizeof to, "/karte/%s#contacts", tap_no);
    if (was)
        str_fmt(msg, sizeof msg, "水栓 %s の送付先を確認済みにしました（郵便不着の表示を消しました）。", tap_no);
    else
        str_fmt(msg, sizeof msg, "水栓 %s の送付先は要確認になっていませんでした。", tap_no);
    return web_redirect(rq, rs, to, msg);
}
