/* Unit tests: the age of an overdue bill in whole months and its bucket. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/arrears.h"

static civil_date D(const char *iso)
{
    civil_date d;
    assert_true(date_parse(iso, &d));
    return d;
}

static void months_back(void **state)
{
    (void)state;
    static const struct { const char *from; int k; const char *to; } V[] = {
        {"2026-12-05", 1, "2026-11-05"}, {"2026-03-31", 1, "2026-02-28"}, {"2028-03-31", 1, "2028-02-29"},
        {"2026-01-15", 1, "2025-12-15"}, {"2026-12-05", 24, "2024-12-05"}, {"2026-05-31", 3, "2026-02-28"},
        {"2026-07-31", 0, "2026-07-31"},
    };
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++) {
        char got[11];
        date_format_iso(arrears_months_back(D(V[i].from), V[i].k), got);
        assert_string_equal(got, V[i].to);
    }
}

static void ages_and_buckets(void **state)
{
    (void)state;
    static const struct { const char *due, *today; int age, bucket; } V[] = {
        {"2026-12-04", "2026-12-05", 0, 0},   /* a day late */
        {"2026-12-05", "2026-12-05", 0, 0},   /* due today: not overdue */
        {"2026-12-31", "2026-12-05", 0, 0},   /* not yet due */
        {"2026-11-05", "2026-12-05", 1, 1},   /* exactly a month */
        {"2026-11-06", "2026-12-05", 0, 0},   /* a day short of a month */
        {"2026-02-28", "2026-03-31", 1, 1},   /* from the month's last day */
        {"2026-01-31", "2026-02-28", 0, 0},   /* 28 days: today minus a month is 01-28 */
        {"2026-01-31", "2026-03-01", 1, 1},
        {"2026-09-05", "2026-12-05", 3, 3},
        {"2026-06-06", "2026-12-05", 5, 3},
        {"2026-06-05", "2026-12-05", 6, 4},
        {"2025-12-05", "2026-12-05", 12, 5},
        {"2024-12-06", "2026-12-05", 23, 5},
        {"2024-12-05", "2026-12-05", 24, 6},
        {"2016-04-30", "2026-12-05", 127, 6},
    };
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++) {
        int age = arrears_age_months(D(V[i].due), D(V[i].today));
        if (age != V[i].age)
            fail_msg("%s on %s: age %d, expected %d", V[i].due, V[i].today, age, V[i].age);
        assert_int_equal(arrears_bucket(age), V[i].bucket);
    }
}

/* The cut-offs select the same bucket as the age (what the SQL does). */
static void cutoffs_agree_with_ages(void **state)
{
    (void)state;
    const char *todays[] = {"2026-12-05", "2026-03-31", "2028-02-29", "2026-01-01"};
    for (size_t t = 0; t < 4; t++) {
        civil_date today = D(todays[t]);
        char cut[ARREARS_NBUCKETS - 1][11];
        arrears_cutoffs(today, cut);
        int64_t n = date_to_days(today);
        for (int64_t back = 1; back < 1000; back++) {
            civil_date due = date_from_days(n - back);
            char iso[11];
            date_format_iso(due, iso);
            int b = 0;
            while (b < ARREARS_NBUCKETS - 1 && strcmp(iso, cut[b]) <= 0)
                b++;
            assert_int_equal(b, arrears_bucket(arrears_age_months(due, today)));
        }
    }
}

static void stages(void **state)
{
    (void)state;
    for (int k = 0; k < ARREARS_NSTAGES; k++)
        assert_int_equal(arrears_stage_of(ARREARS_STAGE_CODES[k]), k);
    assert_null(ARREARS_STAGE_CODES[ARREARS_NSTAGES]);
    assert_int_equal(arrears_stage_of("stopped"), 5);
    assert_string_equal(ARREARS_STAGE_LABELS[5], "給水停止中");
    assert_int_equal(arrears_stage_of(""), -1);
    assert_int_equal(arrears_stage_of("teishi"), -1);
    assert_int_equal(arrears_stage_of(NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(months_back),
        cmocka_unit_test(ages_and_buckets),
        cmocka_unit_test(cutoffs_agree_with_ages),
        cmocka_unit_test(stages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
