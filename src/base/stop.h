/* stop — a polite request to stop, for long jobs (SIGTERM, SIGINT).
 *
 * A job that works in units (a chunk of bills, a chunk of letters: each one
 * transaction) asks stop_requested() between units and, when it is true,
 * ends after the unit in flight, so the database holds whole units only and
 * a rerun finishes the work.  The flag is process-wide and only ever goes
 * from false to true.  Nothing here allocates; nothing to free. */
#ifndef SUIDO_STOP_H
#define SUIDO_STOP_H

#include <stdbool.h>

/* Install handlers for SIGTERM and SIGINT that set the flag.  SIGTERM stays
 * caught (systemd signals every process of a unit, and `suido job run`
 * passes the signal on to its command: a job gets it twice); the SIGINT
 * handler is reset by the first one, so a second Ctrl-C stops the process
 * at once, which is still safe — a transaction in flight is rolled back. */
void stop_watch_signals(void);
/* Set the flag by hand (sig: the signal that asked, or 0): the staff server
 * does so on SIGTERM, so a job running in a request stops with it. */
void stop_request(int sig);
bool stop_requested(void);
/* The signal that asked (0 when none or when asked by hand without one). */
int stop_signal(void);

#endif
