/* Unit tests: the code lists (bill skip reasons, estimate causes, sewer
 * bases), each one {code, label} table indexed by its enum. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/codes.h"
#include "domain/bill_skip.h"
#include "domain/reading_cause.h"
#include "domain/sewer_basis.h"

typedef struct code_list {
    const char *name;
    int max;
    const char *(*code)(int);
    const char *(*label)(int);
    int (*parse)(const char *);
} code_list;

static const code_list LISTS[] = {
    {"bill_skip", BILL_SKIP__MAX, bill_skip_code, bill_skip_label, bill_skip_parse},
    {"reading_cause", READING_CAUSE__MAX, reading_cause_code, reading_cause_label, reading_cause_parse},
    {"sewer_basis", SEWER_BASIS__MAX, sewer_basis_code, sewer_basis_label, sewer_basis_parse},
};

static void every_entry_has_a_code_and_a_label_and_parses_back(void **state)
{
    (void)state;
    for (size_t l = 0; l < sizeof LISTS / sizeof LISTS[0]; l++)
        for (int i = 0; i < LISTS[l].max; i++) {
            print_message("%s %d\n", LISTS[l].name, i);
            assert_non_null(LISTS[l].code(i));
            assert_non_null(LISTS[l].label(i));
            assert_int_equal(LISTS[l].parse(LISTS[l].code(i)), i);
        }
}

static void an_unknown_code_is_refused_never_taken_for_another(void **state)
{
    (void)state;
    for (size_t l = 0; l < sizeof LISTS / sizeof LISTS[0]; l++) {
        assert_int_equal(LISTS[l].parse("no_such_code"), -1);
        assert_int_equal(LISTS[l].parse(""), -1);
        assert_int_equal(LISTS[l].parse(NULL), -1);
        assert_null(LISTS[l].code(LISTS[l].max));
        assert_null(LISTS[l].label(-1));
    }
}

/* The stored codes are data (skips, audit details, forms): they never change. */
static void the_stored_codes_and_their_labels(void **state)
{
    (void)state;
    static const struct {
        const char *(*code)(int);
        const char *(*label)(int);
        int v;
        const char *c, *lb;
    } V[] = {
        {bill_skip_code, bill_skip_label, BILL_SKIP_NO_TARIFF, "no_tariff", "料金表なし"},
        {bill_skip_code, bill_skip_label, BILL_SKIP_NO_CLASS, "no_class", "料金区分なし"},
        {bill_skip_code, bill_skip_label, BILL_SKIP_HELD, "held", "検針値保留中"},
        {bill_skip_code, bill_skip_label, BILL_SKIP_NO_CUSTOMER, "no_customer", "使用者なし（閉栓）"},
        {bill_skip_code, bill_skip_label, BILL_SKIP_NO_DEDUCTION, "no_deduction", "減量水量の未入力"},
        {bill_skip_code, bill_skip_label, BILL_SKIP_LONG_PERIOD, "long_period", "使用期間が通常より長い"},
        {reading_cause_code, reading_cause_label, READING_CAUSE_LOCKED, "locked", "施錠・立入不可"},
        {reading_cause_code, reading_cause_label, READING_CAUSE_CAR, "car", "車両の下"},
        {reading_cause_code, reading_cause_label, READING_CAUSE_DOG, "dog", "犬"},
        {reading_cause_code, reading_cause_label, READING_CAUSE_BURIED, "buried", "埋没・水没"},
        {reading_cause_code, reading_cause_label, READING_CAUSE_ABSENT, "absent", "不在（敷地内に入れない）"},
        {reading_cause_code, reading_cause_label, READING_CAUSE_OTHER, "other", "その他"},
        {sewer_basis_code, sewer_basis_label, SEWER_BASIS_WATER, "water", "水道メーター"},
        {sewer_basis_code, sewer_basis_label, SEWER_BASIS_DEDUCT, "deduct", "減量（減量メーター）"},
        {sewer_basis_code, sewer_basis_label, SEWER_BASIS_WELL, "well", "井戸水（人数による認定）"},
    };
    assert_int_equal(sizeof V / sizeof V[0], BILL_SKIP__MAX + READING_CAUSE__MAX + SEWER_BASIS__MAX);
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++) {
        assert_string_equal(V[i].code(V[i].v), V[i].c);
        assert_string_equal(V[i].label(V[i].v), V[i].lb);
    }
}

static void a_table_of_codes_looks_up_both_ways(void **state)
{
    (void)state;
    static const code_label T[] = {{"a", "エー"}, {"b", "ビー"}};
    assert_string_equal(codes_code(T, 2, 1), "b");
    assert_string_equal(codes_label(T, 2, 0), "エー");
    assert_null(codes_code(T, 2, 2));
    assert_null(codes_label(T, 2, -1));
    assert_int_equal(codes_parse(T, 2, "b"), 1);
    assert_int_equal(codes_parse(T, 2, "c"), -1);
    assert_int_equal(codes_parse(T, 2, NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_entry_has_a_code_and_a_label_and_parses_back),
        cmocka_unit_test(an_unknown_code_is_refused_never_taken_for_another),
        cmocka_unit_test(the_stored_codes_and_their_labels),
        cmocka_unit_test(a_table_of_codes_looks_up_both_ways),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
