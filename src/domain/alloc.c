/* alloc — payment allocation rules (see alloc.h). */
#include "domain/alloc.h"

#include <string.h>

/* floor(a × b / c) for c > 0 and a, b ≥ 0, exact in 128 bits. */
static int64_t muldiv(int64_t a, int64_t b, int64_t c)
{
    return (int64_t)((__int128)a * b / c);
}

void alloc_bill_parts(int64_t water_yen, int64_t sewer_yen, int64_t adjust_yen, int64_t tax_yen, alloc_parts *out)
{
    int64_t total = water_yen + sewer_yen + adjust_yen;
    int64_t gross_water = water_yen, gross_sewer = sewer_yen;
    if (adjust_yen != 0 && water_yen + sewer_yen > 0) {
        /* the adjustment's water share, rounded toward zero; sewer takes the rest */
        int64_t share = adjust_yen < 0 ? -muldiv(-adjust_yen, water_yen, water_yen + sewer_yen)
                                       : muldiv(adjust_yen, water_yen, water_yen + sewer_yen);
        gross_water += share;
        gross_sewer += adjust_yen - share;
    } else {
        gross_water += adjust_yen;
    }
    int64_t tax_water = total > 0 && gross_water > 0 ? muldiv(tax_yen, gross_water, total) : 0;
    int64_t tax_sewer = tax_yen - tax_water;
    out->water = gross_water - tax_water;
    out->sewer = gross_sewer - tax_sewer;
    out->tax = tax_yen;
}

int alloc_split(const alloc_parts *whole, const alloc_parts *paid, int64_t amount, alloc_parts *out)
{
    memset(out, 0, sizeof *out);
    int64_t owed[3] = {whole->water - paid->water, whole->sewer - paid->sewer, whole->tax - paid->tax};
    int64_t sum = 0;
    for (int i = 0; i < 3; i++) {
        if (owed[i] < 0)
            owed[i] = 0;
        sum += owed[i];
    }
    if (amount <= 0 || amount > sum)
        return -1;
    int64_t got[3], rem[3], given = 0;
    for (int i = 0; i < 3; i++) {
        __int128 num = (__int128)amount * owed[i];
        got[i] = (int64_t)(num / sum);
        rem[i] = (int64_t)(num % sum);
        given += got[i];
    }
    /* the yen left by flooring, to the largest remainders (water first on a tie) */
    while (given < amount) {
        int best = -1;
        for (int i = 0; i < 3; i++)
            if (got[i] < owed[i] && (best < 0 || rem[i] > rem[best]))
                best = i;
        got[best]++;
        rem[best] = -1;
        given++;
    }
    out->water = got[0];
    out->sewer = got[1];
    out->tax = got[2];
    return 0;
}

int64_t alloc_plan(const int64_t *balances, size_t n, int64_t amount, int64_t *take)
{
    int64_t left = amount > 0 ? amount : 0;
    for (size_t i = 0; i < n; i++) {
        int64_t t = balances[i] > 0 ? (balances[i] < left ? balances[i] : left) : 0;
        take[i] = t;
        left -= t;
    }
    return left;
}

bool alloc_money_date_ok(civil_date on, civil_date today)
{
    return date_cmp(on, today) <= 0;
}
