/* stoppage — see stoppage.h. */
#include "domain/stoppage.h"

#include <string.h>

static int month_days(int y, int m)
{
    static const int D[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : D[m - 1];
}

bool stoppage_due(int64_t owed, const char *oldest_due, civil_date today, int64_t min_yen, int64_t min_months)
{
    civil_date d;
    if (owed <= 0 || owed < min_yen || !oldest_due || !date_parse(oldest_due, &d))
        return false;
    int64_t m = (int64_t)today.y * 12 + (today.m - 1) - min_months;
    civil_date lim = {.y = (int)(m / 12), .m = (int)(m % 12) + 1, .d = today.d};
    if (lim.d > month_days(lim.y, lim.m))
        lim.d = month_days(lim.y, lim.m);
    return date_cmp(d, lim) <= 0;
}

bool stoppage_result_valid(const char *kind, const char *result)
{
    if (!kind || !result)
        return false;
    if (strcmp(kind, "stoppage") == 0)
        return strcmp(result, "stopped") == 0 || strcmp(result, "absent") == 0 || strcmp(result, "paid") == 0;
    if (strcmp(kind, "reopen") == 0)
        return strcmp(result, "reopened") == 0;
    return false;
}

const char *stoppage_result_label(const char *result)
{
    if (!result)
        return "";
    return strcmp(result, "stopped") == 0 ? "停止済" : strcmp(result, "absent") == 0 ? "不在"
         : strcmp(result, "paid") == 0 ? "納付済で中止" : strcmp(result, "reopened") == 0 ? "再開済" : result;
}
