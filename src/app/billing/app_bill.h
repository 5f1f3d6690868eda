/* app_bill — billing: bill runs, bills, slips, sewer (app/billing/).
 * Split from app/app.h (conventions there: permission, one transaction,
 * audit; _tx functions run in the caller's transaction).
 *
 * Ownership: output structs are filled by value; arrays returned through
 * pointer-to-pointer are malloc'd and freed by the matching *_free function
 * named beside them (else free()). */
#ifndef SUIDO_BILLING_APP_BILL_H
#define SUIDO_BILLING_APP_BILL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/reading/app_reading.h"

/* ---- billing (app_bill_run.c, app_bill.c) ---------------------------- */

#define APP_BILL_GROUPS 96
/* Totals of a run by use and diameter. */
typedef struct app_bill_group {
    char use[16];
    int64_t diameter, bills, usage, water_yen, sewer_yen, adjust_yen, tax_yen, total_yen;
} app_bill_group;
typedef struct app_bill_summary {
    int64_t run_id;            /* 0 for a dry run */
    char cycle[8], grp[12];
    bool dry_run;
    int64_t candidates, billed, skipped;
    int64_t water_bills, water_m3, water_yen;
    int64_t sewer_bills, sewer_m3, sewer_yen;
    int64_t other_sewer_m3;    /* volume kept for other sewer operators */
    int64_t adjust_yen, tax_yen, total_yen, estimated;
    int64_t skip_counts[BILL_SKIP__MAX];   /* by enum bill_skip_reason (domain/bill_skip.h) */
    app_bill_group groups[APP_BILL_GROUPS];
    size_t ngroups;
    double seconds;
} app_bill_summary;
/* The Japanese label of a stored skip reason code (the code itself if unknown). */
const char *app_bill_skip_label(const char *reason);
/* Optional callbacks of a run (any may be NULL): progress after each
 * committed chunk; each bill as assembled (also in a dry run: the list of
 * what would be billed). */
typedef struct app_bill_hooks {
    void (*progress)(void *arg, int64_t done, int64_t total, int64_t billed, int64_t skipped);
    void (*bill)(void *arg, const char *tap_no, int64_t usage, int64_t water_yen, int64_t sewer_yen, int64_t total_yen);
    void *arg;
} app_bill_hooks;
/* The billing run of a cycle (係長; a job): every accepted reading of the
 * cycle (and route group: "odd", "even", "monthly" or "all") without a
 * current bill is billed, a chunk of taps per transaction, so a killed run
 * leaves whole bills only and a rerun finishes the work; taps that cannot be
 * billed are recorded with the reason.  dry_run: nothing is written.
 * ERR_CONFLICT when another run is under way. */
int app_bill_run(app_ctx *ctx, const char *cycle, const char *grp, bool dry_run, const app_bill_hooks *hooks,
                 app_bill_summary *out, err_t *e);
/* The current bills of a cycle, one line per bill into out (TSV: tap_no,
 * usage, water, sewer, total), ordered by tap; and the cycle's totals. */
int app_bill_cycle_list(app_ctx *ctx, const char *cycle, buf_t *out, err_t *e);
/* The summary as JSON (malloc'd, free()). */
char *app_bill_summary_json(const app_bill_summary *s);

typedef struct app_bill_run_info {
    int64_t id;
    char cycle[8], grp[12], status[16], started_by[64];
    int64_t dry_run, started_at, finished_at, total_taps, done_taps, billed, skipped;
    char *summary;             /* malloc'd JSON ("" while running) */
} app_bill_run_info;
int app_bill_runs(app_ctx *ctx, size_t limit, app_bill_run_info **rows, size_t *n, err_t *e);
void app_bill_runs_free(app_bill_run_info *rows, size_t n);

