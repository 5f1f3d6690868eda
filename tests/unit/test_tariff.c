/* Unit tests: tariff files (domain/tariff.h) — the worked examples of
 * docs/tariff-format.md, edge cases (usage 0, exactly on a band limit, split
 * with an odd m³, rounding to ¥10 by floor/round/ceil, tax-included prices
 * with sen, rounding per part or per bill, partial-period factors and the
 * fractional m³ they give), properties (a charge never decreases as usage
 * grows; the lines always add up to the total; scale and split agree where
 * the arithmetic says they must), no overflow at the largest usage and
 * prices, the JSON of a quote, the shipped demo tariffs covering every use
 * and diameter, and every validation error naming its key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/demo_tariffs.h"
#include "base/buf.h"
#include "base/jsonw.h"
#include "domain/tapinfo.h"
#include "domain/tariff.h"

/* 福岡市 水道料金 (平成26年4月〜), the example of docs/tariff-format.md
 * (its household classes). */
static const char FUKUOKA[] =
    "{\"format\":\"suido-tariff/1\",\"id\":\"fukuoka-water-2014\",\"name\":\"福岡市 水道料金\",\"service\":\"water\","
    "\"effective_from\":\"2014-04-01\",\"period_months\":1,\"prices_include_tax\":false,\"tax_percent\":8,"
    "\"rounding\":{\"unit_yen\":1,\"mode\":\"floor\",\"scope\":\"bill\"},\"multi_month\":{\"method\":\"scale\"},"
    "\"classes\":["
    "{\"use\":\"household\",\"diameters\":[13,20,25],\"base\":{\"13\":\"1700\",\"20\":\"2660\",\"25\":\"6220\"},"
    "\"included_m3\":0,\"bands\":[{\"up_to_m3\":20,\"yen_per_m3\":\"17\"},{\"up_to_m3\":40,\"yen_per_m3\":\"155\"},"
    "{\"up_to_m3\":60,\"yen_per_m3\":\"243\"},{\"up_to_m3\":100,\"yen_per_m3\":\"284\"},{\"up_to_m3\":200,\"yen_per_m3\":\"335\"},"
    "{\"up_to_m3\":null,\"yen_per_m3\":\"387\"}]},"
    "{\"use\":\"household\",\"diameters\":[40,50,75,100,150,200,250],\"base\":{\"40\":\"21840\",\"50\":\"42200\","
    "\"75\":\"119400\",\"100\":\"258400\",\"150\":\"638000\",\"200\":\"1022000\",\"250\":\"1892000\"},\"included_m3\":0,"
    "\"bands\":[{\"up_to_m3\":20,\"yen_per_m3\":\"120\"},{\"up_to_m3\":40,\"yen_per_m3\":\"155\"},{\"up_to_m3\":60,\"yen_per_m3\":\"243\"},"
    "{\"up_to_m3\":100,\"yen_per_m3\":\"284\"},{\"up_to_m3\":200,\"yen_per_m3\":\"335\"},{\"up_to_m3\":null,\"yen_per_m3\":\"387\"}]}]}";

/* 郡山市 下水道使用料 (2 months, tax included, partial 15/60 on base and bands). */
static const char KORIYAMA[] =
    "{\"format\":\"suido-tariff/1\",\"id\":\"koriyama-sewer\",\"name\":\"郡山市 下水道使用料\",\"service\":\"sewer\","
    "\"effective_from\":\"2019-10-01\",\"period_months\":2,\"prices_include_tax\":true,\"tax_percent\":10,"
    "\"rounding\":{\"unit_yen\":1,\"mode\":\"floor\",\"scope\":\"bill\"},\"multi_month\":{\"method\":\"scale\"},"
    "\"partial_period\":{\"unit_days\":15,\"period_days\":60,\"scale\":[\"base\",\"bands\"]},"
    "\"classes\":[{\"use\":\"general\",\"base\":\"2612\",\"included_m3\":20,\"bands\":[{\"up_to_m3\":40,\"yen_per_m3\":\"176\"},"
    "{\"up_to_m3\":100,\"yen_per_m3\":\"203\"},{\"up_to_m3\":200,\"yen_per_m3\":\"230\"},{\"up_to_m3\":400,\"yen_per_m3\":\"263\"},"
    "{\"up_to_m3\":1000,\"yen_per_m3\":\"291\"},{\"up_to_m3\":null,\"yen_per_m3\":\"318\"}]}]}";

/* text with the first occurrence of from replaced by to (static storage, 8 slots) */
static const char *edit(const char *text, const char *from, const char *to)
{
    static char buf[8][8192];
    static int k;
    char *out = buf[k++ % 8];
    const char *p = strstr(text, from);
    if (!p)
        fail_msg("test bug: \"%s\" not in the text", from);
    snprintf(out, sizeof buf[0], "%.*s%s%s", (int)(p - text), text, to, p + strlen(from));
    return out;
}

/* A made-up table for the edge cases: base 880.00 with 10 m³ included, then
 * 146.30 to 20 m³ and 203.50 above; unit prices with tax included (sen),
 * rounded to ¥10. */
static const char *split_tariff(int period, const char *odd, const char *mode, const char *scope)
{
    static char buf[8][2048];
    static int k;
    char *out = buf[k++ % 8];
    snprintf(out, sizeof buf[0],
             "{\"format\":\"suido-tariff/1\",\"id\":\"split-test\",\"name\":\"分割計算の例\",\"service\":\"water\","
             "\"effective_from\":\"2020-04-01\",\"period_months\":%d,\"prices_include_tax\":true,\"tax_percent\":10,"
             "\"rounding\":{\"unit_yen\":10,\"mode\":\"%s\",\"scope\":\"%s\"},"
             "\"multi_month\":{\"method\":\"split\",\"odd_m3\":\"%s\"},"
             "\"classes\":[{\"use\":\"*\",\"base\":\"880.00\",\"included_m3\":10,\"bands\":["
             "{\"up_to_m3\":20,\"yen_per_m3\":\"146.30\"},{\"up_to_m3\":null,\"yen_per_m3\":\"203.50\"}]}]}",
             period, mode, scope, odd);
    return out;
}

/* A tax-included table with one price above the included volume, for
 * rounding: base B yen, 10 m³ included, then 146.30 per m³. */
static const char *rounding_tariff(const char *base, int unit, const char *mode)
{
    static char buf[8][1024];
    static int k;
    char *out = buf[k++ % 8];
    snprintf(out, sizeof buf[0],
             "{\"format\":\"suido-tariff/1\",\"id\":\"round-test\",\"name\":\"端数処理の例\",\"service\":\"water\","
             "\"effective_from\":\"2020-04-01\",\"period_months\":1,\"prices_include_tax\":true,\"tax_percent\":10,"
             "\"rounding\":{\"unit_yen\":%d,\"mode\":\"%s\",\"scope\":\"bill\"},\"multi_month\":{\"method\":\"scale\"},"
             "\"classes\":[{\"use\":\"*\",\"base\":\"%s\",\"included_m3\":10,\"bands\":[{\"up_to_m3\":null,\"yen_per_m3\":\"146.30\"}]}]}",
             unit, mode, base);
    return out;
}

static tariff *load(const char *json)
{
    tariff *t = malloc(sizeof *t);
    char err[400];
    if (tariff_parse(json, strlen(json), t, err, sizeof err) != 0)
        fail_msg("tariff_parse: %s", err);
    return t;
}

/* Quote, and check that the lines explain the total: base + bands + tax +
 * rounding = total, to the sen (tax_included is shown, not added), and that
 * rounding_sen is the rounding lines' sum. */
