/* app_late_charge — 延滞金 and 督促手数料 as receivables of their own
 * (docs/arrears.md "Late charges"): assessed inside the posting transaction
 * when a payment completes a bill, cancelled when that payment is reversed
 * while nothing is paid on them, paid at the counter or by a slip of their
 * own (reference tap + '8' + the charge id), waived (減免) by a 係長; and a
 * 督促 letter's slip covering several bills (tap + '9' + the letter id)
 * posted to the letter's bills and fee.
 *
 * Settings ([arrears]): surcharge_sewer (1), surcharge_water (0),
 * surcharge_rates (the suido-surcharge/1 file), late_charge_days (20: a
 * charge's 納期限 after the day assessed); the fee of a letter is the
 * letter's own (tokusoku_fee when it was issued).
 *
 * Ownership: lists are malloc'd arrays (free()); the rest by value. */
#ifndef SUIDO_APP_LATE_CHARGE_H
#define SUIDO_APP_LATE_CHARGE_H

#include "app/app.h"
#include "app/collect/app_payment.h"

/* The hook of the posting: after payment_id's allocations (0: nothing to
 * do), each bill they completed that was paid after its due date gets its
 * 延滞金 per service where that is on (when > 0), and the 督促手数料 of the
 * 督促 letters covering it (once per letter, on the first of its bills
 * paid).  Idempotent.  Inside the caller's transaction; a rates file that
 * cannot be read is logged and assesses nothing (the money still posts). */
int app_late_charge_on_payment_tx(app_ctx *ctx, int64_t payment_id, err_t *e);
/* The same for the payments p[0..n) written together by the bulk path
 * (rows with id <= 0 were not written; ids ascending): the bills they
 * completed late, their allocations and letters are read a batch at a time
 * (late_charge_store_*_many), and the charges assessed in the payments'
 * order, as one by one would. */
struct payment_row;
int app_late_charge_on_batch_tx(app_ctx *ctx, const struct payment_row *p, size_t n, err_t *e);

/* The hook of a reversal: the charges payment_id created that are open with
 * nothing paid are cancelled; what payment_id paid on late charges is
 * reversed under reversal_id (posted_on) and those charges reopen. */
int app_late_charge_on_reverse_tx(app_ctx *ctx, int64_t payment_id, int64_t reversal_id, const char *posted_on,
                                  err_t *e);

typedef struct app_late_charge {
    int64_t id, bill_id, letter_id, tap_id, customer_id, amount, paid_yen, open_yen, payment_id;
    char kind[12], kind_label[32], service[8], service_label[16];
    char tap_no[16], cycle[8], assessed_on[11], due_on[11], status[12], status_label[16];
    char basis[4096], waived_reason[200];
    char basis_text[2048];    /* the parts, one line each: "from〜to：元金 X 円 × 年 r% × d 日 ÷ 365 ＝ y 円" */
} app_late_charge;

/* The open late charges of a tap (tap_no not NULL nor "") or of a
 * customer (customer_id), oldest first.  PERM_CUSTOMER_VIEW. */
int app_late_charge_list(app_ctx *ctx, const char *tap_no, int64_t customer_id, app_late_charge **rows, size_t *n,
                         err_t *e);
/* One charge (any status).  PERM_CUSTOMER_VIEW. */
int app_late_charge_get(app_ctx *ctx, int64_t id, app_late_charge *out, err_t *e);

/* Cash at the counter for the whole open amount of a charge, paid today:
 * a payment (channel counter) and its late_charge_payments row; the charge
 * is paid.  PERM_PAYMENT_POST; audited (late_charge.pay). */
int app_late_charge_pay(app_ctx *ctx, int64_t charge_id, int64_t *payment_id, err_t *e);

/* 減免: an open charge with nothing paid is waived for reason (required).
 * PERM_APPROVE (係長); audited (late_charge.waive). */
int app_late_charge_waive(app_ctx *ctx, int64_t charge_id, const char *reason, err_t *e);

/* Post a convenience-store or bank record that app_slip_route found to name
 * a 督促 letter (kind 'l') or a late charge ('c') of tap_no, with its id:
 * a payment seen before is a duplicate; the exact current total of the
 * letter (its bills' open balances and its fee) or the charge's open amount
 * is posted to them; any other amount goes to suspense naming the letter or
 * charge and the difference; a tap or id that is not ours goes through
 * app_payment_post_tx(in). */
int app_late_charge_post_slip_tx(app_ctx *ctx, char kind, int64_t id, const char *tap_no, const app_pay_in *in,
                                 app_pay_out *out, err_t *e);

/* The 納付書 of a charge: what report/notice_pdf prints for a letter, with
 * one line (the charge) and a slip code of reference tap + '8' + id.
 * PERM_CUSTOMER_VIEW; audited (late_charge.slip). */
struct app_notice_doc;
int app_late_charge_slip(app_ctx *ctx, int64_t charge_id, struct app_notice_doc *doc, err_t *e);

#endif
