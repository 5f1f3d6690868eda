/* Unit tests: tariff files (domain/tariff.h) — the worked examples of
 * docs/tariff-format.md, edge cases (usage 0, exactly on a band limit, split
 * with an odd m³, rounding to ¥10, tax-included prices with sen), properties
 * (a charge never decreases as usage grows; scale and split agree where the
 * arithmetic says they must), no overflow at the largest usage, and every
 * validation error naming its key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/tariff.h"

/* 福岡市 水道料金 (平成26年4月〜), the example of docs/tariff-format.md. */
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

/* A monthly table priced by split over two months, tax-included unit prices
 * with sen, rounding to ¥10 (a made-up table for the edge cases). */
static const char *split_tariff(const char *odd, const char *mode, const char *scope)
{
    static char buf[4][2048];
    static int k;
    char *out = buf[k++ % 4];
    snprintf(out, sizeof buf[0],
             "{\"format\":\"suido-tariff/1\",\"id\":\"split-test\",\"name\":\"分割計算の例\",\"service\":\"water\","
             "\"effective_from\":\"2020-04-01\",\"period_months\":1,\"prices_include_tax\":true,\"tax_percent\":10,"
             "\"rounding\":{\"unit_yen\":10,\"mode\":\"%s\",\"scope\":\"%s\"},"
             "\"multi_month\":{\"method\":\"split\",\"odd_m3\":\"%s\"},"
             "\"classes\":[{\"use\":\"*\",\"base\":\"880.00\",\"included_m3\":10,\"bands\":["
             "{\"up_to_m3\":20,\"yen_per_m3\":\"146.30\"},{\"up_to_m3\":null,\"yen_per_m3\":\"203.50\"}]}]}",
             mode, scope, odd);
    return out;
}

static tariff *load(const char *json)
{
    tariff *t = malloc(sizeof *t);
    char err[300];
    if (tariff_parse(json, strlen(json), t, err, sizeof err) != 0)
        fail_msg("tariff_parse: %s", err);
    return t;
}

static int64_t total(const tariff *t, const char *use, int dia, int64_t m3, int months, int days)
{
    tariff_quote q;
    char err[300];
    if (tariff_quote_for(t, use, dia, m3, months, days, &q, err, sizeof err) != 0)
        fail_msg("quote: %s", err);
    return q.total;
}

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
    free(f);
    free(k);
}

static void lines_explain_the_total(void **state)
{
    (void)state;
    tariff *f = load(FUKUOKA);
    tariff_quote q;
    char err[300];
    assert_int_equal(tariff_quote_for(f, "household", 13, 30, 1, 0, &q, err, sizeof err), 0);
    /* base 1700, 20 m³ × 17, 10 m³ × 155, tax 287, rounding 0 */
    assert_int_equal(q.nlines, 5);
    assert_string_equal(q.lines[0].kind, "base");
    assert_int_equal(q.lines[0].amount_sen, 170000);
    assert_string_equal(q.lines[1].kind, "band");
    assert_int_equal(q.lines[1].m3_num / q.lines[1].m3_den, 20);
    assert_int_equal(q.lines[1].amount_sen, 34000);
    assert_int_equal(q.lines[2].m3_num / q.lines[2].m3_den, 10);
    assert_int_equal(q.lines[2].unit_sen, 15500);
    assert_string_equal(q.lines[3].kind, "tax");
    assert_int_equal(q.tax, 287);
    int64_t sum = 0;
    for (int i = 0; i < q.nlines; i++)
        sum += q.lines[i].amount_sen;
    assert_int_equal(sum, q.total * 100);
    free(f);
}

static void on_a_band_limit_and_zero(void **state)
{
    (void)state;
    tariff *f = load(FUKUOKA);
    /* exactly 20 m³: all in the first band; 21 m³: one m³ in the second */
    assert_int_equal(total(f, "household", 13, 20, 1, 0), (170000 + 20 * 1700) * 108 / 10000);
    assert_int_equal(total(f, "household", 13, 21, 1, 0), (170000 + 20 * 1700 + 15500) * 108 / 10000);
    tariff *k = load(KORIYAMA);
    assert_int_equal(total(k, "general", 13, 0, 2, 0), 2612);   /* base only */
    assert_int_equal(total(k, "general", 13, 20, 2, 0), 2612);  /* the included volume */
    assert_int_equal(total(k, "general", 13, 21, 2, 0), 2612 + 176);
    free(f);
    free(k);
}

