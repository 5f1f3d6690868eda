/* job_kinds: the date words of a job's command line, the result of a run
 * from its exit, the state of an unfinished run, the ok codes, job names. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/job_kinds.h"

static void date_words(void **state)
{
    (void)state;
    civil_date d = {2026, 12, 28};
    char out[64];
    assert_true(job_expand_arg("--as-of=@today", d, out, sizeof out));
    assert_string_equal(out, "--as-of=2026-12-28");
    assert_true(job_expand_arg("@today+6", d, out, sizeof out));
    assert_string_equal(out, "2027-01-03");
    assert_true(job_expand_arg("/var/lib/suido/debit-@today-28.txt", d, out, sizeof out));
    assert_string_equal(out, "/var/lib/suido/debit-2026-11-30.txt");
    assert_true(job_expand_arg("@month", d, out, sizeof out));
    assert_string_equal(out, "2026-12");
    assert_true(job_expand_arg("a@@b", d, out, sizeof out));
    assert_string_equal(out, "a@b");
    assert_true(job_expand_arg("plain", d, out, sizeof out));
    assert_string_equal(out, "plain");
    assert_false(job_expand_arg("@tomorrow", d, out, sizeof out));
    assert_false(job_expand_arg("@today+", d, out, sizeof out));
    assert_false(job_expand_arg("@today+367", d, out, sizeof out));
    assert_false(job_expand_arg("@today", d, out, 5));
}

static void results(void **state)
{
    (void)state;
    const int zero[] = {0}, billing[] = {0, 3};
    assert_string_equal(job_result_of(0, 0, false, zero, 1), "ok");
    assert_string_equal(job_result_of(3, 0, false, zero, 1), "failed");
    assert_string_equal(job_result_of(3, 0, false, billing, 2), "ok");
    assert_string_equal(job_result_of(0, 0, true, zero, 1), "interrupted");   /* the runner was stopped */
    assert_string_equal(job_result_of(0, SIGTERM, false, zero, 1), "interrupted");
    assert_string_equal(job_result_of(0, SIGKILL, false, zero, 1), "interrupted");
    assert_string_equal(job_result_of(0, SIGSEGV, false, zero, 1), "failed");
}

static void states(void **state)
{
    (void)state;
    assert_int_equal(job_state_of("ok", false), JOB_STATE_OK);
    assert_int_equal(job_state_of("failed", true), JOB_STATE_FAILED);
    assert_int_equal(job_state_of("interrupted", true), JOB_STATE_INTERRUPTED);
    assert_int_equal(job_state_of("", true), JOB_STATE_RUNNING);
    assert_int_equal(job_state_of("", false), JOB_STATE_INTERRUPTED);   /* unfinished, runner gone: 中断 */
    assert_string_equal(job_state_label(JOB_STATE_INTERRUPTED), "中断");
    assert_string_equal(job_state_word(JOB_STATE_RUNNING), "running");
}

static void ok_codes_and_names(void **state)
{
    (void)state;
    int c[4];
    size_t n = 0;
    assert_true(job_ok_codes_parse("0,3", c, 4, &n));
    assert_int_equal(n, 2);
    assert_int_equal(c[1], 3);
    assert_false(job_ok_codes_parse("0,", c, 4, &n));
    assert_false(job_ok_codes_parse("256", c, 4, &n));
    assert_false(job_ok_codes_parse("1,2,3,4,5", c, 4, &n));
    assert_false(job_ok_codes_parse("a", c, 4, &n));
    assert_true(job_name_valid("backup-check"));
    assert_false(job_name_valid("-x"));
    assert_false(job_name_valid("Backup"));
    assert_false(job_name_valid("a b"));
    assert_false(job_name_valid(""));
    assert_non_null(job_kind_find("backup"));
    assert_null(job_kind_find("nightly"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(date_words),
        cmocka_unit_test(results),
        cmocka_unit_test(states),
        cmocka_unit_test(ok_codes_and_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
