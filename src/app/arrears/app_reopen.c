/* app_reopen — see app_reopen.h. */
#include "app/arrears/app_reopen.h"

#include <stdlib.h>
#include <string.h>

#include "app/arrears/app_stoppage.h"
#include "base/buf.h"
#include "base/date.h"
#include "store/arrears/stoppage_store.h"

/* The stopped tap (tap_id, tap_no): its reopening order when nothing past
 * due is owed outside an active pledge and none is open yet. */
static int reopen_if_settled(app_ctx *ctx, int64_t tap_id, const char *tap_no, const char *reason, const char *by,
                             int64_t *order_id, err_t *e)
{
    *order_id = 0;
    char today[11];
    date_format_iso(date_today_jst(), today);
    int64_t owing = 0, open = 0;
    int rc = stoppage_store_unpledged_owing(ctx->db, tap_id, today, &owing, e);
    if (rc || owing)
        return rc;
    if ((rc = stoppage_store_open_order(ctx->db, tap_id, "reopen", &open, e)) || open)
        return rc;
    return app_stoppage_reopen_tx(ctx, tap_no, reason, by, order_id, e);
}

int app_reopen_after_payment_tx(app_ctx *ctx, app_pay_out *out, err_t *e)
{
    out->reopen_order = 0;
    if (out->duplicate || out->suspense_id > 0 || out->allocated <= 0 || out->payment_id <= 0)
        return 0;
    int64_t tap_id = 0;
    char tap_no[16];
    int rc = stoppage_store_payment_tap(ctx->db, out->payment_id, &tap_id, tap_no, e);
    if (rc || tap_id == 0)
        return rc;
    char by[40];
    str_fmt(by, sizeof by, "payment:%lld", (long long)out->payment_id);
    return reopen_if_settled(ctx, tap_id, tap_no, "paid", by, &out->reopen_order, e);
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int app_reopen_stopped_taps_tx(app_ctx *ctx, int64_t **ids, size_t *n, err_t *e)
{
    return stoppage_store_stopped_ids(ctx->db, ids, n, e);
}

int app_reopen_after_batch_tx(app_ctx *ctx, const payment_row *p, size_t n, err_t *e)
{
    if (n == 0)
        return 0;
    int64_t *stopped = NULL;
    size_t ns = 0;
    int rc = stoppage_store_stopped_ids(ctx->db, &stopped, &ns, e);
    for (size_t i = 0; !rc && ns > 0 && i < n; i++) {
        if (p[i].id <= 0 || p[i].tap_id <= 0 || !bsearch(&p[i].tap_id, stopped, ns, sizeof *stopped, cmp_id))
            continue;
        char tap_no[16], by[40];
        int64_t order = 0;
        if ((rc = stoppage_store_stopped_no(ctx->db, p[i].tap_id, tap_no, e)) || !tap_no[0])
            continue;
        str_fmt(by, sizeof by, "payment:%lld", (long long)p[i].id);
        rc = reopen_if_settled(ctx, p[i].tap_id, tap_no, "paid", by, &order, e);
    }
    free(stopped);
    return rc;
}

int app_reopen_after_pledge_tx(app_ctx *ctx, int64_t pledge_id, const int64_t *tap_ids, size_t n, int64_t *order_id,
                               err_t *e)
{
    int64_t local = 0;
    if (!order_id)
        order_id = &local;
    *order_id = 0;
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        bool seen = false;   /* a tap of several covered bills: once */
        for (size_t j = 0; j < i && !seen; j++)
            seen = tap_ids[j] == tap_ids[i];
        char tap_no[16], by[40];
        if (seen || (rc = stoppage_store_stopped_no(ctx->db, tap_ids[i], tap_no, e)) || !tap_no[0])
            continue;
        str_fmt(by, sizeof by, "pledge:%lld", (long long)pledge_id);
        int64_t order = 0;
        if (!(rc = reopen_if_settled(ctx, tap_ids[i], tap_no, "pledge", by, &order, e)) && order > 0)
            *order_id = order;
    }
    return rc;
}
