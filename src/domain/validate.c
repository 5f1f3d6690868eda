/* validate — typed field checks with Japanese messages (see validate.h). */
#include "domain/validate.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/text.h"

static bool empty(const char *s)
{
    return !s || !*s;
}

int validate_tap_no(const char *s, const char *field, const char *label, err_t *e)
{
    if (empty(s))
        return err_field(e, field, "%sを入力してください。", label);
    if (strlen(s) != 8 || strspn(s, "0123456789") != 8)
        return err_field(e, field, "%sは半角数字8桁で入力してください。", label);
    return 0;
}

int validate_visible(const char *s, const char *field, const char *label, err_t *e)
{
    if (text_invisible_char(s))
        return err_field(e, field, "%sに使用できない制御文字（文字の向きを変える文字や幅のない文字）が含まれています。",
                         label);
    return 0;
}

int validate_text(const char *s, bool required, size_t maxchars, const char *field, const char *label, err_t *e)
{
    if (empty(s))
        return required ? err_field(e, field, "%sを入力してください。", label) : 0;
    if (!text_is_clean(s, false))
        return err_field(e, field, "%sに使えない文字（制御文字や改行）が含まれています。", label);
    int rc = validate_visible(s, field, label, e);
    if (rc)
        return rc;
    if (text_len_chars(s) > maxchars)
        return err_field(e, field, "%sは%zu文字以内で入力してください。", label, maxchars);
    return 0;
}

int validate_note(const char *s, bool required, size_t maxchars, const char *field, const char *label, err_t *e)
{
    if (empty(s))
        return required ? err_field(e, field, "%sを入力してください。", label) : 0;
    if (!text_is_clean(s, true) || strchr(s, '\t'))
        return err_field(e, field, "%sに使えない文字（制御文字やタブ）が含まれています。改行は使えます。", label);
    int rc = validate_visible(s, field, label, e);
    if (rc)
        return rc;
    size_t n = 0;   /* a line break counts once, CR LF or LF */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80 && !(*p == '\r' && p[1] == '\n'))
            n++;
    if (n > maxchars)
        return err_field(e, field, "%sは%zu文字以内で入力してください。", label, maxchars);
    return 0;
}

int validate_kana(const char *s, bool required, size_t maxchars, const char *field, const char *label, err_t *e)
{
    if (empty(s))
        return required ? err_field(e, field, "%sを入力してください。", label) : 0;
    int rc = validate_visible(s, field, label, e);
    if (rc)
        return rc;
    if (!text_is_kana(s))
        return err_field(e, field, "%sはカタカナ（またはひらがな）で入力してください。", label);
    if (text_len_chars(s) > maxchars)
        return err_field(e, field, "%sは%zu文字以内で入力してください。", label, maxchars);
    return 0;
}

int validate_phone(const char *s, bool required, const char *field, const char *label, err_t *e)
{
    if (empty(s))
        return required ? err_field(e, field, "%sを入力してください。", label) : 0;
    char *n = text_nfkc(s);
    bool ok = n != NULL;
    size_t digits = 0;
    for (const char *p = n; ok && *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (*p != '-' && *p != '(' && *p != ')' && *p != ' ')
            ok = false;
    }
    ok = ok && (digits == 10 || digits == 11) && n[strspn(n, "( ")] == '0';
    free(n);
    if (!ok)
        return err_field(e, field, "%sは0から始まる10桁または11桁の数字で入力してください（ハイフン可）。", label);
    return 0;
}

int validate_postal(const char *s, bool required, const char *field, const char *label, err_t *e)
{
    if (empty(s))
        return required ? err_field(e, field, "%sを入力してください。", label) : 0;
    size_t n = strlen(s);
    bool ok = (n == 7 && strspn(s, "0123456789") == 7) ||
              (n == 8 && strspn(s, "0123456789") == 3 && s[3] == '-' && strspn(s + 4, "0123456789") == 4);
    if (!ok)
        return err_field(e, field, "%sは「400-0001」のように半角で入力してください。", label);
    return 0;
}

int validate_date(const char *s, bool required, const char *field, const char *label, civil_date *out, err_t *e)
{
    if (empty(s))
        return required ? err_field(e, field, "%sを入力してください。", label) : 0;
    if (!date_parse(s, out))
        return err_field(e, field, "%sは YYYY-MM-DD の形式の正しい日付で入力してください。", label);
    return 0;
}