static tariff_quote *quote(const tariff *t, const char *use, int dia, int64_t m3, int months, int days)
{
    static tariff_quote q;
    char err[400];
    if (tariff_quote_for(t, use, dia, m3, months, days, &q, err, sizeof err) != 0)
        fail_msg("quote %s %s %d mm %lld m³ %d months %d days: %s", t->id, use, dia, (long long)m3, months, days, err);
    int64_t sum = 0, rounding = 0;
    for (int i = 0; i < q.nlines; i++) {
        if (strcmp(q.lines[i].kind, "tax_included") != 0)
            sum += q.lines[i].amount_sen;
        if (strcmp(q.lines[i].kind, "rounding") == 0)
            rounding += q.lines[i].amount_sen;
    }
    if (sum != q.total * 100 || rounding != q.rounding_sen)
        fail_msg("%s %lld m³: lines add up to %lld sen, total %lld yen; rounding %lld vs %lld", t->id, (long long)m3,
                 (long long)sum, (long long)q.total, (long long)rounding, (long long)q.rounding_sen);
    return &q;
}

static int64_t total(const tariff *t, const char *use, int dia, int64_t m3, int months, int days)
{
    return quote(t, use, dia, m3, months, days)->total;
}

static int quote_err(const tariff *t, const char *use, int dia, int64_t m3, int months, int days, char *err,
                     size_t errsz)
{
    tariff_quote *q = malloc(sizeof *q);
    int rc = tariff_quote_for(t, use, dia, m3, months, days, q, err, errsz);
    free(q);
    return rc;
}

/* ---- worked examples ----------------------------------------------------- */

static void worked_examples(void **state)
{
    (void)state;
    tariff *f = load(FUKUOKA), *k = load(KORIYAMA);
    assert_int_equal(total(f, "household", 13, 30, 1, 0), 3877);
    assert_int_equal(total(f, "household", 13, 0, 1, 0), 1836);
    assert_int_equal(total(f, "household", 40, 30, 1, 0), 27853);
    assert_int_equal(total(f, "household", 13, 60, 2, 0), 7754);     /* scale */
    assert_int_equal(total(k, "general", 13, 5, 2, 10), 653);         /* 郡山: 10 days, a quarter */
    assert_int_equal(total(k, "general", 20, 50, 2, 0), 8162);
    assert_int_equal(total(k, "general", 20, 50, 0, 0), 8162);        /* months 0: the tariff's period */
    free(f);
    free(k);
}

static void lines_explain_the_total(void **state)
{
    (void)state;
    tariff *f = load(FUKUOKA);
    const tariff_quote *q = quote(f, "household", 13, 30, 1, 0);
    /* base 1700, 20 m³ × 17, 10 m³ × 155, tax 287, rounding 0 */
    assert_int_equal(q->nlines, 5);
    assert_int_equal(q->class_index, 0);
    assert_string_equal(q->lines[0].kind, "base");
    assert_int_equal(q->lines[0].amount_sen, 170000);
    assert_string_equal(q->lines[1].kind, "band");
    assert_int_equal(q->lines[1].m3_num / q->lines[1].m3_den, 20);
    assert_int_equal(q->lines[1].amount_sen, 34000);
    assert_int_equal(q->lines[2].m3_num / q->lines[2].m3_den, 10);
    assert_int_equal(q->lines[2].unit_sen, 15500);
    assert_int_equal(q->lines[2].from_m3_num, 20);
    assert_int_equal(q->lines[2].to_m3_num, 40);
    assert_string_equal(q->lines[3].kind, "tax");
    assert_int_equal(q->lines[3].amount_sen, 28700);
    assert_string_equal(q->lines[4].kind, "rounding");
    assert_int_equal(q->lines[4].amount_sen, 0);
    assert_int_equal(q->subtotal_sen, 359000);
    assert_int_equal(q->tax, 287);
    /* 40 mm: the second class */
    assert_int_equal(quote(f, "household", 40, 30, 1, 0)->class_index, 1);
    /* tax included: the contained tax is shown, not added */
    tariff *k = load(KORIYAMA);
    q = quote(k, "general", 13, 50, 2, 0);
    assert_string_equal(q->lines[q->nlines - 2].kind, "tax_included");
    assert_int_equal(q->tax, 8162 * 10 / 110);
    assert_int_equal(q->lines[q->nlines - 2].amount_sen, q->tax * 100);
    free(f);
    free(k);
}

/* ---- edge cases ---------------------------------------------------------- */

static void on_a_band_limit_and_zero(void **state)
{
    (void)state;
    tariff *f = load(FUKUOKA);
    /* exactly 20 m³: all in the first band; 21 m³: one m³ in the second */
    assert_int_equal(total(f, "household", 13, 20, 1, 0), (170000 + 20 * 1700) * 108 / 10000);
    assert_int_equal(quote(f, "household", 13, 20, 1, 0)->nlines, 4);   /* base, one band, tax, rounding */
    assert_int_equal(total(f, "household", 13, 21, 1, 0), (170000 + 20 * 1700 + 15500) * 108 / 10000);
    /* 0 m³: the base charge alone, no band line */
    const tariff_quote *q = quote(f, "household", 13, 0, 1, 0);
    assert_int_equal(q->nlines, 3);
    tariff *k = load(KORIYAMA);
    assert_int_equal(total(k, "general", 13, 0, 2, 0), 2612);   /* base only */
    assert_int_equal(total(k, "general", 13, 20, 2, 0), 2612);  /* the included volume */
    assert_int_equal(total(k, "general", 13, 21, 2, 0), 2612 + 176);
    assert_int_equal(total(k, "general", 13, 40, 2, 0), 2612 + 20 * 176);
    assert_int_equal(total(k, "general", 13, 41, 2, 0), 2612 + 20 * 176 + 203);
    free(f);
    free(k);
}

