/* app_tx — a use case's transaction, run again once after a failover cut it
 * off before COMMIT (see app.h, db_retryable in store/db.h). */
#include "app/app.h"
#include "store/db.h"

#include "base/log.h"

bool app_tx_again(app_ctx *ctx, int attempt, int rc, err_t *e)
{
    if (!rc || attempt >= 2 || !db_retryable(ctx->db))
        return false;
    /* Rolled back with the lost session: db_begin waits for the new primary. */
    log_msg(LOG_WARN, ctx->actor.rid, "transaction cut off before COMMIT by a lost database connection: run again");
    err_clear(e);
    return true;
}

int app_tx_run(app_ctx *ctx, app_tx_fn fn, void *arg, err_t *e)
{
    for (int attempt = 1;; attempt++) {
        int rc = db_begin(ctx->db, e);
        if (!rc)
            rc = app_tx_end(ctx, fn(ctx, arg, e), e);
        if (!app_tx_again(ctx, attempt, rc, e))
            return rc;
    }
}

void app_read_begin(app_ctx *ctx)
{
    err_t e;
    err_clear(&e);
    if (db_begin_shared_read(ctx->db, &e))
        log_msg(LOG_WARN, ctx->actor.rid, "shared read snapshot not opened: %s", e.log);
}

void app_read_end(app_ctx *ctx)
{
    db_end_shared_read(ctx->db);
}
