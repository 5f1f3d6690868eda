/* stat_labels — see stat_labels.h. */
#include "domain/stats/stat_labels.h"

#include <string.h>

#include "base/buf.h"

void stat_month_label(const char *cycle, char *out, size_t outsz)
{
    int y = 0, m = 0;
    bool ok = cycle && strlen(cycle) == 7 && cycle[4] == '-';
    for (int i = 0; ok && i < 7; i++)
        if (i != 4 && (cycle[i] < '0' || cycle[i] > '9'))
            ok = false;
    if (!ok) {
        str_copy(out, outsz, cycle ? cycle : "");
        return;
    }
    for (int i = 0; i < 4; i++)
        y = y * 10 + (cycle[i] - '0');
    m = (cycle[5] - '0') * 10 + (cycle[6] - '0');
    str_fmt(out, outsz, "%d年%d月", y, m);
}

const char *stat_bill_kind_label(const char *kind)
{
    if (strcmp(kind, "regular") == 0)
        return "定例";
    if (strcmp(kind, "final") == 0)
        return "中止精算";
    return kind;
}

const stat_age_bucket STAT_AGES[STAT_AGE_BUCKETS] = {
    {"not_due", "納期限前", -2147483647}, {"d1_30", "1〜30日", 1},      {"d31_90", "31〜90日", 31},
    {"d91_180", "91〜180日", 91},          {"d181_365", "181日〜1年", 181}, {"y1_2", "1年超〜2年", 366},
    {"y2", "2年超", 731},
};

int stat_age_bucket_of(int64_t days_past_due)
{
    int k = 0;
    for (int i = 1; i < STAT_AGE_BUCKETS; i++)
        if (days_past_due >= STAT_AGES[i].from_days)
            k = i;
    return k;
}
