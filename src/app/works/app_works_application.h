/* app_works_application — works applications (給水装置工事の申込, issue 18
 * items 2 and 4; docs/works.md): entering one (受付) with its place matched
 * to the existing taps, its contractor in good standing and its fees
 * assessed from the table in force on the received date; the steps of its
 * progress (domain/works/works_progress.h: who may take each, the fee gate,
 * dates that never go backwards) with the hand-over to billing on 完了
 * (app_works_handover.h); the search.  Attachments (drawings as
 * PDF/PNG/JPEG, decided by their content, kept in the data directory outside
 * the web root) are app_works_attachment.h's.
 *
 * Every change is one transaction with an audit row (works.application.*).
 * The owner's and applicant's names and phones, the address, the cancel
 * reason, a step's note and an attachment's original name are personal data
 * or may be: sealed before they reach store/, never in the log or an audit
 * detail.  Reading one application (its personal data) is audited
 * (works.application.view), as is every download of an attachment.
 *
 * Permissions: PERM_WORKS to enter applications, attach files and take
 * steps; 承認 needs PERM_WORKS_APPROVE and another person than the one who
 * entered it; PERM_WORKS_VIEW to search, read and download.
 *
 * Settings ([works] in suido.ini): works.attachment_dir (default
 * "works-files" beside the key file), works.attachment_max_bytes (default
 * 10 MB), works.overdue_days (a step open longer than this is overdue;
 * default 14).
 *
 * Ownership: outputs are filled by value or malloc'd inside the caller's
 * structs; free with the matching _free. */
#ifndef SUIDO_APP_WORKS_APPLICATION_H
#define SUIDO_APP_WORKS_APPLICATION_H

#include "app/app.h"
#include "domain/works/works_fee.h"
#include "domain/works/works_progress.h"

#define APP_WORKS_MAX_DWELLINGS 200     /* a 特団 entered on one form */
#define APP_WORKS_LABEL_MAX 20          /* characters of a dwelling's label (部屋番号) */
#define APP_WORKS_PAGE 50

/* What the new-application form sends (as typed; NULL = not sent).
 * dwelling_labels: a complex's dwellings (部屋番号), one a line, as many as
 * the dwellings (NULL or "": numbered 1, 2, …). */
typedef struct app_works_input {
    const char *type, *received_on, *contractor_id, *engineer_id;
    const char *owner_name, *owner_phone, *applicant_name, *applicant_phone;
    const char *area_code, *address, *tap_no;
    const char *diameter, *old_diameter, *dwellings, *meter_count, *meter_place, *use_code;
    const char *consent_land_on, *consent_house_on, *consent_party_on;
    const char *dwelling_labels;
    const char *dwelling_diameters;     /* a complex's: each dwelling's diameter (mm) in the labels' order,
                                           one a line or separated by commas/spaces; NULL or "": all at diameter */
    const char *owner_kana;             /* the owner's カナ (optional; the customer's of the start request) */
} app_works_input;

/* Enter an application (受付).  Refusals are ERR_INVALID naming the form
 * field: type, received_on, contractor_id (missing, unknown, or not in good
 * standing on the date: the reason), dwelling_labels (not one a dwelling,
 * too long, twice the same), dwelling_diameters (not one a dwelling, not
 * a diameter), engineer_id (not the contractor's
 * registered chief engineer on the date), owner_name, owner_kana (カナ
 * and spaces only), owner_phone,
 * applicant_name, applicant_phone, area_code, address, tap_no (required for
 * remodel and removal; must exist in the area), diameter, old_diameter,
 * dwellings, meter_count, use_code, consent_*_on, and the fee table's
 * refusals (diameter, old_diameter, dwellings, received_on).  The form's
 * one-time token (ctx->form, purpose "works-new"): a replay makes nothing
 * and returns the first one's id. */
int app_works_create(app_ctx *ctx, const app_works_input *in, int64_t *id, err_t *e);

