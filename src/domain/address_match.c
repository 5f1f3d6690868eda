/* address_match — see address_match.h. */
#include "domain/address_match.h"

#include <string.h>

/* The value of a kanji digit, -1 if none. */
static int kanji_digit(const unsigned char *p, size_t *len)
{
    static const char *const D[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    for (int i = 0; i < 10; i++)
        if (strncmp((const char *)p, D[i], 3) == 0) {
            *len = 3;
            return i;
        }
    return -1;
}

static bool is_ten(const unsigned char *p)
{
    return strncmp((const char *)p, "十", 3) == 0;
}

/* A run of kanji numerals at p (up to 99: 十, 二十, 十二, 二十九, 四); its
 * value, and its length in *len (0 when none). */
static int kanji_number(const unsigned char *p, size_t *len)
{
    size_t n = 0, l;
    int tens = 0, ones = -1;
    int d = kanji_digit(p, &l);
    if (d >= 0) {
        n += l;
        if (is_ten(p + n)) {
            tens = d;
            n += 3;
        } else {
            *len = n;
            return d;
        }
    } else if (is_ten(p)) {
        tens = 1;
        n += 3;
    } else {
        *len = 0;
        return -1;
    }
    d = kanji_digit(p + n, &l);
    if (d >= 0) {
        ones = d;
        n += l;
    }
    *len = n;
    return tens * 10 + (ones > 0 ? ones : 0);
}

static bool starts(const unsigned char *p, const char *s, size_t *len)
{
    size_t n = strlen(s);
    if (strncmp((const char *)p, s, n) != 0)
        return false;
    *len = n;
    return true;
}

static void put(char *out, size_t outsz, size_t *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n && *o + 1 < outsz; i++)
        out[(*o)++] = s[i];
}

static void put_dash(char *out, size_t outsz, size_t *o)
{
    if (*o > 0 && out[*o - 1] != '-')
        put(out, outsz, o, "-", 1);
}

void address_key(const char *s, char *out, size_t outsz)
{
    static const char *const DASHES[] = {"丁目", "番地", "番", "号", "の", "ー", "－", "−", "‐", "―", "-", NULL};
    size_t o = 0, l = 0;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    if (outsz == 0)
        return;
    while (*p) {
        if (*p == ' ' || *p == '\t') {
            p++;
            continue;
        }
        if (starts(p, "　", &l)) {
            p += l;
            continue;
        }
        if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {   /* ０..９ */
            char c = (char)('0' + (p[2] - 0x90));
            put(out, outsz, &o, &c, 1);
            p += 3;
            continue;
        }
        int v = kanji_number(p, &l);
        if (v >= 0) {
            char num[4];
            size_t k = 0;
            if (v >= 10)
                num[k++] = (char)('0' + v / 10);
            num[k++] = (char)('0' + v % 10);
            put(out, outsz, &o, num, k);
            p += l;
            continue;
        }
        bool dash = false;
        for (size_t i = 0; DASHES[i]; i++)
            if (starts(p, DASHES[i], &l)) {
                dash = true;
                break;
            }
        if (dash) {
            put_dash(out, outsz, &o);
            p += l;
            continue;
        }
        /* any other character, whole (UTF-8 sequence) */
        size_t n = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
        if (strnlen((const char *)p, n) < n)
            break;
        put(out, outsz, &o, (const char *)p, n);
        p += n;
    }
    while (o > 0 && out[o - 1] == '-')
        o--;
    out[o] = '\0';
    if (out[0] == '-')
        memmove(out, out + 1, o);
}

bool address_matches(const char *typed, const char *registered)
{
    char t[512], r[512];
    address_key(typed, t, sizeof t);
    address_key(registered, r, sizeof r);
    size_t rn = strlen(r);
    if (rn == 0)
        return false;
    for (const char *at = strstr(t, r); at; at = strstr(at + 1, r)) {
        char next = at[rn];
        if (!(next >= '0' && next <= '9'))
            return true;
    }
    return false;
}
