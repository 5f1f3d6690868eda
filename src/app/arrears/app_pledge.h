/* app_pledge — negotiation records (交渉記録) and instalment pledges
 * (分納誓約) of a customer in arrears (issue 17 item 5).
 *
 * A negotiation is a talk about the debt: its day, channel (電話・窓口・訪問・
 * 文書), the staff member, what was said (sealed at rest: personal data),
 * the next action and its day.  A pledge covers some or all of the
 * customer's overdue bills (their balances then) and is paid by dated
 * instalments (domain/pledge.h) that sum to that debt; payments allocated to
 * the covered bills meet the instalments in date order (read side).  An
 * instalment unmet [arrears] pledge_grace_days business days (default 5)
 * after its date breaches the pledge ('breached': the case is back on the
 * stoppage path); all met: 'kept'.  The check runs as a batch
 * (app_pledge_check, `suido arrears pledges --check`) and whenever a
 * pledge is shown; it only moves active pledges, so it is idempotent.
 *
 * The pledge day and each partial payment are acknowledgements (承認) that
 * renew limitation: each covered bill shows its barred_from computed by
 * domain/limitation from the acknowledgement dates (pledge_store).
 *
 * Permissions: PERM_PAYMENT_POST (担当+, the staff who work the debts) for
 * everything; the batch check needs PERM_JOB_RUN.  Audited: negotiation.add,
 * negotiation.view, pledge.create, pledge.view, pledge.print, pledge.cancel,
 * pledge.breached, pledge.kept (the detail never holds what was said or a
 * name).
 *
 * Ownership: outputs are malloc'd inside the caller's structs; free with
 * the matching _free. */
#ifndef SUIDO_APP_PLEDGE_H
#define SUIDO_APP_PLEDGE_H

#include "app/app.h"

#define NEGOTIATION_TEXT_MAX 2000
#define APP_NEGOTIATION_LIST_DEFAULT 20

/* channel codes and labels, NULL-terminated */
extern const char *const NEGOTIATION_CHANNEL_CODES[];
extern const char *const NEGOTIATION_CHANNEL_LABELS[];
const char *negotiation_channel_label(const char *code);

typedef struct app_negotiation {
    int64_t id, customer_id;
    char held_on[11], channel[16], staff[64];
    char *text;                 /* plaintext, malloc'd */
    char next_action[256], next_on[11];
    int64_t created_at;
} app_negotiation;

/* held_on (required, not after today), channel (code), text (1..2000
 * characters), next_action (at most 100 characters, optional), next_on
 * (optional date, not before held_on).  ERR_INVALID names the field;
 * ERR_NOTFOUND: no such customer. */
int app_negotiation_add(app_ctx *ctx, int64_t customer_id, const char *held_on, const char *channel,
                        const char *text, const char *next_action, const char *next_on, int64_t *id, err_t *e);
/* Newest first, at most limit (0: default).  Audited as a view when any. */
int app_negotiation_list(app_ctx *ctx, int64_t customer_id, size_t limit, app_negotiation **rows, size_t *n,
                         err_t *e);
void app_negotiations_free(app_negotiation *rows, size_t n);

/* A pledge to make: the bills chosen (NULL/0: every overdue bill of the
 * customer) and either an equal schedule (mode "equal": count, first) or
 * lines (mode "lines": due[i], amount[i] as typed). */
typedef struct app_pledge_input {
    int64_t customer_id;
    const int64_t *bills;
    size_t nbills;
    const char *mode;
    const char *count, *first;
    const char *const *due;
    const char *const *amount;
    size_t nlines;
} app_pledge_input;

/* One transaction: the pledge, its bills and instalments, the audit row.
 * ERR_INVALID names the field ("bills", "mode", "count", "first", "due_<k>",
 * "amount_<k>", "total"); ERR_CONFLICT (field "bills") when a bill is
 * already under an active pledge. */
int app_pledge_create(app_ctx *ctx, const app_pledge_input *in, int64_t *id, err_t *e);

typedef struct app_pledge_inst {
    int seq;
    char due_on[11], grace_end[11];
    int64_t amount, cum;
    bool met;
} app_pledge_inst;

typedef struct app_pledge_bill {
    int64_t bill_id;
    char tap_no[16], cycle[8], due_on[11], read_on[11];
    int64_t amount, balance;
    bool sewer;
    char barred_water[11], barred_sewer[11];   /* barred_from (water always; sewer "" when no sewer part) */
    char acks[256];                            /* the acknowledgement dates, joined by "、" */
} app_pledge_bill;

typedef struct app_pledge {
    int64_t id, customer_id;
    char name[256], address[512];
    char pledged_on[11], status[16], closed_on[11], created_by[64];
    int64_t total, paid;
    size_t met;
    int grace_days;
    char today[11];
    app_pledge_bill *bills;
    size_t nbills;
    app_pledge_inst *inst;
    size_t ninst;
} app_pledge;

/* The pledge, after the check of its status as of today.  purpose
 * "view" or "print" names the audit row. */
int app_pledge_get(app_ctx *ctx, int64_t id, const char *purpose, app_pledge *out, err_t *e);
void app_pledge_free(app_pledge *p);

/* A short row of a list. */
typedef struct app_pledge_row {
    int64_t id, customer_id;
    char name[256];
    char pledged_on[11], status[16], closed_on[11];
    int64_t total, instalments;
} app_pledge_row;
/* A customer's pledges (checked first), newest first. */
int app_pledge_list_customer(app_ctx *ctx, int64_t customer_id, app_pledge_row **rows, size_t *n, err_t *e);
/* Pledges in status ("active" or "breached"), with names; audited as a view. */
int app_pledge_list_status(app_ctx *ctx, const char *status, app_pledge_row **rows, size_t *n, err_t *e);

/* Cancel an active pledge (ERR_CONFLICT when it is not active). */
int app_pledge_cancel(app_ctx *ctx, int64_t id, err_t *e);

/* The batch: every active pledge as of as_of ("" or NULL: today). */
typedef struct app_pledge_check_summary {
    int64_t checked, breached, kept;
    char as_of[11];
} app_pledge_check_summary;
int app_pledge_check(app_ctx *ctx, const char *as_of, app_pledge_check_summary *out, err_t *e);

#endif
