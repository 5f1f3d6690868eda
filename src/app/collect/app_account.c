/* app_account — what a tap owes and what it paid (お客様カルテ 収納状況),
 * and payments by day (see app_payment.h). */
#include "app/collect/app_payment.h"

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "domain/role.h"
#include "store/collect/credit_store.h"
#include "store/collect/payment_store.h"
#include "store/registry/tap_store.h"

static void copy_payment(app_payment *o, const payment_row *p)
{
    o->id = p->id;
    o->bill_id = p->bill_id;
    o->amount = p->amount;
    o->reverses = p->reverses;
    o->reversed_by = p->reversed_by;
    o->file_id = p->file_id;
    o->line = p->line;
    str_copy(o->channel, sizeof o->channel, p->channel);
    str_copy(o->status, sizeof o->status, p->status);
    str_copy(o->paid_on, sizeof o->paid_on, p->paid_on);
    str_copy(o->posted_on, sizeof o->posted_on, p->posted_on);
    str_copy(o->ref, sizeof o->ref, p->ref);
    str_copy(o->receipt_no, sizeof o->receipt_no, p->receipt_no);
    str_copy(o->note, sizeof o->note, p->note);
    str_copy(o->created_by, sizeof o->created_by, p->created_by);
    o->created_at = p->created_at;
    str_copy(o->bill_cycle, sizeof o->bill_cycle, p->bill_cycle);
    str_copy(o->tap_no, sizeof o->tap_no, p->tap_no);
    o->allocated = p->allocated;
    o->credited = p->credited;
}

static int copy_list(payment_row *rows, size_t n, app_payment **out, size_t *nout, err_t *e)
{
    *out = calloc(n ? n : 1, sizeof **out);
    if (!*out) {
        free(rows);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        copy_payment(&(*out)[i], &rows[i]);
    *nout = n;
    free(rows);
    return 0;
}

int app_account_get(app_ctx *ctx, const char *tap_no, app_account *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    tap_row *t = malloc(sizeof *t);
    if (!t)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    rc = tap_store_get_by_no(ctx->db, tap_no ? tap_no : "", t, e);
    int64_t tap_id = t->id;
    free(t);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, "tap", "水栓番号が見つかりません。", "tap not found");
    if (rc)
        return rc;
    char today[11];
    date_format_iso(date_today_jst(), today);
    account_sums s;
    if ((rc = account_store_sums(ctx->db, tap_id, today, &s, e)))
        return rc;
    out->billed = s.billed;
    out->paid = s.paid;
    out->balance = s.billed - s.paid;
    out->overdue = s.overdue;
    out->open_bills = s.open_bills;
    out->overdue_bills = s.overdue_bills;
    out->pending = s.pending;
    payment_row *rows = NULL;
    size_t n = 0;
    if ((rc = payment_store_list_tap(ctx->db, tap_id, 200, &rows, &n, e)))
        return rc;
    if (!rc)
        rc = credit_store_balance(ctx->db, tap_id, &out->credit, e);
    if (rc) {
        free(rows);
        return rc;
    }
    return copy_list(rows, n, &out->payments, &out->n, e);
}

void app_account_free(app_account *a)
{
    free(a->payments);
    a->payments = NULL;
    a->n = 0;
}

int app_payment_get(app_ctx *ctx, int64_t id, app_payment *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    payment_row p;
    if ((rc = payment_store_get(ctx->db, id, &p, e)))
        return rc;
    copy_payment(out, &p);
    return 0;
}

int app_payment_list_day(app_ctx *ctx, const char *posted_on, app_payment **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    civil_date d;
    if (!posted_on || !date_parse(posted_on, &d))
        return err_field(e, "date", "計上日は YYYY-MM-DD の日付で入力してください。");
    payment_row *ps = NULL;
    size_t k = 0;
    if ((rc = payment_store_list_day(ctx->db, posted_on, &ps, &k, e)))
        return rc;
    return copy_list(ps, k, rows, n, e);
}
