/* payment_alloc — allocation of money to one bill, shared by the posting
 * (app_payment.c), set-off (app_credit.c) and suspense resolution (private
 * to src/app/).
 *
 * Ownership: nothing is returned but the status. */
#ifndef SUIDO_PAYMENT_ALLOC_H
#define SUIDO_PAYMENT_ALLOC_H

#include "app/app.h"
#include "store/billing/bill_store.h"

/* Allocate amount (0 < amount ≤ the bill's balance) of payment pid to bill
 * b, split into water, sewer and tax in proportion to what is owed on each
 * (domain/alloc.h), and add it to the bill's paid amount.  kind:
 * "payment" or "setoff".  Inside the caller's transaction. */
int payment_allocate(app_ctx *ctx, int64_t pid, const bill_row *b, int64_t amount, const char *kind,
                     const char *posted_on, err_t *e);

/* Insert payment p: out->payment_id, or out->duplicate (and the existing
 * id) when its (channel, ref) was posted before, nothing written then. */
struct app_pay_out;
struct payment_row;
int payment_insert(app_ctx *ctx, const struct payment_row *p, struct app_pay_out *out, err_t *e);

/* Spread amount of payment pid over the tap's open bills, the bill named
 * first (first_bill 0: none), oldest due first; what is left becomes the
 * credit of customer_id at the tap.  posted_on NULL: today.  Adds to
 * out->allocated and out->credited. */
int app_payment_spread_tx(app_ctx *ctx, int64_t pid, int64_t tap_id, int64_t customer_id, int64_t first_bill,
                          int64_t amount, const char *posted_on, struct app_pay_out *out, err_t *e);

#endif
