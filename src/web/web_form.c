/* web_form — one-time form tokens in forms (see web_form.h). */
#include "web/web_form.h"

#include <string.h>

#include "base/html.h"

void web_form_token_field(web_req *rq, web_resp *rs, const char *purpose)
{
    char tok[65];
    if (app_form_issue(&rq->ctx, rq->session_token, purpose, tok, NULL) != 0)
        return;   /* then the post is refused with a message */
    html_open(&rs->body, "input", "type", "hidden", "name", "form_token", "value", tok, NULL);
}

void web_form_bind(web_req *rq, app_form *f, const char *purpose)
{
    memset(f, 0, sizeof *f);
    f->session_token = rq->session_token;
    f->token = web_form_or(rq, "form_token");
    f->purpose = purpose;
    rq->ctx.form = f;
}
