/* app_payment — money in (収納) and where it goes (消込): the posting every
 * channel shares, credit (過誤納) with set-off (充当) and refund (還付),
 * suspense (未消込), flash reports (速報) and the account view of a tap.
 *
 * Every channel (direct debit, convenience store, smartphone app, card, the
 * counter) records its money through app_payment_post_tx, so the rules are
 * enforced once:
 *   - a payment is one row of payments; its (channel, ref) is unique, so the
 *     same record read twice posts nothing the second time (duplicate);
 *   - a payment for a named bill whose amount must match ("exact": a slip's
 *     barcode, a debit) and does not, or that names no bill we know, is put
 *     in suspense (status 'suspense') for a person; nothing is allocated;
 *   - otherwise it is allocated to the bill(s), oldest first when no bill is
 *     named, each allocation split into water, sewer and tax (domain/alloc.h);
 *     what is left is the customer's credit (credits, kind 'over');
 *   - for every payment, allocations + credits = its amount, to the yen.
 * A reversal (取消) is a payment row of the negative amount whose ledger rows
 * negate the original's.  posted_on (計上日) is the accounting day the daily
 * totals and the journal use; paid_on (収納日) the day the customer paid.
 *
 * Transactions: the _tx functions run inside the caller's transaction and
 * check no permission (the caller does both, and audits); the others open
 * their own, check PERM_PAYMENT_POST (refund approval: PERM_APPROVE through
 * the approval mechanism) and audit.
 *
 * Ownership: outputs are the caller's structs; lists are malloc'd arrays
 * freed with free() unless a _free function is named. */
#ifndef SUIDO_APP_PAYMENT_H
#define SUIDO_APP_PAYMENT_H

#include "app/app.h"

/* Channels (payments.channel). */
#define PAY_DEBIT "debit"     /* 口座振替 */
#define PAY_CVS "cvs"         /* コンビニ */
#define PAY_APP "app"         /* スマホ決済 */
#define PAY_CARD "card"       /* クレジットカード */
#define PAY_COUNTER "counter" /* 窓口 */
#define PAY_BANK "bank"       /* 金融機関窓口 (納付書) */
/* Every channel code, NULL-terminated. */
extern const char *const APP_PAYMENT_CHANNELS[];
/* The Japanese label of a channel ("口座振替", ...), or the code itself. */
const char *app_payment_channel_label(const char *channel);

typedef struct app_pay_in {
    const char *channel;      /* PAY_* */
    int64_t bill_id;          /* the bill the money is for; 0: the tap's open bills, oldest first */
    const char *tap_no;       /* with bill_id 0 (ignored otherwise) */
    int64_t amount;           /* yen, > 0 */
    const char *paid_on;      /* 収納日 YYYY-MM-DD */
    const char *posted_on;    /* 計上日 YYYY-MM-DD; NULL or "": today (JST) */
    const char *ref;          /* the channel's unique key for this money (idempotency) */
    int64_t file_id, line;    /* the import file and its line (0: none) */
    bool exact;               /* the amount must equal the bill's balance, else suspense */
    const char *receipt_no;   /* counter receipts (NULL: none) */
    const char *note;         /* shown with the payment (NULL: none) */
    const char *suspense_reason;  /* put straight into suspense with this reason (NULL: decide by the rules);
                                     with neither bill nor tap: suspense belonging to no tap (a works slip) */
} app_pay_in;

typedef struct app_pay_out {
    int64_t payment_id;       /* the payment (also when in suspense or a duplicate: the existing one) */
    int64_t suspense_id;      /* > 0 when it went to suspense */
    int64_t allocated;        /* yen allocated to bills */
    int64_t credited;         /* yen left as credit */
    bool duplicate;           /* (channel, ref) seen before: nothing posted */
    char reason[32];          /* suspense reason code ("amount", "no_bill", "cancelled", ...) */
    int64_t reopen_order;     /* the 解除 order this payment started (app_reopen; 0 none) */
} app_pay_out;

/* Suspense reason codes, and their Japanese labels. */
const char *app_suspense_label(const char *reason);

/* Post money received (see the header comment).  ERR_INVALID names the
 * field (amount, paid_on, bill, tap). */
int app_payment_post_tx(app_ctx *ctx, const app_pay_in *in, app_pay_out *out, err_t *e);
/* The same in its own transaction, PERM_PAYMENT_POST, audited
 * ("payment.post"). */
int app_payment_post(app_ctx *ctx, const app_pay_in *in, app_pay_out *out, err_t *e);

