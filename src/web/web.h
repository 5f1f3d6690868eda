/* web — the staff web server's shared types: request, response, routes.
 *
 * A handler is: parse and validate the request -> call one app_* function ->
 * render.  Routes are rows in the table in routes.c (method, pattern,
 * handler, permission, flags); server.c resolves the session, checks the
 * permission and the CSRF token before any handler runs, so a handler only
 * sees requests it is allowed to serve.
 *
 * Memory: web_req and web_resp live for one request and are freed by
 * server.c; strings returned by web_* accessors are owned by the request. */
#ifndef SUIDO_WEB_H
#define SUIDO_WEB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "base/buf.h"
#include "base/err.h"

#define WEB_MAX_FIELDS 1024   /* a route's entry grid posts one field per tap */
#define WEB_MAX_HEADERS 16
#define WEB_MAX_COOKIES 8     /* cookies kept per request besides the session's: the rest are ignored */

typedef struct web_kv { char *key, *value; } web_kv;

typedef struct web_req {
    const char *method;       /* "GET", "POST", ... */
    const char *path;         /* decoded path without the query */
    char param[128];          /* the segment matched by '*' in the route pattern */
    char rid[24];             /* request id (also in the access log and error pages) */
    web_kv query[WEB_MAX_FIELDS]; size_t nquery;   /* from the URL */
    web_kv form[WEB_MAX_FIELDS];  size_t nform;    /* from an urlencoded POST body */
    char *body; size_t body_len;                   /* raw body (JSON API) */
    buf_t upload;             /* the file of a multipart/form-data POST (one file per form): .data/.len point
                                 into the request body, read-only, not owned (never freed by a handler) */
    char upload_name[128];    /* its file name as the browser sent it */
    bool device;              /* authenticated by a handheld terminal's bearer token */
    json_t *json;             /* parsed JSON body when Content-Type is application/json */
    char *session_token;      /* cookie "sid", NULL if none */
    web_kv cookie[WEB_MAX_COOKIES]; size_t ncookie;   /* the other cookies (never "sid") */
    char csrf[65];            /* the session's CSRF token ("" when not logged in) */
    bool logged_in;
    char *flash;              /* message carried over a redirect, shown once */
    app_ctx ctx;              /* actor resolved from the session */
    bool is_api;              /* route under /api/ : errors as JSON */
} web_req;

typedef struct web_resp {
    int status;
    const char *content_type;          /* static string; default text/html; charset=utf-8 */
    buf_t body;
    char *headers[WEB_MAX_HEADERS][2]; size_t nheaders;   /* malloc'd name/value */
} web_resp;

typedef int (*web_handler)(web_req *rq, web_resp *rs);

enum web_route_flags {
    WEB_PUBLIC = 1 << 0,      /* no session needed (login page, healthz, static) */
    WEB_API = 1 << 1,         /* JSON errors */
    WEB_ALLOW_MUST_CHANGE = 1 << 2,  /* reachable while a password change is forced */
    WEB_DEVICE = 1 << 3,      /* also open to handheld terminals with a bearer token (no CSRF) */
    WEB_UPLOAD = 1 << 4,      /* may carry a large body (server.max_upload) */
};

typedef struct web_route {
    const char *method;
    const char *pattern;      /* exact path, or with one '*' matching a single segment */
    web_handler handler;
    int perm;                 /* enum perm from domain/role.h */
    unsigned flags;
} web_route;

extern const web_route WEB_ROUTES[];
extern const size_t WEB_NROUTES;

/* A route's own body limit, in place of server.max_body / server.max_upload:
 * a suido.ini setting (bytes) with its default, and the 413 answer's text
 * (where the larger body should go instead).  One row per such route. */
typedef struct web_body_limit {
    web_handler handler;      /* the route, by its handler */
    const char *setting;      /* e.g. "reading.max_batch_bytes" */
    long long fallback;       /* bytes when the setting is absent */
    const char *hint;         /* appended to the 413 answer */
} web_body_limit;

/* The row for route rt (static), or NULL: the server-wide limits apply. */
const web_body_limit *web_route_body_limit(const web_route *rt);

/* ---- request accessors (req.c) ---- */
/* Form field (POST body) or NULL when absent. */
const char *web_form(const web_req *rq, const char *name);
/* Form field or "" when absent (for re-filling inputs). */
const char *web_form_or(const web_req *rq, const char *name);
/* s when it is a tap number (8 digits), else NULL: for a tap named in a path
 * or a field before it reaches a use case. */
const char *web_tap_param(const char *s);
/* The one rule for a record id in a path or a field: decimal digits only
 * (no sign, no spaces), at most 15 of them, and not 0.  true with *id set;
 * false for NULL, "", a sign, junk, 0 or an overflow. */
