/* app_reopen — the 解除 (reopening) of a stopped tap started by the money
 * or the pledge itself, the same day (issue 17): inside the transaction
 * that posts a payment (app_payment_post_tx, the bulk path's flush, a
 * suspense item allocated) or creates an instalment pledge (app_pledge),
 * when the tap is stopped (給水停止中) and none of its bills past due is
 * still owed outside an active pledge, the reopening work order the カルテ's
 * button makes (kind 'reopen', due today, 至急), audited stoppage.reopen
 * with what started it ("payment:<id>", "pledge:<id>").  Never a second
 * one while one is open.  No permission check of its own: the posting's or
 * the pledge's use case has its own.
 *
 * Cost: a payment's check is one look-up of the payment's tap by key (and
 * nothing more unless that tap is stopped); the bulk path reads the few
 * taps stopped once per flush (taps_stopped) and looks at no other tap.
 *
 * Ownership: nothing returned is allocated. */
#ifndef SUIDO_APP_REOPEN_H
#define SUIDO_APP_REOPEN_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/collect/app_payment.h"
#include "store/collect/payment_store.h"

/* After out's payment was allocated (nothing when it was a duplicate, went
 * to suspense or allocated nothing): out->reopen_order the order made (0 none). */
int app_reopen_after_payment_tx(app_ctx *ctx, app_pay_out *out, err_t *e);
/* The taps stopped now (給水停止中), by id ascending (*ids malloc'd: free()):
 * the bulk path sends their payments the general way. */
int app_reopen_stopped_taps_tx(app_ctx *ctx, int64_t **ids, size_t *n, err_t *e);
/* After the bulk path wrote p[0..n) (rows with id <= 0 were not written). */
int app_reopen_after_batch_tx(app_ctx *ctx, const payment_row *p, size_t n, err_t *e);
/* After pledge pledge_id covered bills of the taps tap_ids[0..n) (repeats
 * allowed): *order_id the last order made (0 none; may be NULL). */
int app_reopen_after_pledge_tx(app_ctx *ctx, int64_t pledge_id, const int64_t *tap_ids, size_t n, int64_t *order_id,
                               err_t *e);

#endif
