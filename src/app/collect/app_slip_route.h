/* app_slip_route — where a paid slip's money goes, by what its 44 digits
 * name (domain/slip_route): a water/sewer bill, a 督促
 * letter or a late charge (the arrears part), or a works application (the
 * works part).  The collections ledger asks it for every convenience-store,
 * smartphone-app and bank record it posts, so that each part keeps its own
 * allocation while the money goes through one ledger.
 *
 * Ownership: outputs are the caller's. */
#ifndef SUIDO_APP_SLIP_ROUTE_H
#define SUIDO_APP_SLIP_ROUTE_H

#include "app/app.h"
#include "app/collect/app_payment.h"

/* Post a record whose barcode is digits44 through the caller's transaction:
 * a bill's (or an unknown) reference through app_payment_post_tx(in); a
 * letter's or a charge's through app_late_charge_post_slip_tx; a works
 * slip through app_works_receipt_post_tx.  A payment seen before (channel
 * and ref) is answered as a duplicate, whatever its amount. */
int app_slip_route_post_tx(app_ctx *ctx, const char *digits44, const app_pay_in *in, app_pay_out *out, err_t *e);

#endif
