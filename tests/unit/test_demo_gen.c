/* Unit tests: the demo city generator is deterministic and realistic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/text.h"
#include "domain/demo_gen.h"
#include <stdlib.h>

static void same_seed_same_city(void **state)
{
    (void)state;
    demo_rng a, b;
    demo_rng_seed(&a, 42);
    demo_rng_seed(&b, 42);
    for (int i = 0; i < 1000; i++) {
        demo_person p, q;
        demo_person_make(&a, i % 20 == 0, &p);
        demo_person_make(&b, i % 20 == 0, &q);
        assert_string_equal(p.name, q.name);
        assert_string_equal(p.kana, q.kana);
        assert_string_equal(p.phone, q.phone);
    }
    demo_rng_seed(&b, 43);
    demo_rng_seed(&a, 42);
    int same = 0;
    for (int i = 0; i < 100; i++)
        same += demo_rng_next(&a) == demo_rng_next(&b);
    assert_true(same < 2);
}

static void below_stays_in_range(void **state)
{
    (void)state;
    demo_rng r;
    demo_rng_seed(&r, 1);
    unsigned hist[7] = {0};
    for (int i = 0; i < 70000; i++) {
        uint32_t x = demo_rng_below(&r, 7);
        assert_true(x < 7);
        hist[x]++;
    }
    for (int i = 0; i < 7; i++)
        assert_true(hist[i] > 9000 && hist[i] < 11000);
}

static void people_are_well_formed(void **state)
{
    (void)state;
    demo_rng r;
    demo_rng_seed(&r, 9);
    for (int i = 0; i < 5000; i++) {
        demo_person p;
        demo_person_make(&r, i % 10 == 0, &p);
        assert_true(text_is_clean(p.name, false));
        assert_true(text_is_kana(p.kana));
        char *d = text_digits(p.phone);
        assert_true(strlen(d) == 10 || strlen(d) == 11);
        assert_int_equal(d[0], '0');
        free(d);
        if (!p.company)
            assert_non_null(strstr(p.name, "\u3000"));
    }
}

static void proportions_are_realistic(void **state)
{
    (void)state;
    demo_rng r;
    demo_rng_seed(&r, 3);
    int n13 = 0, household = 0;
    const int N = 100000;
    for (int i = 0; i < N; i++) {
        int d;
        const char *use;
        demo_tap_attrs(&r, &d, &use);
        n13 += d == 13;
        household += strcmp(use, "household") == 0;
    }
    assert_true(n13 > N * 50 / 100 && n13 < N * 60 / 100);
    assert_true(household > N * 85 / 100 && household < N * 91 / 100);
}

static void areas_and_addresses(void **state)
{
    (void)state;
    static const char *const SEWERS[] = {"self", "chuo", "kai", "showa", "none"};
    demo_rng r;
    demo_rng_seed(&r, 5);
    assert_true(DEMO_AREA_COUNT >= 50);
    for (size_t i = 0; i < DEMO_AREA_COUNT; i++) {
        const demo_area *a = &DEMO_AREAS[i];
        assert_int_equal(strlen(a->code), 6);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(a->code, DEMO_AREAS[j].code);
        bool ok = false;
        for (size_t k = 0; k < 5; k++)
            ok |= strcmp(a->sewer, SEWERS[k]) == 0;
        assert_true(ok);
        char addr[160];
        assert_true(demo_address_make(&r, a, addr, sizeof addr));
        assert_true(strncmp(addr, a->name, strlen(a->name)) == 0);
        assert_non_null(strstr(addr, "番"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_seed_same_city),
        cmocka_unit_test(below_stays_in_range),
        cmocka_unit_test(people_are_well_formed),
        cmocka_unit_test(proportions_are_realistic),
        cmocka_unit_test(areas_and_addresses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
