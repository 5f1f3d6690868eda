/* arrears — how long a bill has been overdue, and the aging buckets of the
 * arrears ledger (滞納整理簿), as pure rules on civil dates.
 *
 * A bill is overdue on a day when it is current, something of it is unpaid
 * and its due date is before that day (the karte's 期限経過).  Its age is the
 * number of whole months since the due date: the largest k such that the due
 * date is on or before "today minus k months" (a month back from the 31st is
 * the last day of the shorter month).  The same cut-off dates select the
 * buckets and the "at least N months" filter, in SQL and here alike, so that
 * a bill's bucket and its age cannot disagree. */
#ifndef SUIDO_ARREARS_H
#define SUIDO_ARREARS_H

#include "base/date.h"

/* Buckets by age in whole months: [0,1) [1,2) [2,3) [3,6) [6,12) [12,24)
 * [24,∞).  ARREARS_BOUNDS[k] is the lower bound of bucket k+1. */
#define ARREARS_NBUCKETS 7
extern const int ARREARS_BOUNDS[ARREARS_NBUCKETS - 1];    /* 1 2 3 6 12 24 */
extern const char *const ARREARS_BUCKET_LABELS[ARREARS_NBUCKETS];  /* "1か月未満" … "24か月以上" */

/* The stages of a debt on the arrears path, ranked: a row of the ledger
 * takes the highest of its bills' (a bill's tap stopped, else an active
 * instalment pledge covering it, else its furthest notice, else 督促前), as
 * the カルテ places a tap.  Codes for the URL (filter 段階) and labels. */
#define ARREARS_NSTAGES 6
extern const char *const ARREARS_STAGE_CODES[ARREARS_NSTAGES + 1];   /* "before" … "stopped", NULL */
extern const char *const ARREARS_STAGE_LABELS[ARREARS_NSTAGES];      /* "督促前" … "給水停止中" */
/* The rank of a stage code (-1 when unknown). */
int arrears_stage_of(const char *code);

/* d moved back k months (k >= 0), the day clamped to the month's length. */
civil_date arrears_months_back(civil_date d, int k);
/* Whole months a bill due on due is overdue on today (0 when not yet a
 * month, or not overdue at all). */
int arrears_age_months(civil_date due, civil_date today);
/* The bucket (0 .. ARREARS_NBUCKETS-1) of an age in months. */
int arrears_bucket(int age_months);
/* The cut-off dates of the buckets as ISO text: cut[k] = today minus
 * ARREARS_BOUNDS[k] months.  A bill due after cut[0] is in bucket 0; due on
 * or before cut[k-1] and after cut[k], bucket k; on or before cut[5], bucket 6. */
void arrears_cutoffs(civil_date today, char cut[ARREARS_NBUCKETS - 1][11]);

#endif