bool web_id_param(const char *s, int64_t *id);
/* The id in the request's path (rq->param), by web_id_param's rule: true
 * with *id set; false when it breaks the rule, and then the answer is the
 * 404 page saying not_found (what was not found), so the handler returns 0
 * as after web_fail. */
bool web_path_id(web_req *rq, web_resp *rs, const char *not_found, int64_t *id);
/* The same digits rule for a whole number that may be 0 (an amount). */
bool web_digits_param(const char *s, int64_t *v);
/* An optional id field of the form: *id = 0 when the field is absent or "";
 * a value breaking web_id_param's rule is ERR_INVALID on that field with the
 * caller's message user (which names the field). */
int web_form_id(const web_req *rq, const char *name, const char *user, int64_t *id, err_t *e);
/* Query-string parameter or NULL. */
const char *web_query(const web_req *rq, const char *name);
/* A cookie (not the session's) or NULL. */
const char *web_cookie(const web_req *rq, const char *name);
/* JSON body string member or NULL. */
const char *web_json_str(const web_req *rq, const char *name);

/* ---- responses (resp.c) ---- */
void web_header(web_resp *rs, const char *name, const char *value);
/* A document (PDF, XLSX) that a report function writes to a file, as the
 * answer: write(arg, path, msg, msgsz) fills a private temporary file, which
 * is read back into the body and removed.  disposition is "inline" or
 * "attachment"; on failure the error page says fail_user (Japanese). */
typedef int (*web_doc_writer)(const void *arg, const char *path, char *msg, size_t msgsz);
int web_send_document(web_req *rq, web_resp *rs, web_doc_writer write, const void *arg, const char *content_type,
                      const char *disposition, const char *filename, const char *fail_user);
/* 303 See Other to a local path; flash (may be NULL) is shown on the next page. */
int web_redirect(web_req *rq, web_resp *rs, const char *location, const char *flash);
/* Map an err_t to the HTTP status (the one place this mapping lives). */
int web_status_for(int err_code);
/* Render an error: HTML page (with the request id) or JSON {"error":..,"message":..,"field":..}.
 * Logs the technical message with the request id.  Returns 0. */
int web_fail(web_req *rq, web_resp *rs, const err_t *e);
/* JSON reply (takes ownership of j). */
int web_json_reply(web_resp *rs, int status, json_t *j);
/* Set / clear the session cookie (HttpOnly, SameSite=Strict, Secure under TLS). */
void web_set_session_cookie(web_req *rq, web_resp *rs, const char *token);
void web_clear_session_cookie(web_req *rq, web_resp *rs);
/* A clerk's preference kept by the browser for the session (a cookie with
 * the same attributes, ending with the browser or the next login/logout):
 * value must be a short ASCII code, never personal data. */
void web_set_pref_cookie(web_req *rq, web_resp *rs, const char *name, const char *value);
/* Forget every preference (at login and logout). */
void web_clear_prefs(web_req *rq, web_resp *rs);
/* The preference cookies' names. */
#define WEB_PREF_SOURCE "rsrc"   /* the channel of the last reception request (受付方法) */

/* ---- page frame (layout.c) ---- */
enum web_nav {
    NAV_HOME, NAV_RECEPTION, NAV_READING, NAV_BILLING, NAV_COLLECTION, NAV_ARREARS, NAV_METER, NAV_WORKS,
    NAV_STATS, NAV_ADMIN, NAV__MAX
};
/* <!doctype html> ... header with the system name, the global search box
 * (access key S), the navigation of the whole system (areas not built yet are
 * shown disabled), the user menu, the flash message, and opens <main>. */
void web_page_begin(web_req *rq, web_resp *rs, const char *title, int nav);
/* Closes <main>, footer, scripts (only /static/app.js; no inline script). */
void web_page_end(web_req *rq, web_resp *rs);
/* A hidden input carrying the CSRF token: every POST form calls this. */
void web_csrf_field(web_req *rq, web_resp *rs);
/* Error summary box for a refused form (role=alert, names the field). */
void web_form_error(web_resp *rs, const err_t *e);
/* A labelled text input: label, name, value, extra attrs (type, required,
 * autocomplete...) as NULL-terminated name/value pairs; marks aria-invalid
 * when e->field equals name. */
void web_input(web_resp *rs, const char *label, const char *name, const char *value, const err_t *e, ...)
    __attribute__((sentinel));
/* A labelled <select> from code/label pairs (NULL-terminated table). */
void web_select(web_resp *rs, const char *label, const char *name, const char *selected,
                const char *const *codes, const char *const *labels, size_t n, const err_t *e);