static void rounding_modes_and_units(void **state)
{
    (void)state;
    /* tax included, 13 m³: 1005 + 3 × 146.30 = 1443.90 */
    struct { const char *base; int unit; const char *mode; int64_t m3, want; } cases[] = {
        {"1005", 1, "floor", 13, 1443},  {"1005", 1, "round", 13, 1444},  {"1005", 1, "ceil", 13, 1444},
        {"1005", 10, "floor", 13, 1440}, {"1005", 10, "round", 13, 1440}, {"1005", 10, "ceil", 13, 1450},
        /* exactly half: round is half up */
        {"1005", 10, "floor", 0, 1000},  {"1005", 10, "round", 0, 1010},  {"1005", 10, "ceil", 0, 1010},
        {"1004.99", 10, "round", 0, 1000}, {"1000", 10, "ceil", 0, 1000}, {"1000.01", 10, "ceil", 0, 1010},
        {"0.50", 1, "round", 0, 1},      {"0.49", 1, "round", 0, 0},      {"0.01", 1, "ceil", 0, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tariff *t = load(rounding_tariff(cases[i].base, cases[i].unit, cases[i].mode));
        int64_t v = total(t, "bath", 20, cases[i].m3, 1, 0);
        if (v != cases[i].want)
            fail_msg("base %s, ¥%d %s, %lld m³: %lld, want %lld", cases[i].base, cases[i].unit, cases[i].mode,
                     (long long)cases[i].m3, (long long)v, (long long)cases[i].want);
        free(t);
    }
    /* 146.30 × 3 m³: the sen are carried in the band line */
    tariff *t = load(rounding_tariff("1005", 1, "floor"));
    const tariff_quote *q = quote(t, "bath", 20, 13, 1, 0);
    assert_int_equal(q->lines[1].amount_sen, 43890);
    assert_int_equal(q->subtotal_sen, 144390);
    assert_int_equal(q->rounding_sen, -90);
    assert_int_equal(q->tax, 1443 * 10 / 110);
    free(t);
    /* tax added, rounded to ¥10: 3590 × 1.08 = 3877.20 */
    const char *modes[] = {"floor", "round", "ceil"};
    const int64_t want[] = {3870, 3880, 3880};
    for (int m = 0; m < 3; m++) {
        char mode[32];
        snprintf(mode, sizeof mode, "\"mode\":\"%s\"", modes[m]);
        t = load(edit(edit(FUKUOKA, "\"unit_yen\":1", "\"unit_yen\":10"), "\"mode\":\"floor\"", mode));
        q = quote(t, "household", 13, 30, 1, 0);
        assert_int_equal(q->total, want[m]);
        assert_int_equal(q->tax, want[m] - 3590);   /* the total less the subtotal */
        free(t);
    }
    /* tax added on a subtotal with sen: 1611.50 × 1.10 = 1772.65 -> 1772; tax 1772 − 1611 */
    t = load(edit(rounding_tariff("880", 1, "floor"), "\"prices_include_tax\":true", "\"prices_include_tax\":false"));
    q = quote(t, "bath", 20, 15, 1, 0);
    assert_int_equal(q->subtotal_sen, 161150);
    assert_int_equal(q->total, 1772);
    assert_int_equal(q->tax, 161);
    assert_int_equal(q->rounding_sen, -50);   /* the 50 sen of the subtotal, cut */
    free(t);
    /* the tax added is never below 0 (rounded down to ¥10 past it) and is 0 at 0 % */
    t = load(edit(edit(rounding_tariff("130", 10, "floor"), "\"prices_include_tax\":true", "\"prices_include_tax\":false"),
                  "\"tax_percent\":10", "\"tax_percent\":8"));
    q = quote(t, "bath", 20, 0, 1, 0);   /* 130 × 1.08 = 140.40 -> 140: tax 140 − 130 */
    assert_int_equal(q->total, 140);
    assert_int_equal(q->tax, 10);
    free(t);
    t = load(edit(edit(rounding_tariff("55", 10, "floor"), "\"prices_include_tax\":true", "\"prices_include_tax\":false"),
                  "\"tax_percent\":10", "\"tax_percent\":8"));
    q = quote(t, "bath", 20, 0, 1, 0);   /* 55 × 1.08 = 59.40 -> 50, less than 55 */
    assert_int_equal(q->total, 50);
    assert_int_equal(q->tax, 0);
    assert_int_equal(q->rounding_sen, -500);
    free(t);
    t = load(edit(edit(rounding_tariff("1611", 10, "ceil"), "\"prices_include_tax\":true", "\"prices_include_tax\":false"),
                  "\"tax_percent\":10", "\"tax_percent\":0"));
    q = quote(t, "bath", 20, 0, 1, 0);
    assert_int_equal(q->total, 1620);
    assert_int_equal(q->tax, 0);
    assert_int_equal(q->rounding_sen, 900);
    free(t);
}

static void split_with_odd_m3_and_rounding_scope(void **state)
{
    (void)state;
    /* 31 m³ over 2 months: parts of 15 and 16 m³.  Part of 15: 880 + 5 × 146.30 = 1611.50;
     * part of 16: 880 + 6 × 146.30 = 1757.80; together 3369.30.  Tax included, rounded to ¥10. */
    struct { const char *odd, *mode, *scope; int64_t want; } cases[] = {
        {"last", "floor", "bill", 3360}, {"last", "round", "bill", 3370}, {"last", "ceil", "bill", 3370},
        {"last", "floor", "part", 1610 + 1750}, {"last", "round", "part", 1610 + 1760},
        {"last", "ceil", "part", 1620 + 1760}, {"first", "ceil", "part", 1760 + 1620},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tariff *t = load(split_tariff(1, cases[i].odd, cases[i].mode, cases[i].scope));
        assert_int_equal(total(t, "household", 20, 31, 2, 0), cases[i].want);
        free(t);
    }
    /* which part takes the odd m³: the first part's band line */
    tariff *last = load(split_tariff(1, "last", "floor", "part")), *first = load(split_tariff(1, "first", "floor", "part"));
    tariff_quote *q = quote(last, "household", 20, 31, 2, 0);
    assert_int_equal(q->parts, 2);
    assert_int_equal(q->lines[0].part, 1);
    assert_string_equal(q->lines[1].kind, "band");
    assert_int_equal(q->lines[1].m3_num, 5);   /* 15 m³: 5 above the included 10 */
    /* scope part: each part has its tax and rounding lines */
    int per_part = 0;
    for (int i = 0; i < q->nlines; i++)
        per_part += strcmp(q->lines[i].kind, "rounding") == 0 && q->lines[i].part > 0;
    assert_int_equal(per_part, 2);
    /* tax included: the tax contained, floor(total × 10 / 110) per part */
    assert_int_equal(q->tax, 1610 * 10 / 110 + 1750 * 10 / 110);
    q = quote(first, "household", 20, 31, 2, 0);
    assert_int_equal(q->lines[1].m3_num, 6);   /* 16 m³ in part 1 */
    assert_int_equal(q->lines[1].part, 1);
    /* three months: three parts of a monthly table, 32 m³ = 10 + 10 + 12 */
    q = quote(last, "household", 20, 32, 3, 0);
    assert_int_equal(q->parts, 3);
    assert_int_equal(q->total, 880 + 880 + 1170);   /* 880, 880, 880 + 2 × 146.30 = 1172.60 -> 1170 */
    /* one month of a split table: as written */
    assert_int_equal(total(last, "household", 20, 15, 1, 0), 1610);
    free(last);
    free(first);
    /* a two-month table split: months must be a multiple of 2 */
    tariff *two = load(split_tariff(2, "last", "floor", "bill"));
    assert_int_equal(total(two, "household", 20, 15, 2, 0), 1610);
    assert_int_equal(total(two, "household", 20, 30, 4, 0), 1610 + 1610);
    char err[400];
    assert_int_equal(quote_err(two, "household", 20, 15, 3, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "split"));
    assert_int_equal(quote_err(two, "household", 20, 15, 1, 0, err, sizeof err), -1);
    free(two);
}

static void partial_periods(void **state)
{
    (void)state;
    tariff *k = load(KORIYAMA);
    /* the published rule: a quarter for 15 days or fewer, a half for 16–30, ... */
    for (int days = 1; days <= 80; days++) {
        int64_t quarters = (days + 14) / 15 > 4 ? 4 : (days + 14) / 15;
        assert_int_equal(total(k, "general", 13, 5, 2, days), 2612 * quarters / 4);
    }
    assert_int_equal(total(k, "general", 13, 10, 2, 16), 1306);
    assert_int_equal(total(k, "general", 13, 11, 2, 30), 1306 + 176);
    /* 45 days: three quarters (15 m³ included); 16 m³ -> one m³ at 176 */
    assert_int_equal(total(k, "general", 13, 16, 2, 45), 1959 + 176);
    /* a quarter of the limits: 5 m³ included, 10, 25, ...: 12 m³ = 5 × 176 + 2 × 203 */
    assert_int_equal(total(k, "general", 13, 12, 2, 10), 653 + 5 * 176 + 2 * 203);
    /* fractional limits: 21 m³ included × 1/4 = 5.25; 12 m³ = 4.75 × 176 + 2 × 203 */
    tariff *f21 = load(edit(KORIYAMA, "\"included_m3\":20", "\"included_m3\":21"));
    const tariff_quote *q = quote(f21, "general", 13, 12, 2, 10);
    assert_int_equal(q->volume_num, 1);
    assert_int_equal(q->volume_den, 4);
    assert_int_equal(q->lines[1].m3_num, 19);   /* 4.75 m³ = 19/4 */
    assert_int_equal(q->lines[1].m3_den, 4);
    assert_int_equal(q->lines[1].from_m3_num, 21);
    assert_int_equal(q->lines[1].amount_sen, 83600);
    assert_int_equal(q->total, 653 + 836 + 406);
    free(f21);
    /* only the base scaled, or only the bands */
    tariff *b = load(edit(KORIYAMA, "\"scale\":[\"base\",\"bands\"]", "\"scale\":[\"base\"]"));
    assert_int_equal(total(b, "general", 13, 21, 2, 10), 653 + 176);
    free(b);
    b = load(edit(KORIYAMA, "\"scale\":[\"base\",\"bands\"]", "\"scale\":[\"bands\"]"));
    assert_int_equal(total(b, "general", 13, 21, 2, 10), 2612 + 5 * 176 + 11 * 203);   /* 5 included, 10, 25, ... */
    free(b);
    /* A bill for other than the table's period: the days are measured against
     * the bill's own length.  One month of this two-month table is 30 days:
     * 20 days are 30 (the whole month: half the table), 10 days are 15. */
    assert_int_equal(total(k, "general", 13, 5, 1, 20), 1306);
    assert_int_equal(total(k, "general", 13, 5, 1, 40), 1306);
    assert_int_equal(total(k, "general", 13, 5, 1, 10), 653);
    /* four months, 70 days -> 75 days: 5/4 of the table (25 m³ included) */
    assert_int_equal(total(k, "general", 13, 30, 4, 70), 3265 + 5 * 176);
    free(k);
    /* no partial_period: the full period, whatever the days */
    tariff *f = load(FUKUOKA);
    assert_int_equal(total(f, "household", 13, 30, 1, 10), 3877);
    assert_int_equal(quote(f, "household", 13, 30, 1, 10)->days, 10);
    free(f);
    /* split with a partial period: each part has the factor, measured against the bill:
     * 20 days of a two-month bill -> 30 of 60 days, half of each monthly part:
     * base 440, included 5, the 146.30 band to 10 m³.  31 m³ = 15 + 16:
     * 440 + 5 × 146.30 + 5 × 203.50 = 2189.00; 440 + 731.50 + 6 × 203.50 = 2392.50 */
    const char *sp = edit(split_tariff(1, "last", "floor", "bill"), "\"classes\"",
                          "\"partial_period\":{\"unit_days\":15,\"period_days\":30,\"scale\":[\"base\",\"bands\"]},\"classes\"");
    tariff *s = load(sp);
    q = quote(s, "household", 20, 31, 2, 20);
    assert_int_equal(q->factor_num, 1);
    assert_int_equal(q->factor_den, 2);
    assert_int_equal(q->total, 4580);   /* 4581.50 floored to ¥10 */
    /* the same bill priced by scale: one month's table, the same amount */
    tariff *sc = load(edit(sp, "\"method\":\"split\",\"odd_m3\":\"last\"", "\"method\":\"scale\""));
    assert_int_equal(total(sc, "household", 20, 31, 2, 20), 4580);
    free(s);
    free(sc);
}

static void ranges_and_unknowns_are_errors(void **state)
{
    (void)state;
    tariff *f = load(FUKUOKA);
    char err[400];
    assert_int_equal(quote_err(f, "office", 13, 10, 1, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "office"));
    assert_int_equal(quote_err(f, "household", 30, 10, 1, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "30 mm"));
    assert_int_equal(quote_err(f, "", 13, 10, 1, 0, err, sizeof err), -1);
    assert_int_equal(quote_err(f, "household", 13, -1, 1, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "使用水量"));
    assert_int_equal(quote_err(f, "household", 13, TARIFF_MAX_USAGE + 1, 1, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "使用水量"));
    assert_int_equal(quote_err(f, "household", 13, 10, 13, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "月数"));
    assert_int_equal(quote_err(f, "household", 13, 10, -1, 0, err, sizeof err), -1);
    assert_int_equal(quote_err(f, "household", 13, 10, 1, 367, err, sizeof err), -1);
    assert_non_null(strstr(err, "日数"));
    assert_int_equal(quote_err(f, "household", 13, 10, 1, -1, err, sizeof err), -1);
    assert_int_equal(quote_err(f, "household", 13, 10, 12, 366, err, sizeof err), 0);
    free(f);
}

static void uses_lists_and_any(void **state)
{
    (void)state;
    const char *t3 =
        "{\"format\":\"suido-tariff/1\",\"id\":\"uses\",\"name\":\"用途\",\"service\":\"water\",\"effective_from\":\"2020-04-01\","
        "\"period_months\":2,\"prices_include_tax\":false,\"tax_percent\":10,"
        "\"rounding\":{\"unit_yen\":1,\"mode\":\"floor\",\"scope\":\"bill\"},\"multi_month\":{\"method\":\"scale\"},\"classes\":["
        "{\"use\":[\"household\",\"shared\"],\"base\":{\"13\":\"100\",\"20\":\"200\"},\"included_m3\":0,\"bands\":[{\"up_to_m3\":null,\"yen_per_m3\":\"1\"}]},"
        "{\"use\":\"household\",\"base\":\"300\",\"included_m3\":0,\"bands\":[{\"up_to_m3\":null,\"yen_per_m3\":\"1\"}]},"
        "{\"use\":\"*\",\"diameters\":[13],\"base\":\"400\",\"included_m3\":0,\"bands\":[{\"up_to_m3\":null,\"yen_per_m3\":\"1\"}]}]}";
    tariff *t = load(t3);
    /* base per diameter without "diameters": the class covers the diameters named */
    assert_int_equal(t->classes[0].ndiameters, 2);
    assert_ptr_equal(tariff_class_for(t, "shared", 20), &t->classes[0]);
    assert_ptr_equal(tariff_class_for(t, "household", 25), &t->classes[1]);
    assert_ptr_equal(tariff_class_for(t, "bath", 13), &t->classes[2]);
    assert_null(tariff_class_for(t, "bath", 20));
    assert_null(tariff_class_for(t, "shared", 25));
    assert_int_equal(total(t, "household", 20, 0, 2, 0), 220);
    free(t);
}

/* ---- properties ---------------------------------------------------------- */

static void never_decreasing(void **state)
{
    (void)state;
    struct { const char *text, *use; int dia; } cases[] = {
        {FUKUOKA, "household", 13},
        {FUKUOKA, "household", 250},
        {KORIYAMA, "general", 20},
        {split_tariff(1, "last", "floor", "bill"), "household", 20},
        {split_tariff(1, "first", "ceil", "part"), "household", 20},
        {split_tariff(1, "last", "round", "part"), "household", 20},
        {rounding_tariff("1005", 10, "round"), "bath", 13},
    };
    for (size_t f = 0; f < sizeof cases / sizeof cases[0]; f++) {
        tariff *t = load(cases[f].text);
        for (int months = 1; months <= 2; months++)
            for (int days = 0; days <= 60; days += 10) {
                int64_t prev = -1;
                for (int64_t m3 = 0; m3 <= 2000; m3++) {
                    int64_t v = total(t, cases[f].use, cases[f].dia, m3, months, days);
                    if (v < prev)
                        fail_msg("%s: %lld m³ costs %lld, less than %lld", t->id, (long long)m3, (long long)v,
                                 (long long)prev);
                    prev = v;
                }
                if (total(t, cases[f].use, cases[f].dia, TARIFF_MAX_USAGE, months, days) <
                    total(t, cases[f].use, cases[f].dia, TARIFF_MAX_USAGE - 1, months, days))
                    fail_msg("%s: the largest usage costs less than one m³ below it", t->id);
            }
        free(t);
    }
}

/* A split puts the odd m³ in one part.  With more than two parts, growing
 * usage can move m³ out of that part (5 m³ = 1 + 1 + 3, 6 m³ = 2 + 2 + 2), so
 * under a steep table the charge can fall: the rule as ordinances write it
 * (docs/tariff-format.md says so).  With two parts it never falls (tested in
 * never_decreasing). */
static void split_into_three_parts_can_fall(void **state)
{
    (void)state;
    /* base 880 with 1 m³ included, 146.30 to 2 m³, then 203.50 (or 9000) */
    const char *text =
        edit(edit(split_tariff(1, "last", "floor", "bill"), "\"included_m3\":10", "\"included_m3\":1"), "{\"up_to_m3\":20,",
             "{\"up_to_m3\":2,");
    tariff *t = load(text), *steep = load(edit(text, "\"203.50\"", "\"9000\""));
    /* 5 m³: 3 × 880 + 146.30 + 203.50 = 2989.80; 6 m³: 3 × 880 + 3 × 146.30 = 3078.90 */
    assert_int_equal(total(t, "x", 13, 5, 3, 0), 2980);
    assert_int_equal(total(t, "x", 13, 6, 3, 0), 3070);
    /* 5 m³: 2640 + 146.30 + 9000 = 11786.30; 6 m³: 3078.90 */
    assert_int_equal(total(steep, "x", 13, 5, 3, 0), 11780);
    assert_int_equal(total(steep, "x", 13, 6, 3, 0), 3070);
    free(t);
    free(steep);
}

static void scale_and_split_agree_when_they_must(void **state)
{
    (void)state;
    /* A table priced linearly between its limits, with the limits (and the
     * base) multiplied by k for scale, gives for usage u exactly k times the
     * charge of u / k under the table as written: the price is homogeneous in
     * (usage, limits, base).  So when u is a multiple of k, split (k equal
     * parts, no odd m³) and scale have the same amount before rounding, and
     * with scope "bill" the same total — with or without a partial period,
     * which multiplies both the same way. */
    const char *sc = FUKUOKA, *sp = edit(FUKUOKA, "\"method\":\"scale\"", "\"method\":\"split\"");
    const char *pp = "\"partial_period\":{\"unit_days\":10,\"period_days\":30,\"scale\":[\"base\",\"bands\"]},\"classes\"";
    const char *texts[][2] = {{sc, sp}, {edit(sc, "\"classes\"", pp), edit(sp, "\"classes\"", pp)}};
    for (int v = 0; v < 2; v++) {
        tariff *a = load(texts[v][0]), *b = load(texts[v][1]);
        const int ks[] = {2, 3, 4, 6, 12};
        for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++)
            for (int days = 0; days <= 90; days += v ? 15 : 90)
                for (int64_t m3 = 0; m3 <= 3000; m3 += ks[i]) {
                    int64_t x = total(a, "household", 13, m3, ks[i], days), y = total(b, "household", 13, m3, ks[i], days);
                    if (x != y)
                        fail_msg("%d months, %d days, %lld m³: scale %lld, split %lld", ks[i], days, (long long)m3,
                                 (long long)x, (long long)y);
                }
        free(a);
        free(b);
    }
    /* Two parts agree for every usage (no partial period): the parts m and
     * m + 1 lie between two whole m³, where the price is linear, so their sum
     * is twice the price of m + 0.5, which is what scale computes. */
    tariff *a = load(sc), *b = load(sp);
    for (int64_t m3 = 0; m3 <= 3000; m3++)
        assert_int_equal(total(a, "household", 13, m3, 2, 0), total(b, "household", 13, m3, 2, 0));
    /* Three parts of 59 m³ (19 + 19 + 21) straddle the 20 m³ limit that
     * scale (60 m³) does not reach: they differ. */
    assert_int_equal(total(a, "household", 13, 59, 3, 0), (510000 + 59 * 1700) * 108 / 10000);
    assert_int_equal(total(b, "household", 13, 59, 3, 0), (510000 + 58 * 1700 + 15500) * 108 / 10000);
    assert_true(total(a, "household", 13, 59, 3, 0) != total(b, "household", 13, 59, 3, 0));
    free(a);
    free(b);
}