static void split_with_odd_m3_and_rounding_to_ten(void **state)
{
    (void)state;
    /* 31 m³ over 2 months: parts of 15 and 16 m³.  Part of 15: 880 + 5 × 146.30 = 1611.50;
     * part of 16: 880 + 6 × 146.30 = 1757.80.  Tax included, rounded to ¥10. */
    tariff *t = load(split_tariff("last", "floor", "bill"));
    assert_int_equal(total(t, "household", 20, 31, 2, 0), 3360);   /* 3369.30 floored to ¥10 */
    free(t);
    t = load(split_tariff("last", "round", "bill"));
    assert_int_equal(total(t, "household", 20, 31, 2, 0), 3370);
    free(t);
    t = load(split_tariff("last", "ceil", "part"));
    assert_int_equal(total(t, "household", 20, 31, 2, 0), 1620 + 1760);   /* each part rounded up */
    free(t);
    t = load(split_tariff("first", "floor", "part"));
    assert_int_equal(total(t, "household", 20, 31, 2, 0), 1750 + 1610);
    tariff_quote q;
    char err[300];
    assert_int_equal(tariff_quote_for(t, "household", 20, 31, 2, 0, &q, err, sizeof err), 0);
    assert_int_equal(q.parts, 2);
    assert_int_equal(q.lines[0].part, 1);
    /* tax included: the tax contained, floor(total × 10 / 110) per part */
    assert_int_equal(q.tax, 1750 * 10 / 110 + 1610 * 10 / 110);
    /* 3 months cannot be split into 1-month parts?  They can: three parts. */
    assert_int_equal(tariff_quote_for(t, "household", 20, 31, 3, 0, &q, err, sizeof err), 0);
    assert_int_equal(q.parts, 3);
    free(t);
}

static void partial_periods(void **state)
{
    (void)state;
    tariff *k = load(KORIYAMA);
    /* 16–30 days: half the base and band limits */
    assert_int_equal(total(k, "general", 13, 10, 2, 16), 1306);
    assert_int_equal(total(k, "general", 13, 11, 2, 30), 1306 + 176);
    /* 60 days or more: the full period */
    assert_int_equal(total(k, "general", 13, 5, 2, 60), 2612);
    assert_int_equal(total(k, "general", 13, 5, 2, 75), 2612);
    /* 45 days: three quarters (15 m³ included); 16 m³ -> one m³ at 176 */
    assert_int_equal(total(k, "general", 13, 16, 2, 45), 1959 + 176);
    free(k);
}

static void never_decreasing(void **state)
{
    (void)state;
    const char *files[] = {FUKUOKA, KORIYAMA, split_tariff("last", "floor", "bill"), NULL};
    const char *uses[] = {"household", "general", "household"};
    for (int f = 0; files[f]; f++) {
        tariff *t = load(files[f]);
        for (int months = 1; months <= 2; months++)
            for (int days = 0; days <= 60; days += 20) {
                int64_t prev = -1;
                for (int64_t m3 = 0; m3 <= 2500; m3++) {
                    int64_t v = total(t, uses[f], 20, m3, months, days);
                    if (v < prev)
                        fail_msg("%s: %lld m³ costs %lld, less than %lld", t->id, (long long)m3, (long long)v,
                                 (long long)prev);
                    prev = v;
                }
            }
        free(t);
    }
}

