/* stat_labels — the labels of the statistics' row keys (pure): a billing
 * cycle as a month, a bill's kind, an age bucket of unpaid bills.
 * Nothing is allocated; labels are static or written into out. */
#ifndef SUIDO_STAT_LABELS_H
#define SUIDO_STAT_LABELS_H

#include <stddef.h>
#include <stdint.h>

/* "2026-04" as "2026年4月" (anything else copied as it is). */
void stat_month_label(const char *cycle, char *out, size_t outsz);
/* regular 定例, final 中止精算; others as given. */
const char *stat_bill_kind_label(const char *kind);

/* The ages of unpaid bills (days past the due date), in order. */
#define STAT_AGE_BUCKETS 7
typedef struct stat_age_bucket {
    const char *key, *label;
    int64_t from_days;   /* days past due, at least (the first: not yet due) */
} stat_age_bucket;
extern const stat_age_bucket STAT_AGES[STAT_AGE_BUCKETS];
/* The bucket of a bill days past its due date (<= 0: not yet due). */
int stat_age_bucket_of(int64_t days_past_due);

#endif
