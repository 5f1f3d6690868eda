/* date — civil dates, 和暦 and JST display (see date.h).  Day arithmetic
 * uses the days-from-civil algorithm (proleptic Gregorian, integers only). */
#include "base/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int D[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : D[m - 1];
}

bool date_valid(civil_date d)
{
    return d.y >= 1868 && d.y <= 2999 && d.m >= 1 && d.m <= 12 && d.d >= 1 && d.d <= month_days(d.y, d.m);
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool date_parse(const char *s, civil_date *out)
{
    if (!s || strlen(s) != 10 || (s[4] != '-' && s[4] != '/') || s[7] != s[4])
        return false;
    civil_date d;
    if (!digits(s, 4, &d.y) || !digits(s + 5, 2, &d.m) || !digits(s + 8, 2, &d.d) || !date_valid(d))
        return false;
    *out = d;
    return true;
}

void date_format_iso(civil_date d, char out[11])
{
    if (d.y < 0 || d.y > 9999 || d.m < 0 || d.m > 99 || d.d < 0 || d.d > 99) {
        str_fmt(out, 11, "%04d-%02d-%02d", d.y, d.m, d.d);
        return;
    }
    /* the same text without printf: an import formats a few dates per row */
    out[0] = (char)('0' + d.y / 1000);
    out[1] = (char)('0' + d.y / 100 % 10);
    out[2] = (char)('0' + d.y / 10 % 10);
    out[3] = (char)('0' + d.y % 10);
    out[4] = '-';
    out[5] = (char)('0' + d.m / 10);
    out[6] = (char)('0' + d.m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d.d / 10);
    out[9] = (char)('0' + d.d % 10);
    out[10] = '\0';
}

int64_t date_to_days(civil_date d)
{
    int64_t y = d.y - (d.m <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (d.m + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + d.d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

civil_date date_from_days(int64_t z)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t dd = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    civil_date c = {(int)(y + (m <= 2)), (int)m, (int)dd};
    return c;
}

int date_cmp(civil_date a, civil_date b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    if (a.d != b.d)
        return a.d < b.d ? -1 : 1;
    return 0;
}

typedef struct era { const char *name; civil_date start; } era;

/* Newest first. */
static const era ERAS[] = {
    {"令和", {2019, 5, 1}},
    {"平成", {1989, 1, 8}},
    {"昭和", {1926, 12, 25}},
    {"大正", {1912, 7, 30}},
    {"明治", {1868, 1, 25}},
};

void date_format_wareki(civil_date d, char *out, size_t outsz)
{
    const era *e = &ERAS[sizeof ERAS / sizeof ERAS[0] - 1];
    for (size_t i = 0; i < sizeof ERAS / sizeof ERAS[0]; i++) {
        if (date_cmp(d, ERAS[i].start) >= 0) {
            e = &ERAS[i];
            break;
        }
    }
    int year = d.y - e->start.y + 1;
    if (year == 1)
        str_fmt(out, outsz, "%s元年%d月%d日", e->name, d.m, d.d);
    else
        str_fmt(out, outsz, "%s%d年%d月%d日", e->name, year, d.m, d.d);
}

/* The era named at the start of *s (letter, digit or kanji), moved past. */
static const era *wareki_era(const char **s)
{
    static const char LETTERS[] = "RHSTM";   /* in ERAS order */
    static const char DIGITS[] = "54321";
    const char *p = *s;
    for (size_t i = 0; i < sizeof ERAS / sizeof ERAS[0]; i++) {
        size_t n = strlen(ERAS[i].name);
        if (strncmp(p, ERAS[i].name, n) == 0) {
            *s = p + n;
            return &ERAS[i];
        }
        if (*p && (*p == LETTERS[i] || *p == LETTERS[i] + 32 || *p == DIGITS[i])) {
            *s = p + 1;
            return &ERAS[i];
        }
    }
    return NULL;
}

/* Digits at *s: exactly `width` of them when width > 0, else 1..2 (or 元 =
 * 1 when gan); moved past. */
static bool wareki_num(const char **s, int width, bool gan, int *out)
{
    const char *p = *s;
    if (gan && strncmp(p, "元", strlen("元")) == 0) {
        *s = p + strlen("元");
        *out = 1;
        return true;
    }
    int n = 0, v = 0;
    while (p[n] >= '0' && p[n] <= '9' && (width ? n < width : n < 2))
        v = v * 10 + (p[n++] - '0');
    if (n == 0 || (width && n != width))
        return false;
    *s = p + n;
    *out = v;
    return true;
}

/* A separator after a part: one of . / - or the kanji `unit`; true when
 * there was one (false and unmoved when none). */
static bool wareki_sep(const char **s, const char *unit)
{
    if (**s == '.' || **s == '/' || **s == '-') {
        (*s)++;
        return true;
    }
    size_t n = strlen(unit);
    if (strncmp(*s, unit, n) == 0) {
        *s += n;
        return true;
    }
    return false;
}

bool date_parse_wareki(const char *s, bool month_only, civil_date *out)
{
    if (!s)
        return false;
    const era *e = wareki_era(&s);
    if (!e)
        return false;
    int year, month, day = 1;
    /* compact: two digits each, no separator */
    const char *q = s;
    bool compact = wareki_num(&q, 2, false, &year) && wareki_num(&q, 2, false, &month) &&
                   (month_only || wareki_num(&q, 2, false, &day)) && *q == '\0';
    if (compact)
        s = q;
    else {
        if (!wareki_num(&s, 0, true, &year) || !wareki_sep(&s, "年") || !wareki_num(&s, 0, false, &month))
            return false;
        bool sep = wareki_sep(&s, "月");
        if (!month_only && (!sep || !wareki_num(&s, 0, false, &day)))
            return false;
        if (!month_only && strncmp(s, "日", strlen("日")) == 0)
            s += strlen("日");
        if (*s)
            return false;
    }
    if (year < 1)
        return false;
    civil_date d = {e->start.y + year - 1, month, day};
    if (!date_valid(d))
        return false;
    const era *next = e == &ERAS[0] ? NULL : e - 1;
    if (month_only) {
        civil_date last = date_from_days(date_to_days((civil_date){d.m == 12 ? d.y + 1 : d.y, d.m % 12 + 1, 1}) - 1);
        if (date_cmp(last, e->start) < 0 || (next && date_cmp(d, next->start) >= 0))
            return false;
        if (date_cmp(d, e->start) < 0)
            d = e->start;
    } else if (date_cmp(d, e->start) < 0 || (next && date_cmp(d, next->start) >= 0))
        return false;
    *out = d;
    return true;
}

/* SUIDO_CLOCK_SHIFT_DAYS: whole days added to the clock, read once (tests
 * and rehearsals of what happens on a later day; never set in production). */
static int64_t clock_shift(void)
{
    static int64_t shift = -1;
    if (shift == -1) {
        const char *v = getenv("SUIDO_CLOCK_SHIFT_DAYS");
        long long d = 0;
        shift = v && str_to_i64(v, &d) && d >= -36600 && d <= 36600 ? d * 86400 : 0;
    }
    return shift;
}

int64_t date_now_unix(void)
{
    return (int64_t)time(NULL) + clock_shift();
}

double date_mono_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

civil_date date_today_jst(void)
{
    int64_t t = date_now_unix() + 9 * 3600;
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    return date_from_days(days);
}

void date_format_ts_jst(int64_t unix_s, char out[20])
{
    int64_t t = unix_s + 9 * 3600;
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t secs = t - days * 86400;
    civil_date d = date_from_days(days);
    str_fmt(out, 20, "%04d-%02d-%02d %02d:%02d:%02d", d.y, d.m, d.d, (int)(secs / 3600), (int)(secs / 60 % 60),
            (int)(secs % 60));
}
