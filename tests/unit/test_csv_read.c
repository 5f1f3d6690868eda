/* Unit tests: reading CSV (base/csv_read.h) — quotes, line numbers, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/csv_read.h"

typedef struct seen {
    int rows;
    int64_t lines[8];
    char first[8][64];
    size_t nf[8];
} seen;

static int collect(int64_t line, char **f, size_t nf, void *arg)
{
    seen *s = arg;
    if (s->rows < 8) {
        s->lines[s->rows] = line;
        s->nf[s->rows] = nf;
        str_copy(s->first[s->rows], sizeof s->first[0], nf ? f[nf - 1] : "");
    }
    s->rows++;
    return 0;
}

static void rows_fields_and_lines(void **state)
{
    (void)state;
    const char *csv = "水栓番号,検針日,指針\r\n10000001,2026-11-05,1234\r\n\"10000002\",2026-11-05,\"12\"\"3\"\n"
                      "10000003,\"二行の\nメモ\",99\n";
    seen s = {0};
    int64_t bad = 0;
    assert_int_equal(csv_read_all(csv, strlen(csv), collect, &s, &bad), 0);
    assert_int_equal(s.rows, 4);
    assert_int_equal(s.lines[0], 1);
    assert_int_equal(s.lines[1], 2);
    assert_string_equal(s.first[2], "12\"3");
    assert_int_equal(s.lines[3], 4);   /* a quoted field spans lines 4-5: the row starts on 4 */
    assert_string_equal(s.first[3], "99");
    assert_int_equal(s.nf[1], 3);
}

static void unterminated_quote_names_the_line(void **state)
{
    (void)state;
    const char *csv = "a,b\n1,2\n3,\"oops\n";
    seen s = {0};
    int64_t bad = 0;
    assert_int_equal(csv_read_all(csv, strlen(csv), collect, &s, &bad), -1);
    assert_int_equal(bad, 3);
}

static int stop_at_two(int64_t line, char **f, size_t nf, void *arg)
{
    (void)f;
    (void)nf;
    (void)arg;
    return line == 2 ? 7 : 0;
}

static void callback_can_stop(void **state)
{
    (void)state;
    const char *csv = "a\nb\nc\n";
    assert_int_equal(csv_read_all(csv, strlen(csv), stop_at_two, NULL, NULL), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rows_fields_and_lines),
        cmocka_unit_test(unterminated_quote_names_the_line),
        cmocka_unit_test(callback_can_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
