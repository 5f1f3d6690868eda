/* Unit tests: a bill's stored lines read back into typed groups. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/bill_lines.h"

static void a_priced_group_reads_back_with_its_lines(void **state)
{
    (void)state;
    const char *json =
        "[{\"svc\":\"water\",\"tariff\":\"water-2024\",\"m3\":25,\"days\":40,\"lines\":["
        "{\"kind\":\"base\",\"unit\":\"1500\",\"amount\":\"1500\"},"
        "{\"kind\":\"band\",\"part\":2,\"from\":\"10\",\"to\":\"20\",\"m3\":\"10\",\"unit\":\"150.5\",\"amount\":\"1505\"},"
        "{\"kind\":\"band\",\"from\":\"20\",\"m3\":\"5\",\"unit\":\"200\",\"amount\":\"1000\"},"
        "{\"kind\":\"tax\",\"amount\":\"400\"}],\"total\":4405,\"tax\":400}]";
    bill_line_group *g = NULL;
    size_t n = 0;
    assert_int_equal(bill_lines_parse(json, &g, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(g[0].svc, "water");
    assert_string_equal(g[0].kind, "");
    assert_string_equal(g[0].tariff, "water-2024");
    assert_int_equal(g[0].m3, 25);
    assert_int_equal(g[0].days, 40);
    assert_int_equal(g[0].total, 4405);
    assert_false(g[0].shared);
    assert_int_equal(g[0].nlines, 4);
    assert_string_equal(g[0].lines[0].kind, "base");
    assert_string_equal(g[0].lines[0].m3, "");
    assert_int_equal(g[0].lines[1].part, 2);
    assert_string_equal(g[0].lines[1].from, "10");
    assert_string_equal(g[0].lines[1].to, "20");
    assert_string_equal(g[0].lines[1].unit, "150.5");
    assert_string_equal(g[0].lines[2].to, "");   /* the open top band */
    assert_string_equal(g[0].lines[3].amount, "400");
    bill_lines_free(g, n);
}

static void a_split_period_a_proration_and_a_leak_reduction(void **state)
{
    (void)state;
    const char *json = "[{\"svc\":\"water\",\"tariff\":\"old\",\"m3\":20,\"diameter\":13,\"share_days\":10,\"of_days\":60,"
                       "\"total\":500,\"lines\":[]},"
                       "{\"svc\":\"sewer\",\"kind\":\"prorate\",\"total\":1200,\"tax\":109},"
                       "{\"svc\":\"adjust\",\"kind\":\"leak\",\"m3\":30,\"water_m3\":12,\"sewer_m3\":14,\"total\":-3000}]";
    bill_line_group *g = NULL;
    size_t n = 0;
    assert_int_equal(bill_lines_parse(json, &g, &n), 0);
    assert_int_equal(n, 3);
    assert_true(g[0].shared);
    assert_int_equal(g[0].diameter, 13);   /* the segment's diameter (a diameter change splits it too) */
    assert_int_equal(g[0].share_days, 10);
    assert_int_equal(g[0].of_days, 60);
    assert_int_equal(g[0].nlines, 0);
    assert_null(g[0].lines);
    assert_string_equal(g[1].kind, "prorate");
    assert_int_equal(g[1].total, 1200);
    assert_string_equal(g[2].svc, "adjust");
    assert_int_equal(g[2].water_m3, 12);
    assert_int_equal(g[2].sewer_m3, 14);
    assert_int_equal(g[2].total, -3000);
    bill_lines_free(g, n);
}

static void no_lines_or_unreadable_lines_are_no_groups(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        int rc;
    } V[] = {{NULL, 0}, {"[]", 0}, {"", -1}, {"{\"svc\":\"water\"}", -1}, {"[{\"svc\":", -1}};
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++) {
        bill_line_group *g = (bill_line_group *)&V;   /* overwritten */
        size_t n = 99;
        assert_int_equal(bill_lines_parse(V[i].json, &g, &n), V[i].rc);
        assert_null(g);
        assert_int_equal(n, 0);
    }
}

/* The stored documents as bill_calc writes them come back unchanged, key
 * for key and in the same order. */
static void the_typed_groups_write_back_the_stored_document(void **state)
{
    (void)state;
    static const char *const V[] = {
        "[]",
        "[{\"svc\":\"water\",\"tariff\":\"w-2019\",\"m3\":25,\"total\":4405,\"tax\":400,\"lines\":["
        "{\"kind\":\"base\",\"unit\":\"1500.00\",\"amount\":\"1500.00\"},"
        "{\"kind\":\"band\",\"from\":\"10\",\"to\":\"20\",\"m3\":\"10\",\"unit\":\"150.50\",\"amount\":\"1505.00\"},"
        "{\"kind\":\"band\",\"from\":\"20\",\"m3\":\"5\",\"unit\":\"200.00\",\"amount\":\"1000.00\"},"
        "{\"kind\":\"tax\",\"amount\":\"400.00\"},{\"kind\":\"rounding\",\"amount\":\"0.00\"}]}]",
        "[{\"svc\":\"water\",\"tariff\":\"old\",\"m3\":20,\"days\":40,\"share_days\":10,\"of_days\":60,"
        "\"total\":500,\"tax\":45,\"lines\":[{\"kind\":\"base\",\"part\":2,\"unit\":\"500.00\",\"amount\":\"500.00\"}]},"
        "{\"svc\":\"water\",\"tariff\":\"new\",\"m3\":20,\"diameter\":20,\"share_days\":50,\"of_days\":60,"
        "\"total\":600,\"tax\":54,\"lines\":[]},"
        "{\"svc\":\"water\",\"kind\":\"prorate\",\"total\":583,\"tax\":52},"
        "{\"svc\":\"adjust\",\"kind\":\"leak\",\"m3\":30,\"water_m3\":12,\"sewer_m3\":14,\"total\":-3000}]",
    };
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++) {
        bill_line_group *g = NULL;
        size_t n = 0;
        assert_int_equal(bill_lines_parse(V[i], &g, &n), 0);
        json_t *j = bill_lines_json(g, n);
        assert_non_null(j);
        char *s = json_dumps(j, JSON_COMPACT);
        assert_string_equal(s, V[i]);
        free(s);
        json_decref(j);
        bill_lines_free(g, n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_priced_group_reads_back_with_its_lines),
        cmocka_unit_test(a_split_period_a_proration_and_a_leak_reduction),
        cmocka_unit_test(no_lines_or_unreadable_lines_are_no_groups),
        cmocka_unit_test(the_typed_groups_write_back_the_stored_document),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