/* The fees of a would-be application (the form shows them): PERM_WORKS_VIEW. */
int app_works_quote(app_ctx *ctx, const char *type, const char *diameter, const char *old_diameter,
                    const char *dwellings, const char *dwelling_diameters, const char *date, works_fee_quote *q,
                    err_t *e);

/* The forms' choices: the contractors not revoked (every one when all, for
 * the search), and the chief engineers registered now (label: 免状番号 and
 * the contractor); PERM_WORKS_VIEW.
 * *contractors and *engineers malloc'd (free()). */
typedef struct app_works_choice {
    int64_t id, contractor_id;
    char label[320];
} app_works_choice;
int app_works_choices(app_ctx *ctx, bool all, app_works_choice **contractors, size_t *nc,
                      app_works_choice **engineers, size_t *ne, err_t *e);

/* The taps whose registered place the typed place names (address_match),
 * for the clerk to pick from: at most max.  PERM_WORKS_VIEW; audited as a
 * view (works.place.match: the area and how many, never the address). */
typedef struct app_works_candidate {
    char tap_no[16];
    char place[600];
    int64_t diameter;
    char status[16];
} app_works_candidate;
int app_works_match_place(app_ctx *ctx, const char *area_code, const char *address, app_works_candidate *out,
                          size_t max, size_t *n, err_t *e);

typedef struct app_works_charge {
    char code[32], name[96];
    int64_t yen, tax, paid_yen;
    int due;                    /* enum works_fee_due */
} app_works_charge;

typedef struct app_works_step_item {
    int step;                   /* enum works_step */
    int result;                 /* enum works_result */
    int status;                 /* the status it led to */
    char on[11], by[64];
    char note[512];             /* opened (取消: the reason) */
} app_works_step_item;

typedef struct app_works_attachment {
    int64_t id;
    char name[256];             /* opened: the file's name as uploaded */
    char content_type[32];
    int64_t size;
    char sha256[65];
    char by[64];
    int64_t at;
} app_works_attachment;

typedef struct app_works_dwelling {
    int64_t no, diameter;
    char label[64];
    char tap_no[16];            /* the tap it became on 完了 ("" before) */
} app_works_dwelling;

typedef struct app_works_application {
    int64_t id;
    char number[16];
    int type;                   /* enum works_type */
    int status;                 /* enum works_status */
    char status_on[11], received_on[11];
    int64_t contractor_id, engineer_id;
    char contractor_name[256], engineer_licence[16];
    char owner_name[256], owner_phone[32], applicant_name[256], applicant_phone[32];
    char owner_kana[256];       /* opened ("" none) */
    char area_code[8], area_name[96], address[512], tap_no[16];
    int64_t diameter, old_diameter, dwellings, meter_count;
    char meter_place[128], use_code[16];
    char consent_land_on[11], consent_house_on[11], consent_party_on[11];
    char fee_table[64];
    char cancel_reason[512];
    char entered_by[64];
    bool overdue;               /* open, its latest step older than works.overdue_days */
    app_works_charge *charges;
    size_t ncharges;
    app_works_step_item *steps;
    size_t nsteps;
    app_works_attachment *attachments;
    size_t nattachments;
    app_works_dwelling *dwelling_rows;
    size_t ndwelling_rows;
} app_works_application;

/* One application with its charges, steps, attachments and dwellings;
 * audited as a view.  ERR_NOTFOUND when there is none. */
int app_works_get(app_ctx *ctx, int64_t id, app_works_application *out, err_t *e);
void app_works_application_free(app_works_application *a);

/* A meter set at the completion inspection, as the form sends it (NULL or
 * "" = not given): its number, maker, diameter (mm; default the
 * application's, or the dwelling's), digits (4–6; default 4), the dial it
 * was set at, and the last dial of the meter taken off (改造 with a new
 * meter, 撤去). */
typedef struct app_works_meter_input {
    const char *meter_no, *maker, *diameter, *digits, *reading, *old_final;
} app_works_meter_input;

