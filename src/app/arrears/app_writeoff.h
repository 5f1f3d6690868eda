/* app_writeoff — 不納欠損 (write-off, docs/arrears-writeoff.md): a 担当
 * proposes writing off chosen bills' unpaid claims with a reason; another
 * member of staff (係長, never the proposer) approves it through the
 * approvals (kind "arrears.writeoff"); on approval, in that one
 * transaction, each bill gets its write-off row (bill_writeoffs: the water
 * and sewer parts written off) and leaves the open bills; the bill and its
 * history stay.  The register and the fiscal-year report (4月〜3月: 件数・金額
 * by service and reason).
 *
 * Rules of a proposal: each bill open (current, something unpaid, not
 * written off, no proposal pending); for the reasons resting on limitation
 * (時効完成, 援用, 債権放棄) every unpaid claim of the bill past its
 * barred_from and its water claim with 援用 or 債権放棄 recorded
 * (app_limitation_act); その他 needs its text.  On approval the unpaid
 * parts must still be those proposed (a payment since: refused).
 *
 * Permission: PERM_PAYMENT_POST to propose, to read the register and the
 * report; approving: that and PERM_APPROVE (the approvals).  Audited:
 * writeoff.propose, writeoff.approve, writeoff.reject (besides the
 * approval's own rows).
 *
 * Ownership: arrays are malloc'd: free(). */
#ifndef SUIDO_APP_WRITEOFF_H
#define SUIDO_APP_WRITEOFF_H

#include "app/app.h"
#include "app/app_approval.h"
#include "domain/writeoff.h"

extern const app_approval_kind APP_WRITEOFF_APPROVAL_KINDS[];

int app_writeoff_propose(app_ctx *ctx, const int64_t *bill_ids, size_t n, const char *reason,
                         const char *reason_text, int64_t *writeoff_id, err_t *e);

typedef struct app_writeoff {
    int64_t id, approval_id;
    char reason[16], reason_label[32], reason_text[256], status[12];
    int64_t bills, amount;
    char proposed_by[64], proposed_at[20], decided_by[64], decided_on[11];
    int64_t after_yen;               /* 欠損後収納: received for its bills since (net) */
    char after_on[11];               /* the last day of it ("" none) */
} app_writeoff;
typedef struct app_writeoff_item {
    int64_t bill_id;
    char tap_no[16], cycle[8], due_on[11];
    int64_t water_yen, sewer_yen;
    int64_t after_yen;               /* 欠損後収納 of this bill (net) */
    char after_on[11];
} app_writeoff_item;
/* 不納欠損後の収入: the kind of an allocation of money to bill_id inside
 * the posting's transaction: "after_writeoff" when the bill is written off
 * (it stays written off and out of the open bills; the register, the bill
 * page and the daily totals show the money apart), else kind unchanged.
 * No permission check: the posting's own. */
int app_writeoff_alloc_kind(app_ctx *ctx, int64_t bill_id, const char **kind, err_t *e);

/* The register: newest first (at most 500). */
int app_writeoff_list(app_ctx *ctx, app_writeoff **rows, size_t *n, err_t *e);
int app_writeoff_get(app_ctx *ctx, int64_t id, app_writeoff *out, app_writeoff_item **items, size_t *n,
                     err_t *e);

/* The written-off bills of a tap, for the カルテ's bill history
 * (PERM_CUSTOMER_VIEW, inside the カルテ's own audit). */
typedef struct app_writeoff_of_bill {
    int64_t bill_id, writeoff_id;
    char reason_label[32], decided_on[11];
    int64_t water_yen, sewer_yen;
} app_writeoff_of_bill;
int app_writeoff_of_tap(app_ctx *ctx, const char *tap_no, app_writeoff_of_bill **rows, size_t *n, err_t *e);

/* The fiscal-year report: fy "" = the current one (4月〜3月). */
typedef struct app_writeoff_report_row {
    int reason;                   /* writeoff_reason */
    int64_t water_n, water_yen, sewer_n, sewer_yen;
} app_writeoff_report_row;
typedef struct app_writeoff_report {
    int fy;
    char from[11], to[11];        /* 4月1日 .. 3月31日 */
    app_writeoff_report_row rows[WRITEOFF__NREASONS];
    app_writeoff_report_row total;   /* reason -1 */
} app_writeoff_report;
int app_writeoff_report_get(app_ctx *ctx, const char *fy, app_writeoff_report *out, err_t *e);

#endif
