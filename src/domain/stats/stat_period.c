/* stat_period — see stat_period.h. */
#include "domain/stats/stat_period.h"

#include <string.h>

#include "base/buf.h"

int stat_fiscal_year(civil_date d)
{
    return d.m >= 4 ? d.y : d.y - 1;
}

static bool given(const char *s)
{
    return s && *s;
}

/* n digits at s into *v. */
static bool digits(const char *s, size_t n, int *v)
{
    int x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return true;
}

/* "YYYY-MM" (2000–2099) into y, m. */
static bool month_of(const char *s, int *y, int *m)
{
    return strlen(s) == 7 && s[4] == '-' && digits(s, 4, y) && digits(s + 5, 2, m) && *m >= 1 && *m <= 12 &&
           *y >= 2000 && *y <= 2099;
}

static civil_date month_end(int y, int m)
{
    civil_date next = m == 12 ? (civil_date){y + 1, 1, 1} : (civil_date){y, m + 1, 1};
    return date_from_days(date_to_days(next) - 1);
}

static void finish(stat_period *p)
{
    p->year = p->kind == STAT_YEAR;
    p->y = p->from.y;
    p->m = p->from.m;
    p->fy = stat_fiscal_year(p->from);
    p->months = (p->to.y - p->from.y) * 12 + p->to.m - p->from.m + 1;
    str_fmt(p->first, sizeof p->first, "%04d-%02d", p->from.y, p->from.m);
    str_fmt(p->last, sizeof p->last, "%04d-%02d", p->to.y, p->to.m);
    date_format_iso(p->from, p->from_iso);
    date_format_iso(p->to, p->to_iso);
}

static void set_month(stat_period *p, int y, int m)
{
    p->kind = STAT_MONTH;
    p->from = (civil_date){y, m, 1};
    p->to = month_end(y, m);
    str_fmt(p->label, sizeof p->label, "%d年%d月", y, m);
    str_fmt(p->code, sizeof p->code, "%04d-%02d", y, m);
    finish(p);
}

static void set_year(stat_period *p, int fy)
{
    p->kind = STAT_YEAR;
    p->from = (civil_date){fy, 4, 1};
    p->to = (civil_date){fy + 1, 3, 31};
    if (fy >= 2019)
        str_fmt(p->label, sizeof p->label, "%d年度（令和%d年度）", fy, fy - 2018);
    else
        str_fmt(p->label, sizeof p->label, "%d年度（平成%d年度）", fy, fy - 1988);
    str_fmt(p->code, sizeof p->code, "%04d", fy);
    finish(p);
}

static void set_range(stat_period *p, int y, int m, int y2, int m2)
{
    p->kind = STAT_RANGE;
    p->from = (civil_date){y, m, 1};
    p->to = month_end(y2, m2);
    str_fmt(p->label, sizeof p->label, "%d年%d月〜%d年%d月", y, m, y2, m2);
    str_fmt(p->code, sizeof p->code, "%04d-%02d_%04d-%02d", y, m, y2, m2);
    finish(p);
}

int stat_period_parse(const char *month, const char *year, civil_date today, stat_period *p, err_t *e)
{
    return stat_period_args(month, year, NULL, NULL, today, p, e);
}

static const char MONTH_MSG[] = "は「2026-04」のように年-月（2000〜2099年）で入力してください。";

static int range(const char *from, const char *to, stat_period *p, err_t *e)
{
    int y = 0, m = 0, y2 = 0, m2 = 0;
    if (!given(from))
        return err_field(e, "from", "開始月を入力してください（終了月だけでは期間になりません）。");
    if (!month_of(from, &y, &m))
        return err_field(e, "from", "開始月%s", MONTH_MSG);
    if (!given(to)) {
        set_month(p, y, m);
        return 0;
    }
    if (!month_of(to, &y2, &m2))
        return err_field(e, "to", "終了月%s", MONTH_MSG);
    int months = (y2 - y) * 12 + m2 - m + 1;
    if (months < 1)
        return err_field(e, "to", "終了月（%s）は開始月（%s）と同じか後の月にしてください。", to, from);
    if (months > STAT_MAX_MONTHS)
        return err_field(e, "to", "期間は%d か月（10年）までにしてください。", STAT_MAX_MONTHS);
    if (months == 1)
        set_month(p, y, m);
    else
        set_range(p, y, m, y2, m2);
    return 0;
}

int stat_period_args(const char *month, const char *year, const char *from, const char *to, civil_date today,
                     stat_period *p, err_t *e)
{
    memset(p, 0, sizeof *p);
    int y = 0, m = 0;
    int kinds = given(month) + given(year) + (given(from) || given(to));
    if (kinds > 1)
        return err_field(e, given(year) ? "year" : "month",
                         "月・年度・期間（開始月〜終了月）はどれか一つを指定してください。");
    if (given(year)) {
        if (strlen(year) != 4 || !digits(year, 4, &y) || y < 2000 || y > 2099)
            return err_field(e, "year", "年度は「2026」のように西暦4桁（2000〜2099）で入力してください。");
        set_year(p, y);
    } else if (given(month)) {
        if (!month_of(month, &y, &m))
            return err_field(e, "month", "月は「2026-04」のように年-月で入力してください。");
        set_month(p, y, m);
    } else if (given(from) || given(to)) {
        return range(from, to, p, e);
    } else {
        set_month(p, today.y, today.m);
    }
    return 0;
}

void stat_period_month(const stat_period *p, int i, char out[8])
{
    int k = p->from.y * 12 + (p->from.m - 1) + i;
    str_fmt(out, 8, "%04d-%02d", k / 12, k % 12 + 1);
}
