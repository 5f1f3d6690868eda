/* backup_retention — how many backup snapshots to keep: [backup] keep_daily,
 * keep_weekly, keep_monthly, applied by `suido backup prune` as restic's
 * forget policy (the newest snapshot of each of the last N days, weeks and
 * months is kept; the rest are forgotten and their data pruned).  Pure. */
#ifndef SUIDO_BACKUP_RETENTION_H
#define SUIDO_BACKUP_RETENTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct backup_retention {
    int64_t daily, weekly, monthly;
} backup_retention;

/* The defaults: 14 days, 8 weeks, 12 months. */
backup_retention backup_retention_default(void);
/* false (why: English) when nothing would be kept: every count is 0. */
bool backup_retention_valid(const backup_retention *r, char *why, size_t whysz);
/* The restic forget options for r into args (room for 6 pointers), the
 * numbers written into nums; the count of args.  A count of 0 is left
 * out. */
size_t backup_retention_args(const backup_retention *r, const char *args[6], char nums[3][24]);

#endif
