/* surcharge — see surcharge.h and docs/arrears.md. */
#include "domain/surcharge.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/jsonw.h"

typedef __int128 i128;

#define MAX_SPAN_DAYS 36525   /* 100 years */

static int fail(char *err, size_t errsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errsz, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsz, fmt, ap);
    va_end(ap);
    return -1;
}

static civil_date add_days(civil_date d, int64_t n)
{
    return date_from_days(date_to_days(d) + n);
}

civil_date surcharge_first_month_end(civil_date due)
{
    civil_date start = add_days(due, 1);
    civil_date same = {start.m == 12 ? start.y + 1 : start.y, start.m == 12 ? 1 : start.m + 1, start.d};
    civil_date after = {same.m == 12 ? same.y + 1 : same.y, same.m == 12 ? 1 : same.m + 1, 1};
    /* the day before the same day of the next month; when there is none, the
     * last day of that month (the day before the first of the one after) */
    return add_days(date_valid(same) ? same : after, -1);
}

/* The yen of one stretch: base × rate% × days / 365, fractions dropped. */
static int64_t stretch_yen(int64_t base, int64_t milli, int64_t days)
{
    i128 num = (i128)base * milli * days;
    return (int64_t)(num / ((i128)100 * SURCHARGE_RATE_SCALE * 365));
}

static void sort_payments(surcharge_payment *p, size_t n)
{
    for (size_t i = 1; i < n; i++) {   /* insertion sort: stable, n <= 64 */
        surcharge_payment x = p[i];
        size_t k = i;
        for (; k > 0 && date_cmp(p[k - 1].date, x.date) > 0; k--)
            p[k] = p[k - 1];
        p[k] = x;
    }
}

static int check_input(int64_t principal, civil_date due, const surcharge_payment *payments, size_t n, char *err,
                       size_t errsz)
{
    if (principal < 1 || principal > SURCHARGE_MAX_PRINCIPAL)
        return fail(err, errsz, "元金は 1〜%lld 円で指定してください（%lld）。", (long long)SURCHARGE_MAX_PRINCIPAL,
                    (long long)principal);
    if (!date_valid(due))
        return fail(err, errsz, "納期限が実在する日付ではありません。");
    if (n == 0)
        return fail(err, errsz, "納付（日付と金額）を1件以上指定してください。");
    if (n > SURCHARGE_MAX_PAYMENTS)
        return fail(err, errsz, "納付は %d 件までです（%zu 件）。", SURCHARGE_MAX_PAYMENTS, n);
    for (size_t i = 0; i < n; i++) {
        if (!date_valid(payments[i].date))
            return fail(err, errsz, "%zu 件目の納付の日付が実在する日付ではありません。", i + 1);
        if (payments[i].yen < 1 || payments[i].yen > SURCHARGE_MAX_PRINCIPAL)
            return fail(err, errsz, "%zu 件目の納付の金額は 1〜%lld 円で指定してください（%lld）。", i + 1,
                        (long long)SURCHARGE_MAX_PRINCIPAL, (long long)payments[i].yen);
    }
    return 0;
}

int surcharge_compute(const surcharge_rates *rates, int64_t principal, civil_date due,
                      const surcharge_payment *payments, size_t npayments, surcharge_result *out, char *err,
                      size_t errsz)
{
    memset(out, 0, sizeof *out);
    if (check_input(principal, due, payments, npayments, err, errsz))
        return -1;
    surcharge_payment pay[SURCHARGE_MAX_PAYMENTS];
    memcpy(pay, payments, npayments * sizeof *pay);
    sort_payments(pay, npayments);

    /* The last day charged: the day the principal is cleared, else the last payment's. */
    int64_t left = principal;
    civil_date end = pay[npayments - 1].date;
    for (size_t i = 0; i < npayments; i++) {
        left -= pay[i].yen < left ? pay[i].yen : left;
        if (left == 0) {
            end = pay[i].date;
            break;
        }
    }
    out->unpaid = left;

    int64_t d0 = date_to_days(due) + 1, d1 = date_to_days(end);
    if (d1 - d0 + 1 > MAX_SPAN_DAYS)
        return fail(err, errsz, "納期限の翌日から納付日までが 100 年を超えています。");
    int64_t first_end = date_to_days(surcharge_first_month_end(due));

    left = principal;
    size_t next = 0;           /* the first payment not yet taken off the principal */
    surcharge_part *cur = NULL;
    for (int64_t day = d0; day <= d1; day++) {
        civil_date d = date_from_days(day);
        /* payments made before this day lower its principal */
        while (next < npayments && date_to_days(pay[next].date) < day) {
            left -= pay[next].yen < left ? pay[next].yen : left;
            next++;
        }
        int64_t base = left >= 2000 ? left / 1000 * 1000 : 0;
        if (base == 0) {
            cur = NULL;
            continue;
        }
        const surcharge_period *p = surcharge_rates_at(rates, d);
        if (!p) {
            char iso[11], first[11];
            date_format_iso(d, iso);
            date_format_iso(rates->periods[0].from, first);
            return fail(err, errsz, "%s の延滞金の率が料率ファイルにありません（最初の期間は %s から）。", iso, first);
        }
        bool first_month = day <= first_end;
        int64_t milli = first_month ? p->first_milli : p->after_milli;
        if (cur && cur->base == base && cur->rate_milli == milli && cur->from.y == d.y) {
            cur->to = d;
            cur->days++;
            continue;
        }
        if (out->nparts >= SURCHARGE_MAX_PARTS)
            return fail(err, errsz, "延滞金の区間が多すぎます（%d 区間まで）。", SURCHARGE_MAX_PARTS);
        cur = &out->parts[out->nparts++];
        cur->from = cur->to = d;
        cur->base = base;
        cur->rate_milli = milli;
        str_copy(cur->rate, sizeof cur->rate, first_month ? p->first : p->after);
        cur->first_month = first_month;
        cur->days = 1;
    }
    for (int i = 0; i < out->nparts; i++) {
        surcharge_part *s = &out->parts[i];
        s->yen = stretch_yen(s->base, s->rate_milli, s->days);
        out->parts_sum += s->yen;
    }
    out->surcharge = out->parts_sum / 100 * 100;
    if (out->surcharge < 1000)
        out->surcharge = 0;
    return 0;
}

void surcharge_json(struct jsonw *w, const surcharge_result *r)
{
    char iso[11];
    jsonw_object(w);
    jsonw_kv_int(w, "surcharge", r->surcharge);
    jsonw_key(w, "parts");
    jsonw_array(w);
    for (int i = 0; i < r->nparts; i++) {
        const surcharge_part *p = &r->parts[i];
        jsonw_object(w);
        date_format_iso(p->from, iso);
        jsonw_kv_string(w, "from", iso);
        date_format_iso(p->to, iso);
        jsonw_kv_string(w, "to", iso);
        jsonw_kv_int(w, "base", p->base);
        jsonw_kv_string(w, "rate", p->rate);
        jsonw_kv_int(w, "days", p->days);
        jsonw_kv_int(w, "yen", p->yen);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
    jsonw_end_object(w);
}
