/* Unit tests: the causes of an estimated reading (認定), one {code, label} table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/reading_cause.h"

static void every_reading_cause_has_a_code_and_a_label_and_parses_back(void **state)
{
    (void)state;
    for (int i = 0; i < READING_CAUSE__MAX; i++) {
        assert_non_null(reading_cause_code(i));
        assert_non_null(reading_cause_label(i));
        assert_int_equal(reading_cause_parse(reading_cause_code(i)), i);
    }
}

static void the_stored_codes_and_labels_are_the_known_ones(void **state)
{
    (void)state;
    static const struct {
        int v;
        const char *code, *label;
    } V[] = {
        {READING_CAUSE_LOCKED, "locked", "施錠・立入不可"},
        {READING_CAUSE_CAR, "car", "車両の下"},
        {READING_CAUSE_DOG, "dog", "犬"},
        {READING_CAUSE_BURIED, "buried", "埋没・水没"},
        {READING_CAUSE_ABSENT, "absent", "不在（敷地内に入れない）"},
        {READING_CAUSE_OTHER, "other", "その他"},
    };
    assert_int_equal(sizeof V / sizeof V[0], READING_CAUSE__MAX);
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++) {
        assert_string_equal(reading_cause_code(V[i].v), V[i].code);
        assert_string_equal(reading_cause_label(V[i].v), V[i].label);
    }
}

static void an_unknown_code_is_refused(void **state)
{
    (void)state;
    assert_int_equal(reading_cause_parse("nonsense"), -1);
    assert_int_equal(reading_cause_parse(""), -1);
    assert_int_equal(reading_cause_parse(NULL), -1);
    assert_null(reading_cause_code(READING_CAUSE__MAX));
    assert_null(reading_cause_label(-1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_reading_cause_has_a_code_and_a_label_and_parses_back),
        cmocka_unit_test(the_stored_codes_and_labels_are_the_known_ones),
        cmocka_unit_test(an_unknown_code_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
