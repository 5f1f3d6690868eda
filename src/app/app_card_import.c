/* app_card_import — the card company's results of a continuous-billing run
 * (クレジットカード継続課金): OK rows are posted to the bill they name (exact
 * amount, else suspense), NG rows are only counted (the bill stays open and
 * is collected by slip) — see app_collect.h and domain/card_result.h. */
#include "app/app_collect.h"

#include <stdlib.h>
#include <string.h>

#include "app/app_payment.h"
#include "domain/card_result.h"
#include "domain/role.h"
#include "store/bill_store.h"

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
    if ((rc = db_begin(ctx->db, e))) {
        free(rows);
        return rc;
    }
    rc = app_import_file_begin_tx(ctx, out->kind, name, data, len, &out->file_id, e);
    for (size_t i = 0; !rc && i < n; i++)
        if ((rc = one_row(ctx, out->file_id, &rows[i], out, e))) {
            char m[sizeof e->user];
            str_fmt(m, sizeof m, "%lld 行目: %s", (long long)rows[i].line, e->user[0] ? e->user : err_default_user(rc));
            str_copy(e->user, sizeof e->user, m);
        }
    if (!rc)
        rc = app_import_file_finish_tx(ctx, out->file_id, out->records.n, out->records.yen, out->posted.n,
                                       out->suspense.n, e);
    if (!rc) {
        buf_t d;
        buf_init(&d, 0);
        app_collect_summary_json(out, name, &d);
        char obj[40];
        str_fmt(obj, sizeof obj, "import_file:%lld", (long long)out->file_id);
        rc = app_audit(ctx, "payment.import", obj, buf_cstr(&d), e);
        buf_free(&d);
    }
    free(rows);
    rc = app_tx_end(ctx, rc, e);
    if (rc)
        out->file_id = 0;
    return rc;
}
