/* Unit tests: the stop request (base/stop.h) — set by the first SIGTERM or
 * SIGINT, which the process survives (SIGTERM again too); the first signal is kept.
 * One process-wide flag, so the steps run in order in one test. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/stop.h"

static void sigterm_asks_and_the_job_goes_on_a_second_ctrl_c_ends_it(void **state)
{
    (void)state;
    assert_false(stop_requested());
    assert_int_equal(stop_signal(), 0);
    stop_watch_signals();
    assert_int_equal(raise(SIGTERM), 0);   /* caught: this process goes on */
    assert_true(stop_requested());
    assert_int_equal(stop_signal(), SIGTERM);
    stop_request(SIGINT);                  /* a later request keeps the first signal */
    assert_int_equal(stop_signal(), SIGTERM);
    assert_true(stop_requested());
    /* a second SIGTERM (systemd, then `suido job run` passing it on) is caught as well */
    assert_int_equal(raise(SIGTERM), 0);
    assert_int_equal(stop_signal(), SIGTERM);
    /* the first SIGINT resets its handler: a second Ctrl-C would end the process */
    assert_int_equal(raise(SIGINT), 0);
    assert_int_equal(stop_signal(), SIGTERM);
    struct sigaction now;
    assert_int_equal(sigaction(SIGINT, NULL, &now), 0);
    assert_ptr_equal(now.sa_handler, SIG_DFL);
    assert_int_equal(sigaction(SIGTERM, NULL, &now), 0);
    assert_ptr_not_equal(now.sa_handler, SIG_DFL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sigterm_asks_and_the_job_goes_on_a_second_ctrl_c_ends_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
