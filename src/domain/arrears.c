/* arrears — see arrears.h. */
#include "domain/arrears.h"

#include <string.h>

const char *const ARREARS_STAGE_CODES[ARREARS_NSTAGES + 1] = {"before", "tokusoku", "saikoku", "yokoku",
                                                             "pledge", "stopped",  NULL};
const char *const ARREARS_STAGE_LABELS[ARREARS_NSTAGES] = {"督促前", "督促済", "催告済", "給水停止予告済",
                                                           "分納誓約の履行中", "給水停止中"};

int arrears_stage_of(const char *code)
{
    for (int k = 0; code && k < ARREARS_NSTAGES; k++)
        if (strcmp(code, ARREARS_STAGE_CODES[k]) == 0)
            return k;
    return -1;
}

const int ARREARS_BOUNDS[ARREARS_NBUCKETS - 1] = {1, 2, 3, 6, 12, 24};
const char *const ARREARS_BUCKET_LABELS[ARREARS_NBUCKETS] = {"1か月未満", "1〜2か月", "2〜3か月", "3〜6か月",
                                                             "6〜12か月", "12〜24か月", "24か月以上"};

static int month_days(int y, int m)
{
    static const int D[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return D[m - 1];
}

civil_date arrears_months_back(civil_date d, int k)
{
    if (k < 0)
        k = 0;
    int idx = d.y * 12 + (d.m - 1) - k;
    civil_date r = {idx / 12, idx % 12 + 1, d.d};
    int last = month_days(r.y, r.m);
    if (r.d > last)
        r.d = last;
    return r;
}

int arrears_age_months(civil_date due, civil_date today)
{
    if (date_cmp(due, today) >= 0)
        return 0;
    int k = (today.y - due.y) * 12 + (today.m - due.m);
    if (k < 0)
        k = 0;
    /* the estimate is at most one too many (the day of month decides) */
    while (k > 0 && date_cmp(due, arrears_months_back(today, k)) > 0)
        k--;
    return k;
}

int arrears_bucket(int age_months)
{
    int b = 0;
    while (b < ARREARS_NBUCKETS - 1 && age_months >= ARREARS_BOUNDS[b])
        b++;
    return b;
}

void arrears_cutoffs(civil_date today, char cut[ARREARS_NBUCKETS - 1][11])
{
    for (int k = 0; k < ARREARS_NBUCKETS - 1; k++)
        date_format_iso(arrears_months_back(today, ARREARS_BOUNDS[k]), cut[k]);
}