static void scale_and_split_agree_when_they_must(void **state)
{
    (void)state;
    /* A table with no base, no included volume and one price for every m³ is
     * linear: priced on the whole usage with doubled limits (scale) or on two
     * equal halves (split), the amount before rounding is the same, so with
     * scope "bill" the totals agree for every even usage. */
#define LINEAR(M)                                                                                               \
    "{\"format\":\"suido-tariff/1\",\"id\":\"linear-" M "\",\"name\":\"比例\",\"service\":\"sewer\","                   \
    "\"effective_from\":\"2020-04-01\",\"period_months\":1,\"prices_include_tax\":false,\"tax_percent\":10,"              \
    "\"rounding\":{\"unit_yen\":1,\"mode\":\"floor\",\"scope\":\"bill\"},\"multi_month\":{\"method\":\"" M "\"},"      \
    "\"classes\":[{\"use\":\"*\",\"base\":\"0\",\"included_m3\":0,\"bands\":[{\"up_to_m3\":null,\"yen_per_m3\":\"123.45\"}]}]}"
    const char *a = LINEAR("scale"), *b = LINEAR("split");
    tariff *sc = load(a), *sp = load(b);
    for (int64_t m3 = 0; m3 <= 3000; m3 += 2)
        assert_int_equal(total(sc, "x", 13, m3, 2, 0), total(sp, "x", 13, m3, 2, 0));
    /* And with a base and bands, usage split evenly with every part inside the
     * same bands as the scaled limits: 2 × 30 m³ under Fukuoka = scale of 60 m³. */
    tariff *f = load(FUKUOKA);
    char c[sizeof FUKUOKA];
    memcpy(c, FUKUOKA, sizeof FUKUOKA);
    char *m = strstr(c, "\"method\":\"scale\"");
    memcpy(m, "\"method\":\"split\"", 16);
    tariff *fs = load(c);
    for (int64_t m3 = 0; m3 <= 600; m3 += 2)
        assert_int_equal(total(f, "household", 13, m3, 2, 0), total(fs, "household", 13, m3, 2, 0));
    free(sc);
    free(sp);
    free(f);
    free(fs);
}

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
    tariff_quote q;
    char err[300];
    assert_int_equal(tariff_quote_for(f, "household", 13, TARIFF_MAX_USAGE + 1, 1, 0, &q, err, sizeof err), -1);
    assert_non_null(strstr(err, "使用水量"));
    free(f);
}

static void unknown_use_or_diameter_is_an_error(void **state)
{
    (void)state;
    tariff *f = load(FUKUOKA);
    tariff_quote q;
    char err[300];
    assert_int_equal(tariff_quote_for(f, "office", 13, 10, 1, 0, &q, err, sizeof err), -1);
    assert_non_null(strstr(err, "office"));
    assert_int_equal(tariff_quote_for(f, "household", 30, 10, 1, 0, &q, err, sizeof err), -1);
    assert_non_null(strstr(err, "30 mm"));
    free(f);
}

/* Replace the first occurrence of from with to in FUKUOKA; expect a refusal
 * whose message contains want. */
static void refused(const char *from, const char *to, const char *want)
{
    char buf[8192];
    const char *p = strstr(FUKUOKA, from);
    if (!p)
        fail_msg("test bug: %s not in the example", from);
    snprintf(buf, sizeof buf, "%.*s%s%s", (int)(p - FUKUOKA), FUKUOKA, to, p + strlen(from));
    tariff *t = malloc(sizeof *t);
    char err[300] = "";
    int rc = tariff_parse(buf, strlen(buf), t, err, sizeof err);
    free(t);
    if (rc != -1 || !strstr(err, want))
        fail_msg("changing %s to %s: expected an error with \"%s\", got rc %d \"%s\"", from, to, want, rc, err);
}

