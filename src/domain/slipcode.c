/* slipcode — see slipcode.h. */
#include "domain/slipcode.h"

#include <stdio.h>
#include <string.h>

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return s[n] == '\0';
}

int slipcode_check_digit(const char *d)
{
    if (!d || strlen(d) != SLIPCODE_LEN - 1 || !all_digits(d, SLIPCODE_LEN - 1))
        return -1;
    int sum = 0;
    for (int i = SLIPCODE_LEN - 2, w = 3; i >= 0; i--, w = w == 3 ? 1 : 3)
        sum += (d[i] - '0') * w;
    return (10 - sum % 10) % 10;
}

bool slipcode_valid(const char *d)
{
    if (!d || strlen(d) != SLIPCODE_LEN || !all_digits(d, SLIPCODE_LEN))
        return false;
    char head[SLIPCODE_LEN];
    memcpy(head, d, SLIPCODE_LEN - 1);
    head[SLIPCODE_LEN - 1] = '\0';
    return slipcode_check_digit(head) == d[SLIPCODE_LEN - 1] - '0';
}

int slipcode_build(const slipcode_in *in, char out[SLIPCODE_LEN + 1], char *err, size_t errsz)
{
    if (!in->company || strlen(in->company) != 6 || !all_digits(in->company, 6)) {
        snprintf(err, errsz, "company: 請求書発行企業コードは6桁の数字です。");
        return -1;
    }
    size_t rl = in->reference ? strlen(in->reference) : 0;
    if (rl == 0 || rl > 21 || !all_digits(in->reference, rl)) {
        snprintf(err, errsz, "reference: 自由使用欄は1〜21桁の数字です。");
        return -1;
    }
    if (in->reissue < 0 || in->reissue > 9) {
        snprintf(err, errsz, "reissue: 再発行区分は0〜9です（%d）。", in->reissue);
        return -1;
    }
    char due[7] = "999999";
    if (in->due && *in->due) {
        int y, m, d;
        char tail;
        if (strlen(in->due) != 10 || sscanf(in->due, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 ||
            d < 1 || d > 31) {
            snprintf(err, errsz, "due: 支払期限は YYYY-MM-DD で指定してください。");
            return -1;
        }
        int v[3] = {(y % 100 + 100) % 100, m, d};
        for (int i = 0; i < 3; i++) {
            due[2 * i] = (char)('0' + v[i] / 10);
            due[2 * i + 1] = (char)('0' + v[i] % 10);
        }
    }
    if (!slipcode_payable(in->amount)) {
        snprintf(err, errsz, "amount: 支払金額は1〜999,999円です（%lld）。", (long long)in->amount);
        return -1;
    }
    char d43[SLIPCODE_LEN];
    char ref[22];   /* the reference, zero-filled on the left to 21 digits */
    memset(ref, '0', 21 - rl);
    memcpy(ref + (21 - rl), in->reference, rl);
    ref[21] = '\0';
    snprintf(d43, sizeof d43, "91%s%s%d%s0%06lld", in->company, ref, in->reissue, due, (long long)in->amount);
    int cd = slipcode_check_digit(d43);
    snprintf(out, SLIPCODE_LEN + 1, "%s%d", d43, cd);
    return 0;
}

bool slipcode_payable(int64_t amount)
{
    return amount >= 1 && amount <= SLIPCODE_AMOUNT_MAX;
}
