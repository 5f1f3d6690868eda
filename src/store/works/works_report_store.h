/* works_report_store — the aggregates of the works statistics (工事統計,
 * issue 18 item 7): the applications of a period counted by type,
 * diameter, area (町丁目) and contractor — received, approved, completed
 * and cancelled in the period, each by its own step date — and the 加入金
 * and fees assessed on the applications received in the period, with what
 * is paid of them, by diameter.  One GROUP BY statement each; no personal
 * data.
 *
 * Ownership: arrays returned through pointer-to-pointer are malloc'd
 * (free()). */
#ifndef SUIDO_WORKS_REPORT_STORE_H
#define SUIDO_WORKS_REPORT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

typedef enum works_report_dim {
    WORKS_DIM_TYPE,         /* key: the type's code */
    WORKS_DIM_DIAMETER,     /* key: the (new) diameter in mm */
    WORKS_DIM_AREA,         /* key: the area's code; label: its name */
    WORKS_DIM_CONTRACTOR,   /* key: the contractor's id; label: 指定番号 and 商号 */
    WORKS_NDIMS
} works_report_dim;

typedef struct works_stat_row {
    char key[32];
    char label[320];
    int64_t received, approved, completed, cancelled;
} works_stat_row;

/* The counts of the period from..to (inclusive, "YYYY-MM-DD") by dim, in
 * the order of the key; a key appears when any of its counts is not 0. */
int works_report_store_stats(db_conn *c, int dim, const char *from, const char *to, works_stat_row **rows, size_t *n,
                             err_t *e);

typedef struct works_fee_row {
    int64_t diameter;
    int64_t applications;           /* received in the period, with charges */
    int64_t kanyukin, kanyukin_paid; /* 加入金 (code "kanyukin"), yen */
    int64_t fees, fees_paid;        /* every other charge, yen */
} works_fee_row;

/* The charges of the applications received from..to, by diameter. */
int works_report_store_fees(db_conn *c, const char *from, const char *to, works_fee_row **rows, size_t *n, err_t *e);

#endif
