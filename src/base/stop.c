/* stop — a polite request to stop (see stop.h). */
#include "base/stop.h"

#include <signal.h>
#include <stdatomic.h>
#include <string.h>

static atomic_int STOP_SIG = -1;   /* -1: not asked; else the signal (0: by hand) */

static void on_signal(int sig)
{
    int none = -1;
    atomic_compare_exchange_strong(&STOP_SIG, &none, sig);   /* lock-free: async-signal-safe */
}

void stop_watch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* SIGTERM stays caught: systemd sends it to every process of the unit
     * and `suido job run` passes it on, so a job gets it twice. */
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, NULL);
    /* A second Ctrl-C ends the process at once. */
    sa.sa_flags = SA_RESTART | SA_RESETHAND;
    sigaction(SIGINT, &sa, NULL);
}

void stop_request(int sig)
{
    int none = -1;
    atomic_compare_exchange_strong(&STOP_SIG, &none, sig);
}

bool stop_requested(void)
{
    return atomic_load(&STOP_SIG) >= 0;
}

int stop_signal(void)
{
    int s = atomic_load(&STOP_SIG);
    return s > 0 ? s : 0;
}