/* Date for display per ui.date_style ("wareki" -> 令和7年4月1日, else 2025-04-01). */
void web_date(web_req *rq, web_resp *rs, const char *iso);
/* Yen with thousands separators: ¥12,345. */
void web_yen(web_resp *rs, long long yen);

/* ---- handlers, one file per screen group ---- */
int page_home(web_req *rq, web_resp *rs);
int page_login_form(web_req *rq, web_resp *rs);
int page_login_submit(web_req *rq, web_resp *rs);
int page_logout(web_req *rq, web_resp *rs);
int page_password_form(web_req *rq, web_resp *rs);
int page_password_submit(web_req *rq, web_resp *rs);
int page_customer_search(web_req *rq, web_resp *rs);
int page_customer_csv(web_req *rq, web_resp *rs);
int page_karte(web_req *rq, web_resp *rs);
int page_reception(web_req *rq, web_resp *rs);          /* GET /reception?day= : the inbox */
int page_reception_form(web_req *rq, web_resp *rs);     /* GET /taps/<no>/reception?kind= */
int page_reception_submit(web_req *rq, web_resp *rs);   /* POST /taps/<no>/reception */
int page_reception_cancel(web_req *rq, web_resp *rs);   /* POST /reception/requests/<id>/cancel */
int page_workorders(web_req *rq, web_resp *rs);         /* GET /workorders?day=&route= */
int page_workorders_pdf(web_req *rq, web_resp *rs);     /* GET /workorders.pdf?day=&route= : the crew's sheet */
int page_workorder(web_req *rq, web_resp *rs);          /* GET /workorders/<id> */
int page_workorder_submit(web_req *rq, web_resp *rs);   /* POST /workorders/<id>: completion */
/* The reception form of a kind for a tap; pre (may be NULL) prefills fields
 * by name (an application from the portal: application_id > 0 travels as a
 * hidden field and is marked converted with the request). */
void web_reception_form_page(web_req *rq, web_resp *rs, const char *tap_no, const char *kind, const json_t *pre,
                             int64_t application_id, const err_t *e);
int page_applications(web_req *rq, web_resp *rs);         /* GET /reception/applications?status= */
int page_application(web_req *rq, web_resp *rs);          /* GET /reception/applications/<id> */
int page_application_convert(web_req *rq, web_resp *rs);  /* POST /reception/applications/<id>/convert: tap_no */
int page_application_reject(web_req *rq, web_resp *rs);   /* POST /reception/applications/<id>/reject: reason */
/* The karte's 受付 panel: actions for the tap and its requests. */
struct app_request;         /* app/reception/app_reception.h */
void web_reception_panel(web_req *rq, web_resp *rs, const char *tap_no, bool occupied, const struct app_request *rows,
                         size_t n);
