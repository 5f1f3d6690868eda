/* backup_retention — the retention policy of backups (see backup_retention.h). */
#include "domain/backup_retention.h"

#include "base/buf.h"

backup_retention backup_retention_default(void)
{
    return (backup_retention){.daily = 14, .weekly = 8, .monthly = 12};
}

bool backup_retention_valid(const backup_retention *r, char *why, size_t whysz)
{
    if (r->daily <= 0 && r->weekly <= 0 && r->monthly <= 0) {
        str_fmt(why, whysz, "keep_daily, keep_weekly and keep_monthly are all 0: every snapshot would be forgotten");
        return false;
    }
    return true;
}

size_t backup_retention_args(const backup_retention *r, const char *args[6], char nums[3][24])
{
    const struct { const char *opt; int64_t v; } K[3] = {
        {"--keep-daily", r->daily}, {"--keep-weekly", r->weekly}, {"--keep-monthly", r->monthly}};
    size_t n = 0;
    for (size_t i = 0; i < 3; i++) {
        if (K[i].v <= 0)
            continue;
        str_fmt(nums[i], sizeof nums[i], "%lld", (long long)K[i].v);
        args[n++] = K[i].opt;
        args[n++] = nums[i];
    }
    return n;
}