/* The same for many payments, each naming its bill and exact (an import's
 * records, the demo's history): rows that simply pay their bill in full
 * (current, nothing paid yet, amount = total, each bill once in the call,
 * the tap not stopped) are written PAYMENT_STORE_BATCH at a time, on time
 * or late: the late ones' charges are assessed a batch at a time
 * (app_late_charge_on_batch_tx), a written-off bill's money is 不納欠損後の
 * 収入 as one by one; every other row goes through app_payment_post_tx one
 * by one, in order.  out[i] and every row written are as app_payment_post_tx
 * would answer and write for in[i] in turn.  Inside the caller's
 * transaction. */
int app_payment_post_exact_many_tx(app_ctx *ctx, const app_pay_in *in, size_t n, app_pay_out *out, err_t *e);

/* Reverse the payment (channel, ref) on posted_on (NULL: today): its
 * allocations and credit are negated, the bills' paid amounts go back.
 * ERR_NOTFOUND when there is no such payment; a payment already reversed is
 * answered with its reversal (*reversal_id) and *already = true. */
int app_payment_reverse_tx(app_ctx *ctx, const char *channel, const char *ref, const char *posted_on,
                           const char *note, int64_t *reversal_id, bool *already, err_t *e);
/* The same in a transaction of its own (PERM_PAYMENT_POST; audited as
 * payment.reverse unless it was reversed already). */
int app_payment_reverse(app_ctx *ctx, const char *channel, const char *ref, const char *posted_on, const char *note,
                        int64_t *reversal_id, bool *already, err_t *e);

/* A flash report (速報): the bill shows the amount as paid-pending
 * (bills.pending_yen) until the confirmation arrives.  Idempotent by
 * (channel, ref).  bill_id 0: nothing to mark (the confirmation will go to
 * suspense). */
int app_payment_flash_tx(app_ctx *ctx, const char *channel, const char *ref, int64_t bill_id, int64_t amount,
                         const char *paid_on, int64_t file_id, err_t *e);
/* The flash of (channel, ref) is settled: 'confirmed' (its confirmation was
 * posted) or 'cancelled' (速報取消); the pending amount is taken off the
 * bill.  No flash: nothing done (rc 0). */
int app_payment_flash_settle_tx(app_ctx *ctx, const char *channel, const char *ref, const char *status, err_t *e);

/* The bill a slip's 44 digits name (the reference is the tap number and the
 * bill id, app_slip.c): *bill_id 0 when the digits name no bill of that tap.
 * ERR_INVALID when the digits are malformed or the check digit is wrong. */
int app_payment_bill_for_code(app_ctx *ctx, const char *digits44, int64_t *bill_id, err_t *e);

/* Result files: remember a file by its SHA-256 so that the same file is
 * refused a second time (ERR_CONFLICT, "この…ファイルは取込済みです（…）").
 * kind: "debit", "cvs", "card", ...  Inside the caller's transaction. */
int app_import_file_begin_tx(app_ctx *ctx, const char *kind, const char *name, const void *data, size_t len,
                             int64_t *file_id, err_t *e);
int app_import_file_finish_tx(app_ctx *ctx, int64_t file_id, int64_t records, int64_t amount, int64_t posted,
                              int64_t suspense, err_t *e);

/* ---- the account of a tap (お客様カルテ: 収納状況) ---------------------- */

typedef struct app_payment {
    int64_t id, bill_id, amount, reverses, reversed_by, file_id, line;
    char channel[12], status[12], paid_on[11], posted_on[11], ref[96], receipt_no[24], note[160];
    char created_by[64];
    int64_t created_at;
    char bill_cycle[8];       /* the bill's cycle ("" when none) */
    char tap_no[16];          /* the tap's number ("" when none) */
    int64_t allocated, credited;   /* where it went (list functions, app_payment_get) */
} app_payment;

typedef struct app_account {
    int64_t billed;           /* current bills' totals */
    int64_t paid;             /* allocated to current bills */
    int64_t balance;          /* billed − paid (what is owed) */
    int64_t overdue;          /* balance of bills past their due date */
    int64_t open_bills;       /* current bills with a balance */
    int64_t overdue_bills;    /* of them, past their due date (期限経過) */
    int64_t pending;          /* flash reports awaiting confirmation */
    int64_t credit;           /* the customer's credit (過誤納) */
    app_payment *payments;    /* newest first (at most 200) */
    size_t n;
} app_account;
int app_account_get(app_ctx *ctx, const char *tap_no, app_account *out, err_t *e);
void app_account_free(app_account *a);

/* A payment by id (ERR_NOTFOUND). */
int app_payment_get(app_ctx *ctx, int64_t id, app_payment *out, err_t *e);
/* Payments posted on a day (計上日), every channel, oldest first. */
int app_payment_list_day(app_ctx *ctx, const char *posted_on, app_payment **rows, size_t *n, err_t *e);

