/* app_checks — the consistency lists (漏れ防止, docs/consistency.md): for a
 * cycle (default: the newest billed), the taps each list names, and the
 * counts of every list (the 点検 page, the home tiles, `suido check run`,
 * the monthly job).  Read only.  Permission PERM_BILL_CORRECT (担当, 係長:
 * those who correct what a list finds).
 *
 * Ownership: app_check_list_free releases a list's rows. */
#ifndef SUIDO_APP_CHECKS_H
#define SUIDO_APP_CHECKS_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "domain/checks/check_kinds.h"

typedef struct app_check_counts {
    char cycle[8];                 /* the cycle counted ("" when nothing is billed yet) */
    int64_t n[CHECK__MAX];
    int64_t counted_at;            /* when they were counted (unix seconds) */
} app_check_counts;
/* Count every list now.  cycle NULL or "": the newest billed; else
 * "YYYY-MM" (field "cycle").  The counts are kept (check_counts) for
 * app_check_counts_recent: the 点検 page, `suido check run` and the monthly
 * job each leave the latest counts behind. */
int app_check_counts_get(app_ctx *ctx, const char *cycle, app_check_counts *out, err_t *e);
/* The newest billed cycle's counts as last kept, when every list was
 * counted less than [checks] home_max_age seconds ago (default 900);
 * otherwise counted now (app_check_counts_get).  For home, opened all day:
 * seven lists over a cycle's bills cost some 300 ms at 120,000 taps with
 * five years of history, a kept row a few. */
int app_check_counts_recent(app_ctx *ctx, app_check_counts *out, err_t *e);

typedef struct app_check_row {
    char tap_no[16];
    int64_t bill_id;               /* 0: the row is not about one bill */
    char a[32], b[32];             /* the two values that disagree (info->col_a, col_b) */
} app_check_row;

typedef struct app_check_list {
    int kind;
    const check_kind_info *info;
    char cycle[8];
    app_check_row *rows;              /* at most the limit asked for, by tap number */
    size_t n;
    int64_t total;                 /* every row of the list */
} app_check_list;
/* code: check_kinds.h's (field "list"). */
int app_check_list_get(app_ctx *ctx, const char *code, const char *cycle, int64_t limit, app_check_list *out,
                       err_t *e);
void app_check_list_free(app_check_list *l);

#endif