int page_tap_new_form(web_req *rq, web_resp *rs);
int page_tap_new_submit(web_req *rq, web_resp *rs);
int page_tap_edit_form(web_req *rq, web_resp *rs);
int page_tap_edit_submit(web_req *rq, web_resp *rs);
int page_customer_edit_form(web_req *rq, web_resp *rs);
int page_customer_edit_submit(web_req *rq, web_resp *rs);
int page_users(web_req *rq, web_resp *rs);
int page_user_new_form(web_req *rq, web_resp *rs);
int page_user_new_submit(web_req *rq, web_resp *rs);
int page_user_action(web_req *rq, web_resp *rs);     /* POST /admin/users/<name> with action=role|password|disable|enable|unlock */
int page_approvals(web_req *rq, web_resp *rs);
int page_approval_decide(web_req *rq, web_resp *rs); /* POST /approvals/<id> with decision=approve|reject */
int page_audit(web_req *rq, web_resp *rs);
int page_healthz(web_req *rq, web_resp *rs);
int page_static(web_req *rq, web_resp *rs);
int page_print_css(web_req *rq, web_resp *rs);   /* GET /print.css: the printed pages' footer (page_print_css.c) */
int api_login(web_req *rq, web_resp *rs);
int api_logout(web_req *rq, web_resp *rs);
int api_customers(web_req *rq, web_resp *rs);
int api_tap(web_req *rq, web_resp *rs);
/* 検針 (page_reading*.c, page_meter.c, page_reader.c, api_reading.c) */
int page_reading(web_req *rq, web_resp *rs);
int page_reading_schedule(web_req *rq, web_resp *rs);
int page_reading_route_save(web_req *rq, web_resp *rs);
int page_reading_route(web_req *rq, web_resp *rs);
int page_reading_route_submit(web_req *rq, web_resp *rs);
int page_reading_held(web_req *rq, web_resp *rs);
int page_reading_held_action(web_req *rq, web_resp *rs);   /* POST /reading/held/<id> with action=confirm|reread */
int page_reading_estimate(web_req *rq, web_resp *rs);
int page_reading_held_view(web_req *rq, web_resp *rs);   /* GET /reading/held/<id>: what confirming it means */
int page_tap_estimate(web_req *rq, web_resp *rs);   /* GET /taps/<no>/estimate: 認定, shown before it is recorded */
int page_reading_rejects(web_req *rq, web_resp *rs);
int page_reading_reject_resolve(web_req *rq, web_resp *rs);
int page_reading_leaks(web_req *rq, web_resp *rs);
int page_reading_leak_notice(web_req *rq, web_resp *rs);
int page_reading_import_form(web_req *rq, web_resp *rs);
int page_reading_import_submit(web_req *rq, web_resp *rs);
int page_reading_import_result(web_req *rq, web_resp *rs);   /* GET /reading/imports/<batch> */
int page_meter_form(web_req *rq, web_resp *rs);
int page_meter_submit(web_req *rq, web_resp *rs);
int page_reader_note_submit(web_req *rq, web_resp *rs);
int page_reader_shell(web_req *rq, web_resp *rs);
int page_reader_redirect(web_req *rq, web_resp *rs);
int page_reader_sw(web_req *rq, web_resp *rs);
int page_devices(web_req *rq, web_resp *rs);
int page_operations(web_req *rq, web_resp *rs);
int page_migration(web_req *rq, web_resp *rs);       /* page_migration.c: 管理 → データ移行 */
int page_migration_run(web_req *rq, web_resp *rs);
int page_metrics(web_req *rq, web_resp *rs);
int page_device_issue(web_req *rq, web_resp *rs);
int page_device_revoke(web_req *rq, web_resp *rs);
int api_me(web_req *rq, web_resp *rs);
int api_routes(web_req *rq, web_resp *rs);
int api_route_list(web_req *rq, web_resp *rs);
int api_route_csv(web_req *rq, web_resp *rs);
int api_reading_post(web_req *rq, web_resp *rs);
int api_reading_batch(web_req *rq, web_resp *rs);
int api_reading_import(web_req *rq, web_resp *rs);
int api_reading_import_refusals(web_req *rq, web_resp *rs);
/* The download link of an import's full list of refused rows into out ("" when none is kept). */
struct app_import_report;   /* app/reading/app_reading.h */
void api_import_refusals_url(const struct app_import_report *rep, char *out, size_t size);
int api_tap_readings(web_req *rq, web_resp *rs);
int api_readings_held(web_req *rq, web_resp *rs);
int api_reading_confirm(web_req *rq, web_resp *rs);
int api_reading_reread(web_req *rq, web_resp *rs);
int api_reading_estimate(web_req *rq, web_resp *rs);

/* 調定 (page_bill.c, page_billing.c, page_tariff.c) */
int page_bill(web_req *rq, web_resp *rs);
int page_bill_request(web_req *rq, web_resp *rs);   /* POST /bills/<id> with action=correct|leak */
int page_bill_final(web_req *rq, web_resp *rs);     /* POST /taps/<no>/final: 中止精算 */
int page_bill_slip(web_req *rq, web_resp *rs);      /* GET /bills/<id>/slip.pdf: 納付書 */
int page_bill_slip_reissue(web_req *rq, web_resp *rs);   /* POST /bills/<id>/slip-reissue: 再発行 */
int page_tap_sewer(web_req *rq, web_resp *rs);      /* POST /taps/<no>/sewer: 汚水量の認定 */
int page_billing(web_req *rq, web_resp *rs);
int page_billing_run(web_req *rq, web_resp *rs);
int page_billing_skips(web_req *rq, web_resp *rs);
int page_billing_skip_confirm(web_req *rq, web_resp *rs);
int page_bill_summary(web_req *rq, web_resp *rs);       /* GET /billing/summary?cycle= : 調定集計表 */
int page_bill_summary_csv(web_req *rq, web_resp *rs);   /* GET /billing/summary.csv?cycle=&encoding= */
int page_bill_summary_xlsx(web_req *rq, web_resp *rs);  /* GET /billing/summary.xlsx?cycle= */
int page_sewer_export_form(web_req *rq, web_resp *rs);  /* GET /billing/sewer-export : 他市町下水データ */
int page_sewer_export(web_req *rq, web_resp *rs);       /* POST /billing/sewer-export : the file or its 送付書 */
int page_checks(web_req *rq, web_resp *rs);             /* GET /checks?cycle= : 点検（漏れ防止）, the counts */
int page_check_list(web_req *rq, web_resp *rs);         /* GET /checks/<name>[.csv]?cycle= : one list */
int page_tariffs(web_req *rq, web_resp *rs);
int page_tariff(web_req *rq, web_resp *rs);
int page_tariff_load(web_req *rq, web_resp *rs);
int api_tap_bills(web_req *rq, web_resp *rs);
int api_bill(web_req *rq, web_resp *rs);
/* 督促・催告 (page_dunning.c): the dunning screen, starting a run, a run's
 * letters as PDF, and the karte's panel of the notices sent for a tap. */
