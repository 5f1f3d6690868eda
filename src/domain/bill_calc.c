/* bill_calc — see bill_calc.h. */
#include "domain/bill_calc.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsonw.h"
#include "domain/sewer_basis.h"

static void write_quote_lines(jsonw *w, const tariff_quote *q)
{
    char a[32], b[32];
    jsonw_key(w, "lines");
    jsonw_array(w);
    for (int i = 0; i < q->nlines; i++) {
        const tariff_line *l = &q->lines[i];
        jsonw_object(w);
        jsonw_kv_string(w, "kind", l->kind);
        if (l->part)
            jsonw_kv_int(w, "part", l->part);
        if (strcmp(l->kind, "band") == 0) {
            tariff_fmt_m3(a, l->from_m3_num, l->m3_den);
            jsonw_kv_string(w, "from", a);
            if (l->to_m3_num >= 0) {
                tariff_fmt_m3(b, l->to_m3_num, l->m3_den);
                jsonw_kv_string(w, "to", b);
            }
            tariff_fmt_m3(a, l->m3_num, l->m3_den);
            jsonw_kv_string(w, "m3", a);
        }
        if (strcmp(l->kind, "band") == 0 || (strcmp(l->kind, "base") == 0)) {
            tariff_fmt_sen(a, l->unit_sen);
            jsonw_kv_string(w, "unit", a);
        }
        tariff_fmt_sen(a, l->amount_sen);
        jsonw_kv_string(w, "amount", a);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
}

/* The group's head: the service, the tariff version (its name and rules are
 * in the tariffs table), the volume priced and, for a partial period, the
 * days the partial-period rule was applied to. */
static void write_group_head(jsonw *w, const char *svc, const tariff *t, int64_t m3, const tariff_quote *q)
{
    jsonw_object(w);
    jsonw_kv_string(w, "svc", svc);
    jsonw_kv_string(w, "tariff", t->id);
    jsonw_kv_int(w, "m3", m3);
    if (q->days)
        jsonw_kv_int(w, "days", q->days);
}

/* One priced group: the head, the segment's diameter and days when the
 * period is split, the totals and the lines. */
static void write_group(jsonw *w, const char *svc, const tariff *t, int64_t m3, const tariff_quote *q,
                        const bill_segment *sg, int64_t of_days)
{
    write_group_head(w, svc, t, m3, q);
    if (sg) {
        jsonw_kv_int(w, "diameter", q->diameter);
        jsonw_kv_int(w, "share_days", sg->days);
        jsonw_kv_int(w, "of_days", of_days);
    }
    jsonw_kv_int(w, "total", q->total);
    jsonw_kv_int(w, "tax", q->tax);
    write_quote_lines(w, q);
    jsonw_end_object(w);
}

/* Price a split period: each segment on m3, adjacent segments that price
 * alike (same tariff, same class and amounts: the diameter made no
 * difference) merged, the charges weighted by days. */
static int price_split(const char *svc, const bill_price_in *p, const bill_calc_in *in, int64_t m3, int64_t *yen,
                       int64_t *tax, jsonw *w, char *err, size_t errsz)
{
    tariff_quote *q = calloc(BILL_SEGMENTS_MAX, sizeof *q);
    if (!q) {
        snprintf(err, errsz, "メモリが不足しています。");
        return -1;
    }
    bill_segment sg[BILL_SEGMENTS_MAX];
    int n = 0;
    int64_t d = 0;
    for (int i = 0; i < p->nseg && i < BILL_SEGMENTS_MAX; i++) {
        const bill_segment *s = &p->seg[i];
        int dia = s->diameter ? s->diameter : in->diameter;
        if (s->days <= 0 || !s->t) {
            snprintf(err, errsz, "日割りで分ける期間の日数が不正です（%lld 日）。", (long long)s->days);
            free(q);
            return -1;
        }
        if (tariff_quote_for(s->t, in->use, dia, m3, in->months, in->partial_days, &q[n], err, errsz)) {
            free(q);
            return -1;
        }
        d += s->days;
        if (n > 0 && sg[n - 1].t == s->t && q[n - 1].class_index == q[n].class_index &&
            q[n - 1].total == q[n].total && q[n - 1].tax == q[n].tax) {
            sg[n - 1].days += s->days;   /* priced alike: one segment */
            continue;
        }
        sg[n] = (bill_segment){.t = s->t, .diameter = dia, .days = s->days};
        n++;
    }
    if (n == 1) {   /* nothing differed: the whole period as one */
        *yen = q[0].total;
        *tax = q[0].tax;
        if (w)
            write_group(w, svc, sg[0].t, m3, &q[0], NULL, 0);
        free(q);
        return 0;
    }
    /* 日割り: each segment's charge weighted by its days, cut to the yen. */
    int64_t sy = 0, st = 0;
    for (int i = 0; i < n; i++) {
        sy += q[i].total * sg[i].days;
        st += q[i].tax * sg[i].days;
    }
    *yen = sy / d;
    *tax = st / d;
    if (w) {
        for (int i = 0; i < n; i++)
            write_group(w, svc, sg[i].t, m3, &q[i], &sg[i], d);
        jsonw_object(w);
        jsonw_kv_string(w, "svc", svc);
        jsonw_kv_string(w, "kind", "prorate");
        jsonw_kv_int(w, "total", *yen);
        jsonw_kv_int(w, "tax", *tax);
        jsonw_end_object(w);
    }
    free(q);
    return 0;
}

/* Price one service on m3; when w is given, its group(s) of lines. */
static int price_service(const char *svc, const bill_price_in *p, const bill_calc_in *in, int64_t m3, int64_t *yen,
                         int64_t *tax, jsonw *w, char *err, size_t errsz)
{
    *yen = *tax = 0;
    if (!p->t)
        return 0;
    if (p->nseg >= 2)
        return price_split(svc, p, in, m3, yen, tax, w, err, errsz);
    tariff_quote qn;
    if (tariff_quote_for(p->t, in->use, in->diameter, m3, in->months, in->partial_days, &qn, err, errsz))
        return -1;
    *yen = qn.total;
    *tax = qn.tax;
    if (w)
        write_group(w, svc, p->t, m3, &qn, NULL, 0);
    return 0;
}

int bill_calc(const bill_calc_in *in, bill_calc_out *out, char *err, size_t errsz)
{
    out->water_yen = out->sewer_yen = out->adjust_yen = out->tax_yen = out->total_yen = 0;
    if (in->water.m3 < 0 || in->sewer.m3 < 0 || in->leak_m3 < 0) {
        snprintf(err, errsz, "水量が負です。");
        return -1;
    }
    jsonw w;
    jsonw_begin(&w, out->lines);
    jsonw_array(&w);
    int64_t wtax = 0, stax = 0;
    if (price_service("water", &in->water, in, in->water.m3, &out->water_yen, &wtax, &w, err, errsz) ||
        price_service("sewer", &in->sewer, in, in->sewer.m3, &out->sewer_yen, &stax, &w, err, errsz))
        return -1;
    out->tax_yen = wtax + stax;
    if (in->leak_m3 > 0) {
        int64_t wm = in->water.m3 > in->leak_m3 ? in->water.m3 - in->leak_m3 : 0;
        int64_t sm = in->sewer.m3 > in->leak_m3 ? in->sewer.m3 - in->leak_m3 : 0;
        int64_t wy, sy;
        if (price_service("water", &in->water, in, wm, &wy, &wtax, NULL, err, errsz) ||
            price_service("sewer", &in->sewer, in, sm, &sy, &stax, NULL, err, errsz))
            return -1;
        out->adjust_yen = (wy + sy) - (out->water_yen + out->sewer_yen);
        out->tax_yen = wtax + stax;
        jsonw_object(&w);
        jsonw_kv_string(&w, "svc", "adjust");
        jsonw_kv_string(&w, "kind", "leak");
        jsonw_kv_int(&w, "m3", in->leak_m3);
        jsonw_kv_int(&w, "water_m3", wm);
        jsonw_kv_int(&w, "sewer_m3", sm);
        jsonw_kv_int(&w, "total", out->adjust_yen);
        jsonw_end_object(&w);
    }
    jsonw_end_array(&w);
    out->total_yen = out->water_yen + out->sewer_yen + out->adjust_yen;
    return 0;
}

int64_t bill_sewer_volume(const char *basis, int64_t water_m3, int64_t deduct_m3, int64_t well_persons,
                          int64_t m3_per_person_month, int months)
{
    int b = sewer_basis_parse(basis);
    if (b == SEWER_BASIS_DEDUCT)
        return water_m3 > deduct_m3 ? water_m3 - deduct_m3 : 0;
    if (b == SEWER_BASIS_WELL)
        return water_m3 + well_persons * m3_per_person_month * months;
    return water_m3;
}
