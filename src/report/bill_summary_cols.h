/* bill_summary_cols — the columns of the 調定集計表, shared by its screen,
 * CSV and Excel so the three cannot drift: the titles, and one row's
 * figures in that order (after the two key columns 用途 and 口径).
 *
 * Ownership: static titles; values into the caller's array. */
#ifndef SUIDO_BILL_SUMMARY_COLS_H
#define SUIDO_BILL_SUMMARY_COLS_H

#include <stdbool.h>

#include "app/billing/app_bill_report.h"

#define BILL_SUMMARY_NVALS 16
/* Titles of the value columns; *yen whether column k is money, *diff whether
 * it is a difference (shown signed). */
extern const char *const BILL_SUMMARY_TITLES[BILL_SUMMARY_NVALS];
extern const bool BILL_SUMMARY_YEN[BILL_SUMMARY_NVALS];
extern const bool BILL_SUMMARY_DIFF[BILL_SUMMARY_NVALS];
/* The value columns of a row. */
void bill_summary_values(const app_bill_report_row *r, long long v[BILL_SUMMARY_NVALS]);
/* The 口径 cell of a row: "13" (mm), "小計" or "" for the grand total. */
void bill_summary_diameter(const app_bill_report_row *r, char out[16]);

#endif