/* Take a step (works_step_code: review, approve, pay, start, inspect,
 * reinspect, complete, cancel) on day on ("" = today), with result ("pass"
 * / "fail", the inspections) and reason (取消).  The permission is the
 * step's (works_step_perm); refusals are the domain's, naming the field
 * (step, on, result, reason, fees).  A passing inspection records the
 * meters (app_works_step_meters); 完了 hands the application over to
 * billing in the same transaction (app/works/app_works_handover.h: the tap
 * made, changed or closed, its meter, the start request), and 完了 of an
 * application already completed does nothing and returns 0. */
int app_works_step(app_ctx *ctx, int64_t id, const char *step, const char *on, const char *result,
                   const char *reason, err_t *e);
/* The same with the meters of a passing 完成検査 / 再検査: meters[0..n),
 * one, or one per dwelling of a 特団 in dwelling order; refusals name the
 * meter's field (meter_no, meter_maker, meter_diameter, meter_digits,
 * meter_reading, old_final; a dwelling's with "_<no>" after it).  *tap_no
 * (size 16, may be NULL) receives the tap a 完了 handed over ("" none). */
int app_works_step_meters(app_ctx *ctx, int64_t id, const char *step, const char *on, const char *result,
                          const char *reason, const app_works_meter_input *meters, size_t n, char *tap_no,
                          err_t *e);

/* The search (every member as typed; NULL or "" = no condition): number
 * (whole or its beginning), status, type, contractor (id), area (code),
 * from / to (received dates), overdue "1".  ERR_INVALID naming the
 * parameter for a bad value.  No personal data in the rows. */
typedef struct app_works_query {
    const char *number, *status, *type, *contractor, *area, *from, *to, *overdue;
    int64_t page;               /* from 1 */
    int64_t per_page;           /* 0: APP_WORKS_PAGE; -1: every row (exports) */
} app_works_query;

typedef struct app_works_row {
    int64_t id;
    char number[16];
    int type, status;
    char status_on[11], received_on[11];
    char contractor_name[256], area_name[96], tap_no[16];
    int64_t diameter, old_diameter, dwellings;
    bool overdue;
    int64_t days_open;          /* days since the latest step (open applications) */
} app_works_row;

typedef struct app_works_page {
    app_works_row *rows;
    size_t n;
    int64_t total, page, pages, per_page;
    int64_t overdue_days;       /* the setting */
    char today[11];
} app_works_page;

int app_works_search(app_ctx *ctx, const app_works_query *q, app_works_page *out, err_t *e);
/* The applications naming the tap numbered tap_no (every one, newest
 * first), for its カルテ: PERM_WORKS_VIEW; ERR_NOTFOUND when there is no
 * such tap.  No personal data. */
int app_works_of_tap(app_ctx *ctx, const char *tap_no, app_works_page *out, err_t *e);
void app_works_page_free(app_works_page *p);

/* Key rotation: re-seal the applications' sealed values (names, phones,
 * addresses, cancel reasons, steps' notes, attachments' names, settlements' reasons) not under
 * the current key, inside app_key's transaction.  *count: values
 * re-sealed. */
int app_works_application_reseal_tx(app_ctx *ctx, int64_t *count, err_t *e);

/* The demo city's year of applications (app_works_demo_applications.c),
 * inside app_demo_generate's transaction: Kofu's 1,736 a year per 120,000
 * taps (at least 30), in every status, some overdue; taps: how many the
 * demo made (ids 1..taps).  *made (may be NULL): applications made. */
int app_works_demo_applications_tx(app_ctx *ctx, uint64_t seed, int64_t taps, int64_t *made, err_t *e);

/* ERR_NOTFOUND "該当する工事申込がありません。" for application id (the works
 * use cases' answer). */
int app_works_application_not_found(err_t *e, int64_t id);

/* The fee tables the applications are priced by (the shipped ones,
 * compiled in); *n of them.  Static: nothing to free. */
const works_fee_table *app_works_fee_tables(size_t *n);

#endif