typedef struct app_bill {
    int64_t id, reading_id, replaces, customer_id;
    char tap_no[16], cycle[8], kind[12], status[12];
    char period_from[11], period_to[11], issued_on[11], due_on[11];
    int64_t days, months, diameter, usage, estimated, sewer_usage;
    char use_code[16], sewer_operator[16], water_tariff[64], sewer_tariff[64];
    int64_t water_yen, sewer_yen, adjust_yen, tax_yen, total_yen, paid_yen, balance_yen, pending_yen;
    char collect[8];           /* "" (the tap's way), "retry" (second debit) or "slip" */
    char reason[256], created_by[64];
    int64_t created_at, cancelled_at;
    char *lines;               /* malloc'd JSON (app_bill_get only) */
    char customer_name[256];   /* app_bill_get only */
    char water_tariff_name[160], sewer_tariff_name[160];   /* app_bill_get only */
    int64_t replaced_total;    /* the total of the bill this one replaced (0: none) */
    int64_t replaced_by;       /* a cancelled bill: the bill issued in its place (0: none) */
} app_bill;
/* One bill with its lines and the customer's name (audited as a view). */
int app_bill_get(app_ctx *ctx, int64_t id, app_bill *out, err_t *e);
/* In the caller's transaction, nothing stored: what reading_id would be
 * billed, priced as the billing run prices it.  *total the bill's total;
 * *prev_total the total of the tap's newest current bill (0: none).  A
 * reading that cannot be billed as it stands is ERR_CONFLICT with the reason
 * in Japanese (e.g. a period to be confirmed). */
int app_bill_quote_reading_tx(app_ctx *ctx, int64_t reading_id, int64_t *total, int64_t *prev_total, err_t *e);
void app_bill_free(app_bill *b);
/* A tap's bills, newest first (without lines). */
int app_bill_list_tap(app_ctx *ctx, const char *tap_no, size_t limit, app_bill **rows, size_t *n, err_t *e);
void app_bill_list_free(app_bill *rows, size_t n);
/* Ask for a correction (更正) of a current bill: recomputed from the tap's
 * present use, diameter and sewer settings and, when usage >= 0, that usage.
 * A 係長 other than the requester approves it (the approval cancels the bill
 * and issues its replacement). */
int app_bill_request_correction(app_ctx *ctx, int64_t bill_id, int64_t usage, const char *reason,
                                int64_t *approval_id, err_t *e);
/* Ask for a leak reduction (漏水減免) on a bill: leak_m3 > 0, or 0 for the
 * rule (half of the excess over the same period last year). */
int app_bill_request_leak(app_ctx *ctx, int64_t bill_id, int64_t leak_m3, const char *reason, int64_t *approval_id,
                          err_t *e);
typedef struct app_final_result {
    app_reading_out reading;   /* the final reading's answer */
    int64_t bill_id;           /* 0: no bill (the reading was refused or is held) */
    int64_t total_yen;
} app_final_result;
/* 中止精算: record a stop's final reading on stop_on (meter_no NULL or "":
 * the installed meter), close the customer's occupancy on that day and issue
 * the final bill for the period since the last reading (partial-period rules
 * of the tariff apply), in one transaction.  A refused reading stores
 * nothing (rc 0, reading.status READING_REFUSED); a held one is stored and
 * the bill waits: call again with the same dial once it is confirmed. */
int app_bill_final(app_ctx *ctx, const char *tap_no, const char *stop_on, const char *value, const char *meter_no,
                   app_final_result *out, err_t *e);
/* The same inside the caller's transaction (a stop's work order, a works
 * 撤去's hand-over), which checks no permission (the caller has): on a
 * refused reading (rc 0, READING_REFUSED) the caller rolls back. */
int app_bill_final_tx(app_ctx *ctx, const char *tap_no, const char *stop_on, const char *value, const char *meter_no,
                      app_final_result *out, err_t *e);
/* The second half of it for a final reading already accepted (a held one
 * confirmed: app_reception_final_confirmed_tx): the occupancy closed on
 * stop_on and the final bill of reading_id (an existing one answered);
 * inside the caller's transaction. */
