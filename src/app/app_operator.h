/* app_operator — operator tasks: key rotation and the demo city (app/app_key.c, app_demo.c, app_demo_pay.c).
 * Split from app/app.h (conventions there: permission, one transaction,
 * audit; _tx functions run in the caller's transaction).
 *
 * Ownership: output structs are filled by value; arrays returned through
 * pointer-to-pointer are malloc'd and freed by the matching *_free function
 * named beside them (else free()). */
#ifndef SUIDO_APP_OPERATOR_H
#define SUIDO_APP_OPERATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

/* ---- keys and demo (app_key.c, app_demo.c) --------------------------- */

typedef struct app_rotate_report {
    int64_t customers, taps, mandates, contacts, audit_rows, staff;   /* staff: staff members' sealed 氏名; contacts: with the negotiations' texts (交渉記録) */
    char new_key[16];
} app_rotate_report;
/* Add a new key to the key file and re-encrypt every sealed value under it.
 * Resumable: values already under the current key are skipped. */
int app_key_rotate(app_ctx *ctx, app_rotate_report *rep, err_t *e);

typedef struct app_demo_opts {
    int64_t taps;
    int years;
    uint64_t seed;
    bool leave_current_unread;   /* default: about half of this month's routes are read already */
    bool no_tariffs;             /* leave the tariffs to be loaded by hand (default: the demo city's) */
    void (*progress)(int64_t done, int64_t total, void *arg);
    void *progress_arg;
} app_demo_opts;
#define APP_DEMO_ADMIN "admin"
#define APP_DEMO_PASSWORD "suido-demo-2025"
/* Build the demo city into an empty database (refused if taps exist). */
int app_demo_generate(app_ctx *ctx, const app_demo_opts *o, err_t *e);
/* The demo's open cycle (its first day): the current month once the 22nd
 * (the last route day) has passed, else the month before.  Its readings went
 * through the checks; the cycles before it are history. */
void app_demo_open_cycle(civil_date today, civil_date *open);
/* Bill every cycle before the open cycle (after app_demo_generate; a
 * resumable job like `suido bill run`, one run per cycle). */
int app_demo_bill_history(app_ctx *ctx, void (*progress)(const char *cycle, void *arg), void *arg, err_t *e);
/* Pay the demo city's bills as a real city would, up to yesterday (after
 * app_demo_bill_history; app_demo_pay.c): direct debits with a few
 * failures, slips at stores, banks and by app, cards, some arrears, a few
 * double payments (credit) and wrong amounts (suspense); the mandates
 * debited in those cycles no longer first debits (first_done), as their
 * results would have left them.  Resumable.  *posted: payments posted by
 * this call. */
int app_demo_payment_history(app_ctx *ctx, uint64_t seed, void (*progress)(const char *cycle, void *arg), void *arg,
                             int64_t *posted, err_t *e);

#endif