/* ---- credit: set-off (充当) and refund (還付) ------------------------- */

/* Set the tap's credit off against its open bills, oldest first (or the one
 * bill named): allocations moved from the credit, in one transaction.
 * *applied: yen set off (0 when no credit or nothing owed).  Sent twice,
 * the second finds the credit or the debt already gone and does nothing. */
int app_credit_setoff(app_ctx *ctx, const char *tap_no, int64_t bill_id, int64_t *applied, err_t *e);
/* Ask for a refund of amount yen of the tap's credit (method "transfer" or
 * "cash"); a 係長 other than the requester approves it (approval kind
 * "credit.refund"), and the approval takes it off the credit.  Idempotent by
 * the form's one-time token when ctx->form is set (app/app_form.h): sent
 * again, nothing is asked and *approval_id is the first request's. */
int app_refund_request(app_ctx *ctx, const char *tap_no, int64_t amount, const char *method, const char *reason,
                       int64_t *approval_id, err_t *e);
/* A correction (更正・減免) lowered bill old_id below what was paid on it:
 * the excess becomes credit (過誤納, kind 'correction') of the payments that
 * paid it (newest first, following the bills it replaced), at old's tap,
 * noting the new bill.  Inside the correction's transaction. */
int app_credit_from_correction_tx(app_ctx *ctx, int64_t old_id, int64_t new_id, int64_t excess, err_t *e);
/* The approval kind "credit.refund" (APP_CREDIT_APPROVAL_KINDS) is declared
 * in app.h. */

/* ---- suspense (未消込) -------------------------------------------------- */

typedef struct app_suspense {
    int64_t id, payment_id, amount, file_id, line, resolved_bill;
    char channel[12], paid_on[11], posted_on[11], ref[96], reason[32], detail[256], status[12];
    char resolved_by[64], note[160];
    int64_t resolved_at;
    char tap_no[16];          /* the payment's tap ("" when none) */
    int64_t bill_id;          /* the bill the payment names: the candidate (0: none) */
    /* the candidate as it is now (app_suspense_find only): its status
     * ("current", "cancelled"; "" none) and what is left to pay on it (0
     * unless current) */
    char bill_status[12];
    int64_t bill_balance;
} app_suspense;
/* status "open" (default when NULL) or "resolved", oldest first. */
int app_suspense_list(app_ctx *ctx, const char *status, app_suspense **rows, size_t *n, err_t *e);

/* The list screen: a filtered page of the items.  Every filter is text as
 * typed ("" or NULL: not filtered); a bad one is ERR_INVALID naming its
 * field: from / to (収納日 YYYY-MM-DD, from ≤ to), channel (PAY_*), amount
 * (validate_amount_range).  Open items in the order of the day paid, the
 * others newest first; APP_SUSPENSE_PAGE a page. */
#define APP_SUSPENSE_PAGE 50
typedef struct app_suspense_filter {
    const char *status;       /* "open" (default), "resolved", "cancelled" */
    const char *from, *to, *channel, *amount;
    int64_t page;             /* from 1; past the last page: the last page */
} app_suspense_filter;
typedef struct app_suspense_page {
    app_suspense *rows;       /* malloc'd (free()) */
    size_t n;
    int64_t total, sum;       /* the whole filtered list: items and yen */
    int64_t page, pages;      /* the page shown (from 1) and how many there are (≥ 1) */
} app_suspense_page;
int app_suspense_find(app_ctx *ctx, const app_suspense_filter *f, app_suspense_page *out, err_t *e);

/* One click on the list (「この調定に消込」): item id is resolved to the
 * bill the list named for it, as app_suspense_resolve does with a note of
 * its own.  bill_id must still be the payment's bill, current and with
 * something left to pay; else ERR_CONFLICT saying why, nothing written.
 * Idempotent by the list's one-time token when ctx->form is set (purpose
 * "suspense"): the same form sent again posts nothing and answers
 * out->replayed with what was done; the token spent on another item is
 * refused (ERR_CONFLICT, field form_token). */
typedef struct app_suspense_done {
    int64_t id, payment_id, bill_id, amount, allocated, credited;
    char tap_no[16];
    bool replayed;
} app_suspense_done;
int app_suspense_apply(app_ctx *ctx, int64_t id, int64_t bill_id, app_suspense_done *out, err_t *e);
/* A person resolves a suspense item: its money is allocated to the bill
 * named (or the tap's open bills, oldest first), partial payments allowed,
 * what is left becomes credit.  note is required. */
int app_suspense_resolve(app_ctx *ctx, int64_t id, int64_t bill_id, const char *tap_no, const char *note,
                         app_pay_out *out, err_t *e);

#endif
