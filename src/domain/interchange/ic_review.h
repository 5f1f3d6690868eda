/* ic_review — the review report of an import, 移行結果確認表 (issue 20 item
 * 3): what an import (or a dry run) read, as the staff check it against the
 * legacy system's own printouts.
 *
 * Four sections, each a list of items:
 *   count    per file and fiscal year (年度, April–March, by the file's date
 *            column; 0 for files without one): the rows and the money sums;
 *   control  per file: the control totals the legacy export supplied (the
 *            manifest, or a mapping's trailer record) beside what was read;
 *   sample   the first ICR_SAMPLES rows of each file, column by column: the
 *            legacy value beside the suido value (personal columns masked);
 *   diff     every difference: each error of the import, each control total
 *            that does not match.
 *
 * Pure: the caller feeds rows and totals in; ic_review_finish hands out the
 * items in section order.  An ic_review is owned by its caller
 * (ic_review_free); items point to malloc'd texts freed with it. */
#ifndef SUIDO_IC_REVIEW_H
#define SUIDO_IC_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/interchange/ic_format.h"
#include "domain/interchange/ic_manifest.h"

#define ICR_SAMPLES 3
#define ICR_MAX_FY 80
#define ICR_MASK "＊＊＊"

enum icr_section { ICR_COUNT, ICR_CONTROL, ICR_SAMPLE, ICR_DIFF };

typedef struct icr_item {
    int section;          /* enum icr_section */
    char file[64];        /* "bills.csv" ("" for a difference of the whole import) */
    int fy;               /* count: fiscal year (0: no date); sample: its number (1..) */
    char name[160];       /* count/control: "rows" or a money column; sample: the column; diff: "FILE:LINE field" */
    char *legacy;         /* control: the legacy total; sample: the legacy value ("" none) */
    char *loaded;         /* count/control: what was read; sample: the suido value; diff: the message */
    bool differs;
} icr_item;

typedef struct icr_fy {
    int fy;
    int64_t rows;
    int64_t sums[IC_MANIFEST_MAX_SUMS];
} icr_fy;

typedef struct icr_file {
    int64_t rows;
    ic_sum sums[IC_MANIFEST_MAX_SUMS];
    int nsums;
    icr_fy fys[ICR_MAX_FY];
    int nfy;
    int samples;
    bool control;                       /* control totals supplied */
    char control_from[96];              /* "manifest.json", "BILL.DAT の 61 行目（トレーラー）" */
    bool ctl_rows_set;
    int64_t ctl_rows;
    bool ctl_sum_set[IC_MANIFEST_MAX_SUMS];
    int64_t ctl_sums[IC_MANIFEST_MAX_SUMS];
    int date_k, period_k;               /* CSV columns of the fiscal year's date (-1: none) */
    int sum_k[IC_MANIFEST_MAX_SUMS];    /* CSV columns of the sums (-1: none) */
} icr_file;

typedef struct ic_review {
    icr_file files[IC_FILE__COUNT];
    bool seen[IC_FILE__COUNT];
    icr_item *items;                    /* samples and differences, as they came */
    size_t nitems, capitems;
    bool oom;
} ic_review;

void ic_review_init(ic_review *rv);
void ic_review_free(ic_review *rv);

/* The file's date column that decides its fiscal year, or NULL. */
const char *ic_review_date_col(int f);
/* 年度 of an ISO date (2025-03-31 → 2024); 0 when not a date. */
int ic_review_fiscal_year(const char *iso);

/* A file was read (even with no rows). */
void ic_review_file(ic_review *rv, int f);
/* One row of file f as read (fields: its CSV fields, nfields of them);
 * legacy: the legacy text of each CSV column (NULL: the same as the field;
 * a NULL entry: the column had no legacy value). */
void ic_review_row(ic_review *rv, int f, const char *const *fields, int nfields, const char *const *legacy);
/* The control totals of file f: rows (when rows_set) and money sums by
 * column name (sums/nsums), and where they came from. */
void ic_review_control(ic_review *rv, int f, const char *from, bool rows_set, int64_t rows, const ic_sum *sums,
                       int nsums);
/* One difference: where ("bills.csv:12 total_yen", "BILL.DAT:3 issued_on")
 * and the message. */
void ic_review_difference(ic_review *rv, const char *file, const char *where, const char *msg);

/* All items in section order (count, control, sample, diff) into *items
 * (owned by rv until ic_review_free); the number of control totals that
 * differ in *control_differs. */
bool ic_review_finish(ic_review *rv, const icr_item **items, size_t *n, int64_t *control_differs);

#endif