/* ---- overflow ------------------------------------------------------------ */

static void no_overflow_at_the_limits(void **state)
{
    (void)state;
    tariff *f = load(FUKUOKA);
    /* 9,999,999 m³ at 250 mm over 12 months: exact to the yen */
    int64_t v = total(f, "household", 250, TARIFF_MAX_USAGE, 12, 0);
    /* base 1,892,000 × 12 + 240×120 + 240×155 + 240×243 + 480×284 + 1200×335 + (9,999,999 − 2400) × 387 */
    int64_t sub = 1892000LL * 12 + 240 * 120 + 240 * 155 + 240 * 243 + 480 * 284 + 1200 * 335 +
                  (TARIFF_MAX_USAGE - 2400LL) * 387;
    assert_int_equal(v, sub * 108 / 100);
    free(f);
    /* the largest prices: 99,999,999.99 yen base and per m³, 12 months, 10 % added, up to ¥10 */
    const char *ext =
        "{\"format\":\"suido-tariff/1\",\"id\":\"extreme\",\"name\":\"上限\",\"service\":\"water\",\"effective_from\":\"2020-04-01\","
        "\"period_months\":1,\"prices_include_tax\":false,\"tax_percent\":10,"
        "\"rounding\":{\"unit_yen\":10,\"mode\":\"ceil\",\"scope\":\"part\"},\"multi_month\":{\"method\":\"scale\"},"
        "\"partial_period\":{\"unit_days\":1,\"period_days\":31,\"scale\":[\"base\",\"bands\"]},"
        "\"classes\":[{\"use\":\"*\",\"base\":\"99999999.99\",\"included_m3\":0,\"bands\":[{\"up_to_m3\":null,\"yen_per_m3\":\"99999999.99\"}]}]}";
    tariff *t = load(ext);
    /* (9,999,999,999 × 12 + 9,999,999 × 9,999,999,999) sen × 1.10, up to ¥10 */
    assert_int_equal(total(t, "x", 200, TARIFF_MAX_USAGE, 12, 0), 1100001209890000LL);
    /* split into 12 parts rounded each: 11 parts of 833,333 m³ and one of 833,336 */
    tariff *s = load(edit(ext, "\"method\":\"scale\"", "\"method\":\"split\""));
    assert_int_equal(total(s, "x", 200, TARIFF_MAX_USAGE, 12, 0), 1100001209890080LL);
    /* a partial period with awkward denominators (365 of 372 days) stays exact */
    assert_true(total(t, "x", 200, TARIFF_MAX_USAGE, 12, 365) > 0);
    assert_true(total(s, "x", 200, TARIFF_MAX_USAGE, 12, 365) > 0);
    free(t);
    free(s);
    /* the most lines: 16 bands, 12 parts, each rounded: 12 × (base + 16 + tax + rounding) */
    char many[4096];
    snprintf(many, sizeof many, "%s", edit(ext, "\"method\":\"scale\"", "\"method\":\"split\""));
    char *bands = strstr(many, "\"bands\":[");
    assert_non_null(bands);
    bands += strlen("\"bands\":[");
    char rest[4096];
    snprintf(rest, sizeof rest, "%s", bands);
    size_t off = (size_t)(bands - many);
    for (int i = 1; i <= 15; i++)
        off += (size_t)snprintf(many + off, sizeof many - off, "{\"up_to_m3\":%d,\"yen_per_m3\":\"99999999.99\"},", i);
    snprintf(many + off, sizeof many - off, "%s", rest);
    t = load(many);
    const tariff_quote *q = quote(t, "x", 200, TARIFF_MAX_USAGE, 12, 0);
    assert_int_equal(q->nlines, 12 * (1 + 16 + 2));
    assert_int_equal(q->total, 1100001209890080LL);   /* the same prices, only cut into bands */
    free(t);
}