int page_dunning(web_req *rq, web_resp *rs);         /* GET /arrears/dunning */
int page_dunning_run(web_req *rq, web_resp *rs);     /* POST /arrears/dunning/run: step, as_of[, confirmed] */
int page_dunning_pdf(web_req *rq, web_resp *rs);     /* GET /arrears/dunning/runs/<id>/notices.pdf */
void web_notices_panel(web_req *rq, web_resp *rs, const char *tap_no);
/* 延滞金・督促手数料 (page_late_charge.c): the open charges of a tap (tap_no)
 * or of a customer (tap_no NULL) with 入金, 納付書 and 減免. */
void web_late_charges_panel(web_req *rq, web_resp *rs, const char *tap_no, int64_t customer_id);
int page_late_charge_pay(web_req *rq, web_resp *rs);     /* POST /late-charges/<id>/pay[: back] */
int page_late_charge_waive(web_req *rq, web_resp *rs);   /* POST /late-charges/<id>/waive: reason[, back] */
int page_late_charge_slip(web_req *rq, web_resp *rs);    /* GET /late-charges/<id>/slip.pdf */
/* 給水停止 (page_stoppage.c): the candidates, issuing stoppage orders after a
 * confirmation, the karte's stoppage panel and strip item, exemptions, 解除. */
int page_stoppage(web_req *rq, web_resp *rs);          /* GET /arrears/stoppage */
int page_stoppage_issue(web_req *rq, web_resp *rs);    /* POST /arrears/stoppage/issue: tap..., due_on, urgent[, confirmed] */
int page_stoppage_exempt(web_req *rq, web_resp *rs);   /* POST /karte/<tap>/stoppage/exempt */
int page_stoppage_reopen(web_req *rq, web_resp *rs);   /* POST /karte/<tap>/stoppage/reopen */
void web_stoppage_panel(web_req *rq, web_resp *rs, const char *tap_no);
/* Inside the karte strip's <dl>: 給水停止中 since the day (nothing when not stopped). */
void web_stoppage_strip(web_req *rq, web_resp *rs, const char *tap_no);
/* The bills panel of the お客様カルテ. */
void web_bills_panel(web_req *rq, web_resp *rs, const char *tap_no);
/* 収納: the karte's 収納状況 panel (acct: the tap's account as the karte read
 * it; NULL when it could not be read), set-off and refund requests, the
 * account API (page_payment.c). */
struct app_account;         /* app/collect/app_payment.h */
void web_payments_panel(web_req *rq, web_resp *rs, const char *tap_no, const struct app_account *acct);
/* 対応履歴: the karte's contact log panel, recording a contact, confirming a
 * doubtful mailing address (page_contact.c). */
