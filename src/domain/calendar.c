/* calendar — see calendar.h. */
#include "domain/calendar.h"

#include <string.h>

/* 0 = Sunday .. 6 = Saturday (1970-01-01 was a Thursday). */
static int weekday(int64_t days)
{
    int64_t w = (days + 4) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

int calendar_weekday(civil_date d)
{
    return weekday(date_to_days(d));
}

/* The n-th Monday of a month (n from 1). */
static int nth_monday(int y, int m, int n)
{
    int w = weekday(date_to_days((civil_date){y, m, 1}));
    int first = 1 + (8 - w) % 7;   /* the first Monday */
    return first + 7 * (n - 1);
}

/* 春分日 and 秋分日 by the usual approximation (valid 1900–2099); the
 * official dates are announced a year ahead and have agreed with it. */
static int equinox_day(int y, bool autumn)
{
    double base;
    int k;
    if (y < 1980) {
        base = autumn ? 23.2588 : 20.8357;
        k = (y - 1983) / 4;   /* truncated, as the published formula's int() */
    } else {
        base = autumn ? 23.2488 : 20.8431;
        k = (y - 1980) / 4;
    }
    return (int)(base + 0.242194 * (double)(y - 1980) - (double)k);
}

static const struct { int y, m, d; const char *name; } ONE_OFF[] = {
    /* Names as in the reference list (@holiday-jp/holiday_jp). */
    {1959, 4, 10, "結婚の儀"},         {1989, 2, 24, "大喪の礼"},
    {1990, 11, 12, "即位礼正殿の儀"},  {1993, 6, 9, "結婚の儀"},
    {2019, 5, 1, "休日（祝日扱い）"},         {2019, 10, 22, "休日（祝日扱い）"},
};

/* A holiday by law on this date, not counting 振替休日 and 国民の休日. */
static const char *fixed_holiday(int y, int m, int d)
{
    for (size_t i = 0; i < sizeof ONE_OFF / sizeof ONE_OFF[0]; i++)
        if (ONE_OFF[i].y == y && ONE_OFF[i].m == m && ONE_OFF[i].d == d)
            return ONE_OFF[i].name;
    if (y < 1949)
        return NULL;   /* the 祝日法 of 1948 took effect in 1949 for a full year */
    switch (m) {
    case 1:
        if (d == 1)
            return "元日";
        if (y < 2000 ? d == 15 : d == nth_monday(y, 1, 2))
            return "成人の日";
        break;
    case 2:
        if (d == 11 && y >= 1967)
            return "建国記念の日";
        if (d == 23 && y >= 2020)
            return "天皇誕生日";
        break;
    case 3:
        if (d == equinox_day(y, false))
            return "春分の日";
        break;
    case 4:
        if (d == 29)
            return y < 1989 ? "天皇誕生日" : y < 2007 ? "みどりの日" : "昭和の日";
        break;
    case 5:
        if (d == 3)
            return "憲法記念日";
        if (d == 4 && y >= 2007)
            return "みどりの日";
        if (d == 5)
            return "こどもの日";
        break;
    case 7:
        if (y == 2020)
            return d == 23 ? "海の日" : d == 24 ? "スポーツの日" : NULL;
        if (y == 2021)
            return d == 22 ? "海の日" : d == 23 ? "スポーツの日" : NULL;
        if (y >= 1996 && (y < 2003 ? d == 20 : d == nth_monday(y, 7, 3)))
            return "海の日";
        break;
    case 8:
        if (y == 2020)
            return d == 10 ? "山の日" : NULL;
        if (y == 2021)
            return d == 8 ? "山の日" : NULL;
        if (y >= 2016 && d == 11)
            return "山の日";
        break;
    case 9:
        if (y >= 1966 && (y < 2003 ? d == 15 : d == nth_monday(y, 9, 3)))
            return "敬老の日";
        if (d == equinox_day(y, true))
            return "秋分の日";
        break;
    case 10:
        if (y == 2020 || y == 2021)
            break;
        if (y >= 1966 && (y < 2000 ? d == 10 : d == nth_monday(y, 10, 2)))
            return y < 2019 ? "体育の日" : y == 2019 ? "体育の日（スポーツの日）" : "スポーツの日";
        break;
    case 11:
        if (d == 3)
            return "文化の日";
        if (d == 23)
            return "勤労感謝の日";
        break;
    case 12:
        if (d == 23 && y >= 1989 && y <= 2018)
            return "天皇誕生日";
        break;
    default:
        break;
    }
    return NULL;
}

/* "こどもの日 振替休日": named, as the reference list writes it, after the
 * holiday just before it (the Sunday one, or the last of a run such as
 * 5/3–5/5). */
static const char *substitute_name(civil_date sunday)
{
    static const struct { const char *holiday, *substitute; } S[] = {
        {"元日", "元日 振替休日"}, {"成人の日", "成人の日 振替休日"}, {"建国記念の日", "建国記念の日 振替休日"},
        {"天皇誕生日", "天皇誕生日 振替休日"}, {"春分の日", "春分の日 振替休日"}, {"昭和の日", "昭和の日 振替休日"},
        {"みどりの日", "みどりの日 振替休日"}, {"憲法記念日", "憲法記念日 振替休日"}, {"こどもの日", "こどもの日 振替休日"},
        {"海の日", "海の日 振替休日"}, {"山の日", "山の日 振替休日"}, {"敬老の日", "敬老の日 振替休日"},
        {"秋分の日", "秋分の日 振替休日"}, {"体育の日", "体育の日 振替休日"}, {"スポーツの日", "スポーツの日 振替休日"},
        {"文化の日", "文化の日 振替休日"}, {"勤労感謝の日", "勤労感謝の日 振替休日"},
    };
    const char *h = fixed_holiday(sunday.y, sunday.m, sunday.d);
    for (size_t i = 0; h && i < sizeof S / sizeof S[0]; i++)
        if (strcmp(S[i].holiday, h) == 0)
            return S[i].substitute;
    return "振替休日";
}

const char *calendar_holiday(civil_date day)
{
    const char *h = fixed_holiday(day.y, day.m, day.d);
    if (h)
        return h;
    int64_t n = date_to_days(day);
    /* 振替休日: from 1973-04-12, the Monday after a Sunday holiday; from 2007,
     * the first day after a Sunday holiday that is not itself a holiday. */
    if (n >= date_to_days((civil_date){1973, 4, 12})) {
        bool since2007 = day.y >= 2007;
        for (int64_t k = n - 1; k >= n - 7; k--) {
            civil_date p = date_from_days(k);
            if (!fixed_holiday(p.y, p.m, p.d))
                break;
            if (weekday(k) == 0) {
                if (since2007 || k == n - 1)
                    return substitute_name(date_from_days(n - 1));
                break;
            }
            if (!since2007)
                break;
        }
    }
    /* 国民の休日: from 1985-12-27, a weekday (not Sunday) between two holidays. */
    if (n >= date_to_days((civil_date){1985, 12, 27}) && weekday(n) != 0) {
        civil_date a = date_from_days(n - 1), b = date_from_days(n + 1);
        if (fixed_holiday(a.y, a.m, a.d) && fixed_holiday(b.y, b.m, b.d))
            return "休日";   /* 国民の休日, named as in the reference list */
    }
    return NULL;
}

bool calendar_is_business_day(civil_date d)
{
    int w = calendar_weekday(d);
    if (w == 0 || w == 6 || calendar_holiday(d))
        return false;
    /* 銀行法施行令 5条: banks are closed 12/31–1/3 as well. */
    if ((d.m == 12 && d.d == 31) || (d.m == 1 && d.d <= 3))
        return false;
    return true;
}

civil_date calendar_next_business_day(civil_date d)
{
    int64_t n = date_to_days(d);
    civil_date c = d;
    while (!calendar_is_business_day(c))
        c = date_from_days(++n);
    return c;
}

civil_date calendar_add_business_days(civil_date d, int count)
{
    int64_t n = date_to_days(d);
    civil_date c = d;
    int step = count < 0 ? -1 : 1;
    for (int left = count < 0 ? -count : count; left > 0;) {
        n += step;
        c = date_from_days(n);
        if (calendar_is_business_day(c))
            left--;
    }
    return c;
}

int calendar_holidays(int year, calendar_day *out, int max)
{
    int n = 0;
    int64_t first = date_to_days((civil_date){year, 1, 1}), last = date_to_days((civil_date){year, 12, 31});
    for (int64_t k = first; k <= last && n < max; k++) {
        civil_date d = date_from_days(k);
        const char *h = calendar_holiday(d);
        if (h) {
            out[n].date = d;
            out[n].name = h;
            n++;
        }
    }
    return n;
}
