/* app_works_settle — settlement of a works application (精算, issue 18
 * item 6; docs/works.md "Settlement"): when its diameter or dwellings
 * change before 完了, or it is cancelled, its charges are settled against
 * the fee table in force on its date (domain/works/works_settle.h): a
 * difference to pay is a 追徴 (new charges of origin "additional", on the
 * next 納入通知書 with its slip); an overpayment is a 還付 asked for
 * approval by a second person (approval kind "works.refund": the
 * approver needs PERM_APPROVE and PERM_WORKS_APPROVE, and may not be the
 * one who asked), paid out on approval (計上日 that day: the 日計's and the
 * journal's works refund lines) with a 還付通知書.
 *
 * Every settlement is one transaction with a works_settlements row and an
 * audit row (works.application.settle); the reason is sealed (it may name a
 * person) and never in an audit detail.
 *
 * Ownership: outputs by value or malloc'd inside the caller's structs
 * (free with the matching _free). */
#ifndef SUIDO_APP_WORKS_SETTLE_H
#define SUIDO_APP_WORKS_SETTLE_H

#include "app/app.h"
#include "app/app_approval.h"
#include "base/buf.h"

/* The approval kind "works.refund" (registered in app_approval_kinds.c). */
extern const app_approval_kind APP_WORKS_APPROVAL_KINDS[];

/* What the 変更 form sends (as typed): the new diameter, the old one (改造),
 * the dwellings (特団) and the reason. */
typedef struct app_works_change_in {
    const char *diameter, *old_diameter, *dwellings, *reason;
} app_works_change_in;

typedef struct app_works_settled {
    int64_t settlement_id, refund_id, approval_id;
    int64_t additional, refund;     /* yen */
} app_works_settled;

/* 変更: the application's sizes changed and its charges settled.
 * PERM_WORKS; refused (ERR_INVALID naming the field) when nothing changes
 * (diameter), a size the table has no amount for (diameter,
 * old_diameter, dwellings), no reason (reason); ERR_CONFLICT when the
 * application is completed or cancelled.  The form's one-time token
 * (purpose "works-change"): a replay changes nothing. */
int app_works_change(app_ctx *ctx, int64_t id, const app_works_change_in *in, app_works_settled *out, err_t *e);

/* The hook of 取消, inside its transaction: the charges settled to what
 * the table lets the utility keep, and a 還付 of the rest asked for
 * approval (nothing when nothing was paid).  reviewed: the application
 * had been reviewed (審査). */
int app_works_cancel_settle_tx(app_ctx *ctx, int64_t id, const char *number, bool reviewed, err_t *e);

/* The settlement as it stands, for the page and the command line:
 * per code what is assessed, paid (net of refunds), refunded and open;
 * the settlements made; the refunds with their state.  PERM_WORKS_VIEW. */
typedef struct app_works_settle_code {
    char code[32], name[96];
    int64_t assessed, paid, refunded, open;
} app_works_settle_code;
typedef struct app_works_settlement_item {
    int64_t id, additional, refund, assessed, paid;
    char kind[8], kind_label[16], by[64], reason[512];
    char before[512], after[512];      /* JSON: type, diameter, old_diameter, dwellings */
    int64_t at;
} app_works_settlement_item;
typedef struct app_works_refund {
    int64_t id, amount, approval_id, settlement_id;
    char status[12], status_label[24], paid_on[11], requested_by[64];
} app_works_refund;
typedef struct app_works_settle_view {
    int64_t id;
    char number[16];
    int64_t assessed, paid, refunded, open, additional, refund_pending;
    app_works_settle_code *codes;
    size_t ncodes;
    app_works_settlement_item *settlements;
    size_t nsettlements;
    app_works_refund *refunds;
    size_t nrefunds;
} app_works_settle_view;
int app_works_settle_view_get(app_ctx *ctx, int64_t id, app_works_settle_view *out, err_t *e);
void app_works_settle_view_free(app_works_settle_view *v);

/* `suido works settle --application R8-00012`: the view as JSON appended
 * to out (field "application": no such number).  Audited as a view. */
int app_works_settle_json(app_ctx *ctx, const char *number, buf_t *out, err_t *e);

/* The 還付通知書 of a refund paid out: the lines refunded and the totals.
 * PERM_WORKS_VIEW; ERR_CONFLICT when it is not paid out; audited
 * (works.document.issue). */
typedef struct app_works_refund_doc {
    char utility[128], contact[128], number[16], applicant[256], place[640], paid_on[11], issued_on[11];
    int64_t amount, tax;
    struct {
        char name[96];
        int64_t amount, tax;
    } lines[16];
    int nlines;
} app_works_refund_doc;
int app_works_refund_doc_get(app_ctx *ctx, int64_t refund_id, app_works_refund_doc *out, err_t *e);

#endif