struct app_contact_state;   /* app/reception/app_contact.h */
/* st: the tap's contact state as the karte read it (NULL: read it here). */
void web_contacts_panel(web_req *rq, web_resp *rs, const char *tap_no, const struct app_contact_state *st);
int page_contact_add(web_req *rq, web_resp *rs);           /* POST /taps/<no>/contacts: channel, reason, summary */
int page_contact_mail_checked(web_req *rq, web_resp *rs);  /* POST /taps/<no>/mail-checked */
int page_tap_setoff(web_req *rq, web_resp *rs);    /* POST /taps/<no>/setoff */
int page_tap_refund(web_req *rq, web_resp *rs);    /* POST /taps/<no>/refund */
int api_tap_account(web_req *rq, web_resp *rs);    /* GET /api/v1/taps/<no>/account */
/* 口座振替 (page_mandate.c). */
int page_mandate(web_req *rq, web_resp *rs);         /* GET /taps/<no>/mandate[?bank=&branch=] */
int page_mandate_submit(web_req *rq, web_resp *rs);  /* POST /taps/<no>/mandate */
/* 収納日計表 and the journal (page_daily.c). */
int page_daily(web_req *rq, web_resp *rs);         /* GET /collections/daily?date= */
int page_daily_pdf(web_req *rq, web_resp *rs);     /* GET /collections/daily.pdf?date= */
int page_daily_xlsx(web_req *rq, web_resp *rs);    /* GET /collections/daily.xlsx?date= */
int page_journal_csv(web_req *rq, web_resp *rs);   /* GET /collections/journal.csv?from=&to=&encoding= */
/* 収納 menu, result-file uploads, suspense, the counter and receipts (page_collect.c). */
int page_collect(web_req *rq, web_resp *rs);          /* GET /collections */
int page_collect_agent(web_req *rq, web_resp *rs);    /* POST /collections/agent (multipart: profile, file) */
int page_collect_card(web_req *rq, web_resp *rs);     /* POST /collections/card (multipart: file) */
int page_suspense(web_req *rq, web_resp *rs);         /* GET /collections/suspense[?status=resolved][&from=&to=&channel=&amount=&page=] */
int page_suspense_resolve(web_req *rq, web_resp *rs); /* POST /collections/suspense/<id>: bill or tap, note */
int page_suspense_apply(web_req *rq, web_resp *rs);   /* POST /collections/suspense/<id>/apply: the named bill, one click */
int page_suspense_works(web_req *rq, web_resp *rs);   /* POST /collections/suspense/<id>/works: number, note (工事申込に消込) */
int page_counter_form(web_req *rq, web_resp *rs);     /* GET /taps/<no>/counter */
int page_counter_submit(web_req *rq, web_resp *rs);   /* POST /taps/<no>/counter: amount, bill, note */
int page_receipt_pdf(web_req *rq, web_resp *rs);      /* GET /payments/<id>/receipt.pdf: 領収書 */
int page_counter_result(web_req *rq, web_resp *rs);   /* GET /payments/<id>/counter: after a counter payment */
int page_import_result(web_req *rq, web_resp *rs);    /* GET /collections/imports/<file id>: a file read */
/* 滞納整理簿 (page_arrears.c). */
int page_arrears(web_req *rq, web_resp *rs);          /* GET /arrears?area=&route=&amount_min=&amount_max=&age=&method=&view=&sort=&page= */
int page_arrears_csv(web_req *rq, web_resp *rs);      /* GET /arrears.csv?(the same filters)&encoding= : every row */
int page_arrears_xlsx(web_req *rq, web_resp *rs);     /* GET /arrears.xlsx?(the same filters) : every row */
int page_arrears_customer(web_req *rq, web_resp *rs); /* GET /arrears/customers/<id>: every overdue bill */
/* 交渉記録・分納誓約 (page_pledge.c). */
int page_negotiation_add(web_req *rq, web_resp *rs);  /* POST /arrears/customers/<id>/negotiations */
int page_pledge_form(web_req *rq, web_resp *rs);      /* GET /arrears/customers/<id>/pledge */
int page_pledge_submit(web_req *rq, web_resp *rs);    /* POST /arrears/customers/<id>/pledge */
int page_pledges(web_req *rq, web_resp *rs);          /* GET /arrears/pledges?status=active|breached|kept|cancelled */
int page_pledge(web_req *rq, web_resp *rs);           /* GET /arrears/pledges/<id> */
int page_pledge_pdf(web_req *rq, web_resp *rs);       /* GET /arrears/pledges/<id>/pledge.pdf */
int page_pledge_cancel(web_req *rq, web_resp *rs);    /* POST /arrears/pledges/<id>/cancel */
/* The customer's negotiations (with the form to add one when with_form)
 * and pledges, as panels: on the arrears page of the customer and the カルテ. */
void web_negotiations_panel(web_req *rq, web_resp *rs, int64_t customer_id, bool with_form);
void web_pledges_panel(web_req *rq, web_resp *rs, int64_t customer_id);
/* 時効管理・不納欠損 (page_writeoff.c) */
int page_limitation(web_req *rq, web_resp *rs);           /* GET /arrears/limitation?service=&months=&page= */
int page_limitation_csv(web_req *rq, web_resp *rs);       /* GET /arrears/limitation.csv?(the same)&encoding= */
int page_writeoffs(web_req *rq, web_resp *rs);            /* GET /arrears/writeoffs: the register */
int page_writeoff_propose(web_req *rq, web_resp *rs);     /* POST /arrears/writeoffs: bill (repeated), reason, reason_text */
int page_writeoff(web_req *rq, web_resp *rs);             /* GET /arrears/writeoffs/<id> */
int page_writeoff_report(web_req *rq, web_resp *rs);      /* GET /arrears/writeoff-report?fy= */
int page_writeoff_report_pdf(web_req *rq, web_resp *rs);  /* GET /arrears/writeoff-report.pdf?fy= */
int page_writeoff_report_xlsx(web_req *rq, web_resp *rs); /* GET /arrears/writeoff-report.xlsx?fy= */
int page_bill_limitation_act(web_req *rq, web_resp *rs);  /* POST /bills/<id>/limitation: kind, act_on, how */
/* The bill page's 時効 panel (fe: a refused act to show, or NULL). */
void web_bill_limitation_panel(web_req *rq, web_resp *rs, int64_t bill_id, const err_t *fe);
/* 口座振替: request files and bank results on screen (page_debit.c). */
int page_debit(web_req *rq, web_resp *rs);            /* GET /collections/debit */
int page_debit_export(web_req *rq, web_resp *rs);     /* POST /collections/debit/export: date, retry (a download) */
int page_debit_import(web_req *rq, web_resp *rs);     /* POST /collections/debit/import (multipart: file) */
int page_debit_batch(web_req *rq, web_resp *rs);      /* GET /collections/debit/<batch id> */

