/* Unit tests: the sewer volume bases, one {code, label} table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/sewer_basis.h"

static void every_sewer_basis_has_a_code_and_a_label_and_parses_back(void **state)
{
    (void)state;
    for (int i = 0; i < SEWER_BASIS__MAX; i++) {
        assert_non_null(sewer_basis_code(i));
        assert_non_null(sewer_basis_label(i));
        assert_int_equal(sewer_basis_parse(sewer_basis_code(i)), i);
    }
}

static void the_stored_codes_and_labels_are_the_known_ones(void **state)
{
    (void)state;
    static const struct {
        int v;
        const char *code, *label;
    } V[] = {
        {SEWER_BASIS_WATER, "water", "水道メーター"},
        {SEWER_BASIS_DEDUCT, "deduct", "減量（減量メーター）"},
        {SEWER_BASIS_WELL, "well", "井戸水（人数による認定）"},
    };
    assert_int_equal(sizeof V / sizeof V[0], SEWER_BASIS__MAX);
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++) {
        assert_string_equal(sewer_basis_code(V[i].v), V[i].code);
        assert_string_equal(sewer_basis_label(V[i].v), V[i].label);
    }
}

static void an_unknown_code_is_refused(void **state)
{
    (void)state;
    assert_int_equal(sewer_basis_parse("nonsense"), -1);
    assert_int_equal(sewer_basis_parse(""), -1);
    assert_int_equal(sewer_basis_parse(NULL), -1);
    assert_null(sewer_basis_code(SEWER_BASIS__MAX));
    assert_null(sewer_basis_label(-1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_sewer_basis_has_a_code_and_a_label_and_parses_back),
        cmocka_unit_test(the_stored_codes_and_labels_are_the_known_ones),
        cmocka_unit_test(an_unknown_code_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
