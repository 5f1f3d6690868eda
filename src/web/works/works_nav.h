/* works_nav — pieces shared by the 工事 screens (works_nav.c): the
 * sub-navigation (申込検索, 新規申込, 指定工事事業者), so that each lists the
 * same links, and the selects of areas, contractors and engineers that the
 * search and the new-application form both show.
 *
 * Ownership: everything is written to rs->body; nothing is returned. */
#ifndef SUIDO_WORKS_NAV_H
#define SUIDO_WORKS_NAV_H

#include "web/web.h"

struct app_works_choice;    /* app/works/app_works_application.h */
struct app_works_application;

/* <nav class="subnav"> with the links the user may open; current (a path)
 * is marked aria-current="page". */
void web_works_subnav(web_req *rq, web_resp *rs, const char *current);

/* A labelled <select> of the 町丁目 (value: the code; first option "" with
 * first_label).  Falls back to a text input when the areas cannot be read. */
void web_works_area_select(web_req *rq, web_resp *rs, const char *label, const char *name, const char *selected,
                           const char *first_label, const err_t *fe);

/* A labelled <select> of choices (value: the id; first option "" with
 * first_label). */
void web_works_choice_select(web_resp *rs, const char *label, const char *name, const char *selected,
                             const struct app_works_choice *rows, size_t n, const char *first_label, const err_t *fe);

/* A labelled <select> of an enum's n values (value: code(i), text:
 * label(i)) after a first option "" with first_label: the types and the
 * statuses of applications. */
void web_works_enum_select(web_resp *rs, const char *label, const char *name, const char *selected, int n,
                           const char *(*code)(int), const char *(*text)(int), const char *first_label,
                           const err_t *fe);

/* works_type_code with an int, for web_works_enum_select. */
const char *web_works_type_code(int type);

/* The <span class="state …"> of an application's status (and 滞留 when
 * overdue). */
void web_works_status_badge(buf_t *b, int status, bool overdue);

/* The application page's panel of its documents (page_works_document.c):
 * a link to each that applies now, the reason beside each that does not. */
void web_works_documents_panel(web_resp *rs, const struct app_works_application *a);

/* The application page (page_works_show.c) with a refused form's error
 * shown at that form (400 set by the caller). */
enum { WEB_WORKS_ERR_STEP, WEB_WORKS_ERR_ATTACH, WEB_WORKS_ERR_PAY, WEB_WORKS_ERR_CHANGE };
int page_works_show_error(web_req *rq, web_resp *rs, int64_t id, const err_t *fe, int where);

/* The 入金 panel of an application (page_works_receipt.c): its payments,
 * and the counter's form for PERM_PAYMENT_POST (fe: its refusal, or NULL). */
void web_works_receipts_panel(web_req *rq, web_resp *rs, const struct app_works_application *a, const err_t *fe);

/* The 精算 panel (page_works_settle.c): the settlement per charge, the
 * settlements and refunds, and the 変更 form for PERM_WORKS (fe: its
 * refusal, or NULL). */
void web_works_settle_panel(web_req *rq, web_resp *rs, const struct app_works_application *a, const err_t *fe);

#endif