/* ---- shared pieces of the reading screens ---- */
/* A bar chart (SVG, chart.c): one bar per value (negative drawn as 0),
 * scaled to the largest, its value shown above and its label below, its
 * title as the bar's tooltip; the chart's title names it for screen
 * readers. */
typedef struct web_bar {
    int64_t value;
    char label[48];     /* under the bar: "04/01", "2026/4", "一般用" */
    char shown[32];     /* above the bar: "12", "1,234万" */
    char title[160];    /* the tooltip */
    char cls[48];       /* extra classes of the bar ("" none) */
} web_bar;
typedef struct web_bar_chart_spec {
    const char *cls, *title_id, *id;   /* the svg's class, its title's id, its id */
    const char *title;
    int bar_width;                     /* px (0: 40) */
} web_bar_chart_spec;
void web_bar_chart(buf_t *b, const web_bar_chart_spec *c, const web_bar *bars, size_t n);
/* The usage bars (SVG) of a tap's readings, newest first (chart.c). */
struct app_reading;         /* app/reading/app_reading.h */
void web_usage_chart(buf_t *b, const struct app_reading *rows, size_t n);

/* メーター管理 (web/meter/) */
int page_meters(web_req *rq, web_resp *rs);                      /* GET /meters?q&status&diameter: stock, search */
int page_meter_reorder(web_req *rq, web_resp *rs);               /* POST /meters/reorder: diameter, point */
int page_meter_receive_form(web_req *rq, web_resp *rs);          /* GET /meters/receive */
int page_meter_receive_submit(web_req *rq, web_resp *rs);        /* POST /meters/receive: 庫入 */
int page_meter_issue_form(web_req *rq, web_resp *rs);            /* GET /meters/issue[?serial] */
int page_meter_issue_submit(web_req *rq, web_resp *rs);          /* POST /meters/issue: serial, to, on */
int page_meter_return_form(web_req *rq, web_resp *rs);           /* GET /meters/return[?serial] */
int page_meter_return_submit(web_req *rq, web_resp *rs);         /* POST /meters/return: serial, on, note */
int page_meter_stocktake_form(web_req *rq, web_resp *rs);        /* GET /meters/stocktake */
int page_meter_stocktake_submit(web_req *rq, web_resp *rs);      /* POST /meters/stocktake: counted_on, counted_<d>, reason_<d> */
int page_meter_stocktake_show(web_req *rq, web_resp *rs);        /* GET /meters/stocktakes/<id> */
int page_meter_show(web_req *rq, web_resp *rs);                  /* GET /meters/<serial> */
int page_meter_move(web_req *rq, web_resp *rs);                  /* POST /meters/<serial>/move: to, on, expiry, note */
int page_meter_plan(web_req *rq, web_resp *rs);                  /* GET /meters/plan?from&to&route&diameter */
int page_meter_plan_csv(web_req *rq, web_resp *rs);              /* GET /meters/plan.csv?…&encoding */
int page_meter_plan_order(web_req *rq, web_resp *rs);            /* GET /meters/plan/order.pdf?…&route&contractor */
int page_meter_replace_form(web_req *rq, web_resp *rs);          /* GET /meters/replace[?tap] */
int page_meter_replace_submit(web_req *rq, web_resp *rs);        /* POST /meters/replace: tap, on, old_final, serial, contractor, new_start, flush, confirm_diameter */
/* 指定給水装置工事事業者 (web/works/page_works_contractor*.c) */
int page_works_contractors(web_req *rq, web_resp *rs);             /* GET /works/contractors?q&state&due&due_days&page */
int page_works_contractors_csv(web_req *rq, web_resp *rs);         /* GET /works/contractors.csv?…&encoding */
int page_works_contractors_xlsx(web_req *rq, web_resp *rs);        /* GET /works/contractors.xlsx?… */
int page_works_contractor_new_form(web_req *rq, web_resp *rs);     /* GET /works/contractors/new */
int page_works_contractor_new_submit(web_req *rq, web_resp *rs);   /* POST /works/contractors/new */
int page_works_contractor(web_req *rq, web_resp *rs);              /* GET /works/contractors/<id>[?on=day] */
int page_works_contractor_edit_form(web_req *rq, web_resp *rs);    /* GET /works/contractors/<id>/edit */
int page_works_contractor_edit_submit(web_req *rq, web_resp *rs);  /* POST /works/contractors/<id>/edit */
int page_works_contractor_renew(web_req *rq, web_resp *rs);        /* POST …/<id>/renew: renew_on */
int page_works_contractor_suspend(web_req *rq, web_resp *rs);      /* POST …/<id>/suspend: suspend_from, _until, _reason[, confirm] */
int page_works_contractor_reinstate(web_req *rq, web_resp *rs);    /* POST …/<id>/reinstate: reinstate_on, _reason[, confirm] */
int page_works_contractor_revoke(web_req *rq, web_resp *rs);       /* POST …/<id>/revoke: revoke_on, _reason[, confirm] */
int page_works_engineer_add(web_req *rq, web_resp *rs);            /* POST …/<id>/engineers: licence_no, engineer_name, registered_on */
int page_works_engineer_remove(web_req *rq, web_resp *rs);         /* POST …/<id>/engineers/remove: engineer, removed_on */

