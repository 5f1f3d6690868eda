/* app_collect — the collection channels other than direct debit: result files
 * of convenience stores and smartphone apps (コンビニ・スマホ決済, through an
 * agent profile: domain/agent_result.h), the card company's results
 * (クレジットカード継続課金: domain/card_result.h), and money received at the
 * counter (窓口) with its receipt (領収書).
 *
 * Every function checks PERM_PAYMENT_POST (担当 and above; the receipt:
 * PERM_CUSTOMER_VIEW), runs in one transaction, posts through
 * app_payment_post_tx (app_payment.h) and audits.  A result file is read
 * all-or-nothing: a malformed file, a wrong check digit, or a file read
 * before is refused whole with the line and field named, and nothing is
 * written.  Money that names no bill, or whose amount disagrees with the
 * bill's balance, goes to suspense (未消込), never silently allocated.
 *
 * Ownership: outputs are the caller's structs, filled by value. */
#ifndef SUIDO_APP_COLLECT_H
#define SUIDO_APP_COLLECT_H

#include "app/app.h"
#include "app/app_import.h"

/* Count and yen of one kind of record. */
typedef struct app_collect_sum {
    int64_t n, yen;
} app_collect_sum;

/* What a result file did (the import's summary). */
typedef struct app_collect_summary {
    int64_t file_id;
    char kind[16];              /* "cvs", "app", "card" (import_files.kind) */
    char channel[12];           /* PAY_CVS, PAY_APP, PAY_CARD */
    app_collect_sum records;    /* every record of the file */
    app_collect_sum flash;      /* 速報 */
    app_collect_sum confirmed;  /* 確報 (card: OK rows) */
    app_collect_sum cancel;     /* 取消 records */
    app_collect_sum ng;         /* card: NG rows (not charged: the bill stays open) */
    app_collect_sum posted;     /* payments allocated to bills (and credit) */
    app_collect_sum suspense;   /* payments put in suspense */
    app_collect_sum duplicate;  /* records already posted by an earlier file: nothing done */
    app_collect_sum flash_cancelled;   /* 速報 taken back by a 取消 */
    app_collect_sum reversed;   /* confirmed payments reversed by a 取消 */
    app_collect_sum unmatched_cancel;  /* 取消 naming nothing we hold */
    int64_t credited;           /* yen that became credit (paid twice) */
} app_collect_summary;

/* The summary as JSON (the audit row's detail; the CLI prints it). */
void app_collect_summary_json(const app_collect_summary *s, const char *name, buf_t *b);
/* An agent or card import's state for the import skeleton (app_import.h):
 * rows are the parsed records (agent_record or card_record), out the summary.
 * finish and audit are the same for both (arg: an app_collect_job). */
typedef struct app_collect_job {
    const void *rows;
    app_collect_summary *out;
} app_collect_job;
int app_collect_import_finish(app_ctx *ctx, void *arg, int64_t file_id, app_import_totals *t, err_t *e);
/* Before the import's transaction runs again after a failover: the summary's counts back to
 * zero (its kind and channel kept). */
void app_collect_import_again(void *arg);
void app_collect_import_audit(const void *arg, const app_import_in *in, int64_t file_id, char *object, size_t osz,
                              jsonw *d);

/* Agent profiles usable for imports: NULL-terminated names (the first is the
 * default) and the channel each posts as. */
extern const char *const APP_AGENT_PROFILES[];
const char *app_agent_profile_label(const char *profile);

/* Import a convenience-store / smartphone-app result file read through
 * profile (NULL: "standard"); name is the file's name (for the record). */
int app_agent_import(app_ctx *ctx, const char *profile, const char *name, const char *data, size_t len,
                     app_collect_summary *out, err_t *e);

/* Import a card company's result file (docs/collections.md). */
int app_card_import(app_ctx *ctx, const char *name, const char *data, size_t len, app_collect_summary *out,
                    err_t *e);

/* ---- the counter (窓口) ---------------------------------------------- */

typedef struct app_counter_out {
    int64_t payment_id;
    char receipt_no[24];        /* 領収書番号: R + 計上日 (YYYYMMDD) + "-" + 4-digit sequence */
    int64_t allocated, credited;
    bool replayed;              /* the same form posted before: nothing posted now, payment_id is the first */
    int64_t reopen_order;       /* the tap was stopped and is paid up: the 解除 order made (0 none) */
} app_counter_out;

/* Cash received at the counter for tap_no: for bill_id (> 0: that bill of
 * the tap first, then its other open bills) or the tap's open bills oldest
 * first (bill_id 0); partial payments and over-payments allowed (what is
 * left becomes the customer's credit).  amount as the clerk typed it
 * (digits, commas allowed).  Audited ("payment.counter").  Idempotent by
 * the form's one-time token when ctx->form is set (app/app_form.h). */
int app_counter_pay(app_ctx *ctx, const char *tap_no, int64_t bill_id, const char *amount, const char *note,
                    app_counter_out *out, err_t *e);

/* Before a counter payment is posted, what the clerk confirms: the amount
 * received (parsed as app_counter_pay parses it) and, when the customer
 * handed over cash (預り金, "" = not given), the change (お釣り).  Nothing is
 * written.  ERR_INVALID names "amount" or "tendered" (less than the
 * amount). */
int app_counter_check(app_ctx *ctx, const char *amount, const char *tendered, int64_t *yen, int64_t *tendered_yen,
                      int64_t *change, err_t *e);

#define APP_RECEIPT_LINES 24
typedef struct app_receipt_line {
    int64_t bill_id, amount;
    char cycle[8];
} app_receipt_line;
typedef struct app_receipt {
    char utility[128];
    char receipt_no[24], paid_on[11], posted_on[11], channel[12];
    char tap_no[16], customer[256];
    char clerk[168];                     /* 取扱者: the staff member's 氏名 (else username) */
    int64_t payment_id, amount;          /* received */
    app_receipt_line lines[APP_RECEIPT_LINES];   /* what was paid, per bill */
    size_t nlines;
    int64_t credited;                    /* of this payment, left as credit */
    int64_t credit_balance;              /* the tap's credit now */
    bool reversed;                       /* the payment was reversed later */
} app_receipt;
/* The receipt of a payment that has a receipt number (ERR_NOTFOUND
 * otherwise).  Audited as a view (it shows the customer's name). */
int app_receipt_get(app_ctx *ctx, int64_t payment_id, app_receipt *out, err_t *e);

#endif
