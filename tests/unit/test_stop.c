/* Unit tests: the stop request (base/stop.h) — set once by the first
 * SIGTERM or SIGINT, which the process then survives; the signal is kept.
 * One process-wide flag, so the steps run in order in one test. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/stop.h"

static void the_first_sigterm_asks_once_and_the_job_goes_on(void **state)
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
    /* the handler was reset by the first signal: a second one would end the process */
    struct sigaction now;
    assert_int_equal(sigaction(SIGTERM, NULL, &now), 0);
    assert_ptr_equal(now.sa_handler, SIG_DFL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_first_sigterm_asks_once_and_the_job_goes_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