/* 工事申込と進捗 (web/works/page_works*.c) */
int page_works(web_req *rq, web_resp *rs);             /* GET /works?number&status&type&contractor&area&from&to&overdue&page */
int page_works_csv(web_req *rq, web_resp *rs);         /* GET /works.csv?…&encoding */
int page_works_xlsx(web_req *rq, web_resp *rs);        /* GET /works.xlsx?… */
/* 工事の統計・帳票 (page_works_report.c): ?month=YYYY-MM or ?year=YYYY */
/* 統計 (web/stats/page_stats.c) */
int page_stats(web_req *rq, web_resp *rs);          /* GET /stats: the menu */
int page_stats_report(web_req *rq, web_resp *rs);   /* GET /stats/<name>[.csv|.xlsx|.pdf]?month|year|from&to */
int page_works_reports(web_req *rq, web_resp *rs);                 /* GET /works/reports */
int page_works_report_stats_csv(web_req *rq, web_resp *rs);        /* GET /works/reports/stats.csv */
int page_works_report_stats_xlsx(web_req *rq, web_resp *rs);       /* GET /works/reports/stats.xlsx */
int page_works_report_stats_pdf(web_req *rq, web_resp *rs);        /* GET /works/reports/stats.pdf */
int page_works_report_fees_csv(web_req *rq, web_resp *rs);         /* GET /works/reports/fees.csv */
int page_works_report_fees_xlsx(web_req *rq, web_resp *rs);        /* GET /works/reports/fees.xlsx */
int page_works_report_progress_csv(web_req *rq, web_resp *rs);     /* GET /works/reports/progress.csv */
int page_works_report_progress_xlsx(web_req *rq, web_resp *rs);    /* GET /works/reports/progress.xlsx */
int page_works_new_form(web_req *rq, web_resp *rs);    /* GET /works/new */
int page_works_new_submit(web_req *rq, web_resp *rs);  /* POST /works/new (preview=1: 照合・試算) */
int page_works_show(web_req *rq, web_resp *rs);        /* GET /works/<id> */
int page_works_step(web_req *rq, web_resp *rs);        /* POST /works/<id>/step: step, on, result, reason[, confirm] */
int page_works_attach(web_req *rq, web_resp *rs);      /* POST /works/<id>/attachments (multipart: file) */
int page_works_attachment(web_req *rq, web_resp *rs);  /* GET /works/attachments/<id>: the file, as an attachment */
int page_works_pay(web_req *rq, web_resp *rs);         /* POST /works/<id>/pay: amount, receipt_no (窓口入金; one-time token) */
int page_works_change(web_req *rq, web_resp *rs);      /* POST /works/<id>/change: diameter, old_diameter, dwellings, reason */
int page_works_refund_notice(web_req *rq, web_resp *rs);   /* GET /works/refunds/<id>/notice.pdf: 還付通知書 */
/* 工事の書類 (web/works/page_works_document.c): 409 with the reason when the
 * document does not apply to the application's state yet. */
int page_works_doc_notice(web_req *rq, web_resp *rs);      /* GET /works/<id>/notice.pdf: 納入通知書 */
int page_works_doc_copy(web_req *rq, web_resp *rs);        /* GET /works/<id>/copy.pdf: 申込書（控） */
int page_works_doc_approval(web_req *rq, web_resp *rs);    /* GET /works/<id>/approval.pdf: 認可書 */
int page_works_doc_inspection(web_req *rq, web_resp *rs);  /* GET /works/<id>/inspection.pdf: 完成検査結果通知書 */
/* The カルテ's panel of the works applications naming the tap (works.view;
 * nothing when there are none). */
void web_works_tap_panel(web_req *rq, web_resp *rs, const char *tap_no);

#endif
