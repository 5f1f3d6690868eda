/* web_form — the one-time token of a form that posts money or a request
 * (see app/app_form.h): a hidden field "form_token" written into the form
 * when it is shown, and the token sent back handed to the use case.
 *
 * Ownership: f points into rq (valid for the request). */
#ifndef SUIDO_WEB_FORM_H
#define SUIDO_WEB_FORM_H

#include "app/app_form.h"
#include "web/web.h"

/* The hidden field with a new token (also when a refused form is shown
 * again: the token it carried may be the reason). */
void web_form_token_field(web_req *rq, web_resp *rs, const char *purpose);
/* Point rq->ctx.form at f, filled from the posted form (purpose as shown);
 * the handler sets rq->ctx.form back to NULL when the use case returns. */
void web_form_bind(web_req *rq, app_form *f, const char *purpose);

#endif
