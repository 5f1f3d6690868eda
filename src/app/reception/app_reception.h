/* app_reception — service start/stop reception (受付) and the field work
 * orders it makes: use cases with permission, one transaction each, and an
 * audit row.  Strings in the returned rows marked malloc'd are the
 * caller's, freed with the matching *_free function. */
#ifndef SUIDO_APP_RECEPTION_H
#define SUIDO_APP_RECEPTION_H

#include "app/app.h"
#include "app/reading/app_reading.h"
#include "app/registry/app_customer.h"

/* Who filed the request (届出人), when not the customer. */
typedef struct app_filer {
    const char *name, *phone, *relation;
} app_filer;

typedef struct app_start_in {
    const char *tap_no;
    const char *start_on;           /* 開始日 */
    const char *source;             /* phone counter mail web */
    int64_t customer_id;            /* > 0: an existing customer (moving within the city) */
    app_customer_input customer;    /* otherwise the new customer */
    app_filer filer;
    const char *note;
    bool urgent;                    /* 至急: inside the notice period (staff only) */
    int64_t application_id;         /* > 0: made from a portal application (marked converted) */
} app_start_in;

typedef struct app_stop_in {
    const char *tap_no;
    const char *stop_on;            /* 中止日: the last day of use, the final reading's day */
    const char *source;
    const char *settle;             /* how the final bill is paid: debit | slip */
    const char *postal, *forward_address;   /* 転居先 for the final bill ("" = keep) */
    const char *phone;              /* a contact phone ("" = keep) */
    app_filer filer;
    const char *note;
    bool urgent;
    int64_t application_id;         /* > 0: made from a portal application (marked converted) */
} app_stop_in;

/* 名義変更 (customer or customer_id), 送付先の変更 (postal, mail_address),
 * 支払方法の変更 (pay: slip | debit). */
typedef struct app_change_in {
    const char *tap_no;
    const char *effective_on;
    const char *source;
    int64_t customer_id;
    app_customer_input customer;
    const char *postal, *mail_address;
    const char *pay;
    app_filer filer;
    const char *note;
} app_change_in;

typedef struct app_request_out {
    int64_t request_id, work_order_id, customer_id;
    bool replayed;   /* the same form posted before (ctx->form, app/app_form.h): nothing done, request_id is the first */
} app_request_out;

/* Start: the tap must be free on the day (no customer, or a stop scheduled
 * before it); the customer is made (or linked) now, the occupancy when the
 * opening work order is completed. */
int app_reception_start(app_ctx *ctx, const app_start_in *in, app_request_out *out, err_t *e);
/* The start and the stop inside the caller's transaction, for a use case of
 * another area that has checked its own permission and the input (the
 * works hand-over): no form token, no [reception] day rules; start_on /
 * stop_on must be YYYY-MM-DD and source a code reception_source_label
 * knows (e.g. "works"). */
int app_reception_start_tx(app_ctx *ctx, const app_start_in *in, app_request_out *out, err_t *e);
int app_reception_stop_tx(app_ctx *ctx, const app_stop_in *in, app_request_out *out, err_t *e);
/* Stop: the tap's current customer; a closing work order on the day; the
 * forwarding address and phone are saved at once (the final bill goes
 * there).  settle debit needs a mandate in force. */
int app_reception_stop(app_ctx *ctx, const app_stop_in *in, app_request_out *out, err_t *e);
/* The three changes take effect at once (no field work). */
int app_reception_name_change(app_ctx *ctx, const app_change_in *in, app_request_out *out, err_t *e);
int app_reception_mail_address(app_ctx *ctx, const app_change_in *in, app_request_out *out, err_t *e);
int app_reception_pay_method(app_ctx *ctx, const app_change_in *in, app_request_out *out, err_t *e);
/* A scheduled request and its open work order are cancelled (reason required). */
int app_reception_cancel(app_ctx *ctx, int64_t request_id, const char *reason, err_t *e);

typedef struct app_request {
    int64_t id, work_order_id;
    char kind[16], tap_no[16], effective_on[11], source[12], status[12], settle[8], created_by[64];
    int64_t created_at;
    char *customer_name;            /* malloc'd ("" when none) */
    char *filer;                    /* malloc'd: "name（relation） phone" or "" */
    char *note;                     /* malloc'd */
    char hold_reason[256];          /* status held: why the final reading waits (the check's reasons) */
} app_request;
void app_requests_free(app_request *rows, size_t n);
/* A tap's requests, newest first. */
int app_reception_list_tap(app_ctx *ctx, const char *tap_no, app_request **rows, size_t *n, err_t *e);
/* Requests received on a day (YYYY-MM-DD, Japan time), newest first. */
int app_reception_inbox(app_ctx *ctx, const char *day, app_request **rows, size_t *n, err_t *e);

