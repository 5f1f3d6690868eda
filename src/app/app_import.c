/* app_import — the import skeleton (see app_import.h). */
#include "app/app_import.h"

#include "app/collect/app_payment.h"
#include "store/db.h"

int app_import_at_line(err_t *e, int64_t line, int rc)
{
    if (e) {
        char msg[sizeof e->user];
        str_fmt(msg, sizeof msg, "%lld 行目: %s", (long long)line, e->user[0] ? e->user : err_default_user(rc));
        str_copy(e->user, sizeof e->user, msg);
    }
    return rc;
}

static int rows_tx(app_ctx *ctx, const app_import_kind *kind, const app_import_in *in, int64_t file_id, err_t *e)
{
    int rc = kind->check ? kind->check(ctx, in->arg, file_id, e) : 0;
    for (size_t i = 0; !rc && i < in->nrows; i++)
        if ((rc = kind->row(ctx, in->arg, file_id, i, e)) && kind->line)
            app_import_at_line(e, kind->line(in->arg, i), rc);
    return rc;
}

static int audit_tx(app_ctx *ctx, const app_import_kind *kind, const app_import_in *in, int64_t file_id, err_t *e)
{
    char obj[64] = "";
    app_audit_detail d;
    app_audit_detail_begin(&d);
    kind->audit(in->arg, in, file_id, obj, sizeof obj, &d.w);
    if (!obj[0])
        str_fmt(obj, sizeof obj, "import_file:%lld", (long long)file_id);
    return app_audit_json(ctx, kind->audit_action, obj, &d, e);
}

static int import_tx(app_ctx *ctx, const app_import_kind *kind, const app_import_in *in, int64_t *file_id,
                     err_t *e)
{
    int rc = app_import_file_begin_tx(ctx, in->file_kind, in->name, in->data, in->len, file_id, e);
    if (!rc)
        rc = rows_tx(ctx, kind, in, *file_id, e);
    app_import_totals t = {0, 0, 0, 0};
    if (!rc && kind->finish)
        rc = kind->finish(ctx, in->arg, *file_id, &t, e);
    if (!rc)
        rc = app_import_file_finish_tx(ctx, *file_id, t.records, t.amount, t.posted, t.suspense, e);
    if (!rc)
        rc = audit_tx(ctx, kind, in, *file_id, e);
    return rc;
}

int app_import_run(app_ctx *ctx, const app_import_kind *kind, const app_import_in *in, int64_t *file_id,
                   err_t *e)
{
    *file_id = 0;
    if (kind->bulk)
        db_bulk(ctx->db, true);
    int rc;
    for (int attempt = 1;; attempt++) {
        rc = db_begin(ctx->db, e);
        if (!rc)
            rc = app_tx_end(ctx, import_tx(ctx, kind, in, file_id, e), e);
        if (!kind->again || !app_tx_again(ctx, attempt, rc, e))
            break;
        kind->again(in->arg);
    }
    if (kind->bulk)
        db_bulk(ctx->db, false);
    if (rc)
        *file_id = 0;   /* rolled back: no file was recorded */
    return rc;
}
