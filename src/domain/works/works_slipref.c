/* works_slipref — see works_slipref.h. */
#include "domain/works/works_slipref.h"

#include <string.h>

#include "base/buf.h"

/* Digits of s from *i while they last (at most max of them), as a number;
 * -1 when there is none or too many. */
static int64_t digits(const char *s, size_t *i, int max)
{
    int64_t v = 0;
    int n = 0;
    while (s[*i] >= '0' && s[*i] <= '9') {
        if (++n > max)
            return -1;
        v = v * 10 + (s[*i] - '0');
        (*i)++;
    }
    return n ? v : -1;
}

int works_slipref_build(const char *number, int64_t id, char out[WORKS_SLIPREF_LEN + 1])
{
    out[0] = '\0';
    if (!number || number[0] != 'R' || id < 1 || id > 999999999999LL)
        return -1;
    size_t i = 1;
    int64_t year = digits(number, &i, 2);
    if (year < 1 || number[i] != '-')
        return -1;
    i++;
    int64_t seq = digits(number, &i, 6);
    if (seq < 1 || number[i] != '\0')
        return -1;
    str_fmt(out, WORKS_SLIPREF_LEN + 1, "%02lld%06lld%c%012lld", (long long)year, (long long)seq, WORKS_SLIPREF_MARK,
            (long long)id);
    return 0;
}

bool works_slipref_parse(const char *digits44, int64_t *id, char number[16])
{
    *id = 0;
    number[0] = '\0';
    if (!digits44 || strlen(digits44) != 44)
        return false;
    for (int i = 0; i < 44; i++)
        if (digits44[i] < '0' || digits44[i] > '9')
            return false;
    if (digits44[16] != WORKS_SLIPREF_MARK)
        return false;
    int64_t year = 0, seq = 0, v = 0;
    for (int i = 8; i < 10; i++)
        year = year * 10 + (digits44[i] - '0');
    for (int i = 10; i < 16; i++)
        seq = seq * 10 + (digits44[i] - '0');
    for (int i = 17; i < 29; i++)
        v = v * 10 + (digits44[i] - '0');
    if (year < 1 || seq < 1 || v < 1)
        return false;
    *id = v;
    str_fmt(number, 16, "R%lld-%05lld", (long long)year, (long long)seq);
    return true;
}
