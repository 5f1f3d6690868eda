/* check_store — the consistency lists' queries (docs/consistency.md), one
 * statement per list, each walking the cycle's bills (bills_cycle) or the
 * readings of the cycle (readings_cycle) once, with look-ups per row
 * through the tap's indexes; the complexes' list walks works_dwellings.
 * Kind numbers are domain/checks/check_kinds.h's (store may not include
 * domain/: the caller passes the number it got there).
 *
 * Ownership: lists are malloc'd arrays the caller frees with free(). */
#ifndef SUIDO_CHECK_STORE_H
#define SUIDO_CHECK_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

typedef struct check_row {
    char tap_no[16];
    int64_t bill_id;          /* 0: the row is not about one bill */
    char a[32], b[32];        /* the two values that disagree (check_kind_info col_a, col_b) */
} check_row;

/* The SQL lists: kind 0..5 in check_kinds.h's order (under-base is the
 * caller's, from check_store_water_bills).  At most limit rows by tap
 * number; *total counts them all. */
int check_store_list(db_conn *c, int kind, const char *cycle, int64_t limit, check_row **rows, size_t *n,
                     int64_t *total, err_t *e);
/* The newest cycle with current bills ("" none). */
int check_store_last_cycle(db_conn *c, char cycle[8], err_t *e);

typedef struct check_bill {
    int64_t id;
    char tap_no[16], use_code[16], water_tariff[64];
    int64_t diameter, months, days, water_yen;
} check_bill;
/* The cycle's current bills priced by a water tariff, by tap number. */
int check_store_water_bills(db_conn *c, const char *cycle, check_bill **rows, size_t *n, err_t *e);

/* The counts last taken (check_counts): for each of the nkinds codes of
 * the cycle, n[i] and the time it was counted (unix seconds; counted_at[i]
 * 0 when that list was never counted for the cycle). */
int check_store_counts_load(db_conn *c, const char *cycle, const char *const *codes, size_t nkinds, int64_t *n,
                            int64_t *counted_at, err_t *e);
/* Keep counts taken at `at` (one statement per list, in the caller's
 * transaction). */
int check_store_counts_save(db_conn *c, const char *cycle, const char *const *codes, size_t nkinds,
                            const int64_t *n, int64_t at, err_t *e);

#endif
