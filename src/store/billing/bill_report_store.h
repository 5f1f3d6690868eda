/* bill_report_store — what the billing screen reports before and after a
 * run: per route, how far a cycle's readings are billed (readiness), the
 * current bills of a cycle summed by use and diameter (調定集計表), and the
 * cycles whose reading has begun (to choose the one that is due).
 *
 * Ownership: malloc'd arrays, free(); rows filled by value. */
#ifndef SUIDO_BILL_REPORT_STORE_H
#define SUIDO_BILL_REPORT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

/* Per route of a cycle: taps with an accepted reading, those of them with
 * an accepted estimate (認定), and those whose accepted reading has a
 * current bill. */
typedef struct bill_ready_row {
    char route[16];
    int64_t read, estimated, billed;
} bill_ready_row;
int bill_report_ready(db_conn *c, const char *cycle, bill_ready_row **rows, size_t *n, err_t *e);

/* The current bills of a cycle by use and diameter, ordered by both. */
typedef struct bill_group_row {
    char use_code[16];
    int64_t diameter, bills, estimated, usage, sewer_bills, sewer_usage;
    int64_t water_yen, sewer_yen, adjust_yen, tax_yen, total_yen;
} bill_group_row;
int bill_report_groups(db_conn *c, const char *cycle, bill_group_row **rows, size_t *n, err_t *e);

/* The newest cycles (at most max) whose reading window began on or before
 * day, newest first, into out[k] (each 8 bytes); *n how many. */
int bill_report_started_cycles(db_conn *c, const char *day, char (*out)[8], size_t max, size_t *n, err_t *e);

/* The newest run (not a dry run) of a cycle: its status ("running", "done",
 * "interrupted", "failed") and how many it billed; status "" when none. */
int bill_report_last_run(db_conn *c, const char *cycle, char status[16], int64_t *billed, err_t *e);

#endif
