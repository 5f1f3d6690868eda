/* meter_serial — serials and delivery ranges (see meter_serial.h). */
#include "domain/meter/meter_serial.h"

#include <string.h>

#include "base/buf.h"
#include "base/date.h"

bool meter_serial_ok(const char *s)
{
    size_t len = s ? strlen(s) : 0;
    if (len < 4 || len > METER_SERIAL_MAX)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '-'))
            return false;
    return true;
}

/* Split a serial into its prefix and trailing digits (at most 18). */
static bool split(const char *s, size_t len, char *prefix, int *width, int64_t *num)
{
    size_t d = len;
    while (d > 0 && s[d - 1] >= '0' && s[d - 1] <= '9' && len - d < 18)
        d--;
    if (d == len)
        return false;
    memcpy(prefix, s, d);
    prefix[d] = '\0';
    *width = (int)(len - d);
    int64_t v = 0;
    for (size_t i = d; i < len; i++)
        v = v * 10 + (s[i] - '0');
    *num = v;
    return true;
}

bool meter_range_parse(const char *s, meter_range *r, char *why, size_t whysz)
{
    memset(r, 0, sizeof *r);
    size_t len = s ? strlen(s) : 0;
    if (whysz)
        why[0] = '\0';
    char a[METER_SERIAL_MAX + 1], b[METER_SERIAL_MAX + 1], pa[METER_SERIAL_MAX + 1], pb[METER_SERIAL_MAX + 1];
    size_t half = len / 2;
    if (len % 2 == 1 && half <= METER_SERIAL_MAX && s[half] == '-') {
        memcpy(a, s, half);
        a[half] = '\0';
        memcpy(b, s + half + 1, half);
        b[half] = '\0';
        int wa, wb;
        int64_t na, nb;
        bool ends = meter_serial_ok(a) && meter_serial_ok(b);
        if (ends && !(split(a, half, pa, &wa, &na) && split(b, half, pb, &wb, &nb) && strcmp(pa, pb) == 0 && wa == wb)) {
            str_fmt(why, whysz, "範囲の始め（%s）と終わり（%s）は、同じ英字で始まり末尾が同じ桁数の数字の番号にしてください。",
                    a, b);
            return false;
        }
        if (ends) {
            if (nb < na) {
                str_fmt(why, whysz, "範囲の終わり（%s）が始め（%s）より前です。", b, a);
                return false;
            }
            str_copy(r->prefix, sizeof r->prefix, pa);
            r->width = wa;
            r->from = na;
            r->to = nb;
            if (meter_range_count(r) > METER_RANGE_MAX) {
                str_fmt(why, whysz, "一度に庫入できるのは %d 個までです（範囲を分けてください）。", METER_RANGE_MAX);
                return false;
            }
            return true;
        }
    }
    if (!meter_serial_ok(s) || !split(s, len, pa, &r->width, &r->from)) {
        str_fmt(why, whysz, "メーター番号は「A1000-A1099」のように、同じ英字で始まり末尾が同じ桁数の数字の番号を"
                            "ハイフンでつないで入力してください（英大文字・数字・ハイフンの4〜20文字）。");
        return false;
    }
    str_copy(r->prefix, sizeof r->prefix, pa);
    r->to = r->from;
    return true;
}

int64_t meter_range_count(const meter_range *r)
{
    return r->to - r->from + 1;
}

void meter_range_serial(const meter_range *r, int64_t k, char *out, size_t outsz)
{
    str_fmt(out, outsz, "%s%0*lld", r->prefix, r->width, (long long)(r->from + k));
}

bool meter_range_has(const meter_range *r, const char *s, int64_t *k)
{
    size_t len = s ? strlen(s) : 0, pl = strlen(r->prefix);
    if (len != pl + (size_t)r->width || strncmp(s, r->prefix, pl) != 0)
        return false;
    int64_t v = 0;
    for (size_t i = pl; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    if (v < r->from || v > r->to)
        return false;
    if (k)
        *k = v - r->from;
    return true;
}

bool meter_expiry_parse(const char *s, char *out, size_t outsz)
{
    if (!s || strlen(s) != 7 || s[4] != '-')
        return false;
    int y = 0, m = 0;
    for (int i = 0; i < 7; i++) {
        if (i == 4)
            continue;
        if (s[i] < '0' || s[i] > '9')
            return false;
        if (i < 4)
            y = y * 10 + (s[i] - '0');
        else
            m = m * 10 + (s[i] - '0');
    }
    if (y < 2000 || y > 2100 || m < 1 || m > 12)
        return false;
    civil_date next = m == 12 ? (civil_date){y + 1, 1, 1} : (civil_date){y, m + 1, 1};
    civil_date d = date_from_days(date_to_days(next) - 1);   /* the month's last day */
    char iso[11];
    date_format_iso(d, iso);
    return str_copy(out, outsz, iso);
}
