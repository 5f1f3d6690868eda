/* stats_billing_store — the 調定 statistics' queries (統計, docs/statistics.md):
 *
 * - the cube: the current bills (status 'current': what stands after every
 *   correction) of the billing cycles first..last ("YYYY-MM"), grouped by
 *   cycle, use, diameter, the tap's area, the sewer operator and the
 *   bill's kind, with the counts, volumes and yen of each group — one scan
 *   of the cycles' bills, folded by app/ into every table of the report;
 * - the corrections (更正) and leak reductions (漏水減免) of those cycles:
 *   every replacement bill, current or itself replaced since, against the
 *   bill it replaced, by the request's kind;
 * - the taps supplied (給水件数): distinct taps with a current bill in the
 *   cycles, by use and diameter.
 * No personal data.
 *
 * Ownership: arrays returned through pointer-to-pointer are malloc'd
 * (free()). */
#ifndef SUIDO_STATS_BILLING_STORE_H
#define SUIDO_STATS_BILLING_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "store/stats/stats_store.h"

enum stats_bill_val {
    SBV_BILLS,        /* bills */
    SBV_USAGE,        /* water volume m³ (有収水量) */
    SBV_SEWER_USAGE,  /* sewer volume m³ */
    SBV_WATER,        /* water charge, tax included */
    SBV_SEWER,        /* sewer charge, tax included */
    SBV_ADJUST,       /* adjustments (a leak reduction's, negative) */
    SBV_TAX,          /* the tax contained in water and sewer */
    SBV_TOTAL,        /* water + sewer + adjust */
    SBV_SEWER_BILLS,  /* bills with a sewer charge */
    SBV__N
};

typedef struct stats_bill_cell {
    char cycle[8];
    char use_code[24];
    int64_t diameter;
    char area[16];
    char area_name[96];
    char sewer_operator[16];
    char kind[16];
    int64_t v[SBV__N];
} stats_bill_cell;

int stats_billing_store_cube(db_conn *c, const char *first, const char *last, stats_bill_cell **rows, size_t *n,
                             err_t *e);

/* Per request kind ("correct", "leak"; "" when no request names the bill):
 * v[0] replacement bills, v[1] Σ(new − old) total yen, v[2] Σ(new − old)
 * water m³, v[3] Σ(new − old) sewer m³. */
int stats_billing_store_corrections(db_conn *c, const char *first, const char *last, stats_store_row **rows,
                                    size_t *n, err_t *e);

/* key "use_code|diameter", label "": v[0] distinct taps. */
int stats_billing_store_taps(db_conn *c, const char *first, const char *last, stats_store_row **rows, size_t *n,
                             err_t *e);

#endif
