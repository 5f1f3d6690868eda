/* app_jobs — the unattended batch jobs: each run of `suido job run NAME --
 * COMMAND...` (what the systemd timers start, dist/systemd/) is a row of
 * job_runs, written when it starts and completed when it ends, so that a
 * run that never finished (the runner killed outright, the machine lost its
 * power) stays visible and is shown as 中断.  A run that fails or is
 * interrupted is announced by mail (app_job_alert) and on the 運用 screen.
 *
 * The runner (app_job_run) starts the suido command as a child process of
 * its own, passes its output through to the journal (keeping the end of it
 * as the run's summary: batch commands print counts and ids, never personal
 * data), forwards SIGTERM/SIGINT to it, and records the result: ok when the
 * exit code is one of the ok codes, interrupted when stopped by a signal
 * from outside (systemd's stop, a timeout, an operator's kill), failed
 * otherwise.  Before it starts, runs of the same job on this host left
 * unfinished by a runner that is gone are closed as interrupted (and
 * announced, once).
 *
 * Settings ([alerts] in suido.ini; environment in brackets):
 *   mail_to   (SUIDO_ALERT_MAIL_TO)  where failure mails go (none: logged and shown only)
 *   mail_from                        From: (default the MTA's own)
 *   sendmail  (SUIDO_SENDMAIL)       the local MTA's sendmail (default /usr/sbin/sendmail;
 *                                    run as `sendmail -t -oi`, the message on its stdin)
 *
 * Permission: app_job_overview needs PERM_USER_ADMIN (the 運用 screen);
 * app_job_metrics_read checks none — job names, times and results are not
 * personal data, and /metrics is restricted by address in web/.  The
 * runner acts as the operator (the CLI).
 *
 * Ownership: app_job_overview fills *o (app_job_board) with malloc'd arrays released by
 * app_job_board_free. */
#ifndef SUIDO_APP_JOBS_H
#define SUIDO_APP_JOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

typedef struct app_job_run_opts {
    const char *name;            /* job name (domain/job_kinds.h: job_name_valid) */
    const char *self;            /* the suido binary to run (e.g. /proc/self/exe) */
    const char *const *global;   /* suido's global options to pass on (--db URL, --config F), NULL-terminated */
    char *const *args;           /* the subcommand and its arguments (date words expanded here) */
    size_t nargs;
    const int *ok_codes;         /* exit codes counted as success (default: 0 only) */
    size_t n_ok;
} app_job_run_opts;

/* Run one job and record it.  *status: what the runner should exit with
 * (the command's exit code, 128+N when killed by signal N, 1 when it could
 * not be started).  Returns non-zero only when the run could not be
 * recorded at all (database unreachable: nothing is started then). */
int app_job_run(app_env *env, const app_job_run_opts *o, int *status, err_t *e);

typedef struct app_job_alert_msg {
    const char *job, *label, *host, *result, *summary;
    int64_t started_at, duration_ms;   /* duration -1: unknown */
    int64_t exit_code;
} app_job_alert_msg;
/* Send the failure mail through the local MTA.  *how: "sent", "no-address"
 * (no [alerts] mail_to), "no-mta" (no sendmail program), "failed" (it
 * refused).  Each case is logged.  Returns 0 when sent. */
int app_job_alert(const config *cfg, const app_job_alert_msg *m, char how[16]);

typedef struct app_job_status {
    char job[48];
    const char *label;           /* Japanese; the name itself for unknown jobs (static or owned by the row) */
    const char *schedule;        /* "" for unknown jobs */
    bool ever;                   /* has run at least once */
    int64_t id, started_at, finished_at, duration_ms;  /* duration -1: unknown */
    int state;                   /* enum job_state */
    int64_t exit_code;
    char summary[512];
    char host[64];
    char alert[16];
} app_job_status;

typedef struct app_job_board {
    app_job_status *jobs;        /* the known jobs in their order, then any others by name */
    size_t njobs;
    app_job_status *recent;      /* the newest runs of all jobs, newest first */
    size_t nrecent;
    bool backup_known;           /* a good backup run is recorded */
    int64_t backup_at;           /* when it finished (Unix seconds) */
    int64_t backup_age_s;
    bool backup_stale;           /* older than JOB_BACKUP_MAX_AGE_S, or none at all */
} app_job_board;

/* The 運用 screen: each job's last run and the recent runs (recent of them). */
int app_job_overview(app_ctx *ctx, int recent, app_job_board *o, err_t *e);
/* The same without the recent runs and without a permission check (/metrics). */
int app_job_metrics_read(app_ctx *ctx, app_job_board *o, err_t *e);
void app_job_board_free(app_job_board *o);

#endif