int validate_int(const char *s, long long min, long long max, const char *field, const char *label, long long *out,
                 err_t *e)
{
    if (empty(s))
        return err_field(e, field, "%sを入力してください。", label);
    if (!str_to_i64(s, out) || *out < min || *out > max)
        return err_field(e, field, "%sは%lld〜%lldの半角数字で入力してください。", label, min, max);
    return 0;
}

/* One bound of an amount range: up to 11 digits (99,999,999,999 yen). */
static bool amount_bound(const char *s, size_t len, int64_t *out)
{
    if (len == 0 || len > 11)
        return false;
    int64_t v = 0;
    for (size_t i = 0; i < len; i++)
        v = v * 10 + (s[i] - '0');
    *out = v;
    return true;
}

int validate_amount_range(const char *s, const char *field, const char *label, int64_t *min, int64_t *max,
                          err_t *e)
{
    *min = 0;
    *max = INT64_MAX;
    if (empty(s))
        return 0;
    /* to ASCII digits with '-' as the one separator */
    char t[64];
    size_t n = 0, seps = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        char c = 0;
        size_t adv = 1;
        if (*p >= '0' && *p <= '9')
            c = (char)*p;
        else if (*p == ',' || *p == ' ')
            c = ' ';
        else if (*p == '-' || *p == '~')
            c = '-';
        else if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99)   /* ０-９ */
            c = (char)('0' + (p[2] - 0x90)), adv = 3;
        else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C)   /* ， */
            c = ' ', adv = 3;
        else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)   /* full-width space */
            c = ' ', adv = 3;
        else if ((p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x9C) ||   /* 〜 */
                 (p[0] == 0xEF && p[1] == 0xBD && p[2] == 0x9E) ||   /* ～ */
                 (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8D) ||   /* － */
                 (p[0] == 0xE2 && p[1] == 0x88 && p[2] == 0x92))     /* − */
            c = '-', adv = 3;
        else if (p[0] == 0xE5 && p[1] == 0x86 && p[2] == 0x86)   /* 円 */
            c = ' ', adv = 3;
        else if (p[0] == 0xC2 && p[1] == 0xA5)   /* ¥ */
            c = ' ', adv = 2;
        else if (p[0] == 0xEF && p[1] == 0xBF && p[2] == 0xA5)   /* ￥ */
            c = ' ', adv = 3;
        if (!c || n + 1 >= sizeof t)
            return err_field(e, field, "%sは 3456 のような半角数字か、1000-5000 のような範囲で入力してください。", label);
        for (size_t k = 0; k < adv; k++)
            if (!p[k])
                return err_field(e, field, "%sは 3456 のような半角数字か、1000-5000 のような範囲で入力してください。",
                                 label);
        p += adv;
        if (c == ' ')
            continue;
        seps += c == '-';
        t[n++] = c;
    }
    t[n] = '\0';
    const char *dash = strchr(t, '-');
    size_t left = dash ? (size_t)(dash - t) : n, right = dash ? n - left - 1 : 0;
    bool ok = n > 0 && seps <= 1;
    if (ok && !dash)
        ok = amount_bound(t, n, min) && (*max = *min, true);
    else if (ok) {
        ok = left > 0 || right > 0;
        if (ok && left > 0)
            ok = amount_bound(t, left, min);
        if (ok && right > 0)
            ok = amount_bound(dash + 1, right, max);
    }
    if (!ok) {
        *min = 0;
        *max = INT64_MAX;
        return err_field(e, field, "%sは 3456 のような半角数字か、1000-5000 のような範囲で入力してください。", label);
    }
    if (*min > *max) {
        int64_t lo = *min, hi = *max;
        *min = 0;
        *max = INT64_MAX;
        return err_field(e, field, "%sの範囲の下限（%lld 円）が上限（%lld 円）より大きくなっています。", label,
                         (long long)lo, (long long)hi);
    }
    return 0;
}

int validate_code(const char *s, const char *const *allowed, const char *field, const char *label, err_t *e)
{
    if (empty(s))
        return err_field(e, field, "%sを選んでください。", label);
    for (size_t i = 0; allowed && allowed[i]; i++)
        if (strcmp(allowed[i], s) == 0)
            return 0;
    return err_field(e, field, "%sを一覧から選んでください。", label);
}

bool validate_is_diameter(long long mm)
{
    static const long long D[] = {13, 20, 25, 30, 40, 50, 75, 100, 150, 200};
    for (size_t i = 0; i < sizeof D / sizeof D[0]; i++)
        if (D[i] == mm)
            return true;
    return false;
}