/* ---- JSON ---------------------------------------------------------------- */

static void quote_as_json(void **state)
{
    (void)state;
    tariff *k = load(KORIYAMA);
    const tariff_quote *q = quote(k, "general", 13, 5, 2, 10);
    buf_t b;
    buf_init(&b, 0);
    jsonw w;
    jsonw_begin(&w, &b);
    tariff_quote_json(&w, k, q);
    assert_string_equal(buf_cstr(&b),
                        "{\"tariff\":\"koriyama-sewer\",\"service\":\"sewer\",\"use\":\"general\",\"diameter\":13,\"class\":0,"
                        "\"usage_m3\":5,\"months\":2,\"days\":10,\"parts\":1,\"subtotal\":\"653.00\",\"tax\":59,\"total\":653,"
                        "\"lines\":[{\"kind\":\"base\",\"part\":0,\"table_yen\":\"2612.00\",\"factor\":\"1/4\",\"yen\":\"653.00\"},"
                        "{\"kind\":\"tax_included\",\"part\":0,\"yen\":\"59.00\"},{\"kind\":\"rounding\",\"part\":0,\"yen\":\"0.00\"}]}");
    buf_reset(&b);
    jsonw_begin(&w, &b);
    tariff_quote_json(&w, k, quote(k, "general", 13, 12, 2, 10));
    assert_non_null(strstr(buf_cstr(&b), "{\"kind\":\"band\",\"part\":0,\"from_m3\":\"5\",\"to_m3\":\"10\",\"m3\":\"5\","
                                         "\"yen_per_m3\":\"176.00\",\"yen\":\"880.00\"}"));
    buf_reset(&b);
    jsonw_begin(&w, &b);
    tariff_quote_json(&w, k, quote(k, "general", 13, 5000, 2, 0));
    assert_non_null(strstr(buf_cstr(&b), "\"from_m3\":\"1000\",\"to_m3\":null,\"m3\":\"4000\""));
    buf_free(&b);
    free(k);
}

