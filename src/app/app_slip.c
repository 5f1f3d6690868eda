/* app_slip — what a payment slip (納付書) for a bill shows (see app.h). */
#include "app/app.h"

#include <stdlib.h>
#include <string.h>

#include "domain/role.h"
#include "domain/slipcode.h"
#include "store/tap_store.h"

int app_slip_get(app_ctx *ctx, int64_t bill_id, app_slip *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    const char *company = config_get(ctx->env->cfg, "collection.company_code", "912345");
    str_copy(out->utility, sizeof out->utility, config_get(ctx->env->cfg, "utility.name", "山峡市上下水道局"));
    app_bill b;
    if ((rc = app_bill_get(ctx, bill_id, &b, e)))
        return rc;
    if (strcmp(b.status, "current") != 0)
        rc = err_set(e, ERR_CONFLICT, NULL, "取り消された調定の納付書は作成できません。更正後の調定から作成してください。",
                     "bill %lld cancelled", (long long)bill_id);
    else if (b.balance_yen < 1)
        rc = err_set(e, ERR_CONFLICT, NULL, "この調定に納めていただく額はありません。", "nothing due");
    else if (b.balance_yen > 999999)
        rc = err_set(e, ERR_CONFLICT, NULL, "999,999円を超えるため、コンビニ等で納付できる納付書は作成できません。",
                     "over the agents' limit");
    if (!rc) {
        out->bill_id = b.id;
        str_copy(out->customer, sizeof out->customer, b.customer_name);
        str_copy(out->tap_no, sizeof out->tap_no, b.tap_no);
        str_copy(out->cycle, sizeof out->cycle, b.cycle);
        str_copy(out->period_from, sizeof out->period_from, b.period_from);
        str_copy(out->period_to, sizeof out->period_to, b.period_to);
        str_copy(out->due_on, sizeof out->due_on, b.due_on);
        str_copy(out->issued_on, sizeof out->issued_on, b.issued_on);
        out->usage = b.usage;
        out->estimated = b.estimated != 0;
        out->water_yen = b.water_yen;
        out->sewer_yen = b.sewer_yen;
        out->adjust_yen = b.adjust_yen;
        out->tax_yen = b.tax_yen;
        out->total_yen = b.total_yen;
        out->paid_yen = b.paid_yen;
        out->amount = b.balance_yen;
        /* reference: the tap number (8 digits) and the bill id (13 digits) */
        char ref[32];
        str_fmt(ref, sizeof ref, "%.8s%013lld", b.tap_no, (long long)b.id);
        slipcode_in in = {.company = company, .reference = ref, .reissue = 0, .due = b.due_on, .amount = out->amount};
        char msg[200];
        if (slipcode_build(&in, out->code, msg, sizeof msg) != 0)
            rc = err_set(e, ERR_INVALID, "collection.company_code", msg, "slip code: %s", msg);
    }
    if (!rc) {
        tap_row *t = malloc(sizeof *t);
        if (t && !tap_store_get_by_no(ctx->db, b.tap_no, t, NULL)) {
            char *addr = crypto_open(ctx->env->keys, t->address_enc);
            area_row a;
            memset(&a, 0, sizeof a);
            area_store_get(ctx->db, t->area_code, &a, NULL);
            str_fmt(out->address, sizeof out->address, "%s%s", a.name, addr ? addr : "");
            free(addr);
        }
        free(t);
    }
    app_bill_free(&b);
    return rc;
}
