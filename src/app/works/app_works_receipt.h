/* app_works_receipt — works receipts (工事の収納, issue 18 item 5;
 * docs/works.md "Collection"): the 加入金 and fees of an application paid
 * through the collections ledger.
 *
 * A works slip (the 納入通知書's barcode: reference mark '7',
 * domain/works/works_slipref) read from a convenience-store result file is
 * routed here by app_slip_route_post_tx; the money is a payments row of
 * its channel with no tap, customer nor bill, spread over the
 * application's open charges in the order they are due (承認前, then 着工前,
 * each in its order) by works_payments rows (kind kanyukin | fee, with the
 * tax each contains).  The exact open total pays them all; any other
 * amount, an unknown or cancelled application, or nothing open goes to
 * suspense (未消込) with a detail naming the application's number; a
 * payment seen before (channel, ref) is answered as a duplicate.  A
 * reversal (app_payment_reverse_tx) negates the rows and takes paid_yen
 * back, so that the fee gate sees the charge unpaid again.
 *
 * Money is taken at the counter by the collections section (PERM_PAYMENT_POST:
 * the 工事 role holds no cash) and allocated from 未消込 by the same
 * section.  Each of these is one transaction with an audit row
 * (works.receipt.counter, works.receipt.allocate).
 *
 * Ownership: outputs by value; lists malloc'd (free()). */
#ifndef SUIDO_APP_WORKS_RECEIPT_H
#define SUIDO_APP_WORKS_RECEIPT_H

#include "app/app.h"
#include "app/collect/app_payment.h"

/* Post a works slip's record (digits44 carries the works mark; id and
 * number from works_slipref_parse) through the caller's transaction: see
 * the header comment.  in as app_payment_post_tx takes it (channel, amount,
 * paid_on, posted_on, ref, file, line). */
int app_works_receipt_post_tx(app_ctx *ctx, int64_t application_id, const char *number, const app_pay_in *in,
                              app_pay_out *out, err_t *e);

/* The hook of a reversal: the works rows of payment_id are negated under
 * reversal_id (posted_on) and the charges' paid_yen taken back.  Nothing
 * to do for a payment that paid no works charge. */
int app_works_receipt_on_reverse_tx(app_ctx *ctx, int64_t payment_id, int64_t reversal_id, const char *posted_on,
                                    err_t *e);

/* Cash at the counter for application id: amount (as typed, yen) paid
 * today over the open charges in the order due; at most the open total
 * (ERR_INVALID on field "amount" otherwise).  receipt_no (may be NULL or
 * ""): the receipt's number.  PERM_PAYMENT_POST; the form's one-time token
 * (purpose "works-pay"): a replay posts nothing and answers the first
 * payment.  Audited (works.receipt.counter). */
int app_works_receipt_counter(app_ctx *ctx, int64_t id, const char *amount, const char *receipt_no,
                              int64_t *payment_id, err_t *e);

/* 消込 by hand: the open suspense item suspense_id is allocated to the
 * application numbered number (field "number": unknown, cancelled or
 * completed; field "amount": more than its open charges).  note (required,
 * field "note"): why.  PERM_PAYMENT_POST; audited (works.receipt.allocate). */
int app_works_receipt_allocate(app_ctx *ctx, int64_t suspense_id, const char *number, const char *note,
                               int64_t *application_id, err_t *e);

/* The payments of an application (oldest first), for its page:
 * PERM_WORKS_VIEW. */
typedef struct app_works_receipt {
    int64_t payment_id, amount, kanyukin, fees, reverses, reversed_by;
    char channel[12], channel_label[32], paid_on[11], posted_on[11], receipt_no[24];
} app_works_receipt;
int app_works_receipt_list(app_ctx *ctx, int64_t id, app_works_receipt **rows, size_t *n, err_t *e);

#endif
