/* late_charge — see late_charge.h. */
#include "domain/late_charge.h"

#include <string.h>

#include "base/buf.h"
#include "domain/alloc.h"

/* floor(a × b / c), c > 0, a, b ≥ 0, in 128 bits. */
static int64_t muldiv(int64_t a, int64_t b, int64_t c)
{
    return (int64_t)((__int128)a * b / c);
}

/* The service's net part and its tax share, as alloc_bill_parts splits the bill. */
static void service_parts(int64_t water_yen, int64_t sewer_yen, int64_t adjust_yen, int64_t tax_yen, int service,
                          int64_t *net, int64_t *tax)
{
    alloc_parts whole;
    alloc_bill_parts(water_yen, sewer_yen, adjust_yen, tax_yen, &whole);
    /* the gross water (its charge with its share of the adjustment) as
     * alloc_bill_parts takes it; its tax is what that gross holds beyond the
     * net part */
    int64_t gw = water_yen;
    if (adjust_yen != 0 && water_yen + sewer_yen > 0) {
        int64_t share = adjust_yen < 0 ? -muldiv(-adjust_yen, water_yen, water_yen + sewer_yen)
                                       : muldiv(adjust_yen, water_yen, water_yen + sewer_yen);
        gw += share;
    } else {
        gw += adjust_yen;
    }
    int64_t tax_water = gw - whole.water;
    if (service == LATE_WATER) {
        *net = whole.water;
        *tax = tax_water;
    } else {
        *net = whole.sewer;
        *tax = whole.tax - tax_water;
    }
}

int64_t late_charge_principal(int64_t water_yen, int64_t sewer_yen, int64_t adjust_yen, int64_t tax_yen,
                              int service)
{
    int64_t net, tax;
    service_parts(water_yen, sewer_yen, adjust_yen, tax_yen, service, &net, &tax);
    return net + tax;
}

int late_charge_payments(int64_t water_yen, int64_t sewer_yen, int64_t adjust_yen, int64_t tax_yen, int service,
                         const late_charge_paid *paid, size_t n, surcharge_payment *out, size_t max, size_t *nout)
{
    *nout = 0;
    int64_t net_s, tax_s;
    service_parts(water_yen, sewer_yen, adjust_yen, tax_yen, service, &net_s, &tax_s);
    int64_t cum_net = 0, cum_tax = 0, before = 0;
    for (size_t i = 0; i < n; i++) {
        cum_net += service == LATE_WATER ? paid[i].water : paid[i].sewer;
        cum_tax += paid[i].tax;
        if (i + 1 < n && date_cmp(paid[i + 1].on, paid[i].on) == 0)
            continue;   /* the same day: add up */
        int64_t share_tax = tax_yen > 0 && cum_tax > 0 && tax_s > 0 ? muldiv(cum_tax, tax_s, tax_yen) : 0;
        int64_t now = cum_net + share_tax;
        int64_t yen = now - before;
        before = now;
        if (yen < 0)
            return -1;
        if (yen == 0)
            continue;
        if (*nout == max)
            return -1;
        out[(*nout)++] = (surcharge_payment){.date = paid[i].on, .yen = yen};
    }
    return 0;
}

int late_charge_surcharge(const surcharge_rates *rates, civil_date due, int64_t water_yen, int64_t sewer_yen,
                          int64_t adjust_yen, int64_t tax_yen, int service, const late_charge_paid *paid, size_t n,
                          surcharge_result *out, char *err, size_t errsz)
{
    memset(out, 0, sizeof *out);
    if (err && errsz)
        err[0] = '\0';
    int64_t principal = late_charge_principal(water_yen, sewer_yen, adjust_yen, tax_yen, service);
    if (principal <= 0)
        return 0;
    surcharge_payment pay[SURCHARGE_MAX_PAYMENTS];
    size_t np = 0;
    if (late_charge_payments(water_yen, sewer_yen, adjust_yen, tax_yen, service, paid, n, pay,
                             SURCHARGE_MAX_PAYMENTS, &np) != 0) {
        str_fmt(err, errsz, "入金の日が多すぎるか、取り消しの後の内訳が負になるため、延滞金を計算できません。");
        return -1;
    }
    bool late = false;
    for (size_t i = 0; i < np; i++)
        late = late || date_cmp(pay[i].date, due) > 0;
    if (np == 0 || !late)
        return 0;
    if (principal > SURCHARGE_MAX_PRINCIPAL)
        principal = SURCHARGE_MAX_PRINCIPAL;
    return surcharge_compute(rates, principal, due, pay, np, out, err, errsz) == 0 ? 0 : -1;
}

civil_date late_charge_due(civil_date assessed, int days)
{
    return date_from_days(date_to_days(assessed) + days);
}
