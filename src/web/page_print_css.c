/* page_print_css — GET /print.css: the footer of every printed page, "印刷日時
 * … 印刷者 …", as an @page margin box.  A margin box repeats on each sheet
 * and never covers the content; its text must be in a stylesheet, and the
 * pages' CSP allows only stylesheets of our own, hence this small one made
 * per request (never cached) for the person logged in. */
#include "web/web.h"
#include "app/account/app_staff.h"

#include "base/date.h"
#include "domain/role.h"

/* s as the inside of a CSS string: quotes and backslashes escaped, control
 * characters left out. */
static void css_string(buf_t *b, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch < 0x20 || ch == 0x7f)
            continue;
        if (ch == '"' || ch == '\\')
            buf_append(b, "\\", 1);
        buf_append(b, s, 1);
    }
}

int page_print_css(web_req *rq, web_resp *rs)
{
    buf_t *b = &rs->body;
    rs->content_type = "text/css; charset=utf-8";
    web_header(rs, "Cache-Control", "no-store");
    char when[20], who[APP_STAFF_NAME_SIZE], text[320];
    date_format_ts_jst(date_now_unix(), when);
    app_staff_display_name(&rq->ctx, rq->ctx.actor.username, who, sizeof who);   /* the 氏名, else the username */
    str_fmt(text, sizeof text, "印刷日時 %s　印刷者 %s（%s）", when, who, role_label(rq->ctx.actor.role));
    buf_puts(b, "@page { @bottom-left { content: \"");
    css_string(b, text);
    buf_puts(b, "\"; font-size: 8pt; color: #555; } }\n");
    return 0;
}
