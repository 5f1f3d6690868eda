/* arrears_store — the arrears ledger (滞納整理簿): the overdue bills (in
 * bill_open, due before today) gathered per customer (名寄せ: by the bill's
 * customer, across every tap) or per customer and tap, with their counts,
 * sums, oldest due date and the sums of the aging buckets; and one
 * customer's overdue bills.
 *
 * Every statement starts from bill_open's due-date index (bill_open_due,
 * the range due_on < today) and reaches each bill, balance and tap by its
 * key: it reads the overdue bills, not every bill of every year.  The
 * filters on area, route and payment method choose the rows whose overdue
 * bills include one of that tap (a row's figures stay its whole debt); the
 * amount and age filters apply to a row's total and oldest due date, the
 * stage filter to a row's stage: the highest of its bills' (a bill's tap
 * stopped, else an active pledge covering it, else its furthest notice),
 * computed in the same statement, so the counts and sums are the filtered
 * rows'.
 *
 * Ownership: lists are malloc'd arrays the caller frees. */
#ifndef SUIDO_ARREARS_STORE_H
#define SUIDO_ARREARS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The aging buckets (domain/arrears.h ARREARS_STORE_NBUCKETS; app_arrears checks
 * that the two agree: the store does not include the domain). */
#define ARREARS_STORE_NBUCKETS 7
/* The stages on the arrears path, ranked (domain/arrears.h ARREARS_NSTAGES,
 * checked to agree by app_arrears): 0 督促前, 1 督促済, 2 催告済,
 * 3 給水停止予告済, 4 分納誓約の履行中, 5 給水停止中. */
#define ARREARS_STORE_NSTAGES 6
#include "store/db.h"

typedef struct arrears_filter {
    const char *today;                       /* ISO: a bill due before it is overdue */
    char cut[ARREARS_STORE_NBUCKETS - 1][11];      /* arrears_cutoffs(today) */
    const char *area, *route;                /* "" = any */
    const char *method;                      /* "", "debit" (a mandate in force), "slip" */
    int64_t min, max;                        /* a row's overdue total, inclusive */
    const char *oldest_by;                   /* the oldest due date on or before ("9999-12-31": any) */
    bool per_tap;                            /* rows per customer and tap (水栓別) */
    bool by_age;                             /* oldest first, else the largest amount first */
    int64_t stage;                           /* a row's stage (the highest of its bills'), -1 any */
} arrears_filter;

typedef struct arrears_totals {
    int64_t rows, bills, amount;
    int64_t bucket[ARREARS_STORE_NBUCKETS];
} arrears_totals;

typedef struct arrears_row {
    int64_t customer_id, tap_id;             /* tap_id 0 in rows per customer */
    int64_t taps;                            /* taps with overdue bills in the row */
    char tap_first[16], tap_last[16];        /* the lowest and highest tap numbers */
    int64_t bills, amount;
    char oldest_due[11];
    int64_t bucket[ARREARS_STORE_NBUCKETS];
    bool debit, slip;                        /* some bill paid by debit / by slip */
    int stage;                               /* 0 .. ARREARS_STORE_NSTAGES-1: the highest of its bills' */
    arrears_totals all;                      /* arrears_store_page: the totals of every row kept */
} arrears_row;

/* The totals alone: for a page asked past the end, whose answer has no row. */
int arrears_store_totals(db_conn *c, const arrears_filter *f, arrears_totals *out, err_t *e);
/* A page (limit < 0: every row, for exports), each row carrying in .all the
 * totals of every row the filters keep: the page and the true count and sum
 * in one pass over the overdue bills. */
int arrears_store_page(db_conn *c, const arrears_filter *f, int64_t limit, int64_t offset, arrears_row **rows,
                       size_t *n, err_t *e);

/* The tap numbers of a customer's overdue bills, in order, joined by "・"
 * into out (truncated at a whole number). */
int arrears_store_customer_taps(db_conn *c, int64_t customer_id, const char *today, char *out, size_t outsz,
                                err_t *e);

typedef struct arrears_bill {
    int64_t bill_id, tap_id;
    char tap_no[16], cycle[8], due_on[11];
    int64_t total, paid, pending;
} arrears_bill;
/* A customer's overdue bills, oldest due first (through bills_customer:
 * that customer's bills only). */
int arrears_store_customer_bills(db_conn *c, int64_t customer_id, const char *today, arrears_bill **rows, size_t *n,
                                 err_t *e);

/* A customer's arrears in one row (tap_id 0; debit/slip not set), through
 * bills_customer; rows 0 when the customer owes nothing overdue. */
int arrears_store_customer_sum(db_conn *c, int64_t customer_id, const char *today, arrears_row *out, err_t *e);
/* The customer of a tap's oldest overdue bill (*customer_id 0: none), through
 * bills_tap: whose debt a カルテ without a current customer shows. */
int arrears_store_tap_debtor(db_conn *c, int64_t tap_id, const char *today, int64_t *customer_id, err_t *e);

#endif
