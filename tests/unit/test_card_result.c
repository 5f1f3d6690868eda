/* Unit tests: the card company's result file (domain/card_result.h) — OK and
 * NG rows, both date forms, a BOM and CP932; every malformed row refuses the
 * whole file naming the line and the field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/text.h"
#include "domain/card_result.h"

#define HEADER "売上日,水栓番号,調定番号,金額,承認番号,結果,エラーコード\r\n"

static void reads_ok_and_ng(void **state)
{
    (void)state;
    const char *f = HEADER "20261201,10000042,981,12100,A12345,OK,\r\n"
                           "\r\n"
                           "2026-12-02,10000043,982,5280,,NG,E05\r\n";
    card_record *rows = NULL;
    size_t n = 0;
    char err[300];
    assert_int_equal(card_parse(f, strlen(f), &rows, &n, err, sizeof err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].line, 2);
    assert_string_equal(rows[0].sold_on, "2026-12-01");
    assert_string_equal(rows[0].tap_no, "10000042");
    assert_int_equal(rows[0].bill_id, 981);
    assert_int_equal(rows[0].amount, 12100);
    assert_string_equal(rows[0].approval, "A12345");
    assert_true(rows[0].ok);
    assert_int_equal(rows[1].line, 4);
    assert_string_equal(rows[1].sold_on, "2026-12-02");
    assert_false(rows[1].ok);
    assert_string_equal(rows[1].approval, "");
    assert_string_equal(rows[1].error_code, "E05");
    free(rows);
}

static void bom_and_cp932(void **state)
{
    (void)state;
    const char *utf = HEADER "20261201,10000042,981,12100,A1,OK,\r\n";
    char withbom[512];
    snprintf(withbom, sizeof withbom, "\xEF\xBB\xBF%s", utf);
    card_record *rows = NULL;
    size_t n = 0;
    char err[300];
    assert_int_equal(card_parse(withbom, strlen(withbom), &rows, &n, err, sizeof err), 0);
    assert_int_equal(n, 1);
    free(rows);
    size_t clen = 0;
    char *sj = text_to_cp932(utf, strlen(utf), &clen);
    assert_non_null(sj);
    assert_int_equal(card_parse(sj, clen, &rows, &n, err, sizeof err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].amount, 12100);
    free(rows);
    free(sj);
}

/* Parse one data row after the header and expect a refusal whose message
 * contains want. */
static void refused(const char *row, const char *want)
{
    char f[600], err[300];
    snprintf(f, sizeof f, HEADER "20261201,10000042,981,12100,A1,OK,\r\n%s\r\n", row);
    card_record *rows = NULL;
    size_t n = 0;
    if (card_parse(f, strlen(f), &rows, &n, err, sizeof err) != -1)
        fail_msg("%s: accepted", row);
    if (!strstr(err, want))
        fail_msg("%s: got \"%s\", want \"%s\"", row, err, want);
    assert_null(rows);
    assert_int_equal(n, 0);
}

static void refusals_name_line_and_field(void **state)
{
    (void)state;
    refused("20261301,10000042,982,100,A2,OK,", "3 行目の売上日");
    refused("2026/12/01,10000042,982,100,A2,OK,", "3 行目の売上日");
    refused("20261201,1000-042,982,100,A2,OK,", "3 行目の水栓番号");
    refused("20261201,10000042,0,100,A2,OK,", "3 行目の調定番号");
    refused("20261201,10000042,98x,100,A2,OK,", "3 行目の調定番号");
    refused("20261201,10000042,982,-100,A2,OK,", "3 行目の金額");
    refused("20261201,10000042,982,0,A2,OK,", "3 行目の金額");
    refused("20261201,10000042,982,100.5,A2,OK,", "3 行目の金額");
    refused("20261201,10000042,982,100,,OK,", "3 行目の承認番号");
    refused("20261201,10000042,982,100,A1,OK,", "3 行目の承認番号");   /* the same as line 2 */
    refused("20261201,10000042,982,100,A2,ok,", "3 行目の結果");
    refused("20261201,10000042,982,100,A2,OK,E01", "3 行目のエラーコード");
    refused("20261201,10000042,982,100,A2,OK", "3 行目の行");       /* a truncated row */
    refused("\"20261201,10000042", "CSV として読めません");
    char err[300];
    card_record *rows = NULL;
    size_t n = 0;
    const char *nohdr = "20261201,10000042,981,12100,A1,OK,\r\n";
    assert_int_equal(card_parse(nohdr, strlen(nohdr), &rows, &n, err, sizeof err), -1);
    assert_non_null(strstr(err, "1 行目の見出し行"));
    assert_int_equal(card_parse(HEADER, strlen(HEADER), &rows, &n, err, sizeof err), -1);
    assert_non_null(strstr(err, "1件もありません"));
    assert_int_equal(card_parse("", 0, &rows, &n, err, sizeof err), -1);
    assert_non_null(strstr(err, "空"));
    static const char withnul[] = HEADER "20261201,10000042,981,12100,A1,OK\0,\r\n";
    assert_int_equal(card_parse(withnul, sizeof withnul - 1, &rows, &n, err, sizeof err), -1);
    assert_non_null(strstr(err, "NUL"));
    const char *bad = "\xff\xfe\xfd";
    assert_int_equal(card_parse(bad, 3, &rows, &n, err, sizeof err), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_ok_and_ng),
        cmocka_unit_test(bom_and_cp932),
        cmocka_unit_test(refusals_name_line_and_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
