/* Unit tests: collection agents' result files (domain/agent_result.h) with
 * the standard profile — flash, confirmed and cancellation records; a wrong
 * check digit, an amount that disagrees with the barcode, an unknown kind,
 * an impossible date and a short row refuse the whole file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/agent_result.h"
#include "domain/slipcode.h"

static void code(char out[SLIPCODE_LEN + 1], const char *ref, int64_t amount)
{
    char err[200];
    slipcode_in in = {.company = "912345", .reference = ref, .reissue = 0, .due = "2026-12-10", .amount = amount};
    assert_int_equal(slipcode_build(&in, out, err, sizeof err), 0);
}

static char *file_of(const char *kind1, const char *code1, const char *amount1)
{
    static char buf[2048];
    char c2[SLIPCODE_LEN + 1], c3[SLIPCODE_LEN + 1];
    code(c2, "100000420000982", 5280);
    code(c3, "100000420000983", 880);
    snprintf(buf, sizeof buf,
             "%s,20261201,1423,EAN%s,,,0,%s,0001,ファミリーマート,123456,20261205,20261201\r\n"
             "02,20261201,1501,EAN%s,,,0,5280,0002,ローソン,223344,20261205,20261202\r\n"
             "03,20261202,0900,EAN%s,,,0,880,0003,セブン-イレブン,998877,,20261202\r\n",
             kind1, code1, amount1, c2, c3);
    return buf;
}

static void reads_every_kind(void **state)
{
    (void)state;
    char c1[SLIPCODE_LEN + 1], err[300];
    code(c1, "100000420000981", 12100);
    const char *f = file_of("01", c1, "12100");
    agent_record *rows = NULL;
    size_t n = 0;
    assert_int_equal(agent_parse(f, strlen(f), agent_profile_find("standard"), &rows, &n, err, sizeof err), 0);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0].kind, AGENT_FLASH);
    assert_int_equal(rows[1].kind, AGENT_CONFIRMED);
    assert_int_equal(rows[2].kind, AGENT_CANCEL);
    assert_string_equal(rows[0].paid_on, "2026-12-01");
    assert_string_equal(rows[0].paid_at, "14:23");
    assert_string_equal(rows[0].barcode, c1);
    assert_int_equal(rows[0].amount, 12100);
    assert_string_equal(rows[1].store, "223344");
    assert_string_equal(rows[0].transfer_on, "2026-12-05");
    assert_string_equal(rows[2].transfer_on, "");
    free(rows);
}

static void refusals_name_line_and_field(void **state)
{
    (void)state;
    char c1[SLIPCODE_LEN + 1], err[300];
    code(c1, "100000420000981", 12100);
    agent_record *rows = NULL;
    size_t n = 0;
    const agent_profile *p = agent_profile_find("standard");
    /* a wrong check digit */
    char badcd[SLIPCODE_LEN + 1];
    memcpy(badcd, c1, sizeof badcd);
    badcd[43] = (char)('0' + (badcd[43] - '0' + 1) % 10);
    const char *f = file_of("01", badcd, "12100");
    assert_int_equal(agent_parse(f, strlen(f), p, &rows, &n, err, sizeof err), -1);
    assert_non_null(strstr(err, "1 行目のバーコード情報"));
    assert_null(rows);
    /* an amount that disagrees with the barcode */
    f = file_of("01", c1, "12000");
    assert_int_equal(agent_parse(f, strlen(f), p, &rows, &n, err, sizeof err), -1);
    assert_non_null(strstr(err, "1 行目の金額"));
    /* an unknown kind is not guessed */
    f = file_of("09", c1, "12100");
    assert_int_equal(agent_parse(f, strlen(f), p, &rows, &n, err, sizeof err), -1);
    assert_non_null(strstr(err, "1 行目の種別"));
    /* an impossible date */
    char *g = strdup(file_of("01", c1, "12100"));
    memcpy(strstr(g, "20261201"), "20261301", 8);
    assert_int_equal(agent_parse(g, strlen(g), p, &rows, &n, err, sizeof err), -1);
    assert_non_null(strstr(err, "1 行目の収納日"));
    free(g);
    /* a truncated file: the last row is short */
    f = file_of("01", c1, "12100");
    assert_int_equal(agent_parse(f, strlen(f) - 40, p, &rows, &n, err, sizeof err), -1);
    assert_non_null(strstr(err, "3 行目"));
    assert_int_equal(agent_parse("", 0, p, &rows, &n, err, sizeof err), -1);
    assert_null(agent_profile_find("unknown-agent"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_every_kind),
        cmocka_unit_test(refusals_name_line_and_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