typedef struct app_work_order {
    int64_t id, request_id;
    char kind[12], tap_no[16], due_on[11], route[16], status[12], note[512], done_by[64];
    int64_t route_order, reading, bill_id;   /* reading -1: not yet */
    char *address, *customer_name, *phone;   /* malloc'd */
    char settle[8];
    bool urgent;                             /* the request's 至急 */
    char meter_no[24];                       /* the meter at the tap ("" none) */
    char last_read_on[11];                   /* the tap's last reading before the visit ("" none) */
    int64_t last_reading;                    /* its value (-1 none) */
    char result[12];                         /* stoppage / reopen: stopped absent paid reopened ("" none) */
} app_work_order;
/* Frees what one order owns (not w itself); app_work_orders_free frees a list. */
void app_work_order_free(app_work_order *w);
void app_work_orders_free(app_work_order *rows, size_t n);
/* Orders due on a day (route NULL or "": every route), by route and round. */
int app_workorder_list(app_ctx *ctx, const char *day, const char *route, app_work_order **rows, size_t *n,
                       err_t *e);
/* Orders due from a day to another (both YYYY-MM-DD, from <= to, at most
 * 31 days), by day, route and round; *open_before (may be NULL) receives
 * how many orders due before from are still open. */
int app_workorder_list_range(app_ctx *ctx, const char *from, const char *to, const char *route,
                             app_work_order **rows, size_t *n, int64_t *open_before, err_t *e);
int app_workorder_get(app_ctx *ctx, int64_t id, app_work_order *out, err_t *e);

/* Whose tap it is, for the head of a reception form: the tap's current
 * customer (name opened), the place of use and how they pay now.  Audited
 * as a view of personal data. */
typedef struct app_tap_summary {
    char tap_no[16];
    bool occupied;               /* a current customer */
    int64_t customer_id;
    char *name;                  /* malloc'd ("" when none) */
    char *address;               /* malloc'd: the place of use */
    bool debit;                  /* a mandate of this customer in force (口座振替) */
    char bank_name[96], branch_name[96], account_masked[12];   /* the mandate's (debit only) */
} app_tap_summary;
int app_reception_tap_summary(app_ctx *ctx, const char *tap_no, app_tap_summary *out, err_t *e);
void app_tap_summary_free(app_tap_summary *s);

typedef struct app_workorder_done {
    app_reading_out reading;        /* a closing's final reading */
    int64_t bill_id, total_yen;     /* its final bill (0: the reading is held) */
} app_workorder_done;
/* Complete an order with the meter reading found.  Opening: the occupancy
 * starts on the day.  Closing: the final reading, the occupancy closed and
 * the final bill (app_bill_final_tx); a slip settlement ends the mandate and
 * sends the bill to a slip.  A refused reading stores nothing: ERR_INVALID
 * on field "reading" with the reading's own message. */
int app_workorder_complete(app_ctx *ctx, int64_t id, const char *reading, const char *note, app_workorder_done *out,
                           err_t *e);
/* The same inside the caller's transaction (no permission checked). */
int app_workorder_complete_tx(app_ctx *ctx, int64_t id, const char *reading, const char *note,
                              app_workorder_done *out, err_t *e);
/* A closing's final reading held by the check leaves its stop request
 * 「指針確認待ち」 (held; the reception inbox lists it with the reason).  When
 * the reading is confirmed (app_reading_confirm, in its transaction), the
 * tap's held stop effective on read_on gets its final bill (the occupancy
 * closed, a slip settlement as at the closing) and is done; *bill_id 0 and
 * rc 0 when no stop waits on it.  Audited as reception.stop.final. */
int app_reception_final_confirmed_tx(app_ctx *ctx, int64_t tap_id, const char *read_on, int64_t reading_id,
                                     int64_t *bill_id, err_t *e);
/* Every held stop (oldest first), with the reading's hold reason in
 * hold_reason; audited as reception.held.view when there are any. */
int app_reception_held(app_ctx *ctx, app_request **rows, size_t *n, err_t *e);

#endif