/* ---- the shipped demo tariffs ------------------------------------------- */

static void demo_tariffs_cover_every_tap(void **state)
{
    (void)state;
    int files = 0;
    for (const demo_tariff_file *f = DEMO_TARIFF_FILES; f->name; f++, files++) {
        tariff *t = malloc(sizeof *t);
        char err[400];
        if (tariff_parse(f->text, f->len, t, err, sizeof err) != 0)
            fail_msg("%s: %s", f->name, err);
        for (const tapinfo_code *u = TAPINFO_USES; u->code; u++)
            for (const int *d = TAPINFO_DIAMETERS; *d; d++) {
                if (!tariff_class_for(t, u->code, *d))
                    fail_msg("%s: no class for %s %d mm", f->name, u->code, *d);
                for (int64_t m3 = 0; m3 <= 200; m3 += 40)
                    (void)total(t, u->code, *d, m3, 2, 0);
            }
        free(t);
    }
    assert_int_equal(files, 4);
    /* a 13 mm household using 40 m³ in two months pays ¥7,000–8,000 in 2019, and less in 2014 */
    int64_t y2019 = 0, y2014 = 0;
    for (const demo_tariff_file *f = DEMO_TARIFF_FILES; f->name; f++) {
        tariff *t = load(f->text);
        if (strcmp(t->id, "sankyo-water-2019") == 0)
            y2019 = total(t, "household", 13, 40, 2, 0);
        if (strcmp(t->id, "sankyo-water-2014") == 0)
            y2014 = total(t, "household", 13, 40, 2, 0);
        free(t);
    }
    assert_in_range(y2019, 7000, 8000);
    assert_true(y2014 > 0 && y2014 < y2019);
}

/* ---- validation ---------------------------------------------------------- */

/* Replace the first occurrence of from with to in text; expect a refusal
 * whose message contains want. */
static void refused_in(const char *text, const char *from, const char *to, const char *want)
{
    const char *buf = edit(text, from, to);
    tariff *t = malloc(sizeof *t);
    char err[400] = "";
    int rc = tariff_parse(buf, strlen(buf), t, err, sizeof err);
    free(t);
    if (rc != -1 || !strstr(err, want))
        fail_msg("changing %s to %s: expected an error with \"%s\", got rc %d \"%s\"", from, to, want, rc, err);
}

/* text up to and including marker, then tail (static storage, 4 slots) */
static const char *cut_after(const char *text, const char *marker, const char *tail)
{
    static char buf[4][8192];
    static int k;
    char *out = buf[k++ % 4];
    const char *p = strstr(text, marker);
    if (!p)
        fail_msg("test bug: \"%s\" not in the text", marker);
    snprintf(out, sizeof buf[0], "%.*s%s", (int)(p - text + (ptrdiff_t)strlen(marker)), text, tail);
    return out;
}

static void refused(const char *from, const char *to, const char *want)
{
    refused_in(FUKUOKA, from, to, want);
}

#define BAND0 "{\"up_to_m3\":20,\"yen_per_m3\":\"17\"}"
#define EXTRA_CLASS(USE, DIAS)                                                                                    \
    "]},{\"use\":" USE DIAS ",\"base\":\"1\",\"included_m3\":0,\"bands\":[{\"up_to_m3\":null,\"yen_per_m3\":\"1\"}]}]}"