static void validation_names_the_key(void **state)
{
    (void)state;
    refused("\"format\":\"suido-tariff/1\"", "\"format\":\"suido-tariff/2\"", "format");
    refused("\"name\":", "\"nmae\":", "nmae: 未知のキー");
    refused("\"service\":\"water\"", "\"service\":\"gas\"", "service");
    refused("\"effective_from\":\"2014-04-01\"", "\"effective_from\":\"2014-02-30\"", "effective_from");
    refused("\"period_months\":1", "\"period_months\":3", "period_months");
    refused("\"tax_percent\":8", "\"tax_percent\":7", "tax_percent");
    refused("\"unit_yen\":1", "\"unit_yen\":5", "rounding.unit_yen");
    refused("\"mode\":\"floor\"", "\"mode\":\"down\"", "rounding.mode");
    refused("\"method\":\"scale\"", "\"method\":\"average\"", "multi_month.method");
    refused("{\"up_to_m3\":40,\"yen_per_m3\":\"155\"}", "{\"up_to_m3\":15,\"yen_per_m3\":\"155\"}",
            "classes[0].bands[1].up_to_m3: 区分は水量の昇順");
    refused("\"yen_per_m3\":\"17\"", "\"yen_per_m3\":\"17.005\"", "classes[0].bands[0].yen_per_m3");
    refused("\"yen_per_m3\":\"17\"", "\"yen_per_m3\":17", "classes[0].bands[0].yen_per_m3: 金額は");
    refused("{\"up_to_m3\":null,\"yen_per_m3\":\"387\"}]},", "{\"up_to_m3\":300,\"yen_per_m3\":\"387\"}]},",
            "classes[0].bands[5].up_to_m3: 最後の区分は上限なし");
    refused("\"up_to_m3\":20,", "\"up_to_m3\":null,", "classes[0].bands[0].up_to_m3: 上限なし");
    refused("\"base\":{\"13\":\"1700\",", "\"base\":{", "classes[0].base: 口径 13 mm の基本料金がありません");
    refused("\"25\":\"6220\"}", "\"25\":\"6220\",\"30\":\"7000\"}", "classes[0].base.30: diameters にない口径");
    refused("]}]}", "]},{\"use\":\"household\",\"diameters\":[20],\"base\":{\"20\":\"1\"},\"included_m3\":0,"
            "\"bands\":[{\"up_to_m3\":null,\"yen_per_m3\":\"1\"}]}]}",
            "classes[2]: 先にある classes[0]");
    refused("\"included_m3\":0", "\"included_m3\":-1", "classes[0].included_m3");
    refused("\"use\":\"household\"", "\"use\":[]", "classes[0].use");
    refused("\"multi_month\":{\"method\":\"scale\"}", "\"multi_month\":{\"method\":\"scale\",\"odd_m3\":\"first\"}",
            "multi_month.odd_m3");
    refused("\"classes\":[", "\"partial_period\":{\"unit_days\":15,\"period_days\":30,\"scale\":[\"tax\"]},\"classes\":[",
            "partial_period.scale[0]");
    char err[300];
    tariff t;
    assert_int_equal(tariff_parse("{\"format\":", 11, &t, err, sizeof err), -1);
    assert_non_null(strstr(err, "JSON"));
}

static void yen_strings(void **state)
{
    (void)state;
    int64_t s;
    assert_true(tariff_parse_yen("146.30", &s));
    assert_int_equal(s, 14630);
    assert_true(tariff_parse_yen("0.5", &s));
    assert_int_equal(s, 50);
    assert_true(tariff_parse_yen("99999999.99", &s));
    assert_false(tariff_parse_yen("1.234", &s));
    assert_false(tariff_parse_yen("-1", &s));
    assert_false(tariff_parse_yen("1e3", &s));
    assert_false(tariff_parse_yen("100000000", &s));
    assert_false(tariff_parse_yen("", &s));
    assert_false(tariff_parse_yen("12.", &s));
    char out[32];
    tariff_fmt_sen(out, 14630);
    assert_string_equal(out, "146.30");
    tariff_fmt_sen(out, -5);
    assert_string_equal(out, "-0.05");
    tariff_fmt_m3(out, 45, 4);
    assert_string_equal(out, "11.25");
    tariff_fmt_m3(out, 40, 2);
    assert_string_equal(out, "20");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(worked_examples),
        cmocka_unit_test(lines_explain_the_total),
        cmocka_unit_test(on_a_band_limit_and_zero),
        cmocka_unit_test(split_with_odd_m3_and_rounding_to_ten),
        cmocka_unit_test(partial_periods),
        cmocka_unit_test(never_decreasing),
        cmocka_unit_test(scale_and_split_agree_when_they_must),
        cmocka_unit_test(no_overflow_at_the_limits),
        cmocka_unit_test(unknown_use_or_diameter_is_an_error),
        cmocka_unit_test(validation_names_the_key),
        cmocka_unit_test(yen_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
