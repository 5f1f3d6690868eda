/* app_limitation — the limitation (時効管理) of each open bill's two claims,
 * its water part and its sewer part (docs/arrears-writeoff.md): the regime,
 * the current barred_from computed by domain/limitation from the
 * acknowledgement events (partial payments from the allocations; the first
 * 督促's deadline; pledges later, see ack_sources in app_limitation.c), the
 * events that moved it; the list of claims reaching limitation within N
 * months; and the record of 援用 (the debtor invoked limitation) or
 * 債権放棄 (the utility waived the claim) that a barred water claim needs
 * before it can be written off.
 *
 * Permission: a bill's panel PERM_CUSTOMER_VIEW (the bill page's own); the
 * list and its CSV PERM_PAYMENT_POST (the 収納 staff who work the debts; the
 * CSV also PERM_CUSTOMER_EXPORT); recording 援用 PERM_PAYMENT_POST, 債権放棄
 * (a decision of the utility) PERM_APPROVE.  Acts are audited
 * (limitation.invoke, limitation.waive), so are the list and its export
 * (limitation.view, limitation.export).
 *
 * Ownership: app_limitation_page's rows are malloc'd: app_limitation_page_free. */
#ifndef SUIDO_APP_LIMITATION_H
#define SUIDO_APP_LIMITATION_H

#include "app/app.h"
#include "domain/limitation.h"

typedef struct app_claim {
    char service[8];              /* "water", "sewer" */
    int64_t unpaid;               /* what is unpaid of it (or was, when written off) */
    limitation_result lim;
    char barred_from[11];
    bool barred;                  /* today is on or after barred_from */
    bool act;                     /* water: 援用 or 債権放棄 recorded */
    char act_kind[12], act_on[11], act_how[64], act_by[64];
    bool extinguished;            /* sewer barred, or water barred with an act */
} app_claim;

typedef struct app_bill_limitation {
    int64_t bill_id, tap_id;
    char tap_no[16], cycle[8], read_on[11], due_on[11], today[11];
    bool open;                    /* in the open bills */
    app_claim claims[2];          /* [0] water, [1] sewer */
    /* 不納欠損 (writeoff_id 0: none) */
    int64_t writeoff_id;
    char wo_reason[16], wo_reason_label[32], wo_reason_text[256], wo_by[64], wo_proposed_by[64], wo_on[11];
    int64_t wo_water, wo_sewer;
    int64_t wo_after_yen;         /* 欠損後収納: received since the write-off (net) */
    char wo_after_on[11];         /* the last day of it ("" none) */
    int64_t pending_writeoffs;    /* proposals awaiting approval naming it */
} app_bill_limitation;

int app_limitation_bill(app_ctx *ctx, int64_t bill_id, app_bill_limitation *out, err_t *e);

#define APP_LIMITATION_PAGE 50
typedef struct app_limitation_row {
    int64_t bill_id;
    char tap_no[16], cycle[8], service[8], read_on[11], due_on[11], barred_from[11];
    int years;
    int64_t unpaid;
    bool barred, needs_invocation, act;
    int renewals;                 /* events that renewed it */
} app_limitation_row;
typedef struct app_limitation_page {
    char today[11], horizon[11];
    int months;
    int64_t total, sum, page, pages;
    app_limitation_row *rows;
    size_t n;
} app_limitation_page;
/* Claims with something unpaid whose barred_from is on or before today +
 * months (default 6; 1..120), service "" / "water" / "sewer", earliest
 * barred_from first; page of APP_LIMITATION_PAGE (page 0: every row, for
 * the CSV).  ERR_INVALID naming months or service. */
int app_limitation_list(app_ctx *ctx, const char *service, const char *months, int64_t page, bool exporting,
                        app_limitation_page *out, err_t *e);
void app_limitation_page_free(app_limitation_page *p);

/* Record 援用 (kind "invocation": act_on the day the debtor invoked, how
 * e.g. 書面・口頭) or 債権放棄 ("waiver": act_on the day of the decision,
 * how the decision's reference) for a bill's water claim past its
 * barred_from.  Once per claim. */
int app_limitation_act(app_ctx *ctx, int64_t bill_id, const char *kind, const char *act_on, const char *how,
                       err_t *e);

/* For app_writeoff: the limitation of a bill as of today, without
 * permission or audit (inside the caller's transaction). */
int app_limitation_bill_tx(app_ctx *ctx, int64_t bill_id, app_bill_limitation *out, err_t *e);

#endif
