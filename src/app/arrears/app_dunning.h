/* app_dunning — the dunning schedule's batch (督促状・催告書・給水停止予告通知書)
 * as a resumable job, the preview of what is due, the letters of a run for
 * printing, and the notices a tap was sent (see app.h for the conventions).
 *
 * A run as of a day selects the bills due for its step (domain/dunning.h,
 * settings [arrears]): current, with an open amount (total − paid − pending
 * debit) above zero — a bill paid meanwhile drops out, money posted is never
 * dunned.  It groups them per customer and tap (one letter: the stoppage,
 * the karte and the slip's reference are the tap's; a customer with two taps
 * gets two letters, as with the bills themselves) and writes the letters and
 * the notice of each bill in chunks of [arrears] chunk letters (500), one
 * transaction each with the run's progress.  A notice per bill and step is
 * unique, so a rerun adds nothing and a run killed at any point is finished
 * by the next one (the dead run is marked interrupted).
 *
 * Ownership: summaries and rows by value; arrays malloc'd, freed with the
 * matching *_free. */
#ifndef SUIDO_APP_DUNNING_H
#define SUIDO_APP_DUNNING_H

#include "app/app.h"
#include "domain/dunning.h"

/* The [arrears] settings (defaults in domain/dunning.h); ERR_INVALID names
 * the key when a value is out of range. */
int app_dunning_rules(const app_ctx *ctx, dunning_rules *out, err_t *e);

typedef struct app_dunning_hooks {
    void (*progress)(void *arg, int64_t done_letters, int64_t total_letters, int64_t bills);
    void *arg;
} app_dunning_hooks;

typedef struct app_dunning_summary {
    int64_t run_id;
    char step[12], as_of[11], deadline[11], stop_on[11];
    bool dry_run;
    int64_t letters, bills, amount, fees;
    int64_t over_limit;        /* letters whose total cannot be paid by slip (> ¥999,999) */
    double select_s, write_s, seconds;
} app_dunning_summary;

/* Run step ("tokusoku", "saikoku", "yokoku") as of as_of (YYYY-MM-DD, not
 * after today; NULL or "": today).  PERM_JOB_RUN.  Refusals name the field
 * ("step", "as_of"); ERR_CONFLICT while another dunning run is live. */
int app_dunning_run(app_ctx *ctx, const char *step, const char *as_of, bool dry_run, const app_dunning_hooks *hooks,
                    app_dunning_summary *s, err_t *e);

/* How many bills each step would take as of as_of (NULL: today). */
int app_dunning_preview(app_ctx *ctx, const char *as_of, int64_t counts[DUNNING__MAX], err_t *e);

typedef struct app_dunning_run_info {
    int64_t id;
    char step[12], as_of[11], status[16], started_by[64];
    int64_t started_at, finished_at, total_letters, done_letters, bills, amount;
} app_dunning_run_info;
int app_dunning_runs(app_ctx *ctx, size_t limit, app_dunning_run_info **rows, size_t *n, err_t *e);
int app_dunning_run_get(app_ctx *ctx, int64_t id, app_dunning_run_info *out, err_t *e);

/* One printed letter: who and where (opened from their sealed rows), the
 * bills, the total and, when it can be paid by slip, the slip's 44 digits
 * (code "" otherwise). */
typedef struct app_notice_bill {
    int64_t bill_id;
    char cycle[8], due_on[11];
    int64_t amount;
} app_notice_bill;
/* app_notice_doc.step of a late charge's 納付書 (app_late_charge_slip). */
#define APP_NOTICE_LATE_CHARGE DUNNING__MAX
typedef struct app_notice_doc {
    int step;                 /* enum dunning step, or APP_NOTICE_LATE_CHARGE */
    char charge_label[128];   /* APP_NOTICE_LATE_CHARGE: what the charge is (延滞金（下水道）, 督促手数料) */
    char utility[128], contact[256];
    char customer[256], postal[16], mail_address[512], place[512], tap_no[16];
    char issued_on[11], deadline[11], stop_on[11];
    int64_t letter_id, fee, total;
    app_notice_bill *bills;
    size_t nbills;
    char code[45];
} app_notice_doc;
/* The letters of a run, for printing (PERM_CUSTOMER_VIEW; one audit row):
 * from the first-th letter (0-based, in the order of the run), at most
 * limit of them (0: all).  The screen prints a large run in parts of
 * APP_DUNNING_PDF_PART letters (分冊), each a PDF of a few seconds; the
 * command line writes the whole run to one file. */
#define APP_DUNNING_PDF_PART 1000
int app_dunning_letters(app_ctx *ctx, int64_t run_id, size_t first, size_t limit, app_notice_doc **docs, size_t *n,
                        err_t *e);
void app_notice_docs_free(app_notice_doc *docs, size_t n);

/* The letters sent for a tap, newest first (the karte). */
typedef struct app_tap_notice {
    int64_t run_id;
    char step[12], issued_on[11], deadline[11], stop_on[11];
    int64_t bills, amount;
} app_tap_notice;
int app_dunning_tap_notices(app_ctx *ctx, const char *tap_no, app_tap_notice **rows, size_t *n, err_t *e);

#endif