int app_bill_final_for_reading_tx(app_ctx *ctx, const char *tap_no, const char *stop_on, int64_t reading_id,
                                  int64_t *bill_id, int64_t *total_yen, err_t *e);
/* The sewer volume of a tap (汚水量の認定): basis "water" (the water meter),
 * "deduct" (a deduction meter: its volume is entered per cycle), or "well"
 * (well water: persons × [billing] well_m3_per_person per month is added).
 * 担当 and above; audited. */
int app_sewer_basis_set(app_ctx *ctx, const char *tap_no, const char *basis, const char *persons, err_t *e);
int app_sewer_basis_get(app_ctx *ctx, const char *tap_no, char basis[12], int64_t *persons, err_t *e);
/* A deduction meter's volume for a cycle (減量水量), replacing an earlier one. */
int app_sewer_deduction_set(app_ctx *ctx, const char *tap_no, const char *cycle, const char *m3, err_t *e);
/* A payment slip (納付書) for a bill's balance: what the printed slip shows
 * and the 44 digits of its barcode (domain/slipcode.h).  The reference is
 * the tap number and the bill id; the company code and the utility's name
 * come from [collection] company_code and [utility] name. */
typedef struct app_slip {
    char utility[128];
    char customer[256], address[512], tap_no[16];
    char cycle[8], period_from[11], period_to[11], due_on[11], issued_on[11];
    int64_t bill_id, usage, water_yen, sewer_yen, adjust_yen, tax_yen, total_yen, paid_yen, amount;
    bool estimated;
    int reissue;
    char code[45];
} app_slip;
/* The slip of a current bill (audited as a view); ERR_CONFLICT when its
 * balance cannot be paid by slip (nothing due, or over ¥999,999). */
int app_slip_get(app_ctx *ctx, int64_t bill_id, app_slip *out, err_t *e);
/* Reissue a bill's slip (担当+; audited): 再発行区分 + 1 (at most 9); a slip
 * past its due date gets a new deadline, today + [collection] reissue_days
 * (14) moved to the next business day. */
int app_slip_reissue(app_ctx *ctx, int64_t bill_id, app_slip *out, err_t *e);
/* Every payable current bill of a cycle, by tap (a print run; one audit
 * row for the whole run).  *skipped: bills that cannot be paid by slip.
 * The array is malloc'd (free()). */
int app_slips_cycle(app_ctx *ctx, const char *cycle, app_slip **slips, size_t *n, size_t *skipped, err_t *e);
/* The same slips handed to fn one at a time, in the same order, as they are
 * read (a print run's CSV written as it goes: nothing of the whole run is
 * held in memory).  The slip is valid during the call only; fn must not use
 * ctx's connection.  A non-zero return of fn stops the run and is returned
 * (no audit row then).  *n: the slips handed on. */
typedef int (*app_slip_fn)(const app_slip *slip, void *arg, err_t *e);
int app_slips_cycle_each(app_ctx *ctx, const char *cycle, app_slip_fn fn, void *arg, size_t *n, size_t *skipped,
                         err_t *e);
/* Skipped taps of a cycle. */
typedef struct app_bill_skip { char tap_no[16], reason[24], detail[256]; } app_bill_skip;
int app_bill_skips(app_ctx *ctx, const char *cycle, size_t limit, app_bill_skip **rows, size_t *n, err_t *e);
/* A 係長 confirms the period of a tap skipped as long_period (使用期間が通常
 * より長い) in a cycle: the next billing run bills it (the days older than
 * the limitation are still dropped).  PERM_APPROVE; audited
 * (bill.period_confirm).  ERR_NOTFOUND: no such tap; ERR_CONFLICT: the tap
 * is not waiting for this confirmation in that cycle.  *days receives the
 * period's length (NULL: not wanted). */
int app_bill_period_confirm(app_ctx *ctx, const char *tap_no, const char *cycle, int64_t *days, err_t *e);

#endif