static void validation_names_the_key(void **state)
{
    (void)state;
    /* the top level */
    refused("\"format\":\"suido-tariff/1\",", "", "format: 必須のキーがありません");
    refused("\"format\":\"suido-tariff/1\"", "\"format\":\"suido-tariff/2\"", "format");
    refused("\"format\":\"suido-tariff/1\"", "\"format\":1", "format: 文字列");
    refused("\"name\":", "\"nmae\":", "nmae: 未知のキー");
    refused("\"name\":", "\"note\":1,\"name\":", "note: 文字列");
    refused("\"name\":", "\"source\":[],\"name\":", "source: 文字列");
    refused("\"id\":\"fukuoka-water-2014\"", "\"id\":\"Fukuoka 2014\"", "id:");
    refused("\"id\":\"fukuoka-water-2014\"", "\"id\":\"\"", "id:");
    refused("\"service\":\"water\"", "\"service\":\"gas\"", "service");
    refused("\"effective_from\":\"2014-04-01\"", "\"effective_from\":\"2014-02-30\"", "effective_from");
    refused("\"effective_from\":\"2014-04-01\"", "\"effective_from\":\"2014-+4-01\"", "effective_from");
    refused("\"effective_from\":\"2014-04-01\"", "\"effective_from\":\"2014/04/01\"", "effective_from");
    refused("\"effective_from\":\"2014-04-01\"", "\"effective_from\":\"2014-4-1\"", "effective_from");
    refused("\"period_months\":1", "\"period_months\":3", "period_months");
    refused("\"period_months\":1", "\"period_months\":0", "period_months");
    refused("\"prices_include_tax\":false", "\"prices_include_tax\":\"no\"", "prices_include_tax");
    refused("\"tax_percent\":8", "\"tax_percent\":7", "tax_percent");
    refused("\"tax_percent\":8", "\"tax_percent\":\"8\"", "tax_percent");
    refused("\"tax_percent\":8", "\"tax_percent\":-8", "tax_percent");
    refused("\"rounding\":{\"unit_yen\":1,\"mode\":\"floor\",\"scope\":\"bill\"},", "", "rounding: 必須");
    refused("\"unit_yen\":1", "\"unit_yen\":5", "rounding.unit_yen");
    refused("\"unit_yen\":1", "\"unit_yen\":1,\"digits\":0", "rounding.digits: 未知のキー");
    refused("\"mode\":\"floor\"", "\"mode\":\"down\"", "rounding.mode");
    refused("\"scope\":\"bill\"", "\"scope\":\"month\"", "rounding.scope");
    refused("\"multi_month\":{\"method\":\"scale\"},", "", "multi_month: 必須");
    refused("\"method\":\"scale\"", "\"method\":\"average\"", "multi_month.method");
    refused("\"method\":\"scale\"", "\"method\":\"scale\",\"odd\":\"first\"", "multi_month.odd: 未知のキー");
    refused("\"multi_month\":{\"method\":\"scale\"}", "\"multi_month\":{\"method\":\"scale\",\"odd_m3\":\"first\"}",
            "multi_month.odd_m3");
    refused("\"multi_month\":{\"method\":\"scale\"}", "\"multi_month\":{\"method\":\"split\",\"odd_m3\":\"middle\"}",
            "multi_month.odd_m3");
    /* partial_period */
    refused("\"classes\":[", "\"partial_period\":{\"unit_days\":15,\"period_days\":30,\"scale\":[\"tax\"]},\"classes\":[",
            "partial_period.scale[0]");
    refused("\"classes\":[", "\"partial_period\":{\"unit_days\":15,\"period_days\":30,\"scale\":[\"base\",\"base\"]},\"classes\":[",
            "partial_period.scale[1]");
    refused("\"classes\":[", "\"partial_period\":{\"unit_days\":15,\"period_days\":30,\"scale\":[]},\"classes\":[",
            "partial_period.scale");
    refused("\"classes\":[", "\"partial_period\":{\"unit_days\":0,\"period_days\":30,\"scale\":[\"base\"]},\"classes\":[",
            "partial_period.unit_days");
    refused("\"classes\":[", "\"partial_period\":{\"unit_days\":15,\"period_days\":0,\"scale\":[\"base\"]},\"classes\":[",
            "partial_period.period_days");
    refused("\"classes\":[", "\"partial_period\":{\"unit_days\":15,\"period_days\":-30,\"scale\":[\"base\"]},\"classes\":[",
            "partial_period.period_days");
    refused("\"classes\":[", "\"partial_period\":{\"unit_days\":45,\"period_days\":30,\"scale\":[\"base\"]},\"classes\":[",
            "partial_period.unit_days");
    refused("\"classes\":[", "\"partial_period\":{\"unit_days\":15,\"period_days\":30,\"scale\":[\"base\"],\"min\":1},\"classes\":[",
            "partial_period.min: 未知のキー");
    refused("\"classes\":[", "\"partial_period\":true,\"classes\":[", "partial_period");
    /* classes */
    refused_in(cut_after(FUKUOKA, "\"classes\":[", "]}"), "\"classes\":[]", "\"classes\":[]", "classes: 料金区分の配列");
    refused_in(cut_after(FUKUOKA, "\"classes\":[", "]}"), "\"classes\":[]", "\"classes\":{}", "classes: 料金区分の配列");
    refused_in(cut_after(FUKUOKA, "\"classes\":[", "]}"), "\"classes\":[]", "\"classes\":[1]", "classes[0]: オブジェクト");
    refused_in(cut_after(FUKUOKA, "\"classes\":[", "]}"), ",\"classes\":[]", "", "classes: 料金区分の配列");
    refused("\"included_m3\":0", "\"included_m3\":0,\"tax\":1", "classes[0].tax: 未知のキー");
    refused("\"included_m3\":0", "\"included_m3\":0,\"note\":2", "classes[0].note: 文字列");
    refused("\"included_m3\":0", "\"included_m3\":-1", "classes[0].included_m3");
    refused("\"included_m3\":0", "\"included_m3\":\"0\"", "classes[0].included_m3");
    refused("\"use\":\"household\"", "\"use\":[]", "classes[0].use");
    refused("\"use\":\"household\"", "\"use\":5", "classes[0].use");
    refused("\"use\":\"household\"", "\"use\":\"\"", "classes[0].use");
    refused("\"use\":\"household\"", "\"use\":[\"household\",\"household\"]", "classes[0].use[1]: 用途「household」が重複");
    refused("\"use\":\"household\"", "\"use\":[\"household\",\"*\"]", "classes[0].use[1]");
    refused("\"use\":\"household\",", "", "classes[0].use: 必須");
    refused("\"diameters\":[13,20,25]", "\"diameters\":[13,20,13]", "classes[0].diameters[2]: 口径 13 が重複");
    refused("\"diameters\":[13,20,25]", "\"diameters\":[\"13\",20,25]", "classes[0].diameters[0]");
    refused("\"diameters\":[13,20,25]", "\"diameters\":[0,20,25]", "classes[0].diameters[0]");
    refused("\"diameters\":[13,20,25]", "\"diameters\":[]", "classes[0].diameters");
    /* base */
    refused("\"base\":{\"13\":\"1700\",", "\"base\":{", "classes[0].base: 口径 13 mm の基本料金がありません");
    refused("\"25\":\"6220\"}", "\"25\":\"6220\",\"30\":\"7000\"}", "classes[0].base.30: diameters にない口径");
    refused("\"25\":\"6220\"}", "\"25\":\"6220\",\"013\":\"7000\"}", "classes[0].base.013");
    refused("\"13\":\"1700\"", "\"13\":1700", "classes[0].base.13: 金額は");
    refused("\"13\":\"1700\"", "\"13\":\"1,700\"", "classes[0].base.13");
    refused("\"13\":\"1700\"", "\"13\":\"-1700\"", "classes[0].base.13: 負の金額");
    refused("\"13\":\"1700\"", "\"13\":\"100000000\"", "classes[0].base.13: 金額は 99999999.99 円まで");
    refused("\"base\":{\"13\":\"1700\",\"20\":\"2660\",\"25\":\"6220\"},", "", "classes[0].base: 必須");
    refused("\"base\":{\"13\":\"1700\",\"20\":\"2660\",\"25\":\"6220\"}", "\"base\":{}", "classes[0].base");
    refused("\"base\":{\"13\":\"1700\",\"20\":\"2660\",\"25\":\"6220\"}", "\"base\":true", "classes[0].base");
    /* bands */
    refused("{\"up_to_m3\":40,\"yen_per_m3\":\"155\"}", "{\"up_to_m3\":15,\"yen_per_m3\":\"155\"}",
            "classes[0].bands[1].up_to_m3: 区分は水量の昇順");
    refused("{\"up_to_m3\":40,\"yen_per_m3\":\"155\"}", "{\"up_to_m3\":20,\"yen_per_m3\":\"155\"}",
            "classes[0].bands[1].up_to_m3: 区分は水量の昇順");
    refused("\"included_m3\":0", "\"included_m3\":20", "classes[0].bands[0].up_to_m3: 最初の区分の上限は基本水量");
    refused("\"yen_per_m3\":\"17\"", "\"yen_per_m3\":\"17.005\"", "classes[0].bands[0].yen_per_m3: 小数点以下は2桁までです");
    refused("\"yen_per_m3\":\"17\"", "\"yen_per_m3\":17", "classes[0].bands[0].yen_per_m3: 金額は");
    refused("\"yen_per_m3\":\"17\"", "\"yen_per_m3\":\"-17\"", "classes[0].bands[0].yen_per_m3: 負の金額");
    refused("\"yen_per_m3\":\"17\"", "\"yen_per_m3\":\"17.\"", "classes[0].bands[0].yen_per_m3");
    refused("\"yen_per_m3\":\"17\"", "\"yen_per_m3\":\"1e3\"", "classes[0].bands[0].yen_per_m3");
    refused("\"yen_per_m3\":\"17\"", "\"yen_per_m3\":\"\"", "classes[0].bands[0].yen_per_m3");
    refused(",\"yen_per_m3\":\"17\"", "", "classes[0].bands[0].yen_per_m3: 必須");
    refused("{\"up_to_m3\":20,", "{", "classes[0].bands[0].up_to_m3: 必須");
    refused(BAND0, "{\"up_to_m3\":20,\"yen_per_m3\":\"17\",\"min\":0}", "classes[0].bands[0].min: 未知のキー");
    refused(BAND0, "{\"up_to_m3\":20.5,\"yen_per_m3\":\"17\"}", "classes[0].bands[0].up_to_m3");
    refused(BAND0, "{\"up_to_m3\":-20,\"yen_per_m3\":\"17\"}", "classes[0].bands[0].up_to_m3");
    refused(BAND0, "[20,\"17\"]", "classes[0].bands[0]: オブジェクト");
    refused("{\"up_to_m3\":null,\"yen_per_m3\":\"387\"}]},", "{\"up_to_m3\":300,\"yen_per_m3\":\"387\"}]},",
            "classes[0].bands[5].up_to_m3: 最後の区分は上限なし");
    refused("\"up_to_m3\":20,", "\"up_to_m3\":null,", "classes[0].bands[0].up_to_m3: 上限なし");
    refused_in(cut_after(KORIYAMA, "\"bands\":[", "]}]}"), "\"bands\":[]", "\"bands\":[]", "classes[0].bands: 水量区分の配列");
    refused_in(cut_after(KORIYAMA, "\"bands\":[", "]}]}"), ",\"bands\":[]", "", "classes[0].bands: 必須");
    /* a class that can never match */
    refused("]}]}", EXTRA_CLASS("\"household\"", ",\"diameters\":[20]"), "classes[2]: 先にある classes[0]");
    refused("]}]}", EXTRA_CLASS("\"household\"", ",\"diameters\":[13,40]"), "classes[2]: 先にある classes[0]・classes[1]");
    refused("]}]}", EXTRA_CLASS("[\"household\"]", ",\"diameters\":[20,250]"), "classes[2]: 先にある classes[0]・classes[1]");
    refused_in(KORIYAMA, "]}]}", EXTRA_CLASS("\"general\"", ""), "classes[1]: 先にある classes[0]");
    refused_in(edit(KORIYAMA, "\"use\":\"general\"", "\"use\":\"*\""), "]}]}", EXTRA_CLASS("\"bath\"", ",\"diameters\":[13]"),
               "classes[1]: 先にある classes[0]");
    /* ... but a class that takes what earlier ones leave is fine */
    const char *ok[] = {
        edit(FUKUOKA, "]}]}", EXTRA_CLASS("\"household\"", ",\"diameters\":[13,30]")),
        edit(FUKUOKA, "]}]}", EXTRA_CLASS("\"household\"", "")),
        edit(FUKUOKA, "]}]}", EXTRA_CLASS("\"*\"", ",\"diameters\":[13]")),
        edit(FUKUOKA, "]}]}", EXTRA_CLASS("[\"household\",\"bath\"]", ",\"diameters\":[13]")),
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        tariff *t = load(ok[i]);
        assert_int_equal(t->nclasses, 3);
        free(t);
    }
    /* not JSON, not an object, a duplicated key */
    char err[400];
    tariff *t = malloc(sizeof *t);
    assert_int_equal(tariff_parse("{\"format\":", 11, t, err, sizeof err), -1);
    assert_non_null(strstr(err, "JSON"));
    assert_int_equal(tariff_parse("[1]", 3, t, err, sizeof err), -1);
    assert_non_null(strstr(err, "最上位"));
    const char *dup = edit(FUKUOKA, "\"name\":", "\"id\":\"x\",\"name\":");
    assert_int_equal(tariff_parse(dup, strlen(dup), t, err, sizeof err), -1);
    /* a tiny error buffer is cut, never overrun */
    char small[8];
    assert_int_equal(tariff_parse("[1]", 3, t, small, sizeof small), -1);
    assert_true(strlen(small) < sizeof small);
    free(t);
}

