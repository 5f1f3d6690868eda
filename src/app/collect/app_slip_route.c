/* app_slip_route — see app_slip_route.h. */
#include "app/collect/app_slip_route.h"

#include <string.h>

#include "app/arrears/app_late_charge.h"
#include "app/works/app_works_receipt.h"
#include "domain/slip_route.h"
#include "store/collect/payment_store.h"

int app_slip_route_post_tx(app_ctx *ctx, const char *digits44, const app_pay_in *in, app_pay_out *out, err_t *e)
{
    int64_t id = 0;
    char tap_no[9], number[16];
    slip_route kind = slip_route_of(digits44, &id, tap_no, number);
    if (kind == SLIP_ROUTE_BILL)
        return app_payment_post_tx(ctx, in, out, e);
    if (kind == SLIP_ROUTE_LETTER || kind == SLIP_ROUTE_CHARGE)
        return app_late_charge_post_slip_tx(ctx, (char)kind, id, tap_no, in, out, e);
    /* a works slip: the application's charges */
    memset(out, 0, sizeof *out);
    int64_t seen = 0;
    int rc = payment_store_exists(ctx->db, in->channel, in->ref, &seen, e);
    if (!rc && seen > 0) {
        out->duplicate = true;
        out->payment_id = seen;
        return 0;
    }
    return rc ? rc : app_works_receipt_post_tx(ctx, id, number, in, out, e);
}
