/* Unit tests: the shape of every statistics report (domain/stats/stat_table.h):
 * rows added by key keep the order of first use and sum their values; the
 * total row sums every column; a rate column is num / den of its own row in
 * basis points rounded half up — on the total too, from the summed columns,
 * never an average of the rows' rates; rows sort with numeric keys
 * (diameters) by value; the labels of ages and months. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/stats/stat_labels.h"
#include "domain/stats/stat_table.h"

static const stat_col COLS[] = {
    {"billed", "調定額", STAT_YEN, 0, 0},
    {"paid", "収納額", STAT_YEN, 0, 0},
    {"rate", "収納率", STAT_RATE, 1, 0},
};

static void rates_and_totals(void **state)
{
    (void)state;
    stat_period p;
    err_t e;
    err_clear(&e);
    assert_int_equal(stat_period_parse("2026-04", NULL, (civil_date){2026, 12, 5}, &p, &e), 0);
    stat_report r;
    stat_report_init(&r, "t", "テスト", &p, "2026-12-05");
    stat_section *s = stat_section_add(&r, "rates", "収納率", "区分", COLS, 3);
    assert_non_null(s);
    const int64_t a[] = {3, 2}, b[] = {1000, 999}, c[] = {0, 0};
    assert_true(stat_row_addv(s, "x", "X", a, 2));
    assert_true(stat_row_addv(s, "y", "Y", b, 2));
    assert_true(stat_row_addv(s, "x", "X", c, 2));   /* the same row again */
    assert_true(stat_row_addv(s, "z", "Z", c, 2));   /* nothing billed: rate 0 */
    stat_report_finish(&r);
    assert_int_equal(s->n, 3);
    assert_string_equal(s->rows[0].key, "x");
    assert_int_equal(s->rows[0].v[2], 6667);          /* 2/3 = 66.666… % → 66.67 */
    assert_int_equal(s->rows[1].v[2], 9990);
    assert_int_equal(s->rows[2].v[2], 0);
    assert_int_equal(s->total.v[0], 1003);
    assert_int_equal(s->total.v[1], 1001);
    assert_int_equal(s->total.v[2], 9980);            /* 1001/1003 = 99.80 %, not the mean of the rates */
    char t[32];
    stat_value_text(STAT_RATE, s->total.v[2], t, sizeof t);
    assert_string_equal(t, "99.80");
    stat_value_text(STAT_YEN, 1234567, t, sizeof t);
    assert_string_equal(t, "1,234,567");
    assert_int_equal(stat_rate_bp(1, 8), 1250);
    assert_int_equal(stat_rate_bp(1, 3), 3333);
    assert_int_equal(stat_rate_bp(5, 0), 0);
    assert_int_equal(stat_rate_bp(900000000000LL, 900000000001LL), 10000);
    stat_report_free(&r);
}

static void sort_and_labels(void **state)
{
    (void)state;
    stat_period p;
    err_t e;
    err_clear(&e);
    assert_int_equal(stat_period_parse(NULL, "2026", (civil_date){2026, 12, 5}, &p, &e), 0);
    stat_report r;
    stat_report_init(&r, "t", "テスト", &p, "2026-12-05");
    stat_section *s = stat_section_add(&r, "d", "口径別", "口径", COLS, 2);
    const char *keys[] = {"100", "13", "none", "20", "bath"};
    for (size_t i = 0; i < 5; i++)
        assert_non_null(stat_row_add(s, keys[i], keys[i]));
    stat_section_sort(s);
    const char *want[] = {"13", "20", "100", "bath", "none"};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(s->rows[i].key, want[i]);
    static const char *const ORDER[] = {"none", "20", "nosuch", NULL};
    assert_true(stat_section_order(s, ORDER));
    const char *ordered[] = {"none", "20", "13", "100", "bath"};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(s->rows[i].key, ordered[i]);
    assert_null(stat_section_get(&r, "nosuch"));
    assert_int_equal(stat_col_index(s, "paid"), 1);
    stat_report_free(&r);
    char m[32];
    stat_month_label("2027-03", m, sizeof m);
    assert_string_equal(m, "2027年3月");
    assert_int_equal(stat_age_bucket_of(-5), 0);
    assert_int_equal(stat_age_bucket_of(0), 0);
    assert_int_equal(stat_age_bucket_of(1), 1);
    assert_int_equal(stat_age_bucket_of(31), 2);
    assert_int_equal(stat_age_bucket_of(365), 4);
    assert_int_equal(stat_age_bucket_of(366), 5);
    assert_int_equal(stat_age_bucket_of(2000), 6);
    assert_string_equal(stat_bill_kind_label("final"), "中止精算");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rates_and_totals),
        cmocka_unit_test(sort_and_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