/* Prices shown as a tariff file writes them: whole yen bare, else 2 decimals. */
static void prices_as_the_file_writes_them(void **state)
{
    (void)state;
    static const struct {
        int64_t sen;
        const char *want;
    } V[] = {{260000, "2600"}, {14630, "146.30"}, {50, "0.50"}, {0, "0"}, {9999999999LL, "99999999.99"}, {-500, "-5"}};
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++) {
        char out[32];
        tariff_fmt_price(out, V[i].sen);
        assert_string_equal(out, V[i].want);
    }
}

static void diameters_listed_or_named_by_the_base(void **state)
{
    (void)state;
    static const struct {
        const char *cls;
        bool listed;
        int n;
    } V[] = {{"\"diameters\":[13,20],\"base\":{\"13\":\"100\",\"20\":\"200\"}", true, 2},
             {"\"base\":{\"13\":\"100\",\"20\":\"200\",\"25\":\"300\"}", false, 3},
             {"\"base\":\"100\"", false, 0}};
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++) {
        char json[1024], err[256];
        str_fmt(json, sizeof json,
                "{\"format\":\"suido-tariff/1\",\"id\":\"t\",\"name\":\"t\",\"service\":\"water\","
                "\"effective_from\":\"2024-04-01\",\"period_months\":2,\"prices_include_tax\":false,"
                "\"tax_percent\":10,\"rounding\":{\"unit_yen\":1,\"mode\":\"floor\",\"scope\":\"bill\"},"
                "\"multi_month\":{\"method\":\"scale\"},\"classes\":[{\"use\":\"*\",%s,\"included_m3\":0,\"bands\":[{\"up_to_m3\":null,\"yen_per_m3\":\"1\"}]}]}",
                V[i].cls);
        tariff *t = calloc(1, sizeof *t);
        assert_non_null(t);
        int rc = tariff_parse(json, strlen(json), t, err, sizeof err);
        if (rc)
            fail_msg("%s", err);
        assert_int_equal(t->classes[0].diameters_listed, V[i].listed);
        assert_int_equal(t->classes[0].ndiameters, V[i].n);
        free(t);
    }
}

static void yen_strings(void **state)
{
    (void)state;
    int64_t s;
    assert_true(tariff_parse_yen("146.30", &s));
    assert_int_equal(s, 14630);
    assert_true(tariff_parse_yen("0.5", &s));
    assert_int_equal(s, 50);
    assert_true(tariff_parse_yen("0", &s));
    assert_int_equal(s, 0);
    assert_true(tariff_parse_yen("99999999.99", &s));
    assert_int_equal(s, 9999999999LL);
    assert_false(tariff_parse_yen("1.234", &s));
    assert_false(tariff_parse_yen("-1", &s));
    assert_false(tariff_parse_yen("+1", &s));
    assert_false(tariff_parse_yen("1e3", &s));
    assert_false(tariff_parse_yen("100000000", &s));
    assert_false(tariff_parse_yen("", &s));
    assert_false(tariff_parse_yen(NULL, &s));
    assert_false(tariff_parse_yen("12.", &s));
    assert_false(tariff_parse_yen(".5", &s));
    assert_false(tariff_parse_yen("1 000", &s));
    char out[32];
    tariff_fmt_sen(out, 14630);
    assert_string_equal(out, "146.30");
    tariff_fmt_sen(out, -5);
    assert_string_equal(out, "-0.05");
    tariff_fmt_sen(out, 0);
    assert_string_equal(out, "0.00");
    tariff_fmt_sen(out, INT64_MIN);
    assert_string_equal(out, "-92233720368547758.08");
    tariff_fmt_m3(out, 45, 4);
    assert_string_equal(out, "11.25");
    tariff_fmt_m3(out, 40, 2);
    assert_string_equal(out, "20");
    tariff_fmt_m3(out, 1, 3);
    assert_string_equal(out, "0.33");   /* cut to two decimals */
    tariff_fmt_m3(out, 0, 1);
    assert_string_equal(out, "0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(worked_examples),
        cmocka_unit_test(lines_explain_the_total),
        cmocka_unit_test(on_a_band_limit_and_zero),
        cmocka_unit_test(rounding_modes_and_units),
        cmocka_unit_test(split_with_odd_m3_and_rounding_scope),
        cmocka_unit_test(partial_periods),
        cmocka_unit_test(ranges_and_unknowns_are_errors),
        cmocka_unit_test(uses_lists_and_any),
        cmocka_unit_test(never_decreasing),
        cmocka_unit_test(split_into_three_parts_can_fall),
        cmocka_unit_test(scale_and_split_agree_when_they_must),
        cmocka_unit_test(no_overflow_at_the_limits),
        cmocka_unit_test(quote_as_json),
        cmocka_unit_test(demo_tariffs_cover_every_tap),
        cmocka_unit_test(validation_names_the_key),
        cmocka_unit_test(yen_strings),
        cmocka_unit_test(prices_as_the_file_writes_them),
        cmocka_unit_test(diameters_listed_or_named_by_the_base),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
