/* app_card_import — the card company's results of a continuous-billing run
 * (クレジットカード継続課金): OK rows are posted to the bill they name (exact
 * amount, else suspense), NG rows are only counted (the bill stays open and
 * is collected by slip) — see app_collect.h and domain/card_result.h. */
#include "app/collect/app_collect.h"

#include <stdlib.h>
#include <string.h>

#include "app/collect/app_payment.h"
#include "domain/card_result.h"
#include "domain/role.h"
#include "store/billing/bill_store.h"

static void add(app_collect_sum *s, int64_t yen)
{
    s->n++;
    s->yen += yen;
}

static int one_row(app_ctx *ctx, int64_t file_id, const card_record *r, app_collect_summary *out, err_t *e)
{
    add(&out->records, r->amount);
    if (!r->ok) {
        add(&out->ng, r->amount);
        return 0;
    }
    add(&out->confirmed, r->amount);
    /* The row names both the tap and the bill: when they disagree the money
     * is not ours to place, it waits in suspense. */
    const char *reason = NULL;
    char detail[160] = "";
    bill_row b;
    int rc = bill_store_get(ctx->db, r->bill_id, &b, e);
    if (rc && rc != ERR_NOTFOUND)
        return rc;
    if (!rc) {
        if (strcmp(b.tap_no, r->tap_no) != 0) {
            reason = "no_bill";
            str_fmt(detail, sizeof detail, "調定番号 %lld は水栓番号 %s の調定ではありません（カード売上の水栓番号）。",
                    (long long)r->bill_id, r->tap_no);
        }
        bill_row_clear(&b);
    }
    err_clear(e);
    char ref[32];
    str_fmt(ref, sizeof ref, "%s", r->approval);
    app_pay_in in = {.channel = PAY_CARD, .bill_id = r->bill_id, .amount = r->amount, .paid_on = r->sold_on,
                     .posted_on = NULL, .ref = ref, .file_id = file_id, .line = r->line, .exact = true,
                     .note = reason ? detail : NULL, .suspense_reason = reason};
    app_pay_out po;
    if ((rc = app_payment_post_tx(ctx, &in, &po, e)))
        return rc;
    if (po.duplicate)
        add(&out->duplicate, r->amount);
    else if (po.suspense_id)
        add(&out->suspense, r->amount);
    else {
        add(&out->posted, r->amount);
        out->credited += po.credited;
    }
    return 0;
}

/* The skeleton's row callbacks (app_import.h): arg is an app_collect_job of
 * card_records. */
static int job_row(app_ctx *ctx, void *arg, int64_t file_id, size_t i, err_t *e)
{
    app_collect_job *j = arg;
    return one_row(ctx, file_id, (const card_record *)j->rows + i, j->out, e);
}

static int64_t job_line(const void *arg, size_t i)
{
    return ((const card_record *)((const app_collect_job *)arg)->rows)[i].line;
}

static const app_import_kind CARD_IMPORT = {
    .audit_action = "payment.import", .row = job_row, .line = job_line, .finish = app_collect_import_finish,
    .audit = app_collect_import_audit, .again = app_collect_import_again,
};

int app_card_import(app_ctx *ctx, const char *name, const char *data, size_t len, app_collect_summary *out,
                    err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    str_copy(out->kind, sizeof out->kind, PAY_CARD);
    str_copy(out->channel, sizeof out->channel, PAY_CARD);
    if (!data || len == 0)
        return err_field(e, "file", "ファイルが空です。カード売上結果のファイルを選んでください。");
    card_record *rows = NULL;
    size_t n = 0;
    char msg[300];
    if (card_parse(data, len, &rows, &n, msg, sizeof msg) != 0)
        return err_set(e, ERR_INVALID, "file", msg, "card file refused: %s", msg);
    app_collect_job job = {.rows = rows, .out = out};
    app_import_in in = {.file_kind = out->kind, .name = name, .data = data, .len = len, .nrows = n, .arg = &job};
    rc = app_import_run(ctx, &CARD_IMPORT, &in, &out->file_id, e);
    free(rows);
    return rc;
}
