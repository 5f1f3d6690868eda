/* drain — see drain.h. */
#include "web/drain.h"

#include <signal.h>
#include <time.h>

#include "base/date.h"
#include "base/log.h"

const char *web_drain_signal_name(int sig)
{
    return sig == SIGTERM ? "SIGTERM" : sig == SIGINT ? "SIGINT" : sig == SIGHUP ? "SIGHUP" : "signal";
}

bool web_drain(atomic_long *inflight, long (*jobs)(void), unsigned bound_s, const char *who, int sig)
{
    double t0 = date_mono_seconds();
    long at_start = atomic_load(inflight), jobs_at_start = jobs ? jobs() : 0;
    log_info("%s: %s (%d): draining: no new connections; %ld request(s) in flight%s, waiting up to %u s", who,
             web_drain_signal_name(sig), sig, at_start, jobs_at_start ? " and batch job(s) stopping after their unit" : "",
             bound_s);
    double until = t0 + (double)bound_s;
    while ((atomic_load(inflight) > 0 || (jobs && jobs() > 0)) && date_mono_seconds() < until) {
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
    long left = atomic_load(inflight), jobs_left = jobs ? jobs() : 0;
    double took = date_mono_seconds() - t0;
    if (left > 0 || jobs_left > 0) {
        log_warn("%s: drain bound reached after %.1f s: %ld request(s) (of %ld) and %ld batch job(s) still running;"
                 " the daemon stops now", who, took, left, at_start, jobs_left);
        return false;
    }
    if (jobs_at_start)
        log_info("%s: drained: %ld request(s) finished and %ld batch job(s) stopped in %.2f s", who, at_start,
                 jobs_at_start, took);
    else
        log_info("%s: drained: %ld request(s) finished in %.2f s", who, at_start, took);
    return true;
}
